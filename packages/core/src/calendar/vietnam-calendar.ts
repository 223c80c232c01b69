/**
 * The working calendar of a Vietnamese province: the Government's published schedule (generated data),
 * the Labor Code rules for unpublished years, and the province's own entries on top.
 */
import type { DayEntry, OfficialDayOff, WorkingInterval } from './calendar-types';
import { OFFICIAL_DAYS_OFF } from './official-days-off';
import { WorkingCalendar } from './working-calendar';

/** Official schedule rows as calendar entries (`source: 'official'`). */
export function officialDayEntries(days: readonly OfficialDayOff[] = OFFICIAL_DAYS_OFF): DayEntry[] {
  return days.map((d) => ({ date: d.date, kind: d.kind, source: 'official', occasion: d.occasion, nameVi: d.nameVi }));
}

/** A day off or make-up working day decided by the province (its `source` is set to `province`). */
export type ProvinceDayEntry = Omit<DayEntry, 'source' | 'provisional'>;

export interface VietnamCalendarOptions {
  /** Local days off (`local_day_off`) or make-up days (`makeup_workday`); they override official days. */
  provinceEntries?: readonly ProvinceDayEntry[];
  /** Working intervals; default 07:00-11:30, 13:30-17:00. */
  workingHours?: readonly WorkingInterval[];
  /** Official schedule rows; default the generated OFFICIAL_DAYS_OFF. */
  officialDays?: readonly OfficialDayOff[];
  /** Years to treat as published beyond those present in the official rows. */
  publishedYears?: readonly number[];
}

export function createVietnamCalendar(options: VietnamCalendarOptions = {}): WorkingCalendar {
  const entries: DayEntry[] = [
    ...officialDayEntries(options.officialDays),
    ...(options.provinceEntries ?? []).map((e): DayEntry => ({ ...e, source: 'province' })),
  ];
  return new WorkingCalendar({
    entries,
    ...(options.workingHours ? { workingHours: options.workingHours } : {}),
    ...(options.publishedYears ? { publishedYears: options.publishedYears } : {}),
  });
}
