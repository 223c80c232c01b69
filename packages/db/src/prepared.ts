import { is, type SQL } from 'drizzle-orm';
import { type PgDialect, PgTransaction } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { type Executor, queryRows } from './connection';

interface Runnable<T> {
  execute(values?: Record<string, unknown>): Promise<T>;
}
interface Preparable<T> extends Runnable<T> {
  prepare(name: string): Runnable<T>;
}

const preparedByHandle = new WeakMap<object, Map<string, Runnable<unknown>>>();

/**
 * Runs a hot query written with `sql.placeholder`s, prepared once per database handle: Drizzle builds its SQL
 * once instead of on every call (building is most of a small query's cost in Node), and on PostgreSQL it is a
 * named statement that each pooled connection parses once. Inside a transaction (a short-lived handle) the
 * query is built and run as usual. `name` must be unique to the query (it names the PostgreSQL statement).
 */
export function runPrepared<T>(
  db: Executor,
  name: string,
  build: (db: Executor) => Preparable<T>,
  values: Record<string, unknown>,
): Promise<T> {
  if (is(db, PgTransaction)) return build(db).execute(values);
  let byName = preparedByHandle.get(db);
  if (!byName) {
    byName = new Map();
    preparedByHandle.set(db, byName);
  }
  let statement = byName.get(name) as Runnable<T> | undefined;
  if (!statement) {
    statement = build(db).prepare(name);
    byName.set(name, statement);
  }
  return statement.execute(values);
}

/** What a Drizzle handle keeps of its driver (node-postgres: a pool, or in a transaction the pooled client). */
interface DriverHandle {
  dialect: PgDialect;
  session: { client: unknown };
}

/**
 * Runs a raw query as the named statement `name` on PostgreSQL, in or out of a transaction: each pooled
 * connection parses it once and plans it once (the pool sets `plan_cache_mode = force_generic_plan`, see
 * `connect`). For the few large statements that run many times a second (a group of filings' writes), where parsing
 * and planning a statement of a few kilobytes each time is a visible share of the database's work. Its text
 * must not vary (values go as parameters). On the embedded database it runs as `queryRows`. Rows come with
 * node-postgres' own types (timestamps as Date, bigint as text).
 */
export async function queryNamedRows<T>(executor: Executor, name: string, query: SQL): Promise<T[]> {
  const client = nodePostgresClient(executor);
  if (!client) return queryRows<T>(executor, query);
  const { sql: text, params } = (executor as unknown as DriverHandle).dialect.sqlToQuery(query);
  const result = await client.query<T & pg.QueryResultRow>({ name, text, values: params });
  return result.rows;
}

/**
 * The node-postgres pool (or, in a transaction, the pooled client) behind a handle; undefined on the embedded
 * database. For a statement built by another library (pg-boss's insert) to run as a named statement.
 */
export function nodePostgresClient(executor: Executor): pg.Pool | pg.Client | undefined {
  const client = (executor as unknown as Partial<DriverHandle>).session?.client;
  return client instanceof pg.Pool || client instanceof pg.Client ? client : undefined;
}
