import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../connection';
import { migrationsFolder } from '../migrate';

/** Which migrations a database has, by the tags of this build's journal. */
export interface MigrationLevel {
  /** How many migrations the database has applied. */
  applied: number;
  /** Tag of the last one applied (`0005_files_notifications`), or its timestamp when this build does not know it. */
  last: string | null;
  /** Migrations of this build the database has not applied yet (the server applies them at start). */
  pending: number;
  /** Applied migrations this build does not know: the database was written by a newer Congso. */
  unknown: number;
}

interface JournalEntry {
  tag: string;
  when: number;
}

export function migrationJournal(): JournalEntry[] {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: JournalEntry[];
  };
  return journal.entries.map((e) => ({ tag: e.tag, when: e.when }));
}

export async function migrationLevel(executor: Executor): Promise<MigrationLevel> {
  const journal = migrationJournal();
  const [exists] = await queryRows<{ present: boolean }>(
    executor,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  const applied = exists?.present
    ? await queryRows<{ created_at: string | number }>(
        executor,
        sql`select created_at from drizzle.__drizzle_migrations order by created_at`,
      )
    : [];
  const byWhen = new Map(journal.map((e) => [e.when, e.tag]));
  const appliedWhen = applied.map((r) => Number(r.created_at));
  const last = appliedWhen.at(-1);
  const lastApplied = last === undefined ? 0 : last;
  return {
    applied: appliedWhen.length,
    last: last === undefined ? null : (byWhen.get(last) ?? String(last)),
    // drizzle applies every journal entry newer than the last one applied.
    pending: journal.filter((e) => e.when > lastApplied).length,
    unknown: appliedWhen.filter((w) => !byWhen.has(w)).length,
  };
}
