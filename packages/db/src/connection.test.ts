import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import pg from 'pg';
import { connect, queryRows, READ_POOL_MAX, sql } from './connection';

const serverUrl = process.env.DATABASE_URL;
const onPostgres = serverUrl
  ? {}
  : { skip: 'a read replica is a second PostgreSQL database: run with DATABASE_URL (the embedded engine has none)' };

/** Creates an empty database on the test server; returns its URL and how to drop it. */
async function scratchDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `congso_t_${label}_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(serverUrl as string);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

describe('readDb: reporting queries on a read replica', () => {
  test('without a replica, readDb is the primary handle', async () => {
    const c = await connect(serverUrl ? { databaseUrl: serverUrl, poolSize: 2 } : { memory: true });
    try {
      assert.equal(c.readDb, c.db);
      assert.equal(c.readPool, undefined);
    } finally {
      await c.close();
    }
  });

  test(
    'with DATABASE_READ_URL, readDb queries the replica over a second small pool; close ends both',
    onPostgres,
    async () => {
      const primary = await scratchDatabase('primary');
      const replica = await scratchDatabase('replica');
      try {
        // A marker only the replica has.
        const setup = new pg.Client({ connectionString: replica.url });
        await setup.connect();
        await setup.query(`create table replica_marker (what text); insert into replica_marker values ('replica')`);
        await setup.end();

        const c = await connect({ databaseUrl: primary.url, readDatabaseUrl: replica.url, poolSize: 20 });
        assert.ok(c.readPool && c.readDb && c.readDb !== c.db);
        assert.equal(c.readPool.options.max, READ_POOL_MAX);
        const [row] = await queryRows<{ what: string; db: string }>(
          c.readDb,
          sql`select what, current_database() as db from replica_marker`,
        );
        assert.deepEqual(row, { what: 'replica', db: new URL(replica.url).pathname.slice(1) });
        await assert.rejects(
          queryRows(c.db, sql`select what from replica_marker`),
          (e: Error) => /replica_marker/.test(`${e.message} ${(e.cause as Error | undefined)?.message}`),
          'the primary has no marker',
        );
        const [onPrimary] = await queryRows<{ db: string }>(c.db, sql`select current_database() as db`);
        assert.equal(onPrimary?.db, new URL(primary.url).pathname.slice(1));
        await c.close();
        assert.equal(c.readPool.ended, true);
        assert.equal(c.pool?.ended, true);
      } finally {
        await replica.drop();
        await primary.drop();
      }
    },
  );

  test(
    'a replica that cannot be reached stops connect with a clear message, without its password',
    onPostgres,
    async () => {
      const primary = await scratchDatabase('primary');
      try {
        const missing = new URL(primary.url);
        missing.pathname = '/congso_no_such_replica';
        missing.password = 'replica-pass-3e1';
        await assert.rejects(connect({ databaseUrl: primary.url, readDatabaseUrl: missing.toString() }), (e: Error) => {
          assert.match(
            e.message,
            /^Không kết nối được bản sao chỉ đọc \/ Cannot reach the read replica \(DATABASE_READ_URL\)/,
          );
          assert.match(e.message, /congso_no_such_replica/);
          assert.ok(!e.message.includes('replica-pass-3e1'), e.message);
          return true;
        });
      } finally {
        await primary.drop();
      }
    },
  );
});

describe('the pool on PostgreSQL', () => {
  test(
    'every connection plans named statements once (force_generic_plan), set before its first query: no query overlaps it',
    onPostgres,
    async () => {
      // pg deprecates (and pg 9 refuses) a query asked of a client whose queue is not empty; its notice is printed
      // once per process, so the queue is watched here.
      const query = pg.Client.prototype.query;
      let overlapping = 0;
      pg.Client.prototype.query = function (this: { _queryQueue?: unknown[] }, ...args: unknown[]) {
        if ((this._queryQueue?.length ?? 0) > 0) overlapping++;
        return (query as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof query;
      const c = await connect({ databaseUrl: serverUrl as string, poolSize: 6 });
      try {
        // Fresh connections, each asked at once.
        const rows = await Promise.all(
          Array.from({ length: 12 }, () =>
            queryRows<{ mode: string }>(c.db, sql`select current_setting('plan_cache_mode') as mode`),
          ),
        );
        assert.deepEqual(new Set(rows.map((r) => r[0]?.mode)), new Set(['force_generic_plan']));
        assert.equal(overlapping, 0);
      } finally {
        pg.Client.prototype.query = query;
        await c.close();
      }
    },
  );
});
