import { readFileSync } from 'node:fs';

/**
 * The citizens' query set (bench/data/search-queries.tsv): each query with the procedure codes that answer it.
 * About one query in five is held out, chosen by a hash of the query (not by its place in the file, so adding
 * queries does not move the others): the ranking is never tuned on those, and they are reported apart.
 */
export interface EvalQuery {
  query: string;
  codes: string[];
  heldOut: boolean;
}

/** FNV-1a of the query's UTF-8 bytes. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

export const isHeldOut = (query: string) => fnv1a(query) % 5 === 0;

/**
 * The second held-out set (bench/data/search-queries-unseen.tsv): requests written after the first set, measured
 * before the ranking was tuned again and never tuned on. Every query in it is held out.
 */
export const UNSEEN_QUERIES = new URL('../data/search-queries-unseen.tsv', import.meta.url);

/**
 * The third held-out set (bench/data/search-queries-unseen2.tsv): written, over many fields and both levels, before
 * the ranking was next tuned and measured once before it. Every query in it is held out; only its aggregate figures
 * are read.
 */
export const UNSEEN2_QUERIES = new URL('../data/search-queries-unseen2.tsv', import.meta.url);

export function loadSearchQueries(
  file: URL = new URL('../data/search-queries.tsv', import.meta.url),
  options: { allHeldOut?: boolean } = {},
): EvalQuery[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [query, codes] = line.split('\t') as [string, string];
      return { query, codes: codes.trim().split('|'), heldOut: options.allHeldOut === true || isHeldOut(query) };
    });
}

export interface EvalFigures {
  queries: number;
  hitAt1: number;
  hitAt3: number;
  p50Ms: number;
  p95Ms: number;
  /** Queries whose answer is not in the top three (query → first code found). */
  misses: string[];
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number);
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Runs every query through `search` (the codes it ranks first, best first) and scores the part asked for. */
export async function evaluateSearch(
  queries: readonly EvalQuery[],
  search: (query: string) => Promise<string[]> | string[],
): Promise<{ tuned: EvalFigures; heldOut: EvalFigures }> {
  const runs: { q: EvalQuery; found: string[]; ms: number }[] = [];
  for (const q of queries) {
    const started = performance.now();
    const found = await search(q.query);
    runs.push({ q, found, ms: performance.now() - started });
  }
  const figures = (part: typeof runs): EvalFigures => {
    const at = (k: number) => part.filter((r) => r.found.slice(0, k).some((c) => r.q.codes.includes(c))).length;
    const ms = part.map((r) => r.ms).sort((a, b) => a - b);
    return {
      queries: part.length,
      hitAt1: round(at(1) / Math.max(1, part.length), 3),
      hitAt3: round(at(3) / Math.max(1, part.length), 3),
      p50Ms: round(percentile(ms, 50), 2),
      p95Ms: round(percentile(ms, 95), 2),
      misses: part
        .filter((r) => !r.found.slice(0, 3).some((c) => r.q.codes.includes(c)))
        .map((r) => `${r.q.query} → ${r.found[0] ?? '∅'} (want ${r.q.codes.join('|')})`),
    };
  };
  return { tuned: figures(runs.filter((r) => !r.q.heldOut)), heldOut: figures(runs.filter((r) => r.q.heldOut)) };
}
