import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { dossiers } from './dossiers';

/**
 * Dossiers whose action log grew since the service-quality index last looked at them: written in the
 * transaction of every dossier change (ON CONFLICT DO UPDATE, so a writer waits for a consumer holding the row
 * and marks it again), taken by the consumer (`catchUpIoc`) with FOR UPDATE SKIP LOCKED.
 */
export const iocPending = pgTable('ioc_pending', {
  dossierId: uuid('dossier_id').primaryKey(),
  marks: integer('marks').notNull().default(1),
});

/** Each dossier's fact as the counters last saw it (core `IocDossierFact`), with the columns drill-downs filter on. */
export const iocFacts = pgTable(
  'ioc_facts',
  {
    dossierId: uuid('dossier_id')
      .primaryKey()
      .references(() => dossiers.id),
    provinceId: uuid('province_id').notNull(),
    agencyId: uuid('agency_id').notNull(),
    communeId: uuid('commune_id'),
    field: text('field').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }),
    /** End of processing; a result is issued at it, so it dates the results too. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    dueAt: timestamp('due_at', { withTimezone: true }),
    waitingSince: timestamp('waiting_since', { withTimezone: true }),
    /** Late whatever the date: more supplement requests than allowed, or an apology. */
    lateFlag: boolean('late_flag').notNull(),
    fact: jsonb('fact').notNull(),
  },
  (t) => [
    index('ioc_facts_province_received_idx').on(t.provinceId, t.receivedAt),
    index('ioc_facts_province_ended_idx').on(t.provinceId, t.endedAt),
    index('ioc_facts_agency_received_idx').on(t.agencyId, t.receivedAt),
    index('ioc_facts_agency_ended_idx').on(t.agencyId, t.endedAt),
    index('ioc_facts_commune_received_idx').on(t.communeId, t.receivedAt),
    index('ioc_facts_commune_ended_idx').on(t.communeId, t.endedAt),
    index('ioc_facts_field_received_idx').on(t.field, t.receivedAt),
    index('ioc_facts_field_ended_idx').on(t.field, t.endedAt),
    // The dossiers in progress (counted live for the current periods, and when a period's end is sealed).
    index('ioc_facts_open_idx').on(t.provinceId, t.dueAt).where(sql`received_at is not null and ended_at is null`),
    index('ioc_facts_ended_idx').on(t.endedAt),
  ],
);

/** The counters of the index: one row per scope, period and measure (core `contributionsOf`, summed). */
export const iocCounts = pgTable(
  'ioc_counts',
  {
    scopeKind: text('scope_kind').notNull(),
    scopeId: text('scope_id').notNull(),
    periodKind: text('period_kind').notNull(),
    periodKey: text('period_key').notNull(),
    measure: text('measure').notNull(),
    value: bigint('value', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.scopeKind, t.periodKind, t.periodKey, t.scopeId, t.measure] })],
);

/** One row: the horizon up to which period ends are sealed into the counters, and the last rebuild. */
export const iocState = pgTable('ioc_state', {
  id: smallint('id').primaryKey().default(1),
  horizon: timestamp('horizon', { withTimezone: true }),
  rebuiltAt: timestamp('rebuilt_at', { withTimezone: true }),
});
