/**
 * Bulk loading for generated data (`congso seed --dossiers`): one session, one transaction, rows sent with
 * COPY ... FROM STDIN in the text format — on PostgreSQL through the pool client's protocol (a copy-in
 * "submittable", no extra package), on PGlite through its `/dev/blob` device. A failure rolls everything back.
 */

import type { PGlite, Transaction } from '@electric-sql/pglite';
import type pg from 'pg';
import type { Connection } from './connection';

export interface BulkSession {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Sends rows already written in COPY text format (`copyLine`) into `table (columns)`. */
  copy(table: string, columns: readonly string[], chunks: readonly string[]): Promise<void>;
}

const special = /[\\\n\r\t]/;

/** One field in COPY text format: null → \N; backslash, newline, carriage return and tab escaped. */
export function copyField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  const text = typeof value === 'string' ? value : String(value);
  if (!special.test(text)) return text;
  return text.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

/** One row in COPY text format (with its newline). */
export function copyLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : '\t') + copyField(values[i]);
  return `${line}\n`;
}

/** A PostgreSQL array literal of text values without quotes or commas (role names, codes). */
export function copyTextArray(values: readonly string[]): string {
  return `{${values.join(',')}}`;
}

interface PgConnectionLike {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
}

/** COPY FROM STDIN as a node-postgres submittable: the client hands it the wire when the server asks for data. */
class CopyIn {
  private error: Error | null = null;
  readonly done: Promise<void>;
  private settle!: (error: Error | null) => void;
  constructor(
    private readonly text: string,
    private readonly chunks: readonly string[],
  ) {
    this.done = new Promise((resolve, reject) => {
      this.settle = (error) => (error ? reject(error) : resolve());
    });
  }
  submit(connection: PgConnectionLike) {
    connection.query(this.text);
  }
  handleCopyInResponse(connection: PgConnectionLike) {
    for (const chunk of this.chunks) {
      if (chunk.length > 0) connection.sendCopyFromChunk(Buffer.from(chunk, 'utf8'));
    }
    connection.endCopyFrom();
  }
  handleCommandComplete() {}
  handleError(error: Error) {
    this.error = error;
  }
  handleReadyForQuery() {
    this.settle(this.error);
  }
  // Not expected from a COPY; present so the client never finds them missing.
  handleRowDescription() {}
  handleDataRow() {}
  handleEmptyQuery() {}
  handlePortalSuspended() {}
  handleCopyData() {}
}

const copyStatement = (table: string, columns: readonly string[], source: string) =>
  `copy ${table} (${columns.join(', ')}) from ${source}`;

/** Runs `fn` in one transaction of a bulk session on the connection's database. */
export async function withBulkSession<T>(connection: Connection, fn: (session: BulkSession) => Promise<T>): Promise<T> {
  if (connection.kind === 'postgres') {
    const pool = connection.pool as pg.Pool;
    const client = await pool.connect();
    try {
      await client.query('begin');
      const session: BulkSession = {
        query: async <R>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as R[],
        copy: async (table, columns, chunks) => {
          const copy = new CopyIn(copyStatement(table, columns, 'stdin'), chunks);
          (client as unknown as { query(q: unknown): unknown }).query(copy);
          await copy.done;
        },
      };
      const result = await fn(session);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
  const pglite = connection.pglite as PGlite;
  return pglite.transaction(async (tx: Transaction) => {
    const session: BulkSession = {
      query: async <R>(text: string, params: unknown[] = []) => (await tx.query<R>(text, params)).rows,
      copy: async (table, columns, chunks) => {
        await tx.query(copyStatement(table, columns, "'/dev/blob'"), [], {
          blob: new Blob(chunks as string[]),
        });
      },
    };
    return fn(session);
  });
}

/**
 * For a load much larger than what the tables hold: drops their non-unique secondary indexes and their foreign
 * keys, and returns what puts them back exactly as they were (definitions read from the catalogue before
 * dropping). Each index is then built once by a sort and each foreign key validated by one join, instead of a
 * b-tree insert per index and a key lookup per reference for every row (PostgreSQL's "Populating a Database").
 * Primary keys and unique indexes stay (they guard the load). Inside the session's transaction: a failure
 * rolls the drops back with the rows; the tables are locked (ACCESS EXCLUSIVE) until the commit.
 */
export async function deferIndexes(session: BulkSession, tables: readonly string[]): Promise<() => Promise<void>> {
  const indexes = await session.query<{ name: string; def: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
       from pg_index i join pg_class t on t.oid = i.indrelid join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = current_schema() and t.relname = any($1::text[]) and not i.indisunique and not i.indisprimary
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
      order by 1`,
    [[...tables]],
  );
  const foreignKeys = await session.query<{ table: string; name: string; def: string }>(
    `select c.conrelid::regclass::text as "table", quote_ident(c.conname) as name, pg_get_constraintdef(c.oid) as def
       from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = current_schema() and t.relname = any($1::text[]) and c.contype = 'f'
      order by 1, 2`,
    [[...tables]],
  );
  for (const fk of foreignKeys) await session.query(`alter table ${fk.table} drop constraint ${fk.name}`);
  for (const index of indexes) await session.query(`drop index ${index.name}`);
  return async () => {
    for (const index of indexes) await session.query(index.def);
    for (const fk of foreignKeys) await session.query(`alter table ${fk.table} add constraint ${fk.name} ${fk.def}`);
  };
}
