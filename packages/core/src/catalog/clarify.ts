import { type CatalogSearchEntry, type CatalogSearchHit, foldForSearch, nameForMatching } from './search';

/**
 * What the portal does with a search's first results: show them (a good match), ask a short question that
 * separates near-equal candidates (close), or say that nothing fits and offer the fields and the lookup
 * (none) rather than loose matches. Pure: from the hits `searchCatalog` ranked.
 */
export type MatchQuality = 'good' | 'close' | 'none';

/** A text in both languages. */
export interface Message {
  vi: string;
  en: string;
}

export interface ClarifyingOption {
  label: Message;
  /** The candidates this answer keeps, best first. */
  codes: string[];
}

export interface ClarifyingQuestion {
  /** What tells the candidates apart. */
  facet: 'foreign' | 'age' | 'again' | 'building' | 'applicant' | 'field' | 'level' | 'name';
  text: Message;
  options: ClarifyingOption[];
}

export interface SearchAssessment {
  quality: MatchQuality;
  question: ClarifyingQuestion | null;
}

/**
 * Calibrated on the query set (bench/data/search-queries.tsv, tuned part: every right first answer has coverage
 * ≥ 0.2 and a word found as typed in its name) and on requests the catalogue does not answer ("điện thoại",
 * "đặt pizza", "mật khẩu facebook"): nothing fits when the first hit explains less than a fifth of the query, or
 * none of the query's words is in its name as typed (only typos, prefixes or words outside the name).
 */
export const MATCH_THRESHOLDS = {
  minCoverage: 0.2,
  /** Candidates whose score is at least this share of the first one's are close to it. */
  closeRatio: 0.8,
  /** At most this many candidates are asked between. */
  maxCandidates: 4,
} as const;

/** The assessment of a search's hits (best first, as ranked). */
export function assessSearch(hits: readonly CatalogSearchHit[]): SearchAssessment {
  const top = hits[0];
  if (!top || top.coverage < MATCH_THRESHOLDS.minCoverage || top.anchor === 0)
    return { quality: 'none', question: null };
  const close = hits
    .slice(0, MATCH_THRESHOLDS.maxCandidates)
    .filter((h) => h.score >= top.score * MATCH_THRESHOLDS.closeRatio);
  if (close.length < 2) return { quality: 'good', question: null };
  return { quality: 'close', question: clarifyingQuestion(close.map((h) => h.entry)) };
}

/**
 * When nothing fits: the fields of the hits that would not be "none" on their own (a word of the query as typed in
 * the name, and the coverage asked for), at most 3. A hit found by a typo, a prefix or a word outside its name
 * ("điện thoại" a letter away from "thoát"), or by one common word ("điện" of "bưu điện"), says nothing of the field
 * asked for: then none is offered, and the portal says that nothing fits and offers the lookup.
 */
export function closestFields(hits: readonly CatalogSearchHit[], limit = 3): string[] {
  const near = hits.filter((h) => h.anchor > 0 && h.coverage >= MATCH_THRESHOLDS.minCoverage);
  return [...new Set(near.map((h) => h.entry.field))].slice(0, limit);
}

interface Facet {
  facet: ClarifyingQuestion['facet'];
  text: Message;
  /** The option each candidate falls under (a key), or null when the facet does not say. */
  optionOf: (entry: CatalogSearchEntry, name: string) => string | null;
  labels: Record<string, Message>;
}

const has = (name: string, phrase: string) => ` ${name} `.includes(` ${phrase} `);

/** The facets tried in order: the first that splits the candidates asks the question. */
const FACETS: Facet[] = [
  {
    facet: 'foreign',
    text: {
      vi: 'Việc này có yếu tố nước ngoài không (một bên là người nước ngoài, hoặc đang ở nước ngoài)?',
      en: 'Is there a foreign element (someone is a foreigner, or lives abroad)?',
    },
    optionOf: (_, name) => (has(name, 'ieu to nuoc ngoai') || has(name, 'nguoi nuoc ngoai') ? 'yes' : 'no'),
    labels: {
      no: { vi: 'Không, đều ở Việt Nam', en: 'No, all in Viet Nam' },
      yes: { vi: 'Có yếu tố nước ngoài', en: 'Yes, a foreign element' },
    },
  },
  {
    facet: 'age',
    text: { vi: 'Bạn làm cho bản thân hay cho con?', en: 'Is it for yourself or for a child?' },
    optionOf: (_, name) =>
      has(name, 'duoi 14 tuoi') || has(name, 'tre em') ? 'child' : has(name, 'tu du 14 tuoi') ? 'self' : null,
    labels: {
      self: { vi: 'Cho bản thân (từ đủ 14 tuổi)', en: 'For myself (14 or older)' },
      child: { vi: 'Cho con (dưới 14 tuổi)', en: 'For a child (under 14)' },
    },
  },
  {
    facet: 'again',
    text: { vi: 'Bạn làm lần đầu, làm lại hay đổi?', en: 'Is it the first time, again, or an exchange?' },
    optionOf: (_, name) =>
      /\b(cap|dang ki) lai\b/.test(name) ? 'again' : /\bcap doi\b/.test(name) ? 'exchange' : 'first',
    labels: {
      first: { vi: 'Lần đầu', en: 'First time' },
      again: { vi: 'Làm lại (bị mất, hỏng, sổ gốc không còn)', en: 'Again (lost, damaged, record gone)' },
      exchange: { vi: 'Đổi (hết hạn, thay đổi thông tin)', en: 'Exchange (expired, details changed)' },
    },
  },
  {
    facet: 'building',
    text: { vi: 'Công trình của bạn thuộc loại nào?', en: 'What kind of building is it?' },
    optionOf: (_, name) =>
      has(name, 'cap iii') || has(name, 'cap iv') || has(name, 'nha o rieng le')
        ? 'small'
        : has(name, 'cap dac biet') || has(name, 'cap i') || has(name, 'cap ii')
          ? 'large'
          : 'other',
    labels: {
      small: { vi: 'Nhà ở riêng lẻ, công trình cấp III, IV', en: 'A house, or a grade III–IV building' },
      large: { vi: 'Công trình cấp đặc biệt, cấp I, cấp II', en: 'A special, grade I or II building' },
      other: { vi: 'Công trình khác (đường sắt, chuyên ngành)', en: 'Another kind (railway, specialised)' },
    },
  },
  {
    facet: 'applicant',
    text: { vi: 'Bạn làm với tư cách nào?', en: 'Who is applying?' },
    optionOf: (entry) =>
      (entry.applicantKinds ?? []).length === 0
        ? null
        : (entry.applicantKinds ?? []).some((k) => /^công dân/iu.test(k.trim()))
          ? 'person'
          : 'organisation',
    labels: {
      person: { vi: 'Cá nhân, hộ gia đình', en: 'A person or household' },
      organisation: { vi: 'Cơ quan, tổ chức, doanh nghiệp', en: 'An agency, organisation or business' },
    },
  },
  {
    facet: 'level',
    text: { vi: 'Bạn nộp hồ sơ ở đâu?', en: 'Where do you file it?' },
    optionOf: (entry) =>
      entry.levels.includes('commune') ? 'commune' : entry.levels.includes('province') ? 'province' : null,
    labels: {
      commune: { vi: 'Ở xã, phường', en: 'At the commune or ward' },
      province: { vi: 'Ở tỉnh', en: 'At the province' },
    },
  },
];

/**
 * A short question that separates near-equal candidates (best first), from what differs between their names
 * and fields: a foreign element, for whom, first time or again, the building's grade, who applies, the field,
 * the level; else which of the names. Null for fewer than two candidates.
 */
export function clarifyingQuestion(candidates: readonly CatalogSearchEntry[]): ClarifyingQuestion | null {
  if (candidates.length < 2) return null;
  const names = candidates.map((c) => foldForSearch(nameForMatching(c.name)));
  for (const f of FACETS) {
    const keys = candidates.map((c, i) => f.optionOf(c, names[i] as string));
    if (keys.some((k) => k === null)) continue;
    // "Another kind" comes last, after the options the facet names.
    const groups = groupBy(candidates, keys as string[]).sort(
      ([a], [b]) => Number(a === 'other') - Number(b === 'other'),
    );
    if (groups.length < 2) continue;
    return {
      facet: f.facet,
      text: f.text,
      options: groups.map(([key, codes]) => ({ label: f.labels[key] as Message, codes })),
    };
  }
  const fields = groupBy(
    candidates,
    candidates.map((c) => c.field),
  );
  if (fields.length >= 2) {
    return {
      facet: 'field',
      text: { vi: 'Việc của bạn thuộc lĩnh vực nào?', en: 'Which field is it about?' },
      options: fields.map(([field, codes]) => ({ label: { vi: field, en: field }, codes })),
    };
  }
  return {
    facet: 'name',
    text: { vi: 'Bạn cần thủ tục nào?', en: 'Which procedure do you need?' },
    options: candidates.map((c) => ({ label: { vi: c.name, en: c.name }, codes: [c.code] })),
  };
}

/** Candidates grouped by key, in the order each key first appears (so the best candidate's group comes first). */
function groupBy(candidates: readonly CatalogSearchEntry[], keys: readonly string[]): [string, string[]][] {
  const groups = new Map<string, string[]>();
  candidates.forEach((c, i) => {
    const key = keys[i] as string;
    groups.set(key, [...(groups.get(key) ?? []), c.code]);
  });
  return [...groups];
}
