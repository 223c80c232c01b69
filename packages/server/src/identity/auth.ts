import { CongsoError, passwordProblem } from '@congso/core';
import {
  clearThrottle,
  deleteSession,
  deleteSessionsOfPerson,
  getPersonById,
  getPersonByUsername,
  insertSession,
  markLogin,
  recordAudit,
  recordThrottleFailure,
  setPasswordHash,
  throttleLockedUntil,
} from '@congso/db';
import { newSessionToken } from '../http/auth';
import type { AppContext } from '../platform/context';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords';

export function normalizeUsername(input: string): string {
  const trimmed = input.normalize('NFC').trim().toLowerCase();
  // Citizens type their ID number with spaces or dots: 072 090 001 234.
  return /^[\d\s.]+$/.test(trimmed) ? trimmed.replace(/[\s.]/g, '') : trimmed;
}

function throttleRules(ctx: AppContext) {
  const lockMs = ctx.config.LOGIN_LOCK_MINUTES * 60_000;
  return {
    user: { maxFailures: ctx.config.LOGIN_MAX_FAILURES, windowMs: lockMs, lockMs },
    // One address may sit in front of a whole office (NAT): allow more before locking it.
    ip: { maxFailures: ctx.config.LOGIN_MAX_FAILURES * 10, windowMs: lockMs, lockMs },
  };
}

function throttled(until: Date, now: Date) {
  return new CongsoError('LOGIN_THROTTLED', {
    details: { retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)) },
  });
}

export interface LoginInput {
  username: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
  requestId: string;
  previousSessionId: string | null;
}

/** Signs a person in: checks throttling and the password, and opens a new session (never reuses one). */
export async function login(ctx: AppContext, input: LoginInput) {
  const db = ctx.connection.db;
  const now = ctx.now();
  const username = normalizeUsername(input.username);
  const userKey = `user:${username}`;
  const ipKey = `ip:${input.ip ?? 'unknown'}`;
  for (const key of [userKey, ipKey]) {
    const until = await throttleLockedUntil(db, key, now);
    if (until) throw throttled(until, now);
  }
  const person = await getPersonByUsername(db, username);
  const ok = await verifyPassword(person?.passwordHash ?? (await dummyPasswordHash()), input.password);
  // An account without a password (opened by a sign-in through VNeID) is never opened by one.
  if (!person?.passwordHash || !ok) {
    const rules = throttleRules(ctx);
    const lockedUntil = await db.transaction(async (tx) => {
      const u = await recordThrottleFailure(tx, userKey, now, rules.user);
      const i = await recordThrottleFailure(tx, ipKey, now, rules.ip);
      const locks = [u?.lockedUntil, i?.lockedUntil].filter((d): d is Date => !!d && d > now);
      await recordAudit(tx, {
        occurredAt: now,
        actorId: null,
        action: 'auth.login_failed',
        entityType: 'person',
        entityId: person?.id ?? username.slice(0, 100),
        agencyId: person?.agencyId ?? null,
        // A failure that locks the account or the address (the security view counts lockouts).
        ...(locks.length > 0 ? { data: { locked: true } } : {}),
        ip: input.ip,
        requestId: input.requestId,
      });
      return locks.sort((a, b) => b.getTime() - a.getTime())[0];
    });
    if (lockedUntil) throw throttled(lockedUntil, now);
    throw new CongsoError('INVALID_CREDENTIALS');
  }
  if (!person.active) throw new CongsoError('ACCOUNT_DISABLED');
  const { token, id } = newSessionToken();
  const expiresAt = new Date(now.getTime() + ctx.config.SESSION_TTL_HOURS * 3_600_000);
  await db.transaction(async (tx) => {
    if (input.previousSessionId) await deleteSession(tx, input.previousSessionId);
    await clearThrottle(tx, userKey);
    await insertSession(tx, {
      id,
      personId: person.id,
      now,
      expiresAt,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
    await markLogin(tx, person.id, now);
    await recordAudit(tx, {
      occurredAt: now,
      actorId: person.id,
      action: 'auth.login',
      entityType: 'person',
      entityId: person.id,
      agencyId: person.agencyId,
      ip: input.ip,
      requestId: input.requestId,
    });
  });
  return { token, personId: person.id };
}

export async function logout(
  ctx: AppContext,
  sessionId: string,
  actorId: string,
  meta: { ip: string | null; requestId: string },
) {
  await ctx.connection.db.transaction(async (tx) => {
    await deleteSession(tx, sessionId);
    await recordAudit(tx, {
      occurredAt: ctx.now(),
      actorId,
      action: 'auth.logout',
      entityType: 'person',
      entityId: actorId,
      ...meta,
    });
  });
}

export function assertStrongPassword(password: string, username?: string) {
  const problem = passwordProblem(password, username);
  if (problem) throw new CongsoError('WEAK_PASSWORD', { details: { problem } });
}

/** Changes one's own password; every other session of that person ends. */
export async function changePassword(
  ctx: AppContext,
  input: {
    personId: string;
    sessionId: string;
    currentPassword: string;
    newPassword: string;
    ip: string | null;
    requestId: string;
  },
) {
  const person = await getPersonById(ctx.connection.db, input.personId);
  if (!person) throw new CongsoError('UNAUTHENTICATED');
  if (!(await verifyPassword(person.passwordHash, input.currentPassword))) throw new CongsoError('INVALID_CREDENTIALS');
  assertStrongPassword(input.newPassword, person.username);
  const hash = await hashPassword(input.newPassword);
  const now = ctx.now();
  await ctx.connection.db.transaction(async (tx) => {
    await setPasswordHash(tx, person.id, hash, now);
    await deleteSessionsOfPerson(tx, person.id, input.sessionId);
    await recordAudit(tx, {
      occurredAt: now,
      actorId: person.id,
      action: 'auth.password_changed',
      entityType: 'person',
      entityId: person.id,
      agencyId: person.agencyId,
      ip: input.ip,
      requestId: input.requestId,
    });
  });
}
