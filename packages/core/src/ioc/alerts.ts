/**
 * Alert rules as data: what the operations center watches, and the pure evaluation of each kind of rule on
 * the figures the server reads (ranking rows, open dossiers, failed sign-ins). A finding names its subject
 * (an agency, a dossier, the sign-in service) and its window (a period, "open", an hour): the server keeps one
 * alert per rule, subject and window, refreshed while the finding holds and resolved when it no longer does.
 */
import { z } from 'zod';
import type { LocalizedText } from '../shared/errors';

export const alertKinds = ['on_time_below', 'late_over_days', 'sign_in_failures'] as const;
export type AlertKind = (typeof alertKinds)[number];

export const alertKindLabels = {
  on_time_below: { vi: 'Tỷ lệ đúng hạn của cơ quan dưới ngưỡng', en: "An agency's on-time rate below a threshold" },
  late_over_days: { vi: 'Hồ sơ quá hạn quá số ngày', en: 'Dossiers late by more than a number of days' },
  sign_in_failures: { vi: 'Đăng nhập sai dồn dập', en: 'A burst of failed sign-ins' },
} as const satisfies Record<AlertKind, LocalizedText>;

/** A rule's kind and parameters, as an administrator edits them (checked on every write). */
export const alertRuleSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('on_time_below'),
    params: z.strictObject({
      /** Percent: an agency (with its sub-units) whose on-time rate is below it. */
      threshold: z.number().min(0).max(100),
      period: z.enum(['month', 'quarter', 'year']).default('month'),
      /** Fewer dossiers finished or in progress than this: not judged (too few to mean anything). */
      minDossiers: z.number().int().min(1).max(100_000).default(5),
    }),
  }),
  z.strictObject({
    kind: z.literal('late_over_days'),
    params: z.strictObject({ days: z.number().int().min(0).max(365) }),
  }),
  z.strictObject({
    kind: z.literal('sign_in_failures'),
    params: z.strictObject({
      /** At least this many failed sign-ins… */
      count: z.number().int().min(1).max(100_000),
      /** …within this many minutes before the evaluation. */
      minutes: z.number().int().min(1).max(1440),
    }),
  }),
]);
export type AlertRuleSpec = z.infer<typeof alertRuleSpecSchema>;

export interface AlertFinding {
  subjectKind: 'agency' | 'dossier' | 'sign_in';
  subjectId: string;
  subjectName: string;
  windowKey: string;
  value: number;
  threshold: number;
  message: LocalizedText;
}

export interface AgencyRate {
  id: string;
  name: string;
  /** On-time ratio (0-1) of the period, null when nothing to count. */
  onTime: number | null;
  /** Dossiers judged: finished in the period plus in progress at its end. */
  dossiers: number;
}

const pct = (v: number) => Math.round(v * 10) / 10;

/** Agencies whose on-time rate of the period is below the threshold (with at least `minDossiers` judged). */
export function onTimeFindings(
  params: Extract<AlertRuleSpec, { kind: 'on_time_below' }>['params'],
  periodKey: string,
  rows: readonly AgencyRate[],
): AlertFinding[] {
  const out: AlertFinding[] = [];
  for (const r of rows) {
    if (r.onTime === null || r.dossiers < params.minDossiers) continue;
    const value = pct(r.onTime * 100);
    if (value >= params.threshold) continue;
    out.push({
      subjectKind: 'agency',
      subjectId: r.id,
      subjectName: r.name,
      windowKey: periodKey,
      value,
      threshold: params.threshold,
      message: {
        vi: `${r.name}: tỷ lệ đúng hạn kỳ ${periodKey} là ${value.toLocaleString('vi-VN')} %, dưới ngưỡng ${params.threshold.toLocaleString('vi-VN')} % (${r.dossiers} hồ sơ).`,
        en: `${r.name}: on-time rate for ${periodKey} is ${value} %, below ${params.threshold} % (${r.dossiers} dossiers).`,
      },
    });
  }
  return out;
}

export interface OpenDossier {
  dossierId: string;
  code: string;
  procedureName: string;
  dueAt: string | null;
}

const DAY = 86_400_000;

/** Dossiers in progress more than `days` whole days past their return date at `now`. */
export function lateDaysFindings(
  params: Extract<AlertRuleSpec, { kind: 'late_over_days' }>['params'],
  open: readonly OpenDossier[],
  now: Date,
): AlertFinding[] {
  const out: AlertFinding[] = [];
  for (const d of open) {
    if (!d.dueAt) continue;
    const late = Math.floor((now.getTime() - Date.parse(d.dueAt)) / DAY);
    if (late <= params.days) continue;
    out.push({
      subjectKind: 'dossier',
      subjectId: d.dossierId,
      subjectName: d.code,
      windowKey: 'open',
      value: late,
      threshold: params.days,
      message: {
        vi: `Hồ sơ ${d.code} (${d.procedureName}) quá hạn ${late} ngày.`,
        en: `Dossier ${d.code} (${d.procedureName}) is ${late} days late.`,
      },
    });
  }
  return out;
}

/** The Vietnam hour of an instant, "2026-12-07T09": the window of a sign-in burst. */
export const vnHourKey = (at: Date) => new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 13);

/**
 * A burst of failed sign-ins: at least `count` failures in the `minutes` before `now` (across accounts: a
 * guessing attack spreads over many names). `failures` are their instants, any order.
 */
export function signInFindings(
  params: Extract<AlertRuleSpec, { kind: 'sign_in_failures' }>['params'],
  failures: readonly Date[],
  now: Date,
): AlertFinding[] {
  const from = now.getTime() - params.minutes * 60_000;
  const n = failures.filter((at) => at.getTime() > from && at.getTime() <= now.getTime()).length;
  if (n < params.count) return [];
  return [
    {
      subjectKind: 'sign_in',
      subjectId: 'sign_in',
      subjectName: 'Đăng nhập / Sign-in',
      windowKey: vnHourKey(now),
      value: n,
      threshold: params.count,
      message: {
        vi: `${n} lần đăng nhập sai trong ${params.minutes} phút (ngưỡng ${params.count}).`,
        en: `${n} failed sign-ins within ${params.minutes} minutes (threshold ${params.count}).`,
      },
    },
  ];
}
