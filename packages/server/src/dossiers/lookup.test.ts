import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { errorCatalog } from '@congso/core';
import { createTestApp, type TestApp } from '../testing';
import { lookupResponse } from './lookup.routes';

let t: TestApp;
const codes: string[] = [];
const UNKNOWN = '000.01.50.H59-261123-9999';
const MINUTE = 60_000;
const HOUR = 3_600_000;

before(async () => {
  t = await createTestApp();
  await t.importDemoProcedures('1.001193');
  const admin = await t.login('admin');
  const tanNinh = (await t.call('GET', '/api/v1/agencies?q=phuong%20tan%20ninh', { cookie: admin })).json().items[0].id;
  const citizen = await t.login('072090001234');
  for (let i = 0; i < 5; i++) {
    const res = await t.call('POST', '/api/v1/dossiers', {
      cookie: citizen,
      body: {
        procedureCode: '1.001193',
        receivingAgencyId: tanNinh,
        applicant: { phone: '0912 345 678', address: 'x' },
        documents: await t.documentsFor(citizen, '1.001193'),
      },
      headers: { 'idempotency-key': `lookup-test-${i}` },
    });
    assert.equal(res.statusCode, 201, res.body);
    codes.push(res.json().code);
  }
});
after(async () => {
  await t?.close();
});

/** A lookup from a client address (each test uses its own, so the per-address limit of one does not leak). */
const lookup = (code: string, phone: string, remoteAddress: string) =>
  t.app.inject({ method: 'GET', url: `/api/v1/lookup?code=${encodeURIComponent(code)}&phone=${phone}`, remoteAddress });

const rateLimitedBody = (retryAfterSeconds: number, messages = errorCatalog.RATE_LIMITED) => ({
  error: { code: 'RATE_LIMITED', message: { vi: messages.vi, en: messages.en }, details: { retryAfterSeconds } },
});

describe('public lookup', () => {
  test('the right code and digits show the dossier; wrong digits and an unknown code get the same 404', async () => {
    const [code] = codes as [string];
    const found = await lookup(code, '5678', '10.0.1.1');
    assert.equal(found.statusCode, 200, found.body);
    assert.deepEqual(found.json(), {
      code,
      procedureName: found.json().procedureName,
      applicant: 'Nguyễn T. H.',
      status: 'receiving',
      statusNumber: 1,
      receivedAt: null,
      dueAt: null,
      finishedAt: null,
      outcome: null,
    });
    assert.match(found.json().procedureName, /khai sinh/i);
    assert.deepEqual(lookupResponse.parse(found.json()), found.json(), 'the body is what the schema documents');
    assert.match(String(found.headers['content-type']), /^application\/json/);
    const wrong = await lookup(code, '1234', '10.0.1.1');
    const unknown = await lookup(UNKNOWN, '5678', '10.0.1.1');
    assert.equal(wrong.statusCode, 404);
    assert.equal(unknown.statusCode, 404);
    assert.equal(wrong.body, unknown.body);
    assert.deepEqual(wrong.json(), {
      error: { code: 'NOT_FOUND', message: { vi: errorCatalog.NOT_FOUND.vi, en: errorCatalog.NOT_FOUND.en } },
    });
    assert.equal((await lookup(code, '56789', '10.0.1.1')).statusCode, 400);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/lookup?code=${code}` })).statusCode, 400);
    const documented = (await t.call('GET', '/docs/json')).json().paths['/api/v1/lookup'].get;
    assert.deepEqual(Object.keys(documented.responses).sort(), ['200', '400', '404', '429']);
  });

  test('the 31st request of an address in a minute is a 429 with Retry-After, until the minute is over', async () => {
    const [code] = codes as [string];
    for (let i = 1; i <= 30; i++) {
      const res = await lookup(code, '5678', '10.0.2.1');
      assert.equal(res.statusCode, 200, `request ${i}`);
      assert.equal(res.headers['x-ratelimit-remaining'], String(30 - i));
    }
    const limited = await lookup(code, '5678', '10.0.2.1');
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.headers['retry-after'], '60');
    assert.deepEqual(limited.json(), rateLimitedBody(60));
    assert.equal((await lookup(code, '5678', '10.0.2.2')).statusCode, 200, 'another address is not limited');
    t.clock.advance(MINUTE / 2);
    const still = await lookup(UNKNOWN, '0000', '10.0.2.1');
    assert.equal(still.statusCode, 429, 'every request counts, whatever it asks');
    assert.equal(still.headers['retry-after'], '30');
    t.clock.advance(MINUTE / 2);
    assert.equal((await lookup(code, '5678', '10.0.2.1')).statusCode, 200, 'a new minute, a new allowance');
  });

  test('ten wrong answers for a code lock it for an hour for every address; other codes still answer', async () => {
    const code = codes[1] as string;
    for (let i = 0; i < 10; i++) assert.equal((await lookup(code, String(1000 + i), '10.0.3.1')).statusCode, 404);
    const locked = await lookup(code, '5678', '10.0.3.2');
    assert.equal(locked.statusCode, 429, 'even the right digits, from another address');
    assert.equal(locked.headers['retry-after'], '3600');
    assert.equal(locked.json().error.code, 'RATE_LIMITED');
    assert.equal(locked.json().error.details.retryAfterSeconds, 3600);
    assert.ok(locked.json().error.message.vi && locked.json().error.message.en);
    assert.equal((await lookup(codes[2] as string, '5678', '10.0.3.2')).statusCode, 200, 'other codes answer');
    t.clock.advance(HOUR / 2);
    assert.equal((await lookup(code, '5678', '10.0.3.3')).headers['retry-after'], '1800');
    t.clock.advance(HOUR / 2);
    assert.equal((await lookup(code, '5678', '10.0.3.3')).statusCode, 200, 'the lock ends with the hour');
  });

  test('an unknown code locks like a known one (the 429 does not tell that a code exists)', async () => {
    const known = codes[3] as string;
    for (let i = 0; i < 10; i++) {
      // Each guess from its own address: the per-code limit does not depend on the address.
      const a = await lookup(known, '0000', `10.0.4.${i + 1}`);
      const b = await lookup(UNKNOWN, '0000', `10.0.4.${i + 1}`);
      assert.equal(a.body, b.body);
    }
    const a = await lookup(known, '0000', '10.0.4.50');
    const b = await lookup(UNKNOWN, '0000', '10.0.4.50');
    assert.equal(a.statusCode, 429);
    assert.equal(a.body, b.body);
    assert.equal(a.headers['retry-after'], b.headers['retry-after']);
  });

  test('right answers do not count as failures; guesses sent at once all count', async () => {
    const code = codes[4] as string;
    for (let i = 0; i < 9; i++) assert.equal((await lookup(code, '0000', '10.0.5.1')).statusCode, 404);
    for (let i = 0; i < 5; i++) assert.equal((await lookup(code, '5678', '10.0.5.2')).statusCode, 200);
    assert.equal((await lookup(code, '0001', '10.0.5.3')).statusCode, 404, 'the 10th failure');
    assert.equal((await lookup(code, '5678', '10.0.5.3')).statusCode, 429);
    t.clock.advance(HOUR);
    const racing = await Promise.all(
      Array.from({ length: 15 }, (_, i) => lookup(code, String(2000 + i), `10.0.5.${10 + i}`)),
    );
    assert.deepEqual(
      racing.map((r) => r.statusCode).sort(),
      [...Array(10).fill(404), ...Array(5).fill(429)],
      'exactly ten guesses get an answer',
    );
  });
});

describe('public lookup limits turned off', () => {
  let off: TestApp;
  before(async () => {
    off = await createTestApp({ LOOKUP_RATE_LIMIT_PER_MINUTE: '0', LOOKUP_CODE_FAILURES_PER_HOUR: '0' });
  });
  after(async () => {
    await off?.close();
  });

  test('0 turns each limit off', async () => {
    for (let i = 0; i < 40; i++) {
      const res = await off.app.inject({ method: 'GET', url: `/api/v1/lookup?code=${UNKNOWN}&phone=0000` });
      assert.equal(res.statusCode, 404, `request ${i + 1}`);
      assert.equal(res.headers['x-ratelimit-limit'], undefined);
    }
  });
});
