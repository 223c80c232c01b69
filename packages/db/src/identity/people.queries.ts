import { foldVietnamese } from '@congso/core';
import { and, arrayContains, asc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { type Executor, likeEscape } from '../connection';
import { agencies, people } from '../schema/index';

export type PersonRow = typeof people.$inferSelect;
export type NewPerson = typeof people.$inferInsert;

export async function getPersonById(db: Executor, id: string): Promise<PersonRow | undefined> {
  const [row] = await db.select().from(people).where(eq(people.id, id)).limit(1);
  return row;
}

export async function getPersonByUsername(db: Executor, username: string): Promise<PersonRow | undefined> {
  const [row] = await db.select().from(people).where(eq(people.username, username)).limit(1);
  return row;
}

/**
 * Inserts a person unless they exist (concurrent first visits at the counter); returns the row either way.
 * No conflict target: two first visits racing may meet on the username or on the ID number index first,
 * and either must mean "already there", not an error.
 */
export async function ensurePerson(tx: Executor, values: NewPerson): Promise<PersonRow> {
  const [row] = await tx.insert(people).values(values).onConflictDoNothing().returning();
  if (row) return row;
  const byUsername = await getPersonByUsername(tx, values.username);
  if (byUsername) return byUsername;
  const conditions = [
    values.nationalId ? eq(people.nationalId, values.nationalId) : undefined,
    values.taxCode ? eq(people.taxCode, values.taxCode) : undefined,
  ].filter((c) => c !== undefined);
  const [existing] = conditions.length
    ? await tx
        .select()
        .from(people)
        .where(or(...conditions))
        .limit(1)
    : [];
  if (!existing) throw new Error(`ensurePerson: ${values.username} neither inserted nor found`);
  return existing;
}

export async function insertPerson(tx: Executor, values: NewPerson): Promise<PersonRow> {
  const [row] = await tx.insert(people).values(values).returning();
  return row as PersonRow;
}

export interface ListOfficersInput {
  /** Only these agencies. */
  agencyIds?: string[];
  /** Only this agency and every unit below it. */
  underAgencyId?: string;
  q?: string;
  role?: string;
  limit: number;
  offset: number;
}

const officerAgency = {
  id: agencies.id,
  code: agencies.code,
  name: agencies.name,
  shortName: agencies.shortName,
};

export async function listOfficers(db: Executor, input: ListOfficersInput) {
  const conditions: (SQL | undefined)[] = [eq(people.kind, 'officer')];
  let rank: SQL | null = null;
  if (input.agencyIds) conditions.push(inArray(people.agencyId, input.agencyIds));
  if (input.underAgencyId) {
    conditions.push(sql`${people.agencyId} in (with recursive down(id, depth) as (
        select id, 0 from agencies where id = ${input.underAgencyId}
        union all select a.id, down.depth + 1 from agencies a join down on a.parent_id = down.id where down.depth < 32
      ) select id from down)`);
  }
  if (input.role) conditions.push(arrayContains(people.roles, [input.role]));
  if (input.q) {
    const folded = foldVietnamese(input.q.normalize('NFC'));
    const pattern = `%${likeEscape(folded)}%`;
    conditions.push(sql`(${people.searchText} like ${pattern} or ${folded} <% ${people.searchText})`);
    rank = sql`(case when ${people.username} = ${folded} then 3
                     when lower(f_unaccent(${people.fullName})) = ${folded} then 2
                     when ${people.searchText} like ${pattern} then 1 else 0 end)
               + word_similarity(${folded}, ${people.searchText})`;
  }
  const where = and(...conditions);
  const rows = await db
    .select({ person: people, agency: officerAgency })
    .from(people)
    .innerJoin(agencies, eq(agencies.id, people.agencyId))
    .where(where)
    .orderBy(...(rank ? [sql`${rank} desc`] : []), asc(people.fullName), asc(people.username))
    .limit(input.limit)
    .offset(input.offset);
  const [total] = await db.select({ n: sql<number>`count(*)::int` }).from(people).where(where);
  return { items: rows, total: Number(total?.n ?? 0) };
}

export async function getOfficerWithAgency(db: Executor, id: string) {
  const [row] = await db
    .select({ person: people, agency: officerAgency })
    .from(people)
    .innerJoin(agencies, eq(agencies.id, people.agencyId))
    .where(and(eq(people.id, id), eq(people.kind, 'officer')))
    .limit(1);
  return row;
}

/** Updates a person if `version` still matches; returns undefined on a stale version. */
export async function updatePerson(
  tx: Executor,
  id: string,
  version: number,
  changes: Partial<Pick<NewPerson, 'fullName' | 'email' | 'phone' | 'roles' | 'active' | 'agencyId'>>,
  now: Date,
): Promise<PersonRow | undefined> {
  const [row] = await tx
    .update(people)
    .set({ ...changes, updatedAt: now, version: sql`${people.version} + 1` })
    .where(and(eq(people.id, id), eq(people.version, version)))
    .returning();
  return row;
}

export async function setPasswordHash(tx: Executor, id: string, passwordHash: string, now: Date) {
  await tx
    .update(people)
    .set({ passwordHash, passwordChangedAt: now, updatedAt: now, version: sql`${people.version} + 1` })
    .where(eq(people.id, id));
}

export async function markLogin(tx: Executor, id: string, now: Date) {
  await tx.update(people).set({ lastLoginAt: now }).where(eq(people.id, id));
}

export interface PersonName {
  fullName: string;
  phone: string | null;
}

/** Names (and phones) of people by id, in one query (history, forms). */
export async function personNames(
  db: Executor,
  ids: Iterable<string | null | undefined>,
): Promise<Map<string, PersonName>> {
  const wanted = [...new Set([...ids].filter((i): i is string => !!i))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: people.id, fullName: people.fullName, phone: people.phone })
    .from(people)
    .where(inArray(people.id, wanted));
  return new Map(rows.map((r) => [r.id, { fullName: r.fullName, phone: r.phone }]));
}
