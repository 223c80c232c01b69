/**
 * Dossier codes (mã hồ sơ, Thông tư 01/2018/TT-VPCP Đ.19): `<agency code>-<YYMMDD>-<NNNN>`, e.g.
 * `000.00.00.H56-240315-0001`: the receiving unit's agency code, the Vietnam date it entered the system
 * and a 4-digit sequence per unit per day, starting at 0001.
 *
 * After 9999 in one day the sequence widens to 5 digits (10000-99999) instead of failing: the code stays
 * unique and sortable within the day, and 4-digit codes are unchanged. Past 99999 formatting throws.
 * A 5-digit sequence with a leading zero (`01234`) is not a code (the 4-digit form is the only one).
 */
import type { DateKey, Instant } from '../calendar/calendar-types';
import { vnDateKey } from '../calendar/vn-time';
import { parseAgencyCode } from '../identity/agency-code';

export const DOSSIER_SEQUENCE_MAX = 99_999;
/** The largest sequence written with 4 digits. */
export const DOSSIER_SEQUENCE_4_DIGITS_MAX = 9_999;

export interface ParsedDossierCode {
  /** The code, normalised (upper case, trimmed). */
  code: string;
  agencyCode: string;
  /** The Vietnam date of the code, `YYYY-MM-DD` (years 2000-2099). */
  date: DateKey;
  sequence: number;
  /** `<agency code>-<YYMMDD>`: the key of the per-agency per-day counter. */
  dayKey: string;
}

export type DossierCodeProblem = 'format' | 'agency_code' | 'date' | 'sequence';

const CODE = /^([0-9A-Z.]+)-(\d{2})(\d{2})(\d{2})-(\d{4,5})$/;

function yymmdd(date: DateKey): string {
  const year = Number(date.slice(0, 4));
  if (year < 2000 || year > 2099) throw new RangeError(`dossier codes cover 2000-2099, not ${year}`);
  return `${date.slice(2, 4)}${date.slice(5, 7)}${date.slice(8, 10)}`;
}

function normalAgencyCode(agencyCode: string): string {
  const parsed = parseAgencyCode(agencyCode);
  if (!parsed.ok) throw new RangeError(`not an agency code: ${agencyCode}`);
  return parsed.value.code;
}

/**
 * The key of the per-agency per-day sequence counter: `<agency code>-<YYMMDD>` with the Vietnam date of
 * `receivedAt` (so 23:59 and 00:01 Vietnam time fall on different days). It is also the code's prefix.
 */
export function dossierDayKey(agencyCode: string, receivedAt: Instant): string {
  return `${normalAgencyCode(agencyCode)}-${yymmdd(vnDateKey(receivedAt))}`;
}

/** The sequence part: 4 digits up to 9999, then 5 digits. Throws RangeError outside 1-99999. */
export function formatDossierSequence(sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > DOSSIER_SEQUENCE_MAX) {
    throw new RangeError(`dossier sequence must be 1..${DOSSIER_SEQUENCE_MAX}, not ${sequence}`);
  }
  return String(sequence).padStart(4, '0');
}

/** `formatDossierCode('000.00.00.H56', receivedAt, 1)` → `000.00.00.H56-240315-0001`. */
export function formatDossierCode(agencyCode: string, receivedAt: Instant, sequence: number): string {
  return `${dossierDayKey(agencyCode, receivedAt)}-${formatDossierSequence(sequence)}`;
}

export function parseDossierCode(
  input: string,
): { ok: true; value: ParsedDossierCode } | { ok: false; problem: DossierCodeProblem } {
  const code = typeof input === 'string' ? input.trim().toUpperCase() : '';
  const match = CODE.exec(code);
  if (!match) return { ok: false, problem: 'format' };
  const [, agency, yy, mm, dd, seq] = match as unknown as [string, string, string, string, string, string];
  const agencyCode = parseAgencyCode(agency);
  if (!agencyCode.ok) return { ok: false, problem: 'agency_code' };
  const year = 2000 + Number(yy);
  const ms = Date.UTC(year, Number(mm) - 1, Number(dd));
  const date = new Date(ms).toISOString().slice(0, 10);
  if (date !== `${year}-${mm}-${dd}`) return { ok: false, problem: 'date' };
  const sequence = Number(seq);
  const canonical = sequence >= 1 && sequence <= DOSSIER_SEQUENCE_MAX && formatDossierSequence(sequence) === seq;
  if (!canonical) return { ok: false, problem: 'sequence' };
  return {
    ok: true,
    value: {
      code,
      agencyCode: agencyCode.value.code,
      date,
      sequence,
      dayKey: `${agencyCode.value.code}-${yy}${mm}${dd}`,
    },
  };
}

export function isValidDossierCode(input: string): boolean {
  return parseDossierCode(input).ok;
}
