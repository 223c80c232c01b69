import { foldVietnamese } from '../shared/text';

/**
 * Catalogue search as citizens type: without diacritics, with typos, in their own words ("làm giấy khai
 * sinh cho con"). Whole-string trigram similarity fails on such phrases, so ranking is by words:
 *   - every query word is matched against the words of each procedure's name: exactly, by prefix, or
 *     within a small edit distance (typos); i and y are the same letter for matching (kỹ/kĩ, lý/lí);
 *   - a match counts as much as the word is rare in the catalogue (IDF): "khai", "sinh" weigh more than
 *     "cho" or "giấy";
 *   - consecutive query words found consecutively in the name add a bonus, the whole phrase more;
 *   - ties go to the shorter name (the plain procedure before its variants).
 * Pure: the caller builds the index from the database and keeps it fresh.
 */
/**
 * Words of how people ask ("tôi muốn làm … cho con") rather than of what they ask for: they weigh a
 * tenth (folded, i = y). Data, not logic: extend it as the search logs teach.
 */
export const QUERY_FILLER_WORDS: ReadonlySet<string> = new Set(
  'lam xin muon can cho toi minh em anh chi cua nhu the nao o dau gi de va voi ve bi duoc phai thi la mot nhung cac hoi giup'.split(
    ' ',
  ),
);

/** Phrases naming for whom one asks ("cho con": for my child): dropped from the query (folded, i = y). */
export const QUERY_FILLER_PHRASES: readonly string[] = [
  'cho con',
  'cho chau',
  'cho be',
  'cho vo',
  'cho chong',
  'cho bo',
  'cho me',
  'cho gia dinh',
  'cho nguoi nha',
];

export interface CatalogSearchEntry {
  id: string;
  code: string;
  name: string;
  field: string;
  levels: readonly string[];
  serviceMode: string;
  implementingAgencies: string;
}

interface IndexedEntry {
  entry: CatalogSearchEntry;
  words: string[];
  folded: string;
  fieldFolded: string;
  agenciesFolded: string;
}

export interface CatalogIndex {
  entries: IndexedEntry[];
  /** Word → the entries whose name holds it, with the word's first position there. */
  postings: Map<string, { entry: number; position: number }[]>;
  /** Entry numbers sorted by name (Vietnamese collation), for listing without a query. */
  byName: number[];
  /** Average number of words in a name (for length normalisation). */
  averageLength: number;
  /** Word → number of names containing it. */
  documentFrequency: Map<string, number>;
  vocabulary: string[];
}

export interface CatalogSearchFilters {
  field?: string;
  level?: string;
  serviceMode?: string;
  /** Text of an implementing agency, e.g. "ủy ban nhân dân cấp xã". */
  agency?: string;
}

export interface CatalogSearchHit {
  entry: CatalogSearchEntry;
  score: number;
}

/** Folds for matching: no diacritics, lower case, i = y, punctuation as spaces. */
export function foldForSearch(text: string): string {
  return foldVietnamese(text.normalize('NFC'))
    .replace(/y/g, 'i')
    .replace(/[^a-z0-9.]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function words(folded: string): string[] {
  return folded.split(' ').filter((w) => w.length > 0);
}

export function buildCatalogIndex(entries: readonly CatalogSearchEntry[]): CatalogIndex {
  const documentFrequency = new Map<string, number>();
  const indexed = entries.map((entry) => {
    const folded = foldForSearch(entry.name);
    const w = words(folded);
    for (const word of new Set(w)) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
    return {
      entry,
      words: w,
      folded,
      fieldFolded: foldForSearch(entry.field),
      agenciesFolded: foldForSearch(entry.implementingAgencies),
    };
  });
  const averageLength = indexed.reduce((sum, e) => sum + e.words.length, 0) / Math.max(1, indexed.length);
  const postings = new Map<string, { entry: number; position: number }[]>();
  indexed.forEach((e, entry) => {
    const seen = new Set<string>();
    e.words.forEach((word, position) => {
      if (seen.has(word)) return;
      seen.add(word);
      const list = postings.get(word) ?? [];
      if (list.length === 0) postings.set(word, list);
      list.push({ entry, position });
    });
  });
  const collator = new Intl.Collator('vi');
  const byName = indexed
    .map((_, i) => i)
    .sort(
      (a, b) =>
        collator.compare((indexed[a] as IndexedEntry).entry.name, (indexed[b] as IndexedEntry).entry.name) ||
        (indexed[a] as IndexedEntry).entry.code.localeCompare((indexed[b] as IndexedEntry).entry.code),
    );
  return {
    entries: indexed,
    postings,
    byName,
    documentFrequency,
    vocabulary: [...documentFrequency.keys()],
    averageLength,
  };
}

/** Edit distance with transpositions, giving up past `max`. */
function withinEditDistance(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  const rows = a.length + 1;
  const cols = b.length + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i < rows; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((prev[j] as number) + 1, (current[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (prevPrev[j - 2] as number) + 1);
      }
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return false;
    prevPrev = prev;
    prev = current;
  }
  return (prev[cols - 1] as number) <= max;
}

/**
 * How well a query word matches a name word: 1 exact, 0.8 prefix (only for the word being typed, the
 * last one), 0.7 a typo away, else 0.
 */
function wordMatch(query: string, word: string, isLast: boolean): number {
  if (query === word) return 1;
  if (isLast && query.length >= 3 && word.startsWith(query)) return 0.8;
  // Vietnamese syllables are short and many differ by one letter (khai/khám/thai): only longer words
  // are allowed a typo.
  const max = query.length >= 8 ? 2 : query.length >= 5 ? 1 : 0;
  if (max > 0 && withinEditDistance(query, word, max)) return 0.6;
  return 0;
}

export function searchCatalog(
  index: CatalogIndex,
  query: string,
  options: CatalogSearchFilters & { limit?: number; offset?: number } = {},
): { hits: CatalogSearchHit[]; total: number } {
  const limit = options.limit ?? 20;
  const offset = options.offset ?? 0;
  const folded = foldForSearch(query);
  const agency = options.agency ? foldForSearch(options.agency) : null;
  const passes = (e: IndexedEntry) =>
    (!options.field || e.entry.field === options.field) &&
    (!options.level || e.entry.levels.includes(options.level)) &&
    (!options.serviceMode || e.entry.serviceMode === options.serviceMode) &&
    (!agency || e.agenciesFolded.includes(agency));
  let content = ` ${folded} `;
  for (const phrase of QUERY_FILLER_PHRASES) content = content.replaceAll(` ${phrase} `, ' ');
  const qWords = [...new Set(words(content.trim()).length > 0 ? words(content.trim()) : words(folded))].slice(0, 12);
  if (qWords.length === 0) {
    const listed = index.byName.map((i) => index.entries[i] as IndexedEntry).filter(passes);
    return {
      hits: listed.slice(offset, offset + limit).map((e) => ({ entry: e.entry, score: 0 })),
      total: listed.length,
    };
  }
  const n = Math.max(1, index.entries.length);
  // Squared IDF: a rare word ("rượu", "khai sinh") must outweigh several common ones ("giấy", "cho").
  const weight = (word: string) => Math.log(1 + n / (index.documentFrequency.get(word) ?? 1)) ** 2;
  const queryWeight = (q: string) => (QUERY_FILLER_WORDS.has(q) ? 0.1 : 1);
  const lastTyped = /\s$/.test(query) ? -1 : qWords.length - 1;
  // Per query word, per entry: the best match's score and where it stands in the name.
  const perWord: Map<number, { score: number; position: number }>[] = qWords.map((q, i) => {
    const best = new Map<number, { score: number; position: number }>();
    for (const word of index.vocabulary) {
      const m = wordMatch(q, word, i === lastTyped);
      if (m === 0) continue;
      const score = m * weight(word) * queryWeight(q);
      for (const p of index.postings.get(word) ?? []) {
        const current = best.get(p.entry);
        if (!current || score > current.score) best.set(p.entry, { score, position: p.position });
      }
    }
    return best;
  });
  const codeQuery = /^\d+\.\d{6}$/.test(query.trim()) ? query.trim() : null;
  const touched = new Set<number>();
  for (const m of perWord) for (const entry of m.keys()) touched.add(entry);
  if (codeQuery) {
    for (const [i, e] of index.entries.entries()) if (e.entry.code === codeQuery) touched.add(i);
  }
  const hits: CatalogSearchHit[] = [];
  for (const i of touched) {
    const e = index.entries[i] as IndexedEntry;
    if (!passes(e)) continue;
    let score = 0;
    const scores: number[] = [];
    const positions: (number | null)[] = [];
    qWords.forEach((q, w) => {
      const m = perWord[w]?.get(i);
      let best = m?.score ?? 0;
      // A word of the field ("hộ tịch") counts a little when the name lacks it.
      if (best === 0 && q.length >= 3 && ` ${e.fieldFolded} `.includes(` ${q} `)) best = 0.3 * weight(q);
      score += best;
      scores.push(best);
      positions.push(m ? m.position : null);
    });
    for (let k = 0; k + 1 < positions.length; k++) {
      const a = positions[k];
      const b = positions[k + 1];
      if (a !== null && a !== undefined && b !== null && b !== undefined && b === a + 1) {
        score += 0.5 * ((scores[k] as number) + (scores[k + 1] as number));
      }
    }
    if (folded.length >= 3 && ` ${e.folded} `.includes(` ${folded} `)) score *= 1.5;
    // BM25-style length normalisation: a long name that happens to hold every common word does not win.
    score *= (1.2 + 1) / (1 + 1.2 * (0.25 + (0.75 * e.words.length) / index.averageLength));
    if (codeQuery === e.entry.code) score += 1000;
    // Shorter names first among equals: the plain procedure before its special cases.
    score -= e.words.length * 0.01;
    if (score > 0) hits.push({ entry: e.entry, score });
  }
  hits.sort((a, b) => b.score - a.score || a.entry.code.localeCompare(b.entry.code));
  // Drop the long tail that only shares a common word with the query.
  const top = hits[0]?.score ?? 0;
  const kept = hits.filter((h) => h.score >= top * 0.35);
  return { hits: kept.slice(offset, offset + limit), total: kept.length };
}
