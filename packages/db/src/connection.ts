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
  kind: EngineKind;
  /** The PostgreSQL pool (postgres engine only), for session-level needs such as advisory locks. */
  pool?: pg.Pool;
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

export async function connect(options: ConnectOptions): Promise<Connection> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.poolTimeoutMs ?? 5_000,
      idleTimeoutMillis: 30_000,
    });
    // An idle client that loses its server (restart) must not crash the process.
    pool.on('error', () => {});
    const db = drizzlePg(pool, { schema }) as unknown as Database;
    const connection: Connection = {
      db,
      kind: 'postgres',
      pool,
      databaseUrl: options.databaseUrl,
      location: redactUrl(options.databaseUrl),
      ping: async () => {
        await pool.query('select 1');
      },
      close: async () => {
        await pool.end();
      },
    };
    await connection.ping();
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
