/**
 * The data-sharing gateway (LGSP): the registry of services and consumers with their rights (province
 * administrators), OAuth2 client credentials (RFC 6749 §4.4) and the forwarding of calls with rights, rate limits
 * and the chained exchange log (gateway-log.ts). `callService` is the one way through, for HTTP consumers
 * (gateway.routes.ts) and for Congso's own one-stop (national-db.ts) alike.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  type Actor,
  CongsoError,
  type GatewayConsumerBody,
  type GatewayOutcome,
  type GatewayServiceBody,
} from '@congso/core';
import {
  deleteGatewayTokensOf,
  findGatewayConsumer,
  findGatewayConsumerByClientId,
  findGatewayService,
  findGatewayServiceByCode,
  findGatewayToken,
  type GatewayConsumerRow,
  type GatewayServiceRow,
  hasGatewayRight,
  insertGatewayConsumer,
  insertGatewayService,
  insertGatewayToken,
  recordAudit,
  setGatewayRight,
  updateGatewayConsumer,
  updateGatewayService,
} from '@congso/db';
import type { AppContext } from '../platform/context';
import { gatewayTimings, logExchange } from './gateway-log';
import { ReadThrough } from './read-through';
import { requestUpstream, type UpstreamAnswer } from './upstream';

type Meta = { ip?: string | null; requestId?: string | null };

const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');

function uniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

/** A consumer's agency that does not exist (a foreign key refused): the field is wrong, not the server. */
function unknownAgency(error: unknown): CongsoError | null {
  const e = error as { code?: string; cause?: { code?: string } };
  if (e?.code !== '23503' && e?.cause?.code !== '23503') return null;
  return new CongsoError('VALIDATION_FAILED', {
    details: [
      {
        path: 'body.agencyId',
        code: 'unknown_agency',
        message: { vi: 'Không có cơ quan này.', en: 'There is no such agency.' },
      },
    ],
  });
}

// ---------------------------------------------------------------------------------------------------------
// The registry (province administrators; the routes authorize)

export async function createGatewayService(ctx: AppContext, actor: Actor, body: GatewayServiceBody, meta: Meta) {
  const now = ctx.now();
  return ctx.connection.db
    .transaction(async (tx) => {
      const row = await insertGatewayService(tx, {
        id: randomUUID(),
        ...body,
        openapi: body.openapi ?? null,
        createdAt: now,
        updatedAt: now,
      });
      await recordAudit(tx, {
        occurredAt: now,
        actorId: actor.id,
        action: 'gateway.service_created',
        entityType: 'gateway_service',
        entityId: row.id,
        data: { code: row.code, name: row.name, kind: row.kind, baseUrl: row.baseUrl },
        ...meta,
      });
      return row;
    })
    .catch((error: unknown) => {
      if (uniqueViolation(error)) throw new CongsoError('GATEWAY_CODE_TAKEN', { details: { field: 'code' } });
      throw error;
    });
}

export async function updateGatewayServiceAt(
  ctx: AppContext,
  actor: Actor,
  id: string,
  version: number,
  body: GatewayServiceBody,
  meta: Meta,
) {
  const now = ctx.now();
  return ctx.connection.db
    .transaction(async (tx) => {
      const row = await updateGatewayService(tx, id, version, {
        ...body,
        openapi: body.openapi ?? null,
        updatedAt: now,
      });
      if (!row) {
        if (await findGatewayService(tx, id)) throw new CongsoError('VERSION_CONFLICT');
        throw new CongsoError('NOT_FOUND');
      }
      await recordAudit(tx, {
        occurredAt: now,
        actorId: actor.id,
        action: 'gateway.service_updated',
        entityType: 'gateway_service',
        entityId: row.id,
        data: { code: row.code, name: row.name, kind: row.kind, baseUrl: row.baseUrl, active: row.active },
        ...meta,
      });
      forgetGatewayRegistry(ctx);
      return row;
    })
    .catch((error: unknown) => {
      if (uniqueViolation(error)) throw new CongsoError('GATEWAY_CODE_TAKEN', { details: { field: 'code' } });
      throw error;
    });
}

/** A new client secret: 32 random bytes, base64url. Only its SHA-256 is kept. */
function newSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: sha256Hex(secret) };
}

/** Creates a consumer with its client id and secret; the secret is in the answer and never again. */
export async function createGatewayConsumer(ctx: AppContext, actor: Actor, body: GatewayConsumerBody, meta: Meta) {
  const now = ctx.now();
  const { secret, hash } = newSecret();
  const consumer = await ctx.connection.db
    .transaction(async (tx) => {
      const row = await insertGatewayConsumer(tx, {
        id: randomUUID(),
        ...body,
        clientId: `${body.code}.${randomBytes(6).toString('hex')}`,
        secretHash: hash,
        secretSetAt: now,
        createdAt: now,
        updatedAt: now,
      });
      await recordAudit(tx, {
        occurredAt: now,
        actorId: actor.id,
        action: 'gateway.consumer_created',
        entityType: 'gateway_consumer',
        entityId: row.id,
        data: { code: row.code, name: row.name, clientId: row.clientId, rateLimitPerMinute: row.rateLimitPerMinute },
        ...meta,
      });
      return row;
    })
    .catch((error: unknown) => {
      if (uniqueViolation(error)) throw new CongsoError('GATEWAY_CODE_TAKEN', { details: { field: 'code' } });
      throw unknownAgency(error) ?? error;
    });
  return { consumer, secret };
}

export async function updateGatewayConsumerAt(
  ctx: AppContext,
  actor: Actor,
  id: string,
  version: number,
  body: GatewayConsumerBody,
  meta: Meta,
) {
  const now = ctx.now();
  return ctx.connection.db
    .transaction(async (tx) => {
      const row = await updateGatewayConsumer(tx, id, version, { ...body, updatedAt: now });
      if (!row) {
        if (await findGatewayConsumer(tx, id)) throw new CongsoError('VERSION_CONFLICT');
        throw new CongsoError('NOT_FOUND');
      }
      if (!row.active) await deleteGatewayTokensOf(tx, row.id, now);
      await recordAudit(tx, {
        occurredAt: now,
        actorId: actor.id,
        action: 'gateway.consumer_updated',
        entityType: 'gateway_consumer',
        entityId: row.id,
        data: { code: row.code, name: row.name, rateLimitPerMinute: row.rateLimitPerMinute, active: row.active },
        ...meta,
      });
      forgetTokens(ctx);
      return row;
    })
    .catch((error: unknown) => {
      if (uniqueViolation(error)) throw new CongsoError('GATEWAY_CODE_TAKEN', { details: { field: 'code' } });
      throw unknownAgency(error) ?? error;
    });
}

/** A new secret for a consumer (the old one stops at once, with every token issued under it). */
export async function rotateGatewaySecret(ctx: AppContext, actor: Actor, id: string, version: number, meta: Meta) {
  const now = ctx.now();
  const { secret, hash } = newSecret();
  const consumer = await ctx.connection.db.transaction(async (tx) => {
    const row = await updateGatewayConsumer(tx, id, version, { secretHash: hash, secretSetAt: now, updatedAt: now });
    if (!row) {
      if (await findGatewayConsumer(tx, id)) throw new CongsoError('VERSION_CONFLICT');
      throw new CongsoError('NOT_FOUND');
    }
    await deleteGatewayTokensOf(tx, row.id, now);
    await recordAudit(tx, {
      occurredAt: now,
      actorId: actor.id,
      action: 'gateway.secret_rotated',
      entityType: 'gateway_consumer',
      entityId: row.id,
      data: { code: row.code, clientId: row.clientId },
      ...meta,
    });
    return row;
  });
  forgetTokens(ctx);
  return { consumer, secret };
}

export async function setGatewayRightOf(
  ctx: AppContext,
  actor: Actor | null,
  input: { consumerId: string; serviceId: string; granted: boolean },
  meta: Meta,
) {
  const now = ctx.now();
  const result = await ctx.connection.db.transaction(async (tx) => {
    const consumer = await findGatewayConsumer(tx, input.consumerId);
    const service = await findGatewayService(tx, input.serviceId);
    if (!consumer || !service) throw new CongsoError('NOT_FOUND');
    const changed = await setGatewayRight(tx, { ...input, at: now, by: actor?.id ?? null });
    if (changed) {
      await recordAudit(tx, {
        occurredAt: now,
        actorId: actor?.id ?? null,
        action: input.granted ? 'gateway.right_granted' : 'gateway.right_revoked',
        entityType: 'gateway_consumer',
        entityId: consumer.id,
        data: { consumer: consumer.code, service: service.code },
        ...meta,
      });
    }
    return changed;
  });
  forgetGatewayRegistry(ctx);
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// Tokens (RFC 6749 §4.4: client_credentials)

export class OAuthError extends Error {
  constructor(
    readonly status: 400 | 401,
    readonly error: 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope',
    readonly description: string,
  ) {
    super(description);
  }
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Checks the client's credentials and issues an opaque access token (kept as its SHA-256). */
export async function issueGatewayToken(ctx: AppContext, clientId: string, clientSecret: string) {
  const consumer = await findGatewayConsumerByClientId(ctx.connection.db, clientId);
  // The same answer for an unknown client, a wrong secret and a disabled consumer.
  if (!consumer?.active || !sameHash(consumer.secretHash, sha256Hex(clientSecret))) {
    throw new OAuthError(401, 'invalid_client', 'Client authentication failed');
  }
  const token = randomBytes(32).toString('base64url');
  const now = ctx.now();
  const ttl = ctx.config.GATEWAY_TOKEN_TTL_SECONDS;
  await insertGatewayToken(ctx.connection.db, {
    tokenHash: sha256Hex(token),
    consumerId: consumer.id,
    issuedAt: now,
    expiresAt: new Date(now.getTime() + ttl * 1000),
  });
  return { access_token: token, token_type: 'Bearer' as const, expires_in: ttl };
}

/** How long a process trusts a token it read (a rotation or a disabled consumer shows in other processes after it). */
const TOKEN_CACHE_MS = 30_000;
/** A token in use is read again in the background after this long. */
const TOKEN_REFRESH_MS = 20_000;
type TokenRead = { consumer: GatewayConsumerRow; expiresAt: number } | null;
const tokenCaches = new WeakMap<AppContext, ReadThrough<TokenRead>>();

function tokenCache(ctx: AppContext): ReadThrough<TokenRead> {
  let cache = tokenCaches.get(ctx);
  if (!cache) {
    cache = new ReadThrough<TokenRead>({
      ttlMs: TOKEN_CACHE_MS,
      refreshMs: TOKEN_REFRESH_MS,
      keep: (read) => read !== null,
      validUntil: (read) => read?.expiresAt ?? 0,
    });
    tokenCaches.set(ctx, cache);
  }
  return cache;
}

function forgetTokens(ctx: AppContext) {
  tokenCaches.get(ctx)?.forget();
}

/** The consumer a bearer token belongs to, or GATEWAY_UNAUTHENTICATED. */
export async function consumerOfToken(ctx: AppContext, token: string): Promise<GatewayConsumerRow> {
  const now = ctx.now();
  const hash = sha256Hex(token);
  const read = await tokenCache(ctx).get(hash, now.getTime(), async (): Promise<TokenRead> => {
    const row = await findGatewayToken(ctx.connection.db, hash, now);
    const consumer = row ? await findGatewayConsumer(ctx.connection.db, row.consumerId) : undefined;
    return row && consumer?.active ? { consumer, expiresAt: row.expiresAt.getTime() } : null;
  });
  // A read shared with callers that came earlier: the token may have expired since.
  if (!read || read.expiresAt <= now.getTime()) throw new CongsoError('GATEWAY_UNAUTHENTICATED');
  return read.consumer;
}

// ---------------------------------------------------------------------------------------------------------
// Rate limits: calls per consumer per minute, counted by this process (a fixed window of the clock's minute).

const windows = new WeakMap<AppContext, Map<string, { minute: number; count: number }>>();

function overLimit(ctx: AppContext, consumer: GatewayConsumerRow): boolean {
  let map = windows.get(ctx);
  if (!map) {
    map = new Map();
    windows.set(ctx, map);
  }
  const minute = Math.floor(ctx.now().getTime() / 60_000);
  const w = map.get(consumer.id);
  if (!w || w.minute !== minute) {
    map.set(consumer.id, { minute, count: 1 });
    return false;
  }
  w.count += 1;
  return w.count > consumer.rateLimitPerMinute;
}

// ---------------------------------------------------------------------------------------------------------
// Services and rights, read through a short per-process cache (the registry changes rarely)

const RIGHTS_CACHE_MS = 5_000;
/** A service or right in use is read again in the background after this long. */
const RIGHTS_REFRESH_MS = 3_000;
const registryCaches = new WeakMap<AppContext, ReadThrough<unknown>>();

function cached<T>(ctx: AppContext, key: string, load: () => Promise<T>): T | Promise<T> {
  let cache = registryCaches.get(ctx);
  if (!cache) {
    cache = new ReadThrough<unknown>({ ttlMs: RIGHTS_CACHE_MS, refreshMs: RIGHTS_REFRESH_MS });
    registryCaches.set(ctx, cache);
  }
  return cache.get(key, ctx.now().getTime(), load) as T | Promise<T>;
}

/** Forgets what this process read of the registry (after an administrator's change). */
export function forgetGatewayRegistry(ctx: AppContext) {
  registryCaches.get(ctx)?.forget();
}

// ---------------------------------------------------------------------------------------------------------
// Calling a service

export interface GatewayCall {
  serviceCode: string;
  method: string;
  /** The path below the service's base URL, with its query string ("/citizens/0720…"). */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
  purpose: string | null;
  dossierId: string | null;
  subjectNationalId: string | null;
}

export interface GatewayAnswer extends UpstreamAnswer {
  logId: string;
  logSeq: number;
}

const UPSTREAM_TIMEOUT_MS = 10_000;

/**
 * One call of a consumer through the gateway: the service must exist and be active, the consumer must hold the
 * right (else 403 GATEWAY_NO_RIGHT, logged as refused) and be under its rate limit (else 429, logged); the call is
 * forwarded and its outcome logged before the answer is returned. Refusals throw after their entry is written.
 */
export async function callService(
  ctx: AppContext,
  consumer: GatewayConsumerRow,
  call: GatewayCall,
): Promise<GatewayAnswer> {
  const started = performance.now();
  const timings = gatewayTimings(ctx);
  let mark = started;
  /** Adds the time since the last mark to a phase. */
  const lap = (phase: 'registryMs' | 'rateMs' | 'forwardMs' | 'logMs') => {
    const now = performance.now();
    timings[phase] += now - mark;
    mark = now;
  };
  const log = async (outcome: GatewayOutcome, status: number, errorCode: string | null) => {
    mark = performance.now();
    const entry = await logExchange(ctx, {
      consumerId: consumer.id,
      consumerCode: consumer.code,
      serviceCode: call.serviceCode,
      method: call.method,
      path: call.path.slice(0, 2000),
      purpose: call.purpose,
      dossierId: call.dossierId,
      subjectNationalId: call.subjectNationalId,
      outcome,
      status,
      errorCode,
      durationMs: Math.round(performance.now() - started),
    });
    lap('logMs');
    return entry;
  };
  const service = await cached(ctx, `service:${call.serviceCode}`, () =>
    findGatewayServiceByCode(ctx.connection.db, call.serviceCode),
  );
  if (!service?.active) {
    await log('refused', 404, 'GATEWAY_SERVICE_NOT_FOUND');
    throw new CongsoError('GATEWAY_SERVICE_NOT_FOUND');
  }
  const allowed = await cached(ctx, `right:${consumer.id}:${service.id}`, () =>
    hasGatewayRight(ctx.connection.db, consumer.id, service.id),
  );
  lap('registryMs');
  if (!allowed) {
    await log('refused', 403, 'GATEWAY_NO_RIGHT');
    throw new CongsoError('GATEWAY_NO_RIGHT', { details: { service: service.code } });
  }
  const over = overLimit(ctx, consumer);
  lap('rateMs');
  if (over) {
    await log('rate_limited', 429, 'GATEWAY_RATE_LIMITED');
    throw new CongsoError('GATEWAY_RATE_LIMITED');
  }
  let answer: UpstreamAnswer;
  try {
    answer = await requestUpstream(upstreamUrl(service, call.path), {
      method: call.method,
      headers: call.headers ?? {},
      ...(call.body && call.body.length > 0 && !['GET', 'HEAD'].includes(call.method) ? { body: call.body } : {}),
      timeoutMs: UPSTREAM_TIMEOUT_MS,
    });
  } catch {
    await log('failed', 502, 'GATEWAY_UPSTREAM_FAILED');
    throw new CongsoError('GATEWAY_UPSTREAM_FAILED', { details: { service: service.code } });
  }
  lap('forwardMs');
  const entry = await log(answer.status >= 500 ? 'failed' : 'allowed', answer.status, null);
  return { ...answer, logId: entry.id, logSeq: entry.seq };
}

function upstreamUrl(service: GatewayServiceRow, path: string): string {
  const base = service.baseUrl.replace(/\/+$/, '');
  return `${base}${path.startsWith('/') ? path : `/${path}`}`;
}
