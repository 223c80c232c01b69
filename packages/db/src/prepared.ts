import { is } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Executor } from './connection';

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
