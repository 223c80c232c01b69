/**
 * Queries of the reporting system: the indicator catalogue, template revisions, assignments, reports (version
 * checked), and the digital-transformation programme's projects and yearly ranks.
 */
import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../connection';
import {
  auditEvents,
  people,
  reportingAssignments,
  reportingIndicators,
  reportingPeriodOverrides,
  reportingPeriodRules,
  reportingProjects,
  reportingReports,
  reportingTemplates,
  reportingYearRanks,
} from '../schema/index';

export type ReportingIndicatorRow = typeof reportingIndicators.$inferSelect;
export type ReportingTemplateRow = typeof reportingTemplates.$inferSelect;
export type ReportingAssignmentRow = typeof reportingAssignments.$inferSelect;
export type ReportingReportRow = typeof reportingReports.$inferSelect;
export type ReportingReportInsert = typeof reportingReports.$inferInsert;
export type ReportingProjectRow = typeof reportingProjects.$inferSelect;
export type ReportingYearRankRow = typeof reportingYearRanks.$inferSelect;
export type ReportingPeriodRuleRow = typeof reportingPeriodRules.$inferSelect;
export type ReportingPeriodOverrideRow = typeof reportingPeriodOverrides.$inferSelect;

// ---- indicators

export async function listIndicators(db: Executor): Promise<ReportingIndicatorRow[]> {
  return db.select().from(reportingIndicators).orderBy(asc(reportingIndicators.code));
}

export async function indicatorsByIds(db: Executor, ids: readonly string[]): Promise<ReportingIndicatorRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(reportingIndicators)
    .where(inArray(reportingIndicators.id, [...ids]));
}

export async function insertIndicator(
  tx: Executor,
  row: typeof reportingIndicators.$inferInsert,
): Promise<ReportingIndicatorRow | undefined> {
  const [out] = await tx.insert(reportingIndicators).values(row).onConflictDoNothing().returning();
  return out;
}

export async function updateIndicator(
  tx: Executor,
  id: string,
  expectedVersion: number,
  set: Partial<typeof reportingIndicators.$inferInsert>,
): Promise<ReportingIndicatorRow | undefined> {
  const [out] = await tx
    .update(reportingIndicators)
    .set({ ...set, version: sql`${reportingIndicators.version} + 1` })
    .where(and(eq(reportingIndicators.id, id), eq(reportingIndicators.version, expectedVersion)))
    .returning();
  return out;
}

// ---- templates

/** The latest revision of every template. */
export async function listLatestTemplates(db: Executor): Promise<ReportingTemplateRow[]> {
  const rows = await db
    .select()
    .from(reportingTemplates)
    .orderBy(asc(reportingTemplates.code), desc(reportingTemplates.revision));
  const seen = new Set<string>();
  return rows.filter((r) => {
    if (seen.has(r.code)) return false;
    seen.add(r.code);
    return true;
  });
}

export async function latestTemplate(db: Executor, code: string): Promise<ReportingTemplateRow | undefined> {
  const [row] = await db
    .select()
    .from(reportingTemplates)
    .where(eq(reportingTemplates.code, code))
    .orderBy(desc(reportingTemplates.revision))
    .limit(1);
  return row;
}

export async function getTemplate(db: Executor, id: string): Promise<ReportingTemplateRow | undefined> {
  const [row] = await db.select().from(reportingTemplates).where(eq(reportingTemplates.id, id));
  return row;
}

/** Every revision of a template (oldest first), with the name of the person who saved it. */
export async function listTemplateRevisions(
  db: Executor,
  code: string,
): Promise<(ReportingTemplateRow & { createdByName: string | null })[]> {
  const rows = await db
    .select({ template: reportingTemplates, createdByName: people.fullName })
    .from(reportingTemplates)
    .leftJoin(people, eq(people.id, reportingTemplates.createdById))
    .where(eq(reportingTemplates.code, code))
    .orderBy(asc(reportingTemplates.revision));
  return rows.map((r) => ({ ...r.template, createdByName: r.createdByName }));
}

/** Per revision of a template: how many reports of the agencies use it, the first and last period they are for. */
export async function templateRevisionUsage(
  db: Executor,
  code: string,
  agencyIds: readonly string[],
): Promise<{ templateId: string; reports: number; firstPeriodKey: string; lastPeriodKey: string }[]> {
  if (agencyIds.length === 0) return [];
  const rows = await db
    .select({
      templateId: reportingReports.templateId,
      reports: sql<number>`count(*)::int`,
      firstPeriodKey: sql<string>`min(${reportingReports.periodKey})`,
      lastPeriodKey: sql<string>`max(${reportingReports.periodKey})`,
    })
    .from(reportingReports)
    .where(and(eq(reportingReports.templateCode, code), inArray(reportingReports.agencyId, [...agencyIds])))
    .groupBy(reportingReports.templateId);
  return rows.map((r) => ({ ...r, reports: Number(r.reports) }));
}

/**
 * The audit trail a template's history is read from, in the order it was written: the saves of its revisions
 * and the edits of its indicators (each edit's `data` holds the indicator's columns before and after).
 */
export async function templateHistoryEvents(
  db: Executor,
  input: { revisionIds: readonly string[]; indicatorIds: readonly string[] },
): Promise<{ id: number; action: string; entityId: string; occurredAt: Date; data: unknown }[]> {
  const where = [];
  if (input.revisionIds.length > 0)
    where.push(
      and(
        eq(auditEvents.entityType, 'reporting_template'),
        eq(auditEvents.action, 'reporting.template.save'),
        inArray(auditEvents.entityId, [...input.revisionIds]),
      ),
    );
  if (input.indicatorIds.length > 0)
    where.push(
      and(
        eq(auditEvents.entityType, 'reporting_indicator'),
        eq(auditEvents.action, 'reporting.indicator.edit'),
        inArray(auditEvents.entityId, [...input.indicatorIds]),
      ),
    );
  if (where.length === 0) return [];
  return db
    .select({
      id: auditEvents.id,
      action: auditEvents.action,
      entityId: auditEvents.entityId,
      occurredAt: auditEvents.occurredAt,
      data: auditEvents.data,
    })
    .from(auditEvents)
    .where(or(...where))
    .orderBy(asc(auditEvents.id));
}

export async function insertTemplate(
  tx: Executor,
  row: typeof reportingTemplates.$inferInsert,
): Promise<ReportingTemplateRow | undefined> {
  const [out] = await tx.insert(reportingTemplates).values(row).onConflictDoNothing().returning();
  return out;
}

// ---- assignments

export async function listReportingAssignments(
  db: Executor,
  filter: { agencyIds?: readonly string[]; templateCode?: string; activeOnly?: boolean } = {},
): Promise<ReportingAssignmentRow[]> {
  const where = [];
  if (filter.agencyIds) where.push(inArray(reportingAssignments.agencyId, [...filter.agencyIds]));
  if (filter.templateCode) where.push(eq(reportingAssignments.templateCode, filter.templateCode));
  if (filter.activeOnly) where.push(eq(reportingAssignments.active, true));
  if (filter.agencyIds && filter.agencyIds.length === 0) return [];
  return db
    .select()
    .from(reportingAssignments)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(reportingAssignments.templateCode), asc(reportingAssignments.createdAt));
}

export async function getReportingAssignment(db: Executor, id: string): Promise<ReportingAssignmentRow | undefined> {
  const [row] = await db.select().from(reportingAssignments).where(eq(reportingAssignments.id, id));
  return row;
}

export async function insertReportingAssignment(
  tx: Executor,
  row: typeof reportingAssignments.$inferInsert,
): Promise<ReportingAssignmentRow | undefined> {
  const [out] = await tx.insert(reportingAssignments).values(row).onConflictDoNothing().returning();
  return out;
}

export async function updateReportingAssignment(
  tx: Executor,
  id: string,
  expectedVersion: number,
  set: { active: boolean },
): Promise<ReportingAssignmentRow | undefined> {
  const [out] = await tx
    .update(reportingAssignments)
    .set({ ...set, version: sql`${reportingAssignments.version} + 1` })
    .where(and(eq(reportingAssignments.id, id), eq(reportingAssignments.version, expectedVersion)))
    .returning();
  return out;
}

// ---- reports

export async function getReport(db: Executor, id: string): Promise<ReportingReportRow | undefined> {
  const [row] = await db.select().from(reportingReports).where(eq(reportingReports.id, id));
  return row;
}

export async function findReport(
  db: Executor,
  key: { templateCode: string; agencyId: string; periodKey: string },
): Promise<ReportingReportRow | undefined> {
  const [row] = await db
    .select()
    .from(reportingReports)
    .where(
      and(
        eq(reportingReports.templateCode, key.templateCode),
        eq(reportingReports.agencyId, key.agencyId),
        eq(reportingReports.periodKey, key.periodKey),
      ),
    );
  return row;
}

/** Inserts a report unless one exists for its template, agency and period; returns the row either way. */
export async function insertReport(tx: Executor, row: ReportingReportInsert): Promise<ReportingReportRow> {
  const [out] = await tx.insert(reportingReports).values(row).onConflictDoNothing().returning();
  if (out) return out;
  return (await findReport(tx, row)) as ReportingReportRow;
}

export async function updateReport(
  tx: Executor,
  id: string,
  expectedVersion: number,
  set: Partial<ReportingReportInsert>,
): Promise<ReportingReportRow | undefined> {
  const [out] = await tx
    .update(reportingReports)
    .set({ ...set, version: sql`${reportingReports.version} + 1` })
    .where(and(eq(reportingReports.id, id), eq(reportingReports.version, expectedVersion)))
    .returning();
  return out;
}

export async function listReports(
  db: Executor,
  filter: {
    agencyIds?: readonly string[];
    statuses?: readonly string[];
    templateCode?: string;
    periodKeys?: readonly string[];
    limit?: number;
  },
): Promise<ReportingReportRow[]> {
  if (filter.agencyIds?.length === 0 || filter.periodKeys?.length === 0) return [];
  const where = [];
  if (filter.agencyIds) where.push(inArray(reportingReports.agencyId, [...filter.agencyIds]));
  if (filter.statuses) where.push(inArray(reportingReports.status, [...filter.statuses]));
  if (filter.templateCode) where.push(eq(reportingReports.templateCode, filter.templateCode));
  if (filter.periodKeys) where.push(inArray(reportingReports.periodKey, [...filter.periodKeys]));
  return db
    .select()
    .from(reportingReports)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(reportingReports.periodKey), asc(reportingReports.templateCode), asc(reportingReports.agencyId))
    .limit(filter.limit ?? 1000);
}

/** Reports not yet submitted whose deadline is on or before a day and that were not reminded yet. */
export async function reportsToRemind(db: Executor, upTo: string): Promise<ReportingReportRow[]> {
  return db
    .select()
    .from(reportingReports)
    .where(
      and(
        inArray(reportingReports.status, ['draft', 'returned']),
        sql`${reportingReports.deadline} <= ${upTo}`,
        sql`${reportingReports.remindedAt} is null`,
      ),
    );
}

// ---- periods

export async function listPeriodRules(db: Executor): Promise<ReportingPeriodRuleRow[]> {
  return db
    .select()
    .from(reportingPeriodRules)
    .orderBy(asc(reportingPeriodRules.kind), asc(reportingPeriodRules.fromPeriodKey));
}

export async function listPeriodOverrides(db: Executor): Promise<ReportingPeriodOverrideRow[]> {
  return db
    .select()
    .from(reportingPeriodOverrides)
    .orderBy(asc(reportingPeriodOverrides.kind), asc(reportingPeriodOverrides.periodKey));
}

/** Writes a kind's rule from a period when `expectedVersion` matches (0: no rule from that period yet). */
export async function savePeriodRule(
  tx: Executor,
  key: { kind: string; fromPeriodKey: string },
  expectedVersion: number,
  set: { id: string; cutoffEndDay: number; note: string | null; updatedAt: Date; updatedById: string },
): Promise<ReportingPeriodRuleRow | undefined> {
  if (expectedVersion === 0) {
    const [out] = await tx
      .insert(reportingPeriodRules)
      .values({ ...key, ...set, version: 1 })
      .onConflictDoNothing()
      .returning();
    return out;
  }
  const { id: _id, ...changes } = set;
  const [out] = await tx
    .update(reportingPeriodRules)
    .set({ ...changes, version: sql`${reportingPeriodRules.version} + 1` })
    .where(
      and(
        eq(reportingPeriodRules.kind, key.kind),
        eq(reportingPeriodRules.fromPeriodKey, key.fromPeriodKey),
        eq(reportingPeriodRules.version, expectedVersion),
      ),
    )
    .returning();
  return out;
}

export async function deletePeriodRule(
  tx: Executor,
  key: { kind: string; fromPeriodKey: string },
  expectedVersion: number,
): Promise<ReportingPeriodRuleRow | undefined> {
  const [out] = await tx
    .delete(reportingPeriodRules)
    .where(
      and(
        eq(reportingPeriodRules.kind, key.kind),
        eq(reportingPeriodRules.fromPeriodKey, key.fromPeriodKey),
        eq(reportingPeriodRules.version, expectedVersion),
      ),
    )
    .returning();
  return out;
}

/** Writes a period's override when `expectedVersion` matches (0: the period has none yet). */
export async function savePeriodOverride(
  tx: Executor,
  key: { kind: string; periodKey: string },
  expectedVersion: number,
  set: {
    id: string;
    cutoffStart: string | null;
    cutoffEnd: string | null;
    deadline: string | null;
    reason: string;
    updatedAt: Date;
    updatedById: string;
  },
): Promise<ReportingPeriodOverrideRow | undefined> {
  if (expectedVersion === 0) {
    const [out] = await tx
      .insert(reportingPeriodOverrides)
      .values({ ...key, ...set, version: 1 })
      .onConflictDoNothing()
      .returning();
    return out;
  }
  const { id: _id, ...changes } = set;
  const [out] = await tx
    .update(reportingPeriodOverrides)
    .set({ ...changes, version: sql`${reportingPeriodOverrides.version} + 1` })
    .where(
      and(
        eq(reportingPeriodOverrides.kind, key.kind),
        eq(reportingPeriodOverrides.periodKey, key.periodKey),
        eq(reportingPeriodOverrides.version, expectedVersion),
      ),
    )
    .returning();
  return out;
}

export async function deletePeriodOverride(
  tx: Executor,
  key: { kind: string; periodKey: string },
  expectedVersion: number,
): Promise<ReportingPeriodOverrideRow | undefined> {
  const [out] = await tx
    .delete(reportingPeriodOverrides)
    .where(
      and(
        eq(reportingPeriodOverrides.kind, key.kind),
        eq(reportingPeriodOverrides.periodKey, key.periodKey),
        eq(reportingPeriodOverrides.version, expectedVersion),
      ),
    )
    .returning();
  return out;
}

/** The reports of a kind of period from a period key on (or of one key), with their template's deadline rule. */
export async function reportsOfPeriods(
  db: Executor,
  filter: { kind: string; fromPeriodKey?: string; periodKey?: string },
): Promise<(ReportingReportRow & { deadlineWorkingDays: number })[]> {
  const where = [eq(reportingReports.periodKind, filter.kind)];
  if (filter.fromPeriodKey) where.push(sql`${reportingReports.periodKey} >= ${filter.fromPeriodKey}`);
  if (filter.periodKey) where.push(eq(reportingReports.periodKey, filter.periodKey));
  const rows = await db
    .select({ report: reportingReports, deadlineWorkingDays: reportingTemplates.deadlineWorkingDays })
    .from(reportingReports)
    .innerJoin(reportingTemplates, eq(reportingTemplates.id, reportingReports.templateId))
    .where(and(...where));
  return rows.map((r) => ({ ...r.report, deadlineWorkingDays: r.deadlineWorkingDays }));
}

/** Moves a report's deadline (a period's rule changed); a report not yet submitted is reminded again. */
export async function moveReportDeadline(tx: Executor, id: string, deadline: string): Promise<void> {
  await tx
    .update(reportingReports)
    .set({
      deadline,
      remindedAt: sql`case when ${reportingReports.status} in ('draft', 'returned') then null else ${reportingReports.remindedAt} end`,
      version: sql`${reportingReports.version} + 1`,
    })
    .where(eq(reportingReports.id, id));
}

// ---- programme

export async function listProjects(db: Executor): Promise<ReportingProjectRow[]> {
  return db.select().from(reportingProjects).orderBy(asc(reportingProjects.code));
}

export async function getProject(db: Executor, id: string): Promise<ReportingProjectRow | undefined> {
  const [row] = await db.select().from(reportingProjects).where(eq(reportingProjects.id, id));
  return row;
}

export async function insertProject(
  tx: Executor,
  row: typeof reportingProjects.$inferInsert,
): Promise<ReportingProjectRow | undefined> {
  const [out] = await tx.insert(reportingProjects).values(row).onConflictDoNothing().returning();
  return out;
}

export async function updateProject(
  tx: Executor,
  id: string,
  expectedVersion: number,
  set: Partial<typeof reportingProjects.$inferInsert>,
): Promise<ReportingProjectRow | undefined> {
  const [out] = await tx
    .update(reportingProjects)
    .set({ ...set, version: sql`${reportingProjects.version} + 1` })
    .where(and(eq(reportingProjects.id, id), eq(reportingProjects.version, expectedVersion)))
    .returning();
  return out;
}

export async function listYearRanks(db: Executor): Promise<ReportingYearRankRow[]> {
  return db.select().from(reportingYearRanks).orderBy(desc(reportingYearRanks.year));
}

/** Writes a year's ranks when `expectedVersion` matches (0: the year has no row yet). */
export async function saveYearRank(
  tx: Executor,
  year: number,
  expectedVersion: number,
  set: Omit<typeof reportingYearRanks.$inferInsert, 'year' | 'version'>,
): Promise<ReportingYearRankRow | undefined> {
  if (expectedVersion === 0) {
    const [out] = await tx
      .insert(reportingYearRanks)
      .values({ year, ...set, version: 1 })
      .onConflictDoNothing()
      .returning();
    return out;
  }
  const [out] = await tx
    .update(reportingYearRanks)
    .set({ ...set, version: sql`${reportingYearRanks.version} + 1` })
    .where(and(eq(reportingYearRanks.year, year), eq(reportingYearRanks.version, expectedVersion)))
    .returning();
  return out;
}

/** Incoming documents of agencies registered in a time range, and how many of them arrived electronically (handled online). */
export async function officeIncomingTally(
  db: Executor,
  input: { agencyIds: readonly string[]; from: Date; to: Date },
): Promise<{ total: number; online: number }> {
  if (input.agencyIds.length === 0) return { total: 0, online: 0 };
  const [row] = await queryRows<{ total: number; online: number }>(
    db,
    sql`select count(*)::int as total, count(*) filter (where medium <> 'paper')::int as online
        from office_documents
        where direction = 'incoming' and registered_at is not null and agency_id in (select unnest(${`{${input.agencyIds.join(',')}}`}::uuid[]))
          and registered_at >= ${input.from.toISOString()} and registered_at < ${input.to.toISOString()}`,
  );
  return { total: row?.total ?? 0, online: row?.online ?? 0 };
}
