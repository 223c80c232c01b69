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
 *
 * These are the decree's defaults. A province changes them as data (`ReportingPeriods`): a rule per kind moves the
 * day windows end on from a period on, and an override sets one period's window or deadline apart, with a reason.
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
  /** The submission deadline the province set for this period (replacing templates' rules), or null. */
  deadline: DateKey | null;
  /** Why the province set this period apart (its override's reason), or null under the rules. */
  adjustment: string | null;
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

/** The decree's cut-off: windows end on the 14th of the period's last month (and start on the 15th before it). */
export const DECREE_CUTOFF_END_DAY = 14;

/**
 * A province's rule for a kind of period, as data: from `fromPeriodKey` on (until a later rule), windows end on
 * day `cutoffEndDay` of the period's last month (1-31; a day past the month's end is its last day, so 31 means
 * "the last day of the month") and start on the day after the previous period's end, so that consecutive windows
 * tile the days even where a rule changes. With no rule, the decree's 14th applies.
 */
export interface ReportingPeriodRule {
  kind: ReportingPeriodKind;
  fromPeriodKey: string;
  cutoffEndDay: number;
}

/**
 * One period set apart by the province: its own window and/or its own submission deadline (which then replaces
 * every template's working-days rule for that period). Null fields keep the rule's value.
 */
export interface ReportingPeriodOverride {
  kind: ReportingPeriodKind;
  periodKey: string;
  cutoffStart: DateKey | null;
  cutoffEnd: DateKey | null;
  deadline: DateKey | null;
  reason: string;
}

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
/** Day `d` of a month (month 0 = December of the year before), clamped to the month's last day. */
const clampedDay = (year: number, month: number, d: number): DateKey => {
  const y = month === 0 ? year - 1 : year;
  const m = month === 0 ? 12 : month;
  return day(y, m, Math.min(d, daysInMonth(y, m)));
};
const nextDay = (date: DateKey): DateKey => vnDateKey(new Date(vnInstant(date).getTime() + 86_400_000));

const invalidPeriod = () =>
  new CongsoError('VALIDATION_FAILED', {
    messages: { vi: 'Kỳ báo cáo không hợp lệ.', en: 'The reporting period is not valid.' },
    details: [{ path: 'period', code: 'invalid_period' }],
  });

/** The index of a period in its year (1-based) and its year, from a key of its kind; null when not a key. */
function keyParts(kind: ReportingPeriodKind, key: string): { year: number; index: number } | null {
  const m = periodRules[kind]?.pattern.exec(key);
  const year = m ? Number(m[1]) : 0;
  if (!m || year < 2000 || year > 2099) return null;
  return { year, index: kind === 'nine_months' || kind === 'year' ? 1 : Number(m[2]) };
}

/** Whether a key names a period of the kind. */
export function isReportingPeriodKey(kind: ReportingPeriodKind, key: string): boolean {
  return keyParts(kind, key) !== null;
}

/**
 * The reporting periods under a province's rules and overrides (the decree's alone when both are empty). Keys of
 * one kind sort in time order, which the rules' `fromPeriodKey` relies on.
 */
export class ReportingPeriods {
  private readonly rules: Map<ReportingPeriodKind, ReportingPeriodRule[]>;
  private readonly overrides: Map<string, ReportingPeriodOverride>;

  constructor(rules: readonly ReportingPeriodRule[] = [], overrides: readonly ReportingPeriodOverride[] = []) {
    this.rules = new Map();
    for (const r of [...rules].sort((a, b) => (a.fromPeriodKey < b.fromPeriodKey ? -1 : 1))) {
      this.rules.set(r.kind, [...(this.rules.get(r.kind) ?? []), r]);
    }
    this.overrides = new Map(overrides.map((o) => [`${o.kind}|${o.periodKey}`, o]));
  }

  /** The day of the month a period's window ends on, under the rule in force for it. */
  cutoffEndDayOf(kind: ReportingPeriodKind, key: string): number {
    let endDay = DECREE_CUTOFF_END_DAY;
    for (const r of this.rules.get(kind) ?? []) if (r.fromPeriodKey <= key) endDay = r.cutoffEndDay;
    return endDay;
  }

  /** The rule in force for a period, or null for the decree's. */
  ruleOf(kind: ReportingPeriodKind, key: string): ReportingPeriodRule | null {
    let rule: ReportingPeriodRule | null = null;
    for (const r of this.rules.get(kind) ?? []) if (r.fromPeriodKey <= key) rule = r;
    return rule;
  }

  /** The same rules with no period set apart. */
  withoutOverrides(): ReportingPeriods {
    return new ReportingPeriods([...this.rules.values()].flat(), []);
  }

  overrideOf(kind: ReportingPeriodKind, key: string): ReportingPeriodOverride | null {
    return this.overrides.get(`${kind}|${key}`) ?? null;
  }

  private build(kind: ReportingPeriodKind, year: number, index: number): ReportingPeriod {
    const rule = periodRules[kind];
    const [first, last] = rule.months(index);
    const key = rule.key(year, index);
    // The window ends on the rule's day of the last month and starts on the day after the previous period's end,
    // which falls in the month before the first month (a half, 9 months and a year starting in January: December
    // of the year before); the previous period's own rule gives that day.
    const previousKey = index > 1 ? rule.key(year, index - 1) : rule.key(year - 1, rule.count);
    const previousEndDay = this.cutoffEndDayOf(kind, kind === 'nine_months' ? rule.key(year, 1) : previousKey);
    const override = this.overrideOf(kind, key);
    return {
      kind,
      key,
      year,
      months: range(first, last),
      cutoffStart: override?.cutoffStart ?? nextDay(clampedDay(year, first - 1, previousEndDay)),
      cutoffEnd: override?.cutoffEnd ?? clampedDay(year, last, this.cutoffEndDayOf(kind, key)),
      deadline: override?.deadline ?? null,
      adjustment: override ? override.reason : null,
      label: labelOf(kind, year, index),
    };
  }

  /** The period named by a key of its kind; VALIDATION_FAILED otherwise. */
  parse(kind: ReportingPeriodKind, key: string): ReportingPeriod {
    const parts = keyParts(kind, key);
    if (!parts) throw invalidPeriod();
    return this.build(kind, parts.year, parts.index);
  }

  /**
   * The period of a kind whose cut-off window holds a date; where windows leave a date uncovered (9 months
   * leaves 15/9 → 14/12; an override may shorten a window), the next period that starts after it.
   */
  holding(kind: ReportingPeriodKind, date: DateKey): ReportingPeriod {
    const year = Number(date.slice(0, 4));
    const candidates = [year - 1, year, year + 1, year + 2].flatMap((y) => this.ofYear(kind, y));
    return (
      candidates.find((p) => p.cutoffStart <= date && date <= p.cutoffEnd) ??
      (candidates.find((p) => p.cutoffStart > date) as ReportingPeriod)
    );
  }

  /** The period of the same kind just before (Q1 → Q4 of the year before; 9 months and years → a year before). */
  previous(p: ReportingPeriod): ReportingPeriod {
    const index = indexOf(p);
    if (index > 1) return this.build(p.kind, p.year, index - 1);
    return this.build(p.kind, p.year - 1, periodRules[p.kind].count);
  }

  /** The same period of the year before. */
  sameLastYear(p: ReportingPeriod): ReportingPeriod {
    return this.build(p.kind, p.year - 1, indexOf(p));
  }

  /** The periods of a kind in a year, in order. */
  ofYear(kind: ReportingPeriodKind, year: number): ReportingPeriod[] {
    return range(1, periodRules[kind].count).map((i) => this.build(kind, year, i));
  }
}

/** The decree's periods, with no rule or override of a province. */
export const decreeReportingPeriods = new ReportingPeriods();

/** The period named by a key of its kind under the decree's rules; VALIDATION_FAILED otherwise. */
export function parseReportingPeriod(kind: ReportingPeriodKind, key: string): ReportingPeriod {
  return decreeReportingPeriods.parse(kind, key);
}

/** The period of a kind whose cut-off window holds a date (the decree's rules). */
export function reportingPeriodHolding(kind: ReportingPeriodKind, date: DateKey): ReportingPeriod {
  return decreeReportingPeriods.holding(kind, date);
}

/** The period of the same kind just before. */
export function previousReportingPeriod(p: ReportingPeriod): ReportingPeriod {
  return decreeReportingPeriods.previous(p);
}

/** The same period of the year before. */
export function samePeriodLastYear(p: ReportingPeriod): ReportingPeriod {
  return decreeReportingPeriods.sameLastYear(p);
}

function indexOf(p: ReportingPeriod): number {
  const first = p.months[0] as number;
  return p.kind === 'month' ? first : p.kind === 'quarter' ? (first + 2) / 3 : p.kind === 'half' ? (first + 5) / 6 : 1;
}

/** The periods of a kind in a year, in order (the decree's rules). */
export function reportingPeriodsOfYear(kind: ReportingPeriodKind, year: number): ReportingPeriod[] {
  return decreeReportingPeriods.ofYear(kind, year);
}

const fieldError = (path: string, code: string, vi: string, en: string) =>
  new CongsoError('VALIDATION_FAILED', { messages: { vi, en }, details: [{ path, code }] });

/** A rule as the province typed it, checked: a key of its kind and a day of the month (1-31). */
export function checkPeriodRule(input: ReportingPeriodRule): ReportingPeriodRule {
  if (!isReportingPeriodKey(input.kind, input.fromPeriodKey)) {
    throw fieldError('fromPeriodKey', 'invalid_period', 'Kỳ áp dụng không hợp lệ.', 'The first period is not valid.');
  }
  if (!Number.isInteger(input.cutoffEndDay) || input.cutoffEndDay < 1 || input.cutoffEndDay > 31) {
    throw fieldError(
      'cutoffEndDay',
      'out_of_range',
      'Ngày chốt số liệu phải từ 1 đến 31 (31: ngày cuối tháng).',
      'The cut-off day must be 1 to 31 (31: the last day of the month).',
    );
  }
  return { kind: input.kind, fromPeriodKey: input.fromPeriodKey, cutoffEndDay: input.cutoffEndDay };
}

/**
 * An override as the province typed it, checked against the period it sets apart: at least one of the window's
 * bounds or the deadline, and a reason; the window's start before its end, at most 400 days long, ending between
 * the first day of the period's first month and the last day of the month after its last; the deadline a working
 * day, not before the window's end.
 */
export function checkPeriodOverride(
  periods: ReportingPeriods,
  input: ReportingPeriodOverride,
  calendar: WorkingCalendar,
): ReportingPeriodOverride {
  const parts = keyParts(input.kind, input.periodKey);
  if (!parts) throw fieldError('periodKey', 'invalid_period', 'Kỳ báo cáo không hợp lệ.', 'The period is not valid.');
  const reason = input.reason.trim();
  if (!reason) {
    throw fieldError('reason', 'required', 'Cần ghi lý do điều chỉnh kỳ.', 'Give the reason for the adjustment.');
  }
  if (!input.cutoffStart && !input.cutoffEnd && !input.deadline) {
    throw fieldError(
      'deadline',
      'required',
      'Cần điều chỉnh ít nhất thời gian chốt số liệu hoặc hạn nộp.',
      'Set at least the cut-off window or the deadline.',
    );
  }
  // The period under the rules alone, so the override's empty fields keep the rules' values.
  const ruled = periods.withoutOverrides().parse(input.kind, input.periodKey);
  const start = input.cutoffStart ?? ruled.cutoffStart;
  const end = input.cutoffEnd ?? ruled.cutoffEnd;
  if (start > end) {
    throw fieldError(
      'cutoffStart',
      'after_end',
      'Ngày bắt đầu chốt số liệu phải trước ngày kết thúc.',
      'The cut-off window must start before it ends.',
    );
  }
  const days = (vnInstant(end).getTime() - vnInstant(start).getTime()) / 86_400_000;
  const first = ruled.months[0] as number;
  const last = ruled.months[ruled.months.length - 1] as number;
  const earliestEnd = day(parts.year, first, 1);
  const latestEnd = last === 12 ? clampedDay(parts.year + 1, 1, 31) : clampedDay(parts.year, last + 1, 31);
  if (days > 400 || end < earliestEnd || end > latestEnd) {
    throw fieldError(
      'cutoffEnd',
      'outside_period',
      'Thời gian chốt số liệu không khớp với kỳ báo cáo.',
      'The cut-off window does not fit the period.',
    );
  }
  if (input.deadline) {
    if (!calendar.isWorkingDay(input.deadline)) {
      throw fieldError('deadline', 'day_off', 'Hạn nộp rơi vào ngày nghỉ.', 'The deadline falls on a day off.');
    }
    if (input.deadline < end) {
      throw fieldError(
        'deadline',
        'before_cutoff',
        'Hạn nộp không được trước ngày chốt số liệu.',
        'The deadline cannot be before the cut-off.',
      );
    }
  }
  return {
    kind: input.kind,
    periodKey: input.periodKey,
    cutoffStart: input.cutoffStart,
    cutoffEnd: input.cutoffEnd,
    deadline: input.deadline,
    reason,
  };
}

/** The deadline rule of a template: due `workingDays` working days after the cut-off's last day. */
export interface DeadlineRule {
  workingDays: number;
}

/**
 * The last day a report may be submitted on time, as a Vietnam date: the period's own deadline when the province
 * set one, else `rule.workingDays` working days after the cut-off (a working day).
 */
export function submissionDeadline(p: ReportingPeriod, rule: DeadlineRule, calendar: WorkingCalendar): DateKey {
  // A deadline the province set for the period replaces the template's rule.
  if (p.deadline) return p.deadline;
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
