/**
 * Reading the service-quality index: for one scope and period (with its trend), a ranking of the agencies or
 * communes, and the dossiers behind a figure with the reason each counts. Every view first catches the
 * counters up (cheap when nothing changed), then reads counters, never all dossiers: the sealed periods from
 * `ioc_counts`, the current ones' "in progress" figures live from the open dossiers' facts.
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
  agencySubtreeIds,
  countIocOpenNow,
  findIocFacts,
  loadAgencyTree,
  readIocCounts,
  readIocState,
} from '@congso/db';
import { isUuid } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { catchUpIoc } from './ioc-upkeep';

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
}

const notFound = () => new CongsoError('NOT_FOUND');

/** The province's root agency of the actor, and whether the actor reads the whole province. */
async function reachOf(ctx: AppContext, actor: Actor) {
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
      return { kind, id: reach.provinceId, name: byId.get(reach.provinceId)?.name ?? '', provinceId: reach.provinceId };
    }
    if (!q.id) throw new CongsoError('VALIDATION_FAILED', { details: [{ path: 'id', code: 'required' }] });
    return { kind, id: q.id, name: q.id, provinceId: reach.provinceId };
  }
  const id = q.id ?? (actor.agencyId as string);
  const agency = isUuid(id) ? byId.get(id) : undefined;
  if (!agency || (kind === 'commune' && agency.kind !== 'commune')) throw notFound();
  const path = (await agencyPath(db, id)).map((a) => a.id);
  if (path[0] !== reach.provinceId || !can(actor, 'ioc.read', { agencyPath: path })) throw notFound();
  return { kind, id, name: agency.name, provinceId: reach.provinceId };
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
    scopeId: scope.id,
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
      scopeId: scope.id,
      provinceId: scope.provinceId,
      now,
    });
    const c = out.get(live.key) as IocCounts;
    c.open_end += open.get(scope.id)?.open ?? 0;
    c.open_end_late += open.get(scope.id)?.late ?? 0;
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
  trend: { key: string; score: number | null; measuredPoints: number; onTime: number | null }[];
}

/** The index of a scope and period, with the score of the five periods before it. */
export async function indexView(ctx: AppContext, actor: Actor, q: ScopeQuery): Promise<IndexView> {
  const scope = await resolveScope(ctx, actor, q);
  const period = resolvePeriod(ctx, q);
  await catchUpIoc(ctx.connection.db, ctx.now());
  const periods = [period];
  while (periods.length < 6) periods.unshift(previousPeriod(periods[0] as Period));
  const counts = await countsFor(ctx, scope, periods);
  const { horizon } = await readIocState(ctx.connection.db);
  const trend = periods.map((p) => {
    const s = score(p, counts.get(p.key) as IocCounts);
    const onTime = s?.groups.find((g) => g.code === 'TDGQ')?.indicators[0]?.ratio ?? null;
    return { key: p.key, score: s?.score ?? null, measuredPoints: s?.measuredPoints ?? 0, onTime };
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
  score: number | null;
  measuredPoints: number;
  onTime: number | null;
  received: number;
  finished: number;
  late: number;
  openLate: number;
}

/** Agencies or communes in the caller's reach ranked by their index for a period (best first, no score last). */
export async function rankingView(
  ctx: AppContext,
  actor: Actor,
  q: { scope: 'agency' | 'commune'; period: PeriodKind; key?: string },
): Promise<{ period: { kind: PeriodKind; key: string }; rows: RankingRow[] }> {
  const db = ctx.connection.readDb ?? ctx.connection.db;
  const reach = await reachOf(ctx, actor);
  const period = resolvePeriod(ctx, q);
  await catchUpIoc(ctx.connection.db, ctx.now());
  const agencies = await loadAgencyTree(db);
  const names = new Map(agencies.map((a) => [a.id, a.name]));
  const allowed = reach.province ? null : new Set(await agencySubtreeIds(db, actor.agencyId as string));
  const rows = await readIocCounts(db, {
    scopeKind: q.scope,
    scopeId: null,
    periodKind: period.kind,
    periodKeys: [period.key],
  });
  const { horizon } = await readIocState(db);
  const byScope = new Map<string, { measure: string; value: number }[]>();
  for (const r of rows) byScope.set(r.scopeId, [...(byScope.get(r.scopeId) ?? []), r]);
  const open = isLive(period, ctx.now(), horizon)
    ? await countIocOpenNow(db, { scopeKind: q.scope, scopeId: null, provinceId: reach.provinceId, now: ctx.now() })
    : new Map<string, { open: number; late: number }>();
  const ids = new Set([...byScope.keys(), ...open.keys()]);
  const out: RankingRow[] = [];
  for (const id of ids) {
    if (!names.has(id) || (allowed && !allowed.has(id))) continue;
    const counts = countsFrom(byScope.get(id) ?? []);
    counts.open_end += open.get(id)?.open ?? 0;
    counts.open_end_late += open.get(id)?.late ?? 0;
    const s = score(period, counts);
    out.push({
      id,
      name: names.get(id) as string,
      score: s?.score ?? null,
      measuredPoints: s?.measuredPoints ?? 0,
      onTime: s?.groups.find((g) => g.code === 'TDGQ')?.indicators[0]?.ratio ?? null,
      received: counts.received,
      finished: counts.finished,
      late: counts.finished_late,
      openLate: counts.open_end_late,
    });
  }
  const collator = new Intl.Collator('vi');
  out.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || collator.compare(a.name, b.name));
  return { period: { kind: period.kind, key: period.key }, rows: out };
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
  await catchUpIoc(ctx.connection.db, ctx.now());
  const db = ctx.connection.readDb ?? ctx.connection.db;
  const now = ctx.now();
  const { horizon } = await readIocState(db);
  const live = isLive(period, now, horizon);
  const on = onOf(q.measure);
  // In progress: at the period's end when sealed, now when live.
  const at = on === 'open_at' && live ? now : period.end;
  const cap = 5000;
  const candidates = await findIocFacts(db, {
    scopeKind: scope.kind,
    scopeId: scope.id,
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
    const cell = cellKey({
      scopeKind: scope.kind,
      scopeId: scope.id,
      periodKind: period.kind,
      periodKey: period.key,
      measure: q.measure,
    });
    const sealAt = horizon ?? period.start;
    kept = candidates.filter((f) => contributionsOf(f, sealAt).has(cell));
  }
  const reasonAt = on === 'open_at' ? at : undefined;
  return {
    total: kept.length,
    truncated: candidates.length === cap,
    items: kept.slice(q.offset, q.offset + q.limit).map((fact) => ({ fact, reason: reasonOf(fact, reasonAt) })),
  };
}
