/**
 * Types shared by the calendar context (working time for legal deadlines).
 */

/** A calendar date in Vietnam, `YYYY-MM-DD`. */
export type DateKey = string;

/**
 * An instant: a JS `Date` or epoch milliseconds (UTC). Local dates and clock times are always read in
 * Vietnam time (UTC+7, no daylight saving time).
 */
export type Instant = Date | number;

/** Kinds of days in the Government's yearly schedule (the `kind` column of the official CSV). */
export type OfficialDayKind =
  | 'statutory_holiday' // ngày lễ, Tết (Labor Code 2019 Art. 112), even when it falls on a weekend
  | 'compensatory_day_off' // nghỉ bù: a holiday fell on the weekly rest day (Art. 111(3))
  | 'swapped_day_off' // ngày nghỉ hoán đổi: a working day given off, made up on a Saturday
  | 'makeup_workday' // ngày làm bù: a Saturday (or Sunday) that becomes a working day
  | 'weekend_in_break'; // a Saturday/Sunday inside a holiday break (listed for display only)

/** Kinds of calendar entries: the official kinds plus a day off decided by the province. */
export type DayKind = OfficialDayKind | 'local_day_off';

/** Where an entry comes from. Precedence on the same date: province > official > derived. */
export type DaySource = 'official' | 'province' | 'derived';

/** Who an official day applies to (the `applies_to` column). */
export type AppliesTo = 'all_employees' | 'public_sector';

/** One row of the official schedule (see official-days-off.ts, generated from the shared CSV). */
export interface OfficialDayOff {
  date: DateKey;
  kind: OfficialDayKind;
  /** Occasion key, e.g. `tet_nguyen_dan`, `30_4_1_5`, `quoc_khanh`. */
  occasion: string;
  /** Vietnamese name as published. */
  nameVi: string;
  appliesTo: AppliesTo;
  /** Lunar date label when the CSV gives one, e.g. `Mùng 1 Tết Bính Ngọ`. */
  lunarDate?: string;
  /** The source cited for the row (legal text, dispatch or news report). */
  reference: string;
}

/**
 * One entry of a working calendar: a day off, or a make-up working day. Days without an entry follow
 * the week (Monday-Friday working, Saturday and Sunday off).
 */
export interface DayEntry {
  date: DateKey;
  kind: DayKind;
  source: DaySource;
  occasion?: string;
  nameVi?: string;
  /** True when the entry was derived from the Labor Code for a year without a published schedule. */
  provisional?: boolean;
}

/** A working interval of the day in Vietnam local time, `HH:MM` (end exclusive, `24:00` allowed). */
export interface WorkingInterval {
  start: string;
  end: string;
}

/** What the calendar knows about one date. */
export interface DayInfo {
  date: DateKey;
  /** 0 = Sunday ... 6 = Saturday. */
  weekday: number;
  working: boolean;
  /** The entry that decided the day, if any (after province > official > derived precedence). */
  entry?: DayEntry;
  /** True when the date's year has no published schedule (its days off are derived, hence provisional). */
  provisional: boolean;
}

/** A supplement pause: from the supplement request to the resubmission. */
export interface PauseInterval {
  start: Instant;
  end: Instant;
}

export type Outcome = 'early' | 'on_time' | 'late';
