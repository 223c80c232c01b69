import { createHash, randomBytes } from 'node:crypto';
import { type Actor, CongsoError, type OfficerRole, type PersonKind } from '@congso/core';
import { findLiveSession, findLiveSessions, type LiveSession, touchSession } from '@congso/db';
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createBatcher } from '../platform/batcher';
import type { AppContext } from '../platform/context';

export const SESSION_COOKIE = 'congso_session';
export const CSRF_HEADER = 'x-congso-request';

export interface SessionAgency {
  id: string;
  code: string;
  name: string;
  shortName: string;
}

export interface CurrentSession {
  id: string;
  actor: Actor;
  username: string;
  fullName: string;
  nationalId: string | null;
  email: string | null;
  agency: SessionAgency | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    currentSession: CurrentSession | null;
  }
}

export function newSessionToken(): { token: string; id: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, id: sessionIdOf(token) };
}

/** Only a hash of the token is stored: a leaked sessions table does not give away live sessions. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function setSessionCookie(reply: FastifyReply, ctx: AppContext, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.COOKIE_SECURE,
    maxAge: Math.round(ctx.config.SESSION_TTL_HOURS * 3600),
  });
}

export function clearSessionCookie(reply: FastifyReply, ctx: AppContext) {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.config.COOKIE_SECURE });
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
const TOUCH_EVERY_MS = 60_000;

/**
 * Session look-ups of the requests that arrive together go as one query (`id = any(…)`): under load, one
 * round trip for many requests instead of one each; alone, a request's look-up goes at once.
 */
export function createSessionLoader(ctx: AppContext) {
  return createBatcher<string, LiveSession | undefined>(
    async (ids) => {
      const found = await findLiveSessions(ctx.connection.db, [...new Set(ids)], ctx.now());
      return ids.map((id) => ({ ok: true, value: found.get(id) }));
    },
    { maxBatch: 500, maxInFlight: 4 },
  );
}

/**
 * Resolves the session cookie into `request.currentSession`, and refuses cross-site state changes:
 * every unsafe request to the API must carry the X-Congso-Request header (which a cross-site form
 * cannot send without a CORS preflight that this server never grants) and, when the browser sends
 * an Origin, it must be this server's.
 */
export function registerAuth(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('currentSession', null);
  const sessions = ctx.memory.batchers.sessions;
  app.addHook('onRequest', async (request) => {
    // The route's path, not the raw URL: the router decodes `/%61pi/v1/…` to an /api/ route too.
    if (!(request.routeOptions.url ?? request.url).startsWith('/api/')) return;
    // Machine-to-machine routes (the edXML exchange) authenticate by signature and never read a session
    // cookie, so a browser cannot be made to send one of them with the user's authority.
    if ((request.routeOptions.config as { machine?: boolean } | undefined)?.machine) return;
    if (!safeMethods.has(request.method)) {
      if (request.headers[CSRF_HEADER] !== '1') {
        throw new CongsoError('CSRF_REJECTED', { details: { header: 'X-Congso-Request: 1' } });
      }
      const origin = request.headers.origin;
      if (origin && origin !== 'null') {
        let host: string | null = null;
        try {
          host = new URL(origin).host;
        } catch {
          host = null;
        }
        if (host !== request.headers.host) throw new CongsoError('CSRF_REJECTED');
      } else if (origin === 'null') throw new CongsoError('CSRF_REJECTED');
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token || token.length > 200) return;
    const now = ctx.now();
    const row = await sessions.submit(sessionIdOf(token));
    if (!row?.person.active) return;
    request.currentSession = sessionFromRow(row);
    const { session } = row;
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      const expiresAt = new Date(now.getTime() + ctx.config.SESSION_TTL_HOURS * 3_600_000);
      await touchSession(ctx.connection.db, session.id, now, expiresAt);
    }
  });
}

export function sessionFromRow({ session, person, agency }: LiveSession): CurrentSession {
  return {
    id: session.id,
    username: person.username,
    fullName: person.fullName,
    nationalId: person.nationalId,
    email: person.email,
    agency: agency?.id ? (agency as SessionAgency) : null,
    actor: {
      id: person.id,
      kind: person.kind as PersonKind,
      active: person.active,
      agencyId: person.agencyId,
      roles: person.roles as OfficerRole[],
    },
  };
}

/** Reads a live session by its token (used right after sign-in, before the cookie comes back). */
export async function loadSession(ctx: AppContext, token: string): Promise<CurrentSession | null> {
  const row = await findLiveSession(ctx.connection.db, sessionIdOf(token), ctx.now());
  return row ? sessionFromRow(row) : null;
}

export function requireSession(request: FastifyRequest): CurrentSession {
  if (!request.currentSession) throw new CongsoError('UNAUTHENTICATED');
  return request.currentSession;
}

export function requestMeta(request: FastifyRequest) {
  return { ip: request.ip ?? null, requestId: String(request.id) };
}
