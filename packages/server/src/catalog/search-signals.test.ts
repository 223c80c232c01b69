import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../testing';

let t: TestApp;
let citizen: string;
let tanNinh: string;
before(async () => {
  t = await createTestApp({ SEARCH_SIGNALS_PER_MINUTE: '5' });
  await t.importDemoProcedures('1.001193', '1.004884', '1.013227', '1.013233', '1.011608');
  const admin = await t.login('admin');
  tanNinh = (await t.call('GET', '/api/v1/agencies?q=phuong%20tan%20ninh', { cookie: admin })).json().items[0].id;
  citizen = await t.login('072090001234');
});
after(async () => {
  await t?.close();
});

/** A signal from a client address (each test its own, so the per-address limit does not leak between them). */
const signal = (path: string, body: unknown, remoteAddress: string, cookie?: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/procedures/${path}`,
    payload: body as Record<string, unknown>,
    remoteAddress,
    headers: { 'x-congso-request': '1', ...(cookie ? { cookie: `congso_session=${cookie}` } : {}) },
  });

describe('search signals', () => {
  test('the search says how well it fits: close with a question, none with the closest fields', async () => {
    const close = (
      await t.call('GET', `/api/v1/procedures?q=${encodeURIComponent('gia hạn giấy phép xây dựng')}`)
    ).json();
    assert.equal(close.quality, 'close');
    assert.equal(close.question.facet, 'building');
    // One option per level of building, in the order of the results (whichever ranks first).
    assert.deepEqual(close.question.options.map((o: { codes: string[] }) => o.codes).sort(), [
      ['1.013227'],
      ['1.013233'],
    ]);
    const none = (await t.call('GET', `/api/v1/procedures?q=${encodeURIComponent('điện thoại')}`)).json();
    assert.equal(none.quality, 'none');
    // Found only a letter away ("thoại" / "thoát"): no field is offered as near, the portal says nothing fits.
    assert.deepEqual(none.closestFields, []);
    const misses = (await t.call('GET', '/api/v1/search/misses', { cookie: await t.login('admin') })).json().items;
    assert.deepEqual(
      misses.map((m: { query: string; kind: string }) => `${m.query}/${m.kind}`),
      ['dien thoai/empty'],
    );
    const listed = (await t.call('GET', '/api/v1/procedures')).json();
    assert.equal(listed.quality, null, 'no query, no assessment');
  });

  test('the anonymous signals are limited per client address (429 with Retry-After), then allowed again', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await signal('search-misses', { query: `tim gi ${i}`, kind: 'refined' }, '10.0.0.1');
      assert.equal(res.statusCode, 204);
    }
    const refused = await signal('search-choices', { query: 'khai sinh', code: '1.001193' }, '10.0.0.1');
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json().error.code, 'RATE_LIMITED');
    assert.ok(Number(refused.headers['retry-after']) > 0);
    assert.equal(
      (await signal('search-choices', { query: 'khai sinh', code: '1.001193' }, '10.0.0.2')).statusCode,
      204,
    );
    t.clock.advance(61_000);
    assert.equal(
      (await signal('search-choices', { query: 'khai sinh', code: '1.001193' }, '10.0.0.1')).statusCode,
      204,
    );
  });

  test('a dossier filed after a search counts (twice a choice, once per dossier, only its applicant)', async () => {
    const filed = await t.call('POST', '/api/v1/dossiers', {
      cookie: citizen,
      body: {
        procedureCode: '1.001193',
        receivingAgencyId: tanNinh,
        applicant: { phone: '0912 345 678', address: 'x' },
        documents: await t.documentsFor(citizen, '1.001193'),
      },
      headers: { 'idempotency-key': 'search-filing-1' },
    });
    assert.equal(filed.statusCode, 201, filed.body);
    const dossierId = filed.json().id;
    const body = { query: 'làm giấy khai sinh cho bé', code: '1.001193', dossierId };
    assert.equal((await signal('search-choices', body, '10.0.1.1')).statusCode, 401, 'signed in only');
    const other = await signal('search-choices', body, '10.0.1.1', await t.login('080195004321'));
    assert.equal(other.statusCode, 404, other.body);
    assert.equal(
      (await signal('search-choices', { ...body, code: '1.004884' }, '10.0.1.1', citizen)).statusCode,
      404,
      'the procedure filed, not another',
    );
    assert.equal((await signal('search-choices', body, '10.0.1.1', citizen)).statusCode, 204);
    assert.equal((await signal('search-choices', body, '10.0.1.1', citizen)).statusCode, 204, 'counted once');
    const learning = (await t.call('GET', '/api/v1/search/learning', { cookie: await t.login('admin') })).json().items;
    const row = learning.find((r: { query: string }) => r.query === 'dang khai ki sinh');
    assert.deepEqual(
      { code: row.code, weight: row.weight, filings: row.filings, boosts: row.boosts, name: row.name },
      { code: '1.001193', weight: 2, filings: 1, boosts: false, name: 'Thủ tục đăng ký khai sinh' },
    );
    assert.equal((await t.call('GET', '/api/v1/search/learning', { cookie: citizen })).statusCode, 403);
    t.clock.advance(2 * 86_400_000);
    citizen = await t.login('072090001234');
    const late = await t.call('POST', '/api/v1/dossiers', {
      cookie: citizen,
      body: {
        procedureCode: '1.001193',
        receivingAgencyId: tanNinh,
        applicant: { phone: '0912 345 678', address: 'x' },
        documents: await t.documentsFor(citizen, '1.001193'),
      },
      headers: { 'idempotency-key': 'search-filing-2' },
    });
    t.clock.advance(2 * 86_400_000);
    citizen = await t.login('072090001234');
    const stale = await signal('search-choices', { ...body, dossierId: late.json().id }, '10.0.1.2', citizen);
    assert.equal(stale.statusCode, 404, 'a day after filing it no longer counts');
  });
});
