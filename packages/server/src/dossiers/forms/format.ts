/**
 * Text formatting for the printed forms: dates and times in Vietnam time (UTC+7) as the forms write them,
 * deadlines, amounts of money with their reading in words, and a sanitiser that makes any input printable.
 */
import { type Deadline, type Outcome, VN_UTC_OFFSET_MS } from '@congso/core';
import { doReadNumber, ReadingConfig } from 'read-vietnamese-number';

const two = (n: number) => String(n).padStart(2, '0');

interface VnParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function vnParts(at: Date): VnParts {
  const shifted = new Date(at.getTime() + VN_UTC_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  };
}

function isValidDate(at: Date | null | undefined): at is Date {
  return at instanceof Date && Number.isFinite(at.getTime());
}

/** `15/03/2024` (Vietnam date); an empty string for a missing or invalid date. */
export function formatVnDate(at: Date | null | undefined): string {
  if (!isValidDate(at)) return '';
  const p = vnParts(at);
  return `${two(p.day)}/${two(p.month)}/${p.year}`;
}

/** `08 giờ 30 phút, ngày 15/03/2024` (Vietnam time), as the one-stop forms write a time. */
export function formatVnTime(at: Date | null | undefined): string {
  if (!isValidDate(at)) return '';
  const p = vnParts(at);
  return `${two(p.hour)} giờ ${two(p.minute)} phút, ngày ${two(p.day)}/${two(p.month)}/${p.year}`;
}

/** `08:30 15/03/2024` (Vietnam time): the short form used in the cells of the book and the control slip. */
export function formatVnShortTime(at: Date | null | undefined): string {
  if (!isValidDate(at)) return '';
  const p = vnParts(at);
  return `${two(p.hour)}:${two(p.minute)} ${two(p.day)}/${two(p.month)}/${p.year}`;
}

/**
 * The place and date line of an administrative document (Nghị định 30/2020, Phụ lục I): `Thanh Hóa, ngày 05
 * tháng 02 năm 2024`, with a leading zero for days below 10 and months below 3.
 */
export function formatPlaceDate(place: string, at: Date | null | undefined): string {
  if (!isValidDate(at)) return `${place}, ngày ...... tháng ...... năm ........`;
  const p = vnParts(at);
  const month = p.month < 3 ? two(p.month) : String(p.month);
  return `${place}, ngày ${two(p.day)} tháng ${month} năm ${p.year}`;
}

/** `0,5` / `5`: a number with the Vietnamese decimal comma. */
export function formatVnNumber(n: number): string {
  return String(n).replace('.', ',');
}

/** The deadline as the receipt states it: "5 ngày làm việc", "15 ngày", "4 giờ làm việc", "Trong ngày". */
export function formatDeadline(deadline: Pick<Deadline, 'amount' | 'unit'> & { text?: string }): string {
  switch (deadline.unit) {
    case 'working_days':
      return `${formatVnNumber(deadline.amount)} ngày làm việc`;
    case 'days':
      return `${formatVnNumber(deadline.amount)} ngày`;
    case 'hours':
      return `${formatVnNumber(deadline.amount)} giờ làm việc`;
    case 'same_day':
      return 'Trong ngày làm việc';
    case 'none':
      return deadline.text?.trim() || 'Không quy định';
  }
}

/** `1.250.000 đồng`. */
export function formatVnd(amount: number): string {
  const digits = String(Math.trunc(Math.abs(amount))).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${amount < 0 ? '-' : ''}${digits} đồng`;
}

const readingConfig = new ReadingConfig();
readingConfig.unit = ['đồng'];

/** The amount in words with a capital first letter: `Một triệu hai trăm năm mươi nghìn đồng`. */
export function amountInWords(amount: number): string {
  if (!Number.isFinite(amount)) return '';
  const words = doReadNumber(String(Math.trunc(amount)), readingConfig);
  return words.charAt(0).toLocaleUpperCase('vi') + words.slice(1);
}

/** `1.250.000 đồng (Bằng chữ: Một triệu hai trăm năm mươi nghìn đồng)`; "Miễn phí" for 0. */
export function formatFee(amount: number): string {
  if (amount === 0) return 'Miễn phí';
  return `${formatVnd(amount)} (Bằng chữ: ${amountInWords(amount)})`;
}

export const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = {
  early: 'Trước hạn',
  on_time: 'Đúng hạn',
  late: 'Quá hạn',
};

/** Longest text printed from one field; longer input is cut with an ellipsis (a receipt is not a book). */
export const MAX_FIELD_LENGTH = 2000;

/**
 * Makes any input printable: NFC (the font has the precomposed Vietnamese letters), well-formed UTF-16, no
 * control characters but line breaks, tabs as spaces, trimmed, and cut at `max` characters.
 */
export function clean(value: unknown, max = MAX_FIELD_LENGTH): string {
  if (value === null || value === undefined) return '';
  // Lone surrogates (broken UTF-16) become U+FFFD before normalising.
  let text = String(value)
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .normalize('NFC');
  text = text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u2064\uFEFF]/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (text.length > max) text = `${text.slice(0, max - 1).trimEnd()}…`;
  return text;
}

/** Upper case as Vietnamese writes it ("Ủy ban nhân dân" → "ỦY BAN NHÂN DÂN"). */
export function upper(text: string): string {
  return text.toLocaleUpperCase('vi');
}
