/**
 * Sessions and the browser-facing defences: no session fixation, CSRF on every state-changing route of the
 * OpenAPI document (each tried with a request that would succeed with the proof: refused without it and
 * nothing written, accepted with it), cookie flags, logout and expiry on the server, sign-in throttling,
 * security headers on pages and API, no CORS grant, and no inline script in the built web page.
 *
 * In-process (createTestApp) on PGlite, or on a fresh database when DATABASE_URL is set.
 * Run: node --import tsx --test e2e/security/sessions.security.ts
 */
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { queryRows, sql } from '@congso/db';
import type { LightMyRequestResponse } from 'fastify';
import { provinceRootAgencyId } from '../../packages/server/src/gateway/anchors';
import { logExchange } from '../../packages/server/src/gateway/gateway-log';
import {
  type NationalDbStandIn,
  startNationalDbStandIn,
} from '../../packages/server/src/gateway/stand-in/national-db-stand-in';
import { issueRegistryCertificate, prepareProvinceAuthority } from '../../packages/server/src/signing/registry';
import { sampleDocument } from '../../packages/server/src/signing/testing/sample-document';
import {
  createTestApp,
  DEMO_PASSWORD,
  multipartBody,
  sampleFile,
  type TestApp,
} from '../../packages/server/src/testing';
import {
  deliveryToTanNinh,
  draftBody,
  incomingBody,
  officeLogin,
  tanNinhDraft,
  tanNinhIncoming,
  tanNinhRegister,
  tanNinhWorkFile,
} from './office-fixtures';
import { ensureWebBuilt } from './real-server';
import {
  freshAssignment,
  freshIndicator,
  freshPeriodOverride,
  freshPeriodRule,
  freshProject,
  halfOfSerial,
  indicatorBody,
  periodOfSerial,
  periodOverrideBody,
  projectBody,
  rankBody,
  reportingLogin,
  reportingSetup,
  tanNinhReport,
} from './reporting-fixtures';

const TTL_HOURS = 12;
const MAX_FAILURES = 4;
const LOCK_MINUTES = 15;
/** The same origin as a browser sends it with `Host: localhost` (app.inject's own Host carries the port). */
const SAME_ORIGIN = { host: 'localhost', origin: 'http://localhost' };

let t: TestApp;
let webDist = '';
const tally = { csrfRoutes: 0, csrfRefusals: 0, acceptedWithProof: 0, headerChecks: 0, sessionCases: 0 };

const sessionCookie = (res: LightMyRequestResponse) => res.cookies.find((c) => c.name === 'congso_session');

const loginRequest = (username: string, password: string, extra: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { 'x-congso-request': '1', ...extra },
    payload: { username, password },
  });

async function sessionExists(token: string): Promise<boolean> {
  const id = createHash('sha256').update(token).digest('hex');
  const rows = await queryRows<{ n: number }>(
    t.db.connection.db,
    sql`select count(*)::int as n from sessions where id = ${id}`,
  );
  return (rows[0]?.n ?? 0) > 0;
}

/** A summary of everything a state change writes: audit trail, rows, versions, passwords, read marks. */
const freshPublicKey = () =>
  generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();

/** A subscriber, an event and its failed delivery, written directly (the webhooks test sends real ones). */
async function webhookDelivery(app: TestApp): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    app.db.connection.db,
    sql`with s as (
          insert into webhook_subscriptions (id, name, url, event_types, secret, created_at, updated_at)
          values (gen_random_uuid(), 'Hệ thống thử', 'http://127.0.0.1:9/hooks', array['vn.congso.dossier.created'],
                  'whsec_dGVzdA==', now(), now()) returning id),
        e as (
          insert into webhook_events (id, type, subject, event, occurred_at)
          values (gen_random_uuid(), 'vn.congso.dossier.created', 'HS-THU', '{}'::jsonb, now()) returning id)
        insert into webhook_deliveries (id, subscription_id, event_id, status, attempts, created_at)
        select gen_random_uuid(), s.id, e.id, 'failed', 6, now() from s, e returning id`,
  );
  return (row as { id: string }).id;
}

async function fingerprint(): Promise<string> {
  const rows = await queryRows<Record<string, unknown>>(
    t.db.connection.db,
    sql`select (select count(*)::int from audit_events) as audits,
               (select count(*)::int from sessions) as sessions,
               (select count(*)::int from dossiers) as dossiers,
               (select coalesce(sum(version), 0)::int from dossiers) as dossier_versions,
               (select count(*)::int from files) as files,
               (select count(*)::int from people) as people,
               (select coalesce(sum(version), 0)::int from people) as people_versions,
               (select md5(coalesce(string_agg(coalesce(password_hash, ''), ',' order by id), ''))
                  from people) as passwords,
               (select count(*)::int from agencies) as agencies,
               (select coalesce(sum(version), 0)::int from agencies) as agency_versions,
               (select count(*)::int from procedure_versions) as procedure_versions,
               (select count(*)::int from notifications where read_at is not null) as read_notifications,
               (select md5(coalesce(string_agg(c::text, ',' order by c::text), '')) from search_choices c) as search_choices,
               (select md5(coalesce(string_agg(m::text, ',' order by m::text), '')) from search_misses m) as search_misses,
               (select count(*)::int from search_filed_dossiers) as search_filed_dossiers,
               (select count(*)::int from exchange_peers) as exchange_peers,
               (select coalesce(sum(version), 0)::int from exchange_peers) as exchange_peer_versions,
               (select count(*)::int from exchange_messages) as exchange_messages,
               (select count(*)::int from certificates) as certificates,
               (select coalesce(sum(version), 0)::int from certificates) as certificate_versions`,
  );
  return JSON.stringify(rows[0]);
}

let nationalDb: NationalDbStandIn;

before(async () => {
  webDist = await ensureWebBuilt();
  nationalDb = await startNationalDbStandIn();
  t = await createTestApp({
    POPULATION_DB_URL: nationalDb.url,
    BUSINESS_REGISTRY_URL: nationalDb.url,
    SESSION_TTL_HOURS: String(TTL_HOURS),
    LOGIN_MAX_FAILURES: String(MAX_FAILURES),
    LOGIN_LOCK_MINUTES: String(LOCK_MINUTES),
  });
  await t.importDemoProcedures('1.001193');
});

after(async () => {
  await t?.close();
  await nationalDb?.close();
  console.log(
    `sessions: ${tally.csrfRoutes} state-changing routes, ${tally.csrfRefusals} CSRF refusals with nothing written, ` +
      `${tally.acceptedWithProof} accepted with the proof, ${tally.sessionCases} session cases (fixation, cookie flags, logout, expiry, throttling), ` +
      `${tally.headerChecks} responses' security headers checked`,
  );
});

describe('sessions', () => {
  test('no fixation: a cookie planted or left before sign-in is never the session after it', async () => {
    // A token the attacker made up and planted in the victim's browser.
    const planted = randomBytes(32).toString('base64url');
    const first = await loginRequest('xem.tinh', DEMO_PASSWORD, { cookie: `congso_session=${planted}` });
    assert.equal(first.statusCode, 200);
    const issued = sessionCookie(first)?.value ?? '';
    assert.ok(issued && issued !== planted, 'a new token is issued');
    assert.equal(await sessionExists(planted), false);
    assert.equal((await t.call('GET', '/api/v1/auth/me', { cookie: planted })).statusCode, 401);
    // A real session left in a shared browser: signing in (as someone else) replaces it and ends it.
    const second = await loginRequest('072090001234', DEMO_PASSWORD, { cookie: `congso_session=${issued}` });
    assert.equal(second.statusCode, 200);
    const next = sessionCookie(second)?.value ?? '';
    assert.ok(next && next !== issued);
    assert.equal(await sessionExists(issued), false, 'the old session is deleted on the server');
    assert.equal((await t.call('GET', '/api/v1/auth/me', { cookie: issued })).statusCode, 401);
    const me = await t.call('GET', '/api/v1/auth/me', { cookie: next });
    assert.equal(me.json().user.username, '072090001234');
    // Tokens are long and random; only their hash is stored.
    assert.match(next, /^[A-Za-z0-9_-]{43}$/);
    const stored = await queryRows<{ id: string }>(t.db.connection.db, sql`select id from sessions`);
    assert.ok(stored.every((r) => /^[0-9a-f]{64}$/.test(r.id) && r.id !== next));
    tally.sessionCases++;
  });

  test('cookie flags: HttpOnly, SameSite=Lax, Path=/, Max-Age of the TTL; not Secure on plain HTTP', async () => {
    const res = await loginRequest('xem.tinh', DEMO_PASSWORD);
    const raw = String(res.headers['set-cookie']);
    const cookie = sessionCookie(res);
    assert.ok(cookie);
    assert.equal(cookie.httpOnly, true, raw);
    assert.equal(cookie.sameSite, 'Lax', raw);
    assert.equal(cookie.path, '/', raw);
    assert.equal(cookie.maxAge, TTL_HOURS * 3600, raw);
    assert.equal(cookie.domain, undefined, 'host-only');
    assert.notEqual(cookie.secure, true, raw);
    const out = await t.call('POST', '/api/v1/auth/logout', { cookie: cookie.value, body: {} });
    const cleared = sessionCookie(out);
    assert.ok(cleared, 'logout clears the cookie');
    assert.equal(cleared.value, '');
    assert.ok(
      (cleared.expires && cleared.expires.getTime() <= Date.now()) || cleared.maxAge === 0,
      String(out.headers['set-cookie']),
    );
    assert.equal(cleared.httpOnly, true);
    assert.equal(cleared.path, '/');
    tally.sessionCases++;
  });

  test('logout ends the session on the server: the old cookie is refused for reads and writes', async () => {
    const cookie = await t.login('xem.tinh');
    assert.equal((await t.call('GET', '/api/v1/auth/me', { cookie })).statusCode, 200);
    assert.equal((await t.call('POST', '/api/v1/auth/logout', { cookie, body: {} })).statusCode, 204);
    assert.equal(await sessionExists(cookie), false);
    assert.equal((await t.call('GET', '/api/v1/auth/me', { cookie })).statusCode, 401);
    const write = await t.call('POST', '/api/v1/notifications/read', { cookie, body: {} });
    assert.equal(write.statusCode, 401);
    assert.equal(write.json().error.code, 'UNAUTHENTICATED');
    tally.sessionCases++;
  });

  test('expired sessions are refused; activity slides the expiry', async () => {
    const idle = await t.login('xem.tinh');
    const active = await t.login('xem.tinh');
    t.clock.advance((TTL_HOURS - 1) * 3_600_000);
    assert.equal((await t.call('GET', '/api/v1/auth/me', { cookie: active })).statusCode, 200, 'touched');
    t.clock.advance(2 * 3_600_000);
    assert.equal((await t.call('GET', '/api/v1/auth/me', { cookie: idle })).statusCode, 401, 'expired');
    assert.equal(
      (await t.call('POST', '/api/v1/notifications/read', { cookie: idle, body: {} })).statusCode,
      401,
      'an expired session cannot write',
    );
    assert.equal((await t.call('GET', '/api/v1/auth/me', { cookie: active })).statusCode, 200, 'slid');
    t.clock.advance((TTL_HOURS + 1) * 3_600_000);
    assert.equal((await t.call('GET', '/api/v1/auth/me', { cookie: active })).statusCode, 401);
    tally.sessionCases++;
  });

  test('sign-in throttling: locked after LOGIN_MAX_FAILURES with 429 LOGIN_THROTTLED, per account and per address', async () => {
    const from = (ip: string, username: string, password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: ip,
        headers: { 'x-congso-request': '1' },
        payload: { username, password },
      });
    const codes: number[] = [];
    for (let i = 0; i < MAX_FAILURES; i++)
      codes.push((await from('198.51.100.7', 'vanthu.vp', `wrong-password-${i}`)).statusCode);
    assert.deepEqual(codes, [...Array(MAX_FAILURES - 1).fill(401), 429]);
    const locked = await from('198.51.100.8', 'vanthu.vp', DEMO_PASSWORD);
    assert.equal(locked.statusCode, 429, 'locked even with the right password, from another address');
    const error = locked.json().error;
    assert.equal(error.code, 'LOGIN_THROTTLED');
    assert.ok(error.message.vi && error.message.en);
    assert.ok(error.details.retryAfterSeconds > (LOCK_MINUTES - 1) * 60);
    assert.equal(sessionCookie(locked), undefined);
    assert.equal((await from('198.51.100.8', 'xem.tinh', DEMO_PASSWORD)).statusCode, 200, 'others unaffected');
    // One address guessing many accounts is locked too (ten times the per-account limit).
    const spray: number[] = [];
    for (let i = 0; i < MAX_FAILURES * 10; i++)
      spray.push((await from('203.0.113.50', `no.such.user${i}`, 'guess-123456')).statusCode);
    assert.equal(spray.at(-1), 429);
    assert.ok(spray.slice(0, -1).every((s) => s === 401));
    assert.equal((await from('203.0.113.50', 'xem.tinh', DEMO_PASSWORD)).statusCode, 429, 'the address is locked');
    t.clock.advance((LOCK_MINUTES + 1) * 60_000);
    assert.equal((await from('198.51.100.7', 'vanthu.vp', DEMO_PASSWORD)).statusCode, 200, 'unlocked after the lock');
    assert.equal((await from('203.0.113.50', 'xem.tinh', DEMO_PASSWORD)).statusCode, 200);
    tally.sessionCases++;
  });
});

interface Prepared {
  url: string;
  cookie?: string;
  body?: unknown;
  multipart?: { payload: Buffer; contentType: string };
}

describe('CSRF on every state-changing route', () => {
  test('without the proof or from a foreign origin: 403 CSRF_REJECTED and nothing written; with it: accepted', async () => {
    const admin = await t.login('admin');
    const citizen = await t.login('072090001234');
    const clerk = await t.login('motcua.tanninh');
    const find = async (path: string) => (await t.call('GET', path, { cookie: admin })).json().items[0];
    /** An agency found by name, with its version (from its detail). */
    const agency = async (q: string) =>
      (
        await t.call('GET', `/api/v1/agencies/${(await find(`/api/v1/agencies?q=${encodeURIComponent(q)}`)).id}`, {
          cookie: admin,
        })
      ).json();
    const tanNinh = await find('/api/v1/agencies?q=phuong%20tan%20ninh');
    const stp = await find('/api/v1/agencies?q=so%20tu%20phap');
    /** A full online filing's body (with its own freshly uploaded files). */
    const onlineFiling = async () => ({
      procedureCode: '1.001193',
      receivingAgencyId: tanNinh.id,
      applicant: { phone: '0912 345 678', address: 'Số 12 đường 30/4, phường Tân Ninh' },
      documents: await t.documentsFor(citizen, '1.001193'),
    });
    const fileOnline = async () =>
      (await t.call('POST', '/api/v1/dossiers', { cookie: citizen, body: await onlineFiling() })).json();

    // Sở Tư pháp's officers send before the cases below change their passwords.
    const delivery = await deliveryToTanNinh(t);
    // Made before the cases run: some of them end the sessions of the officers who draft and send it.
    const refusable = await deliveryToTanNinh(t);
    /** An online dossier received by Tân Ninh's clerk, and a scan the clerk uploaded (Tân Ninh's seal is there). */
    const receivedOnline = async () => {
      const d = await fileOnline();
      return (
        await t.call('POST', `/api/v1/dossiers/${d.id}/actions`, {
          cookie: clerk,
          body: { version: d.version, action: 'receive' },
        })
      ).json();
    };
    /** A VietQR transfer citizen A started for a fresh dossier whose 20.000 đồng the clerk asked. */
    const startedTransfer = async () => {
      const d = await fileOnline();
      await t.call('POST', `/api/v1/dossiers/${d.id}/actions`, {
        cookie: clerk,
        body: { version: d.version, action: 'request_payment', amount: 20000, description: 'Lệ phí' },
      });
      const res = await t.call('POST', `/api/v1/dossiers/${d.id}/payments`, {
        cookie: citizen,
        body: { provider: 'vietqr' },
      });
      return res.json().payment as { id: string; reference: string };
    };
    const clerkScan = async () =>
      (await t.upload(clerk, { bytes: await sampleDocument('GIẤY CHỨNG NHẬN'), name: 'ban-quet.pdf' })).json().id;
    /** Citizen B confirmed as Minh Phát's legal representative (the registry's stand-in names him). */
    const legalRepresentative = async () => {
      const cookie = await t.login('080195004321');
      const res = await t.call('POST', '/api/v1/representations/confirm', {
        cookie,
        body: { organisationCode: '3909876544' },
      });
      return { cookie, organisationId: res.json().organisation.id as string };
    };
    const dayAhead = (days: number) =>
      new Date(t.clock.now.getTime() + days * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);
    // A request per route that succeeds when sent with the proof.
    const requests: Record<string, () => Promise<Prepared>> = {
      'POST /api/v1/auth/login': async () => ({
        url: '/api/v1/auth/login',
        body: { username: 'xem.tinh', password: DEMO_PASSWORD },
      }),
      'POST /api/v1/webhooks/subscriptions': async () => ({
        url: '/api/v1/webhooks/subscriptions',
        cookie: admin,
        body: { name: 'Hệ thống CSRF', url: 'http://127.0.0.1:9/hooks', eventTypes: ['vn.congso.dossier.created'] },
      }),
      'POST /api/v1/webhooks/deliveries/{id}/redeliver': async () => ({
        url: `/api/v1/webhooks/deliveries/${await webhookDelivery(t)}/redeliver`,
        cookie: admin,
        body: {},
      }),
      'POST /api/v1/auth/logout': async () => ({
        url: '/api/v1/auth/logout',
        cookie: await t.login('xem.tinh'),
        body: {},
      }),
      'POST /api/v1/auth/password': async () => ({
        url: '/api/v1/auth/password',
        cookie: await t.login('giamdoc.stp'),
        body: { currentPassword: DEMO_PASSWORD, newPassword: 'Mật khẩu mới 2026' },
      }),
      'POST /api/v1/agencies': async () => ({
        url: '/api/v1/agencies',
        cookie: admin,
        body: {
          code: '000.03.04.H59',
          name: 'Phòng Phổ biến, giáo dục pháp luật',
          shortName: 'PBGDPL',
          kind: 'unit',
          parentId: stp.id,
          validFrom: '2026-12-01',
        },
      }),
      'POST /api/v1/agencies/{id}/rename': async () => {
        const a = await agency('xa tan bien');
        return {
          url: `/api/v1/agencies/${a.id}/rename`,
          cookie: admin,
          body: { version: a.version, name: 'Ủy ban nhân dân xã Tân Biên Mới', validFrom: '2027-01-01', reason: 'Thử' },
        };
      },
      'POST /api/v1/agencies/merge': async () => {
        const a = await agency('xa tan lap');
        return {
          url: '/api/v1/agencies/merge',
          cookie: admin,
          body: {
            sources: [{ id: a.id, version: a.version }],
            into: {
              code: '000.97.50.H59',
              name: 'Ủy ban nhân dân xã Tân Lập Mới',
              shortName: 'UBND',
              kind: 'commune',
              parentId: a.parentId,
            },
            validFrom: '2027-01-01',
            reason: 'Thử',
          },
        };
      },
      'POST /api/v1/officers': async () => ({
        url: '/api/v1/officers',
        cookie: admin,
        body: {
          username: 'csrf.test',
          fullName: 'Người Thử',
          agencyId: tanNinh.id,
          roles: ['specialist'],
          password: 'Mật khẩu 2026 thử',
        },
      }),
      'PATCH /api/v1/officers/{id}': async () => {
        const o = (await t.call('GET', '/api/v1/officers?q=xem.tinh', { cookie: admin })).json().items[0];
        return { url: `/api/v1/officers/${o.id}`, cookie: admin, body: { version: o.version, fullName: 'Xem Tỉnh' } };
      },
      'POST /api/v1/officers/{id}/reset-password': async () => {
        const o = (await t.call('GET', '/api/v1/officers?q=chuyenvien.stp', { cookie: admin })).json().items[0];
        return {
          url: `/api/v1/officers/${o.id}/reset-password`,
          cookie: admin,
          body: { newPassword: 'Mật khẩu đặt lại 2026' },
        };
      },
      'POST /api/v1/procedures/{code}/versions': async () => ({
        url: '/api/v1/procedures/1.001193/versions',
        cookie: admin,
        body: {
          expectedVersion: 1,
          validFrom: '2026-12-01',
          reason: 'Thử',
          changes: {
            deadlines: { counter: { amount: 1, unit: 'working_days', calendarDays: false, text: '01 ngày làm việc' } },
          },
        },
      }),
      'POST /api/v1/procedures/search-choices': async () => ({
        url: '/api/v1/procedures/search-choices',
        body: { query: 'làm giấy khai sinh cho con', code: '1.001193' },
      }),
      'POST /api/v1/procedures/search-misses': async () => ({
        url: '/api/v1/procedures/search-misses',
        body: { query: 'giấy tờ nhà', kind: 'refined' },
      }),
      'PUT /api/v1/search/synonyms': async () => ({
        url: '/api/v1/search/synonyms',
        cookie: admin,
        body: {
          expectedVersion: 0,
          reason: 'Thử',
          phrases: [{ says: ['giấy khai sinh cho con'], means: 'đăng ký khai sinh' }],
        },
      }),
      'POST /api/v1/dossiers': async () => ({ url: '/api/v1/dossiers', cookie: citizen, body: await onlineFiling() }),
      'POST /api/v1/desk/dossiers': async () => ({
        url: '/api/v1/desk/dossiers',
        cookie: clerk,
        body: {
          procedureCode: '1.001193',
          applicant: { fullName: 'Phạm Văn Lộc', nationalId: '072085009876', phone: '0988 111 222', address: 'Ấp 3' },
        },
      }),
      'POST /api/v1/dossiers/{id}/actions': async () => {
        const d = await fileOnline();
        return {
          url: `/api/v1/dossiers/${d.id}/actions`,
          cookie: clerk,
          body: { version: d.version, action: 'receive' },
        };
      },
      'POST /api/v1/dossiers/{id}/fees': async () => {
        const d = await fileOnline();
        return { url: `/api/v1/dossiers/${d.id}/fees`, cookie: clerk, body: { version: d.version } };
      },
      'POST /api/v1/payments/{id}/transfer-received': async () => {
        const payment = await startedTransfer();
        return {
          url: `/api/v1/payments/${payment.id}/transfer-received`,
          cookie: admin,
          body: { bankReference: 'FT-CSRF-1', receivedAt: t.clock.now.toISOString() },
        };
      },
      'POST /api/v1/payment-statements': async () => {
        const payment = await startedTransfer();
        const at = new Date(t.clock.now.getTime() + 7 * 3_600_000).toISOString().slice(0, 19);
        const csv = `Ngày giao dịch,Diễn giải,Ghi có\n${at},${payment.reference},"20,000"\n`;
        return {
          url: '/api/v1/payment-statements?name=sao-ke.csv',
          cookie: admin,
          multipart: { payload: Buffer.from(csv), contentType: 'text/csv' },
        };
      },
      'POST /api/v1/payment-reports/{day}': async () => ({
        url: '/api/v1/payment-reports/2026-11-23',
        cookie: admin,
        body: {},
      }),
      'POST /api/v1/dossiers/{id}/digitised-documents': async () => {
        const d = await receivedOnline();
        return {
          url: `/api/v1/dossiers/${d.id}/digitised-documents`,
          cookie: clerk,
          body: { documentIndex: 0, fileId: await clerkScan(), checked: true },
        };
      },
      'POST /api/v1/data-store/{id}/revoke': async () => {
        const d = await receivedOnline();
        const item = (
          await t.call('POST', `/api/v1/dossiers/${d.id}/digitised-documents`, {
            cookie: clerk,
            body: { documentIndex: 0, fileId: await clerkScan(), checked: true },
          })
        ).json();
        return {
          url: `/api/v1/data-store/${item.id}/revoke`,
          cookie: clerk,
          body: { version: item.version, reason: 'Thử' },
        };
      },
      // Citizen B (080195004321) is the legal representative of the stand-in's enterprises.
      'POST /api/v1/representations/confirm': async () => ({
        url: '/api/v1/representations/confirm',
        cookie: await t.login('080195004321'),
        body: { organisationCode: '3901234567' },
      }),
      'POST /api/v1/representations': async () => {
        const { cookie, organisationId } = await legalRepresentative();
        return {
          url: '/api/v1/representations',
          cookie,
          body: { organisationId, nationalId: '072090001234', validUntil: dayAhead(30) },
        };
      },
      'POST /api/v1/representations/{id}/revoke': async () => {
        const { cookie, organisationId } = await legalRepresentative();
        const link = (
          await t.call('POST', '/api/v1/representations', {
            cookie,
            body: { organisationId, nationalId: '079203000111', validUntil: dayAhead(30) },
          })
        ).json();
        return {
          url: `/api/v1/representations/${link.id}/revoke`,
          cookie,
          body: { version: link.version, reason: 'Thử' },
        };
      },
      'POST /api/v1/ioc/alert-rules': async () => ({
        url: '/api/v1/ioc/alert-rules',
        cookie: admin,
        body: { name: 'Quá hạn trên 3 ngày', kind: 'late_over_days', params: { days: 3 } },
      }),
      // The rules belong to the administrator's province (the agency tree has other roots: the provinces merged
      // on 1/7/2025 and the province as it was before).
      'PUT /api/v1/ioc/alert-rules/{id}': async () => {
        const [rule] = await queryRows<{ id: string }>(
          t.db.connection.db,
          sql`insert into alert_rules (id, agency_id, kind, name, params, created_at, updated_at)
              select gen_random_uuid(), agency_id, 'late_over_days', 'CSRF', '{"days":3}'::jsonb, now(), now()
              from people where username = 'admin' returning id`,
        );
        return {
          url: `/api/v1/ioc/alert-rules/${rule?.id}`,
          cookie: admin,
          body: { version: 1, name: 'CSRF 2', kind: 'late_over_days', params: { days: 4 }, enabled: true },
        };
      },
      'POST /api/v1/ioc/alerts/{id}/acknowledge': async () => {
        const [alert] = await queryRows<{ id: string }>(
          t.db.connection.db,
          sql`with r as (insert into alert_rules (id, agency_id, kind, name, params, created_at, updated_at)
                select gen_random_uuid(), agency_id, 'late_over_days', 'CSRF ack', '{"days":3}'::jsonb, now(), now()
                from people where username = 'admin' returning id, agency_id)
              insert into alerts (id, rule_id, agency_id, subject_kind, subject_id, subject_name, window_key, value,
                threshold, message, first_seen_at, last_seen_at)
              select gen_random_uuid(), r.id, r.agency_id, 'dossier', 'csrf', 'H-CSRF', 'open', 5, 3,
                '{"vi":"Quá hạn","en":"Late"}'::jsonb, now(), now() from r returning id`,
        );
        return { url: `/api/v1/ioc/alerts/${alert?.id}/acknowledge`, cookie: admin, body: { version: 1 } };
      },
      'PUT /api/v1/fee-schedules/{id}': async () => {
        const versionId = (await t.call('GET', '/api/v1/procedures/1.001193')).json().versionId;
        const schedule = (await t.call('GET', '/api/v1/procedures/1.001193/fees')).json().schedule;
        return {
          url: `/api/v1/fee-schedules/${versionId}`,
          cookie: admin,
          body: { expectedVersion: 0, validFrom: '2026-12-01', reason: 'Thử', schedule },
        };
      },
      'POST /api/v1/dossiers/{id}/payments': async () => {
        const d = await fileOnline();
        await t.call('POST', `/api/v1/dossiers/${d.id}/actions`, {
          cookie: clerk,
          body: { version: d.version, action: 'request_payment', amount: 20000 },
        });
        return { url: `/api/v1/dossiers/${d.id}/payments`, cookie: citizen, body: { provider: 'vietqr' } };
      },
      'POST /api/v1/dossiers/{id}/payments/counter': async () => {
        const d = await fileOnline();
        const asked = await t.call('POST', `/api/v1/dossiers/${d.id}/actions`, {
          cookie: clerk,
          body: { version: d.version, action: 'request_payment', amount: 20000 },
        });
        return {
          url: `/api/v1/dossiers/${d.id}/payments/counter`,
          cookie: clerk,
          body: { version: asked.json().version, method: 'cash' },
        };
      },
      'POST /api/v1/files': async () => ({
        url: '/api/v1/files',
        cookie: citizen,
        multipart: multipartBody('file', 'giay-to.pdf', sampleFile('sample.pdf')),
      }),
      'POST /api/v1/signing/verify': async () => ({
        url: '/api/v1/signing/verify',
        multipart: multipartBody('file', 'van-ban.pdf', sampleFile('sample.pdf')),
      }),
      'POST /api/v1/signing/certificates': async () => ({
        url: '/api/v1/signing/certificates',
        cookie: admin,
        body: { kind: 'organization', agencyId: stp.id, validityDays: 30 },
      }),
      'POST /api/v1/signing/certificates/{id}/revoke': async () => {
        const issued = await t.call('POST', '/api/v1/signing/certificates', {
          cookie: admin,
          body: { kind: 'organization', agencyId: tanNinh.id, validityDays: 30 },
        });
        assert.equal(issued.statusCode, 201, issued.body);
        return {
          url: `/api/v1/signing/certificates/${issued.json().id}/revoke`,
          cookie: admin,
          body: { reason: 'superseded', version: issued.json().version },
        };
      },
      'POST /api/v1/notifications/read': async () => {
        await fileOnline(); // leaves an unread notice to mark
        return { url: '/api/v1/notifications/read', cookie: citizen, body: {} };
      },
      'POST /api/v1/exchange/peers': async () => ({
        url: '/api/v1/exchange/peers',
        cookie: admin,
        body: {
          name: 'Congso CSRF',
          baseUrl: 'https://congso.example.vn',
          organIds: ['000.00.00.K99'],
          publicKey: freshPublicKey(),
        },
      }),
      'PUT /api/v1/exchange/peers/{id}': async () => {
        const body = {
          name: 'Congso CSRF 2',
          baseUrl: 'https://congso.example.vn',
          organIds: ['000.00.00.K98'],
          publicKey: freshPublicKey(),
        };
        const peer = (await t.call('POST', '/api/v1/exchange/peers', { cookie: admin, body })).json();
        return {
          url: `/api/v1/exchange/peers/${peer.id}`,
          cookie: admin,
          body: { ...body, active: false, version: peer.version },
        };
      },
      'POST /api/v1/exchange/messages/{id}/status': async () => {
        const [row] = await queryRows<{ id: string }>(
          t.db.connection.db,
          sql`with peer as (
                insert into exchange_peers (id, name, base_url, organ_ids, public_key, key_id, created_at, updated_at)
                values (gen_random_uuid(), 'Peer CSRF', 'http://127.0.0.1:9', array['000.00.00.K97'], 'unused', md5(random()::text), now(), now())
                returning id)
              insert into exchange_messages (id, direction, kind, peer_id, exchange_id, document_id, from_organ_id,
                                             to_organ_ids, subject, status_code, status_at, state, body, bytes, created_at)
              select gen_random_uuid(), 'in', 'package', peer.id, gen_random_uuid(), '000.00.00.K97,2026/12/04,7/UBND-VP',
                     '000.00.00.K97', array['000.00.04.H59'], 'Công văn thử', '01', now(), 'received', '<edXML/>', 8, now()
              from peer returning id`,
        );
        return {
          url: `/api/v1/exchange/messages/${(row as { id: string }).id}/status`,
          cookie: admin,
          body: { statusCode: '03' },
        };
      },
      'POST /api/v1/exchange/messages/{id}/retry': async () => {
        const [row] = await queryRows<{ id: string }>(
          t.db.connection.db,
          sql`with peer as (
                insert into exchange_peers (id, name, base_url, organ_ids, public_key, key_id, created_at, updated_at)
                values (gen_random_uuid(), 'Peer CSRF out', 'http://127.0.0.1:9', array['000.00.00.K96'], 'unused', md5(random()::text), now(), now())
                returning id)
              insert into exchange_messages (id, direction, kind, peer_id, exchange_id, document_id, from_organ_id,
                                             to_organ_ids, subject, state, attempts, body, bytes, created_at)
              select gen_random_uuid(), 'out', 'package', peer.id, gen_random_uuid(), '000.00.04.H59,2026/12/04,8/STP-VP',
                     '000.00.04.H59', array['000.00.00.K96'], 'Công văn thử', 'failed', 6, '<edXML/>', 8, now()
              from peer returning id`,
        );
        return { url: `/api/v1/exchange/messages/${(row as { id: string }).id}/retry`, cookie: admin };
      },
      'POST /api/v1/exchange/portal-sync/{id}/replay': async () => {
        const [row] = await queryRows<{ id: string }>(
          t.db.connection.db,
          sql`insert into portal_sync_outbox (dossier_id, version, service, is_updating, idempotency_key, state, attempts)
              values (gen_random_uuid(), 1, 'DongBoHoSoMC', false, 'csrf-portal-sync', 'dead', 10) returning id`,
        );
        return { url: `/api/v1/exchange/portal-sync/${(row as { id: string }).id}/replay`, cookie: admin };
      },
      'POST /api/v1/office/registers/{id}/close': async () => {
        const r = await tanNinhRegister(t, 'incoming', 2025);
        return {
          url: `/api/v1/office/registers/${r.id}/close`,
          cookie: await officeLogin(t, 'vanthu.tanninh'),
          body: { version: r.version },
        };
      },
      'POST /api/v1/office/incoming': async () => ({
        url: '/api/v1/office/incoming',
        cookie: await officeLogin(t, 'vanthu.tanninh'),
        body: await incomingBody(t),
      }),
      'POST /api/v1/office/incoming/{id}/actions': async () => {
        const d = await tanNinhIncoming(t);
        return {
          url: `/api/v1/office/incoming/${d.id}/actions`,
          cookie: await officeLogin(t, 'chutich.tanninh'),
          body: { action: 'opinion', version: d.version, text: 'Giao phòng chuyên môn' },
        };
      },
      'POST /api/v1/office/inbox/{id}/register': async () => ({
        url: `/api/v1/office/inbox/${delivery}/register`,
        cookie: await officeLogin(t, 'vanthu.tanninh'),
      }),
      'POST /api/v1/office/inbox/{id}/refuse': async () => ({
        url: `/api/v1/office/inbox/${refusable}/refuse`,
        cookie: await officeLogin(t, 'vanthu.tanninh'),
        body: { reason: 'Gửi nhầm cơ quan' },
      }),
      'POST /api/v1/office/outgoing': async () => ({
        url: '/api/v1/office/outgoing',
        cookie: await officeLogin(t, 'chuyenvien.tanninh'),
        body: draftBody(),
      }),
      'POST /api/v1/office/outgoing/{id}/actions': async () => {
        const d = await tanNinhDraft(t);
        return {
          url: `/api/v1/office/outgoing/${d.id}/actions`,
          cookie: await officeLogin(t, 'chuyenvien.tanninh'),
          body: { action: 'submit', version: d.version },
        };
      },
      'POST /api/v1/office/work-files': async () => ({
        url: '/api/v1/office/work-files',
        cookie: await officeLogin(t, 'chuyenvien.tanninh'),
        body: { code: 'CSRF.1', title: 'Hồ sơ kiểm thử CSRF', retention: 10 },
      }),
      'POST /api/v1/office/work-files/{id}/documents': async () => {
        const file = await tanNinhWorkFile(t, 9001);
        const d = await tanNinhDraft(t);
        return {
          url: `/api/v1/office/work-files/${file.id}/documents`,
          cookie: await officeLogin(t, 'chuyenvien.tanninh'),
          body: { documentId: d.id, version: file.version },
        };
      },
      'POST /api/v1/office/work-files/{id}/close': async () => {
        const file = await tanNinhWorkFile(t, 9002, 1);
        return {
          url: `/api/v1/office/work-files/${file.id}/close`,
          cookie: await officeLogin(t, 'chuyenvien.tanninh'),
          body: { version: file.version },
        };
      },
      'POST /api/v1/reporting/indicators': async () => ({
        url: '/api/v1/reporting/indicators',
        cookie: admin,
        body: indicatorBody('CSRF.1'),
      }),
      'PUT /api/v1/reporting/indicators/{id}': async () => {
        const i = await freshIndicator(t, 9001);
        return {
          url: `/api/v1/reporting/indicators/${i.id}`,
          cookie: admin,
          body: { ...indicatorBody('SEC.I9001'), max: 9, version: i.version },
        };
      },
      'POST /api/v1/reporting/templates': async () => {
        const s = await reportingSetup(t);
        return {
          url: '/api/v1/reporting/templates',
          cookie: admin,
          body: {
            code: 'CSRF-T',
            nameVi: 'Mẫu kiểm thử CSRF',
            nameEn: 'CSRF test template',
            periodKind: 'year',
            deadlineWorkingDays: 2,
            items: [{ indicatorId: s.indicatorId, required: true }],
            expectedRevision: 0,
          },
        };
      },
      'POST /api/v1/reporting/assignments': async () => {
        await freshAssignment(t, 9002); // a template SEC-A9002 assigned to Tân Ninh; now to Sở Tư pháp too
        return {
          url: '/api/v1/reporting/assignments',
          cookie: admin,
          body: { templateCode: 'SEC-A9002', agencyId: stp.id, fromPeriodKey: '2026' },
        };
      },
      'PUT /api/v1/reporting/assignments/{id}': async () => {
        const a = await freshAssignment(t, 9003);
        return {
          url: `/api/v1/reporting/assignments/${a.id}`,
          cookie: admin,
          body: { active: false, version: a.version },
        };
      },
      'POST /api/v1/reporting/reports': async () => {
        const s = await reportingSetup(t);
        return {
          url: '/api/v1/reporting/reports',
          cookie: await reportingLogin(t, 'chuyenvien.tanninh'),
          body: { templateCode: s.templateCode, periodKey: periodOfSerial(9004) },
        };
      },
      'POST /api/v1/reporting/reports/{id}/actions': async () => {
        const s = await reportingSetup(t);
        const r = await tanNinhReport(t, 9005);
        return {
          url: `/api/v1/reporting/reports/${r.id}/actions`,
          cookie: await reportingLogin(t, 'chuyenvien.tanninh'),
          body: { action: 'save', version: r.version, values: { [s.indicatorId]: { value: 3 } } },
        };
      },
      'POST /api/v1/reporting/projects': async () => {
        const s = await reportingSetup(t);
        return { url: '/api/v1/reporting/projects', cookie: admin, body: projectBody(9006, s.rootId) };
      },
      'PUT /api/v1/reporting/projects/{id}': async () => {
        const p = await freshProject(t, 9007);
        return {
          url: `/api/v1/reporting/projects/${p.id}`,
          cookie: admin,
          body: { ...p.body, status: 'design', version: p.version },
        };
      },
      'PUT /api/v1/reporting/period-rules/{kind}/{fromPeriodKey}': async () => ({
        url: `/api/v1/reporting/period-rules/half/${halfOfSerial(9010)}`,
        cookie: admin,
        body: { cutoffEndDay: 20, version: 0 },
      }),
      'DELETE /api/v1/reporting/period-rules/{kind}/{fromPeriodKey}': async () => ({
        url: `${await freshPeriodRule(t, 9011)}?version=1`,
        cookie: admin,
      }),
      'PUT /api/v1/reporting/period-overrides/{kind}/{periodKey}': async () => ({
        url: `/api/v1/reporting/period-overrides/half/${halfOfSerial(9012)}`,
        cookie: admin,
        body: periodOverrideBody(halfOfSerial(9012)),
      }),
      'DELETE /api/v1/reporting/period-overrides/{kind}/{periodKey}': async () => ({
        url: `${await freshPeriodOverride(t, 9013)}?version=1`,
        cookie: admin,
      }),
      'PUT /api/v1/reporting/ranks/{year}': async () => ({
        url: '/api/v1/reporting/ranks/2023',
        cookie: admin,
        body: await rankBody(t, 2023),
      }),
      'POST /api/v1/gateway/services': async () => ({
        url: '/api/v1/gateway/services',
        cookie: admin,
        body: { code: 'csrf-service', name: 'Dịch vụ CSRF', kind: 'external', baseUrl: 'https://api.example.gov.vn' },
      }),
      'PUT /api/v1/gateway/services/{id}': async () => {
        const body = {
          code: 'csrf-service-2',
          name: 'Dịch vụ CSRF 2',
          kind: 'external',
          baseUrl: 'https://api.example.gov.vn',
        };
        const made = (await t.call('POST', '/api/v1/gateway/services', { cookie: admin, body })).json();
        return { url: `/api/v1/gateway/services/${made.id}`, cookie: admin, body: { ...body, version: made.version } };
      },
      'POST /api/v1/gateway/consumers': async () => ({
        url: '/api/v1/gateway/consumers',
        cookie: admin,
        body: { code: 'csrf-consumer', name: 'Hệ thống CSRF' },
      }),
      'PUT /api/v1/gateway/consumers/{id}': async () => {
        const made = (
          await t.call('POST', '/api/v1/gateway/consumers', {
            cookie: admin,
            body: { code: 'csrf-consumer-2', name: 'Hệ thống CSRF 2' },
          })
        ).json().consumer;
        return {
          url: `/api/v1/gateway/consumers/${made.id}`,
          cookie: admin,
          body: { code: made.code, name: 'Hệ thống CSRF đổi tên', version: made.version },
        };
      },
      'POST /api/v1/gateway/consumers/{id}/secret': async () => {
        const made = (
          await t.call('POST', '/api/v1/gateway/consumers', {
            cookie: admin,
            body: { code: 'csrf-consumer-3', name: 'Hệ thống CSRF 3' },
          })
        ).json().consumer;
        return { url: `/api/v1/gateway/consumers/${made.id}/secret`, cookie: admin, body: { version: made.version } };
      },
      'PUT /api/v1/gateway/rights': async () => {
        const consumer = (
          await t.call('POST', '/api/v1/gateway/consumers', {
            cookie: admin,
            body: { code: 'csrf-consumer-4', name: 'Hệ thống CSRF 4' },
          })
        ).json().consumer;
        const service = (
          await t.call('POST', '/api/v1/gateway/services', {
            cookie: admin,
            body: {
              code: 'csrf-service-3',
              name: 'Dịch vụ CSRF 3',
              kind: 'external',
              baseUrl: 'https://api.example.gov.vn',
            },
          })
        ).json();
        return {
          url: '/api/v1/gateway/rights',
          cookie: admin,
          body: { consumerId: consumer.id, serviceId: service.id, granted: true },
        };
      },
      'POST /api/v1/gateway/log/verify': async () => ({ url: '/api/v1/gateway/log/verify', cookie: admin }),
      'POST /api/v1/gateway/log/anchors': async () => {
        // Something to anchor, and the province seal to sign with.
        await logExchange(t.ctx, {
          consumerId: null,
          consumerCode: 'csrf',
          serviceCode: 'csrf',
          method: 'GET',
          path: '/',
          purpose: 'kiểm tra',
          dossierId: null,
          subjectNationalId: null,
          outcome: 'refused',
          status: 403,
          errorCode: 'GATEWAY_NO_RIGHT',
          durationMs: 0,
        });
        await prepareProvinceAuthority(t.ctx);
        const rootId = await provinceRootAgencyId(t.db.connection.db);
        await issueRegistryCertificate(t.ctx, null, { kind: 'organization', agencyId: rootId as string }, null);
        return { url: '/api/v1/gateway/log/anchors', cookie: admin };
      },
      'POST /api/v1/national-db/citizen-lookups': async () => ({
        url: '/api/v1/national-db/citizen-lookups',
        cookie: citizen,
        body: { nationalId: '072090001234', consent: true },
      }),
      'POST /api/v1/national-db/enterprise-lookups': async () => ({
        url: '/api/v1/national-db/enterprise-lookups',
        cookie: clerk,
        body: { code: '3901234567' },
      }),
    };
    // Machine-to-machine routes take no session and no CSRF proof: a signature of a registered peer (tested in
    // server/src/exchange/exchange.test.ts). Whatever a browser sends with the user's cookie is refused, 401; a
    // route may refuse a body of another type first, with its own status (`otherType`).
    const machine: Record<
      string,
      { contentType: string; payload: string; errorCode: string; otherType?: { status: number; errorCode: string } }
    > = {
      'POST /api/v1/exchange/edxml': {
        contentType: 'application/xml',
        payload: '<edXML/>',
        errorCode: 'EXCHANGE_UNAUTHENTICATED',
      },
      // The payment platform's callback: only its HMAC signature (tested in server/src/payments/payments.test.ts).
      'POST /api/v1/payments/callback': {
        contentType: 'application/json',
        payload: JSON.stringify({ reference: 'HS000', amount: 1, status: 'paid' }),
        errorCode: 'PAYMENT_SIGNATURE_INVALID',
      },
      // The gateway's token endpoint: only a consumer's client credentials (RFC 6749's error body).
      'POST /gateway/token': {
        contentType: 'application/x-www-form-urlencoded',
        payload: 'grant_type=client_credentials&client_id=nobody&client_secret=wrong',
        errorCode: 'invalid_client',
        // A cross-site form in text/plain is not a form body: RFC 6749's 400 invalid_request, before any client.
        otherType: { status: 400, errorCode: 'invalid_request' },
      },
    };
    const machineRoutes = Object.keys(machine);

    const docs = (await t.call('GET', '/docs/json')).json() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(docs.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((m) => ['post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    assert.ok(routes.length >= 15, routes.join(', '));
    assert.deepEqual(
      routes.filter((r) => !requests[r] && !machineRoutes.includes(r)),
      [],
      'every state-changing route of the OpenAPI document has a case here',
    );

    const send = (method: string, prepared: Prepared, headers: Record<string, string>, url = prepared.url) =>
      t.app.inject({
        method: method as 'POST',
        url,
        headers: {
          ...(prepared.cookie ? { cookie: `congso_session=${prepared.cookie}` } : {}),
          ...(prepared.multipart ? { 'content-type': prepared.multipart.contentType } : {}),
          ...headers,
        },
        ...(prepared.multipart
          ? { payload: prepared.multipart.payload }
          : prepared.body !== undefined
            ? { payload: prepared.body as object }
            : {}),
      });

    const attacks: [string, Record<string, string>, ((url: string) => string)?][] = [
      ['no proof', {}],
      ['no proof, a cross-site form (text/plain)', { 'content-type': 'text/plain' }],
      ['a wrong proof (0)', { 'x-congso-request': '0' }],
      ['a wrong proof (true)', { 'x-congso-request': 'true' }],
      ['a foreign origin', { 'x-congso-request': '1', origin: 'https://evil.example' }],
      ['a look-alike origin', { 'x-congso-request': '1', origin: 'http://localhost:80.evil.example' }],
      ['an opaque origin (null)', { 'x-congso-request': '1', origin: 'null' }],
      ['a malformed origin', { 'x-congso-request': '1', origin: 'not a url' }],
      ['no proof on the percent-encoded path', {}, (url) => url.replace('/api/', '/%61pi/')],
    ];

    for (const route of machineRoutes) {
      const before = await fingerprint();
      const url = route.split(' ')[1] as string;
      const sent = machine[route] as (typeof machine)[string];
      for (const [label, headers, rewrite] of [
        ...attacks,
        ['with the proof', { 'x-congso-request': '1', ...SAME_ORIGIN }] as const,
      ]) {
        const res = await t.app.inject({
          method: 'POST',
          url: rewrite ? rewrite(url) : url,
          headers: { cookie: `congso_session=${admin}`, 'content-type': sent.contentType, ...headers },
          payload: sent.payload,
        });
        const typed = (headers as Record<string, string>)['content-type'];
        const refusal =
          sent.otherType && typed !== undefined && typed !== sent.contentType
            ? sent.otherType
            : { status: 401, errorCode: sent.errorCode };
        assert.equal(res.statusCode, refusal.status, `${route}, ${label}: ${res.statusCode} ${res.body}`);
        const error = res.json().error;
        assert.equal(typeof error === 'string' ? error : error.code, refusal.errorCode, `${route}, ${label}`);
        assert.equal(sessionCookie(res), undefined, `${route}, ${label}: no cookie set`);
      }
      assert.equal(await fingerprint(), before, `${route}: nothing written`);
    }

    // POSTs that change nothing (a PDF sent to be checked): guarded all the same, the answer is all they do.
    const readOnlyPosts = new Set([
      'POST /api/v1/signing/verify',
      'POST /api/v1/gateway/log/verify',
      // Logged in the gateway's exchange log (not in the fingerprint), no audit event.
      'POST /api/v1/national-db/enterprise-lookups',
    ]);
    for (const route of routes.filter((r) => !machineRoutes.includes(r))) {
      const method = route.split(' ')[0] as string;
      const prepared = await (requests[route] as () => Promise<Prepared>)();
      const before = await fingerprint();
      for (const [label, headers, rewrite] of attacks) {
        const res = await send(method, prepared, headers, rewrite?.(prepared.url));
        assert.equal(res.statusCode, 403, `${route}, ${label}: ${res.statusCode} ${res.body}`);
        assert.equal(res.json().error.code, 'CSRF_REJECTED', `${route}, ${label}`);
        assert.equal(sessionCookie(res), undefined, `${route}, ${label}: no cookie set`);
        tally.csrfRefusals++;
      }
      assert.equal(await fingerprint(), before, `${route}: nothing written`);
      // The same request with the proof from the same origin is accepted: the refusals above were the guard's.
      const ok = await send(method, prepared, { 'x-congso-request': '1', ...SAME_ORIGIN });
      assert.ok(ok.statusCode >= 200 && ok.statusCode < 300, `${route} with the proof: ${ok.statusCode} ${ok.body}`);
      if (readOnlyPosts.has(route)) assert.equal(await fingerprint(), before, `${route} with the proof writes nothing`);
      else assert.notEqual(await fingerprint(), before, `${route} with the proof writes`);
      tally.acceptedWithProof++;
      tally.csrfRoutes++;
    }
  });

  test('no CORS is granted to another origin (the header proof needs a preflight that always fails)', async () => {
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/auth/logout',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-congso-request, content-type',
      },
    });
    assert.equal(preflight.headers['access-control-allow-origin'], undefined);
    assert.equal(preflight.headers['access-control-allow-headers'], undefined);
    assert.equal(preflight.headers['access-control-allow-credentials'], undefined);
    const read = await t.call('GET', '/api/v1/procedures?q=khai%20sinh', {
      headers: { origin: 'https://evil.example' },
    });
    assert.equal(read.headers['access-control-allow-origin'], undefined);
  });
});

/** Directives of a CSP header: name → sources. */
function csp(header: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of String(header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), values);
  }
  return out;
}

function checkHeaders(res: LightMyRequestResponse, label: string, options: { secure: boolean; docs?: boolean }) {
  const policy = csp(res.headers['content-security-policy']);
  const scripts = policy.get('script-src') ?? policy.get('default-src');
  assert.ok(scripts, `${label}: script-src`);
  assert.ok(scripts.includes("'self'"), `${label}: script-src 'self'`);
  for (const bad of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'http:', 'https:', "'unsafe-hashes'"]) {
    assert.ok(!scripts.includes(bad), `${label}: script-src has ${bad}`);
  }
  assert.deepEqual(policy.get('object-src'), ["'none'"], `${label}: object-src`);
  assert.deepEqual(policy.get('frame-ancestors'), options.docs ? ["'self'"] : ["'none'"], `${label}: frame-ancestors`);
  assert.deepEqual(policy.get('script-src-attr'), ["'none'"], `${label}: script-src-attr`);
  assert.equal(res.headers['x-frame-options'], 'DENY', `${label}: X-Frame-Options`);
  assert.equal(res.headers['x-content-type-options'], 'nosniff', label);
  assert.equal(res.headers['referrer-policy'], 'no-referrer', label);
  assert.equal(res.headers['x-powered-by'], undefined, label);
  assert.equal(res.headers.server, undefined, label);
  if (options.secure) {
    const maxAge = Number(/max-age=(\d+)/.exec(String(res.headers['strict-transport-security']))?.[1] ?? 0);
    assert.ok(maxAge >= 180 * 86_400, `${label}: HSTS max-age ${maxAge}`);
    assert.ok(policy.has('upgrade-insecure-requests'), `${label}: upgrade-insecure-requests`);
  } else {
    assert.equal(res.headers['strict-transport-security'], undefined, `${label}: no HSTS on plain HTTP`);
  }
  tally.headerChecks++;
}

describe('security headers and the built page', () => {
  const targets = async (app: TestApp) => {
    const cookie = await app.login('072090001234');
    return [
      ['page /', () => app.call('GET', '/')],
      ['page /thu-tuc/1.001193 (SPA fallback)', () => app.call('GET', '/thu-tuc/1.001193')],
      ['page /mot-cua/ho-so/x', () => app.call('GET', '/mot-cua/ho-so/00000000-0000-4000-8000-000000000000')],
      ['API search', () => app.call('GET', '/api/v1/procedures?q=khai%20sinh')],
      ['API 401', () => app.call('GET', '/api/v1/auth/me')],
      ['API 404', () => app.call('GET', '/api/v1/nothing-here')],
      ['API 403 CSRF', () => app.app.inject({ method: 'POST', url: '/api/v1/auth/logout' })],
      ['API 400', () => app.call('GET', '/api/v1/procedures?limit=abc')],
      ['API signed in', () => app.call('GET', '/api/v1/dossiers', { cookie })],
      ['OpenAPI JSON', () => app.call('GET', '/docs/json')],
      ['health', () => app.call('GET', '/healthz')],
    ] as const;
  };

  test('pages and API on plain HTTP: CSP script-src self without unsafe-*, nosniff, no framing, no referrer, no HSTS', async () => {
    for (const [label, request] of await targets(t)) {
      checkHeaders(await request(), label, { secure: false, docs: label.startsWith('OpenAPI') });
    }
    const docs = await t.call('GET', '/docs/');
    assert.equal(docs.statusCode, 200);
    checkHeaders(docs, 'Swagger UI', { secure: false, docs: true });
    // A stored file has a policy of its own: sandboxed, nothing may run, still no framing by others.
    const cookie = await t.login('072090001234');
    const file = await t.call('GET', `/api/v1/files/${(await t.upload(cookie)).json().id}`, { cookie });
    const policy = csp(file.headers['content-security-policy']);
    assert.ok(policy.has('sandbox') && policy.get('sandbox')?.length === 0, 'sandbox without allow-scripts');
    assert.deepEqual(policy.get('default-src'), ["'none'"]);
    assert.equal(policy.has('script-src'), false);
    assert.equal(file.headers['x-content-type-options'], 'nosniff');
    assert.ok(['DENY', 'SAMEORIGIN'].includes(String(file.headers['x-frame-options'])));
    tally.headerChecks++;
  });

  test('behind HTTPS (COOKIE_SECURE=true): Secure cookie, HSTS and upgrade-insecure-requests', async () => {
    const secure = await createTestApp({ COOKIE_SECURE: 'true' });
    try {
      const res = await secure.call('POST', '/api/v1/auth/login', {
        body: { username: 'xem.tinh', password: DEMO_PASSWORD },
      });
      const cookie = sessionCookie(res);
      assert.equal(cookie?.secure, true, String(res.headers['set-cookie']));
      assert.equal(cookie?.httpOnly, true);
      assert.equal(cookie?.sameSite, 'Lax');
      for (const [label, request] of await targets(secure)) {
        checkHeaders(await request(), label, { secure: true, docs: label.startsWith('OpenAPI') });
      }
      const out = await secure.call('POST', '/api/v1/auth/logout', { cookie: cookie?.value ?? '', body: {} });
      assert.equal(sessionCookie(out)?.secure, true, 'the clearing cookie is Secure too');
    } finally {
      await secure.close();
    }
  });

  test('the built web pages have no inline script, no inline handlers, and are what the server sends', async () => {
    const pages = (await readdir(webDist)).filter((n) => n.endsWith('.html'));
    assert.ok(pages.includes('index.html'));
    for (const name of pages) {
      const html = await readFile(join(webDist, name), 'utf8');
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)];
      assert.ok(scripts.length >= 1, `${name}: the app's script`);
      for (const [tag, attributes = '', body = ''] of scripts) {
        assert.match(attributes, /\bsrc\s*=\s*["']?\/[^"'\s>]+/, `${name}: a script without src: ${tag}`);
        assert.equal(body.trim(), '', `${name}: inline code in ${tag}`);
      }
      assert.doesNotMatch(html, /\son[a-z]+\s*=/i, `${name}: an inline event handler`);
      assert.doesNotMatch(html, /javascript:/i, `${name}: a javascript: URL`);
    }
    const served = await t.call('GET', '/mot-cua');
    assert.equal(served.statusCode, 200);
    assert.match(String(served.headers['content-type']), /^text\/html/);
    assert.equal(served.body, await readFile(join(webDist, 'index.html'), 'utf8'));
  });
});
