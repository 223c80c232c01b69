import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CongsoError } from '@congso/core';
import { createTestApp } from '../testing';
import { databaseErrorCode, toCongsoError } from './errors';

const wrapped = (code: string) =>
  Object.assign(new Error('Failed query'), { cause: Object.assign(new Error('db'), { code }) });

test('database errors map to clear answers, looking through driver wrappers', () => {
  assert.equal(databaseErrorCode(wrapped('23505')), '23505');
  assert.equal(toCongsoError(wrapped('23505')).code, 'ALREADY_EXISTS');
  assert.equal(toCongsoError(wrapped('22P02')).code, 'VALIDATION_FAILED');
  for (const code of ['40P01', '40001', '55P03', '57P01', '08006']) {
    const e = toCongsoError(wrapped(code));
    assert.equal(e.code, 'SERVICE_UNAVAILABLE', code);
    assert.equal(e.status, 503);
  }
  assert.equal(
    toCongsoError(new Error('timeout exceeded when trying to connect')).code,
    'SERVICE_UNAVAILABLE',
    'pool exhausted',
  );
  assert.equal(toCongsoError(new Error('something else')).code, 'INTERNAL');
  const own = new CongsoError('FORBIDDEN');
  assert.equal(toCongsoError(own), own);
});

test('URLs Fastify refuses before routing get the one error shape, without the URL echoed', async () => {
  const t = await createTestApp();
  try {
    for (const url of [
      '/api/v1/agencies/%ED%A0%80', // an encoded lone surrogate: not UTF-8
      '/api/v1/dossiers/%E0%A4%A/receipt.pdf', // cut short
      `/api/v1/officers/${'x'.repeat(250)}`, // past the router's parameter length
    ]) {
      const res = await t.call('GET', url);
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
      assert.equal(res.json().error.code, 'MALFORMED_REQUEST');
      assert.equal(res.json().error.message.vi, 'Yêu cầu không đúng định dạng.');
      assert.ok(!res.body.includes('%'), res.body);
    }
  } finally {
    await t.close();
  }
});
