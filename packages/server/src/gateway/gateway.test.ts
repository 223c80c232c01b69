import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { FILING_PURPOSE } from '@congso/core';
import { queryRows, sql } from '@congso/db';
import { issueRegistryCertificate, provinceAuthority } from '../signing/registry';
import { createTestApp, type TestApp } from '../testing';
import { provinceRootAgencyId, verifyGatewayLogOfRegistry } from './anchors';
import { logExchange } from './gateway-log';
import { type NationalDbStandIn, startNationalDbStandIn } from './stand-in/national-db-stand-in';

let t: TestApp;
let standIn: NationalDbStandIn;
let echo: Server;
let echoUrl: string;
let admin: string;
const CODE = '1.014063';

before(async () => {
  standIn = await startNationalDbStandIn();
  // A trivial service behind the gateway: answers what it got.
  echo = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          method: req.method,
          url: req.url,
          authorization: req.headers.authorization ?? null,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/v1`;
  t = await createTestApp({ POPULATION_DB_URL: standIn.url, BUSINESS_REGISTRY_URL: standIn.url });
  await t.importDemoProcedures(CODE);
  admin = await t.login('admin');
});
after(async () => {
  await t?.close();
  await standIn?.close();
  await new Promise((r) => echo?.close(r));
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

async function token(clientId: string, secret: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/gateway/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(clientId, secret) },
    payload: form({ grant_type: 'client_credentials' }),
  });
  return res;
}

async function consumer(code: string, rateLimitPerMinute = 600) {
  const res = await t.call('POST', '/api/v1/gateway/consumers', {
    cookie: admin,
    body: { code, name: `Hệ thống ${code}`, rateLimitPerMinute },
  });
  assert.equal(res.statusCode, 201, res.body);
  const body = res.json();
  const tok = await token(body.consumer.clientId, body.clientSecret);
  assert.equal(tok.statusCode, 200, tok.body);
  return { ...body, token: tok.json().access_token as string };
}

let echoService: { id: string; code: string };
async function echoServiceOnce() {
  if (echoService) return echoService;
  const res = await t.call('POST', '/api/v1/gateway/services', {
    cookie: admin,
    body: {
      code: 'echo',
      name: 'Dịch vụ thử',
      kind: 'external',
      baseUrl: echoUrl,
      openapi: { openapi: '3.0.3', info: { title: 'echo', version: '1' }, paths: {} },
    },
  });
  assert.equal(res.statusCode, 201, res.body);
  echoService = res.json();
  return echoService;
}

const grant = (consumerId: string, serviceId: string, granted = true) =>
  t.call('PUT', '/api/v1/gateway/rights', { cookie: admin, body: { consumerId, serviceId, granted } });

const callEcho = (tok: string, path = '/hello?x=1', headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'GET',
    url: `/gateway/echo${path}`,
    headers: {
      authorization: `Bearer ${tok}`,
      'x-gateway-purpose': encodeURIComponent('kiểm tra hồ sơ'),
      ...headers,
    },
  });

const lastLog = async () =>
  (await t.call('GET', '/api/v1/gateway/log?limit=1', { cookie: admin })).json().items[0] as Record<string, unknown>;

describe('tokens (RFC 6749 client_credentials)', () => {
  test('the right secret gets a bearer token; a wrong one, an unknown client or another grant does not', async () => {
    const c = await consumer('tokens-a');
    assert.match(c.clientSecret, /^[A-Za-z0-9_-]{43}$/);
    const stored = await queryRows<{ secret_hash: string }>(
      t.db.connection.db,
      sql`select secret_hash from gateway_consumers where id = ${c.consumer.id}`,
    );
    assert.notEqual(stored[0]?.secret_hash, c.clientSecret);
    assert.equal(stored[0]?.secret_hash.length, 64);
    const last = c.clientSecret.at(-1) === 'A' ? 'B' : 'A';
    const wrong = await token(c.consumer.clientId, `${c.clientSecret.slice(0, -1)}${last}`);
    assert.equal(wrong.statusCode, 401);
    assert.deepEqual(wrong.json(), { error: 'invalid_client', error_description: 'Client authentication failed' });
    assert.equal((await token('nobody.000000000000', c.clientSecret)).statusCode, 401);
    const inBody = await t.app.inject({
      method: 'POST',
      url: '/gateway/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({
        grant_type: 'client_credentials',
        client_id: c.consumer.clientId,
        client_secret: c.clientSecret,
      }),
    });
    assert.equal(inBody.statusCode, 200);
    assert.equal(inBody.json().token_type, 'Bearer');
    assert.equal(inBody.json().expires_in, 3600);
    const otherGrant = await t.app.inject({
      method: 'POST',
      url: '/gateway/token',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basic(c.consumer.clientId, c.clientSecret),
      },
      payload: form({ grant_type: 'password' }),
    });
    assert.equal(otherGrant.statusCode, 400);
    assert.equal(otherGrant.json().error, 'unsupported_grant_type');
  });

  test('a consumer of an agency that does not exist is refused at the field (400), nothing written', async () => {
    const before = await t.call('GET', '/api/v1/gateway/consumers', { cookie: admin });
    const res = await t.call('POST', '/api/v1/gateway/consumers', {
      cookie: admin,
      body: { code: 'khong-co-co-quan', name: 'Không có cơ quan', agencyId: '2a7c9d1e-0b3f-4c5d-8e6f-7a8b9c0d1e2f' },
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.deepEqual(
      [res.json().error.code, res.json().error.details.map((d: { path: string; code: string }) => [d.path, d.code])],
      ['VALIDATION_FAILED', [['body.agencyId', 'unknown_agency']]],
    );
    const after = await t.call('GET', '/api/v1/gateway/consumers', { cookie: admin });
    assert.deepEqual(after.json(), before.json());
  });

  test('an agency’s system names its agency, in the answer and the list', async () => {
    const agency = (await t.call('GET', '/api/v1/agencies?q=phuong%20tan%20ninh', { cookie: admin })).json().items[0];
    const res = await t.call('POST', '/api/v1/gateway/consumers', {
      cookie: admin,
      body: { code: 'mot-cua-tan-ninh', name: 'Một cửa phường Tân Ninh', agencyId: agency.id },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual([res.json().consumer.agencyId, res.json().consumer.agencyName], [agency.id, agency.name]);
    const listed = (await t.call('GET', '/api/v1/gateway/consumers', { cookie: admin })).json().items;
    const mine = listed.find((c: { code: string }) => c.code === 'mot-cua-tan-ninh');
    assert.equal(mine.agencyName, agency.name);
    assert.ok(
      listed
        .filter((c: { agencyId: string | null }) => !c.agencyId)
        .every((c: { agencyName: string | null }) => c.agencyName === null),
    );
  });

  test('rotating the secret stops the old secret and its tokens', async () => {
    const c = await consumer('tokens-b');
    const rotated = await t.call('POST', `/api/v1/gateway/consumers/${c.consumer.id}/secret`, {
      cookie: admin,
      body: { version: c.consumer.version },
    });
    assert.equal(rotated.statusCode, 200, rotated.body);
    assert.notEqual(rotated.json().clientSecret, c.clientSecret);
    assert.equal((await token(c.consumer.clientId, c.clientSecret)).statusCode, 401);
    assert.equal((await token(c.consumer.clientId, rotated.json().clientSecret)).statusCode, 200);
    const old = await callEcho(c.token);
    assert.equal(old.statusCode, 401);
    assert.equal(old.json().error.code, 'GATEWAY_UNAUTHENTICATED');
    const stale = await t.call('POST', `/api/v1/gateway/consumers/${c.consumer.id}/secret`, {
      cookie: admin,
      body: { version: c.consumer.version },
    });
    assert.equal(stale.statusCode, 409);
  });
});

describe('forwarding, rights and rate limits', () => {
  test('a consumer without the right is refused (403) and the refusal is logged; with it, the call goes through', async () => {
    const service = await echoServiceOnce();
    const c = await consumer('agency-x');
    const refused = await callEcho(c.token);
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.code, 'GATEWAY_NO_RIGHT');
    const log = await lastLog();
    assert.equal(log.consumerCode, 'agency-x');
    assert.equal(log.serviceCode, 'echo');
    assert.equal(log.outcome, 'refused');
    assert.equal(log.status, 403);
    assert.equal(log.errorCode, 'GATEWAY_NO_RIGHT');
    assert.equal(log.purpose, 'kiểm tra hồ sơ');

    assert.equal((await grant(c.consumer.id, service.id)).json().changed, true);
    const dossierId = '0b5e4f52-4a37-4c1b-9d0e-5a2d6f1e7c11';
    const ok = await callEcho(c.token, '/hello?x=1', {
      'x-gateway-dossier': dossierId,
      'x-gateway-subject': '072090001234',
    });
    assert.equal(ok.statusCode, 200, ok.body);
    // The service gets the path below its base URL and never the consumer's token.
    assert.deepEqual(ok.json(), { method: 'GET', url: '/v1/hello?x=1', authorization: null, body: '' });
    const allowed = await lastLog();
    assert.equal(ok.headers['x-gateway-log-id'], allowed.id);
    assert.equal(allowed.outcome, 'allowed');
    assert.equal(allowed.status, 200);
    assert.equal(allowed.path, '/hello?x=1');
    assert.equal(allowed.dossierId, dossierId);
    assert.equal(allowed.subjectNationalId, '072090001234');

    const noPurpose = await t.app.inject({
      method: 'GET',
      url: '/gateway/echo/hello',
      headers: { authorization: `Bearer ${c.token}` },
    });
    assert.equal(noPurpose.statusCode, 400);
    assert.equal(noPurpose.json().error.code, 'GATEWAY_PURPOSE_REQUIRED');
    assert.equal((await lastLog()).errorCode, 'GATEWAY_PURPOSE_REQUIRED');
    assert.equal((await callEcho(c.token, '/a%2F..%2Fadmin')).statusCode, 400);
    assert.equal((await callEcho('not-a-token')).statusCode, 401);
  });

  test('over its calls per minute a consumer gets 429, logged; the next minute it goes again', async () => {
    const service = await echoServiceOnce();
    const c = await consumer('agency-slow', 3);
    await grant(c.consumer.id, service.id);
    t.clock.advance(60_000 - (t.clock.now.getTime() % 60_000));
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await callEcho(c.token)).statusCode);
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    const log = await lastLog();
    assert.equal(log.outcome, 'rate_limited');
    assert.equal(log.errorCode, 'GATEWAY_RATE_LIMITED');
    t.clock.advance(60_000);
    assert.equal((await callEcho(c.token)).statusCode, 200);
  });
});

describe('the chained log', () => {
  const registry = () => ({ connection: t.db.connection, config: t.ctx.config, now: () => t.clock.now });
  const exec = (q: ReturnType<typeof sql>) => queryRows(t.db.connection.db, q);

  async function someCalls(n: number) {
    const service = await echoServiceOnce();
    const c = await consumer(`chain-${Math.random().toString(36).slice(2, 8)}`);
    await grant(c.consumer.id, service.id);
    // Concurrent calls: one chain order all the same.
    await Promise.all(Array.from({ length: n }, (_, i) => callEcho(c.token, `/n/${i}`)));
  }

  test('concurrent calls make one unbroken chain; the verification says so', async () => {
    await someCalls(12);
    const report = await verifyGatewayLogOfRegistry(registry());
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    const seqs = await exec(sql`select seq from gateway_log order by seq`);
    assert.deepEqual(
      seqs.map((r) => Number((r as { seq: number }).seq)),
      Array.from({ length: seqs.length }, (_, i) => i + 1),
    );
    const http = await t.call('POST', '/api/v1/gateway/log/verify', { cookie: admin });
    assert.equal(http.json().ok, true);
    assert.equal(http.json().entries, seqs.length);
  });

  test('two server processes appending at once keep one chain: a writer whose head moved links again', async () => {
    // Another process on the same database: its own log batcher and its own idea of the chain's head.
    const other = { ...t.ctx };
    const entry = (i: number) => ({
      consumerId: null,
      consumerCode: 'hai-tien-trinh',
      serviceCode: 'echo',
      method: 'GET',
      path: `/w/${i}`,
      purpose: 'kiểm tra',
      dossierId: null,
      subjectNationalId: null,
      outcome: 'allowed' as const,
      status: 200,
      errorCode: null,
      durationMs: 1,
    });
    const a1 = await logExchange(t.ctx, entry(1));
    const b1 = await logExchange(other, entry(2));
    // The first writer still holds a1 as its head: its insert finds a1.seq + 1 taken, reads the head, links again.
    const a2 = await logExchange(t.ctx, entry(3));
    assert.deepEqual([b1.seq, a2.seq], [a1.seq + 1, a1.seq + 2]);
    assert.equal(b1.prevHash, a1.hash);
    assert.equal(a2.prevHash, b1.hash);
    await Promise.all(Array.from({ length: 24 }, (_, i) => logExchange(i % 2 ? t.ctx : other, entry(10 + i))));
    const report = await verifyGatewayLogOfRegistry(registry());
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    const seqs = await exec(sql`select seq from gateway_log order by seq`);
    assert.deepEqual(
      seqs.map((r) => Number((r as { seq: number }).seq)),
      Array.from({ length: seqs.length }, (_, i) => i + 1),
    );
  });

  test('an altered row is caught and named', async () => {
    await someCalls(3);
    const [row] = await exec(sql`select seq, purpose from gateway_log order by seq desc offset 2 limit 1`);
    const { seq, purpose } = row as { seq: number; purpose: string };
    await exec(sql`update gateway_log set purpose = 'tra cứu riêng' where seq = ${seq}`);
    const report = await verifyGatewayLogOfRegistry(registry());
    assert.equal(report.ok, false);
    assert.deepEqual(report.first, { kind: 'altered', seq: Number(seq) });
    const http = await t.call('POST', '/api/v1/gateway/log/verify', { cookie: admin });
    assert.deepEqual(http.json().first, {
      kind: 'altered',
      seq: Number(seq),
      message: { vi: `Dòng ${seq} đã bị sửa.`, en: `Row ${seq} was altered.` },
    });
    await exec(sql`update gateway_log set purpose = ${purpose} where seq = ${seq}`);
    assert.equal((await verifyGatewayLogOfRegistry(registry())).ok, true);
  });

  test('a deleted row is caught and named', async () => {
    await someCalls(3);
    const [row] = await exec(sql`select * from gateway_log order by seq desc offset 1 limit 1`);
    const seq = Number((row as { seq: number }).seq);
    await exec(sql`create temporary table kept as select * from gateway_log where seq = ${seq}`);
    await exec(sql`delete from gateway_log where seq = ${seq}`);
    const report = await verifyGatewayLogOfRegistry(registry());
    assert.deepEqual(report.first, { kind: 'deleted', seq, after: seq - 1 });
    await exec(sql`insert into gateway_log select * from kept`);
    await exec(sql`drop table kept`);
    assert.equal((await verifyGatewayLogOfRegistry(registry())).ok, true);
  });

  test('two rows swapped are caught and the first moved row named', async () => {
    await someCalls(3);
    const rows = await exec(sql`select seq from gateway_log order by seq desc limit 3`);
    const a = Number((rows[2] as { seq: number }).seq);
    const b = a + 1;
    const swap = async () => {
      await exec(sql`update gateway_log set seq = -1 where seq = ${a}`);
      await exec(sql`update gateway_log set seq = ${a} where seq = ${b}`);
      await exec(sql`update gateway_log set seq = ${b} where seq = -1`);
    };
    await swap();
    const report = await verifyGatewayLogOfRegistry(registry());
    assert.deepEqual(report.first, { kind: 'reordered', seq: a });
    await swap();
    assert.equal((await verifyGatewayLogOfRegistry(registry())).ok, true);
  });

  test('anchors: the province seal signs the head; a rewritten chain no longer matches, a forged anchor fails', async () => {
    await someCalls(2);
    const noSeal = await t.call('POST', '/api/v1/gateway/log/anchors', { cookie: admin });
    assert.equal(noSeal.statusCode, 409);
    assert.equal(noSeal.json().error.code, 'GATEWAY_NO_SIGNER');
    await provinceAuthority(t.ctx);
    const rootId = await provinceRootAgencyId(t.db.connection.db);
    await issueRegistryCertificate(t.ctx, null, { kind: 'organization', agencyId: rootId as string }, null);
    const anchored = await t.call('POST', '/api/v1/gateway/log/anchors', { cookie: admin });
    assert.equal(anchored.statusCode, 200, anchored.body);
    const head = await exec(sql`select seq from gateway_log order by seq desc limit 1`);
    assert.deepEqual(anchored.json(), { anchored: true, seq: Number((head[0] as { seq: number }).seq) });
    const again = await t.call('POST', '/api/v1/gateway/log/anchors', { cookie: admin });
    assert.deepEqual(again.json(), { anchored: false, seq: null });
    let report = await verifyGatewayLogOfRegistry(registry());
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    assert.equal(report.anchors, 1);

    // The anchored row's hash changed (as a rewrite of the chain from there would): the anchor says so.
    const seq = anchored.json().seq as number;
    const [kept] = await exec(sql`select hash from gateway_log where seq = ${seq}`);
    await exec(sql`update gateway_log set hash = ${'f'.repeat(64)} where seq = ${seq}`);
    report = await verifyGatewayLogOfRegistry(registry());
    assert.equal(
      report.problems.some((p) => p.kind === 'anchor_mismatch' && p.seq === seq),
      true,
    );
    await exec(sql`update gateway_log set hash = ${(kept as { hash: string }).hash} where seq = ${seq}`);

    // A forged anchor (a head hash the seal never signed).
    const [anchor] = await exec(sql`select id, head_hash from gateway_anchors limit 1`);
    const { id, head_hash } = anchor as { id: string; head_hash: string };
    await exec(sql`update gateway_anchors set head_hash = ${'e'.repeat(64)} where id = ${id}`);
    report = await verifyGatewayLogOfRegistry(registry());
    assert.equal(
      report.problems.some((p) => p.kind === 'anchor_signature'),
      true,
    );
    await exec(sql`update gateway_anchors set head_hash = ${head_hash} where id = ${id}`);
    assert.equal((await verifyGatewayLogOfRegistry(registry())).ok, true);
  });
});

describe('population lookups for a filing', () => {
  test('with consent a citizen gets their data to prefill, logged through the gateway; the filing marks the dossier; the citizen sees who looked', async () => {
    const citizen = await t.login('072090001234');
    const noConsent = await t.call('POST', '/api/v1/national-db/citizen-lookups', {
      cookie: citizen,
      body: { nationalId: '072090001234', consent: false },
    });
    assert.equal(noConsent.statusCode, 400);
    const notMine = await t.call('POST', '/api/v1/national-db/citizen-lookups', {
      cookie: citizen,
      body: { nationalId: '080195004321', consent: true },
    });
    assert.equal(notMine.statusCode, 403);
    assert.equal(notMine.json().error.code, 'LOOKUP_NOT_YOURS');

    const looked = await t.call('POST', '/api/v1/national-db/citizen-lookups', {
      cookie: citizen,
      body: { nationalId: '072090001234', consent: true },
    });
    assert.equal(looked.statusCode, 200, looked.body);
    const { lookupId, citizen: person, consentAt } = looked.json();
    assert.equal(consentAt, t.clock.now.toISOString());
    assert.deepEqual(person, {
      nationalId: '072090001234',
      fullName: 'Nguyễn Thị Hoa',
      dateOfBirth: '1990-03-14',
      sex: 'female',
      permanentAddress: 'Số 12 đường 30/4, khu phố Hiệp Thạnh, phường Tân Ninh, tỉnh Tây Ninh',
      currentAddress: 'Số 12 đường 30/4, khu phố Hiệp Thạnh, phường Tân Ninh, tỉnh Tây Ninh',
      nationality: 'Việt Nam',
      ethnicity: 'Kinh',
    });
    assert.deepEqual(standIn.received.at(-1), { method: 'GET', path: '/citizens/072090001234' });
    const log = await lastLog();
    assert.equal(log.consumerCode, 'congso-mot-cua');
    assert.equal(log.serviceCode, 'csdl-dan-cu');
    assert.equal(log.purpose, FILING_PURPOSE);
    assert.equal(log.subjectNationalId, '072090001234');
    assert.equal(log.outcome, 'allowed');

    const tanNinh = (await t.call('GET', '/api/v1/agencies?q=phuong%20tan%20ninh', { cookie: admin })).json().items[0]
      .id;
    const filed = await t.call('POST', '/api/v1/dossiers', {
      cookie: citizen,
      body: {
        procedureCode: CODE,
        receivingAgencyId: tanNinh,
        applicant: { phone: '0912 345 678', address: person.permanentAddress, fullName: person.fullName },
        documents: await t.documentsFor(citizen, CODE),
        populationLookupId: lookupId,
      },
    });
    assert.equal(filed.statusCode, 201, filed.body);
    const [marked] = await queryRows<{ population_data_used_at: Date; dossier_id: string }>(
      t.db.connection.db,
      sql`select d.population_data_used_at, l.dossier_id from dossiers d join population_lookups l on l.dossier_id = d.id
          where d.id = ${filed.json().id}`,
    );
    assert.equal(new Date(marked?.population_data_used_at as Date).toISOString(), consentAt);
    assert.equal(marked?.dossier_id, filed.json().id);
    // A lookup serves one filing.
    const again = await t.call('POST', '/api/v1/dossiers', {
      cookie: citizen,
      body: {
        procedureCode: CODE,
        receivingAgencyId: tanNinh,
        applicant: { phone: '0912 345 678', address: person.permanentAddress },
        documents: await t.documentsFor(citizen, CODE),
        populationLookupId: lookupId,
      },
    });
    assert.equal(again.statusCode, 400);

    const seen = await t.call('GET', '/api/v1/me/data-access', { cookie: citizen });
    assert.equal(seen.statusCode, 200);
    const mine = seen.json().items.filter((i: { serviceCode: string }) => i.serviceCode === 'csdl-dan-cu');
    assert.equal(mine.length, 1);
    assert.deepEqual(mine[0], {
      id: log.id,
      at: consentAt,
      consumerCode: 'congso-mot-cua',
      consumerName: 'Hệ thống một cửa điện tử Congso',
      serviceCode: 'csdl-dan-cu',
      serviceName: 'CSDL quốc gia về dân cư',
      purpose: FILING_PURPOSE,
      dossierId: filed.json().id,
      dossierCode: filed.json().code,
      outcome: 'allowed',
    });
    // The administrator's log names the dossier the lookup served, and filters by service and Vietnam days.
    const day = new Date(t.clock.now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    const dayBefore = new Date(t.clock.now.getTime() + 7 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
    const adminLog = await t.call('GET', `/api/v1/gateway/log?service=csdl-dan-cu&from=${day}&to=${day}`, {
      cookie: admin,
    });
    assert.equal(adminLog.statusCode, 200, adminLog.body);
    const entry = adminLog.json().items.find((i: { id: string }) => i.id === log.id);
    assert.equal(entry.dossierId, filed.json().id);
    assert.equal(entry.dossierCode, filed.json().code);
    const earlier = await t.call('GET', `/api/v1/gateway/log?service=csdl-dan-cu&to=${dayBefore}`, { cookie: admin });
    assert.deepEqual(earlier.json().items, []);
    // Year 0000 passes the date pattern, not PostgreSQL: refused at the field (400), not a 500.
    const yearZero = await t.call('GET', '/api/v1/gateway/log?from=0000-01-01', { cookie: admin });
    assert.deepEqual([yearZero.statusCode, yearZero.json().error.code], [400, 'VALIDATION_FAILED']);
    const other = await t.login('080195004321');
    const theirs = await t.call('GET', '/api/v1/me/data-access', { cookie: other });
    assert.deepEqual(
      theirs.json().items.filter((i: { serviceCode: string }) => i.serviceCode === 'csdl-dan-cu'),
      [],
    );
  });

  test('a one-stop clerk looks up the applicant at the counter; an enterprise by its code', async () => {
    const clerk = await t.login('motcua.tanninh');
    const looked = await t.call('POST', '/api/v1/national-db/citizen-lookups', {
      cookie: clerk,
      body: { nationalId: '072085009876', consent: true },
    });
    assert.equal(looked.statusCode, 200, looked.body);
    assert.equal(looked.json().citizen.fullName, 'Phạm Văn Lộc');
    const missing = await t.call('POST', '/api/v1/national-db/citizen-lookups', {
      cookie: clerk,
      body: { nationalId: '072099000000', consent: true },
    });
    assert.equal(missing.statusCode, 404);
    const enterprise = await t.call('POST', '/api/v1/national-db/enterprise-lookups', {
      cookie: clerk,
      body: { code: '3901234567' },
    });
    assert.equal(enterprise.statusCode, 200, enterprise.body);
    assert.equal(enterprise.json().name, 'Công ty TNHH Nông sản Hòa Thành (minh họa)');
  });
});
