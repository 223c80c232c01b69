import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../testing';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t?.close();
});

test('administrators read the audit trail of their reach, newest first; others may not', async () => {
  const admin = await t.login('admin');
  const adminStp = await t.login('admin.stp');
  const stpId = (await t.call('GET', '/api/v1/agencies?q=so%20tu%20phap', { cookie: admin })).json().items[0].id;
  const tanNinhId = (await t.call('GET', '/api/v1/agencies?q=phuong%20tan%20ninh', { cookie: admin })).json().items[0]
    .id;
  const created = await t.call('POST', '/api/v1/officers', {
    cookie: adminStp,
    body: {
      username: 'audit.stp',
      fullName: 'Kiểm Tra',
      agencyId: stpId,
      roles: ['viewer'],
      password: 'Kiểm tra 2026',
    },
  });
  assert.equal(created.statusCode, 201);

  const all = (await t.call('GET', '/api/v1/audit-events?limit=200', { cookie: admin })).json();
  assert.ok(all.total >= 3);
  assert.equal(all.items[0].action, 'officer.created', 'newest first');
  assert.equal(all.items[0].actor.username, 'admin.stp');
  assert.equal(all.items[0].entityId, created.json().id);

  const stp = (await t.call('GET', '/api/v1/audit-events?limit=200', { cookie: adminStp })).json();
  assert.ok(stp.items.length > 0);
  assert.ok(
    stp.items.every((e: { agencyId: string }) => e.agencyId === stpId),
    'a department admin sees its department only',
  );
  assert.equal(
    (await t.call('GET', `/api/v1/audit-events?agencyId=${tanNinhId}`, { cookie: adminStp })).statusCode,
    403,
  );
  const byEntity = (
    await t.call('GET', `/api/v1/audit-events?entityType=person&entityId=${created.json().id}`, { cookie: admin })
  ).json();
  assert.deepEqual(
    byEntity.items.map((e: { action: string }) => e.action),
    ['officer.created'],
  );

  for (const who of ['xem.tinh', 'giamdoc.stp', 'motcua.tanninh']) {
    assert.equal((await t.call('GET', '/api/v1/audit-events', { cookie: await t.login(who) })).statusCode, 403, who);
  }
  assert.equal((await t.call('GET', '/api/v1/audit-events')).statusCode, 401);
  assert.equal((await t.call('GET', '/api/v1/audit-events?limit=0', { cookie: admin })).statusCode, 400);
});
