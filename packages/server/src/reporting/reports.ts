/**
 * Reports: opened by the agency for an assigned template and a period (automatic indicators filled from the
 * platform's figures), figures saved with validation, submitted (validated as complete, the automatic figures
 * frozen, the PDF sealed with the agency's certificate), approved or returned with a reason by the province,
 * locked. Each change is one transaction with its audit event and a version check.
 */
import { randomUUID } from 'node:crypto';
import {
  type Actor,
  applyReportEntry,
  CongsoError,
  can,
  compareReport,
  createVietnamCalendar,
  isReportEditable,
  nextReportStatus,
  type ReportAction,
  type ReportIndicator,
  type ReportingPeriod,
  type ReportingPeriodKind,
  type ReportingPeriods,
  type ReportStatus,
  type ReportValues,
  reportActionSide,
  submissionDeadline,
} from '@congso/core';
import {
  findReport,
  getReport,
  getTemplate,
  indicatorsByIds,
  insertReport,
  latestTemplate,
  listReportingAssignments,
  type ReportingReportRow,
  type ReportingTemplateRow,
  recordAudit,
  updateReport,
} from '@congso/db';
import { isUuid } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { automaticValues } from './figures';
import { loadReportingPeriods } from './periods';
import { sealReport } from './report-documents';
import { isReviewer, pathIn, reachOf, rootOf } from './reporting-access';

export const calendar = createVietnamCalendar();

export interface RequestMeta {
  ip: string | null;
  requestId: string;
}

export interface TemplateItem {
  indicatorId: string;
  required: boolean;
}

export const templateItemsOf = (t: ReportingTemplateRow) => t.items as TemplateItem[];
export const valuesOf = (r: Pick<ReportingReportRow, 'values'>) => (r.values ?? {}) as ReportValues;

/** The template's indicators in its order, as core uses them. */
export async function templateIndicators(ctx: AppContext, template: ReportingTemplateRow): Promise<ReportIndicator[]> {
  const items = templateItemsOf(template);
  const rows = await indicatorsByIds(
    ctx.connection.db,
    items.map((i) => i.indicatorId),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return items.flatMap((item) => {
    const r = byId.get(item.indicatorId);
    if (!r) return [];
    return [
      {
        id: r.id,
        code: r.code,
        nameVi: r.nameVi,
        nameEn: r.nameEn,
        unit: r.unit,
        valueType: r.valueType as ReportIndicator['valueType'],
        aggregation: r.aggregation as ReportIndicator['aggregation'],
        min: r.min,
        max: r.max,
        source: r.source as ReportIndicator['source'],
        required: item.required,
      },
    ];
  });
}

const versionConflict = () => new CongsoError('VERSION_CONFLICT');

/** The automatic indicators' values now, merged over the report's values. */
async function withAutomatic(
  ctx: AppContext,
  input: {
    provinceId: string;
    agencyId: string;
    period: ReportingPeriod;
    indicators: ReportIndicator[];
    values: ReportValues;
  },
): Promise<ReportValues> {
  const auto = input.indicators.filter((i) => i.source);
  if (auto.length === 0) return input.values;
  const figures = await automaticValues(ctx, input);
  const out = { ...input.values };
  for (const i of auto) out[i.id] = { value: figures[i.source as keyof typeof figures], automatic: true };
  return out;
}

/** A report's period under the province's periods (`loadReportingPeriods`). */
export function periodOfReport(
  periods: ReportingPeriods,
  r: Pick<ReportingReportRow, 'periodKind' | 'periodKey'>,
): ReportingPeriod {
  return periods.parse(r.periodKind as ReportingPeriodKind, r.periodKey);
}

/** A report the caller reads (its agency in reach, or the province reviewing); 404 otherwise. */
export async function reportFor(ctx: AppContext, actor: Actor, id: string): Promise<ReportingReportRow> {
  const row = isUuid(id) ? await getReport(ctx.connection.db, id) : undefined;
  if (!row) throw new CongsoError('NOT_FOUND');
  const reach = await reachOf(ctx, actor);
  if (!reach.readable.has(row.agencyId)) throw new CongsoError('NOT_FOUND');
  return row;
}

/** 403 unless the caller enters reports for the report's agency (its own). */
function requireEnter(actor: Actor, agencyPath: string[]) {
  if (!can(actor, 'reporting.enter', { agencyPath })) throw new CongsoError('FORBIDDEN');
}

/** Opens (or returns) the caller's agency's report on an assigned template for a period. */
export async function openReport(
  ctx: AppContext,
  actor: Actor,
  body: { templateCode: string; periodKey: string },
  meta: RequestMeta,
): Promise<{ row: ReportingReportRow; created: boolean }> {
  const db = ctx.connection.db;
  if (!actor.agencyId) throw new CongsoError('FORBIDDEN');
  const reach = await reachOf(ctx, actor);
  const agencyPath = pathIn(reach.tree, actor.agencyId);
  requireEnter(actor, agencyPath);
  const [assignment] = await listReportingAssignments(db, {
    agencyIds: [actor.agencyId],
    templateCode: body.templateCode,
    activeOnly: true,
  });
  const template = assignment ? await latestTemplate(db, body.templateCode) : undefined;
  if (!assignment || !template) {
    throw new CongsoError('VALIDATION_FAILED', {
      messages: { vi: 'Cơ quan không được giao mẫu báo cáo này.', en: 'The agency is not assigned this template.' },
      details: [{ path: 'templateCode', code: 'not_assigned' }],
    });
  }
  const periods = await loadReportingPeriods(db);
  const period = periods.parse(template.periodKind as ReportingPeriodKind, body.periodKey);
  const existing = await findReport(db, {
    templateCode: template.code,
    agencyId: actor.agencyId,
    periodKey: period.key,
  });
  if (existing) return { row: existing, created: false };
  const indicators = await templateIndicators(ctx, template);
  const values = await withAutomatic(ctx, {
    provinceId: reach.rootId,
    agencyId: actor.agencyId,
    period,
    indicators,
    values: {},
  });
  const at = ctx.now();
  const deadline = submissionDeadline(period, { workingDays: template.deadlineWorkingDays }, calendar);
  return db.transaction(async (tx) => {
    const row = await insertReport(tx, {
      id: randomUUID(),
      templateId: template.id,
      templateCode: template.code,
      agencyId: actor.agencyId as string,
      periodKind: period.kind,
      periodKey: period.key,
      deadline,
      status: 'draft',
      values,
      createdAt: at,
      updatedAt: at,
    });
    await recordAudit(tx, {
      occurredAt: at,
      actorId: actor.id,
      action: 'reporting.report.open',
      entityType: 'reporting_report',
      entityId: row.id,
      agencyId: row.agencyId,
      data: { template: template.code, revision: template.revision, period: period.key, deadline },
      ...meta,
    });
    return { row, created: true };
  });
}

export interface ReportActionInput {
  action: ReportAction;
  version: number;
  values?: Record<string, { value: number | string | null; note?: string | null | undefined }>;
  reason?: string | undefined;
}

/** Saves figures or performs a lifecycle action on a report. */
export async function actOnReport(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: ReportActionInput,
  meta: RequestMeta,
): Promise<ReportingReportRow> {
  const db = ctx.connection.db;
  const row = await reportFor(ctx, actor, id);
  const reach = await reachOf(ctx, actor);
  const agencyPath = pathIn(reach.tree, row.agencyId);
  if (reportActionSide[input.action] === 'agency') {
    requireEnter(actor, agencyPath);
  } else if (!isReviewer(actor, reach.rootId) || actor.agencyId === row.agencyId) {
    // The province reviews; nobody reviews their own agency's report.
    throw new CongsoError('FORBIDDEN');
  }
  if (row.version !== input.version) throw versionConflict();
  const status = row.status as ReportStatus;
  const next = nextReportStatus(status, input.action, { reason: input.reason });
  if (input.values && !isReportEditable(status)) {
    throw new CongsoError('INVALID_STATE', {
      messages: { vi: 'Báo cáo không còn được sửa.', en: 'The report can no longer be changed.' },
    });
  }
  const template = (await getTemplate(db, row.templateId)) as ReportingTemplateRow;
  const indicators = await templateIndicators(ctx, template);
  const period = periodOfReport(await loadReportingPeriods(db), row);
  let values = valuesOf(row);
  if (input.action === 'save' || input.action === 'submit') {
    values = applyReportEntry(indicators, values, input.values ?? {}, { complete: input.action === 'submit' });
    values = await withAutomatic(ctx, { provinceId: reach.rootId, agencyId: row.agencyId, period, indicators, values });
  }
  const at = ctx.now();
  // The sealed PDF is made before the transaction (the signing service reads the registry); nothing is written
  // when sealing fails.
  const sealed =
    input.action === 'submit'
      ? await sealReport(
          ctx,
          { ...row, values, status: next, submittedAt: at, submittedById: actor.id },
          template,
          indicators,
        )
      : undefined;
  return db.transaction(async (tx) => {
    const set: Parameters<typeof updateReport>[3] = { status: next, values, updatedAt: at };
    if (input.action === 'submit') {
      Object.assign(set, {
        submittedAt: at,
        submittedById: actor.id,
        firstSubmittedAt: row.firstSubmittedAt ?? at,
        signedPdfKey: sealed ?? null,
      });
    }
    if (input.action === 'return' || input.action === 'approve' || input.action === 'lock') {
      Object.assign(set, { reviewedAt: at, reviewedById: actor.id });
    }
    if (input.action === 'return') set.returnReason = input.reason?.trim() ?? null;
    if (input.action === 'approve') set.returnReason = null;
    const updated = await updateReport(tx, row.id, input.version, set);
    if (!updated) throw versionConflict();
    await recordAudit(tx, {
      occurredAt: at,
      actorId: actor.id,
      action: `reporting.report.${input.action}`,
      entityType: 'reporting_report',
      entityId: row.id,
      agencyId: row.agencyId,
      reason: input.action === 'return' ? (input.reason?.trim() ?? null) : null,
      data: { from: status, to: next, period: row.periodKey, template: row.templateCode },
      ...meta,
    });
    return updated;
  });
}

/** A report with its template's indicators and the comparison with the previous period and last year. */
export async function reportView(ctx: AppContext, actor: Actor, row: ReportingReportRow) {
  const db = ctx.connection.db;
  const template = (await getTemplate(db, row.templateId)) as ReportingTemplateRow;
  const indicators = await templateIndicators(ctx, template);
  const periods = await loadReportingPeriods(db);
  const period = periodOfReport(periods, row);
  const [previous, lastYear] = await Promise.all(
    [periods.previous(period), periods.sameLastYear(period)].map((p) =>
      findReport(db, { templateCode: row.templateCode, agencyId: row.agencyId, periodKey: p.key }),
    ),
  );
  const reach = await reachOf(ctx, actor);
  const path = pathIn(reach.tree, row.agencyId);
  const side: 'agency' | 'reviewer' | null = can(actor, 'reporting.enter', { agencyPath: path })
    ? 'agency'
    : isReviewer(actor, reach.rootId) && actor.agencyId !== row.agencyId
      ? 'reviewer'
      : null;
  const rows = compareReport(
    indicators,
    valuesOf(row),
    previous ? valuesOf(previous) : null,
    lastYear ? valuesOf(lastYear) : null,
  );
  const notes = valuesOf(row);
  return {
    template,
    period,
    indicators,
    rows: rows.map((r) => ({ ...r, note: notes[r.indicatorId]?.note ?? null })),
    side,
    agencyName: reach.tree.find((a) => a.id === row.agencyId)?.name ?? '',
  };
}

export { rootOf };
