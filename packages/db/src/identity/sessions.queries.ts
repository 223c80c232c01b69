import { and, eq, gt, lt, ne, sql } from 'drizzle-orm';
import type { Executor } from '../connection';
import { runPrepared } from '../prepared';
import { agencies, loginThrottle, people, sessions } from '../schema/index';

export async function insertSession(
  tx: Executor,
  values: { id: string; personId: string; now: Date; expiresAt: Date; ip: string | null; userAgent: string | null },
) {
  await tx.insert(sessions).values({
    id: values.id,
    personId: values.personId,
    createdAt: values.now,
    lastSeenAt: values.now,
    expiresAt: values.expiresAt,
    ip: values.ip,
    userAgent: values.userAgent,
  });
}

/** The live sessions among `ids` with their person and agency (unknown or expired ones are left out). */
function liveSessionsQuery(db: Executor) {
  return db
    .select({
      session: sessions,
      person: people,
      agency: { id: agencies.id, code: agencies.code, name: agencies.name, shortName: agencies.shortName },
    })
    .from(sessions)
    .innerJoin(people, eq(people.id, sessions.personId))
    .leftJoin(agencies, eq(agencies.id, people.agencyId))
    .where(
      and(sql`${sessions.id} = any(${sql.placeholder('ids')}::text[])`, gt(sessions.expiresAt, sql.placeholder('now'))),
    );
}

export type LiveSession = Awaited<ReturnType<ReturnType<typeof liveSessionsQuery>['execute']>>[number];

/**
 * Read on every signed-in request, for all the requests that arrive together (see the server's session
 * loader): a prepared statement on the database handle. Gives the live sessions by id.
 */
export async function findLiveSessions(
  db: Executor,
  ids: readonly string[],
  now: Date,
): Promise<Map<string, LiveSession>> {
  const rows = await runPrepared(db, 'congso_find_live_sessions', liveSessionsQuery, {
    ids,
    now: now.toISOString(),
  });
  return new Map(rows.map((r) => [r.session.id, r]));
}

/** One live session (see `findLiveSessions`), or undefined when unknown or expired. */
export async function findLiveSession(db: Executor, id: string, now: Date): Promise<LiveSession | undefined> {
  return (await findLiveSessions(db, [id], now)).get(id);
}

export async function touchSession(db: Executor, id: string, now: Date, expiresAt: Date) {
  await db.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.id, id));
}

export async function deleteSession(tx: Executor, id: string) {
  await tx.delete(sessions).where(eq(sessions.id, id));
}

/** Ends every session of a person, except `keepId` (the one that changed the password). */
export async function deleteSessionsOfPerson(tx: Executor, personId: string, keepId?: string) {
  await tx
    .delete(sessions)
    .where(keepId ? and(eq(sessions.personId, personId), ne(sessions.id, keepId)) : eq(sessions.personId, personId));
}

export async function deleteExpiredSessions(db: Executor, now: Date) {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

export interface ThrottleRule {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

/** When a key is locked out, the instant the lock ends. */
export async function throttleLockedUntil(db: Executor, key: string, now: Date): Promise<Date | null> {
  const [row] = await db.select().from(loginThrottle).where(eq(loginThrottle.key, key)).limit(1);
  if (row?.lockedUntil && row.lockedUntil > now) return row.lockedUntil;
  return null;
}

/**
 * Counts one failure atomically (an upsert, so concurrent attempts from several processes all count);
 * locks the key when the count in the window reaches the rule's maximum.
 */
export async function recordThrottleFailure(tx: Executor, key: string, now: Date, rule: ThrottleRule) {
  const windowStart = new Date(now.getTime() - rule.windowMs);
  const lockUntil = new Date(now.getTime() + rule.lockMs);
  const [row] = await tx
    .insert(loginThrottle)
    .values({ key, failures: 1, windowStartedAt: now, lockedUntil: rule.maxFailures <= 1 ? lockUntil : null })
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: {
        failures: sql`case when ${loginThrottle.windowStartedAt} < ${windowStart} then 1 else ${loginThrottle.failures} + 1 end`,
        windowStartedAt: sql`case when ${loginThrottle.windowStartedAt} < ${windowStart} then ${now} else ${loginThrottle.windowStartedAt} end`,
        lockedUntil: sql`case when (case when ${loginThrottle.windowStartedAt} < ${windowStart} then 1 else ${loginThrottle.failures} + 1 end) >= ${rule.maxFailures} then ${lockUntil}::timestamptz else ${loginThrottle.lockedUntil} end`,
      },
    })
    .returning();
  return row;
}

export async function clearThrottle(tx: Executor, key: string) {
  await tx.delete(loginThrottle).where(eq(loginThrottle.key, key));
}
