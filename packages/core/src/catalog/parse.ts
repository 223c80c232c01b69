/**
 * Pure parsers for the national portal's (dichvucong.gov.vn) procedure pages, whose tables reach us as
 * flattened text: cells glued together without separators, e.g.
 *
 *   cach_thuc_thuc_hien: "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp7 NgàyKhông có thông tinNộp trực tiếp..."
 *   thanh_phan_ho_so:    "--Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai (Mẫu CT01)MauCT01.doc1 bản chính"
 *
 * The parsers never throw: each returns the value it could read and a list of warnings. All text is
 * normalised to NFC (part of the portal's text is NFD) with single spaces.
 */
import {
  type Channel,
  type Deadline,
  type DeadlineUnit,
  type Fee,
  type LegalReference,
  PROCEDURE_LEVEL_LABELS,
  type ProcedureLevel,
  type RequiredDocument,
  type ResultDocument,
  type ServiceMode,
} from './procedure';

export const parseWarningKinds = [
  'deadline_missing', // no deadline published ("Không có thông tin", "Không quy định", empty)
  'deadline_unrecognised', // text with no deadline we could read
  'deadline_unit_missing', // a bare number ("1"): read as working days
  'deadline_converted', // months or weeks turned into calendar days
  'deadline_fractional_days', // "0,5 ngày" without "làm việc": read as working days
  'deadline_range', // "từ 05 đến 07 ngày": the upper bound is kept
  'deadline_multiple', // several different deadlines in one text: the first is kept
  'deadline_from_description', // the time cell was empty, the channel's description gave the deadline
  'fee_missing', // no fee published ("Không có thông tin", empty)
  'fee_unrecognised', // text with no amount we could read
  'fee_set_by_province', // "Miễn phí" but the explanation says the provincial council sets the fee
  'fee_foreign_currency', // amounts in USD: amountVnd is null
  'fee_multiple_amounts', // several different amounts: the first is kept
  'fee_amount_mismatch', // the amount cell disagrees with its explanation ("20 VNĐ (20.000 đ/tờ khai)")
  'channel_table_header_missing',
  'channel_time_fee_glued', // "Trực tuyến120 VNĐ": time "1" and fee "20 VNĐ" glued together
  'channel_duplicate',
  'channel_unparsed_text', // text before the first channel row
  'documents_table_missing', // no "Tên giấy tờ / Mẫu đơn, tờ khai / Số lượng" table
  'document_count_missing', // a row without "N bản chính/sao"
  'result_code_missing', // a result without "Mã: KQ...."
  'results_missing',
  'legal_number_missing', // a legal text without a number and notation
  'level_unknown',
] as const;
export type ParseWarningKind = (typeof parseWarningKinds)[number];

export interface ParseWarning {
  kind: ParseWarningKind;
  /** A short excerpt of the text concerned. */
  detail: string;
}

export interface Parsed<T> {
  value: T;
  warnings: ParseWarning[];
}

const warn = (kind: ParseWarningKind, detail: string): ParseWarning => ({ kind, detail: excerpt(detail) });

function excerpt(s: string, max = 120): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** NFC, non-breaking and other spaces → ASCII space, runs of white space → one space, trimmed. */
export function normalizeText(input: string | null | undefined): string {
  if (input == null) return '';
  return String(input)
    .normalize('NFC')
    .replace(/[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+/gu, ' ')
    .trim();
}

const NO_INFO = /^(không có thông tin|không quy định|không có|không|chưa có thông tin|\.|-+)$/i;

// ---------------------------------------------------------------------------------------------------------
// Deadlines

const UNIT_WORDS = '(ngày làm việc|ngày|giờ làm việc|giờ|tháng|tuần)';
/** A number, an optional "(hai)" in words, and a unit: "02 (hai) ngày làm việc", "0,5 ngày". */
const NUMERIC_DEADLINE = new RegExp(
  `(\\d+(?:[.,]\\d{1,2})?)(?:\\s*(?:-|–|đến|tới)\\s*(\\d+(?:[.,]\\d{1,2})?))?\\s*(?:\\([^()\\d]{1,20}\\)\\s*)?${UNIT_WORDS}`,
  'giu',
);
/** "Trong ngày", "Ngay trong ngày làm việc", "trả ngay", "giải quyết ngay" (same day). */
const SAME_DAY =
  /(ngay trong ngày|trong ngày|trong buổi|trả kết quả ngay|giải quyết ngay|ngay sau khi)( làm việc)?( tiếp theo)?/iu;

function toNumber(s: string): number {
  return Number(s.replace(',', '.'));
}

function deadlineOf(amount: number, unit: DeadlineUnit, text: string): Deadline {
  const zero = unit === 'same_day' || unit === 'none';
  return { amount: zero ? 0 : amount, unit, calendarDays: unit === 'days', text };
}

/**
 * Reads a deadline from a time cell ("5 Ngày làm việc", "7 Ngày", "1 Giờ", "1") or a phrase ("03 ngày làm việc
 * kể từ ngày nhận đủ hồ sơ hợp lệ", "Ngay trong ngày làm việc", "Không quá 10 ngày"). "ngày" without "làm
 * việc" counts calendar days. The first deadline in the text wins.
 */
export function parseDeadline(input: string | null | undefined): Parsed<Deadline> {
  const text = normalizeText(input);
  const warnings: ParseWarning[] = [];
  if (text === '' || NO_INFO.test(text) || /^không phải trả kết quả/i.test(text)) {
    return { value: deadlineOf(0, 'none', text), warnings: [warn('deadline_missing', text || '(empty)')] };
  }
  const bare = /^(\d+(?:[.,]\d{1,2})?)\.?$/.exec(text);
  if (bare) {
    warnings.push(warn('deadline_unit_missing', text));
    return { value: deadlineOf(toNumber(bare[1] ?? '0'), 'working_days', text), warnings };
  }

  // "ngày 05 tháng 6 năm 2025" is a date, not a deadline of 5 months.
  const numeric = [...text.matchAll(NUMERIC_DEADLINE)].filter(
    (m) => !(/^tháng$/iu.test(m[3] ?? '') && /^\s*\d/u.test(text.slice((m.index ?? 0) + m[0].length))),
  );
  const sameDay = SAME_DAY.exec(text);
  const first = numeric[0];
  if (sameDay && (!first || sameDay.index < (first.index ?? 0))) {
    // "trả kết quả trong ngày làm việc tiếp theo" = by the end of the next working day.
    if (sameDay[3]) return { value: deadlineOf(1, 'working_days', text), warnings };
    return { value: deadlineOf(0, 'same_day', text), warnings };
  }
  if (!first) {
    return { value: deadlineOf(0, 'none', text), warnings: [warn('deadline_unrecognised', text)] };
  }
  const read = (m: RegExpMatchArray): Deadline => {
    const unitWord = (m[3] ?? '').toLowerCase();
    const amount = toNumber(m[2] ?? m[1] ?? '0');
    switch (unitWord) {
      case 'ngày làm việc':
        return deadlineOf(amount, 'working_days', text);
      case 'giờ':
      case 'giờ làm việc':
        return deadlineOf(amount, 'hours', text);
      case 'tháng':
        return deadlineOf(amount * 30, 'days', text);
      case 'tuần':
        return deadlineOf(amount * 7, 'days', text);
      default:
        return Number.isInteger(amount) ? deadlineOf(amount, 'days', text) : deadlineOf(amount, 'working_days', text);
    }
  };
  const value = read(first);
  const unitWord = (first[3] ?? '').toLowerCase();
  if (unitWord === 'tháng' || unitWord === 'tuần') warnings.push(warn('deadline_converted', first[0]));
  if (unitWord === 'ngày' && !Number.isInteger(value.amount)) warnings.push(warn('deadline_fractional_days', first[0]));
  if (first[2]) warnings.push(warn('deadline_range', first[0]));
  const others = numeric.slice(1).map(read);
  if (others.some((d) => d.amount !== value.amount || d.unit !== value.unit)) {
    warnings.push(warn('deadline_multiple', text));
  }
  return { value, warnings };
}

// ---------------------------------------------------------------------------------------------------------
// Fees

const MONEY =
  /(\d{1,3}(?:[.,]\d{3})+|\d+(?:,\d{1,2})?)\s*(triệu đồng|nghìn đồng|ngàn đồng|việt nam đồng|vnđ|vnd|đồng|đ\b|đ(?=\/)|usd)/giu;

interface Amount {
  value: number;
  currency: 'VND' | 'USD';
  index: number;
}

function readAmounts(text: string): Amount[] {
  const out: Amount[] = [];
  for (const m of text.matchAll(MONEY)) {
    const raw = m[1] ?? '';
    const unit = (m[2] ?? '').toLowerCase();
    // "1,5 triệu đồng": a decimal comma; "25,000" and "8.000": thousands separators.
    let value = /^\d+,\d{1,2}$/.test(raw) ? Number(raw.replace(',', '.')) : Number(raw.replace(/[.,]/g, ''));
    if (unit === 'triệu đồng') value *= 1_000_000;
    if (unit === 'nghìn đồng' || unit === 'ngàn đồng') value *= 1_000;
    value = Math.round(value);
    out.push({ value, currency: unit === 'usd' ? 'USD' : 'VND', index: m.index ?? 0 });
  }
  return out;
}

const FREE =
  /^(miễn phí|miễn lệ phí|miễn thu|không thu( phí| lệ phí)?|không mất phí|không phải nộp( phí| lệ phí)?|0 ?(đồng|vnđ))/iu;
const SET_BY_PROVINCE = /hội đồng nhân dân|hđnd/iu;

/**
 * Reads a fee: "Lệ phí : 8.000 Đồng", "Miễn lệ phí", "Không", "50.000 đồng/bản", "25,000 Việt Nam Đồng(/giao
 * dịch)", "Miễn phí(Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh ... quyết định...)". Keeps the text and a best
 * amount: the first VND amount; 0 when free; null when unknown, in USD, or set by the provincial council.
 */
export function parseFee(input: string | null | undefined): Parsed<Fee> {
  const text = normalizeText(input);
  const warnings: ParseWarning[] = [];
  if (text === '' || /^không có thông tin/i.test(text) || /^không quy định$/i.test(text)) {
    return { value: { amountVnd: null, text }, warnings: [warn('fee_missing', text || '(empty)')] };
  }
  // The amount cell is the text before the explanation in parentheses.
  const paren = text.indexOf('(');
  const cell = paren >= 0 ? text.slice(0, paren).trim() : text;
  const explanation = paren >= 0 ? text.slice(paren) : '';
  if (FREE.test(cell) || NO_INFO.test(cell)) {
    if (SET_BY_PROVINCE.test(explanation)) {
      warnings.push(warn('fee_set_by_province', explanation));
      return { value: { amountVnd: null, text }, warnings };
    }
    return { value: { amountVnd: 0, text }, warnings };
  }
  const amounts = readAmounts(text);
  if (amounts.length === 0) {
    if (/%/.test(text) || SET_BY_PROVINCE.test(text)) warnings.push(warn('fee_set_by_province', text));
    else warnings.push(warn('fee_unrecognised', text));
    return { value: { amountVnd: null, text }, warnings };
  }
  const vnd = amounts.filter((a) => a.currency === 'VND');
  if (vnd.length === 0) {
    warnings.push(warn('fee_foreign_currency', text));
    return { value: { amountVnd: null, text }, warnings };
  }
  const cellAmounts = vnd.filter((a) => paren < 0 || a.index < paren);
  const explained = vnd.filter((a) => paren >= 0 && a.index > paren);
  let best = (cellAmounts[0] ?? vnd[0]) as Amount;
  const firstExplained = explained[0];
  if (cellAmounts.length > 0 && firstExplained && firstExplained.value !== best.value && best.value < 1000) {
    // The portal shows "20 VNĐ" with "(20.000 đ/tờ khai)": trust the explanation.
    warnings.push(warn('fee_amount_mismatch', text));
    best = firstExplained;
  }
  if (new Set(vnd.map((a) => a.value)).size > 1) warnings.push(warn('fee_multiple_amounts', text));
  return { value: { amountVnd: best.value, text }, warnings };
}

// ---------------------------------------------------------------------------------------------------------
// The "Cách thức thực hiện" table: one row per channel with time, fee and description

export interface ChannelTerms {
  channel: Channel;
  deadline: Deadline;
  fee: Fee;
  /** The "Mô tả" cell, possibly empty. */
  description: string;
}

const CHANNEL_HEADER = /^Hình thức nộp\s*Thời gian\s*Phí, lệ phí\s*Mô tả/u;
const CHANNEL_BY_LABEL: Readonly<Record<string, Channel>> = {
  'Trực tiếp': 'counter',
  'Trực tuyến': 'online',
  'Dịch vụ bưu chính': 'postal',
};
/** A channel label that starts a row: followed by its time cell (a digit or "Không ..."/"Trong ngày"). */
const CHANNEL_ROW = /(Trực tiếp|Trực tuyến|Dịch vụ bưu chính)(?=\s?(?:\d|Không|Trong ngày|Ngay))/gu;
const TIME_CELL =
  /^(\d+(?:[.,]\d{1,2})?\s*(?:Ngày làm việc|Ngày|Giờ làm việc|Giờ|Tháng|Tuần)|Không có thông tin|Không quy định|Không phải trả kết quả cho người nộp thuế|Trong ngày|Ngay trong ngày(?: làm việc)?|Không(?=[\s\p{Lu}])|\d+(?:[.,]\d)?(?=\s*(?:Miễn|Không|VNĐ|\p{Lu})))/u;
const FEE_CELL = /^\s*(Miễn phí|Miễn lệ phí|Không có thông tin|Không|(?:[\d.,]+\s*)?(?:Việt Nam Đồng|VNĐ|Đồng|USD))/u;

/** Length of a balanced "( ... )" starting at `start`, or 0. */
function parenthesisLength(text: string, start: number): number {
  if (text[start] !== '(') return 0;
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') {
      depth--;
      if (depth === 0) return i - start + 1;
    }
  }
  return text.length - start;
}

/**
 * Splits a glued "120 VNĐ" (time cell "1", fee "20 VNĐ") or "120,000 VNĐ". Prefers the split whose fee
 * (or fee × 1000) appears in the row's explanation, else a one-digit time.
 */
function splitGluedTimeAndFee(digits: string, rest: string): { time: string; fee: string } {
  const compact = digits.replace(/[.,]/g, '');
  const mentioned = readAmounts(rest).map((a) => a.value);
  const candidates: { time: string; fee: string }[] = [];
  for (let k = 1; k < digits.length; k++) {
    const time = digits.slice(0, k);
    const fee = digits.slice(k);
    if (/[.,]/.test(time) || /^[0.,]/.test(fee)) continue;
    if (/[.,]/.test(fee) && !/^\d{1,3}([.,]\d{3})+$/.test(fee)) continue;
    candidates.push({ time, fee });
  }
  const byExplanation = candidates.find((c) => {
    const v = Number(c.fee.replace(/[.,]/g, ''));
    return mentioned.includes(v) || mentioned.includes(v * 1000);
  });
  return byExplanation ?? candidates[0] ?? { time: compact, fee: '' };
}

/** Parses the "Cách thức thực hiện" table (cach_thuc_thuc_hien). */
export function parseChannelTable(input: string | null | undefined): Parsed<ChannelTerms[]> {
  let text = normalizeText(input);
  const warnings: ParseWarning[] = [];
  const header = CHANNEL_HEADER.exec(text);
  if (header) text = text.slice(header[0].length);
  else if (text !== '') warnings.push(warn('channel_table_header_missing', text));
  const starts = [...text.matchAll(CHANNEL_ROW)];
  const firstStart = starts[0]?.index ?? text.length;
  if (firstStart > 0 && text.slice(0, firstStart).trim() !== '') {
    warnings.push(warn('channel_unparsed_text', text.slice(0, firstStart)));
  }
  const rows: ChannelTerms[] = [];
  starts.forEach((m, i) => {
    const label = m[1] ?? '';
    const channel = CHANNEL_BY_LABEL[label] as Channel;
    const end = starts[i + 1]?.index ?? text.length;
    let rest = text.slice((m.index ?? 0) + label.length, end).trim();
    let timeText = '';
    let feeCell = '';
    const glued = /^(\d[\d.,]*)\s*(VNĐ|Việt Nam Đồng|Đồng|USD)/u.exec(rest);
    if (glued && !/^\d+(?:[.,]\d{1,2})?\s*(Ngày|Giờ|Tháng)/u.test(rest)) {
      const split = splitGluedTimeAndFee(glued[1] ?? '', rest.slice(glued[0].length));
      timeText = split.time;
      feeCell = `${split.fee} ${glued[2]}`.trim();
      rest = rest.slice(glued[0].length);
      warnings.push(warn('channel_time_fee_glued', `${label}${glued[0]}`));
    } else {
      const time = TIME_CELL.exec(rest);
      if (time) {
        timeText = time[0];
        rest = rest.slice(time[0].length);
      }
      const fee = FEE_CELL.exec(rest);
      if (fee) {
        feeCell = (fee[1] ?? '').trim();
        rest = rest.slice(fee[0].length);
      }
    }
    rest = rest.trimStart();
    const explanationLength = parenthesisLength(rest, 0);
    const feeText = `${feeCell}${rest.slice(0, explanationLength)}`;
    const description = rest.slice(explanationLength).trim();
    const deadline = parseDeadline(timeText);
    const fee = parseFee(feeText);
    let chosen = deadline;
    const fromDescription = description ? parseDeadline(description) : undefined;
    if (deadline.value.unit === 'none' && fromDescription && fromDescription.value.unit !== 'none') {
      chosen = {
        value: { ...fromDescription.value, text: timeText || fromDescription.value.text },
        warnings: [warn('deadline_from_description', description), ...fromDescription.warnings],
      };
    } else if (
      deadline.warnings.some((w) => w.kind === 'deadline_unit_missing') &&
      fromDescription &&
      fromDescription.value.amount === deadline.value.amount &&
      (fromDescription.value.unit === 'working_days' || fromDescription.value.unit === 'days')
    ) {
      // A bare "5" with "05 ngày làm việc kể từ..." in the description: take the description's unit.
      chosen = { value: { ...fromDescription.value, text: timeText }, warnings: [] };
    }
    warnings.push(...chosen.warnings, ...fee.warnings);
    if (rows.some((r) => r.channel === channel)) {
      warnings.push(warn('channel_duplicate', `${label}: ${timeText} ${feeText}`.trim()));
      return;
    }
    rows.push({ channel, deadline: chosen.value, fee: fee.value, description });
  });
  return { value: rows, warnings };
}

// ---------------------------------------------------------------------------------------------------------
// The "Thành phần hồ sơ" table: document name, form file, count

const DOCUMENT_HEADER = /Tên giấy tờ\s*Mẫu đơn, tờ khai\s*Số lượng/gu;
/** "1 bản chính", "0 bản chính,1 bản sao", "1 bản chụp": the count cell that ends a row. */
const COUNT =
  /(?<!\(|:\s\d?)(?:(?<=\d)\d|(?<!\d)\d{1,2})\s*bản\s*(?:chính|sao|chụp)(?:\s*,\s*\d{1,2}\s*bản\s*(?:chính|sao|chụp))*(?!\s*\))/giu;
const FORM_FILE = /\.(docx?|pdf|xlsx?|odt|ods|rtf|rar|zip)$/iu;
const OPTIONAL_ITEM = /^(trường hợp|đối với|nếu|lưu ý|ngoài ra|riêng)|\(nếu có\)|nếu có\b|trong trường hợp/iu;

function isUpper(ch: string | undefined): boolean {
  return ch !== undefined && /\p{Lu}/u.test(ch);
}
function isLower(ch: string | undefined): boolean {
  return ch !== undefined && /\p{Ll}/u.test(ch);
}
function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && /\d/.test(ch);
}

/**
 * Splits "Tờ khai (Mẫu CT01 ...).1.MuCT01 (3).doc" into the document name and the form's file name. The form's
 * name starts right after the document name without a space: after ")", "." or ";", or where a lower-case
 * letter or digit meets an upper-case one ("theo quy địnhMauon.docx", "NĐ-CPMus132.docx").
 */
export function splitFormName(row: string): { name: string; formName?: string } {
  if (!FORM_FILE.test(row)) return { name: row };
  const minStart = Math.max(1, row.length - 110);
  for (let p = minStart; p < row.length - 4; p++) {
    const prev = row[p - 1];
    const ch = row[p];
    const next = row[p + 1];
    if (prev === undefined || ch === undefined || /\s/.test(prev) || /\s/.test(ch)) continue;
    const afterPunctuation = /[).;]/.test(prev) && /[\p{L}\d]/u.test(ch) && !(prev === '.' && isDigit(row[p - 2]));
    const caseBreak = (isLower(prev) || isDigit(prev)) && isUpper(ch);
    const acronymBreak = isUpper(prev) && isUpper(ch) && isLower(next) && /[A-ZĐ]{2}$/u.test(row.slice(0, p));
    if (!afterPunctuation && !caseBreak && !acronymBreak) continue;
    const name = row.slice(0, p).trim();
    const formName = row.slice(p).trim();
    if (name.length < 3 || formName.replace(FORM_FILE, '').length < 2) continue;
    return { name: name.replace(/[;,]$/, '').trim(), formName };
  }
  // No boundary: the last word is the file name.
  const space = row.lastIndexOf(' ');
  if (space > 0) return { name: row.slice(0, space).trim(), formName: row.slice(space + 1) };
  return { name: row, formName: row };
}

function cleanItem(s: string): string {
  return s
    .replace(/^(?:[-–+*•]+|\d{1,2}[.)](?!\d)|[a-zđ]\d?\)|[a-zđ]\.(?=\s))\s*/iu, '')
    .replace(/^[-–+*•\s]+/u, '')
    .trim();
}

function groupTitle(s: string): string | undefined {
  const t = s
    .replace(/^[-–*\s]+/u, '')
    .replace(/:\s*$/u, '')
    .trim();
  return t === '' ? undefined : t;
}

function readCounts(count: string): { original: number; copy: number } {
  let original = 0;
  let copy = 0;
  for (const m of count.matchAll(/(\d+)\s*bản\s*(chính|sao|chụp)/giu)) {
    const n = Number(m[1]);
    if ((m[2] ?? '').toLowerCase() === 'chính') original += n;
    else copy += n;
  }
  return { original, copy };
}

/** Parses the "Thành phần hồ sơ" table (thanh_phan_ho_so) into required documents. */
export function parseRequiredDocuments(input: string | null | undefined): Parsed<RequiredDocument[]> {
  const text = normalizeText(input);
  const warnings: ParseWarning[] = [];
  const documents: RequiredDocument[] = [];
  if (text === '' || NO_INFO.test(text)) return { value: documents, warnings: [warn('documents_table_missing', text)] };
  const headers = [...text.matchAll(DOCUMENT_HEADER)];
  if (headers.length === 0) {
    warnings.push(warn('documents_table_missing', text));
    return { value: documents, warnings };
  }
  let group = groupTitle(text.slice(0, headers[0]?.index ?? 0));
  headers.forEach((h, i) => {
    const start = (h.index ?? 0) + h[0].length;
    const end = headers[i + 1]?.index ?? text.length;
    const body = text.slice(start, end);
    let cursor = 0;
    const push = (rowText: string, count: string | undefined) => {
      let row = rowText.trim();
      // "* Trường hợp ủy quyền thực hiện thủ tục:Giấy ủy quyền..." opens a sub-group inside the table.
      const sub = /^\*\s*([^:]{3,200}):\s*/u.exec(row);
      if (sub) {
        group = groupTitle(sub[1] ?? '');
        row = row.slice(sub[0].length);
      }
      row = cleanItem(row);
      if (!/\p{L}/u.test(row)) return;
      const { original, copy } = count ? readCounts(count) : { original: 0, copy: 0 };
      const previous = documents[documents.length - 1];
      if (count && original === 0 && copy === 0) {
        // "0 bản chính": a remark, not a document to hand in (or a document only shown, under "xuất trình").
        // "... các giấy tờ sau:" introduces the rows below it.
        if (/:$/u.test(row)) {
          if (!(group && /^lưu ý/iu.test(group))) group = groupTitle(row);
          return;
        }
        const remark = /^(trường hợp|lưu ý|đối với|nếu|người|cơ quan)/iu.test(row);
        if (group && /^lưu ý/iu.test(group)) return;
        if (remark) {
          if (previous) previous.note = previous.note ? `${previous.note} ${row}` : row;
          return;
        }
      }
      const { name, formName } = splitFormName(row);
      // "Vận tải đơn: 01 bản chụp.0 bản chính": the count cell is empty, the name gives the count.
      const inline =
        original === 0 && copy === 0
          ? readCounts(/:\s*(\d{1,2}\s*bản\s*(?:chính|sao|chụp))/iu.exec(name)?.[1] ?? '')
          : undefined;
      const doc: RequiredDocument = {
        name: cleanItem(name) || name,
        original: inline?.original ?? original,
        copy: inline?.copy ?? copy,
        mandatory: !OPTIONAL_ITEM.test(name),
        hasForm: formName !== undefined,
      };
      if (formName) doc.formName = formName;
      if (group) doc.group = group;
      if (!count) warnings.push(warn('document_count_missing', row));
      documents.push(doc);
    };
    for (const m of body.matchAll(COUNT)) {
      push(body.slice(cursor, m.index ?? 0), m[0]);
      cursor = (m.index ?? 0) + m[0].length;
    }
    let tail = body.slice(cursor).trim();
    if (i + 1 < headers.length) {
      // The tail before the next table is that table's title, possibly after an uncounted item.
      const star = tail.lastIndexOf('*');
      const titleStart = star >= 0 ? star : 0;
      const item = tail.slice(0, titleStart);
      const nextTitle = tail.slice(titleStart);
      if (item.trim() !== '' && !/^[-–]+$/u.test(item.trim())) push(item, undefined);
      group = groupTitle(nextTitle);
      tail = '';
    }
    if (tail !== '') push(tail, undefined);
  });
  return { value: documents, warnings };
}

// ---------------------------------------------------------------------------------------------------------
// Results ("Kết quả thực hiện")

const RESULT_CODE = /Mã\s*:\s*(KQ\.[A-Z]\d{2}\.\d+)/gu;

/** Parses ket_qua_xu_ly: "Giấy khai sinhMã: KQ.G15.000031Từ khóa..." → [{ name, code }]. */
export function parseResults(input: string | null | undefined): Parsed<ResultDocument[]> {
  let text = normalizeText(input);
  const warnings: ParseWarning[] = [];
  const cut = text.search(/Từ khóa|Chọn cơ quan thực hiện/u);
  if (cut >= 0) text = text.slice(0, cut).trim();
  const results: ResultDocument[] = [];
  let cursor = 0;
  for (const m of text.matchAll(RESULT_CODE)) {
    const name = cleanItem(text.slice(cursor, m.index ?? 0));
    cursor = (m.index ?? 0) + m[0].length;
    if (name === '') continue;
    results.push({ name, code: m[1] ?? '' });
  }
  const tail = cleanItem(text.slice(cursor));
  if (tail !== '' && !NO_INFO.test(tail)) {
    results.push({ name: tail });
    warnings.push(warn('result_code_missing', tail));
  }
  if (results.length === 0) warnings.push(warn('results_missing', text || '(empty)'));
  return { value: results, warnings };
}

// ---------------------------------------------------------------------------------------------------------
// Legal basis ("Căn cứ pháp lý")

/**
 * Number and notation: "123/2015/NĐ-CP", "66.7/2025/NQ-CP", "60/2014/QH13", "1523/QĐ-BCA-C06", "24/2021/QĐ-TTg".
 * Letters are matched lazily so that "NĐ-CPThông tư..." stops before the next title.
 */
const NOTATION_TOKEN = String.raw`(?:QH\d{2}|TTg|\p{Lu}+?(?:\d{1,2}(?![\d/]))?)`;
const NOTATION = `${NOTATION_TOKEN}(?:-${NOTATION_TOKEN})*`;
const LEGAL_NUMBER = new RegExp(
  String.raw`(?:(?<![\d/]|\d\.)|(?<=(?:19|20)\d\d|\p{Lu}\d\d))\d{1,4}(?:\.\d+)?\/(?:\d{4}(?:\/${NOTATION})?|${NOTATION})` +
    // Ends before a non-letter, before the next title ("Thông tư..."), or before a glued "ngày"/"của", but
    // not inside "TT-BCAngày" (the "A" belongs to the notation).
    String.raw`(?!\p{Lu}(?:ngày|của)[\s\d])(?=$|[^\p{L}\d/-]|\p{Lu}\p{Ll}|(?:ngày|của)[\s\d]|\d)`,
  'gu',
);
const TRAILING_KIND =
  /(?<=[\p{Ll}\d)])\s*(Luật|Bộ luật|Nghị định|Thông tư liên tịch|Thông tư|Quyết định|Nghị quyết|Văn bản hợp nhất)(\s+số)?\s*$/u;

/** Parses can_cu_phap_ly: "Tên văn bản pháp lýMã văn bảnLuật Hộ tịch60/2014/QH13Nghị định ...". */
export function parseLegalBasis(input: string | null | undefined): Parsed<LegalReference[]> {
  let text = normalizeText(input);
  const warnings: ParseWarning[] = [];
  text = text.replace(/^Tên văn bản pháp lý\s*Mã văn bản/u, '').trim();
  const refs: LegalReference[] = [];
  if (text === '' || NO_INFO.test(text)) return { value: refs, warnings };
  let cursor = 0;
  for (const m of text.matchAll(LEGAL_NUMBER)) {
    const end = (m.index ?? 0) + m[0].length;
    const after = text.slice(end);
    // A row ends with its number glued to the next title (or at the end of the text).
    const before = text.slice(cursor, m.index ?? 0);
    const glued = /^\p{Lu}/u.test(after);
    // "18/2026/NĐ-CP Nghị định..." ends a row; "Thông tư số 40/2025/TT-BTC Sửa đổi..." is inside a title.
    const spaced = /^\s\p{Lu}/u.test(after) && !/số\s*$/u.test(before);
    if (!(after.trim() === '' || glued || spaced)) continue;
    const title = before.trim().replace(TRAILING_KIND, '').trim();
    cursor = end;
    const previous = refs[refs.length - 1];
    // "Nghị định 101/2024/NĐ-CPNghị định 101/2024/NĐ-CP": the title cell repeats the number cell.
    if (previous && previous.number === m[0] && (title === '' || title === previous.title)) continue;
    refs.push({ title: title || m[0], number: m[0] });
  }
  const tail = text.slice(cursor).trim();
  if (tail !== '') {
    refs.push({ title: tail, number: '' });
    warnings.push(warn('legal_number_missing', tail));
  }
  return { value: refs, warnings };
}

// ---------------------------------------------------------------------------------------------------------
// Small fields

/** Splits on commas outside parentheses: "Tổ chức (không bao gồm doanh nghiệp, HTX), Công dân Việt Nam". */
export function splitList(input: string | null | undefined): string[] {
  const text = normalizeText(input);
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if ((ch === ',' || ch === ';') && depth === 0) {
      if (current.trim()) out.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out.filter((s) => !NO_INFO.test(s));
}

/** "Cấp bộ, Cấp tỉnh, Cấp xã" → ['ministry', 'province', 'commune']. */
export function parseLevels(input: string | null | undefined): Parsed<ProcedureLevel[]> {
  const warnings: ParseWarning[] = [];
  const levels: ProcedureLevel[] = [];
  for (const label of splitList(input)) {
    const level = PROCEDURE_LEVEL_LABELS[label.toLowerCase()];
    if (!level) warnings.push(warn('level_unknown', label));
    else if (!levels.includes(level)) levels.push(level);
  }
  return { value: levels, warnings };
}

/**
 * Service mode from what the portal says: no online channel → offline; online channel and a mention of
 * "toàn trình" (full online) → full_online; otherwise partial_online. A heuristic: the portal's page does not
 * state the mode in the data we have; a province corrects it in its catalogue.
 */
export function deriveServiceMode(channelsOffered: readonly Channel[], texts: readonly string[]): ServiceMode {
  if (!channelsOffered.includes('online')) return 'offline';
  const mentionsFull = texts.some((t) => /toàn trình/iu.test(normalizeText(t)) && !/một phần/iu.test(normalizeText(t)));
  return mentionsFull ? 'full_online' : 'partial_online';
}
