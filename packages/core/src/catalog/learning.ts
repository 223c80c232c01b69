import { type CatalogIndex, readQuery } from './search';

/**
 * Learning from use: what people searched and which procedure they then opened or filed, aggregated per
 * normalised query (no person, no session: a query key, a procedure code, a decayed count). A choice raises
 * that procedure for that query and its close variants (the same content words in any order, fillers and
 * citizens' phrasings read alike), but only past a minimum count, fading with time, and capped, so that a few
 * clicks cannot steer everyone.
 */
export const LEARNING = {
  /** Decayed choices below this count nothing. */
  minimumCount: 5,
  /** A choice weighs half after this many days. */
  halfLifeDays: 30,
  /** The boost given at most (a share of the query's choices, 0..1), before LEARNED_WEIGHT. */
  cap: 0.6,
  /** A procedure filed after the search counts as this many choices (opening one counts 1). */
  filingWeight: 2,
} as const;

/** The key of a query for learning: its content words as the search reads them, sorted, deduplicated. */
export function learningKey(index: CatalogIndex, query: string): string {
  const { words, fillers } = readQuery(index, query);
  return [...new Set(words.filter((w) => !fillers.has(w)))].sort().join(' ').slice(0, 200);
}

/** One aggregated row: a query key, a procedure code, a count decayed to `updatedAt`. */
export interface ChoiceRow {
  queryKey: string;
  code: string;
  weight: number;
  updatedAt: Date;
}

const DAY_MS = 86_400_000;

/** A count decayed from `from` to `to`. */
export function decayed(weight: number, from: Date, to: Date): number {
  const days = Math.max(0, (to.getTime() - from.getTime()) / DAY_MS);
  return weight * 0.5 ** (days / LEARNING.halfLifeDays);
}

/** The row after one more choice at `at` (the stored count decays to `at`, then counts one). */
export function addChoice(row: ChoiceRow | undefined, queryKey: string, code: string, at: Date): ChoiceRow {
  return { queryKey, code, weight: (row ? decayed(row.weight, row.updatedAt, at) : 0) + 1, updatedAt: at };
}

/**
 * The boosts of a query's rows at `at`: each code's share of the decayed choices, when its own decayed count
 * reaches the minimum, capped.
 */
export function learnedBoosts(rows: readonly ChoiceRow[], at: Date): Map<string, number> {
  const now = rows.map((r) => ({ code: r.code, weight: decayed(r.weight, r.updatedAt, at) }));
  const total = now.reduce((sum, r) => sum + r.weight, 0);
  const boosts = new Map<string, number>();
  for (const r of now) {
    if (r.weight < LEARNING.minimumCount) continue;
    boosts.set(r.code, Math.min(LEARNING.cap, r.weight / total));
  }
  return boosts;
}
