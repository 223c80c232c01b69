/**
 * Reporting periods of the service-quality index: month, quarter and year in Vietnam time. A period is named
 * by a key (`2026-03`, `2026-Q1`, `2026`) and covers [start, end) as instants.
 */

import { CongsoError } from '../shared/errors';

export const periodKinds = ['month', 'quarter', 'year'] as const;
export type PeriodKind = (typeof periodKinds)[number];

export interface Period {
  kind: PeriodKind;
  key: string;
  start: Date;
  /** Exclusive. */
  end: Date;
}

const VN_OFFSET_MS = 7 * 60 * 60 * 1000;

/** Midnight Vietnam time of the first day of `month` (1-12, may overflow into the next year). */
function vnMonthStart(year: number, month: number): Date {
  return new Date(Date.UTC(year, month - 1, 1) - VN_OFFSET_MS);
}

function vnYearMonth(at: Date): { year: number; month: number } {
  const local = new Date(at.getTime() + VN_OFFSET_MS);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1 };
}

function build(kind: PeriodKind, year: number, first: number, months: number): Period {
  const key =
    kind === 'year'
      ? `${year}`
      : kind === 'quarter'
        ? `${year}-Q${(first + 2) / 3}`
        : `${year}-${String(first).padStart(2, '0')}`;
  return { kind, key, start: vnMonthStart(year, first), end: vnMonthStart(year, first + months) };
}

/** The period of a kind that holds an instant. */
export function periodOf(kind: PeriodKind, at: Date): Period {
  const { year, month } = vnYearMonth(at);
  if (kind === 'year') return build('year', year, 1, 12);
  if (kind === 'quarter') return build('quarter', year, month - ((month - 1) % 3), 3);
  return build('month', year, month, 1);
}

/** The month, quarter and year holding an instant. */
export function periodsOf(at: Date): Period[] {
  return periodKinds.map((k) => periodOf(k, at));
}

const keyPatterns: Record<PeriodKind, RegExp> = {
  month: /^(\d{4})-(0[1-9]|1[0-2])$/,
  quarter: /^(\d{4})-Q([1-4])$/,
  year: /^(\d{4})$/,
};

/** The period named by a key (`2026-03`, `2026-Q1`, `2026`); VALIDATION_FAILED otherwise. */
export function parsePeriod(kind: PeriodKind, key: string): Period {
  const m = keyPatterns[kind].exec(key);
  const year = m ? Number(m[1]) : 0;
  if (!m || year < 2000 || year > 2099) {
    throw new CongsoError('VALIDATION_FAILED', {
      messages: { vi: 'Kỳ báo cáo không hợp lệ.', en: 'The period is not valid.' },
      details: [{ path: 'period', code: 'invalid_period' }],
    });
  }
  if (kind === 'year') return build('year', year, 1, 12);
  if (kind === 'quarter') return build('quarter', year, (Number(m[2]) - 1) * 3 + 1, 3);
  return build('month', year, Number(m[2]), 1);
}

/** The period just before. */
export function previousPeriod(period: Period): Period {
  return periodOf(period.kind, new Date(period.start.getTime() - 1));
}

/** The periods whose end (exclusive bound) lies in (after, upTo]: the month ends, with the quarter and year ends among them. */
export function periodsEndingBetween(after: Date, upTo: Date): Period[] {
  const out: Period[] = [];
  let month = periodOf('month', new Date(after.getTime()));
  // The first candidate end is the end of the month holding `after`.
  while (month.end.getTime() <= upTo.getTime()) {
    if (month.end.getTime() > after.getTime()) {
      for (const kind of periodKinds) {
        const p = periodOf(kind, new Date(month.end.getTime() - 1));
        if (p.end.getTime() === month.end.getTime()) out.push(p);
      }
    }
    month = periodOf('month', month.end);
  }
  return out;
}

/** The start of the month holding an instant: the horizon up to which period ends are sealed. */
export function sealedHorizon(now: Date): Date {
  return periodOf('month', now).start;
}
