import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { type Connection, type Database, pgliteExtensions } from '../connection';
import * as schema from '../schema/index';

/** The folder of the embedded database inside a data folder (DATA_DIR), as `connect` lays it out. */
export function pgliteFolder(dataDir: string): string {
  return resolve(dataDir, 'pglite');
}

/** Whether a folder holds an embedded database (a PostgreSQL data directory). */
export function hasPgliteDatabase(folder: string): boolean {
  return existsSync(join(folder, 'PG_VERSION'));
}

/**
 * Opens an embedded database folder directly, for backups and restores that already hold the data folder's
 * lock (`acquireDataDirLock`) or work on a folder no server uses (a restore's staging copy). With
 * `loadDataDir`, the folder must be new: it is filled from a `dumpDataDir()` tarball.
 */
export async function openPgliteFolder(folder: string, options: { loadDataDir?: Blob } = {}): Promise<Connection> {
  const client = await PGlite.create({
    dataDir: folder,
    extensions: pgliteExtensions,
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const db = drizzle(client, { schema }) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    pglite: client,
    location: folder,
    ping: async () => {
      await client.query('select 1');
    },
    close: async () => {
      await client.close();
    },
  };
}
