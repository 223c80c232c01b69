/**
 * The digital-transformation programme: projects (province administrators create and edit them, version
 * checked), their targets tracked against the platform's own figures, the yearly DTI and service-quality
 * ranks, and the one-line summary the dashboard shows.
 */
import { randomUUID } from 'node:crypto';
import {
  type Actor,
  CongsoError,
  governmentLevelOf,
  type MeasuredMetric,
  type ProjectStatus,
  programmeSummary,
  type projectBodySchema,
  targetProgress,
  vnDateKey,
  workFileShares,
  type yearRankBodySchema,
} from '@congso/core';
import {
  getProject,
  insertProject,
  listProjects,
  listYearRanks,
  loadAgencyTree,
  type ReportingProjectRow,
  readIocCounts,
  recordAudit,
  saveYearRank,
  updateProject,
  workFileTallies,
} from '@congso/db';
import type { z } from 'zod';
import { isUuid } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { pathIn, reachOf, requireProvince } from './reporting-access';
import type { RequestMeta } from './reports';

type ProjectInput = z.output<typeof projectBodySchema>;
type Target = ProjectInput['targets'][number];

const share = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 1000) / 10);

/**
 * The platform's figures targets track, for the province, in the current year: measured from the index's
 * counters and the documents office's work files, never typed in.
 */
export async function platformFigures(ctx: AppContext, rootId: string): Promise<Record<MeasuredMetric, number | null>> {
  const db = ctx.connection.readDb ?? ctx.connection.db;
  const year = Number(vnDateKey(ctx.now()).slice(0, 4));
  const rows = await readIocCounts(db, {
    scopeKind: 'province',
    scopeId: rootId,
    periodKind: 'year',
    periodKeys: [String(year)],
  });
  const get = (m: string) => rows.filter((r) => r.measure === m).reduce((a, r) => a + r.value, 0);
  const [files, tree] = await Promise.all([workFileTallies(db, { year }), loadAgencyTree(ctx.connection.db)]);
  const kinds = new Map(tree.map((a) => [a.id, a.kind]));
  const shares = workFileShares(
    files.map((f) => ({
      closed: f.closed,
      online: f.online,
      level: governmentLevelOf(pathIn(tree, f.agencyId).map((id) => kinds.get(id) ?? '')),
    })),
  );
  return {
    full_online_share: share(get('full_online'), get('full_online_eligible')),
    dossiers_online_share: share(get('received_online'), get('received')),
    work_files_online_share: shares.all,
    work_files_online_share_province: shares.province,
    work_files_online_share_district: shares.district,
    work_files_online_share_commune: shares.commune,
  };
}

function presentTargets(targets: Target[], figures: Record<string, number | null>) {
  return targets.map((t) => {
    const actual = t.metric === 'manual' ? (t.actual ?? null) : (figures[t.metric] ?? null);
    return { ...t, actual, automatic: t.metric !== 'manual', progress: targetProgress(t.target, actual) };
  });
}

export async function programmeView(ctx: AppContext, actor: Actor) {
  const reach = await reachOf(ctx, actor);
  const [projects, ranks, figures] = await Promise.all([
    listProjects(ctx.connection.db),
    listYearRanks(ctx.connection.db),
    platformFigures(ctx, reach.rootId),
  ]);
  const names = new Map(reach.tree.map((a) => [a.id, a.name]));
  return {
    summary: programmeSummary(projects.map((p) => p.status as ProjectStatus)),
    year: Number(vnDateKey(ctx.now()).slice(0, 4)),
    figures,
    projects: projects.map((p) => ({
      ...presentProject(p),
      ownerAgencyName: names.get(p.ownerAgencyId) ?? '',
      targets: presentTargets(p.targets as Target[], figures),
    })),
    ranks,
  };
}

export function presentProject(p: ReportingProjectRow) {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    status: p.status as ProjectStatus,
    ownerAgencyId: p.ownerAgencyId,
    budgetVnd: p.budgetVnd,
    startDate: p.startDate,
    endDate: p.endDate,
    note: p.note,
    version: p.version,
  };
}

async function checkOwner(ctx: AppContext, rootId: string, id: string) {
  const tree = await loadAgencyTree(ctx.connection.db);
  if (!tree.some((a) => a.id === id) || pathIn(tree, id)[0] !== rootId) {
    throw new CongsoError('VALIDATION_FAILED', {
      messages: { vi: 'Không có cơ quan này trong tỉnh.', en: 'No such agency in the province.' },
      details: [{ path: 'ownerAgencyId', code: 'unknown_agency' }],
    });
  }
}

const columns = (b: ProjectInput) => ({
  code: b.code,
  name: b.name,
  status: b.status,
  ownerAgencyId: b.ownerAgencyId,
  budgetVnd: b.budgetVnd,
  startDate: b.startDate,
  endDate: b.endDate,
  // A measured target keeps no typed-in figure: its actual is always the platform's.
  targets: b.targets.map((t) => (t.metric === 'manual' ? t : { name: t.name, metric: t.metric, target: t.target })),
  note: b.note ?? null,
});

export async function createProject(ctx: AppContext, actor: Actor, body: ProjectInput, meta: RequestMeta) {
  const rootId = await requireProvince(ctx, actor, 'reporting.manage');
  await checkOwner(ctx, rootId, body.ownerAgencyId);
  const at = ctx.now();
  return ctx.connection.db.transaction(async (tx) => {
    const row = await insertProject(tx, { id: randomUUID(), ...columns(body), createdAt: at, updatedAt: at });
    if (!row) {
      throw new CongsoError('VALIDATION_FAILED', {
        messages: { vi: `Đã có dự án mã ${body.code}.`, en: `A project ${body.code} already exists.` },
        details: [{ path: 'code', code: 'duplicate' }],
      });
    }
    await recordAudit(tx, {
      occurredAt: at,
      actorId: actor.id,
      action: 'reporting.project.create',
      entityType: 'reporting_project',
      entityId: row.id,
      agencyId: rootId,
      data: columns(body),
      ...meta,
    });
    return row;
  });
}

export async function editProject(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: ProjectInput & { version: number },
  meta: RequestMeta,
) {
  const rootId = await requireProvince(ctx, actor, 'reporting.manage');
  const current = isUuid(id) ? await getProject(ctx.connection.db, id) : undefined;
  if (!current) throw new CongsoError('NOT_FOUND');
  await checkOwner(ctx, rootId, body.ownerAgencyId);
  const at = ctx.now();
  return ctx.connection.db.transaction(async (tx) => {
    const row = await updateProject(tx, id, body.version, { ...columns(body), updatedAt: at }).catch(() => {
      throw new CongsoError('VALIDATION_FAILED', {
        messages: { vi: `Đã có dự án mã ${body.code}.`, en: `A project ${body.code} already exists.` },
        details: [{ path: 'code', code: 'duplicate' }],
      });
    });
    if (!row) throw new CongsoError('VERSION_CONFLICT');
    await recordAudit(tx, {
      occurredAt: at,
      actorId: actor.id,
      action: 'reporting.project.edit',
      entityType: 'reporting_project',
      entityId: row.id,
      agencyId: rootId,
      data: { from: current.status, to: row.status, ...columns(body) },
      ...meta,
    });
    return row;
  });
}

export async function saveRank(
  ctx: AppContext,
  actor: Actor,
  year: number,
  body: z.output<typeof yearRankBodySchema>,
  meta: RequestMeta,
) {
  const rootId = await requireProvince(ctx, actor, 'reporting.manage');
  const at = ctx.now();
  return ctx.connection.db.transaction(async (tx) => {
    const { version, ...set } = body;
    const row = await saveYearRank(tx, year, version, { ...set, updatedAt: at });
    if (!row) throw new CongsoError('VERSION_CONFLICT');
    await recordAudit(tx, {
      occurredAt: at,
      actorId: actor.id,
      action: 'reporting.rank.save',
      entityType: 'reporting_year_rank',
      entityId: String(year),
      agencyId: rootId,
      data: set,
      ...meta,
    });
    return row;
  });
}
