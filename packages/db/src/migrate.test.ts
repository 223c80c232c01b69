import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { queryRows, sql } from './connection';
import { migrate } from './migrate';
import { createTestDatabase, type TestDatabase } from './testing';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t?.drop();
});

test('migrations create every table and can run again without changes', async () => {
  await migrate(t.connection); // second run: nothing to do, no error
  const tables = await queryRows<{ table_name: string }>(
    t.connection.db,
    sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
  );
  const names = tables.map((r) => r.table_name);
  for (const expected of [
    'agencies',
    'agency_successions',
    'audit_events',
    'login_throttle',
    'people',
    'sessions',
    'settings',
  ]) {
    assert.ok(names.includes(expected), `missing table ${expected} in ${names.join(',')}`);
  }
});

test('the extensions are there and f_unaccent folds every Vietnamese letter', async () => {
  const [row] = await queryRows<{ s: string; sim: number }>(
    t.connection.db,
    sql`select lower(f_unaccent('Đắk Lắk Ứng Hòa Thừa Thiên Huế Quảng Trị ỹ ẵ ộ ữ')) as s,
               similarity('tan ninh', 'tan nihn') as sim`,
  );
  assert.equal(row?.s, 'dak lak ung hoa thua thien hue quang tri y a o u');
  assert.ok((row?.sim ?? 0) > 0.2);
  const [fn] = await queryRows<{ provolatile: string }>(
    t.connection.db,
    sql`select provolatile from pg_proc where proname = 'f_unaccent'`,
  );
  assert.equal(fn?.provolatile, 'i', 'f_unaccent must be IMMUTABLE to be indexable');
});

test('the search columns use trigram GIN indexes', async () => {
  const rows = await queryRows<{ indexname: string; indexdef: string }>(
    t.connection.db,
    sql`select indexname, indexdef from pg_indexes where indexname in ('agencies_search_trgm_idx', 'people_search_trgm_idx')`,
  );
  assert.equal(rows.length, 2);
  for (const r of rows) assert.match(r.indexdef, /gin \(search_text gin_trgm_ops\)/);
});
