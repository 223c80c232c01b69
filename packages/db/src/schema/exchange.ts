import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Other Congso installations (or any system speaking the same signed edXML exchange) this one trades documents
 * with: where to send, which agency codes they answer for, and the public key their requests and answers are
 * signed with (SPKI PEM, or the public key of an organisation certificate). `key_id` is the SHA-256 of the key's
 * DER: a request names the key it was signed with.
 */
export const exchangePeers = pgTable(
  'exchange_peers',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    baseUrl: text('base_url').notNull(),
    organIds: text('organ_ids').array().notNull(),
    publicKey: text('public_key').notNull(),
    keyId: text('key_id').notNull(),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('exchange_peers_key_idx').on(t.keyId)],
);

/**
 * Every edXML message in and out: packages (a document) and status messages. An outgoing message is written in
 * the business transaction with its `exchange.deliver` job (the outbox); `exchange_id` is the id of the HTTP
 * exchange (a retry repeats it, and the receiver answers a repeat without writing twice).
 */
export const exchangeMessages = pgTable(
  'exchange_messages',
  {
    id: uuid('id').primaryKey(),
    direction: text('direction').notNull(),
    kind: text('kind').notNull(),
    peerId: uuid('peer_id')
      .notNull()
      .references(() => exchangePeers.id),
    exchangeId: uuid('exchange_id').notNull(),
    /** edXML DocumentId of the package, or of the package a status message answers. */
    documentId: text('document_id').notNull(),
    fromOrganId: text('from_organ_id').notNull(),
    toOrganIds: text('to_organ_ids').array().notNull(),
    subject: text('subject'),
    /** A status message's code, or the last status code received for an outgoing package. */
    statusCode: text('status_code'),
    statusAt: timestamp('status_at', { withTimezone: true }),
    /** out: queued → delivered | refused | failed; in: received. */
    state: text('state').notNull(),
    attempts: integer('attempts').notNull().default(0),
    error: jsonb('error'),
    /** The edXML text as sent or received. */
    body: text('body').notNull(),
    bytes: integer('bytes').notNull(),
    /** A package's header as lists show it (sender's name, notation, type, date, priority), without parsing the body. */
    summary: jsonb('summary'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('exchange_messages_exchange_idx').on(t.peerId, t.direction, t.exchangeId),
    // The same package from the same peer is kept once, whatever exchange id carried it (a resend).
    uniqueIndex('exchange_messages_in_package_uq')
      .on(t.peerId, t.documentId)
      .where(sql`direction = 'in' and kind = 'package'`),
    index('exchange_messages_document_idx').on(t.documentId, t.direction, t.kind),
    index('exchange_messages_created_idx').on(t.createdAt),
    check('exchange_messages_direction_ck', sql`${t.direction} in ('in', 'out')`),
    check('exchange_messages_kind_ck', sql`${t.kind} in ('package', 'status')`),
    check('exchange_messages_state_ck', sql`${t.state} in ('queued', 'delivered', 'refused', 'failed', 'received')`),
  ],
);

/**
 * The outbox of the sync to the national public service portal (Cổng DVCQG): one row per call owed to the
 * portal, written in the transaction of the dossier change it reports (so a change and its sync are committed
 * or rolled back together). `id` orders the rows of a dossier (its changes are serialised by the dossier's
 * row lock, so a later change has a larger id); a row waits while an earlier row of its dossier is not
 * delivered. `idempotency_key` is sent with the call and the receiver answers a repeat without recording it
 * twice. `payload` is the request body, built from the log up to `version` on the first attempt and sent
 * unchanged after. state: pending → delivered | dead (after PORTAL_SYNC_MAX_ATTEMPTS tries or a refusal);
 * a replay puts a dead row back to pending.
 */
export const portalSyncOutbox = pgTable(
  'portal_sync_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    dossierId: uuid('dossier_id').notNull(),
    version: integer('version').notNull(),
    service: text('service').notNull(),
    isUpdating: boolean('is_updating').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    /** change: written with the change; resync: `congso exchange resync`. */
    reason: text('reason').notNull().default('change'),
    state: text('state').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** Not before (the backoff after a failure); null: at once. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    /** A worker holds the row until then (a killed worker's hold runs out). */
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    payload: jsonb('payload'),
    lastError: jsonb('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('portal_sync_outbox_key_uq').on(t.idempotencyKey),
    index('portal_sync_outbox_open_idx').on(t.dossierId, t.id).where(sql`state <> 'delivered'`),
    index('portal_sync_outbox_state_idx').on(t.state, t.id),
    index('portal_sync_outbox_dossier_idx').on(t.dossierId, t.id),
    check('portal_sync_outbox_state_ck', sql`${t.state} in ('pending', 'delivered', 'dead')`),
    check('portal_sync_outbox_service_ck', sql`${t.service} in ('DongBoHoSoMC', 'CapNhatTienDoHoSoMC')`),
  ],
);

/**
 * Per dossier, when the portal first accepted its creation (DongBoHoSoMC, not an update): the fact QĐ 766
 * indicator 1.4 counts (a dossier synced to the portal).
 */
export const portalSyncFacts = pgTable('portal_sync_facts', {
  dossierId: uuid('dossier_id').primaryKey(),
  createdSyncedAt: timestamp('created_synced_at', { withTimezone: true }).notNull(),
});
