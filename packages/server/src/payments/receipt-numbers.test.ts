import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { nextReceiptNumber, queryRows, sql } from '@congso/db';
import { createTestApp, type TestApp } from '../testing';
import { receiptSymbolOf } from './settlement';

let t: TestApp;
let agencyId: string;

before(async () => {
  t = await createTestApp();
  const admin = await t.login('admin');
  agencyId = (await t.call('GET', '/api/v1/agencies?q=phuong%20tan%20ninh', { cookie: admin })).json().items[0].id;
});
after(async () => {
  await t?.close();
});

test('receipt numbers are unique and gap-free under 1,000 concurrent payments, a rolled-back one giving its number back', async () => {
  const db = t.db.connection.db;
  const committed: number[] = [];
  const outcomes = await Promise.allSettled(
    Array.from({ length: 1000 }, (_, i) =>
      db.transaction(async (tx) => {
        const { number, symbol } = await nextReceiptNumber(tx, agencyId, 2026, receiptSymbolOf(2026));
        assert.equal(symbol, 'BL/26E');
        // Every 10th payment fails after taking its number (its transaction rolls back).
        if (i % 10 === 9) throw new Error('rolled back');
        committed.push(number);
      }),
    ),
  );
  assert.equal(outcomes.filter((o) => o.status === 'rejected').length, 100);
  assert.deepEqual(
    [...committed].sort((a, b) => a - b),
    Array.from({ length: 900 }, (_, i) => i + 1),
  );
  const [series] = await queryRows<{ last_number: number }>(
    db,
    sql`select last_number from receipt_series where agency_id = ${agencyId} and year = 2026`,
  );
  assert.equal(series?.last_number, 900);
  // Another year starts again at 1.
  const next = await db.transaction((tx) => nextReceiptNumber(tx, agencyId, 2027, receiptSymbolOf(2027)));
  assert.deepEqual(next, { number: 1, symbol: 'BL/27E' });
});
