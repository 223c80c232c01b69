import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Agencies form an effective-dated tree. A row is one agency as it stood between valid_from and
 * valid_to (inclusive; null = still in force). Renaming or merging closes rows and opens new ones
 * linked through agency_successions, so records made under the old agency keep pointing at it.
 */
export const agencies = pgTable(
  'agencies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    codeLevel: smallint('code_level').notNull(),
    name: text('name').notNull(),
    shortName: text('short_name').notNull(),
    kind: text('kind').notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => agencies.id),
    provinceCode: text('province_code').notNull(),
    adminUnitCode: text('admin_unit_code'),
    adminUnitName: text('admin_unit_name'),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
    isDemoCode: boolean('is_demo_code').notNull().default(false),
    searchText: text('search_text').generatedAlwaysAs(
      sql`lower(f_unaccent(name || ' ' || short_name || ' ' || code || ' ' || coalesce(admin_unit_name, '')))`,
    ),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('agencies_code_current_uq').on(t.code).where(sql`valid_to is null`),
    uniqueIndex('agencies_admin_unit_current_uq').on(t.adminUnitCode).where(sql`valid_to is null`),
    index('agencies_parent_idx').on(t.parentId),
    index('agencies_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    check('agencies_kind_ck', sql`${t.kind} in ('province','department','unit','district','commune')`),
    check('agencies_validity_ck', sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
    check('agencies_code_level_ck', sql`${t.codeLevel} between 1 and 4`),
  ],
);

export const agencySuccessions = pgTable(
  'agency_successions',
  {
    predecessorId: uuid('predecessor_id')
      .notNull()
      .references(() => agencies.id),
    successorId: uuid('successor_id')
      .notNull()
      .references(() => agencies.id),
    kind: text('kind').notNull(),
    effectiveOn: date('effective_on').notNull(),
    reason: text('reason'),
  },
  (t) => [
    primaryKey({ columns: [t.predecessorId, t.successorId] }),
    index('agency_successions_successor_idx').on(t.successorId),
    check('agency_successions_kind_ck', sql`${t.kind} in ('rename','merge','split')`),
  ],
);

/** Officers, citizens and organisations: everyone who signs in. */
export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    username: text('username').notNull(),
    fullName: text('full_name').notNull(),
    nationalId: text('national_id'),
    taxCode: text('tax_code'),
    email: text('email'),
    phone: text('phone'),
    agencyId: uuid('agency_id').references(() => agencies.id),
    roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
    active: boolean('active').notNull().default(true),
    passwordHash: text('password_hash'),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    /**
     * "Verified with VNeID": the national id was confirmed by the citizens' OpenID provider (a sign-in whose ID
     * token carried it). The national portal sync sends it; `vneid_verified_at` is the first such sign-in.
     */
    vneidVerified: boolean('vneid_verified').notNull().default(false),
    vneidVerifiedAt: timestamp('vneid_verified_at', { withTimezone: true }),
    searchText: text('search_text').generatedAlwaysAs(
      sql`lower(f_unaccent(full_name || ' ' || username || ' ' || coalesce(email, '')))`,
    ),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('people_username_uq').on(t.username),
    uniqueIndex('people_national_id_uq').on(t.nationalId),
    uniqueIndex('people_tax_code_uq').on(t.taxCode),
    index('people_agency_idx').on(t.agencyId),
    index('people_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    check('people_kind_ck', sql`${t.kind} in ('officer','citizen','organisation')`),
    check('people_officer_agency_ck', sql`${t.kind} <> 'officer' or ${t.agencyId} is not null`),
  ],
);

/** Server-side sessions, so that any number of server processes share them. The id is a hash of the token. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_person_idx').on(t.personId), index('sessions_expires_idx').on(t.expiresAt)],
);

/** Failed sign-in counters per username and per client address. */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});

/** An account at an external OpenID provider (issuer + subject) linked to a person: one person, any number. */
export const externalIdentities = pgTable(
  'external_identities',
  {
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    /** Which of Congso's providers: `citizen` (VNeID or its stand-in) or `officer` (the province's). */
    provider: text('provider').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    linkedAt: timestamp('linked_at', { withTimezone: true }).notNull(),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.issuer, t.subject] }),
    index('external_identities_person_idx').on(t.personId),
    check('external_identities_provider_ck', sql`${t.provider} in ('citizen','officer')`),
  ],
);

/**
 * A sign-in started at an OpenID provider and not yet come back: the state (its SHA-256, the row's key), the
 * nonce and the PKCE verifier. The callback deletes the row it uses, so a state (and its nonce) serves once.
 */
export const oidcLogins = pgTable(
  'oidc_logins',
  {
    stateHash: text('state_hash').primaryKey(),
    provider: text('provider').notNull(),
    nonce: text('nonce').notNull(),
    codeVerifier: text('code_verifier').notNull(),
    next: text('next'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('oidc_logins_expires_idx').on(t.expiresAt)],
);

/**
 * Who acts for an organisation (people of kind `organisation`): a citizen linked with a role — its legal
 * representative, confirmed from the national business registration (the registry's answer names them; the
 * gateway's log entry is kept), or a person the legal representative authorised, until `valid_until`. A link
 * is in force from `valid_from` until revoked or past `valid_until`; a revoked link stays as the record of it.
 */
export const organisationRepresentatives = pgTable(
  'organisation_representatives',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => people.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    /** legal_representative | authorised_person (core `representativeRoles`). */
    role: text('role').notNull(),
    /** business_registration (confirmed from the registry) | granted (by a legal representative). */
    basis: text('basis').notNull(),
    /** The legal representative (or the organisation's own account) who granted it. */
    grantedBy: uuid('granted_by').references(() => people.id),
    /** The gateway's exchange-log entry of the registry lookup that confirmed it. */
    registryLogId: text('registry_log_id'),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    validUntil: timestamp('valid_until', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by').references(() => people.id),
    revocationReason: text('revocation_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('organisation_representatives_open_uq').on(t.organisationId, t.personId).where(sql`revoked_at is null`),
    index('organisation_representatives_person_idx').on(t.personId),
    check('organisation_representatives_role_ck', sql`${t.role} in ('legal_representative','authorised_person')`),
    check('organisation_representatives_basis_ck', sql`${t.basis} in ('business_registration','granted')`),
    check(
      'organisation_representatives_basis_role_ck',
      sql`(${t.basis} = 'business_registration') = (${t.role} = 'legal_representative')`,
    ),
    check(
      'organisation_representatives_granted_ck',
      sql`${t.basis} <> 'granted' or (${t.grantedBy} is not null and ${t.validUntil} is not null)`,
    ),
    check('organisation_representatives_revoked_ck', sql`(${t.revokedAt} is null) = (${t.revocationReason} is null)`),
  ],
);
