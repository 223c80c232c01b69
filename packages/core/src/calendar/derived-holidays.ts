/**
 * Statutory days off derived from the Labor Code for a year whose schedule the Government has not
 * published (yet). Every derived entry is marked `provisional: true` and `source: 'derived'`.
 *
 * Derivation only knows the statutory holidays and the compensatory days off (Art. 111(3)); it cannot
 * guess the swapped days off and make-up Saturdays that the Government decides each year.
 */
import { getLunarDate, getSolarDate } from '@dqcai/vn-lunar';
import { CongsoError } from '../shared/errors';
import type { DayEntry } from './calendar-types';
import { type HolidayRules, LABOR_CODE_2019_RULES } from './holiday-rules';
import { dayNumberFromYmd, dayNumberToDateKey, weekdayOfDayNumber, yearOfDayNumber } from './vn-time';

/**
 * Converts a lunar date (not in a leap month) to a Vietnam day number (days since 1970-01-01).
 * Injectable so that tests or another lunar source can replace @dqcai/vn-lunar.
 */
export type LunarToSolar = (lunarYear: number, lunarMonth: number, lunarDay: number) => number;

/** Lunar → solar with @dqcai/vn-lunar (Vietnamese lunar calendar computed for UTC+7, years 1200-2199). */
export const vnLunarToSolar: LunarToSolar = (lunarYear, lunarMonth, lunarDay) => {
  const solar = getSolarDate(lunarDay, lunarMonth, lunarYear, false);
  // The library answers 0/0/0 out of range and silently rolls over a day that the month does not have
  // (30 of a 29-day month): check the round trip.
  const back = solar.year > 0 ? getLunarDate(solar.day, solar.month, solar.year) : undefined;
  if (!back || back.day !== lunarDay || back.month !== lunarMonth || back.year !== lunarYear || back.leap) {
    throw new CongsoError('VALIDATION_FAILED', {
      messages: { en: `No solar date for lunar ${lunarDay}/${lunarMonth}/${lunarYear}.` },
      details: { lunarYear, lunarMonth, lunarDay },
    });
  }
  return dayNumberFromYmd(solar.year, solar.month, solar.day);
};

/** The solar date of Mùng 1 Tết of the lunar year that starts in solar `year`, `YYYY-MM-DD`. */
export function tetDate(year: number, lunarToSolar: LunarToSolar = vnLunarToSolar): string {
  return dayNumberToDateKey(tetDayNumber(year, lunarToSolar));
}

/** The solar date (day number) of Mùng 1 Tết of the lunar year that starts in solar `year`. */
export function tetDayNumber(year: number, lunarToSolar: LunarToSolar = vnLunarToSolar): number {
  return lunarToSolar(year, 1, 1);
}

interface Holiday {
  day: number;
  key: string;
  nameVi: string;
}

/**
 * The days off of `year` derived from `rules`: statutory holidays (also those on a weekend, as in the
 * official data) and compensatory days off, sorted by date. Entries that would fall outside `year` are
 * dropped (no rule of the Labor Code produces one: the last holiday of the year is 2/9).
 */
export function deriveStatutoryDaysOff(
  year: number,
  rules: HolidayRules = LABOR_CODE_2019_RULES,
  lunarToSolar: LunarToSolar = vnLunarToSolar,
): DayEntry[] {
  if (!Number.isInteger(year)) {
    throw new CongsoError('VALIDATION_FAILED', { messages: { en: `Invalid year ${year}.` } });
  }
  const holidays: Holiday[] = [];
  const add = (day: number, key: string, nameVi: string) => {
    if (!holidays.some((h) => h.day === day)) holidays.push({ day, key, nameVi });
  };

  for (const rule of rules.solar) {
    const day = dayNumberFromYmd(year, rule.month, rule.day);
    add(day, rule.key, rule.nameVi);
    if (rule.adjacentDay) {
      const offset = rule.adjacentDay.offsetByWeekday[weekdayOfDayNumber(day)] ?? 1;
      add(day + offset, rule.key, rule.adjacentDay.nameVi);
    }
  }
  for (const rule of rules.lunar) add(lunarToSolar(year, rule.lunarMonth, rule.lunarDay), rule.key, rule.nameVi);
  const tet = tetDayNumber(year, lunarToSolar);
  for (let i = -rules.tet.daysBeforeNewYear; i < rules.tet.daysFromNewYear; i++) {
    add(tet + i, rules.tet.key, rules.tet.nameVi);
  }
  holidays.sort((a, b) => a.day - b.day);

  const rest = new Set(rules.weeklyRestDays);
  const off = new Set(holidays.map((h) => h.day));
  const entries: { day: number; entry: DayEntry }[] = holidays.map((h) => ({
    day: h.day,
    entry: {
      date: dayNumberToDateKey(h.day),
      kind: 'statutory_holiday',
      source: 'derived',
      occasion: h.key,
      nameVi: h.nameVi,
      provisional: true,
    },
  }));
  if (rules.compensatoryDayOff) {
    for (const h of holidays) {
      if (!rest.has(weekdayOfDayNumber(h.day))) continue;
      let day = h.day + 1;
      while (rest.has(weekdayOfDayNumber(day)) || off.has(day)) day++;
      off.add(day);
      entries.push({
        day,
        entry: {
          date: dayNumberToDateKey(day),
          kind: 'compensatory_day_off',
          source: 'derived',
          occasion: h.key,
          nameVi: `${rules.compensatoryNameVi} ${h.nameVi}`,
          provisional: true,
        },
      });
    }
  }
  return entries
    .filter((e) => yearOfDayNumber(e.day) === year)
    .sort((a, b) => a.day - b.day)
    .map((e) => e.entry);
}
