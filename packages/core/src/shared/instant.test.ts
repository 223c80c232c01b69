import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseInstant } from './instant';

const iso = (text: string) => {
  const d = parseInstant(text);
  return Number.isNaN(d.getTime()) ? 'invalid' : d.toISOString();
};

test('dates and date-times on the calendar, with or without an offset (Vietnam time when none)', () => {
  assert.equal(iso('2026-12-01T08:00:00Z'), '2026-12-01T08:00:00.000Z');
  assert.equal(iso('2026-12-01T08:00:00+07:00'), '2026-12-01T01:00:00.000Z');
  assert.equal(iso('2026-12-01T08:00'), '2026-12-01T01:00:00.000Z');
  assert.equal(iso('2026-12-01'), '2026-11-30T17:00:00.000Z');
  assert.equal(iso('2026-12-01T08:00:00.5-05:30'), '2026-12-01T13:30:00.500Z');
  assert.equal(iso('2028-02-29T00:00:00Z'), '2028-02-29T00:00:00.000Z');
});

test('what new Date() would roll over or guess at is invalid', () => {
  for (const text of [
    '2026-11-31',
    '2026-02-29T00:00:00Z',
    '2026-13-01',
    '2026-00-10',
    '2026-12-01T24:00:00Z',
    '2026-12-01T23:60:00Z',
    '2026-12-01T08:00:00+15:00',
    '0000-01-01',
    '12/01/2026',
    'Dec 1 2026',
    '2026-12-1',
    '',
    '2026-12-01T08:00:00ZZ',
  ]) {
    assert.equal(iso(text), 'invalid', text);
  }
});
