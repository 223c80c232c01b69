import { sql } from 'drizzle-orm';
import {
  bigint,
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
import { procedureVersions } from './catalog';
import { agencies, people } from './identity';

/**
 * A dossier: the columns are what queues, lookups and reports filter on; the truth is the append-only
 * `dossier_events`, replayed into the state (`state` keeps the last one for reading without replay).
 */
export const dossiers = pgTable(
  'dossiers',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull().unique(),
    procedureVersionId: uuid('procedure_version_id')
      .notNull()
      .references(() => procedureVersions.id),
    procedureCode: text('procedure_code').notNull(),
    procedureName: text('procedure_name').notNull(),
    receivingAgencyId: uuid('receiving_agency_id')
      .notNull()
      .references(() => agencies.id),
    currentAgencyId: uuid('current_agency_id').references(() => agencies.id),
    assigneeId: uuid('assignee_id').references(() => people.id),
    applicantId: uuid('applicant_id')
      .notNull()
      .references(() => people.id),
    /** Name, ID number, phone, e-mail and address as given on filing. */
    applicant: jsonb('applicant').notNull(),
    /**
     * The organisation the applicant filed for (a representative acting for it, `organisation_representatives`),
     * else null: its results and digitised papers go to the organisation's data store, its documents may be
     * taken from that store.
     */
    organisationId: uuid('organisation_id').references(() => people.id),
    /** Last digits of the applicant's phone: the second factor of the public lookup. */
    lookupSecret: text('lookup_secret').notNull(),
    channel: text('channel').notNull(),
    status: text('status').notNull(),
    version: integer('version').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }),
    dueAt: timestamp('due_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    outcome: text('outcome'),
    /**
     * When the dossier's fee was first paid online (the payment platform confirmed it, `confirm_payment` by the
     * installation): the fact the national portal's DuocThanhToanTrucTuyen and QĐ 766 indicator 3.6 count.
     */
    paidOnlineAt: timestamp('paid_online_at', { withTimezone: true }),
    state: jsonb('state').notNull(),
    idempotencyKey: text('idempotency_key'),
    /**
     * Facts the national portal and the service-quality index count, with their time, set by the change that
     * makes them true (never computed later): a paper digitised at the counter (the first), the result returned
     * as a signed electronic document, a document taken from the applicant's data store.
     */
    digitisedAt: timestamp('digitised_at', { withTimezone: true }),
    resultElectronicAt: timestamp('result_electronic_at', { withTimezone: true }),
    reusedDataAt: timestamp('reused_data_at', { withTimezone: true }),
    /**
     * When the applicant's data were taken from the national population database for this filing (through the
     * gateway, with consent: population_lookups), else null. The portal sync and the index read it.
     */
    populationDataUsedAt: timestamp('population_data_used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('dossiers_idempotency_uq').on(t.applicantId, t.idempotencyKey).where(sql`idempotency_key is not null`),
    index('dossiers_queue_idx').on(t.currentAgencyId, t.status, t.dueAt),
    index('dossiers_receiving_idx').on(t.receivingAgencyId, t.status),
    index('dossiers_applicant_idx').on(t.applicantId, t.submittedAt),
  ],
);

/** The action log: one row per event, numbered by the dossier's version (so no two writers both succeed). */
export const dossierEvents = pgTable(
  'dossier_events',
  {
    dossierId: uuid('dossier_id')
      .notNull()
      .references(() => dossiers.id),
    version: integer('version').notNull(),
    action: text('action').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    event: jsonb('event').notNull(),
  },
  (t) => [primaryKey({ columns: [t.dossierId, t.version] })],
);

/**
 * Per receiving agency and day, the last sequence number given. Incremented inside the filing
 * transaction: a rolled-back filing gives its number back, so codes are unique and gap-free.
 */
export const dossierCodeCounters = pgTable('dossier_code_counters', {
  dayKey: text('day_key').primaryKey(),
  last: bigint('last', { mode: 'number' }).notNull(),
});
