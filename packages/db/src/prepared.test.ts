import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { queryRows, sql } from './connection';
import { nodePostgresClient, queryNamedRows } from './prepared';
import { createTestDatabase, type TestDatabase } from './testing';

describe('queryNamedRows: a raw statement run as a named statement', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase({ migrate: false });
    await queryRows(database.connection.db, sql`create table t (id int primary key, note text)`);
  });
  after(() => database.drop());

  const insert = (values: { id: number; note: string }[]) =>
    sql`insert into t (id, note) select id, note from jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
        as x(id int, note text) returning id, note`;

  test('gives the rows, in a transaction and outside one, and a failure rolls the transaction back', async () => {
    const db = database.connection.db;
    const rows = await queryNamedRows<{ id: number; note: string }>(
      db,
      'congso_test_insert',
      insert([{ id: 1, note: 'a' }]),
    );
    assert.deepEqual(rows, [{ id: 1, note: 'a' }]);
    const inTx = await db.transaction((tx) =>
      queryNamedRows<{ id: number }>(
        tx,
        'congso_test_insert',
        insert([
          { id: 2, note: 'b' },
          { id: 3, note: 'c' },
        ]),
      ),
    );
    assert.deepEqual(
      inTx.map((r) => r.id),
      [2, 3],
    );
    await assert.rejects(
      db.transaction(async (tx) => {
        await queryNamedRows(tx, 'congso_test_insert', insert([{ id: 4, note: 'd' }]));
        await queryNamedRows(tx, 'congso_test_insert', insert([{ id: 1, note: 'again' }])); // duplicate key
      }),
    );
    const all = await queryRows<{ id: number }>(db, sql`select id from t order by id`);
    assert.deepEqual(
      all.map((r) => r.id),
      [1, 2, 3],
    );
  });

  test('on PostgreSQL the statement is prepared once on the connection and planned once (generic plan)', async (t) => {
    const db = database.connection.db;
    if (database.connection.kind !== 'postgres') {
      assert.equal(nodePostgresClient(db), undefined); // the embedded engine runs it as a plain query
      t.skip('named statements are a PostgreSQL server feature');
      return;
    }
    assert.ok(nodePostgresClient(db));
    const seen = await db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) {
        await queryNamedRows(tx, 'congso_test_insert', insert([{ id: 100 + i, note: 'x' }]));
      }
      return queryRows<{ name: string; generic_plans: number | string; custom_plans: number | string }>(
        tx,
        sql`select name, generic_plans, custom_plans from pg_prepared_statements where name = 'congso_test_insert'`,
      );
    });
    assert.equal(seen.length, 1);
    assert.equal(Number(seen[0]?.custom_plans), 0);
    assert.ok(Number(seen[0]?.generic_plans) >= 3);
  });
});
