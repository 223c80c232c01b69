import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Connection, connect } from './connection';
import { migrate } from './migrate';

/**
 * A fresh, migrated database for one test file: embedded PGlite in memory, or — when DATABASE_URL is
 * set — a new database created on that PostgreSQL server and dropped afterwards.
 */
export interface TestDatabase {
  connection: Connection;
  /** Set when the database lives on a PostgreSQL server. */
  databaseUrl?: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const connection = await connect({ memory: true });
    if (options.migrate !== false) await migrate(connection);
    return { connection, drop: () => connection.close() };
  }
  const name = `congso_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  // Tests fire hundreds of concurrent requests at 5 connections: let them queue rather than time out.
  const connection = await connect({ databaseUrl, poolSize: 5, poolTimeoutMs: 60_000 });
  if (options.migrate !== false) await migrate(connection);
  return {
    connection,
    databaseUrl,
    drop: async () => {
      await connection.close();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
