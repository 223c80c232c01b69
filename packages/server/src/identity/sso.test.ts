import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { schema } from '@congso/db';
import { eq } from 'drizzle-orm';
import { decodeJwt, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { createTestApp, type TestApp } from '../testing';
import { type OidcStandIn, STAND_IN_PASSWORD, startOidcStandIn } from './stand-in/oidc-stand-in';

const CLIENT = { clientId: 'congso-test', clientSecret: 'congso-test-secret-1234' };
const BASE = 'http://localhost:3000';

let t: TestApp;
let idp: OidcStandIn;
let signingKey: JWK;
/** Rewrites the ID token of the provider's token response (an attacker between the two), when set. */
let rewriteIdToken: ((idToken: string) => Promise<string>) | null = null;
const issuedIdTokens: string[] = [];

before(async () => {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  signingKey = { ...(await exportJWK(privateKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
  idp = await startOidcStandIn({
    signingKey,
    clients: [
      {
        ...CLIENT,
        redirectUris: [`${BASE}/api/v1/auth/oidc/citizen/callback`, `${BASE}/api/v1/auth/oidc/officer/callback`],
      },
    ],
  });
  idp.provider.use(async (ctx, next) => {
    await next();
    if (ctx.path !== '/token' || ctx.status !== 200) return;
    const body = ctx.body as { id_token?: string };
    if (!body.id_token) return;
    issuedIdTokens.push(body.id_token);
    if (rewriteIdToken) ctx.body = { ...body, id_token: await rewriteIdToken(body.id_token) };
  });
  t = await createTestApp({
    OIDC_CITIZEN_ISSUER: idp.issuer,
    OIDC_CITIZEN_CLIENT_ID: CLIENT.clientId,
    OIDC_CITIZEN_CLIENT_SECRET: CLIENT.clientSecret,
    OIDC_OFFICER_ISSUER: idp.issuer,
    OIDC_OFFICER_CLIENT_ID: CLIENT.clientId,
    OIDC_OFFICER_CLIENT_SECRET: CLIENT.clientSecret,
    OIDC_OFFICER_DISPLAY_NAME: 'SSO Tây Ninh',
  });
  // The provider signs with the system clock: the server's clock is set to it.
  t.clock.now = new Date();
});
after(async () => {
  await t?.close();
  await idp?.close();
});

/** A browser at the provider: follows its redirects with its cookies, fills in the stand-in's form. */
async function atProvider(authorizationUrl: string, login: string): Promise<string> {
  const jar = new Map<string, string>();
  const go = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, ...v] = (pair as string).split('=');
      jar.set(k as string, v.join('='));
    }
    return res;
  };
  let res = await go(authorizationUrl);
  let url = new URL(res.headers.get('location') as string, idp.issuer).href;
  res = await go(url);
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /BẢN GIẢ LẬP \(STAND-IN\)/);
  const action = /action="([^"]+)"/.exec(html)?.[1] as string;
  res = await go(new URL(action, idp.issuer).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login, password: STAND_IN_PASSWORD }).toString(),
  });
  for (let i = 0; i < 5 && res.status >= 300 && res.status < 400; i++) {
    url = new URL(res.headers.get('location') as string, idp.issuer).href;
    if (url.startsWith(BASE)) return url;
    res = await go(url);
  }
  throw new Error(`the provider did not redirect back: ${res.status} ${await res.text()}`);
}

interface Started {
  authorizationUrl: string;
  state: string;
}

async function start(provider: 'citizen' | 'officer' = 'citizen', next?: string): Promise<Started> {
  const res = await t.call(
    'GET',
    `/api/v1/auth/oidc/${provider}/start${next ? `?next=${encodeURIComponent(next)}` : ''}`,
  );
  assert.equal(res.statusCode, 302, res.body);
  const cookie = res.cookies.find((c) => c.name === 'congso_oidc_state');
  assert.ok(cookie?.httpOnly);
  assert.equal(cookie.path, '/api/v1/auth/oidc');
  return { authorizationUrl: res.headers.location as string, state: cookie.value };
}

async function callback(returnUrl: string, state: string | null) {
  const u = new URL(returnUrl);
  return t.app.inject({
    method: 'GET',
    url: u.pathname + u.search,
    headers: state ? { cookie: `congso_oidc_state=${state}` } : {},
  });
}

async function signIn(login: string, provider: 'citizen' | 'officer' = 'citizen', next?: string) {
  const s = await start(provider, next);
  const back = await atProvider(s.authorizationUrl, login);
  return { started: s, back, res: await callback(back, s.state) };
}

const sessionOf = (res: { cookies: { name: string; value: string }[] }) =>
  res.cookies.find((c) => c.name === 'congso_session')?.value;

async function lastFailure() {
  const rows = await t.db.connection.db
    .select()
    .from(schema.auditEvents)
    .where(eq(schema.auditEvents.action, 'auth.sso_failed'));
  return (rows.sort((a, b) => Number(a.id) - Number(b.id)).at(-1)?.data ?? null) as Record<string, unknown> | null;
}

async function personNamed(username: string) {
  const [row] = await t.db.connection.db.select().from(schema.people).where(eq(schema.people.username, username));
  return row;
}

/** Signs the claims again: with the provider's key (a valid signature) or another (forged). */
async function resign(idToken: string, change: Record<string, unknown>, key: JWK = signingKey) {
  const claims = { ...decodeJwt(idToken), ...change };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: signingKey.kid as string })
    .sign(await importJWK(key, 'RS256'));
}

describe('sign-in through an OpenID Connect provider (the stand-in, started here)', () => {
  test('the providers configured are listed with their names', async () => {
    const res = await t.call('GET', '/api/v1/auth/providers');
    assert.deepEqual(res.json(), {
      providers: [
        { id: 'citizen', displayName: 'VNeID' },
        { id: 'officer', displayName: 'SSO Tây Ninh' },
      ],
    });
  });

  test('round trip: authorize with PKCE S256, state and nonce → callback → a session of the citizen with that national id', async () => {
    const before = await personNamed('072090001234');
    assert.ok(before);
    assert.equal(before.vneidVerified, false);
    const s = await start('citizen', '/ho-so-cua-toi/abc');
    const auth = new URL(s.authorizationUrl);
    assert.equal(auth.origin, idp.issuer);
    assert.equal(auth.searchParams.get('response_type'), 'code');
    assert.equal(auth.searchParams.get('client_id'), CLIENT.clientId);
    assert.equal(auth.searchParams.get('redirect_uri'), `${BASE}/api/v1/auth/oidc/citizen/callback`);
    assert.equal(auth.searchParams.get('state'), s.state);
    assert.equal(auth.searchParams.get('code_challenge_method'), 'S256');
    const [pending] = await t.db.connection.db
      .select()
      .from(schema.oidcLogins)
      .where(eq(schema.oidcLogins.stateHash, createHash('sha256').update(s.state).digest('hex')));
    assert.ok(pending);
    assert.equal(auth.searchParams.get('nonce'), pending.nonce);
    assert.equal(
      auth.searchParams.get('code_challenge'),
      createHash('sha256').update(pending.codeVerifier).digest('base64url'),
    );
    const back = await atProvider(s.authorizationUrl, '072090001234');
    const res = await callback(back, s.state);
    assert.equal(res.statusCode, 302);
    assert.equal(res.headers.location, '/ho-so-cua-toi/abc');
    const session = sessionOf(res);
    assert.ok(session);
    const me = await t.call('GET', '/api/v1/auth/me', { cookie: session });
    assert.equal(me.json().user.username, '072090001234');
    assert.equal(me.json().user.kind, 'citizen');
    const after = await personNamed('072090001234');
    assert.equal(after?.id, before.id);
    assert.equal(after?.vneidVerified, true);
    assert.equal(after?.vneidVerifiedAt?.getTime(), t.clock.now.getTime());
    const links = await t.db.connection.db
      .select()
      .from(schema.externalIdentities)
      .where(eq(schema.externalIdentities.personId, before.id));
    assert.deepEqual(
      links.map((l) => [l.issuer, l.subject, l.provider]),
      [[idp.issuer, 'vneid-demo-0001', 'citizen']],
    );
    // The pending sign-in is gone.
    const left = await t.db.connection.db
      .select()
      .from(schema.oidcLogins)
      .where(eq(schema.oidcLogins.stateHash, pending.stateHash));
    assert.equal(left.length, 0);
  });

  test('an existing citizen account with the same national id is linked, not duplicated; a new one is opened without a password', async () => {
    const nam = await personNamed('080195004321');
    const { res } = await signIn('080195004321');
    assert.equal(res.headers.location, '/ho-so-cua-toi');
    const me = await t.call('GET', '/api/v1/auth/me', { cookie: sessionOf(res) as string });
    assert.equal(me.json().user.id, nam?.id);
    assert.equal((await personNamed('080195004321'))?.vneidVerified, true);

    assert.equal(await personNamed('072301005678'), undefined);
    const first = await signIn('072301005678');
    assert.equal(first.res.statusCode, 302);
    assert.equal(first.res.headers.location, '/ho-so-cua-toi');
    const trang = await personNamed('072301005678');
    assert.equal(trang?.kind, 'citizen');
    assert.equal(trang?.fullName, 'Phạm Thu Trang');
    assert.equal(trang?.nationalId, '072301005678');
    assert.equal(trang?.passwordHash, null);
    assert.equal(trang?.vneidVerified, true);
    // Her second sign-in finds the same account.
    const second = await signIn('072301005678');
    const me2 = await t.call('GET', '/api/v1/auth/me', { cookie: sessionOf(second.res) as string });
    assert.equal(me2.json().user.id, trang?.id);
    // No password opens an account that has none (not even the dummy hash's).
    const pw = await t.call('POST', '/api/v1/auth/login', {
      body: { username: '072301005678', password: 'congso-no-such-user-0' },
    });
    assert.equal(pw.statusCode, 401);
  });

  test('a replayed callback (same code and state) is refused', async () => {
    const { started, back, res } = await signIn('079203000111');
    assert.equal(res.statusCode, 302);
    assert.ok(sessionOf(res));
    const again = await callback(back, started.state);
    assert.equal(again.headers.location, '/login?sso_error=SSO_FAILED');
    assert.equal(sessionOf(again), undefined);
    assert.equal((await lastFailure())?.reason, 'state_unknown_or_used');
  });

  test('a used code replayed into a new sign-in is refused by the provider', async () => {
    const { back, res } = await signIn('079203000111');
    assert.ok(sessionOf(res));
    const code = new URL(back).searchParams.get('code') as string;
    const fresh = await start();
    const forged = new URL(back);
    forged.searchParams.set('state', fresh.state);
    forged.searchParams.set('code', code);
    const replay = await callback(forged.href, fresh.state);
    assert.equal(replay.headers.location, '/login?sso_error=SSO_FAILED');
    assert.equal(sessionOf(replay), undefined);
    const failure = await lastFailure();
    assert.equal(failure?.reason, 'token');
    assert.equal(failure?.code, 'invalid_grant');
  });

  test('PKCE: a wrong code verifier at the token endpoint is refused', async () => {
    const s = await start();
    const back = await atProvider(s.authorizationUrl, '072090001234');
    await t.db.connection.db
      .update(schema.oidcLogins)
      .set({ codeVerifier: 'x'.repeat(43) })
      .where(eq(schema.oidcLogins.stateHash, createHash('sha256').update(s.state).digest('hex')));
    const res = await callback(back, s.state);
    assert.equal(res.headers.location, '/login?sso_error=SSO_FAILED');
    assert.equal((await lastFailure())?.code, 'invalid_grant');
  });

  test('a callback this browser did not start (no state cookie, or another one) is refused: no login CSRF', async () => {
    const s = await start();
    const back = await atProvider(s.authorizationUrl, '072090001234');
    const none = await callback(back, null);
    assert.equal(none.headers.location, '/login?sso_error=SSO_FAILED');
    assert.equal((await lastFailure())?.reason, 'state_not_this_browser');
    const other = await start();
    const wrong = await callback(back, other.state);
    assert.equal(wrong.headers.location, '/login?sso_error=SSO_FAILED');
    assert.equal((await lastFailure())?.reason, 'state_not_this_browser');
  });

  const tampered: [string, (idToken: string) => Promise<string>][] = [
    [
      'a forged ID token (signed with another key under the provider key id)',
      async (idToken) => {
        const { privateKey } = await generateKeyPair('RS256', { extractable: true });
        return resign(idToken, {}, await exportJWK(privateKey));
      },
    ],
    ['an ID token for another audience', (idToken) => resign(idToken, { aud: 'another-client' })],
    ['an ID token from another issuer', (idToken) => resign(idToken, { iss: 'http://127.0.0.1:1' })],
    [
      'an expired ID token',
      (idToken) => {
        const now = Math.floor(Date.now() / 1000);
        return resign(idToken, { iat: now - 1200, exp: now - 600 });
      },
    ],
    ['an ID token replayed from an earlier sign-in (its nonce)', async () => issuedIdTokens[0] as string],
    [
      'an ID token with its payload changed (signature no longer matches)',
      async (idToken) => {
        const [h, , s] = idToken.split('.');
        const payload = Buffer.from(JSON.stringify({ ...decodeJwt(idToken), national_id: '080195004321' })).toString(
          'base64url',
        );
        return `${h}.${payload}.${s}`;
      },
    ],
  ];
  for (const [name, rewrite] of tampered) {
    test(`${name} is refused`, async () => {
      assert.ok(issuedIdTokens.length > 0);
      rewriteIdToken = rewrite;
      try {
        const { res } = await signIn('072090001234');
        assert.equal(res.headers.location, '/login?sso_error=SSO_FAILED');
        assert.equal(sessionOf(res), undefined);
        assert.equal((await lastFailure())?.reason, 'token');
      } finally {
        rewriteIdToken = null;
      }
    });
  }

  test('the check of the re-signing helper: the provider key re-signing unchanged claims is accepted', async () => {
    rewriteIdToken = (idToken) => resign(idToken, {});
    try {
      const { res } = await signIn('072090001234');
      assert.equal(res.headers.location, '/ho-so-cua-toi');
    } finally {
      rewriteIdToken = null;
    }
  });

  test('officers: an existing officer signs in by the username claim; nobody else gets an account', async () => {
    const { res } = await signIn('motcua.tanninh', 'officer');
    assert.equal(res.headers.location, '/');
    const me = await t.call('GET', '/api/v1/auth/me', { cookie: sessionOf(res) as string });
    assert.equal(me.json().user.username, 'motcua.tanninh');
    assert.equal(me.json().user.kind, 'officer');
    const citizen = await signIn('072090001234', 'officer');
    assert.equal(citizen.res.headers.location, '/login?sso_error=SSO_NO_ACCOUNT');
    assert.equal(sessionOf(citizen.res), undefined);
    assert.equal((await lastFailure())?.reason, 'no_officer');
  });

  test('a provider that is not configured answers 404 SSO_NOT_CONFIGURED', async () => {
    const plain = await createTestApp();
    try {
      assert.deepEqual((await plain.call('GET', '/api/v1/auth/providers')).json(), { providers: [] });
      const res = await plain.call('GET', '/api/v1/auth/oidc/citizen/start');
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().error.code, 'SSO_NOT_CONFIGURED');
    } finally {
      await plain.close();
    }
  });
});
