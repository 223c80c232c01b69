/**
 * Reporting periods of Nghị định 09/2019/NĐ-CP as data: monthly, quarterly, 6-month, 9-month and yearly, each
 * with its data cut-off window (thời gian chốt số liệu) and its submission deadline. Dates are Vietnam calendar
 * dates (`YYYY-MM-DD`), both bounds of a window inclusive. Keys: `2026-03`, `2026-Q1`, `2026-H1`, `2026-9M`,
 * `2026`.
 *
 * Cut-offs (REFERENCES.md section 5, as provincial rules copying the decree state them): monthly 15th of the
 * previous month → 14th; quarterly 15th of the month before the quarter → 14th of its last month; first half
 * 15/12 of the year before → 14/6, second half 15/6 → 14/12; nine months 15/12 of the year before → 14/9;
 * yearly 15/12 of the year before → 14/12. The decree leaves deadlines to each reporting regime: a template
 * says how many working days after the cut-off its reports are due (Khánh Hòa's rule: 2), counted on the
 * working calendar, so a deadline never falls on a day off (weekends, Tết, make-up Saturdays work).
 */
import type { DateKey } from '../calendar/calendar-types';
import { vnDateKey, vnInstant } from '../calendar/vn-time';
import type { WorkingCalendar } from '../calendar/working-calendar';
import { CongsoError, type LocalizedText } from '../shared/errors';

export const reportingPeriodKinds = ['month', 'quarter', 'half', 'nine_months', 'year'] as const;
export type ReportingPeriodKind = (typeof reportingPeriodKinds)[number];

export const reportingPeriodKindLabels = {
  month: { vi: 'Hằng tháng', en: 'Monthly' },
  quarter: { vi: 'Hằng quý', en: 'Quarterly' },
  half: { vi: '6 tháng', en: '6 months' },
  nine_months: { vi: '9 tháng', en: '9 months' },
  year: { vi: 'Hằng năm', en: 'Yearly' },
} as const satisfies Record<ReportingPeriodKind, LocalizedText>;

export interface ReportingPeriod {
  kind: ReportingPeriodKind;
  key: string;
  year: number;
  /** The calendar months the period covers (1-12), for figures kept per calendar month. */
  months: readonly number[];
  /** First and last day of the data cut-off window, inclusive. */
  cutoffStart: DateKey;
  cutoffEnd: DateKey;
  label: LocalizedText;
}

const pad = (n: number) => String(n).padStart(2, '0');
const day = (year: number, month: number, d: number): DateKey => {
  // month may be 0 (December of the year before).
  const y = month === 0 ? year - 1 : year;
  const m = month === 0 ? 12 : month;
  return `${y}-${pad(m)}-${pad(d)}`;
};
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The rule of each kind as data: the months it covers for a given index, and the key's pattern. */
const periodRules: Record<
  ReportingPeriodKind,
  { pattern: RegExp; count: number; months: (i: number) => [number, number]; key: (y: number, i: number) => string }
> = {
  month: { pattern: /^(\d{4})-(0[1-9]|1[0-2])$/, count: 12, months: (i) => [i, i], key: (y, i) => `${y}-${pad(i)}` },
  quarter: { pattern: /^(\d{4})-Q([1-4])$/, count: 4, months: (i) => [3 * i - 2, 3 * i], key: (y, i) => `${y}-Q${i}` },
  half: { pattern: /^(\d{4})-H([12])$/, count: 2, months: (i) => [6 * i - 5, 6 * i], key: (y, i) => `${y}-H${i}` },
  nine_months: { pattern: /^(\d{4})-(9)M$/, count: 1, months: () => [1, 9], key: (y) => `${y}-9M` },
  year: { pattern: /^(\d{4})()$/, count: 1, months: () => [1, 12], key: (y) => `${y}` },
};

function labelOf(kind: ReportingPeriodKind, year: number, index: number): LocalizedText {
  switch (kind) {
    case 'month':
      return { vi: `Tháng ${pad(index)}/${year}`, en: `${year}-${pad(index)}` };
    case 'quarter':
      return { vi: `Quý ${['I', 'II', 'III', 'IV'][index - 1]} năm ${year}`, en: `Q${index} ${year}` };
    case 'half':
      return { vi: `6 tháng ${index === 1 ? 'đầu' : 'cuối'} năm ${year}`, en: `H${index} ${year}` };
    case 'nine_months':
      return { vi: `9 tháng năm ${year}`, en: `9 months of ${year}` };
    case 'year':
      return { vi: `Năm ${year}`, en: `Year ${year}` };
  }
}

function build(kind: ReportingPeriodKind, year: number, index: number): ReportingPeriod {
  const [first, last] = periodRules[kind].months(index);
  return {
    kind,
    key: periodRules[kind].key(year, index),
    year,
    months: range(first, last),
    // The window starts on the 15th of the month before the first month (a half, 9 months and a year starting
    // in January: 15/12 of the year before; the second half: 15/6) and ends on the 14th of the last month.
    cutoffStart: day(year, first - 1, 15),
    cutoffEnd: day(year, last, 14),
    label: labelOf(kind, year, index),
  };
}

const invalidPeriod = () =>
  new CongsoError('VALIDATION_FAILED', {
    messages: { vi: 'Kỳ báo cáo không hợp lệ.', en: 'The reporting period is not valid.' },
    details: [{ path: 'period', code: 'invalid_period' }],
  });

/** The period named by a key of its kind; VALIDATION_FAILED otherwise. */
export function parseReportingPeriod(kind: ReportingPeriodKind, key: string): ReportingPeriod {
  const rule = periodRules[kind];
  const m = rule?.pattern.exec(key);
  const year = m ? Number(m[1]) : 0;
  if (!m || year < 2000 || year > 2099) throw invalidPeriod();
  return build(kind, year, kind === 'nine_months' || kind === 'year' ? 1 : Number(m[2]));
}

/** The period of a kind whose cut-off window holds a date. */
export function reportingPeriodHolding(kind: ReportingPeriodKind, date: DateKey): ReportingPeriod {
  const year = Number(date.slice(0, 4));
  // Windows end on the 14th: a date after the 14th of December belongs to the next year's first period.
  for (const y of [year, year + 1]) {
    for (const i of range(1, periodRules[kind].count)) {
      const p = build(kind, y, i);
      if (p.cutoffStart <= date && date <= p.cutoffEnd) return p;
    }
  }
  // 9 months leaves 15/9 → 14/12 uncovered: the next 9-month period is the next year's.
  return build(kind, year + 1, 1);
}

/** The period of the same kind just before (Q1 → Q4 of the year before; 9 months and years → a year before). */
export function previousReportingPeriod(p: ReportingPeriod): ReportingPeriod {
  const index = indexOf(p);
  if (index > 1) return build(p.kind, p.year, index - 1);
  return build(p.kind, p.year - 1, periodRules[p.kind].count);
}

/** The same period of the year before. */
export function samePeriodLastYear(p: ReportingPeriod): ReportingPeriod {
  return build(p.kind, p.year - 1, indexOf(p));
}

function indexOf(p: ReportingPeriod): number {
  const first = p.months[0] as number;
  return p.kind === 'month' ? first : p.kind === 'quarter' ? (first + 2) / 3 : p.kind === 'half' ? (first + 5) / 6 : 1;
}

/** The periods of a kind in a year, in order. */
export function reportingPeriodsOfYear(kind: ReportingPeriodKind, year: number): ReportingPeriod[] {
  return range(1, periodRules[kind].count).map((i) => build(kind, year, i));
}

/** The deadline rule of a template: due `workingDays` working days after the cut-off's last day. */
export interface DeadlineRule {
  workingDays: number;
}

/** The last day a report may be submitted on time (a working day), as a Vietnam date. */
export function submissionDeadline(p: ReportingPeriod, rule: DeadlineRule, calendar: WorkingCalendar): DateKey {
  let date = vnInstant(p.cutoffEnd);
  let left = rule.workingDays;
  if (left <= 0) {
    // Due on the cut-off day itself, or the first working day after it when that is a day off.
    while (!calendar.isWorkingDay(vnDateKey(date))) date = new Date(date.getTime() + 86_400_000);
    return vnDateKey(date);
  }
  while (left > 0) {
    date = new Date(date.getTime() + 86_400_000);
    if (calendar.isWorkingDay(vnDateKey(date))) left -= 1;
  }
  return vnDateKey(date);
}

/** The instant the deadline passes: the start of the day after the deadline (Vietnam time). */
export function deadlinePassesAt(deadline: DateKey): Date {
  return new Date(vnInstant(deadline).getTime() + 86_400_000);
}

/** Figures of a period may be entered from the first day of its cut-off window. */
export function entryOpensAt(p: ReportingPeriod): Date {
  return vnInstant(p.cutoffStart);
}
