import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { dossiers } from './dossiers';
import { agencies } from './identity';

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
    // Also `ioc_facts_open_cover_idx` (migration 0034, SQL of its own: drizzle has no INCLUDE): the same rows
    // keyed by province and agency with every column the live counts read, for index-only scans.
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
  /** Moves each time a catch-up changed the counters (the dashboards' live updates watch it). */
  generation: bigint('generation', { mode: 'number' }).notNull().default(0),
});

/**
 * Alert rules as data (core `ioc/alerts.ts`): what to watch (`kind` and its `params`: an on-time rate below a
 * threshold this month, dossiers late more than N days, a burst of failed sign-ins) for an agency and its
 * sub-units (the province's agency: the whole province). Edited by administrators (`version`: 409 on stale).
 */
export const alertRules = pgTable(
  'alert_rules',
  {
    id: uuid('id').primaryKey(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    params: jsonb('params').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('alert_rules_agency_idx').on(t.agencyId)],
);

/**
 * What the rules found: one row per rule, subject (an agency, a dossier, an account) and window (a month, a
 * day, an hour), refreshed while the condition holds, resolved when it ends, acknowledged by a reader.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey(),
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => alertRules.id, { onDelete: 'cascade' }),
    agencyId: uuid('agency_id').notNull(),
    subjectKind: text('subject_kind').notNull(),
    subjectId: text('subject_id').notNull(),
    subjectName: text('subject_name').notNull(),
    windowKey: text('window_key').notNull(),
    value: doublePrecision('value').notNull(),
    threshold: doublePrecision('threshold').notNull(),
    message: jsonb('message').notNull(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: uuid('acknowledged_by'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('alerts_rule_subject_window_idx').on(t.ruleId, t.subjectId, t.windowKey),
    index('alerts_agency_seen_idx').on(t.agencyId, t.lastSeenAt),
  ],
);

/** The daily e-mail digest of alerts: one per person and Vietnam day (the notification that carries it). */
export const alertDigests = pgTable(
  'alert_digests',
  {
    personId: uuid('person_id').notNull(),
    day: text('day').notNull(),
    notificationId: uuid('notification_id'),
    alerts: integer('alerts').notNull(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.day] })],
);
