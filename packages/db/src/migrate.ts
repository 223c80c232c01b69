import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { Connection } from './connection';

export const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), '../migrations');

/** Applies pending migrations (one folder for both engines). Safe to run from several processes on PostgreSQL. */
export async function migrate(connection: Connection): Promise<void> {
  if (connection.kind === 'pglite') {
    await migratePglite(connection.db as unknown as PgliteDatabase, { migrationsFolder });
    return;
  }
  if (!connection.pool) throw new Error('postgres connection without a pool');
  // Serialise concurrent starts: the first process migrates, the others wait and then find nothing to do.
  const client = await connection.pool.connect();
  try {
    await client.query('select pg_advisory_lock(7263001)');
    try {
      await migratePg(drizzlePg(client), { migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock(7263001)');
    }
  } finally {
    client.release();
  }
}
