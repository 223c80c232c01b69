import {
  bigint,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { agencies, people } from './identity';

/** The indicator catalogue (chỉ tiêu): core `ReportIndicator` without `required` (that is the template's). */
export const reportingIndicators = pgTable(
  'reporting_indicators',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull(),
    nameVi: text('name_vi').notNull(),
    nameEn: text('name_en').notNull(),
    unit: text('unit').notNull(),
    valueType: text('value_type').notNull(),
    aggregation: text('aggregation').notNull(),
    responsibleAgencyId: uuid('responsible_agency_id').references(() => agencies.id),
    min: doublePrecision('min'),
    max: doublePrecision('max'),
    /** Core `AutomaticSource`: filled from the platform's figures ("tự động"); null = entered by the agency. */
    source: text('source'),
    note: text('note'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('reporting_indicators_code_uq').on(t.code)],
);

/**
 * A report template, versioned: a change writes a new row with the same code and `revision` + 1; reports keep
 * the revision they were made with. `items` = [{indicatorId, required}] in the form's order.
 */
export const reportingTemplates = pgTable(
  'reporting_templates',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull(),
    revision: integer('revision').notNull(),
    nameVi: text('name_vi').notNull(),
    nameEn: text('name_en').notNull(),
    periodKind: text('period_kind').notNull(),
    deadlineWorkingDays: integer('deadline_working_days').notNull(),
    items: jsonb('items').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdById: uuid('created_by_id').references(() => people.id),
  },
  (t) => [uniqueIndex('reporting_templates_code_revision_uq').on(t.code, t.revision)],
);

/** Which agencies report on a template (by code: the latest revision applies to new reports). */
export const reportingAssignments = pgTable(
  'reporting_assignments',
  {
    id: uuid('id').primaryKey(),
    templateCode: text('template_code').notNull(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    active: boolean('active').notNull().default(true),
    /** The first period the agency reports for. */
    fromPeriodKey: text('from_period_key').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('reporting_assignments_uq').on(t.templateCode, t.agencyId)],
);

/** One agency's report on a template for a period: core `ReportStatus`, values by indicator id. */
export const reportingReports = pgTable(
  'reporting_reports',
  {
    id: uuid('id').primaryKey(),
    templateId: uuid('template_id')
      .notNull()
      .references(() => reportingTemplates.id),
    templateCode: text('template_code').notNull(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    periodKind: text('period_kind').notNull(),
    periodKey: text('period_key').notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    status: text('status').notNull(),
    values: jsonb('values').notNull(),
    returnReason: text('return_reason'),
    firstSubmittedAt: timestamp('first_submitted_at', { withTimezone: true }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedById: uuid('submitted_by_id').references(() => people.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedById: uuid('reviewed_by_id').references(() => people.id),
    /** Storage key of the PDF sealed with the agency's certificate at the last submission. */
    signedPdfKey: text('signed_pdf_key'),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('reporting_reports_uq').on(t.templateCode, t.agencyId, t.periodKey),
    index('reporting_reports_status_idx').on(t.status, t.deadline),
    index('reporting_reports_agency_idx').on(t.agencyId, t.periodKey),
  ],
);

/** A digital-transformation project; `targets` = core project body's targets. */
export const reportingProjects = pgTable(
  'reporting_projects',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    status: text('status').notNull(),
    ownerAgencyId: uuid('owner_agency_id')
      .notNull()
      .references(() => agencies.id),
    budgetVnd: bigint('budget_vnd', { mode: 'number' }).notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    targets: jsonb('targets').notNull(),
    note: text('note'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('reporting_projects_code_uq').on(t.code)],
);

/** The province's DTI and service-quality (QĐ 766) rank and score per year, entered by hand. */
export const reportingYearRanks = pgTable('reporting_year_ranks', {
  year: integer('year').primaryKey(),
  dtiRank: integer('dti_rank'),
  dtiScore: doublePrecision('dti_score'),
  serviceRank: integer('service_rank'),
  serviceScore: doublePrecision('service_score'),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * The province's reporting-period rules (core `ReportingPeriodRule`): from a period of a kind on, cut-off windows
 * end on `cutoff_end_day` of the period's last month. No row: the decree's 14th.
 */
export const reportingPeriodRules = pgTable(
  'reporting_period_rules',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(),
    fromPeriodKey: text('from_period_key').notNull(),
    cutoffEndDay: integer('cutoff_end_day').notNull(),
    note: text('note'),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    updatedById: uuid('updated_by_id').references(() => people.id),
  },
  (t) => [uniqueIndex('reporting_period_rules_uq').on(t.kind, t.fromPeriodKey)],
);

/** One period set apart (core `ReportingPeriodOverride`): its own window and/or deadline, with the reason. */
export const reportingPeriodOverrides = pgTable(
  'reporting_period_overrides',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(),
    periodKey: text('period_key').notNull(),
    cutoffStart: date('cutoff_start', { mode: 'string' }),
    cutoffEnd: date('cutoff_end', { mode: 'string' }),
    deadline: date('deadline', { mode: 'string' }),
    reason: text('reason').notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    updatedById: uuid('updated_by_id').references(() => people.id),
  },
  (t) => [uniqueIndex('reporting_period_overrides_uq').on(t.kind, t.periodKey)],
);
