import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseAgencyCode } from '@congso/core';
import { agencyDetails, getProvinceRoot, listAgencies, searchAgencies } from '../identity/agencies.queries';
import { createTestDatabase, type TestDatabase } from '../testing';
import { getProvinceSetting, seedDemoProvince } from './demo-province';

let t: TestDatabase;
const hashPassword = async (p: string) => `test-hash:${p}`;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t?.drop();
});

test('the demo province seeds once and a second run changes nothing', async () => {
  const now = new Date('2026-11-23T03:00:00Z');
  const first = await seedDemoProvince(t.connection.db, { hashPassword, now });
  // 1 root + 15 departments + 4 units + 96 communes + 2 old provinces + 24 old districts
  assert.equal(first.agenciesInserted, 142);
  assert.equal(first.peopleInserted, 21);
  const second = await seedDemoProvince(t.connection.db, { hashPassword, now });
  assert.equal(second.agenciesInserted, 0);
  assert.equal(second.peopleInserted, 0);
  assert.equal((await getProvinceSetting(t.connection.db))?.name, 'Tây Ninh');
});

test('the tree: the province with departments and 96 communes, codes valid, history kept', async () => {
  const db = t.connection.db;
  const root = await getProvinceRoot(db, '80');
  assert.ok(root);
  assert.equal(root.name, 'Ủy ban nhân dân tỉnh Tây Ninh');
  const roots = await listAgencies(db, { limit: 50, offset: 0 });
  assert.deepEqual(
    roots.items.map((a) => a.id),
    [root.id],
    'only the current province is a current root',
  );
  const communes = await listAgencies(db, { parentId: root.id, kind: 'commune', limit: 200, offset: 0 });
  assert.equal(communes.total, 96);
  const departments = await listAgencies(db, { parentId: root.id, kind: 'department', limit: 200, offset: 0 });
  assert.equal(departments.total, 15);
  for (const a of [...communes.items, ...departments.items]) {
    assert.ok(parseAgencyCode(a.code).ok, a.code);
    assert.equal(a.isDemoCode, true);
  }
  const withHistory = await listAgencies(db, { includeHistory: true, limit: 50, offset: 0 });
  assert.equal(withHistory.total, 3, 'the two provinces merged on 1/7/2025 are kept as history');
  const details = await agencyDetails(db, root.id);
  assert.deepEqual(details?.predecessors.map((p) => p.name).sort(), [
    'Ủy ban nhân dân tỉnh Long An',
    'Ủy ban nhân dân tỉnh Tây Ninh (trước sáp nhập)',
  ]);
});

test('search finds agencies without diacritics, with typos, ranked', async () => {
  const db = t.connection.db;
  const find = async (q: string) => (await searchAgencies(db, { q, limit: 10, offset: 0 })).items.map((a) => a.name);
  assert.equal((await find('tay ninh'))[0], 'Ủy ban nhân dân tỉnh Tây Ninh');
  assert.equal((await find('tan ninh'))[0], 'Ủy ban nhân dân phường Tân Ninh');
  assert.equal((await find('Phường Tân Ninh'))[0], 'Ủy ban nhân dân phường Tân Ninh');
  // NFD input (decomposed diacritics, as some phones send) finds the same.
  assert.equal((await find('Phường Tân Ninh'.normalize('NFD')))[0], 'Ủy ban nhân dân phường Tân Ninh');
  assert.equal((await find('so tu phap'))[0], 'Sở Tư pháp');
  assert.equal((await find('so tu phapp'))[0], 'Sở Tư pháp', 'a typo still finds it');
  assert.ok((await find('STP')).includes('Sở Tư pháp'), 'short name');
  const result = await searchAgencies(db, { q: 'hanh chinh tu phap', limit: 5, offset: 0 });
  assert.equal(result.items[0]?.name, 'Phòng Hành chính tư pháp');
  assert.deepEqual(
    result.items[0]?.path?.map((p) => p.name),
    ['Ủy ban nhân dân tỉnh Tây Ninh', 'Sở Tư pháp'],
  );
  assert.deepEqual(await find('%'), [], 'wildcards are literal');
  const historic = await searchAgencies(db, { q: 'long an', includeHistory: true, limit: 5, offset: 0 });
  const historicNames = historic.items.map((a) => a.name);
  assert.ok(historicNames.includes('Ủy ban nhân dân tỉnh Long An'), historicNames.join('; '));
  assert.ok(historicNames.includes('Ủy ban nhân dân phường Long An'), 'today Tây Ninh has a ward named Long An');
  const current = (await searchAgencies(db, { q: 'long an', limit: 5, offset: 0 })).items.map((a) => a.name);
  assert.equal(current.includes('Ủy ban nhân dân tỉnh Long An'), false, 'history is hidden unless asked for');
});
