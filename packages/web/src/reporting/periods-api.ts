import type { LocalizedText, ReportingPeriodKind } from '@congso/core';
import { api } from '../app/api';

/** The reporting periods' API (GET /reporting/periods, the rules and the periods set apart). */

const base = '/reporting';
const enc = encodeURIComponent;

export interface PeriodRule {
  kind: ReportingPeriodKind;
  fromPeriodKey: string;
  cutoffEndDay: number;
  note: string | null;
  version: number;
  updatedAt: string;
}

export interface PeriodOverride {
  kind: ReportingPeriodKind;
  periodKey: string;
  cutoffStart: string | null;
  cutoffEnd: string | null;
  deadline: string | null;
  reason: string;
  version: number;
  updatedAt: string;
}

export interface CalendarPeriod {
  kind: ReportingPeriodKind;
  key: string;
  label: LocalizedText;
  cutoffStart: string;
  cutoffEnd: string;
  cutoffEndDay: number;
  ruleFrom: string | null;
  current: boolean;
  closed: boolean;
  override: PeriodOverride | null;
  deadlines: { templateCode: string; templateName: LocalizedText; deadline: string }[];
}

export interface PeriodCalendar {
  year: number;
  today: string;
  manage: boolean;
  rules: PeriodRule[];
  overrides: PeriodOverride[];
  kinds: { kind: ReportingPeriodKind; periods: CalendarPeriod[] }[];
}

export interface OverrideInput {
  cutoffStart: string | null;
  cutoffEnd: string | null;
  deadline: string | null;
  reason: string;
}

export const periodsApi = {
  calendar: (year: number) => api.get<PeriodCalendar>(`${base}/periods`, { year }),
  saveRule: (
    kind: ReportingPeriodKind,
    fromPeriodKey: string,
    body: { cutoffEndDay: number; note: string | null; version: number },
  ) => api.put<{ rule: PeriodRule; movedReports: number }>(`${base}/period-rules/${kind}/${enc(fromPeriodKey)}`, body),
  deleteRule: (kind: ReportingPeriodKind, fromPeriodKey: string, version: number) =>
    api.delete<{ movedReports: number }>(`${base}/period-rules/${kind}/${enc(fromPeriodKey)}?version=${version}`),
  saveOverride: (kind: ReportingPeriodKind, periodKey: string, body: OverrideInput & { version: number }) =>
    api.put<{ override: PeriodOverride; movedReports: number }>(
      `${base}/period-overrides/${kind}/${enc(periodKey)}`,
      body,
    ),
  deleteOverride: (kind: ReportingPeriodKind, periodKey: string, version: number) =>
    api.delete<{ movedReports: number }>(`${base}/period-overrides/${kind}/${enc(periodKey)}?version=${version}`),
};

export const periodsKey = (year: number) => ['reporting', 'periods', year] as const;
