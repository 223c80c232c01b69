import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase } from '@congso/db/testing';
import { ConfigError, configKeys, loadConfig } from '../config';
import { createTestApp, type TestApp } from '../testing';

let t: TestApp;
let admin: string;
before(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
after(async () => {
  await t?.close();
});

describe('health, readiness, metrics, OpenAPI', () => {
  test('healthz, readyz and metrics', async () => {
    assert.equal((await t.call('GET', '/healthz')).json().status, 'ok');
    const ready = await t.call('GET', '/readyz');
    assert.equal(ready.statusCode, 200);
    assert.ok(['pglite', 'postgres'].includes(ready.json().database));
    const metrics = await t.call('GET', '/metrics');
    assert.match(metrics.body, /congso_http_request_duration_seconds_bucket/);
    assert.match(metrics.body, /congso_process_cpu_seconds_total/);
    assert.match(metrics.body, /congso_group_runs\{work="sessions"\} \d+/);
    assert.match(metrics.body, /congso_group_waiting\{work="sessions"\} 0/);
  });
  test('the OpenAPI document lists every API route', async () => {
    const doc = (await t.call('GET', '/docs/json')).json();
    assert.equal(doc.openapi, '3.1.0');
    for (const path of [
      '/api/v1/auth/login',
      '/api/v1/agencies',
      '/api/v1/agencies/{id}',
      '/api/v1/agencies/merge',
      '/api/v1/officers/{id}',
      '/api/v1/province',
    ]) {
      assert.ok(doc.paths[path], `missing ${path}`);
    }
    assert.ok(Object.keys(doc.paths).length >= 12);
    assert.equal((await t.call('GET', '/docs')).statusCode, 200);
  });
});

describe('pages of the web app', () => {
  test('client-side routes get the page, even those ending in a procedure code; assets and the API stay 404', async () => {
    for (const path of ['/', '/login', '/admin/agencies', '/thu-tuc', '/thu-tuc/1.001193']) {
      const res = await t.call('GET', path);
      assert.equal(res.statusCode, 200, path);
      assert.match(String(res.headers['content-type']), /text\/html/, path);
    }
    for (const path of ['/assets/missing.js', '/favicon-missing.png', '/api/v1/nothing']) {
      const res = await t.call('GET', path);
      assert.equal(res.statusCode, 404, path);
      assert.equal(res.json().error.code, 'NOT_FOUND');
    }
  });
});

describe('security headers', () => {
  test('a strict content security policy and the usual headers', async () => {
    const res = await t.call('GET', '/api/v1/province');
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/, 'no unsafe-inline scripts');
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.equal(res.headers['x-frame-options'], 'DENY');
  });
});

describe('bad input is a clear 4xx on every route, never a 500', () => {
  test('malformed JSON, wrong content type, too large, unknown route', async () => {
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json', 'x-congso-request': '1' },
      payload: '{"username":',
    });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().error.code, 'MALFORMED_REQUEST');
    assert.ok(malformed.json().error.message.vi && malformed.json().error.message.en);
    const form = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-congso-request': '1' },
      payload: 'username=a&password=b',
    });
    assert.equal(form.statusCode, 415);
    assert.equal(form.json().error.code, 'UNSUPPORTED_MEDIA_TYPE');
    const big = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json', 'x-congso-request': '1' },
      payload: JSON.stringify({ username: 'a', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
    assert.equal(big.statusCode, 413);
    const unknown = await t.call('GET', '/api/v1/nothing-here');
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, 'NOT_FOUND');
  });

  // Each route with a set of bad requests; each must answer 4xx with the error shape.
  const id = '00000000-0000-4000-8000-000000000000';
  const cases: [string, string, unknown?][] = [
    ['POST', '/api/v1/auth/login', {}],
    ['POST', '/api/v1/auth/login', { username: 123, password: [] }],
    ['POST', '/api/v1/auth/login', { username: 'a'.repeat(1000), password: 'x' }],
    ['POST', '/api/v1/auth/login', []],
    ['POST', '/api/v1/auth/login', 'null'],
    ['POST', '/api/v1/auth/password', { currentPassword: 1 }],
    ['POST', '/api/v1/auth/logout', { unexpected: true }],
    ['GET', '/api/v1/agencies?limit=-1'],
    ['GET', '/api/v1/agencies?limit=abc'],
    ['GET', '/api/v1/agencies?limit=100000'],
    ['GET', '/api/v1/agencies?parentId=123'],
    ['GET', '/api/v1/agencies?kind=planet'],
    ['GET', '/api/v1/agencies?includeHistory=maybe'],
    ['GET', `/api/v1/agencies?q=${'x'.repeat(300)}`],
    ['GET', '/api/v1/agencies/123'],
    ['GET', `/api/v1/agencies/${id}`],
    ['GET', '/api/v1/agencies/%00'],
    ['GET', `/api/v1/agencies/${id}/children`],
    ['GET', '/api/v1/agencies/nope/children'],
    ['POST', '/api/v1/agencies', {}],
    [
      'POST',
      '/api/v1/agencies',
      { code: '1', name: 'x', shortName: 'x', kind: 'unit', parentId: id, validFrom: '2026-13-01' },
    ],
    [
      'POST',
      '/api/v1/agencies',
      { code: '000.01.00.H59', name: 'x', shortName: 'x', kind: 'unit', parentId: id, validFrom: '2026-12-01' },
    ],
    ['POST', `/api/v1/agencies/${id}/rename`, { version: 1, name: 'x', validFrom: '2027-01-01', reason: 'r' }],
    ['POST', `/api/v1/agencies/${id}/rename`, { version: 'one' }],
    ['POST', '/api/v1/agencies/merge', { sources: [], into: {}, validFrom: 'x', reason: '' }],
    [
      'POST',
      '/api/v1/agencies/merge',
      {
        sources: [{ id, version: 1 }],
        into: { code: '000.99.50.H59', name: 'x', shortName: 'x', kind: 'commune', parentId: id },
        validFrom: '2027-01-01',
        reason: 'r',
      },
    ],
    ['GET', '/api/v1/officers?role=king'],
    ['GET', `/api/v1/officers?agencyId=${id}`],
    ['GET', '/api/v1/officers/xyz'],
    ['GET', `/api/v1/officers/${id}`],
    ['POST', '/api/v1/officers', { username: '../../etc' }],
    [
      'POST',
      '/api/v1/officers',
      { username: 'ok.name', fullName: 'A', agencyId: id, roles: ['admin'], password: 'Congso@2026x' },
    ],
    ['PATCH', `/api/v1/officers/${id}`, { version: 1, fullName: 'x' }],
    ['PATCH', `/api/v1/officers/${id}`, { fullName: 'x' }],
    ['PATCH', '/api/v1/officers/abc', { version: 1 }],
    ['POST', `/api/v1/officers/${id}/reset-password`, { newPassword: 'Congso@2026x' }],
    ['POST', `/api/v1/officers/${id}/reset-password`, {}],
    ['DELETE', '/api/v1/officers'],
    ['GET', '/api/v1/procedures?level=planet'],
    ['GET', '/api/v1/procedures?limit=1000'],
    ['GET', '/api/v1/procedures/abc'],
    ['GET', '/api/v1/procedures/1.001193?on=yesterday'],
    ['GET', '/api/v1/procedures/9.999999/versions'],
    ['POST', '/api/v1/procedures/1.001193/versions', { expectedVersion: 1 }],
    [
      'POST',
      '/api/v1/procedures/1.001193/versions',
      { expectedVersion: 1, validFrom: '2027-01-01', reason: 'r', changes: { name: 'x' } },
    ],
    ['POST', '/api/v1/dossiers', {}],
    ['POST', '/api/v1/dossiers', { procedureCode: 'x', receivingAgencyId: id, applicant: {} }],
    [
      'POST',
      '/api/v1/desk/dossiers',
      { procedureCode: '1.001193', applicant: { fullName: 'A', nationalId: '1', phone: '0', address: 'x' } },
    ],
    [
      'POST',
      '/api/v1/desk/dossiers',
      {
        procedureCode: '1.001193',
        applicant: { fullName: 'A', nationalId: '072090001234', phone: '0912345678', address: 'x' },
      },
    ],
    ['GET', '/api/v1/dossiers?status=flying'],
    ['GET', '/api/v1/dossiers/123'],
    ['GET', `/api/v1/dossiers/${id}`],
    ['GET', `/api/v1/dossiers/${id}/receipt.pdf`],
    ['POST', `/api/v1/dossiers/${id}/actions`, { version: 1, action: 'receive' }],
    ['POST', `/api/v1/dossiers/${id}/actions`, { action: 'receive' }],
    ['GET', '/api/v1/lookup?code=short&phone=1234'],
    ['GET', '/api/v1/lookup?code=000.01.50.H59-261123-0001&phone=12'],
    ['GET', '/api/v1/audit-events?agencyId=123'],
    ['GET', '/api/v1/audit-events?limit=-5'],
    ['GET', `/api/v1/audit-events?agencyId=${id}`],
    ['GET', `/api/v1/audit-events?entityId=${'x'.repeat(500)}`],
  ];
  for (const [method, url, body] of cases) {
    test(`${method} ${url.slice(0, 70)} ${body === undefined ? '' : JSON.stringify(body).slice(0, 60)}`, async () => {
      const raw = typeof body === 'string';
      const res = await t.app.inject({
        method: method as 'GET',
        url,
        headers: {
          cookie: `congso_session=${admin}`,
          ...(method === 'GET' ? {} : { 'x-congso-request': '1', 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { payload: raw ? body : JSON.stringify(body) }),
      });
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${res.statusCode} ${res.body}`);
      const error = res.json().error;
      assert.ok(error.code && error.message.vi && error.message.en, res.body);
    });
  }
  test('nothing was written by the bad requests', async () => {
    const { queryRows, sql } = await import('@congso/db');
    const [row] = await queryRows<{ n: number }>(t.db.connection.db, sql`select count(*)::int as n from agencies`);
    assert.equal(row?.n, 142);
    const [people] = await queryRows<{ n: number }>(t.db.connection.db, sql`select count(*)::int as n from people`);
    assert.equal(people?.n, 21);
  });
});

describe('configuration', () => {
  test('the production env example names every setting and loads as it is', () => {
    const example = new URL('../../../../deploy/systemd/congso.env.example', import.meta.url).pathname;
    const text = readFileSync(example, 'utf8');
    for (const key of configKeys)
      assert.match(text, new RegExp(`\\b${key}=`), `${key} missing from congso.env.example`);
    const c = loadConfig({}, { envFile: example });
    assert.equal(c.NODE_ENV, 'production');
    assert.equal(c.SHUTDOWN_DRAIN_SECONDS, 3);
  });
  test('defaults, and clear errors for bad values', () => {
    const c = loadConfig({}, { envFile: false });
    assert.equal(c.PORT, 3000);
    assert.equal(c.DATA_DIR, './data');
    assert.equal(c.COOKIE_SECURE, false);
    assert.equal(
      loadConfig({ NODE_ENV: 'production', SIGNING_KEY_PASSPHRASE: 'test-passphrase-123' }, { envFile: false })
        .COOKIE_SECURE,
      true,
    );
    assert.throws(
      () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' }, { envFile: false }),
      (e) =>
        e instanceof ConfigError &&
        e.problems.length === 3 &&
        /PORT/.test(e.message) &&
        /DATABASE_URL/.test(e.message) &&
        /Invalid configuration/.test(e.message),
    );
  });
});

describe('configuration: file storage and read replica', () => {
  const s3 = {
    STORAGE: 's3',
    S3_ENDPOINT: 'http://127.0.0.1:9000',
    S3_BUCKET: 'congso-files',
    S3_ACCESS_KEY_ID: 'congso',
    S3_SECRET_ACCESS_KEY: 'a-secret-9d2f',
  };
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env, { envFile: false });
    } catch (e) {
      if (e instanceof ConfigError) return e;
      throw e;
    }
    assert.fail('no ConfigError');
  };

  test('the folder by default; S3 settings with their defaults', () => {
    const folder = loadConfig({}, { envFile: false });
    assert.equal(folder.STORAGE, 'folder');
    assert.equal(folder.S3_REGION, 'us-east-1');
    assert.equal(folder.S3_FORCE_PATH_STYLE, true);
    const c = loadConfig({ ...s3, S3_FORCE_PATH_STYLE: 'false', S3_REGION: 'vn-south-1' }, { envFile: false });
    assert.deepEqual(
      [c.STORAGE, c.S3_ENDPOINT, c.S3_BUCKET, c.S3_REGION, c.S3_ACCESS_KEY_ID, c.S3_FORCE_PATH_STYLE],
      ['s3', 'http://127.0.0.1:9000', 'congso-files', 'vn-south-1', 'congso', false],
    );
  });

  test('STORAGE=s3 names each missing setting (vi / en), and never prints the secret', () => {
    const none = problems({ STORAGE: 's3' });
    assert.deepEqual(none.problems, [
      'S3_ENDPOINT: bắt buộc khi STORAGE=s3 / required when STORAGE=s3',
      'S3_BUCKET: bắt buộc khi STORAGE=s3 / required when STORAGE=s3',
      'S3_ACCESS_KEY_ID: bắt buộc khi STORAGE=s3 / required when STORAGE=s3',
      'S3_SECRET_ACCESS_KEY: bắt buộc khi STORAGE=s3 / required when STORAGE=s3',
    ]);
    const some = problems({ ...s3, S3_BUCKET: '', S3_ACCESS_KEY_ID: '' });
    assert.deepEqual(
      some.problems.map((p) => p.split(':')[0]),
      ['S3_BUCKET', 'S3_ACCESS_KEY_ID'],
    );
    assert.ok(!some.message.includes('a-secret-9d2f'));
    const bad = problems({ ...s3, STORAGE: 'disk', S3_ENDPOINT: 'ftp://files', S3_BUCKET: 'Congso_Files' });
    assert.deepEqual(
      bad.problems.map((p) => p.split(':')[0]),
      ['STORAGE', 'S3_ENDPOINT', 'S3_BUCKET'],
    );
    assert.ok(!bad.message.includes('a-secret-9d2f'));
    // Without STORAGE=s3 the S3 settings may stay unset.
    assert.equal(loadConfig({ STORAGE: 'folder', S3_BUCKET: '' }, { envFile: false }).STORAGE, 'folder');
  });

  test('DATABASE_READ_URL needs DATABASE_URL (PostgreSQL)', () => {
    const alone = problems({ DATABASE_READ_URL: 'postgres://reader@replica:5432/congso' });
    assert.equal(alone.problems.length, 1);
    assert.match(
      alone.problems[0] ?? '',
      /^DATABASE_READ_URL: chỉ dùng được cùng DATABASE_URL .* \/ only used with DATABASE_URL/,
    );
    assert.equal(problems({ DATABASE_URL: 'postgres://p/c', DATABASE_READ_URL: 'mysql://r/c' }).problems.length, 1);
    const both = loadConfig(
      { DATABASE_URL: 'postgres://primary:5432/congso', DATABASE_READ_URL: 'postgres://replica:5432/congso' },
      { envFile: false },
    );
    assert.equal(both.DATABASE_READ_URL, 'postgres://replica:5432/congso');
  });
});

describe('reporting queries go to the read database', () => {
  test('dossier counts and dossier books read connection.readDb; the queue does not', async () => {
    const desk = await t.login('motcua.tanninh');
    const reports = ['/api/v1/dossiers/counts', '/api/v1/desk/dossier-book.pdf', '/api/v1/desk/dossier-book.xlsx'];
    for (const url of reports) assert.equal((await t.call('GET', url, { cookie: desk })).statusCode, 200, url);
    // A "replica" without the schema: whatever reads it fails, and only that.
    const replica = await createTestDatabase({ migrate: false });
    const connection = t.ctx.connection;
    const primary = connection.readDb;
    connection.readDb = replica.connection.db;
    try {
      for (const url of reports) assert.equal((await t.call('GET', url, { cookie: desk })).statusCode, 500, url);
      assert.equal((await t.call('GET', '/api/v1/dossiers?open=true', { cookie: desk })).statusCode, 200);
    } finally {
      connection.readDb = primary;
      await replica.drop();
    }
    assert.equal((await t.call('GET', reports[0] as string, { cookie: desk })).statusCode, 200);
  });
});
