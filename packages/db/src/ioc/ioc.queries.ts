/**
 * The service-quality index's storage: dossiers waiting to be counted (`ioc_pending`), each dossier's fact
 * (`ioc_facts`), the counters per scope, period and measure (`ioc_counts`) and the sealed horizon
 * (`ioc_state`). The counters are only ever changed by adding deltas (core `contributionDelta`).
 */

import type { DossierEvent, IocDossierFact, IocScopeKind, PeriodKind } from '@congso/core';
import { sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../connection';

const isoPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const revive = (_: string, v: unknown) => (typeof v === 'string' && isoPattern.test(v) ? new Date(v) : v);
const instant = (v: Date | string | null) => (v === null ? null : new Date(v));

/** Takes up to `limit` dossiers marked for counting (deleted in the caller's transaction; skipped if locked). */
export async function takeIocPending(tx: Executor, limit: number): Promise<string[]> {
  const rows = await queryRows<{ dossier_id: string }>(
    tx,
    sql`delete from ioc_pending where dossier_id in (
          select dossier_id from ioc_pending order by dossier_id limit ${limit} for update skip locked)
        returning dossier_id`,
  );
  return rows.map((r) => r.dossier_id).sort();
}

export async function countIocPending(db: Executor): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(db, sql`select count(*) as n from ioc_pending`);
  return Number(row?.n ?? 0);
}

/** The action logs of several dossiers (oldest first each), with their instants back as Dates. */
export async function loadEventsOfDossiers(db: Executor, ids: readonly string[]): Promise<Map<string, DossierEvent[]>> {
  const out = new Map<string, DossierEvent[]>();
  if (ids.length === 0) return out;
  const rows = await queryRows<{ dossier_id: string; event: unknown }>(
    db,
    sql`select dossier_id, event from dossier_events where dossier_id = any(${sql.param([...ids])}::uuid[])
        order by dossier_id, version`,
  );
  for (const r of rows) {
    const text = typeof r.event === 'string' ? r.event : JSON.stringify(r.event);
    const event = JSON.parse(text, revive) as DossierEvent;
    const list = out.get(r.dossier_id);
    if (list) list.push(event);
    else out.set(r.dossier_id, [event]);
  }
  return out;
}

export interface IocDossierContext {
  id: string;
  procedureName: string;
  field: string;
  serviceMode: string;
  /** When the national portal first accepted the dossier's creation (the sync's fact), or null. */
  portalSyncedAt: Date | null;
  /** The dossier's digitisation flags (columns set by the changes that make them true). */
  flags: { digitisedAt: Date | null; resultElectronicAt: Date | null; reusedDataAt: Date | null };
}

/** What the log does not hold: the procedure version's name, field and service mode, the dossier's flags. */
export async function loadIocContexts(db: Executor, ids: readonly string[]): Promise<Map<string, IocDossierContext>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{
    id: string;
    procedure_name: string;
    field: string;
    service_mode: string;
    created_synced_at: Date | string | null;
    digitised_at: Date | string | null;
    result_electronic_at: Date | string | null;
    reused_data_at: Date | string | null;
  }>(
    db,
    sql`select d.id, d.procedure_name, v.field, v.service_mode, s.created_synced_at, d.digitised_at,
          d.result_electronic_at, d.reused_data_at
        from dossiers d
        join procedure_versions v on v.id = d.procedure_version_id
        left join portal_sync_facts s on s.dossier_id = d.id
        where d.id = any(${sql.param([...ids])}::uuid[])`,
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        procedureName: r.procedure_name,
        field: r.field,
        serviceMode: r.service_mode,
        portalSyncedAt: r.created_synced_at === null ? null : new Date(r.created_synced_at),
        flags: {
          digitisedAt: r.digitised_at ? new Date(r.digitised_at) : null,
          resultElectronicAt: r.result_electronic_at ? new Date(r.result_electronic_at) : null,
          reusedDataAt: r.reused_data_at ? new Date(r.reused_data_at) : null,
        },
      },
    ]),
  );
}

/** Every agency row (current and closed): the tree the scopes are found in. */
export async function loadAgencyTree(
  db: Executor,
): Promise<{ id: string; parentId: string | null; kind: string; name: string; adminUnitCode: string | null }[]> {
  const rows = await queryRows<{
    id: string;
    parent_id: string | null;
    kind: string;
    name: string;
    admin_unit_code: string | null;
  }>(db, sql`select id, parent_id, kind, name, admin_unit_code from agencies`);
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    kind: r.kind,
    name: r.name,
    adminUnitCode: r.admin_unit_code,
  }));
}

function factOfRow(r: { fact: unknown }): IocDossierFact {
  return (typeof r.fact === 'string' ? JSON.parse(r.fact) : r.fact) as IocDossierFact;
}

export async function loadIocFacts(db: Executor, ids: readonly string[]): Promise<Map<string, IocDossierFact>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{ dossier_id: string; fact: unknown }>(
    db,
    sql`select dossier_id, fact from ioc_facts where dossier_id = any(${sql.param([...ids])}::uuid[])`,
  );
  return new Map(rows.map((r) => [r.dossier_id, factOfRow(r)]));
}

/** Writes facts (insert or replace). */
export async function saveIocFacts(tx: Executor, facts: readonly IocDossierFact[]): Promise<void> {
  if (facts.length === 0) return;
  const rows = facts.map((f) => ({
    dossier_id: f.dossierId,
    province_id: f.provinceId,
    agency_id: f.agencyId,
    commune_id: f.communeId,
    field: f.field,
    received_at: f.receivedAt,
    ended_at: f.endedAt,
    due_at: f.dueAt,
    waiting_since: f.waitingSince,
    late_flag: f.lateBySupplements || f.lateApologies > 0,
    fact: f,
  }));
  await tx.execute(
    sql`insert into ioc_facts (dossier_id, province_id, agency_id, commune_id, field, received_at, ended_at, due_at,
          waiting_since, late_flag, fact)
        select dossier_id, province_id, agency_id, commune_id, field, received_at, ended_at, due_at, waiting_since,
          late_flag, fact
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(dossier_id uuid, province_id uuid, agency_id uuid,
          commune_id uuid, field text, received_at timestamptz, ended_at timestamptz, due_at timestamptz,
          waiting_since timestamptz, late_flag boolean, fact jsonb)
        on conflict (dossier_id) do update set province_id = excluded.province_id, agency_id = excluded.agency_id,
          commune_id = excluded.commune_id, field = excluded.field, received_at = excluded.received_at,
          ended_at = excluded.ended_at, due_at = excluded.due_at, waiting_since = excluded.waiting_since,
          late_flag = excluded.late_flag, fact = excluded.fact`,
  );
}

/** Adds deltas to the counters (`scopeKind|scopeId|periodKind|periodKey|measure` → n), in key order. */
export async function addIocCounts(tx: Executor, delta: ReadonlyMap<string, number>): Promise<void> {
  const rows = [...delta]
    .filter(([, v]) => v !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => {
      const [scope_kind, scope_id, period_kind, period_key, measure] = key.split('|');
      return { scope_kind, scope_id, period_kind, period_key, measure, value };
    });
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000);
    await tx.execute(
      sql`insert into ioc_counts (scope_kind, scope_id, period_kind, period_key, measure, value)
          select scope_kind, scope_id, period_kind, period_key, measure, value
          from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as x(scope_kind text, scope_id text,
            period_kind text, period_key text, measure text, value bigint)
          on conflict (scope_kind, period_kind, period_key, scope_id, measure)
          do update set value = ioc_counts.value + excluded.value`,
    );
  }
  // Cells that fell to zero are removed, so a rebuild and the running counters hold the same rows.
  if (rows.some((r) => r.value < 0)) await tx.execute(sql`delete from ioc_counts where value = 0`);
}

/**
 * Locks the state row for one consumer at a time; null when another consumer holds it (it is counting
 * already). Creates the row on first use.
 */
export async function lockIocState(tx: Executor): Promise<{ horizon: Date | null } | null> {
  await tx.execute(sql`insert into ioc_state (id) values (1) on conflict (id) do nothing`);
  const [row] = await queryRows<{ horizon: Date | string | null }>(
    tx,
    sql`select horizon from ioc_state where id = 1 for update skip locked`,
  );
  return row ? { horizon: instant(row.horizon) } : null;
}

export async function readIocState(db: Executor): Promise<{ horizon: Date | null; rebuiltAt: Date | null }> {
  const [row] = await queryRows<{ horizon: Date | string | null; rebuilt_at: Date | string | null }>(
    db,
    sql`select horizon, rebuilt_at from ioc_state where id = 1`,
  );
  return { horizon: instant(row?.horizon ?? null), rebuiltAt: instant(row?.rebuilt_at ?? null) };
}

export async function setIocHorizon(tx: Executor, horizon: Date): Promise<void> {
  await tx.execute(sql`update ioc_state set horizon = ${horizon.toISOString()}::timestamptz where id = 1`);
}

/** Marks that the counters changed (in the catch-up's transaction): the dashboards' live updates watch it. */
export async function bumpIocGeneration(tx: Executor): Promise<void> {
  await tx.execute(sql`update ioc_state set generation = generation + 1 where id = 1`);
}

/** How many times the counters changed (0 before the first count). */
export async function readIocGeneration(db: Executor): Promise<number> {
  const [row] = await queryRows<{ generation: number | string }>(
    db,
    sql`select generation from ioc_state where id = 1`,
  );
  return Number(row?.generation ?? 0);
}

/** Facts whose in-progress counts may change when the horizon moves from `from` to `to`. */
export async function loadIocFactsOpenBetween(tx: Executor, from: Date, to: Date): Promise<IocDossierFact[]> {
  const rows = await queryRows<{ fact: unknown }>(
    tx,
    sql`select fact from ioc_facts where received_at < ${to.toISOString()}::timestamptz
          and (ended_at is null or ended_at > ${from.toISOString()}::timestamptz)
        order by dossier_id`,
  );
  return rows.map(factOfRow);
}

/** Empties the counters and facts and marks every dossier for counting (`congso ioc rebuild`). */
export async function resetIoc(tx: Executor, at: Date): Promise<number> {
  await tx.execute(sql`insert into ioc_state (id) values (1) on conflict (id) do nothing`);
  await tx.execute(sql`select id from ioc_state where id = 1 for update`);
  await tx.execute(sql`delete from ioc_counts`);
  await tx.execute(sql`delete from ioc_facts`);
  await tx.execute(sql`delete from ioc_pending`);
  const rows = await queryRows<{ n: number | string }>(
    tx,
    sql`with p as (insert into ioc_pending (dossier_id) select id from dossiers returning 1) select count(*) as n from p`,
  );
  await tx.execute(
    sql`update ioc_state set horizon = null, rebuilt_at = ${at.toISOString()}::timestamptz where id = 1`,
  );
  return Number(rows[0]?.n ?? 0);
}

export interface IocCountRow {
  scopeKind: IocScopeKind;
  scopeId: string;
  periodKind: PeriodKind;
  periodKey: string;
  measure: string;
  value: number;
}

/** The counters of a scope kind for some periods (one scope, or every scope of the kind when `scopeId` is null). */
export async function readIocCounts(
  db: Executor,
  query: { scopeKind: IocScopeKind; scopeId: IocScopeIds; periodKind: PeriodKind; periodKeys: readonly string[] },
): Promise<IocCountRow[]> {
  if (query.periodKeys.length === 0) return [];
  const rows = await queryRows<{
    scope_kind: IocScopeKind;
    scope_id: string;
    period_kind: PeriodKind;
    period_key: string;
    measure: string;
    value: number | string;
  }>(
    db,
    sql`select scope_kind, scope_id, period_kind, period_key, measure, value from ioc_counts
        where scope_kind = ${query.scopeKind} and period_kind = ${query.periodKind}
          and period_key = any(${sql.param([...query.periodKeys])}::text[])
          ${scopeFilter(sql.raw('scope_id'), query.scopeId)}
        order by scope_id, period_key, measure`,
  );
  return rows.map((r) => ({
    scopeKind: r.scope_kind,
    scopeId: r.scope_id,
    periodKind: r.period_kind,
    periodKey: r.period_key,
    measure: r.measure,
    value: Number(r.value),
  }));
}

export async function countIocCells(db: Executor): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(db, sql`select count(*) as n from ioc_counts`);
  return Number(row?.n ?? 0);
}

/** Every counter row, in key order (tests compare a rebuild with the running counters). */
export async function allIocCounts(db: Executor): Promise<string[]> {
  const rows = await queryRows<{ k: string }>(
    db,
    sql`select scope_kind || '|' || scope_id || '|' || period_kind || '|' || period_key || '|' || measure || '=' || value as k
        from ioc_counts order by 1`,
  );
  return rows.map((r) => r.k);
}

/** One scope id, several (an agency with its sub-units), or every scope of the kind (null). */
export type IocScopeIds = string | readonly string[] | null;

const scopeFilter = (col: ReturnType<typeof sql.raw>, ids: IocScopeIds) =>
  ids === null
    ? sql``
    : typeof ids === 'string'
      ? sql`and ${col} = ${ids}`
      : sql`and ${col} = any(${sql.param([...ids])}::text[])`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The facts of a scope, compared on the uuid column itself (a cast of the column to text would keep its
 * indexes, `(agency_id, received_at)` and the like, from being used). An id that is not a uuid names no scope.
 */
const factScopeFilter = (kind: IocScopeKind, ids: IocScopeIds) => {
  if (kind === 'field' || ids === null) return scopeFilter(scopeColumn[kind], ids);
  const col = sql.raw(`${kind}_id`);
  const list = (typeof ids === 'string' ? [ids] : [...ids]).filter((id) => UUID.test(id));
  if (list.length === 0) return sql`and false`;
  return list.length === 1 ? sql`and ${col} = ${list[0]}::uuid` : sql`and ${col} = any(${sql.param(list)}::uuid[])`;
};

const scopeColumn = {
  province: sql.raw('province_id::text'),
  agency: sql.raw('agency_id::text'),
  commune: sql.raw('commune_id::text'),
  field: sql.raw('field'),
} as const satisfies Record<IocScopeKind, unknown>;

/**
 * Core's `isLateWhileOpen` in SQL, for a fact in progress at `now` (ISO): too many supplement requests or an
 * apology (`late_flag`), or past its due date, the clock stopped at an unanswered supplement request.
 */
const lateWhileOpenAt = (now: string) =>
  sql`(late_flag or (due_at is not null and
    (case when waiting_since is not null and waiting_since <= ${now}::timestamptz then waiting_since
          else ${now}::timestamptz end) > due_at))`;

/**
 * Dossiers in progress now, per scope of a kind (every scope, or one), and how many are late at `now` (the
 * same rule as core `isLateWhileOpen`): the current periods' "in progress" figures.
 */
export async function countIocOpenNow(
  db: Executor,
  query: { scopeKind: IocScopeKind; scopeId: IocScopeIds; provinceId: string; now: Date },
): Promise<Map<string, { open: number; late: number }>> {
  const col = scopeColumn[query.scopeKind];
  const now = query.now.toISOString();
  const rows = await queryRows<{ scope_id: string | null; open: number | string; late: number | string }>(
    db,
    sql`select ${col} as scope_id, count(*) as open,
          count(*) filter (where ${lateWhileOpenAt(now)}) as late
        from ioc_facts
        where province_id = ${query.provinceId}::uuid and received_at is not null and ended_at is null
          and received_at < ${now}::timestamptz
          ${factScopeFilter(query.scopeKind, query.scopeId)}
        group by 1`,
  );
  const out = new Map<string, { open: number; late: number }>();
  for (const r of rows) {
    if (r.scope_id !== null) out.set(r.scope_id, { open: Number(r.open), late: Number(r.late) });
  }
  return out;
}

/**
 * The dossiers in progress now in a scope, as the live "in progress" figures count them (`countIocOpenNow`):
 * all of them, the late ones, or those due within `soonBefore` and not late. One page in the drill-down's order
 * and the total, both in SQL (the open-dossier index narrows the rows; nothing is sorted in the server).
 */
export async function findIocOpenFacts(
  db: Executor,
  query: {
    scopeKind: IocScopeKind;
    scopeId: string | readonly string[];
    now: Date;
    which: 'open' | 'late' | 'due_soon';
    soonBefore?: Date;
    limit: number;
    offset: number;
  },
): Promise<{ total: number; facts: IocDossierFact[] }> {
  const now = query.now.toISOString();
  const late = lateWhileOpenAt(now);
  const which =
    query.which === 'open'
      ? sql``
      : query.which === 'late'
        ? sql`and ${late}`
        : sql`and not ${late} and due_at is not null and due_at <= ${(query.soonBefore ?? query.now).toISOString()}::timestamptz`;
  const where = sql`received_at is not null and ended_at is null and received_at < ${now}::timestamptz
    ${factScopeFilter(query.scopeKind, query.scopeId)} ${which}`;
  const [counted] = await queryRows<{ n: number | string }>(
    db,
    sql`select count(*) as n from ioc_facts where ${where}`,
  );
  const total = Number(counted?.n ?? 0);
  if (total === 0 || query.offset >= total) return { total, facts: [] };
  // The page's ids first, from the covering index alone (ioc_facts_open_cover_idx, migration 0034), then only
  // those facts' rows: sorting the open facts' full rows read each one (about 1 kB) for a page of 50.
  const rows = await queryRows<{ fact: unknown }>(
    db,
    sql`select fact from ioc_facts where dossier_id in (
          select dossier_id from ioc_facts where ${where}
          order by coalesce(due_at, received_at), dossier_id limit ${query.limit} offset ${query.offset})
        order by coalesce(due_at, received_at), dossier_id`,
  );
  return { total, facts: rows.map(factOfRow) };
}

/**
 * Candidate facts for a drill-down: in a scope, with the given instant column in [from, to), or in progress
 * at `to` (received before it, not ended before it). The caller keeps those that count in the figure.
 */
export async function findIocFacts(
  db: Executor,
  query: {
    scopeKind: IocScopeKind;
    scopeId: string | readonly string[];
    on: 'received' | 'ended' | 'open_at';
    from: Date;
    to: Date;
    limit: number;
  },
): Promise<IocDossierFact[]> {
  const from = query.from.toISOString();
  const to = query.to.toISOString();
  const when =
    query.on === 'received'
      ? sql`received_at >= ${from}::timestamptz and received_at < ${to}::timestamptz`
      : query.on === 'ended'
        ? sql`ended_at >= ${from}::timestamptz and ended_at < ${to}::timestamptz`
        : sql`received_at < ${to}::timestamptz and (ended_at is null or ended_at >= ${to}::timestamptz)`;
  const rows = await queryRows<{ fact: unknown }>(
    db,
    sql`select fact from ioc_facts where true ${factScopeFilter(query.scopeKind, query.scopeId)} and ${when}
        order by coalesce(due_at, received_at), dossier_id limit ${query.limit}`,
  );
  return rows.map(factOfRow);
}
