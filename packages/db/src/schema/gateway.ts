import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { dossiers } from './dossiers';
import { agencies, people } from './identity';

/**
 * The province data-sharing gateway (LGSP). A service: an HTTP API the gateway forwards to (Congso's own, or an
 * external one such as the national population database), reached at `/gateway/<code>/...`, with its OpenAPI
 * description as published.
 */
export const gatewayServices = pgTable(
  'gateway_services',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    baseUrl: text('base_url').notNull(),
    description: text('description').notNull().default(''),
    openapi: jsonb('openapi'),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('gateway_services_code_uq').on(t.code),
    check('gateway_services_kind_ck', sql`${t.kind} in ('congso','external')`),
  ],
);

/**
 * A consumer: an agency's system or an application calling through the gateway with OAuth2 client credentials.
 * `secret_hash` is the SHA-256 of the secret (32 random bytes, shown once): a secret of that entropy needs no
 * slow hash. `rate_limit_per_minute`: calls per minute and server process.
 */
export const gatewayConsumers = pgTable(
  'gateway_consumers',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    agencyId: uuid('agency_id').references(() => agencies.id),
    clientId: text('client_id').notNull(),
    secretHash: text('secret_hash').notNull(),
    secretSetAt: timestamp('secret_set_at', { withTimezone: true }).notNull(),
    rateLimitPerMinute: integer('rate_limit_per_minute').notNull(),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('gateway_consumers_code_uq').on(t.code),
    uniqueIndex('gateway_consumers_client_uq').on(t.clientId),
    check('gateway_consumers_rate_ck', sql`${t.rateLimitPerMinute} > 0`),
  ],
);

/** A consumer's right to call a service. */
export const gatewayRights = pgTable(
  'gateway_rights',
  {
    consumerId: uuid('consumer_id')
      .notNull()
      .references(() => gatewayConsumers.id),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => gatewayServices.id),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull(),
    grantedBy: uuid('granted_by'),
  },
  (t) => [primaryKey({ columns: [t.consumerId, t.serviceId] })],
);

/** An access token issued by POST /gateway/token (client_credentials): only its SHA-256 is kept. */
export const gatewayTokens = pgTable(
  'gateway_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    consumerId: uuid('consumer_id')
      .notNull()
      .references(() => gatewayConsumers.id),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('gateway_tokens_consumer_idx').on(t.consumerId)],
);

/**
 * The exchange log: every call through the gateway, allowed or refused, append-only and chained. `seq` is given
 * in the inserting transaction under an advisory lock (one chain order across processes); `hash` is
 * SHA-256(prev_hash + "\n" + canonical entry) (core/gateway/chain.ts); `seq` itself is not hashed, so moving a row
 * shows as a broken link. No foreign keys: the log outlives what it names.
 */
export const gatewayLog = pgTable(
  'gateway_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    consumerId: uuid('consumer_id'),
    consumerCode: text('consumer_code'),
    serviceCode: text('service_code').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    purpose: text('purpose'),
    dossierId: uuid('dossier_id'),
    subjectNationalId: text('subject_national_id'),
    outcome: text('outcome').notNull(),
    status: integer('status').notNull(),
    errorCode: text('error_code'),
    durationMs: integer('duration_ms').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('gateway_log_id_uq').on(t.id),
    index('gateway_log_subject_idx').on(t.subjectNationalId, t.seq),
    index('gateway_log_consumer_idx').on(t.consumerCode, t.seq),
    index('gateway_log_service_idx').on(t.serviceCode, t.seq),
    check('gateway_log_outcome_ck', sql`${t.outcome} in ('allowed','refused','rate_limited','failed')`),
  ],
);

/**
 * An anchor: the province seal's CMS signature (detached, base64 DER) over the chain's head at `seq`
 * ("congso-gateway-anchor\n<seq>\n<hash>").
 */
export const gatewayAnchors = pgTable(
  'gateway_anchors',
  {
    id: uuid('id').primaryKey(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    headHash: text('head_hash').notNull(),
    signedAt: timestamp('signed_at', { withTimezone: true }).notNull(),
    agencyId: uuid('agency_id').notNull(),
    cms: text('cms').notNull(),
  },
  (t) => [index('gateway_anchors_seq_idx').on(t.seq)],
);

/**
 * A lookup in a national database made for a filing: who asked (the citizen or the clerk), whose data, the
 * consent given (its time), the log entry of the call, and the dossier it was used in once filed.
 */
export const populationLookups = pgTable(
  'population_lookups',
  {
    id: uuid('id').primaryKey(),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => people.id),
    subjectNationalId: text('subject_national_id').notNull(),
    consentAt: timestamp('consent_at', { withTimezone: true }).notNull(),
    logId: uuid('log_id').notNull(),
    data: jsonb('data').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    dossierId: uuid('dossier_id').references(() => dossiers.id),
  },
  (t) => [
    index('population_lookups_subject_idx').on(t.subjectNationalId, t.at),
    index('population_lookups_dossier_idx').on(t.dossierId),
  ],
);
