import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { procedureVersions } from './catalog';
import { dossiers } from './dossiers';
import { people } from './identity';

/**
 * A procedure version's fee schedule as the province set it, in force from `valid_from` to `valid_to` (null:
 * still in force). Without a row the schedule is the one read from the catalogue's text (core's
 * `feeScheduleFromProcedure`). `schedule` is core's `FeeSchedule`; `version` counts the edits of the row.
 */
export const feeSchedules = pgTable(
  'fee_schedules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    procedureVersionId: uuid('procedure_version_id')
      .notNull()
      .references(() => procedureVersions.id),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
    schedule: jsonb('schedule').notNull(),
    version: integer('version').notNull().default(1),
    updatedBy: uuid('updated_by').references(() => people.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('fee_schedules_period_uq').on(t.procedureVersionId, t.validFrom),
    uniqueIndex('fee_schedules_current_uq').on(t.procedureVersionId).where(sql`valid_to is null`),
  ],
);

/**
 * What a dossier was asked to pay and why: one row per fee request (core's `request_payment` event, whose
 * version is `request_version`), its lines (core's `FeeAssessment`: items, exemptions with their legal basis),
 * and how it was settled. `status`: requested → paid | waived | cancelled (the dossier stopped or withdrawn);
 * `exempt` when the exemptions left nothing to pay (no request was made).
 */
export const dossierFees = pgTable(
  'dossier_fees',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dossierId: uuid('dossier_id')
      .notNull()
      .references(() => dossiers.id),
    requestVersion: integer('request_version'),
    due: text('due').notNull(),
    channel: text('channel').notNull(),
    lines: jsonb('lines').notNull(),
    total: integer('total').notNull(),
    collector: jsonb('collector').notNull(),
    status: text('status').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    requestedBy: uuid('requested_by'),
    settledAt: timestamp('settled_at', { withTimezone: true }),
  },
  (t) => [
    index('dossier_fees_dossier_idx').on(t.dossierId, t.requestedAt),
    uniqueIndex('dossier_fees_open_uq').on(t.dossierId).where(sql`status = 'requested'`),
    check('dossier_fees_status_ck', sql`${t.status} in ('requested','paid','waived','cancelled','exempt')`),
    check('dossier_fees_total_ck', sql`${t.total} >= 0`),
  ],
);
