import { createHash, timingSafeEqual } from 'node:crypto';
import { CongsoError, parseNationalId } from '@congso/core';
import {
  deleteExpiredOidcLogins,
  deleteSession,
  ensurePerson,
  getPersonByUsername,
  insertOidcLogin,
  insertSession,
  linkExternalIdentity,
  markLogin,
  markVneidVerified,
  officerByEmail,
  type PersonRow,
  personByNationalId,
  personOfExternalIdentity,
  recordAudit,
  takeOidcLogin,
} from '@congso/db';
import * as oidc from 'openid-client';
import type { Config } from '../config';
import { newSessionToken } from '../http/auth';
import type { AppContext } from '../platform/context';
import { normalizeUsername } from './auth';

/**
 * Sign-in through an external OpenID Connect provider (ADR: docs/ARCHITECTURE.md "Single sign-on"): citizens through
 * VNeID (or its stand-in), officers through the province's provider. Authorization code flow with PKCE (S256),
 * state and nonce; openid-client checks the ID token's signature against the provider's JWKS and its iss, aud,
 * exp, iat and nonce. The pending sign-in (state, nonce, verifier) is a database row taken once.
 */
export const ssoProviders = ['citizen', 'officer'] as const;
export type SsoProvider = (typeof ssoProviders)[number];

/** A started sign-in is good for this long. */
const PENDING_TTL_MS = 10 * 60_000;

interface ProviderSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  displayName: string;
}

export function ssoSettings(config: Config, provider: SsoProvider): ProviderSettings | null {
  const p = provider === 'citizen' ? 'CITIZEN' : 'OFFICER';
  const issuer = config[`OIDC_${p}_ISSUER`];
  const clientId = config[`OIDC_${p}_CLIENT_ID`];
  const clientSecret = config[`OIDC_${p}_CLIENT_SECRET`];
  if (!issuer || !clientId || !clientSecret) return null;
  return { issuer, clientId, clientSecret, displayName: config[`OIDC_${p}_DISPLAY_NAME`] };
}

/** The providers configured, for the sign-in page. */
export function configuredSsoProviders(config: Config) {
  return ssoProviders.flatMap((id) => {
    const s = ssoSettings(config, id);
    return s ? [{ id, displayName: s.displayName }] : [];
  });
}

export function redirectUriOf(config: Config, provider: SsoProvider): string {
  return `${config.PUBLIC_BASE_URL}/api/v1/auth/oidc/${provider}/callback`;
}

/**
 * The provider's metadata (discovery), once per process, configuration and clock offset; a failed discovery is
 * tried again. openid-client's checks (exp, iat) use this server's clock: its offset from the system clock, to
 * the minute (0 in a real server; tests move their clock).
 */
const discovered = new WeakMap<Config, Map<string, Promise<oidc.Configuration>>>();

async function clientOf(ctx: AppContext, provider: SsoProvider): Promise<oidc.Configuration> {
  const settings = ssoSettings(ctx.config, provider);
  if (!settings) throw new CongsoError('SSO_NOT_CONFIGURED');
  let cache = discovered.get(ctx.config);
  if (!cache) {
    cache = new Map();
    discovered.set(ctx.config, cache);
  }
  const skew = Math.round((ctx.now().getTime() - Date.now()) / 60_000) * 60;
  const key = `${provider}:${skew}`;
  let pending = cache.get(key);
  if (!pending) {
    const insecure = settings.issuer.startsWith('http://');
    pending = oidc.discovery(
      new URL(settings.issuer),
      settings.clientId,
      { client_secret: settings.clientSecret, [oidc.clockSkew]: skew },
      oidc.ClientSecretBasic(settings.clientSecret),
      {
        // The ID token's signature is checked against the provider's JWKS even though it comes straight from the
        // token endpoint (openid-client does not by default): a token altered on the way is refused.
        execute: [...(insecure ? [oidc.allowInsecureRequests] : []), oidc.enableNonRepudiationChecks],
        timeout: 10,
      },
    );
    cache.set(key, pending);
    pending.catch(() => cache?.delete(key));
  }
  try {
    return await pending;
  } catch (error) {
    throw new CongsoError('SSO_FAILED', {
      details: { reason: 'discovery', message: String((error as Error).message) },
    });
  }
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Only same-site paths are followed after signing in. */
export function safeNext(next: string | undefined | null): string | null {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.length > 500) return null;
  return next;
}

/**
 * Starts a sign-in: a pending row (state hash → nonce, PKCE verifier, where to go after) and the provider's
 * authorization URL. The caller binds `state` to the browser (a cookie) so that only this browser can finish it.
 */
export async function startSso(ctx: AppContext, provider: SsoProvider, next: string | null) {
  const client = await clientOf(ctx, provider);
  const now = ctx.now();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const codeChallenge = await oidc.calculatePKCECodeChallenge(codeVerifier);
  const db = ctx.connection.db;
  await deleteExpiredOidcLogins(db, now);
  await insertOidcLogin(db, {
    stateHash: sha256(state),
    provider,
    nonce,
    codeVerifier,
    next: safeNext(next),
    createdAt: now,
    expiresAt: new Date(now.getTime() + PENDING_TTL_MS),
  });
  const url = oidc.buildAuthorizationUrl(client, {
    redirect_uri: redirectUriOf(ctx.config, provider),
    scope: provider === 'citizen' ? 'openid profile' : 'openid profile email',
    state,
    nonce,
    code_challenge: codeChallenge,
    code_challenge_method: 'S256',
  });
  return { url: url.href, state };
}

export interface FinishSsoInput {
  /** The callback's query string as received. */
  query: string;
  /** The state bound to this browser when the sign-in started (the cookie), if any. */
  browserState: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string;
  previousSessionId: string | null;
}

function sameText(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Finishes a sign-in at the callback: checks everything, finds or opens the account, opens a session. */
export async function finishSso(ctx: AppContext, provider: SsoProvider, input: FinishSsoInput) {
  const client = await clientOf(ctx, provider);
  const db = ctx.connection.db;
  const now = ctx.now();
  const callbackUrl = new URL(`${redirectUriOf(ctx.config, provider)}?${input.query}`);
  const state = callbackUrl.searchParams.get('state');
  const fail = async (reason: string, extra: Record<string, unknown> = {}) => {
    await recordAudit(db, {
      occurredAt: now,
      actorId: null,
      action: 'auth.sso_failed',
      entityType: 'person',
      entityId: provider,
      data: { provider, reason, ...extra },
      ip: input.ip,
      requestId: input.requestId,
    });
    return new CongsoError('SSO_FAILED', { details: { reason } });
  };
  if (!state || state.length > 200) throw await fail('no_state');
  // The state must be the one this browser started with: a callback URL made by someone else (login CSRF)
  // carries a state this browser never had.
  if (!input.browserState || !sameText(input.browserState, state)) throw await fail('state_not_this_browser');
  // Taken once: a replayed callback (the same code, the same state) finds nothing.
  const pending = await takeOidcLogin(db, sha256(state));
  if (!pending || pending.provider !== provider) throw await fail('state_unknown_or_used');
  if (pending.expiresAt.getTime() <= now.getTime()) throw await fail('state_expired');
  let claims: oidc.IDToken;
  try {
    const tokens = await oidc.authorizationCodeGrant(client, callbackUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const c = tokens.claims();
    if (!c) throw new Error('no ID token');
    claims = c;
  } catch (error) {
    const e = error as { code?: string; error?: string; message?: string };
    throw await fail('token', { code: e.error ?? e.code ?? null, message: String(e.message ?? '').slice(0, 300) });
  }
  const issuer = claims.iss;
  const subject = claims.sub;
  const person =
    provider === 'citizen'
      ? await citizenOf(ctx, claims, issuer, subject, fail)
      : await officerOf(ctx, claims, issuer, subject, fail);
  if (!person.active) throw new CongsoError('ACCOUNT_DISABLED');
  const { token, id } = newSessionToken();
  const expiresAt = new Date(now.getTime() + ctx.config.SESSION_TTL_HOURS * 3_600_000);
  await db.transaction(async (tx) => {
    if (input.previousSessionId) await deleteSession(tx, input.previousSessionId);
    await linkExternalIdentity(tx, { issuer, subject, provider, personId: person.id, now });
    if (provider === 'citizen') await markVneidVerified(tx, person.id, now);
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
      data: { method: 'oidc', provider, issuer, subject },
      ip: input.ip,
      requestId: input.requestId,
    });
  });
  return {
    token,
    personId: person.id,
    next: pending.next ?? (provider === 'citizen' ? '/ho-so-cua-toi' : '/'),
  };
}

type Fail = (reason: string, extra?: Record<string, unknown>) => Promise<CongsoError>;

/**
 * The citizen of a verified national id: the account already linked to this subject, else the citizen account
 * with this national id (linked now), else a new citizen account (no password: it signs in through the provider).
 */
async function citizenOf(
  ctx: AppContext,
  claims: oidc.IDToken,
  issuer: string,
  subject: string,
  fail: Fail,
): Promise<PersonRow> {
  const db = ctx.connection.db;
  const raw = claims[ctx.config.OIDC_CITIZEN_NATIONAL_ID_CLAIM];
  const nationalId = typeof raw === 'string' ? raw.trim() : '';
  if (!parseNationalId(nationalId, ctx.now().getUTCFullYear()).ok) throw await fail('national_id_claim');
  const linked = await personOfExternalIdentity(db, issuer, subject);
  if (linked && linked.kind === 'citizen' && linked.nationalId === nationalId) return linked;
  const existing = await personByNationalId(db, nationalId);
  if (existing) {
    if (existing.kind !== 'citizen') {
      await fail('not_a_citizen', { personId: existing.id });
      throw new CongsoError('SSO_ACCOUNT_CONFLICT');
    }
    return existing;
  }
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : nationalId;
  const email = typeof claims.email === 'string' && claims.email.length <= 200 ? claims.email : null;
  const now = ctx.now();
  return db.transaction(async (tx) => {
    const person = await ensurePerson(tx, {
      kind: 'citizen',
      username: nationalId,
      fullName: name,
      nationalId,
      email,
      passwordHash: null,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, {
      occurredAt: now,
      actorId: person.id,
      action: 'person.created_by_sso',
      entityType: 'person',
      entityId: person.id,
      data: { issuer, subject },
    });
    return person;
  });
}

/** The officer a subject is linked to, else the one named by the username claim, else by the e-mail claim. */
async function officerOf(
  ctx: AppContext,
  claims: oidc.IDToken,
  issuer: string,
  subject: string,
  fail: Fail,
): Promise<PersonRow> {
  const db = ctx.connection.db;
  const linked = await personOfExternalIdentity(db, issuer, subject);
  if (linked?.kind === 'officer') return linked;
  const username = claims[ctx.config.OIDC_OFFICER_USERNAME_CLAIM];
  if (typeof username === 'string' && username.trim()) {
    const person = await getPersonByUsername(db, normalizeUsername(username));
    if (person?.kind === 'officer') return person;
  }
  if (typeof claims.email === 'string' && claims.email) {
    const found = await officerByEmail(db, claims.email);
    if (found.length === 1) return found[0] as PersonRow;
  }
  await fail('no_officer');
  throw new CongsoError('SSO_NO_ACCOUNT');
}
