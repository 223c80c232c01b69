import { type SQL, sql } from 'drizzle-orm';
import { type Connection, type Executor, queryRows } from '../connection';

/**
 * What a database holds, table by table, in a form two engines agree on: the row count and a SHA-256 over
 * the rows' text. Backups record it, restores and the move to PostgreSQL compare it. Computed in SQL, so
 * PGlite (PostgreSQL 18 in WASM) and a PostgreSQL server give the same figures for the same data.
 */
export interface TableFingerprint {
  rows: number;
  /** SHA-256 (hex) of the sorted SHA-256 of each row's text (stored columns only). */
  hash: string;
}

/** Keyed by `schema.table`. */
export type Fingerprints = Record<string, TableFingerprint>;

/** The schemas Congso owns: its tables, drizzle's migrations journal and the pg-boss job queue. */
export const congsoSchemas = ['public', 'drizzle', 'pgboss'] as const;

export interface TableColumn {
  name: string;
  /** As `format_type` writes it, e.g. `timestamp with time zone`. */
  type: string;
  /** Computed by the database (GENERATED ALWAYS AS ...): neither copied nor hashed. */
  generated: boolean;
  identity: boolean;
}

export interface TableInfo {
  schema: string;
  name: string;
  /** `schema.table`, unquoted: the key of fingerprints and messages. */
  qualified: string;
  columns: TableColumn[];
}

/** A double-quoted SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function tableRef(table: Pick<TableInfo, 'schema' | 'name'>): SQL {
  return sql.raw(`${quoteIdent(table.schema)}.${quoteIdent(table.name)}`);
}

/**
 * Text output settings that make `row(...)::text` the same on every server and session: time zone, date and
 * interval styles, float digits, bytea format. Call inside a transaction (they are `SET LOCAL`).
 */
export async function useStableTextOutput(executor: Executor): Promise<void> {
  await executor.execute(sql.raw("set local timezone = 'UTC'"));
  await executor.execute(sql.raw("set local datestyle = 'ISO, YMD'"));
  await executor.execute(sql.raw("set local intervalstyle = 'postgres'"));
  await executor.execute(sql.raw('set local extra_float_digits = 1'));
  await executor.execute(sql.raw("set local bytea_output = 'hex'"));
}

/**
 * `only` selects what to list: a schema name takes its every table, `schema.table` one table. Partitions
 * are reached through their parent table (pg-boss's job table), never listed on their own.
 */
export async function listTables(executor: Executor, only: readonly string[] = congsoSchemas): Promise<TableInfo[]> {
  const schemas = [...new Set(only.map((o) => o.split('.')[0] as string))];
  if (schemas.length === 0) return [];
  const rows = await queryRows<{ schema: string; name: string; columns: TableColumn[] | string }>(
    executor,
    sql`select n.nspname as schema, c.relname as name,
               json_agg(json_build_object(
                 'name', a.attname,
                 'type', format_type(a.atttypid, a.atttypmod),
                 'generated', a.attgenerated <> '',
                 'identity', a.attidentity <> ''
               ) order by a.attnum) as columns
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where c.relkind in ('r', 'p') and not c.relispartition
          and n.nspname in (${sql.join(
            schemas.map((s) => sql`${s}`),
            sql`, `,
          )})
        group by n.nspname, c.relname
        order by n.nspname, c.relname`,
  );
  const wanted = new Set(only);
  return rows
    .map((r) => ({
      schema: r.schema,
      name: r.name,
      qualified: `${r.schema}.${r.name}`,
      columns: typeof r.columns === 'string' ? (JSON.parse(r.columns) as TableColumn[]) : r.columns,
    }))
    .filter((t) => wanted.has(t.schema) || wanted.has(t.qualified));
}

/** The row expression hashed and compared: the stored columns, in table order. */
export function storedRow(table: TableInfo, alias = 't'): SQL {
  const columns = table.columns.filter((c) => !c.generated).map((c) => `${alias}.${quoteIdent(c.name)}`);
  return sql.raw(`row(${columns.join(', ')})`);
}

/**
 * Count and hash of each table. Must run inside a transaction that called `useStableTextOutput` (use
 * `tableFingerprints` otherwise); inside a REPEATABLE READ transaction all tables are read at one instant.
 * Generated columns are left out: they are recomputed from the others, and their functions (unaccent
 * rules) may differ between server versions without any data being different.
 */
export async function fingerprintTables(executor: Executor, only: readonly string[] = congsoSchemas) {
  const result: Fingerprints = {};
  for (const table of await listTables(executor, only)) {
    const [row] = await queryRows<{ rows: string; hash: string }>(
      executor,
      sql`select count(*)::text as rows,
                 encode(sha256(coalesce(string_agg(h, ''::bytea order by h), ''::bytea)), 'hex') as hash
          from (select sha256(convert_to(${storedRow(table)}::text, 'UTF8')) as h from ${tableRef(table)} t) s`,
    );
    result[table.qualified] = { rows: Number(row?.rows ?? 0), hash: row?.hash ?? '' };
  }
  return result;
}

/** Row count and content hash of every table of `only` (default: Congso's schemas), read at one instant. */
export async function tableFingerprints(
  connection: Pick<Connection, 'db'>,
  only: readonly string[] = congsoSchemas,
): Promise<Fingerprints> {
  return connection.db.transaction(
    async (tx) => {
      await useStableTextOutput(tx);
      return fingerprintTables(tx, only);
    },
    { isolationLevel: 'repeatable read' },
  );
}

export interface FingerprintDifference {
  table: string;
  expected: TableFingerprint | null;
  actual: TableFingerprint | null;
}

/** Tables whose figures differ, or that only one side has. Empty when both are the same. */
export function compareFingerprints(expected: Fingerprints, actual: Fingerprints): FingerprintDifference[] {
  const tables = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  const differences: FingerprintDifference[] = [];
  for (const table of tables) {
    const e = expected[table] ?? null;
    const a = actual[table] ?? null;
    if (!e || !a || e.rows !== a.rows || e.hash !== a.hash) differences.push({ table, expected: e, actual: a });
  }
  return differences;
}

/** Tables of `only` (default: the public schema) holding at least one row, with their counts. */
export async function nonEmptyTables(
  executor: Executor,
  only: readonly string[] = ['public'],
): Promise<{ table: string; rows: number }[]> {
  const found: { table: string; rows: number }[] = [];
  for (const table of await listTables(executor, only)) {
    const [row] = await queryRows<{ rows: string }>(
      executor,
      sql`select count(*)::text as rows from ${tableRef(table)}`,
    );
    const rows = Number(row?.rows ?? 0);
    if (rows > 0) found.push({ table: table.qualified, rows });
  }
  return found;
}
