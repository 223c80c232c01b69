import { sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../connection';

/**
 * The outbox of the sync to the national portal (`portal_sync_outbox`, see the schema): written in the
 * transaction of each dossier change, read by the delivery worker and the administrators' page.
 */

export type PortalSyncState = 'pending' | 'delivered' | 'dead';

export interface PortalSyncRow {
  id: number;
  dossierId: string;
  dossierCode: string | null;
  version: number;
  service: 'DongBoHoSoMC' | 'CapNhatTienDoHoSoMC';
  isUpdating: boolean;
  idempotencyKey: string;
  reason: 'change' | 'resync';
  state: PortalSyncState;
  attempts: number;
  nextAttemptAt: Date | null;
  payload: unknown;
  lastError: unknown;
  createdAt: Date;
  deliveredAt: Date | null;
}

interface RawRow {
  id: string | number;
  dossier_id: string;
  dossier_code?: string | null;
  version: number;
  service: PortalSyncRow['service'];
  is_updating: boolean;
  idempotency_key: string;
  reason: PortalSyncRow['reason'];
  state: PortalSyncState;
  attempts: number;
  next_attempt_at: Date | string | null;
  payload: unknown;
  last_error: unknown;
  created_at: Date | string;
  delivered_at: Date | string | null;
}

const when = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

function rowOf(r: RawRow): PortalSyncRow {
  return {
    id: Number(r.id),
    dossierId: r.dossier_id,
    dossierCode: r.dossier_code ?? null,
    version: r.version,
    service: r.service,
    isUpdating: r.is_updating,
    idempotencyKey: r.idempotency_key,
    reason: r.reason,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: when(r.next_attempt_at),
    payload: r.payload,
    lastError: r.last_error,
    createdAt: when(r.created_at) as Date,
    deliveredAt: when(r.delivered_at),
  };
}

/**
 * The SQL that queues the sync of dossier changes from a set of `(dossier_id, version)` rows named
 * `source` (a CTE or table of the caller): for each change the dossier record (DongBoHoSoMC, an update after
 * the opening event) and its progress step (CapNhatTienDoHoSoMC), in that order. A change queued twice is
 * kept once (its key).
 */
export const portalSyncInsertSql = (source: ReturnType<typeof sql>) => sql`
  insert into portal_sync_outbox (dossier_id, version, service, is_updating, idempotency_key)
  select c.dossier_id, c.version, s.service, c.version > 1,
    c.dossier_id::text || ':' || c.version || ':' || s.service
  from ${source} c
  cross join (values (1, 'DongBoHoSoMC'), (2, 'CapNhatTienDoHoSoMC')) as s(n, service)
  order by c.dossier_id, c.version, s.n
  on conflict (idempotency_key) do nothing`;

/** Queues the sync of dossier changes, in the transaction that made them. */
export async function queuePortalSync(
  tx: Executor,
  changes: readonly { dossierId: string; version: number }[],
): Promise<void> {
  if (changes.length === 0) return;
  const source = sql`(select unnest(${sql.param(changes.map((c) => c.dossierId))}::uuid[]) as dossier_id,
    unnest(${sql.param(changes.map((c) => c.version))}::int[]) as version)`;
  await tx.execute(portalSyncInsertSql(source));
}

/**
 * Claims up to `limit` rows a worker may deliver now, each the oldest undelivered row of its dossier (so a
 * later change waits for an earlier one, and a dead row holds its dossier's later rows until it is replayed),
 * due (`next_attempt_at`) and not held by another worker. The hold lasts until `until`: a killed worker's rows
 * come back when it runs out.
 */
export async function claimPortalSync(db: Executor, now: Date, until: Date, limit: number): Promise<PortalSyncRow[]> {
  const rows = await queryRows<RawRow>(
    db,
    sql`with heads as (
          select distinct on (dossier_id) id, state, next_attempt_at, claimed_until
          from portal_sync_outbox where state <> 'delivered'
          order by dossier_id, id
        ), due as (
          select id from heads
          where state = 'pending' and (next_attempt_at is null or next_attempt_at <= ${now.toISOString()}::timestamptz)
            and (claimed_until is null or claimed_until <= ${now.toISOString()}::timestamptz)
          order by id limit ${limit}
        )
        update portal_sync_outbox o set claimed_until = ${until.toISOString()}::timestamptz
        from due
        where o.id = due.id and o.state = 'pending'
          and (o.claimed_until is null or o.claimed_until <= ${now.toISOString()}::timestamptz)
        returning o.*`,
  );
  return rows.map(rowOf).sort((a, b) => a.id - b.id);
}

/** Keeps the body built for a row (sent unchanged on every attempt). */
export async function savePortalSyncPayload(db: Executor, id: number, payload: unknown): Promise<void> {
  await db.execute(
    sql`update portal_sync_outbox set payload = ${JSON.stringify(payload)}::jsonb where id = ${id} and payload is null`,
  );
}

/**
 * A delivered row; the first delivered creation of a dossier is its sync fact (QĐ 766 indicator 1.4), and the
 * dossier is marked for the index's upkeep.
 */
export async function markPortalSyncDelivered(db: Executor, id: number, at: Date): Promise<void> {
  await db.execute(
    sql`with d as (
          update portal_sync_outbox set state = 'delivered', delivered_at = ${at.toISOString()}::timestamptz,
            attempts = attempts + 1, claimed_until = null, last_error = null
          where id = ${id} and state = 'pending'
          returning dossier_id, service, is_updating
        ), f as (
          insert into portal_sync_facts (dossier_id, created_synced_at)
          select dossier_id, ${at.toISOString()}::timestamptz from d
          where service = 'DongBoHoSoMC' and not is_updating
          on conflict (dossier_id) do nothing
          returning dossier_id
        )
        insert into ioc_pending (dossier_id) select dossier_id from f
        on conflict (dossier_id) do update set marks = ioc_pending.marks + 1`,
  );
}

/**
 * A failed attempt: the row waits until `retryAt`, or is dead when `retryAt` is null (no attempt left, or the
 * portal refused the payload: sending it again would not change the answer).
 */
export async function markPortalSyncFailed(
  db: Executor,
  id: number,
  error: unknown,
  retryAt: Date | null,
): Promise<void> {
  await db.execute(
    sql`update portal_sync_outbox set attempts = attempts + 1, last_error = ${JSON.stringify(error)}::jsonb,
          claimed_until = null, next_attempt_at = ${retryAt ? retryAt.toISOString() : null}::timestamptz,
          state = ${retryAt ? 'pending' : 'dead'}
        where id = ${id} and state = 'pending'`,
  );
}

/**
 * Puts dead rows back in the queue (all of them when no id is given), their body to be built again from the
 * log (a mapping corrected since applies); returns how many.
 */
export async function replayPortalSync(db: Executor, ids?: readonly number[]): Promise<number> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update portal_sync_outbox set state = 'pending', attempts = 0, next_attempt_at = null, claimed_until = null,
          payload = null
        where state = 'dead' ${ids ? sql`and id = any(${sql.param(ids.map(String))}::bigint[])` : sql``}
        returning id`,
  );
  return rows.length;
}

/**
 * Queues the whole record of every dossier changed since `since` again (DongBoHoSoMC as a creation, which the
 * client turns into an update when the portal already has it), under new keys (`…:resync:<stamp>`): the portal
 * receives the current state once more. Returns how many dossiers.
 */
export async function queuePortalResync(db: Executor, since: Date, stamp: string): Promise<number> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`insert into portal_sync_outbox (dossier_id, version, service, is_updating, idempotency_key, reason)
        select id, version, 'DongBoHoSoMC', false, id::text || ':' || version || ':DongBoHoSoMC:resync:' || ${stamp}, 'resync'
        from dossiers where updated_at >= ${since.toISOString()}::timestamptz
        order by updated_at, id
        on conflict (idempotency_key) do nothing
        returning id`,
  );
  return rows.length;
}

export interface PortalSyncCounts {
  pending: number;
  delivered: number;
  dead: number;
  /** Dossiers whose sync waits behind a dead row. */
  blockedDossiers: number;
  oldestPendingAt: Date | null;
}

export async function portalSyncCounts(db: Executor): Promise<PortalSyncCounts> {
  const [r] = await queryRows<{
    pending: string;
    delivered: string;
    dead: string;
    blocked: string;
    oldest: Date | string | null;
  }>(
    db,
    sql`select count(*) filter (where state = 'pending') as pending,
          count(*) filter (where state = 'delivered') as delivered,
          count(*) filter (where state = 'dead') as dead,
          count(distinct dossier_id) filter (where state = 'dead') as blocked,
          min(created_at) filter (where state = 'pending') as oldest
        from portal_sync_outbox`,
  );
  return {
    pending: Number(r?.pending ?? 0),
    delivered: Number(r?.delivered ?? 0),
    dead: Number(r?.dead ?? 0),
    blockedDossiers: Number(r?.blocked ?? 0),
    oldestPendingAt: when(r?.oldest ?? null),
  };
}

/** Rows of a state, newest first, with the dossier's code. */
export async function listPortalSync(
  db: Executor,
  filter: { state?: PortalSyncState; dossierId?: string; limit: number; offset: number },
): Promise<PortalSyncRow[]> {
  const rows = await queryRows<RawRow>(
    db,
    sql`select o.*, d.code as dossier_code from portal_sync_outbox o left join dossiers d on d.id = o.dossier_id
        where true ${filter.state ? sql`and o.state = ${filter.state}` : sql``}
          ${filter.dossierId ? sql`and o.dossier_id = ${filter.dossierId}::uuid` : sql``}
        order by o.id desc limit ${filter.limit} offset ${filter.offset}`,
  );
  return rows.map(rowOf);
}

export async function getPortalSyncRow(db: Executor, id: number): Promise<PortalSyncRow | undefined> {
  const [row] = await queryRows<RawRow>(
    db,
    sql`select o.*, d.code as dossier_code from portal_sync_outbox o left join dossiers d on d.id = o.dossier_id
        where o.id = ${id}`,
  );
  return row ? rowOf(row) : undefined;
}
