/**
 * Reading the service-quality index: for one scope and period (with its trend), a ranking of the agencies or
 * communes, and the dossiers behind a figure with the reason each counts. A view only reads (the counters are
 * kept by the upkeep timer of server.ts, never on a GET): the sealed periods from `ioc_counts`, the current
 * ones' "in progress" figures live from the open dossiers' facts. An agency's figures include its sub-units'.
 */

import {
  type Actor,
  CongsoError,
  can,
  cellKey,
  contributionsOf,
  emptyCounts,
  type IndexScore,
  type IocCounts,
  type IocDossierFact,
  type IocMeasure,
  type IocScopeKind,
  iocMeasures,
  isLateWhileOpen,
  isOpenAt,
  type LocalizedText,
  type Period,
  type PeriodKind,
  parsePeriod,
  periodOf,
  previousPeriod,
  reasonOf,
  schemeFor,
  scoreIndex,
} from '@congso/core';
import {
  agencyPath,
  countIocOpenNow,
  findIocFacts,
  findIocOpenFacts,
  loadAgencyTree,
  readIocCounts,
  readIocState,
} from '@congso/db';
import { isUuid } from '../http/schemas';
import type { AppContext } from '../platform/context';

export interface ScopeQuery {
  scope?: IocScopeKind;
  id?: string;
  period: PeriodKind;
  key?: string;
}

export interface ResolvedScope {
  kind: IocScopeKind;
  id: string;
  name: string;
  provinceId: string;
  /** The scope ids whose counters add up to this one: an agency and every agency under it; else the id. */
  ids: string[];
}

const notFound = () => new CongsoError('NOT_FOUND');

/** The province's root agency of the actor, and whether the actor reads the whole province. */
export async function reachOf(ctx: AppContext, actor: Actor) {
  if (!actor.agencyId || !can(actor, 'ioc.read')) throw new CongsoError('FORBIDDEN');
  const path = (await agencyPath(ctx.connection.db, actor.agencyId)).map((a) => a.id);
  const provinceId = path[0] as string;
  return { provinceId, province: can(actor, 'ioc.read', { agencyPath: [provinceId] }) };
}

/** The scope asked for, or the widest the actor reads; 404 for one out of reach or unknown. */
export async function resolveScope(
  ctx: AppContext,
  actor: Actor,
  q: Pick<ScopeQuery, 'scope' | 'id'>,
): Promise<ResolvedScope> {
  const db = ctx.connection.db;
  const reach = await reachOf(ctx, actor);
  const agencies = await loadAgencyTree(db);
  const byId = new Map(agencies.map((a) => [a.id, a]));
  const kind = q.scope ?? (reach.province ? 'province' : 'agency');
  if (kind === 'province' || kind === 'field') {
    if (!reach.province) throw notFound();
    if (kind === 'province') {
      return {
        kind,
        id: reach.provinceId,
        name: byId.get(reach.provinceId)?.name ?? '',
        provinceId: reach.provinceId,
        ids: [reach.provinceId],
      };
    }
    if (!q.id) throw new CongsoError('VALIDATION_FAILED', { details: [{ path: 'id', code: 'required' }] });
    return { kind, id: q.id, name: q.id, provinceId: reach.provinceId, ids: [q.id] };
  }
  const id = q.id ?? (actor.agencyId as string);
  const agency = isUuid(id) ? byId.get(id) : undefined;
  if (!agency || (kind === 'commune' && agency.kind !== 'commune')) throw notFound();
  const path = (await agencyPath(db, id)).map((a) => a.id);
  if (path[0] !== reach.provinceId || !can(actor, 'ioc.read', { agencyPath: path })) throw notFound();
  const ids = kind === 'agency' ? subtreeOf(agencies, id) : [id];
  return { kind, id, name: agency.name, provinceId: reach.provinceId, ids };
}

/** An agency and every agency under it (the tree as loaded). */
export function subtreeOf(agencies: { id: string; parentId: string | null }[], id: string): string[] {
  const children = new Map<string, string[]>();
  for (const a of agencies) if (a.parentId) children.set(a.parentId, [...(children.get(a.parentId) ?? []), a.id]);
  const out = [id];
  for (let i = 0; i < out.length && i < 100_000; i++) out.push(...(children.get(out[i] as string) ?? []));
  return out;
}

export function resolvePeriod(ctx: AppContext, q: Pick<ScopeQuery, 'period' | 'key'>): Period {
  return q.key ? parsePeriod(q.period, q.key) : periodOf(q.period, ctx.now());
}

/** Whether the period's "in progress at the end" is counted live (it has not ended by the horizon). */
const isLive = (period: Period, now: Date, horizon: Date | null) =>
  period.start.getTime() <= now.getTime() && period.end.getTime() > now.getTime() && (!horizon || period.end > horizon);

function countsFrom(rows: { measure: string; value: number }[]): IocCounts {
  const counts = emptyCounts();
  for (const r of rows)
    if ((iocMeasures as readonly string[]).includes(r.measure)) counts[r.measure as IocMeasure] += r.value;
  return counts;
}

/** The counters of one scope for some periods of a kind, with the live in-progress figures where due. */
async function countsFor(ctx: AppContext, scope: ResolvedScope, periods: Period[]): Promise<Map<string, IocCounts>> {
  const db = ctx.connection.readDb ?? ctx.connection.db;
  const now = ctx.now();
  const rows = await readIocCounts(db, {
    scopeKind: scope.kind,
    scopeId: scope.ids,
    periodKind: periods[0]?.kind ?? 'month',
    periodKeys: periods.map((p) => p.key),
  });
  const { horizon } = await readIocState(db);
  const out = new Map<string, IocCounts>();
  for (const p of periods) out.set(p.key, countsFrom(rows.filter((r) => r.periodKey === p.key)));
  const live = periods.find((p) => isLive(p, now, horizon));
  if (live) {
    const open = await countIocOpenNow(db, {
      scopeKind: scope.kind,
      scopeId: scope.ids,
      provinceId: scope.provinceId,
      now,
    });
    const c = out.get(live.key) as IocCounts;
    for (const v of open.values()) {
      c.open_end += v.open;
      c.open_end_late += v.late;
    }
  }
  return out;
}

const dateKey = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

function score(period: Period, counts: IocCounts): IndexScore | null {
  const scheme = schemeFor(dateKey(period.start));
  return scheme ? scoreIndex(scheme, counts) : null;
}

export interface IndexView {
  scope: ResolvedScope;
  period: { kind: PeriodKind; key: string; start: Date; end: Date; live: boolean };
  scheme: { id: string; name: LocalizedText } | null;
  counts: IocCounts;
  index: IndexScore | null;
  trend: TrendPoint[];
}

export interface TrendPoint {
  key: string;
  score: number | null;
  measuredPoints: number;
  onTime: number | null;
  received: number;
  finished: number;
  late: number;
  openLate: number;
}

/** The index of a scope and period, with the score of the five periods before it. */
export async function indexView(ctx: AppContext, actor: Actor, q: ScopeQuery): Promise<IndexView> {
  const scope = await resolveScope(ctx, actor, q);
  const period = resolvePeriod(ctx, q);
  const periods = [period];
  while (periods.length < 6) periods.unshift(previousPeriod(periods[0] as Period));
  const counts = await countsFor(ctx, scope, periods);
  const { horizon } = await readIocState(ctx.connection.readDb ?? ctx.connection.db);
  const trend = periods.map((p): TrendPoint => {
    const c = counts.get(p.key) as IocCounts;
    const s = score(p, c);
    const onTime = s?.groups.find((g) => g.code === 'TDGQ')?.indicators[0]?.ratio ?? null;
    return {
      key: p.key,
      score: s?.score ?? null,
      measuredPoints: s?.measuredPoints ?? 0,
      onTime,
      received: c.received,
      finished: c.finished,
      late: c.finished_late,
      openLate: c.open_end_late,
    };
  });
  const own = counts.get(period.key) as IocCounts;
  const scheme = schemeFor(dateKey(period.start));
  return {
    scope,
    period: { ...period, live: isLive(period, ctx.now(), horizon) },
    scheme: scheme ? { id: scheme.id, name: scheme.name } : null,
    counts: own,
    index: score(period, own),
    trend,
  };
}

export interface RankingRow {
  id: string;
  name: string;
  /** The commune's administrative unit code (the map's feature code); null for other agencies and fields. */
  adminUnitCode: string | null;
  score: number | null;
  measuredPoints: number;
  onTime: number | null;
  received: number;
  finished: number;
  late: number;
  openLate: number;
  /** In progress at the period's end (now, for the current period). */
  inProgress: number;
}

/**
 * Agencies or communes in the caller's reach ranked by their index for a period (best first, no score last).
 * An agency's row adds up its sub-units' (a department with its units); the province's own agency is left
 * out of the agencies' ranking (its row would be the province).
 */
export async function rankingView(
  ctx: AppContext,
  actor: Actor,
  q: { scope: 'agency' | 'commune' | 'field'; period: PeriodKind; key?: string },
): Promise<{ period: { kind: PeriodKind; key: string }; rows: RankingRow[] }> {
  const reach = await reachOf(ctx, actor);
  if (q.scope === 'field' && !reach.province) throw notFound();
  const period = resolvePeriod(ctx, q);
  const rows = await rankingRows(ctx, {
    provinceId: reach.provinceId,
    under: reach.province ? null : (actor.agencyId as string),
    scope: q.scope,
    period,
  });
  return { period: { kind: period.kind, key: period.key }, rows };
}

/**
 * The ranking's rows of a province (or of the agencies under `under`, inclusive) for a period: what the
 * ranking shows and what the alert rules judge.
 */
export async function rankingRows(
  ctx: AppContext,
  q: { provinceId: string; under: string | null; scope: 'agency' | 'commune' | 'field'; period: Period },
): Promise<RankingRow[]> {
  const db = ctx.connection.readDb ?? ctx.connection.db;
  const { period } = q;
  const reach = { provinceId: q.provinceId };
  const agencies = await loadAgencyTree(db);
  const names = new Map(agencies.map((a) => [a.id, a.name]));
  const codes = new Map(agencies.map((a) => [a.id, a.adminUnitCode]));
  const allowed = q.under === null ? null : new Set(subtreeOf(agencies, q.under));
  const rows = await readIocCounts(db, {
    scopeKind: q.scope,
    scopeId: null,
    periodKind: period.kind,
    periodKeys: [period.key],
  });
  const { horizon } = await readIocState(db);
  const own = new Map<string, IocCounts>();
  for (const r of rows) {
    const c = own.get(r.scopeId) ?? emptyCounts();
    if ((iocMeasures as readonly string[]).includes(r.measure)) c[r.measure as IocMeasure] += r.value;
    own.set(r.scopeId, c);
  }
  if (isLive(period, ctx.now(), horizon)) {
    const open = await countIocOpenNow(db, {
      scopeKind: q.scope,
      scopeId: null,
      provinceId: reach.provinceId,
      now: ctx.now(),
    });
    for (const [id, v] of open) {
      const c = own.get(id) ?? emptyCounts();
      c.open_end += v.open;
      c.open_end_late += v.late;
      own.set(id, c);
    }
  }
  const candidates =
    q.scope !== 'agency'
      ? [...own.keys()].map((id) => [id, [id]] as const)
      : agencies
          .filter((a) => a.id !== reach.provinceId)
          .map((a) => [a.id, subtreeOf(agencies, a.id)] as const)
          .filter(([, ids]) => ids.some((id) => own.has(id)));
  const out: RankingRow[] = [];
  for (const [id, ids] of candidates) {
    if (q.scope !== 'field' && (!names.has(id) || (allowed && !allowed.has(id)))) continue;
    const counts = emptyCounts();
    for (const sub of ids) {
      const c = own.get(sub);
      if (c) for (const m of iocMeasures) counts[m] += c[m];
    }
    const s = score(period, counts);
    out.push({
      id,
      name: names.get(id) ?? id,
      adminUnitCode: q.scope === 'commune' ? (codes.get(id) ?? null) : null,
      score: s?.score ?? null,
      measuredPoints: s?.measuredPoints ?? 0,
      onTime: s?.groups.find((g) => g.code === 'TDGQ')?.indicators[0]?.ratio ?? null,
      received: counts.received,
      finished: counts.finished,
      late: counts.finished_late,
      openLate: counts.open_end_late,
      inProgress: counts.open_end,
    });
  }
  const collator = new Intl.Collator('vi');
  out.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || collator.compare(a.name, b.name));
  return out;
}

/** The figures a drill-down can open: every counter, and the dossiers due within two days (nearly late). */
export const drillMeasures = [...iocMeasures, 'due_soon'] as const;
export type DrillMeasure = (typeof drillMeasures)[number];

const onOf = (m: DrillMeasure): 'received' | 'ended' | 'open_at' =>
  m.startsWith('received') || m.startsWith('full_online')
    ? 'received'
    : m.startsWith('open_end') || m === 'due_soon'
      ? 'open_at'
      : 'ended';

export interface DrillItem {
  fact: IocDossierFact;
  reason: LocalizedText;
}

/** The dossiers behind a figure (up to `limit` after `offset`), each with why it counts. */
export async function drillDown(
  ctx: AppContext,
  actor: Actor,
  q: ScopeQuery & { measure: DrillMeasure; limit: number; offset: number },
): Promise<{ total: number; truncated: boolean; items: DrillItem[] }> {
  const scope = await resolveScope(ctx, actor, q);
  const period = resolvePeriod(ctx, q);
  const db = ctx.connection.readDb ?? ctx.connection.db;
  const now = ctx.now();
  const { horizon } = await readIocState(db);
  const live = isLive(period, now, horizon);
  const on = onOf(q.measure);
  // In progress: at the period's end when sealed, now when live.
  const at = on === 'open_at' && live ? now : period.end;
  if (on === 'open_at' && live) {
    // In progress now: chosen, counted and paged in SQL, as the live figures count them (countIocOpenNow).
    const { total, facts } = await findIocOpenFacts(db, {
      scopeKind: scope.kind,
      scopeId: scope.ids,
      now,
      which: q.measure === 'open_end' ? 'open' : q.measure === 'due_soon' ? 'due_soon' : 'late',
      soonBefore: new Date(now.getTime() + 2 * 86_400_000),
      limit: q.limit,
      offset: q.offset,
    });
    return { total, truncated: false, items: facts.map((fact) => ({ fact, reason: reasonOf(fact, now) })) };
  }
  const cap = 5000;
  const candidates = await findIocFacts(db, {
    scopeKind: scope.kind,
    scopeId: scope.ids,
    on,
    from: period.start,
    to: at,
    limit: cap,
  });
  let kept: IocDossierFact[];
  if (q.measure === 'due_soon') {
    const soon = now.getTime() + 2 * 86_400_000;
    kept = live
      ? candidates.filter(
          (f) => isOpenAt(f, now) && !isLateWhileOpen(f, now) && f.dueAt !== null && Date.parse(f.dueAt) <= soon,
        )
      : [];
  } else if (on === 'open_at' && live) {
    kept = candidates.filter((f) => isOpenAt(f, now) && (q.measure === 'open_end' || isLateWhileOpen(f, now)));
  } else {
    // An agency's figure adds up its sub-units': each dossier counts in its own agency's cell.
    const cellOf = (f: IocDossierFact) =>
      cellKey({
        scopeKind: scope.kind,
        scopeId: scope.kind === 'agency' ? f.agencyId : scope.id,
        periodKind: period.kind,
        periodKey: period.key,
        measure: q.measure as IocMeasure,
      });
    const sealAt = horizon ?? period.start;
    kept = candidates.filter((f) => contributionsOf(f, sealAt).has(cellOf(f)));
  }
  const reasonAt = on === 'open_at' ? at : undefined;
  return {
    total: kept.length,
    truncated: candidates.length === cap,
    items: kept.slice(q.offset, q.offset + q.limit).map((fact) => ({ fact, reason: reasonOf(fact, reasonAt) })),
  };
}
