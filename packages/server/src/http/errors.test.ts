import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CongsoError } from '@congso/core';
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
