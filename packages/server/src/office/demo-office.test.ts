import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { queryRows, sql } from '@congso/db';
import { createTestApp, type TestApp } from '../testing';
import { seedDemoOffice } from './demo-office';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

it('seeds Sở Tư pháp’s office once: incoming documents at each stage, drafts in review', async () => {
  assert.deepEqual(await seedDemoOffice(t.ctx), { documents: 6 });
  assert.equal(await seedDemoOffice(t.ctx), null);
  const rows = await queryRows<{ direction: string; status: string; number: number | null }>(
    t.db.connection.db,
    sql`select direction, status, number from office_documents order by direction, created_at`,
  );
  assert.deepEqual(
    rows.map((r) => [r.direction, r.status, r.number]),
    [
      ['incoming', 'assigned', 1],
      ['incoming', 'assigned', 2],
      ['incoming', 'assigned', 3],
      ['incoming', 'registered', 4],
      ['outgoing', 'in_review', null],
      ['outgoing', 'draft', null],
    ],
  );
  const cookie = await t.login('chuyenvien.stp');
  const mine = await t.call('GET', '/api/v1/office/incoming?mine=true', { cookie });
  assert.deepEqual(
    mine.json().items.map((d: { notation: string }) => d.notation),
    ['4821/BTP-KSTT'],
  );
  const found = await t.call('GET', `/api/v1/office/search?q=${encodeURIComponent('chuyen doi so')}`, { cookie });
  assert.deepEqual(
    found.json().items.map((d: { notation: string }) => d.notation),
    ['2150/QĐ-UBND'],
  );
});
