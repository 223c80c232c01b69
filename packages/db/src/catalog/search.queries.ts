import { CITIZEN_PHRASES, type CitizenPhrase } from '@congso/core';
import { desc, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.queries';
import type { Database, Executor } from '../connection';
import { searchMisses, settings } from '../schema/index';
import { bumpRevision } from './catalog.queries';

const SYNONYMS_KEY = 'search.synonyms';

/** The province's synonyms (citizens' phrases), with their version; none until first edited (the seed applies). */
export async function getSearchSynonyms(db: Executor): Promise<{ version: number; phrases: CitizenPhrase[] } | null> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, SYNONYMS_KEY));
  const value = row?.value as { version?: number; phrases?: CitizenPhrase[] } | undefined;
  return value?.phrases ? { version: value.version ?? 1, phrases: value.phrases } : null;
}

/**
 * Replace the province's synonyms when the version is still `expectedVersion` (0: never edited). One audit
 * event per change; the catalogue's revision is bumped so every process rebuilds its index with them.
 */
export async function saveSearchSynonyms(
  database: Database,
  options: { phrases: CitizenPhrase[]; expectedVersion: number; actorId: string; now: Date; reason: string },
): Promise<{ version: number } | 'stale'> {
  return database.transaction(async (tx) => {
    const [row] = await tx
      .select({ value: settings.value })
      .from(settings)
      .where(eq(settings.key, SYNONYMS_KEY))
      .for('update');
    const current = row?.value as { version?: number; phrases?: CitizenPhrase[] } | undefined;
    const currentVersion = current?.phrases ? (current.version ?? 1) : 0;
    if (currentVersion !== options.expectedVersion) return 'stale';
    const version = currentVersion + 1;
    const value = { version, phrases: options.phrases };
    await tx
      .insert(settings)
      .values({ key: SYNONYMS_KEY, value, updatedAt: options.now })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: options.now } });
    await bumpRevision(tx, options.now);
    const said = (list: readonly CitizenPhrase[]) =>
      new Set(list.flatMap((p) => p.says.map((s: string) => `${s}→${p.means}`)));
    const before = said(current?.phrases ?? [...CITIZEN_PHRASES]);
    const after = said(options.phrases);
    await recordAudit(tx, {
      occurredAt: options.now,
      actorId: options.actorId,
      action: 'search.synonyms_updated',
      entityType: 'search_synonyms',
      entityId: 'province',
      reason: options.reason,
      data: {
        version,
        added: [...after].filter((s) => !before.has(s)).slice(0, 200),
        removed: [...before].filter((s) => !after.has(s)).slice(0, 200),
      },
    });
    return { version };
  });
}

/** One more search the province should look at (aggregated per key and kind). */
export async function recordSearchMiss(db: Executor, queryKey: string, kind: 'empty' | 'refined', at: Date) {
  await db
    .insert(searchMisses)
    .values({ queryKey, kind, count: 1, lastAt: at })
    .onConflictDoUpdate({
      target: [searchMisses.queryKey, searchMisses.kind],
      set: { count: sql`${searchMisses.count} + 1`, lastAt: at },
    });
}

/** The searches that found nothing or were refined at once, most frequent first. */
export async function listSearchMisses(db: Executor, limit = 100) {
  return db.select().from(searchMisses).orderBy(desc(searchMisses.count), desc(searchMisses.lastAt)).limit(limit);
}
