/**
 * The province's catalogue: indicators (created, edited with a version check), report templates (every change
 * is a new revision; reports keep theirs) and assignments of templates to agencies. Province administrators
 * only (`reporting.manage` over the root agency).
 */
import { randomUUID } from 'node:crypto';
import {
  type Actor,
  CongsoError,
  type indicatorBodySchema,
  type LocalizedText,
  parseReportingPeriod,
  type ReportingPeriodKind,
  type templateBodySchema,
} from '@congso/core';
import {
  getReportingAssignment,
  indicatorsByIds,
  insertIndicator,
  insertReportingAssignment,
  insertTemplate,
  latestTemplate,
  listIndicators,
  listTemplateRevisions,
  loadAgencyTree,
  type ReportingAssignmentRow,
  type ReportingIndicatorRow,
  type ReportingTemplateRow,
  recordAudit,
  templateHistoryEvents,
  templateRevisionUsage,
  updateIndicator,
  updateReportingAssignment,
} from '@congso/db';
import type { z } from 'zod';
import { isUuid } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { loadReportingPeriods } from './periods';
import { pathIn, reachOf, requireProvince } from './reporting-access';
import { periodOfReport, type RequestMeta, type TemplateItem } from './reports';

const fieldError = (path: string, code: string, vi: string, en: string) =>
  new CongsoError('VALIDATION_FAILED', { messages: { vi, en }, details: [{ path, code, message: { vi, en } }] });

async function checkAgencyInProvince(ctx: AppContext, rootId: string, id: string | null | undefined, path: string) {
  if (!id) return;
  const tree = await loadAgencyTree(ctx.connection.db);
  if (!isUuid(id) || !tree.some((a) => a.id === id) || pathIn(tree, id)[0] !== rootId) {
    throw fieldError(path, 'unknown_agency', 'Không có cơ quan này trong tỉnh.', 'No such agency in the province.');
  }
}

type IndicatorInput = z.output<typeof indicatorBodySchema>;

function indicatorColumns(body: IndicatorInput) {
  return {
    code: body.code,
    nameVi: body.nameVi,
    nameEn: body.nameEn,
    unit: body.unit,
    valueType: body.valueType,
    aggregation: body.aggregation,
    responsibleAgencyId: body.responsibleAgencyId ?? null,
    min: body.min ?? null,
    max: body.max ?? null,
    source: body.source ?? null,
    note: body.note ?? null,
  };
}

export async function createIndicator(
  ctx: AppContext,
  actor: Actor,
  body: IndicatorInput,
  meta: RequestMeta,
): Promise<ReportingIndicatorRow> {
  const rootId = await requireProvince(ctx, actor, 'reporting.manage');
  await checkAgencyInProvince(ctx, rootId, body.responsibleAgencyId, 'responsibleAgencyId');
  const at = ctx.now();
  return ctx.connection.db.transaction(async (tx) => {
    const row = await insertIndicator(tx, {
      id: randomUUID(),
      ...indicatorColumns(body),
      createdAt: at,
      updatedAt: at,
    });
    if (!row)
      throw fieldError(
        'code',
        'duplicate',
        `Đã có chỉ tiêu mã ${body.code}.`,
        `An indicator ${body.code} already exists.`,
      );
    await recordAudit(tx, {
      occurredAt: at,
      actorId: actor.id,
      action: 'reporting.indicator.create',
      entityType: 'reporting_indicator',
      entityId: row.id,
      agencyId: rootId,
      data: indicatorColumns(body),
      ...meta,
    });
    return row;
  });
}

export async function editIndicator(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: IndicatorInput & { version: number },
  meta: RequestMeta,
): Promise<ReportingIndicatorRow> {
  const rootId = await requireProvince(ctx, actor, 'reporting.manage');
  const [current] = isUuid(id) ? await indicatorsByIds(ctx.connection.db, [id]) : [];
  if (!current) throw new CongsoError('NOT_FOUND');
  await checkAgencyInProvince(ctx, rootId, body.responsibleAgencyId, 'responsibleAgencyId');
  const at = ctx.now();
  return ctx.connection.db.transaction(async (tx) => {
    let row: ReportingIndicatorRow | undefined;
    try {
      row = await updateIndicator(tx, id, body.version, { ...indicatorColumns(body), updatedAt: at });
    } catch {
      throw fieldError(
        'code',
        'duplicate',
        `Đã có chỉ tiêu mã ${body.code}.`,
        `An indicator ${body.code} already exists.`,
      );
    }
    if (!row) throw new CongsoError('VERSION_CONFLICT');
    await recordAudit(tx, {
      occurredAt: at,
      actorId: actor.id,
      action: 'reporting.indicator.edit',
      entityType: 'reporting_indicator',
      entityId: row.id,
      agencyId: rootId,
      data: {
        before: indicatorColumns({ ...current, source: current.source as IndicatorInput['source'] } as IndicatorInput),
        after: indicatorColumns(body),
      },
      ...meta,
    });
    return row;
  });
}

type TemplateInput = z.output<typeof templateBodySchema>;

/** A new template, or a new revision of an existing code (`expectedRevision`: the one the editor saw, 0 = new). */
export async function saveTemplate(
  ctx: AppContext,
  actor: Actor,
  body: TemplateInput & { expectedRevision: number },
  meta: RequestMeta,
): Promise<ReportingTemplateRow> {
  const rootId = await requireProvince(ctx, actor, 'reporting.manage');
  const db = ctx.connection.db;
  const found = await indicatorsByIds(
    db,
    body.items.map((i) => i.indicatorId),
  );
  const known = new Set(found.map((r) => r.id));
  const missing = body.items.findIndex((i) => !known.has(i.indicatorId));
  if (missing >= 0) {
    throw fieldError(
      `items.${missing}.indicatorId`,
      'unknown_indicator',
      'Không có chỉ tiêu này.',
      'No such indicator.',
    );
  }
  const latest = await latestTemplate(db, body.code);
  if ((latest?.revision ?? 0) !== body.expectedRevision) throw new CongsoError('VERSION_CONFLICT');
  const at = ctx.now();
  return db.transaction(async (tx) => {
    const row = await insertTemplate(tx, {
      id: randomUUID(),
      code: body.code,
      revision: body.expectedRevision + 1,
      nameVi: body.nameVi,
      nameEn: body.nameEn,
      periodKind: body.periodKind,
      deadlineWorkingDays: body.deadlineWorkingDays,
      items: body.items,
      createdAt: at,
      createdById: actor.id,
    });
    // A concurrent save took the revision.
    if (!row) throw new CongsoError('VERSION_CONFLICT');
    await recordAudit(tx, {
      occurredAt: at,
      actorId: actor.id,
      action: 'reporting.template.save',
      entityType: 'reporting_template',
      entityId: row.id,
      agencyId: rootId,
      data: { code: row.code, revision: row.revision, periodKind: row.periodKind, items: body.items.length },
      ...meta,
    });
    return row;
  });
}

export async function assignTemplate(
  ctx: AppContext,
  actor: Actor,
  body: { templateCode: string; agencyId: string; fromPeriodKey: string },
  meta: RequestMeta,
): Promise<ReportingAssignmentRow> {
  const rootId = await requireProvince(ctx, actor, 'reporting.manage');
  const db = ctx.connection.db;
  const template = await latestTemplate(db, body.templateCode);
  if (!template) throw fieldError('templateCode', 'unknown_template', 'Không có mẫu báo cáo này.', 'No such template.');
  await checkAgencyInProvince(ctx, rootId, body.agencyId, 'agencyId');
  const from = parseReportingPeriod(template.periodKind as ReportingPeriodKind, body.fromPeriodKey);
  const at = ctx.now();
  return db.transaction(async (tx) => {
    const row = await insertReportingAssignment(tx, {
      id: randomUUID(),
      templateCode: template.code,
      agencyId: body.agencyId,
      fromPeriodKey: from.key,
      createdAt: at,
    });
    if (!row) throw new CongsoError('ALREADY_EXISTS');
    await recordAudit(tx, {
      occurredAt: at,
      actorId: actor.id,
      action: 'reporting.assignment.create',
      entityType: 'reporting_assignment',
      entityId: row.id,
      agencyId: body.agencyId,
      data: { template: template.code, from: from.key },
      ...meta,
    });
    return row;
  });
}

export async function setAssignmentActive(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: { active: boolean; version: number },
  meta: RequestMeta,
): Promise<ReportingAssignmentRow> {
  const rootId = await requireProvince(ctx, actor, 'reporting.manage');
  const current = isUuid(id) ? await getReportingAssignment(ctx.connection.db, id) : undefined;
  if (!current) throw new CongsoError('NOT_FOUND');
  const at = ctx.now();
  return ctx.connection.db.transaction(async (tx) => {
    const row = await updateReportingAssignment(tx, id, body.version, { active: body.active });
    if (!row) throw new CongsoError('VERSION_CONFLICT');
    await recordAudit(tx, {
      occurredAt: at,
      actorId: actor.id,
      action: body.active ? 'reporting.assignment.activate' : 'reporting.assignment.deactivate',
      entityType: 'reporting_assignment',
      entityId: row.id,
      agencyId: row.agencyId,
      data: { template: row.templateCode, root: rootId },
      ...meta,
    });
    return row;
  });
}

// ---- a template's history

/** An indicator as a revision holds it: the catalogue's columns as they were when the revision was saved. */
export interface RevisionIndicator {
  id: string;
  code: string;
  nameVi: string;
  nameEn: string;
  unit: string;
  valueType: string;
  min: number | null;
  max: number | null;
  required: boolean;
  automatic: boolean;
}

type Range = { min: number | null; max: number | null };

/** What changed from the revision before (all empty for the first revision). */
export interface RevisionChanges {
  name: { from: LocalizedText; to: LocalizedText } | null;
  periodKind: { from: ReportingPeriodKind; to: ReportingPeriodKind } | null;
  deadlineWorkingDays: { from: number; to: number } | null;
  added: RevisionIndicator[];
  removed: RevisionIndicator[];
  required: { indicator: RevisionIndicator; from: boolean; to: boolean }[];
  range: { indicator: RevisionIndicator; from: Range; to: Range }[];
  /** The same indicators in another order. */
  reordered: boolean;
}

export interface TemplateRevisionView {
  id: string;
  revision: number;
  latest: boolean;
  nameVi: string;
  nameEn: string;
  periodKind: ReportingPeriodKind;
  deadlineWorkingDays: number;
  createdAt: Date;
  createdBy: { id: string; name: string } | null;
  /** Reports (of the agencies in the caller's reach) made on this revision, and their first and last period. */
  reports: number;
  firstPeriod: { key: string; label: LocalizedText } | null;
  lastPeriod: { key: string; label: LocalizedText } | null;
  indicators: RevisionIndicator[];
  changes: RevisionChanges;
}

/** The indicator columns an edit's audit event keeps (`data.before` / `data.after`). */
type IndicatorSnapshot = Pick<
  ReportingIndicatorRow,
  'code' | 'nameVi' | 'nameEn' | 'unit' | 'valueType' | 'min' | 'max' | 'source'
>;

const sameRange = (a: Range, b: Range) => a.min === b.min && a.max === b.max;

/** What changed from `before` to `after` (two revisions of one template, `before` the older). */
export function revisionChanges(
  before: Pick<TemplateRevisionView, 'nameVi' | 'nameEn' | 'periodKind' | 'deadlineWorkingDays' | 'indicators'> | null,
  after: Pick<TemplateRevisionView, 'nameVi' | 'nameEn' | 'periodKind' | 'deadlineWorkingDays' | 'indicators'>,
): RevisionChanges {
  const none: RevisionChanges = {
    name: null,
    periodKind: null,
    deadlineWorkingDays: null,
    added: [],
    removed: [],
    required: [],
    range: [],
    reordered: false,
  };
  if (!before) return none;
  const was = new Map(before.indicators.map((i) => [i.id, i]));
  const is = new Map(after.indicators.map((i) => [i.id, i]));
  const kept = after.indicators.filter((i) => was.has(i.id));
  const keptBefore = before.indicators.filter((i) => is.has(i.id));
  return {
    name:
      before.nameVi !== after.nameVi || before.nameEn !== after.nameEn
        ? { from: { vi: before.nameVi, en: before.nameEn }, to: { vi: after.nameVi, en: after.nameEn } }
        : null,
    periodKind: before.periodKind !== after.periodKind ? { from: before.periodKind, to: after.periodKind } : null,
    deadlineWorkingDays:
      before.deadlineWorkingDays !== after.deadlineWorkingDays
        ? { from: before.deadlineWorkingDays, to: after.deadlineWorkingDays }
        : null,
    added: after.indicators.filter((i) => !was.has(i.id)),
    removed: before.indicators.filter((i) => !is.has(i.id)),
    required: kept.flatMap((i) => {
      const old = was.get(i.id) as RevisionIndicator;
      return old.required === i.required ? [] : [{ indicator: i, from: old.required, to: i.required }];
    }),
    range: kept.flatMap((i) => {
      const old = was.get(i.id) as RevisionIndicator;
      return sameRange(old, i)
        ? []
        : [{ indicator: i, from: { min: old.min, max: old.max }, to: { min: i.min, max: i.max } }];
    }),
    reordered: kept.some((i, n) => keptBefore[n]?.id !== i.id),
  };
}

/**
 * Every revision of a template, newest first: who saved it and when, the reports made on it, its indicators as
 * they were when it was saved (an indicator's range and names live in the catalogue and may be edited later:
 * the audit trail's edits after the save give them back) and what changed from the revision before. Anyone
 * who reads reports; 404 for an unknown code.
 */
export async function templateHistory(ctx: AppContext, actor: Actor, code: string): Promise<TemplateRevisionView[]> {
  const reach = await reachOf(ctx, actor);
  const db = ctx.connection.db;
  const revisions = await listTemplateRevisions(db, code);
  if (revisions.length === 0) throw new CongsoError('NOT_FOUND');
  const indicatorIds = [...new Set(revisions.flatMap((r) => (r.items as TemplateItem[]).map((i) => i.indicatorId)))];
  const [current, events, usage, periods] = await Promise.all([
    indicatorsByIds(db, indicatorIds),
    templateHistoryEvents(db, { revisionIds: revisions.map((r) => r.id), indicatorIds }),
    templateRevisionUsage(db, code, [...reach.readable]),
    loadReportingPeriods(db),
  ]);
  const catalogue = new Map(current.map((r) => [r.id, r]));
  const saves = new Map(
    events.filter((e) => e.action === 'reporting.template.save').map((e) => [e.entityId, e.id] as const),
  );
  const edits = events.filter((e) => e.action === 'reporting.indicator.edit');
  /** Where a revision sits in the audit trail: its save event, else the last event written before it. */
  const positionOf = (r: (typeof revisions)[number]) =>
    saves.get(r.id) ?? events.filter((e) => e.occurredAt <= r.createdAt).reduce((n, e) => Math.max(n, e.id), 0);
  /** The indicator as it was at a position: the state before its first edit after it, else the catalogue's. */
  const indicatorAt = (id: string, position: number): IndicatorSnapshot | undefined => {
    const edit = edits.find((e) => e.entityId === id && e.id > position);
    const before = (edit?.data as { before?: IndicatorSnapshot } | null)?.before;
    return before ?? catalogue.get(id);
  };
  const usageOf = new Map(usage.map((u) => [u.templateId, u]));
  const latest = revisions.at(-1)?.revision;
  const views: TemplateRevisionView[] = [];
  for (const r of revisions) {
    const position = positionOf(r);
    const kind = r.periodKind as ReportingPeriodKind;
    const period = (key: string | undefined) => {
      if (!key) return null;
      const p = periodOfReport(periods, { periodKind: kind, periodKey: key });
      return { key: p.key, label: p.label };
    };
    const used = usageOf.get(r.id);
    const indicators = (r.items as TemplateItem[]).flatMap((item): RevisionIndicator[] => {
      const i = indicatorAt(item.indicatorId, position);
      if (!i) return [];
      return [
        {
          id: item.indicatorId,
          code: i.code,
          nameVi: i.nameVi,
          nameEn: i.nameEn,
          unit: i.unit,
          valueType: i.valueType,
          min: i.min ?? null,
          max: i.max ?? null,
          required: item.required,
          automatic: (i.source ?? null) !== null,
        },
      ];
    });
    const view: Omit<TemplateRevisionView, 'changes'> = {
      id: r.id,
      revision: r.revision,
      latest: r.revision === latest,
      nameVi: r.nameVi,
      nameEn: r.nameEn,
      periodKind: kind,
      deadlineWorkingDays: r.deadlineWorkingDays,
      createdAt: r.createdAt,
      createdBy: r.createdById ? { id: r.createdById, name: r.createdByName ?? '' } : null,
      reports: used?.reports ?? 0,
      firstPeriod: period(used?.firstPeriodKey),
      lastPeriod: period(used?.lastPeriodKey),
      indicators,
    };
    views.push({ ...view, changes: revisionChanges(views.at(-1) ?? null, view) });
  }
  return views.reverse();
}

export { listIndicators };
