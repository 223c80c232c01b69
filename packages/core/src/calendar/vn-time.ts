/**
 * Vietnam local time without any time-zone database: Vietnam is UTC+7 all year (no daylight saving time
 * since 1975), so local dates and clock times are read with a fixed +7 h offset.
 *
 * Internally the calendar works with "day numbers": whole days since 1970-01-01 in Vietnam local time.
 */
import { CongsoError } from '../shared/errors';
import type { DateKey, Instant } from './calendar-types';

export const VN_UTC_OFFSET_MS = 7 * 60 * 60 * 1000;
export const MINUTE_MS = 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

const DATE_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK = /^(\d{2}):(\d{2})$/;

function invalid(message: string, details?: unknown): CongsoError {
  return new CongsoError('VALIDATION_FAILED', { messages: { en: message }, details });
}

/** Epoch milliseconds of an instant; rejects invalid dates and non-finite numbers. */
export function toEpochMs(instant: Instant): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(ms)) throw invalid('Invalid instant.', { instant: String(instant) });
  return ms;
}

/** Vietnam day number of an instant (days since 1970-01-01, Vietnam local). */
export function dayNumberOf(ms: number): number {
  return Math.floor((ms + VN_UTC_OFFSET_MS) / DAY_MS);
}

/** The instant (epoch ms) of 00:00 Vietnam time on a day number. */
export function dayStartMs(day: number): number {
  return day * DAY_MS - VN_UTC_OFFSET_MS;
}

/** 0 = Sunday ... 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekdayOfDayNumber(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function yearOfDayNumber(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

export function dateKeyToDayNumber(key: DateKey): number {
  const m = DATE_KEY.exec(key);
  if (!m) throw invalid(`Invalid date ${key}: expected YYYY-MM-DD.`, { date: key });
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const day = ms / DAY_MS;
  if (dayNumberToDateKey(day) !== key) throw invalid(`Invalid date ${key}.`, { date: key });
  return day;
}

export function dayNumberToDateKey(day: number): DateKey {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function dayNumberFromYmd(year: number, month: number, dayOfMonth: number): number {
  return Date.UTC(year, month - 1, dayOfMonth) / DAY_MS;
}

/** Minutes since midnight of `HH:MM` (`24:00` allowed as an end of day). */
export function parseClock(clock: string): number {
  const m = CLOCK.exec(clock);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
  if (!m || Number(m[2]) > 59 || minutes > 24 * 60) {
    throw invalid(`Invalid time ${clock}: expected HH:MM between 00:00 and 24:00.`, { time: clock });
  }
  return minutes;
}

/** The Vietnam calendar date of an instant. */
export function vnDateKey(instant: Instant): DateKey {
  return dayNumberToDateKey(dayNumberOf(toEpochMs(instant)));
}

/** The instant of a Vietnam local date and time: `vnInstant('2026-02-13', '16:59')`. */
export function vnInstant(date: DateKey, time = '00:00'): Date {
  return new Date(dayStartMs(dateKeyToDayNumber(date)) + parseClock(time) * MINUTE_MS);
}

/**
 * Formats an instant in Vietnam time as `YYYY-MM-DD HH:mm`, with `:ss` (and `.SSS`) appended only when
 * the instant is not on a whole minute.
 */
export function formatVnDateTime(instant: Instant): string {
  const iso = new Date(toEpochMs(instant) + VN_UTC_OFFSET_MS).toISOString(); // YYYY-MM-DDTHH:mm:ss.SSSZ
  const base = `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  if (iso.slice(17, 23) === '00.000') return base;
  return iso.slice(20, 23) === '000' ? `${base}:${iso.slice(17, 19)}` : `${base}:${iso.slice(17, 23)}`;
}
