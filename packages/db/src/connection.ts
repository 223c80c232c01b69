import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { acquireDataDirLock } from './lock';
import * as schema from './schema/index';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A database handle or an open transaction: queries take either. */
export type Executor = Database | Parameters<Parameters<Database['transaction']>[0]>[0];

export type EngineKind = 'pglite' | 'postgres';

export interface Connection {
  db: Database;
  /**
   * For read-only reporting queries (counts, dossier books) that may lag the primary by a moment: a
   * second small pool to the read replica in DATABASE_READ_URL, otherwise the same handle as `db`. Never
   * for reading something back right after writing it. `connect` always sets it; a connection opened by
   * other means may not, hence `connection.readDb ?? connection.db` at the call sites.
   */
  readDb?: Database;
  kind: EngineKind;
  /** The PostgreSQL pool (postgres engine only), for session-level needs such as advisory locks. */
  pool?: pg.Pool;
  /** The read replica's pool, when one is configured. */
  readPool?: pg.Pool;
  /** The server's address (postgres engine only), for components that open their own pool (the job queue). */
  databaseUrl?: string;
  /** The embedded database (pglite engine only), for components that share it (the job queue). */
  pglite?: PGlite;
  /** Where the data lives, for messages: a folder or a redacted URL. */
  location: string;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** PostgreSQL server; when absent, the embedded database is used. */
  databaseUrl?: string | undefined;
  /** Folder of the embedded database (created if missing). Omit with `memory` for tests. */
  dataDir?: string | undefined;
  /** Embedded database in memory (tests). */
  memory?: boolean;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  /** A PostgreSQL read replica for `readDb` (with `databaseUrl` only). */
  readDatabaseUrl?: string | undefined;
  /** How long a request may wait for a free PostgreSQL connection before failing (ms). */
  poolTimeoutMs?: number;
}

export const pgliteExtensions = { pg_trgm, unaccent, pgcrypto, btree_gin };

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(invalid url)';
  }
}

/** At most this many connections to a read replica: reports are few and heavy, the primary keeps the rest. */
export const READ_POOL_MAX = 5;

export async function connect(options: ConnectOptions): Promise<Connection> {
  if (options.databaseUrl) {
    const newPool = (connectionString: string, max: number) => {
      const pool = new pg.Pool({
        connectionString,
        max,
        connectionTimeoutMillis: options.poolTimeoutMs ?? 5_000,
        idleTimeoutMillis: 30_000,
        // Named statements (`runPrepared`, `queryNamedRows`: the hot look-ups and a group of filings' writes)
        // are planned once per connection instead of on every call: their plans do not depend on the values
        // (keys, arrays of keys, rows as JSON). Unnamed statements are planned for their values as always.
        // Set by a statement, not a startup option, which PgBouncer refuses; awaited by the pool before the
        // connection's first query (pg-pool's onConnect), so no two queries are ever in flight on one client.
        // If it fails, the connection is ended and that first query fails with its error.
        onConnect: async (client: pg.ClientBase) => {
          await client.query('set plan_cache_mode = force_generic_plan');
        },
      });
      // An idle client that loses its server (restart) must not crash the process.
      pool.on('error', () => {});
      // pg-pool takes its idle 'error' listener off a client while it is checked out (a transaction): a
      // connection that drops then (the database restarted) would emit 'error' with nobody listening and end
      // the process. The query in flight fails on its own and the pool discards the dead client.
      pool.on('connect', (client) => {
        client.on('error', () => {});
      });
      return pool;
    };
    const pool = newPool(options.databaseUrl, options.poolSize ?? 10);
    const db = drizzlePg(pool, { schema }) as unknown as Database;
    const readPool = options.readDatabaseUrl
      ? newPool(options.readDatabaseUrl, Math.min(options.poolSize ?? 10, READ_POOL_MAX))
      : undefined;
    const connection: Connection = {
      db,
      readDb: readPool ? (drizzlePg(readPool, { schema }) as unknown as Database) : db,
      kind: 'postgres',
      pool,
      ...(readPool ? { readPool } : {}),
      databaseUrl: options.databaseUrl,
      location: redactUrl(options.databaseUrl),
      ping: async () => {
        await pool.query('select 1');
      },
      close: async () => {
        await Promise.all([pool.end(), readPool?.end()]);
      },
    };
    try {
      await connection.ping();
      if (readPool && options.readDatabaseUrl) {
        const replica = redactUrl(options.readDatabaseUrl);
        await readPool.query('select 1').catch((error: unknown) => {
          throw new Error(
            `Không kết nối được bản sao chỉ đọc / Cannot reach the read replica (DATABASE_READ_URL) ${replica}: ${error instanceof Error ? error.message : String(error)}`,
          );
        });
      }
    } catch (error) {
      await connection.close().catch(() => {});
      throw error;
    }
    return connection;
  }

  let client: PGlite;
  let release = () => {};
  let location = 'memory';
  if (options.memory || !options.dataDir) {
    client = await PGlite.create({ extensions: pgliteExtensions });
  } else {
    const dir = resolve(options.dataDir);
    const lock = acquireDataDirLock(dir);
    release = lock.release;
    location = dir;
    try {
      const pgdata = resolve(dir, 'pglite');
      mkdirSync(pgdata, { recursive: true });
      client = await PGlite.create({ dataDir: pgdata, extensions: pgliteExtensions });
    } catch (error) {
      release();
      throw error;
    }
  }
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    db,
    readDb: db,
    kind: 'pglite',
    pglite: client,
    location,
    ping: async () => {
      await client.query('select 1');
    },
    close: async () => {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}

/** Rows of a raw query: node-postgres and PGlite both return `{ rows }`. */
export async function queryRows<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** Escapes LIKE wildcards in user text. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export { sql };
