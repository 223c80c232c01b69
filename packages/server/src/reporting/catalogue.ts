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
  loadAgencyTree,
  type ReportingAssignmentRow,
  type ReportingIndicatorRow,
  type ReportingTemplateRow,
  recordAudit,
  updateIndicator,
  updateReportingAssignment,
} from '@congso/db';
import type { z } from 'zod';
import { isUuid } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { pathIn, requireProvince } from './reporting-access';
import type { RequestMeta } from './reports';

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

export { listIndicators };
