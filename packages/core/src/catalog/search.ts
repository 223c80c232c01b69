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

/**
 * What citizens call a procedure, and the catalogue's words for it (folded, i = y): the phrase in the query is
 * read as the official one ("làm giấy khai sinh" is "đăng ký khai sinh", "báo tử" is "khai tử", "giấy độc thân"
 * is "xác nhận tình trạng hôn nhân"). A longer phrase wins over a shorter one inside it; the query is read
 * once (a replacement is not read again). Written folded (no marks, lower case); y is read as i. Data, not logic:
 * extend it as the search logs teach.
 */
export const CITIZEN_PHRASES: readonly { says: readonly string[]; means: string }[] = [
  { says: ['lam giay khai sinh', 'xin giay khai sinh', 'lam khai sinh'], means: 'dang ki khai sinh' },
  {
    says: ['lam lai giay khai sinh', 'cap lai giay khai sinh', 'xin lai giay khai sinh', 'khai sinh lai'],
    means: 'dang ki lai khai sinh',
  },
  { says: ['khai bao tu', 'giay bao tu', 'bao tu', 'lam giay chung tu', 'giay chung tu'], means: 'khai tu' },
  { says: ['lam giay ket hon', 'xin giay ket hon', 'lam dam cuoi', 'lay vo', 'lay chong'], means: 'dang ki ket hon' },
  {
    says: ['giay xac nhan doc than', 'xac nhan doc than', 'giay doc than', 'chung nhan doc than'],
    means: 'xac nhan tinh trang hon nhan',
  },
  { says: ['nhan con nuoi', 'xin con nuoi', 'lam con nuoi'], means: 'nuoi con nuoi' },
  { says: ['nhan cha con', 'nhan me con', 'nhan con'], means: 'nhan cha me con' },
  {
    says: [
      'thay doi ho ten',
      'thay doi ten',
      'doi ho ten',
      'doi ten',
      'sua ho ten',
      'sua ten',
      'sua ngay sinh',
      'sua giay khai sinh',
      'cai chinh ho tich',
      'sai ten',
    ],
    means: 'thay doi cai chinh bo sung thong tin ho tich',
  },
  { says: ['so do', 'so hong', 'bia do'], means: 'giay chung nhan quyen su dung dat' },
  {
    says: ['nhap ho khau', 'lam ho khau', 'dang ki ho khau', 'chuyen ho khau', 'tach ho khau', 'tach khau'],
    means: 'dang ki thuong tru',
  },
  { says: ['cat ho khau', 'xoa ho khau', 'cat khau'], means: 'xoa dang ki thuong tru' },
  { says: ['cong chung ban sao', 'photo cong chung', 'cong chung giay to'], means: 'chung thuc ban sao' },
  {
    says: ['giay phep kinh doanh', 'dang ki kinh doanh', 'mo cua hang', 'mo quan'],
    means: 'dang ki thanh lap ho kinh doanh',
  },
  {
    says: ['giay phep xay nha', 'xin phep xay nha', 'xay nha'],
    means: 'cap giay phep xay dung moi nha o rieng le',
  },
  {
    says: ['xin phep sua nha', 'sua chua nha', 'sua nha', 'cai tao nha'],
    means: 'giay phep xay dung sua chua cai tao nha o rieng le',
  },
  {
    says: ['can cuoc cong dan', 'chung minh nhan dan', 'chung minh thu', 'cccd', 'cmnd', 'cmt'],
    means: 'the can cuoc',
  },
];

/** One pattern for every citizen phrase, longest first, whole words only. */
const citizenPattern = (() => {
  const meaning = new Map<string, string>();
  const asI = (phrase: string) => phrase.replace(/y/g, 'i');
  for (const { says, means } of CITIZEN_PHRASES) for (const phrase of says) meaning.set(asI(phrase), asI(means));
  const phrases = [...meaning.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b));
  return { meaning, pattern: new RegExp(`(?<= )(?:${phrases.join('|')})(?= )`, 'g') };
})();

/** The query with citizens' phrases read as the catalogue's words (folded input, folded output). */
export function readCitizenPhrases(folded: string): string {
  return ` ${folded} `.replace(citizenPattern.pattern, (phrase) => citizenPattern.meaning.get(phrase) ?? phrase).trim();
}

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
  /** The name's words as written (lower case, i = y), for telling "hưu" from "hữu"; empty when they do not align. */
  markedWords: Set<string>;
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

/** i and y are one letter, with any tone mark: "kỹ" and "kĩ" are one word as written. */
const Y_AS_I: Record<string, string> = { y: 'i', ý: 'í', ỳ: 'ì', ỷ: 'ỉ', ỹ: 'ĩ', ỵ: 'ị' };

/** Words as written, in the order of `words(foldForSearch(text))`: lower case, NFC, i = y, marks kept. */
function markedWordsOf(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[yýỳỷỹỵ]/g, (c) => Y_AS_I[c] ?? c)
    .split(/[^\p{L}\p{N}.]+/u)
    .filter((w) => w.length > 0);
}

/** The marked words of `text` when each folds to the word at its place, else none (odd letters). */
function alignedMarkedWords(text: string, folded: readonly string[]): string[] {
  const marked = markedWordsOf(text);
  const aligned = marked.length === folded.length && marked.every((w, i) => foldForSearch(w) === folded[i]);
  return aligned ? marked : [];
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
      markedWords: new Set(alignedMarkedWords(entry.name, w)),
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
  // are allowed a typo; a four-letter word only two neighbouring letters swapped ("sihn", "kahi").
  const max = query.length >= 8 ? 2 : query.length >= 5 ? 1 : 0;
  if (max > 0 && withinEditDistance(query, word, max)) return 0.6;
  if (query.length === 4 && word.length === 4 && isNeighbourSwap(query, word)) return 0.6;
  return 0;
}

function isNeighbourSwap(a: string, b: string): boolean {
  const differ = [...a].flatMap((c, i) => (c === b[i] ? [] : [i]));
  return (
    differ.length === 2 &&
    differ[1] === (differ[0] as number) + 1 &&
    a[differ[0] as number] === b[differ[1] as number] &&
    a[differ[1] as number] === b[differ[0] as number]
  );
}

/**
 * A folded word with its marks typed as letters, the keyboard not having made them marks: Telex ("ddawngf",
 * "kys": đăng, ký) or VNI ("d9a8ng", "ky1"). A Vietnamese syllable never holds dd, w or a digit, nor s, f, r, x,
 * j or z after its first vowel, so those are read as marks and dropped. Only used for a word the catalogue
 * does not have as typed.
 */
export function dropTypedMarks(word: string): string {
  let w = /[a-z]/.test(word) && /\d/.test(word) ? word.replace(/\d/g, '') : word;
  w = w
    .replace(/dd/g, 'd')
    .replace(/([aeo])\1/g, '$1')
    .replace(/([aou])w/g, '$1')
    // w after the vowel ("dangw": the mark typed at the end) is the vowel's; alone it is ư.
    .replace(/w/g, (_, at: number, all: string) => (/[aeiou]/.test(all.slice(0, at)) ? '' : 'u'));
  const firstVowel = w.search(/[aeiou]/);
  if (firstVowel >= 0) w = w.slice(0, firstVowel + 1) + w.slice(firstVowel + 1).replace(/[sfrxjz]/g, '');
  return w;
}

/** The query's words, each as the catalogue has it when only its typed marks kept it from matching. */
function readTypedMarks(index: CatalogIndex, folded: string): string {
  return words(folded)
    .map((w) => {
      if (index.documentFrequency.has(w)) return w;
      const plain = dropTypedMarks(w);
      return plain !== w && index.documentFrequency.has(plain) ? plain : w;
    })
    .join(' ');
}

export function searchCatalog(
  index: CatalogIndex,
  query: string,
  options: CatalogSearchFilters & { limit?: number; offset?: number } = {},
): { hits: CatalogSearchHit[]; total: number } {
  const limit = options.limit ?? 20;
  const offset = options.offset ?? 0;
  const folded = readTypedMarks(index, foldForSearch(query));
  const agency = options.agency ? foldForSearch(options.agency) : null;
  const passes = (e: IndexedEntry) =>
    (!options.field || e.entry.field === options.field) &&
    (!options.level || e.entry.levels.includes(options.level)) &&
    (!options.serviceMode || e.entry.serviceMode === options.serviceMode) &&
    (!agency || e.agenciesFolded.includes(agency));
  const read = readCitizenPhrases(folded);
  let content = ` ${read} `;
  for (const phrase of QUERY_FILLER_PHRASES) content = content.replaceAll(` ${phrase} `, ' ');
  const qWords = [...new Set(words(content.trim()).length > 0 ? words(content.trim()) : words(read))].slice(0, 12);
  // The words the citizen wrote with their marks ("hưu"), by folded word: a name with the same marks ranks
  // above one that only folds alike ("hữu"). Words without marks, or replaced by a citizen phrase, match
  // every way of writing them.
  const typedMarks = new Map<string, string>();
  for (const w of markedWordsOf(query)) {
    const f = foldForSearch(w);
    if (f !== w && !typedMarks.has(f)) typedMarks.set(f, w);
  }
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
    // A query word that is a word of the catalogue was most likely meant as written: its typo and prefix
    // neighbours ("khung" for "chung", "truyền" for "trú") weigh less, and never more than the word itself.
    const known = index.documentFrequency.has(q);
    const marked = typedMarks.get(q);
    for (const word of index.vocabulary) {
      const m = wordMatch(q, word, i === lastTyped);
      if (m === 0) continue;
      const score =
        m < 1 && known
          ? m * 0.5 * Math.min(weight(word), weight(q)) * queryWeight(q)
          : m * weight(word) * queryWeight(q);
      for (const p of index.postings.get(word) ?? []) {
        const e = index.entries[p.entry] as IndexedEntry;
        const s = marked && m === 1 && e.markedWords.size > 0 && !e.markedWords.has(marked) ? score * 0.6 : score;
        const current = best.get(p.entry);
        if (!current || s > current.score) best.set(p.entry, { score: s, position: p.position });
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
    if (read.length >= 3 && ` ${e.folded} `.includes(` ${read} `)) score *= 1.5;
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
