/**
 * Working time for legal deadlines (one-stop processing).
 *
 * Conventions (README.md in this folder has the full list):
 *
 * - Time zone: Vietnam, UTC+7 without daylight saving time. Instants are JS `Date`s or epoch ms; local
 *   dates and times are read with a fixed +7 h offset.
 * - Working days: the days of the week that are not weekly rest days (Monday-Friday), minus days off
 *   (statutory holidays, compensatory, swapped and local days off), plus make-up working days
 *   (`makeup_workday`, normally a Saturday, a Sunday works too). Entries on the same date are resolved
 *   province > official > derived.
 * - Published and provisional years: a year with at least one `official` entry (or listed in
 *   `publishedYears`) follows its entries only. Any other year gets the statutory days off derived from
 *   the Labor Code (`deriveStatutoryDaysOff`), marked provisional; `isProvisional` tells the UI.
 * - Working hours: a list of intervals of the day, `[start, end)`, default 07:00-11:30 and 13:30-17:00.
 *   Deadlines are in *working hours* where one working day = 8 working hours, whatever the intervals add
 *   up to: a working hour is 1/8 of the real length of a working day. With the default intervals
 *   (4 h 30 + 3 h 30 = 8 h) a working hour is a clock hour; with intervals that sum to 7 h 30, a working
 *   hour is 56 min 15 s of clock time, so that 8 working hours still take one whole working day and 4
 *   working hours half of it. Every working day has the same intervals (make-up Saturdays included).
 * - Boundaries: a count starts at `nextWorkingInstant(start)`: the start itself when it lies inside an
 *   interval, otherwise the beginning of the next interval (a dossier received at 11:30 starts at 13:30,
 *   at 17:00 or later the next working day at 07:00). A due instant is the earliest instant at which the
 *   working time is used up, so it can be the *end* of an interval: 8 working hours from Monday 07:00
 *   are due Monday 17:00 (not Tuesday 07:00); 1 working hour from Friday 16:59 is due Monday 07:59.
 * - Precision: durations are converted to whole milliseconds (`Math.round`); with the default hours any
 *   duration in whole minutes gives a due instant on a whole minute.
 */
import { CongsoError } from '../shared/errors';
import type {
  DateKey,
  DayEntry,
  DayInfo,
  DayKind,
  DaySource,
  Instant,
  Outcome,
  PauseInterval,
  WorkingInterval,
} from './calendar-types';
import { deriveStatutoryDaysOff, type LunarToSolar, vnLunarToSolar } from './derived-holidays';
import { type HolidayRules, LABOR_CODE_2019_RULES } from './holiday-rules';
import {
  DAY_MS,
  dateKeyToDayNumber,
  dayNumberOf,
  dayNumberToDateKey,
  dayStartMs,
  MINUTE_MS,
  parseClock,
  toEpochMs,
  weekdayOfDayNumber,
  yearOfDayNumber,
} from './vn-time';

/** Default working hours of state agencies: 07:00-11:30 and 13:30-17:00 (8 hours). */
export const DEFAULT_WORKING_HOURS: readonly WorkingInterval[] = [
  { start: '07:00', end: '11:30' },
  { start: '13:30', end: '17:00' },
];

/** The deadline unit: one working day is 8 working hours. */
export const WORKING_HOURS_PER_DAY = 8;

/** Kinds of entries that make a day a working day; every other kind makes it a day off. */
export const WORKING_DAY_KINDS: ReadonlySet<DayKind> = new Set<DayKind>(['makeup_workday']);

/** How many non-working days in a row the calendar accepts before it reports a misconfiguration. */
const MAX_NON_WORKING_RUN = 400;

const SOURCE_RANK: Record<DaySource, number> = { derived: 1, official: 2, province: 3 };

export interface WorkingCalendarOptions {
  /** Day entries from any source; on the same date the province entry wins over the official one. */
  entries?: readonly DayEntry[];
  /** Working intervals of a day (Vietnam time); default DEFAULT_WORKING_HOURS. */
  workingHours?: readonly WorkingInterval[];
  /** Years to treat as published even without `official` entries (no derivation for them). */
  publishedYears?: readonly number[];
  /** Rules used to derive the days off of unpublished years; default LABOR_CODE_2019_RULES. */
  holidayRules?: HolidayRules;
  /** Lunar → solar conversion used by the derivation; default @dqcai/vn-lunar. */
  lunarToSolar?: LunarToSolar;
}

/**
 * When a finished step counts as on time rather than early:
 * - `working_minute`: only when less than one working minute was left (used = allowed to the minute);
 * - `working_day`: when it finished on the calendar day of the due instant (or with less than one
 *   working minute left), i.e. "on the return date".
 */
export type OnTimeWindow = 'working_minute' | 'working_day';

interface Span {
  start: number; // ms since local midnight
  end: number;
}

function invalid(message: string, details?: unknown): CongsoError {
  return new CongsoError('VALIDATION_FAILED', { messages: { en: message }, details });
}

export class WorkingCalendar {
  /** The working intervals of a day, as configured. */
  readonly workingHours: readonly WorkingInterval[];
  /** Real (clock) minutes of one working day: the sum of the intervals. */
  readonly workingDayMinutes: number;
  /** Clock milliseconds of one working hour (1/8 of a working day). */
  readonly msPerWorkingHour: number;

  private readonly spans: readonly Span[];
  private readonly dayMs: number;
  private readonly explicit = new Map<number, DayEntry>();
  private readonly published: ReadonlySet<number>;
  private readonly restDays: ReadonlySet<number>;
  private readonly rules: HolidayRules;
  private readonly lunarToSolar: LunarToSolar;
  private readonly derivedByYear = new Map<number, Map<number, DayEntry>>();

  constructor(options: WorkingCalendarOptions = {}) {
    this.rules = options.holidayRules ?? LABOR_CODE_2019_RULES;
    this.lunarToSolar = options.lunarToSolar ?? vnLunarToSolar;
    this.restDays = new Set(this.rules.weeklyRestDays);

    this.workingHours = [...(options.workingHours ?? DEFAULT_WORKING_HOURS)];
    if (this.workingHours.length === 0) throw invalid('At least one working interval is needed.');
    const spans: Span[] = [];
    for (const interval of this.workingHours) {
      const start = parseClock(interval.start) * MINUTE_MS;
      const end = parseClock(interval.end) * MINUTE_MS;
      const previous = spans[spans.length - 1];
      if (end <= start || (previous && start < previous.end)) {
        throw invalid('Working intervals must be non-empty, in order and must not overlap.', {
          workingHours: this.workingHours,
        });
      }
      spans.push({ start, end });
    }
    this.spans = spans;
    this.dayMs = spans.reduce((sum, s) => sum + s.end - s.start, 0);
    this.workingDayMinutes = this.dayMs / MINUTE_MS;
    this.msPerWorkingHour = this.dayMs / WORKING_HOURS_PER_DAY;

    const published = new Set(options.publishedYears ?? []);
    for (const entry of options.entries ?? []) {
      const day = dateKeyToDayNumber(entry.date);
      const current = this.explicit.get(day);
      if (current && current.source === entry.source) {
        throw invalid(`Two ${entry.source} entries for ${entry.date}.`, { date: entry.date, source: entry.source });
      }
      if (!current || SOURCE_RANK[entry.source] > SOURCE_RANK[current.source]) {
        this.explicit.set(day, Object.freeze({ ...entry }));
      }
      if (entry.source === 'official') published.add(yearOfDayNumber(day));
    }
    this.published = published;
  }

  // ---------------------------------------------------------------------------------------------------
  // Days

  /** What the calendar knows about a date (a `YYYY-MM-DD` key, or the Vietnam date of an instant). */
  getDay(date: DateKey | Instant): DayInfo {
    const day = this.toDayNumber(date);
    const entry = this.entryOf(day);
    const info: DayInfo = {
      date: dayNumberToDateKey(day),
      weekday: weekdayOfDayNumber(day),
      working: this.isWorkingDayNumber(day),
      provisional: !this.published.has(yearOfDayNumber(day)),
    };
    if (entry) info.entry = entry;
    return info;
  }

  /** Monday-Friday minus days off, plus make-up working days. */
  isWorkingDay(date: DateKey | Instant): boolean {
    return this.isWorkingDayNumber(this.toDayNumber(date));
  }

  /**
   * True when the date's year has no published schedule: its days off were derived from the Labor Code
   * and the Government may still decide other days off or make-up days.
   */
  isProvisional(date: DateKey | Instant): boolean {
    return !this.published.has(yearOfDayNumber(this.toDayNumber(date)));
  }

  /**
   * True when any date from `from` to `to` (inclusive, either order) is provisional: a due date computed
   * over this range depends on an unpublished schedule.
   */
  isProvisionalBetween(from: DateKey | Instant, to: DateKey | Instant): boolean {
    const a = yearOfDayNumber(this.toDayNumber(from));
    const b = yearOfDayNumber(this.toDayNumber(to));
    for (let year = Math.min(a, b); year <= Math.max(a, b); year++) {
      if (!this.published.has(year)) return true;
    }
    return false;
  }

  /** Years whose schedule is published (not derived), ascending. */
  publishedYears(): number[] {
    return [...this.published].sort((x, y) => x - y);
  }

  /** The entries (after precedence, derived ones included) for the dates from `from` to `to` inclusive. */
  listEntries(from: DateKey, to: DateKey): DayEntry[] {
    const first = dateKeyToDayNumber(from);
    const last = dateKeyToDayNumber(to);
    const out: DayEntry[] = [];
    for (let day = first; day <= last; day++) {
      const entry = this.entryOf(day);
      if (entry) out.push(entry);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------------
  // Instants and durations

  /**
   * The first working instant at or after `t`: `t` itself inside a working interval, otherwise the start
   * of the next interval (after hours, at lunch, on a day off).
   */
  nextWorkingInstant(t: Instant): Date {
    return new Date(this.nextWorkingMs(toEpochMs(t)));
  }

  /**
   * The due instant `hours` working hours (fractional allowed, 8 = one working day) after the next working
   * instant of `start`. With 0 hours: the next working instant itself.
   */
  addWorkingHours(start: Instant, hours: number): Date {
    return new Date(this.addWorkingMs(toEpochMs(start), this.hoursToMs(hours)));
  }

  /** `addWorkingHours(start, days * 8)`: one working day from Monday 09:00 is due Tuesday 09:00. */
  addWorkingDays(start: Instant, days: number): Date {
    return this.addWorkingHours(start, days * WORKING_HOURS_PER_DAY);
  }

  /**
   * For procedures counted in calendar days: the count starts on the date of the next working instant
   * of `start` (a dossier received after hours or on a day off counts from its first working day), the
   * due date is that date + `days` calendar days, moved to the next working day when it is a day off
   * (Civil Code 2015 Art. 148(5)); the due instant is the end of that working day (17:00 by default).
   */
  addCalendarDays(start: Instant, days: number): Date {
    if (!Number.isInteger(days) || days < 0) throw invalid(`Invalid number of calendar days ${days}.`);
    let day = dayNumberOf(this.nextWorkingMs(toEpochMs(start))) + days;
    day = this.workingDayAtOrAfter(day);
    const lastSpan = this.spans[this.spans.length - 1] as Span;
    return new Date(dayStartMs(day) + lastSpan.end);
  }

  /**
   * Working hours elapsed from `a` to `b` (negative when `b` is before `a`), in deadline hours (8 per
   * working day). `workingHoursBetween(s, addWorkingHours(s, h)) === h` for any `s` and `h >= 0`
   * (to the millisecond).
   */
  workingHoursBetween(a: Instant, b: Instant): number {
    return this.workingMsBetween(toEpochMs(a), toEpochMs(b)) / this.msPerWorkingHour;
  }

  /** Working minutes (deadline minutes, 480 per working day) from `a` to `b`, negative when `b < a`. */
  workingMinutesBetween(a: Instant, b: Instant): number {
    return this.workingHoursBetween(a, b) * 60;
  }

  /**
   * The due instant after supplement pauses (supplement requested → resubmitted). Pauses are merged
   * when they overlap and applied in order: for a pause that starts before the (current) due instant,
   * the working time left at the pause start is counted again from the pause end. A pause that starts at
   * or after the due instant (the step was already late) does not move it.
   */
  extendForPauses(due: Instant, pauses: readonly PauseInterval[]): Date {
    let dueMs = toEpochMs(due);
    const sorted = pauses
      .map((p) => ({ start: toEpochMs(p.start), end: toEpochMs(p.end) }))
      .sort((x, y) => x.start - y.start);
    const merged: { start: number; end: number }[] = [];
    for (const p of sorted) {
      if (p.end < p.start) throw invalid('A pause ends before it starts.', { pause: p });
      const last = merged[merged.length - 1];
      if (last && p.start <= last.end) last.end = Math.max(last.end, p.end);
      else merged.push({ ...p });
    }
    for (const p of merged) {
      if (p.start >= dueMs) continue;
      const left = this.workingMsBetween(p.start, dueMs);
      if (left > 0) dueMs = this.addWorkingMs(p.end, left);
    }
    return new Date(dueMs);
  }

  /** `extendForPauses` with a single pause. */
  extendForPause(due: Instant, pauseStart: Instant, pauseEnd: Instant): Date {
    return this.extendForPauses(due, [{ start: pauseStart, end: pauseEnd }]);
  }

  /**
   * Early / on time / late of a finished step or dossier against its due instant, at minute granularity
   * (both instants are truncated to the minute):
   * - `late` when it finished after the due instant (QĐ 766: on time when end ≤ return date), even
   *   outside working hours (17:05 after a 17:00 due is late);
   * - `on_time` when it finished at the due minute, or before it with less than one working minute left
   *   (e.g. at 11:30 for a 13:30 due), or, with `onTimeWindow: 'working_day'`, on the due date;
   * - `early` otherwise (used < allowed).
   */
  classifyOutcome(finishedAt: Instant, dueAt: Instant, options: { onTimeWindow?: OnTimeWindow } = {}): Outcome {
    const finished = Math.floor(toEpochMs(finishedAt) / MINUTE_MS) * MINUTE_MS;
    const due = Math.floor(toEpochMs(dueAt) / MINUTE_MS) * MINUTE_MS;
    if (finished > due) return 'late';
    if (this.workingMsBetween(finished, due) < MINUTE_MS) return 'on_time';
    if (options.onTimeWindow === 'working_day' && dayNumberOf(finished) === dayNumberOf(due)) return 'on_time';
    return 'early';
  }

  // ---------------------------------------------------------------------------------------------------
  // Internals (epoch milliseconds and Vietnam day numbers)

  private toDayNumber(date: DateKey | Instant): number {
    return typeof date === 'string' ? dateKeyToDayNumber(date) : dayNumberOf(toEpochMs(date));
  }

  private derivedEntries(year: number): Map<number, DayEntry> {
    let map = this.derivedByYear.get(year);
    if (!map) {
      map = new Map();
      for (const entry of deriveStatutoryDaysOff(year, this.rules, this.lunarToSolar)) {
        map.set(dateKeyToDayNumber(entry.date), Object.freeze(entry));
      }
      this.derivedByYear.set(year, map);
    }
    return map;
  }

  private entryOf(day: number): DayEntry | undefined {
    const entry = this.explicit.get(day);
    if (entry) return entry;
    const year = yearOfDayNumber(day);
    return this.published.has(year) ? undefined : this.derivedEntries(year).get(day);
  }

  private isWorkingDayNumber(day: number): boolean {
    const entry = this.entryOf(day);
    if (entry) return WORKING_DAY_KINDS.has(entry.kind);
    return !this.restDays.has(weekdayOfDayNumber(day));
  }

  private workingDayAtOrAfter(day: number): number {
    for (let d = day; d < day + MAX_NON_WORKING_RUN; d++) if (this.isWorkingDayNumber(d)) return d;
    throw invalid(`No working day within ${MAX_NON_WORKING_RUN} days after ${dayNumberToDateKey(day)}.`);
  }

  private hoursToMs(hours: number): number {
    if (!Number.isFinite(hours) || hours < 0) throw invalid(`Invalid number of working hours ${hours}.`);
    return Math.round(hours * this.msPerWorkingHour);
  }

  private nextWorkingMs(t: number): number {
    let day = dayNumberOf(t);
    const time = t - dayStartMs(day);
    if (this.isWorkingDayNumber(day)) {
      for (const span of this.spans) if (time < span.end) return dayStartMs(day) + Math.max(time, span.start);
    }
    day = this.workingDayAtOrAfter(day + 1);
    return dayStartMs(day) + (this.spans[0] as Span).start;
  }

  /** The instant after `need` ms of working time from the next working instant of `t`. */
  private addWorkingMs(t: number, need: number): number {
    const from = this.nextWorkingMs(t);
    if (need <= 0) return from;
    let day = dayNumberOf(from);
    let time = from - dayStartMs(day);
    let left = need;
    for (;;) {
      if (time === 0 && left > this.dayMs) {
        // A whole working day (the loop only lands at time 0 on working days).
        left -= this.dayMs;
      } else {
        for (const span of this.spans) {
          if (time >= span.end) continue;
          const begin = Math.max(time, span.start);
          const available = span.end - begin;
          if (left <= available) return dayStartMs(day) + begin + left;
          left -= available;
        }
      }
      day = this.workingDayAtOrAfter(day + 1);
      time = 0;
    }
  }

  /** Working ms in [a, b] (negative when b < a), day by day. */
  private workingMsBetween(a: number, b: number): number {
    if (b < a) return -this.workingMsBetween(b, a);
    const first = dayNumberOf(a);
    const last = dayNumberOf(b);
    if (first === last) return this.workingMsWithinDay(first, a - dayStartMs(first), b - dayStartMs(first));
    let total = this.workingMsWithinDay(first, a - dayStartMs(first), DAY_MS);
    for (let day = first + 1; day < last; day++) if (this.isWorkingDayNumber(day)) total += this.dayMs;
    return total + this.workingMsWithinDay(last, 0, b - dayStartMs(last));
  }

  private workingMsWithinDay(day: number, from: number, to: number): number {
    if (!this.isWorkingDayNumber(day)) return 0;
    let total = 0;
    for (const span of this.spans) total += Math.max(0, Math.min(to, span.end) - Math.max(from, span.start));
    return total;
  }
}
