import { sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../connection';
import { listTables, quoteIdent, type TableInfo, tableRef } from './fingerprints';

/**
 * Copies tables from one database to another (the embedded database to PostgreSQL): every row of every table
 * of `only`, through each row's text form (`row::text` then `text::table`, PostgreSQL's own input and output
 * functions, exact for every type). Both executors must be transactions with `useStableTextOutput`; the
 * target's transaction makes the copy all or nothing. Target tables must exist (migrated) and be empty.
 *
 * Foreign keys of the copied tables are dropped on the target for the copy and added back after it, which
 * checks every reference at once (a plain role can do it on its own tables, unlike
 * `session_replication_role = replica`, which needs a superuser). Sequences get the source's exact state.
 */
export interface CopyOptions {
  /** Rows fetched from the source at a time. */
  fetchRows?: number;
  /** Largest batch sent to the target in one INSERT, in characters of row text. */
  batchChars?: number;
  onTable?: (table: string, rows: number) => void;
}

export interface CopyReport {
  tables: { table: string; rows: number }[];
  foreignKeys: number;
  sequences: number;
}

function signature(table: TableInfo): string {
  return table.columns.map((c) => `${c.name} ${c.type}${c.generated ? ' generated' : ''}`).join(', ');
}

export async function copyTables(
  source: Executor,
  target: Executor,
  only: readonly string[],
  options: CopyOptions = {},
): Promise<CopyReport> {
  const fetchRows = options.fetchRows ?? 500;
  const batchChars = options.batchChars ?? 4_000_000;
  const sourceTables = await listTables(source, only);
  const targetTables = new Map((await listTables(target, only)).map((t) => [t.qualified, t]));
  for (const table of sourceTables) {
    const other = targetTables.get(table.qualified);
    if (!other) throw new Error(`table ${table.qualified} does not exist on the target`);
    if (signature(other) !== signature(table)) {
      throw new Error(
        `table ${table.qualified} differs: source (${signature(table)}) / target (${signature(other)}); migrate both first`,
      );
    }
  }

  const copied = sourceTables.map((t) => `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`);
  const foreignKeys =
    copied.length === 0
      ? []
      : await queryRows<{ table_name: string; name: string; definition: string }>(
          target,
          sql`select conrelid::regclass::text as table_name, conname as name, pg_get_constraintdef(oid) as definition
              from pg_constraint
              where contype = 'f' and conrelid in (${sql.join(
                copied.map((c) => sql`${c}::regclass`),
                sql`, `,
              )})
              order by conrelid::regclass::text, conname`,
        );
  for (const fk of foreignKeys) {
    await target.execute(sql.raw(`alter table ${fk.table_name} drop constraint ${quoteIdent(fk.name)}`));
  }

  const tables: CopyReport['tables'] = [];
  for (const table of sourceTables) {
    const stored = table.columns.filter((c) => !c.generated);
    const columnList = stored.map((c) => quoteIdent(c.name)).join(', ');
    const fields = stored.map((c) => `(x).${quoteIdent(c.name)}`).join(', ');
    const ref = `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
    const overriding = table.columns.some((c) => c.identity) ? ' overriding system value' : '';
    // `offset 0` keeps the cast to one evaluation per row instead of one per column.
    const insert = (rows: string[]) =>
      target.execute(
        sql`${sql.raw(`insert into ${ref} (${columnList})${overriding} select ${fields} from (select r::${ref} as x from unnest(`)}${sql.param(rows)}${sql.raw('::text[]) as u(r) offset 0) v')}`,
      );
    let count = 0;
    await source.execute(sql`declare congso_copy no scroll cursor for select t::text as r from ${tableRef(table)} t`);
    for (;;) {
      const rows = await queryRows<{ r: string }>(source, sql.raw(`fetch forward ${fetchRows} from congso_copy`));
      if (rows.length === 0) break;
      let batch: string[] = [];
      let chars = 0;
      for (const { r } of rows) {
        if (batch.length > 0 && chars + r.length > batchChars) {
          await insert(batch);
          batch = [];
          chars = 0;
        }
        batch.push(r);
        chars += r.length;
      }
      if (batch.length > 0) await insert(batch);
      count += rows.length;
    }
    await source.execute(sql.raw('close congso_copy'));
    tables.push({ table: table.qualified, rows: count });
    options.onTable?.(table.qualified, count);
  }

  for (const fk of foreignKeys) {
    await target.execute(
      sql.raw(`alter table ${fk.table_name} add constraint ${quoteIdent(fk.name)} ${fk.definition}`),
    );
  }

  // Sequences of the schemas copied whole: the next id on the target is the one the source would have given.
  const schemas = only.filter((o) => !o.includes('.'));
  let sequences = 0;
  if (schemas.length > 0) {
    const list = sql.join(
      schemas.map((s) => sql`${s}`),
      sql`, `,
    );
    const query = sql`select n.nspname as schema, c.relname as name from pg_class c
                      join pg_namespace n on n.oid = c.relnamespace
                      where c.relkind = 'S' and n.nspname in (${list}) order by 1, 2`;
    const onTarget = new Set(
      (await queryRows<{ schema: string; name: string }>(target, query)).map((s) => `${s.schema}.${s.name}`),
    );
    for (const seq of await queryRows<{ schema: string; name: string }>(source, query)) {
      if (!onTarget.has(`${seq.schema}.${seq.name}`)) continue;
      const ref = `${quoteIdent(seq.schema)}.${quoteIdent(seq.name)}`;
      const [state] = await queryRows<{ last_value: string; is_called: boolean }>(
        source,
        sql.raw(`select last_value::text as last_value, is_called from ${ref}`),
      );
      if (!state) continue;
      await target.execute(
        sql`select setval(${ref}::regclass, ${state.last_value}::bigint, ${state.is_called}::boolean)`,
      );
      sequences++;
    }
  }
  return { tables, foreignKeys: foreignKeys.length, sequences };
}
