import { type ChainedEntry, chainHash, GENESIS_HASH, type HashFn } from '@congso/core';
import { and, asc, desc, eq, gt, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../connection';
import { queryNamedRows } from '../prepared';
import {
  gatewayAnchors,
  gatewayConsumers,
  gatewayLog,
  gatewayRights,
  gatewayServices,
  gatewayTokens,
  populationLookups,
} from '../schema/index';

export type GatewayServiceRow = typeof gatewayServices.$inferSelect;
export type GatewayConsumerRow = typeof gatewayConsumers.$inferSelect;
export type GatewayLogRow = typeof gatewayLog.$inferSelect;
export type GatewayAnchorRow = typeof gatewayAnchors.$inferSelect;
export type PopulationLookupRow = typeof populationLookups.$inferSelect;

// ---- services

export async function insertGatewayService(tx: Executor, row: typeof gatewayServices.$inferInsert) {
  const [inserted] = await tx.insert(gatewayServices).values(row).returning();
  return inserted as GatewayServiceRow;
}

export async function updateGatewayService(
  tx: Executor,
  id: string,
  expectedVersion: number,
  change: Partial<Omit<GatewayServiceRow, 'id' | 'version' | 'createdAt'>> & { updatedAt: Date },
): Promise<GatewayServiceRow | undefined> {
  const [row] = await tx
    .update(gatewayServices)
    .set({ ...change, version: sql`${gatewayServices.version} + 1` })
    .where(and(eq(gatewayServices.id, id), eq(gatewayServices.version, expectedVersion)))
    .returning();
  return row;
}

export async function listGatewayServices(db: Executor): Promise<GatewayServiceRow[]> {
  return db.select().from(gatewayServices).orderBy(gatewayServices.code);
}

export async function findGatewayService(db: Executor, id: string): Promise<GatewayServiceRow | undefined> {
  const [row] = await db.select().from(gatewayServices).where(eq(gatewayServices.id, id));
  return row;
}

export async function findGatewayServiceByCode(db: Executor, code: string): Promise<GatewayServiceRow | undefined> {
  const [row] = await db.select().from(gatewayServices).where(eq(gatewayServices.code, code));
  return row;
}

// ---- consumers

export async function insertGatewayConsumer(tx: Executor, row: typeof gatewayConsumers.$inferInsert) {
  const [inserted] = await tx.insert(gatewayConsumers).values(row).returning();
  return inserted as GatewayConsumerRow;
}

export async function updateGatewayConsumer(
  tx: Executor,
  id: string,
  expectedVersion: number,
  change: Partial<Omit<GatewayConsumerRow, 'id' | 'version' | 'createdAt'>> & { updatedAt: Date },
): Promise<GatewayConsumerRow | undefined> {
  const [row] = await tx
    .update(gatewayConsumers)
    .set({ ...change, version: sql`${gatewayConsumers.version} + 1` })
    .where(and(eq(gatewayConsumers.id, id), eq(gatewayConsumers.version, expectedVersion)))
    .returning();
  return row;
}

export async function listGatewayConsumers(db: Executor): Promise<GatewayConsumerRow[]> {
  return db.select().from(gatewayConsumers).orderBy(gatewayConsumers.code);
}

export async function findGatewayConsumer(db: Executor, id: string): Promise<GatewayConsumerRow | undefined> {
  const [row] = await db.select().from(gatewayConsumers).where(eq(gatewayConsumers.id, id));
  return row;
}

export async function findGatewayConsumerByCode(db: Executor, code: string): Promise<GatewayConsumerRow | undefined> {
  const [row] = await db.select().from(gatewayConsumers).where(eq(gatewayConsumers.code, code));
  return row;
}

export async function findGatewayConsumerByClientId(
  db: Executor,
  clientId: string,
): Promise<GatewayConsumerRow | undefined> {
  const [row] = await db.select().from(gatewayConsumers).where(eq(gatewayConsumers.clientId, clientId));
  return row;
}

// ---- rights

export async function listGatewayRights(db: Executor) {
  return db
    .select({
      consumerId: gatewayRights.consumerId,
      serviceId: gatewayRights.serviceId,
      grantedAt: gatewayRights.grantedAt,
    })
    .from(gatewayRights)
    .orderBy(gatewayRights.consumerId, gatewayRights.serviceId);
}

export async function hasGatewayRight(db: Executor, consumerId: string, serviceId: string): Promise<boolean> {
  const rows = await db
    .select({ c: gatewayRights.consumerId })
    .from(gatewayRights)
    .where(and(eq(gatewayRights.consumerId, consumerId), eq(gatewayRights.serviceId, serviceId)));
  return rows.length > 0;
}

/** Grants (true: inserted) or takes back (true: deleted) a right; false: it already was so. */
export async function setGatewayRight(
  tx: Executor,
  input: { consumerId: string; serviceId: string; granted: boolean; at: Date; by: string | null },
): Promise<boolean> {
  if (input.granted) {
    const rows = await tx
      .insert(gatewayRights)
      .values({ consumerId: input.consumerId, serviceId: input.serviceId, grantedAt: input.at, grantedBy: input.by })
      .onConflictDoNothing()
      .returning();
    return rows.length > 0;
  }
  const rows = await tx
    .delete(gatewayRights)
    .where(and(eq(gatewayRights.consumerId, input.consumerId), eq(gatewayRights.serviceId, input.serviceId)))
    .returning();
  return rows.length > 0;
}

// ---- tokens

export async function insertGatewayToken(tx: Executor, row: typeof gatewayTokens.$inferInsert) {
  await tx.insert(gatewayTokens).values(row);
}

export async function findGatewayToken(db: Executor, tokenHash: string, now: Date) {
  const [row] = await db
    .select()
    .from(gatewayTokens)
    .where(and(eq(gatewayTokens.tokenHash, tokenHash), gt(gatewayTokens.expiresAt, now)));
  return row;
}

export async function deleteGatewayTokensOf(tx: Executor, consumerId: string, now: Date) {
  await tx.delete(gatewayTokens).where(eq(gatewayTokens.consumerId, consumerId));
  await tx.delete(gatewayTokens).where(lt(gatewayTokens.expiresAt, now));
}

// ---- the log

/** The chain's last entry: what the next entry links to. */
export interface GatewayChainHead {
  seq: number;
  hash: string;
}

export type LinkedGatewayEntry = ChainedEntry & { seq: number; prevHash: string; hash: string };

/** Links entries after `head` (null: the chain's start), in the order given. */
export function linkGatewayEntries(
  head: GatewayChainHead | null,
  entries: readonly ChainedEntry[],
  hash: HashFn,
): LinkedGatewayEntry[] {
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  return entries.map((entry) => {
    seq += 1;
    const h = chainHash(hash, prevHash, entry);
    const row = { ...entry, seq, prevHash, hash: h };
    prevHash = h;
    return row;
  });
}

/**
 * Inserts linked entries in one statement: outside a transaction one round trip that is its own commit. An
 * optimistic append: `seq` is the primary key, so when another writer (another server process) appended after
 * the head these rows were linked to, their first `seq` is taken and the whole statement fails — nothing is
 * written and the answer is false: read the head again, link again. A writer never links to a row it has not
 * seen committed, so the chain stays one chain without a lock held across round trips.
 */
export async function insertLinkedGatewayEntries(db: Executor, rows: readonly LinkedGatewayEntry[]): Promise<boolean> {
  if (rows.length === 0) return true;
  const col = <T>(f: (r: LinkedGatewayEntry) => T) => sql.param(rows.map(f));
  try {
    await queryNamedRows(
      db,
      'gateway_log_append',
      sql`insert into gateway_log (seq, id, at, consumer_id, consumer_code, service_code, method, path, purpose,
        dossier_id, subject_national_id, outcome, status, error_code, duration_ms, prev_hash, hash)
      select * from unnest(${col((r) => r.seq)}::bigint[], ${col((r) => r.id)}::uuid[],
        ${col((r) => r.at.toISOString())}::timestamptz[], ${col((r) => r.consumerId)}::uuid[],
        ${col((r) => r.consumerCode)}::text[], ${col((r) => r.serviceCode)}::text[], ${col((r) => r.method)}::text[],
        ${col((r) => r.path)}::text[], ${col((r) => r.purpose)}::text[], ${col((r) => r.dossierId)}::uuid[],
        ${col((r) => r.subjectNationalId)}::text[], ${col((r) => r.outcome)}::text[], ${col((r) => r.status)}::int[],
        ${col((r) => r.errorCode)}::text[], ${col((r) => r.durationMs)}::int[], ${col((r) => r.prevHash)}::text[],
        ${col((r) => r.hash)}::text[])`,
    );
    return true;
  } catch (error) {
    if (seqTaken(error)) return false;
    throw error;
  }
}

function seqTaken(error: unknown): boolean {
  for (let e = error as { code?: string; constraint?: string; cause?: unknown } | undefined; e; e = e.cause as never) {
    if (e.code === '23505') return e.constraint === undefined || e.constraint === 'gateway_log_pkey';
  }
  return false;
}

export interface GatewayLogFilter {
  consumerCode?: string;
  serviceCode?: string;
  outcome?: string;
  subjectNationalId?: string;
  dossierId?: string;
  /** Rows with seq below this (paging backwards from the newest). */
  beforeSeq?: number;
  /** Rows at or after this instant. */
  atFrom?: Date;
  /** Rows before this instant. */
  atBefore?: Date;
  limit: number;
}

export async function listGatewayLog(db: Executor, f: GatewayLogFilter): Promise<GatewayLogRow[]> {
  const where: SQL[] = [];
  if (f.consumerCode) where.push(eq(gatewayLog.consumerCode, f.consumerCode));
  if (f.serviceCode) where.push(eq(gatewayLog.serviceCode, f.serviceCode));
  if (f.outcome) where.push(eq(gatewayLog.outcome, f.outcome));
  if (f.subjectNationalId) where.push(eq(gatewayLog.subjectNationalId, f.subjectNationalId));
  if (f.dossierId) where.push(eq(gatewayLog.dossierId, f.dossierId));
  if (f.beforeSeq !== undefined) where.push(lt(gatewayLog.seq, f.beforeSeq));
  if (f.atFrom) where.push(gte(gatewayLog.at, f.atFrom));
  if (f.atBefore) where.push(lt(gatewayLog.at, f.atBefore));
  return db
    .select()
    .from(gatewayLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(gatewayLog.seq))
    .limit(f.limit);
}

/** The whole log in chain order, a page at a time (verification). */
export async function gatewayLogPage(db: Executor, afterSeq: number, limit: number): Promise<GatewayLogRow[]> {
  return db.select().from(gatewayLog).where(gt(gatewayLog.seq, afterSeq)).orderBy(asc(gatewayLog.seq)).limit(limit);
}

export async function gatewayLogHead(db: Executor): Promise<{ seq: number; hash: string } | undefined> {
  const [head] = await db
    .select({ seq: gatewayLog.seq, hash: gatewayLog.hash })
    .from(gatewayLog)
    .orderBy(desc(gatewayLog.seq))
    .limit(1);
  return head;
}

export async function insertGatewayAnchor(tx: Executor, row: typeof gatewayAnchors.$inferInsert) {
  const [inserted] = await tx.insert(gatewayAnchors).values(row).returning();
  return inserted as GatewayAnchorRow;
}

export async function listGatewayAnchors(db: Executor): Promise<GatewayAnchorRow[]> {
  return db.select().from(gatewayAnchors).orderBy(asc(gatewayAnchors.seq), asc(gatewayAnchors.signedAt));
}

// ---- national-database lookups for filings

export async function insertPopulationLookup(tx: Executor, row: typeof populationLookups.$inferInsert) {
  const [inserted] = await tx.insert(populationLookups).values(row).returning();
  return inserted as PopulationLookupRow;
}

export async function findPopulationLookup(db: Executor, id: string): Promise<PopulationLookupRow | undefined> {
  const [row] = await db.select().from(populationLookups).where(eq(populationLookups.id, id));
  return row;
}

export async function attachPopulationLookup(tx: Executor, id: string, dossierId: string) {
  await tx.update(populationLookups).set({ dossierId }).where(eq(populationLookups.id, id));
}

/** The lookups whose log entries are these (the dossier a lookup was used in, for "who accessed my data"). */
export async function populationLookupsByLog(db: Executor, logIds: readonly string[]) {
  if (logIds.length === 0) return [];
  return db
    .select()
    .from(populationLookups)
    .where(inArray(populationLookups.logId, [...logIds]));
}
