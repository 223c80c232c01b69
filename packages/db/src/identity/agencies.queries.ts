import { foldVietnamese } from '@congso/core';
import { and, asc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { type Executor, likeEscape, queryRows } from '../connection';
import { runPrepared } from '../prepared';
import { agencies, agencySuccessions, people } from '../schema/index';

export type AgencyRow = typeof agencies.$inferSelect;
export type NewAgency = typeof agencies.$inferInsert;

export interface AgencyRef {
  id: string;
  name: string;
}

export interface AgencyListItem extends AgencyRow {
  childCount: number;
  path?: AgencyRef[];
}

// Written out in full: Drizzle renders `${agencies.id}` unqualified, which would bind to the inner alias.
const childCount = sql<number>`(select count(*)::int from agencies c where c.parent_id = "agencies"."id" and c.valid_to is null)`;

/** Departments and their units before districts and communes, as a province lists them. */
const kindOrder = sql`case ${agencies.kind} when 'province' then 0 when 'department' then 1 when 'unit' then 2 when 'district' then 3 else 4 end`;

function currentOnly(includeHistory: boolean): SQL | undefined {
  return includeHistory ? undefined : isNull(agencies.validTo);
}

const agencyByIdQuery = (db: Executor) =>
  db
    .select()
    .from(agencies)
    .where(eq(agencies.id, sql.placeholder('id')))
    .limit(1);

/** Read on every filing and many other requests: a prepared statement on the database handle. */
export async function getAgencyById(db: Executor, id: string): Promise<AgencyRow | undefined> {
  const [row] = await runPrepared(db, 'congso_agency_by_id', agencyByIdQuery, { id });
  return row;
}

export async function getCurrentAgencyByCode(db: Executor, code: string): Promise<AgencyRow | undefined> {
  const [row] = await db
    .select()
    .from(agencies)
    .where(and(eq(agencies.code, code), isNull(agencies.validTo)))
    .limit(1);
  return row;
}

/** Ids and names from the root of the tree down to `id`, inclusive. */
export async function agencyPath(db: Executor, id: string): Promise<AgencyRef[]> {
  const rows = await queryRows<{ id: string; name: string; depth: number }>(
    db,
    sql`with recursive up(id, name, parent_id, depth) as (
          select id, name, parent_id, 0 from agencies where id = ${id}
          union all
          select a.id, a.name, a.parent_id, up.depth + 1 from agencies a join up on a.id = up.parent_id
          where up.depth < 32
        ) select id, name, depth from up order by depth desc`,
  );
  return rows.map((r) => ({ id: r.id, name: r.name }));
}

/** Paths (root down to each agency, inclusive) for many agencies in one query. */
export async function agencyPaths(db: Executor, ids: string[]): Promise<Map<string, AgencyRef[]>> {
  const paths = new Map<string, AgencyRef[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return paths;
  const rows = await queryRows<{ start_id: string; id: string; name: string }>(
    db,
    sql`with recursive up(start_id, id, name, parent_id, depth) as (
          select id, id, name, parent_id, 0 from agencies where id in (${sql.join(
            ids.map((id) => sql`${id}`),
            sql`, `,
          )})
          union all
          select up.start_id, a.id, a.name, a.parent_id, up.depth + 1 from agencies a join up on a.id = up.parent_id
          where up.depth < 32
        ) select start_id, id, name from up order by start_id, depth desc`,
  );
  for (const r of rows) paths.get(r.start_id)?.push({ id: r.id, name: r.name });
  return paths;
}

/** Every agency id in the subtree under `id` (inclusive), current and historical. */
export async function agencySubtreeIds(db: Executor, id: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`with recursive down(id, depth) as (
          select id, 0 from agencies where id = ${id}
          union all
          select a.id, down.depth + 1 from agencies a join down on a.parent_id = down.id where down.depth < 32
        ) select id from down`,
  );
  return rows.map((r) => r.id);
}

export interface ListAgenciesInput {
  parentId?: string | null;
  kind?: string;
  includeHistory?: boolean;
  limit: number;
  offset: number;
}

export async function listAgencies(db: Executor, input: ListAgenciesInput) {
  const where = and(
    input.parentId ? eq(agencies.parentId, input.parentId) : isNull(agencies.parentId),
    input.kind ? eq(agencies.kind, input.kind) : undefined,
    currentOnly(input.includeHistory ?? false),
  );
  const items = await db
    .select({ agency: agencies, childCount })
    .from(agencies)
    .where(where)
    .orderBy(sql`${agencies.validTo} desc nulls first`, kindOrder, asc(agencies.code))
    .limit(input.limit)
    .offset(input.offset);
  const [total] = await db.select({ n: sql<number>`count(*)::int` }).from(agencies).where(where);
  return {
    items: items.map((r) => ({ ...r.agency, childCount: Number(r.childCount) })) as AgencyListItem[],
    total: Number(total?.n ?? 0),
  };
}

export interface SearchAgenciesInput {
  q: string;
  kind?: string;
  includeHistory?: boolean;
  limit: number;
  offset: number;
}

/**
 * Diacritic-insensitive, typo-tolerant search over name, short name, code and administrative unit
 * name. Ranked: exact name, then names starting with the query, then containing it, then by trigram
 * word similarity (which is what finds misspellings).
 */
export async function searchAgencies(db: Executor, input: SearchAgenciesInput) {
  const folded = foldVietnamese(input.q.normalize('NFC'));
  const pattern = `%${likeEscape(folded)}%`;
  const match = sql`(${agencies.searchText} like ${pattern} or ${folded} <% ${agencies.searchText})`;
  const name = sql`lower(f_unaccent(${agencies.name}))`;
  const unit = sql`lower(f_unaccent(coalesce(${agencies.adminUnitName}, '')))`;
  const rank = sql<number>`(case
      when ${name} = ${folded} or ${unit} = ${folded} or lower(${agencies.code}) = ${folded} then 4
      when ${unit} like ${`${likeEscape(folded)}%`} or ${name} like ${`${likeEscape(folded)}%`} then 3
      when ${agencies.searchText} like ${`% ${likeEscape(folded)}%`} then 2
      when ${agencies.searchText} like ${pattern} then 1
      else 0 end) + word_similarity(${folded}, ${agencies.searchText})`;
  const where = and(
    match,
    input.kind ? eq(agencies.kind, input.kind) : undefined,
    currentOnly(input.includeHistory ?? false),
  );
  const rows = await db
    .select({ agency: agencies, childCount, rank })
    .from(agencies)
    .where(where)
    .orderBy(sql`${rank} desc`, asc(agencies.name))
    .limit(input.limit)
    .offset(input.offset);
  const [total] = await db.select({ n: sql<number>`count(*)::int` }).from(agencies).where(where);
  const paths = await agencyPaths(
    db,
    rows.map((r) => r.agency.id),
  );
  const items: AgencyListItem[] = rows.map((r) => ({
    ...r.agency,
    childCount: Number(r.childCount),
    path: (paths.get(r.agency.id) ?? []).slice(0, -1),
  }));
  return { items, total: Number(total?.n ?? 0) };
}

export async function agencyDetails(db: Executor, id: string) {
  const agency = await getAgencyById(db, id);
  if (!agency) return undefined;
  const [path, predecessors, successors, counts] = await Promise.all([
    agencyPath(db, id),
    db
      .select({
        id: agencies.id,
        name: agencies.name,
        code: agencies.code,
        validTo: agencies.validTo,
        kind: agencySuccessions.kind,
      })
      .from(agencySuccessions)
      .innerJoin(agencies, eq(agencies.id, agencySuccessions.predecessorId))
      .where(eq(agencySuccessions.successorId, id)),
    db
      .select({
        id: agencies.id,
        name: agencies.name,
        code: agencies.code,
        validFrom: agencies.validFrom,
        kind: agencySuccessions.kind,
      })
      .from(agencySuccessions)
      .innerJoin(agencies, eq(agencies.id, agencySuccessions.successorId))
      .where(eq(agencySuccessions.predecessorId, id)),
    db
      .select({
        officers: sql<number>`(select count(*)::int from ${people} where ${people.agencyId} = ${id} and ${people.kind} = 'officer')`,
        children: sql<number>`(select count(*)::int from agencies c where c.parent_id = ${id} and c.valid_to is null)`,
      })
      .from(sql`(select 1) as one`),
  ]);
  return {
    agency,
    path,
    predecessors,
    successors,
    officerCount: Number(counts[0]?.officers ?? 0),
    childCount: Number(counts[0]?.children ?? 0),
  };
}

export async function insertAgency(tx: Executor, values: NewAgency): Promise<AgencyRow> {
  const [row] = await tx.insert(agencies).values(values).returning();
  return row as AgencyRow;
}

/** Closes an agency on `validTo` (the last day it is in force); fails on a stale version. */
export async function closeAgency(tx: Executor, id: string, validTo: string, version: number, now: Date) {
  const rows = await tx
    .update(agencies)
    .set({ validTo, version: sql`${agencies.version} + 1`, updatedAt: now })
    .where(and(eq(agencies.id, id), eq(agencies.version, version), isNull(agencies.validTo)))
    .returning();
  return rows[0];
}

/** Moves the current children of `fromIds` under `toId` (when their parent is merged or renamed). */
export async function reparentChildren(tx: Executor, fromIds: string[], toId: string, now: Date) {
  if (fromIds.length === 0) return;
  await tx
    .update(agencies)
    .set({ parentId: toId, updatedAt: now, version: sql`${agencies.version} + 1` })
    .where(and(inArray(agencies.parentId, fromIds), isNull(agencies.validTo)));
}

/** Moves officers of closed agencies to their successor, so they keep working after a merge. */
export async function moveOfficers(tx: Executor, fromIds: string[], toId: string, now: Date) {
  if (fromIds.length === 0) return;
  await tx
    .update(people)
    .set({ agencyId: toId, updatedAt: now, version: sql`${people.version} + 1` })
    .where(inArray(people.agencyId, fromIds));
}

export async function linkSuccession(
  tx: Executor,
  link: {
    predecessorId: string;
    successorId: string;
    kind: 'rename' | 'merge' | 'split';
    effectiveOn: string;
    reason?: string | null;
  },
) {
  await tx
    .insert(agencySuccessions)
    .values({ ...link, reason: link.reason ?? null })
    .onConflictDoNothing();
}

export async function countCurrentAgencies(db: Executor, provinceCode: string) {
  const rows = await db
    .select({ kind: agencies.kind, n: sql<number>`count(*)::int` })
    .from(agencies)
    .where(and(eq(agencies.provinceCode, provinceCode), isNull(agencies.validTo)))
    .groupBy(agencies.kind);
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)])) as Record<string, number>;
}

export async function getProvinceRoot(db: Executor, provinceCode: string): Promise<AgencyRow | undefined> {
  const [row] = await db
    .select()
    .from(agencies)
    .where(and(eq(agencies.provinceCode, provinceCode), eq(agencies.kind, 'province'), isNull(agencies.validTo)))
    .limit(1);
  return row;
}

/**
 * Current agencies of the given kinds, optionally matching `q` (no diacritics needed, typos tolerated),
 * best match first, then by name: where a citizen may file a procedure.
 */
export async function listReceivingAgencies(
  db: Executor,
  input: { kinds: readonly string[]; q?: string | undefined; limit: number },
): Promise<{ items: Pick<AgencyRow, 'id' | 'code' | 'name' | 'kind'>[]; total: number }> {
  const folded = foldVietnamese((input.q ?? '').normalize('NFC')).trim();
  const pattern = `%${likeEscape(folded)}%`;
  const where = and(
    isNull(agencies.validTo),
    inArray(agencies.kind, [...input.kinds]),
    folded ? sql`(${agencies.searchText} like ${pattern} or ${folded} <% ${agencies.searchText})` : undefined,
  );
  const rank = sql`(case when ${agencies.searchText} like ${pattern} then 1 else 0 end) + word_similarity(${folded}, ${agencies.searchText})`;
  const [items, total] = await Promise.all([
    db
      .select({ id: agencies.id, code: agencies.code, name: agencies.name, kind: agencies.kind })
      .from(agencies)
      .where(where)
      .orderBy(...(folded ? [sql`${rank} desc`] : []), kindOrder, asc(agencies.name))
      .limit(input.limit),
    db.select({ n: sql<number>`count(*)::int` }).from(agencies).where(where),
  ]);
  return { items, total: Number(total[0]?.n ?? 0) };
}
