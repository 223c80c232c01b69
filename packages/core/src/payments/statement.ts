/**
 * A bank statement (sao kê) of the collecting account, as the bank exports it (CSV or a spreadsheet's rows),
 * read into credit lines, and each line matched to the VietQR payment its content names. Banks differ: title
 * rows above the header, Vietnamese or English column names, one signed amount column or separate debit and
 * credit ones, amounts written `1.250.000`, `1,250,000`, `1250000.00` or `1.250.000,00`, dates `dd/mm/yyyy`
 * with or without the time, or ISO. Bank apps keep only letters and digits of a transfer's content and some
 * add their own words around it, so a payment's reference (`HS…`, see reference.ts) is looked for anywhere in
 * the content once spaces and punctuation are taken out.
 */
import { foldVietnamese } from '../shared/text';

/** The columns a statement must or may have, each by the names banks give it (folded: no diacritics). */
const COLUMN_NAMES = {
  date: [
    'ngay giao dich',
    'ngay gd',
    'ngay',
    'ngay hach toan',
    'ngay hieu luc',
    'thoi gian',
    'thoi gian giao dich',
    'ngay thoi gian',
    'ngay gio',
    'ngay gio giao dich',
    'transaction date',
    'trans date',
    'date',
    'posting date',
    'value date',
    'effective date',
    'time',
  ],
  credit: [
    'so tien ghi co',
    'ghi co',
    'co',
    'so tien co',
    'phat sinh co',
    'co tktt',
    'tien vao',
    'credit',
    'credit amount',
    'credits',
    'deposit',
    'money in',
  ],
  debit: [
    'so tien ghi no',
    'ghi no',
    'no',
    'so tien no',
    'phat sinh no',
    'no tktt',
    'tien ra',
    'debit',
    'debit amount',
    'debits',
    'withdrawal',
    'money out',
  ],
  amount: ['so tien', 'so tien giao dich', 'amount', 'transaction amount'],
  description: [
    'noi dung',
    'noi dung giao dich',
    'noi dung chi tiet',
    'noi dung chuyen khoan',
    'mo ta giao dich',
    'dien giai',
    'mo ta',
    'chi tiet giao dich',
    'chi tiet',
    'description',
    'transaction description',
    'details',
    'remarks',
    'narrative',
    'content',
  ],
  bankReference: [
    'so tham chieu',
    'so but toan',
    'ma giao dich',
    'ma gd',
    'so giao dich',
    'so chung tu',
    'so ct',
    'so gd',
    'reference',
    'reference number',
    'ref',
    'ref no',
    'transaction id',
    'transaction number',
    'trace number',
  ],
} as const;

export type StatementColumn = keyof typeof COLUMN_NAMES;

/** A header cell folded for comparison: no diacritics, lower case, what is in parentheses and punctuation out. */
export function foldHeader(cell: string): string {
  return foldVietnamese(cell.replace(/\([^)]*\)/g, ' '))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const columnOfHeader = new Map<string, StatementColumn>(
  (Object.entries(COLUMN_NAMES) as [StatementColumn, readonly string[]][]).flatMap(([column, names]) =>
    names.map((name) => [name, column] as const),
  ),
);

/**
 * The column a header names: one of the names above, or one of the names of two words or more followed by
 * more words ("Số tiền ghi có VND", "Diễn giải giao dịch"); a single word such as "có" only on its own, so that
 * "Cơ quan" is not read as a credit column.
 */
export function columnOfHeaderCell(cell: string): StatementColumn | undefined {
  const folded = foldHeader(cell);
  const exact = columnOfHeader.get(folded);
  if (exact !== undefined) return exact;
  let best: { column: StatementColumn; length: number } | undefined;
  for (const [name, column] of columnOfHeader) {
    if (name.includes(' ') && folded.startsWith(`${name} `) && name.length > (best?.length ?? 0)) {
      best = { column, length: name.length };
    }
  }
  return best?.column;
}

/** How many rows from the top may hold the bank's title, account and period before the header. */
const HEADER_SEARCH_ROWS = 40;

export type StatementProblem = 'empty' | 'no_header' | 'too_many_rows';

/** A statement that cannot be read at all (no header found, nothing in it): the whole file is refused. */
export class StatementUnreadable extends Error {
  constructor(
    readonly problem: StatementProblem,
    message: string,
  ) {
    super(message);
  }
}

export const MAX_STATEMENT_ROWS = 20_000;

export interface StatementLine {
  /** The line's row in the file (1-based), to point the accountant at it. */
  row: number;
  /** When the bank booked it (Vietnam time when the file gives no zone); null when unreadable. */
  bookedAt: Date | null;
  /** Money in, whole dong; null for a debit or a line without a readable amount. */
  credit: number | null;
  description: string;
  bankReference: string | null;
  /** What could not be read on the line: `date`, `amount`. */
  problems: ('date' | 'amount')[];
}

export interface ParsedStatement {
  /** The header's row (1-based) and which column each field was found in (0-based). */
  headerRow: number;
  columns: Partial<Record<StatementColumn, number>>;
  lines: StatementLine[];
}

/**
 * Reads CSV text (RFC 4180 quotes; comma, semicolon or tab, whichever splits the lines most evenly; a BOM
 * ignored) into rows of cells.
 */
export function parseCsv(text: string): string[][] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = guessDelimiter(body);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (body[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === delimiter) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

function guessDelimiter(text: string): string {
  const sample = text.split(/\r?\n/, HEADER_SEARCH_ROWS + 10).filter((l) => l.trim() !== '');
  let best = ',';
  let bestScore = -1;
  for (const d of [',', ';', '\t']) {
    // Lines with at least two cells, counted outside quotes: the delimiter of a table splits many of them.
    const counts = sample.map((line) => countOutsideQuotes(line, d)).filter((n) => n > 0);
    const score = counts.length * 1000 + (counts.length > 0 ? Math.max(...counts) : 0);
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === d && !quoted) n++;
  }
  return n;
}

/**
 * A VND amount as a bank writes it, in whole dong: thousands separated by `.` or `,` (or spaces), an optional
 * zero decimal part, an optional VND/đ/₫; negative when it has a minus or is in parentheses. Null when it is not
 * an amount (or has a non-zero fraction of a dong).
 */
export function parseVndAmount(input: string): number | null {
  let s = input
    .trim()
    .replace(/\s*(vnd|vnđ|đ|₫|d)\s*$/i, '')
    .replace(/^(vnd|vnđ)\s*/i, '')
    .trim();
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  if (s.startsWith('-') || s.startsWith('−')) {
    negative = true;
    s = s.slice(1).trim();
  } else if (s.startsWith('+')) s = s.slice(1).trim();
  s = s.replace(/[\s\u00a0]/g, '');
  if (!/^[0-9.,]+$/.test(s) || !/[0-9]/.test(s)) return null;
  let whole: string;
  let fraction = '';
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    // Both: the last one is the decimal mark, the other groups thousands.
    const decimal = lastDot > lastComma ? '.' : ',';
    const group = decimal === '.' ? ',' : '.';
    const at = s.lastIndexOf(decimal);
    whole = s.slice(0, at);
    fraction = s.slice(at + 1);
    if (!new RegExp(`^\\d{1,3}(\\${group}\\d{3})*$`).test(whole) || !/^\d{1,4}$/.test(fraction)) return null;
    whole = whole.split(group).join('');
  } else if (lastDot >= 0 || lastComma >= 0) {
    const mark = lastDot >= 0 ? '.' : ',';
    if (new RegExp(`^\\d{1,3}(\\${mark}\\d{3})+$`).test(s)) {
      // Dong have no fraction: `1.250` and `1,250` group thousands.
      whole = s.split(mark).join('');
    } else if (new RegExp(`^\\d+\\${mark}\\d{1,2}$`).test(s)) {
      [whole, fraction] = s.split(mark) as [string, string];
    } else return null;
  } else whole = s;
  if (fraction !== '' && !/^0+$/.test(fraction)) return null;
  const value = Number(whole);
  if (!Number.isSafeInteger(value)) return null;
  return negative ? -value : value;
}

const VN_OFFSET = '+07:00';

/**
 * A booking date or time: `dd/mm/yyyy`, `dd-mm-yyyy` or `dd.mm.yyyy` with an optional `hh:mm[:ss]` (before or
 * after), or ISO 8601 (`yyyy-mm-dd`, with a time and zone or not). Without a zone it is Vietnam time; without a
 * time, the start of the day. Null when unreadable or not a real date.
 */
export function parseStatementDate(input: string): Date | null {
  const s = input.trim().replace(/\s+/g, ' ');
  if (s === '') return null;
  let y: number;
  let mo: number;
  let d: number;
  let time = '00:00:00';
  let zone = VN_OFFSET;
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(
    s,
  );
  if (iso) {
    y = Number(iso[1]);
    mo = Number(iso[2]);
    d = Number(iso[3]);
    if (iso[4]) time = `${iso[4]}:${iso[5]}:${iso[6] ?? '00'}`;
    if (iso[7])
      zone = iso[7] === 'Z' ? 'Z' : iso[7].includes(':') ? iso[7] : `${iso[7].slice(0, 3)}:${iso[7].slice(3)}`;
  } else {
    const timeRe = /(\d{1,2}):(\d{2})(?::(\d{2}))?/;
    const dayRe = /(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})/;
    const day = dayRe.exec(s);
    if (!day) return null;
    const rest = s.replace(day[0], '').trim();
    if (rest !== '') {
      const t = timeRe.exec(rest);
      if (!t || rest.replace(t[0], '').trim() !== '') return null;
      time = `${t[1]?.padStart(2, '0')}:${t[2]}:${t[3] ?? '00'}`;
    }
    d = Number(day[1]);
    mo = Number(day[2]);
    y = Number(day[3]);
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1900 || y > 2199) return null;
  const [hh, mm, ss] = time.split(':').map(Number) as [number, number, number];
  if (hh > 23 || mm > 59 || ss > 59) return null;
  const text = `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}T${time}${zone}`;
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) return null;
  // 31/02 rolls into March in Date: refuse it (the day must be the one written, in the zone written).
  const check = new Date(at.getTime() + (zone === 'Z' ? 0 : offsetMinutes(zone) * 60_000));
  if (check.getUTCDate() !== d || check.getUTCMonth() + 1 !== mo) return null;
  return at;
}

function offsetMinutes(zone: string): number {
  const sign = zone.startsWith('-') ? -1 : 1;
  const [h, m] = zone.slice(1).split(':').map(Number) as [number, number];
  return sign * (h * 60 + m);
}

/** Finds the header among the first rows: a row naming a content column and a credit or amount column. */
function findHeader(rows: string[][]): { index: number; columns: Partial<Record<StatementColumn, number>> } | null {
  for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS); i++) {
    const columns: Partial<Record<StatementColumn, number>> = {};
    (rows[i] ?? []).forEach((cell, at) => {
      const column = columnOfHeaderCell(cell);
      if (column !== undefined && columns[column] === undefined) columns[column] = at;
    });
    if (columns.description !== undefined && (columns.credit !== undefined || columns.amount !== undefined)) {
      return { index: i, columns };
    }
  }
  return null;
}

/**
 * Reads a statement's rows (CSV parsed, or a sheet's cells as text) into its lines. Rows before the header
 * (the bank's title) and empty or summary rows after it (no content and no amount) are skipped. Throws
 * StatementUnreadable when there is no header or nothing to read.
 */
export function parseStatement(rows: string[][]): ParsedStatement {
  if (rows.every((r) => r.every((c) => c.trim() === ''))) {
    throw new StatementUnreadable('empty', 'the statement is empty');
  }
  if (rows.length > MAX_STATEMENT_ROWS + HEADER_SEARCH_ROWS) {
    throw new StatementUnreadable('too_many_rows', `more than ${MAX_STATEMENT_ROWS} rows`);
  }
  const header = findHeader(rows);
  if (!header) throw new StatementUnreadable('no_header', 'no header row with a content and a credit column');
  const { columns } = header;
  const cellOf = (row: string[], column: StatementColumn) => {
    const at = columns[column];
    return at === undefined ? '' : (row[at] ?? '').trim();
  };
  const lines: StatementLine[] = [];
  for (let i = header.index + 1; i < rows.length; i++) {
    const row = rows[i] ?? [];
    const description = cellOf(row, 'description');
    const creditCell = cellOf(row, 'credit');
    const amountCell = cellOf(row, 'amount');
    const debitCell = cellOf(row, 'debit');
    // Not a transaction: a row without any amount (a continued content, a blank), or without a booking date
    // where the statement has a date column (the bank's totals and balances under the lines).
    if (creditCell === '' && amountCell === '') continue;
    const dateCell = cellOf(row, 'date');
    if (columns.date !== undefined && dateCell === '') continue;
    const problems: StatementLine['problems'] = [];
    let credit: number | null = null;
    if (creditCell !== '') {
      const value = parseVndAmount(creditCell);
      if (value === null) problems.push('amount');
      else if (value > 0) credit = value;
    } else {
      const value = parseVndAmount(amountCell);
      if (value === null) problems.push('amount');
      // One signed column: money in is positive (a debit column beside it, when filled, says money out).
      else if (value > 0 && (debitCell === '' || parseVndAmount(debitCell) === 0)) credit = value;
    }
    const bookedAt = columns.date === undefined ? null : parseStatementDate(dateCell);
    if (columns.date !== undefined && bookedAt === null) problems.push('date');
    const bankReference = cellOf(row, 'bankReference');
    lines.push({
      row: i + 1,
      bookedAt,
      credit,
      description,
      bankReference: bankReference === '' ? null : bankReference.slice(0, 100),
      problems,
    });
  }
  if (lines.length === 0) throw new StatementUnreadable('empty', 'no line under the header');
  return { headerRow: header.index + 1, columns, lines };
}

/** The shortest and longest a payment reference can be (`HS` + a dossier code's letters and digits + 2). */
const MIN_REFERENCE = 12;
const MAX_REFERENCE = 25;

/**
 * Every reference a line's content may name: from each `HS` in the content reduced to upper-case letters and
 * digits, the runs of 12 to 25 characters. The caller looks them up among the payments (references are unique).
 */
export function referenceCandidatesOf(description: string): string[] {
  const compact = foldVietnamese(description)
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '');
  const found = new Set<string>();
  for (let at = compact.indexOf('HS'); at >= 0; at = compact.indexOf('HS', at + 1)) {
    for (let length = MIN_REFERENCE; length <= MAX_REFERENCE && at + length <= compact.length; length++) {
      found.add(compact.slice(at, at + length));
    }
  }
  return [...found];
}

/** What the statement's matching decided for one credit line. */
export type LineOutcome =
  /** The payment was pending: it is confirmed now (or recorded as money to refund when the dossier moved on). */
  | { kind: 'confirm'; paymentId: string }
  /** No payment's reference in the content: money the accountant must identify. */
  | { kind: 'no_reference' }
  /** The reference names a payment, but the amount differs: left for the accountant. */
  | { kind: 'amount_mismatch'; paymentId: string; expected: number }
  /** The reference names a payment that is not a bank transfer (the platform's, the counter's). */
  | { kind: 'not_transfer'; paymentId: string }
  /** The same payment was already matched by an earlier line of this statement: paid twice, to refund. */
  | { kind: 'duplicate'; paymentId: string }
  /** The line cannot be used: its date or amount is unreadable. */
  | { kind: 'unreadable' };

export interface MatchablePayment {
  id: string;
  reference: string;
  provider: string;
  amount: number;
}

/**
 * Matches each credit line to a payment by the reference in its content (the longest candidate that is a
 * payment's reference), then checks the amount. A payment matched twice in one statement is confirmed once.
 * Lines that are not credits (debits, fees the bank took) are left out.
 */
export function matchStatement(
  lines: StatementLine[],
  paymentsByReference: ReadonlyMap<string, MatchablePayment>,
): { line: StatementLine; outcome: LineOutcome }[] {
  const taken = new Set<string>();
  const out: { line: StatementLine; outcome: LineOutcome }[] = [];
  for (const line of lines) {
    if (line.credit === null && !line.problems.includes('amount')) continue;
    if (line.problems.length > 0 || line.credit === null) {
      out.push({ line, outcome: { kind: 'unreadable' } });
      continue;
    }
    const payment = referenceCandidatesOf(line.description)
      .sort((a, b) => b.length - a.length)
      .map((c) => paymentsByReference.get(c))
      .find((p) => p !== undefined);
    let outcome: LineOutcome;
    if (!payment) outcome = { kind: 'no_reference' };
    else if (payment.provider !== 'vietqr') outcome = { kind: 'not_transfer', paymentId: payment.id };
    else if (payment.amount !== line.credit) {
      outcome = { kind: 'amount_mismatch', paymentId: payment.id, expected: payment.amount };
    } else if (taken.has(payment.id)) outcome = { kind: 'duplicate', paymentId: payment.id };
    else {
      taken.add(payment.id);
      outcome = { kind: 'confirm', paymentId: payment.id };
    }
    out.push({ line, outcome });
  }
  return out;
}
