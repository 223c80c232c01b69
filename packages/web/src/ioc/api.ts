import { type IocMeasure, type LocalizedText, type Period, periodOf, previousPeriod } from '@congso/core';
import { api, apiBase } from '../app/api';

/** The operations center's calls (base /api/v1/ioc; the OpenAPI document is at /docs). */

export type PeriodKind = 'month' | 'quarter' | 'year';
export type ScopeKind = 'province' | 'agency' | 'commune' | 'field';
export type DrillMeasure = IocMeasure | 'due_soon';

export interface ViewQuery {
  period: PeriodKind;
  key?: string;
  scope?: ScopeKind;
  id?: string;
}

export interface Indicator {
  code: string;
  name: LocalizedText;
  points: number;
  status: 'scored' | 'no_data' | 'nothing_to_count';
  numerator: number | null;
  denominator: number | null;
  ratio: number | null;
  score: number | null;
}

export interface IndexResponse {
  scope: { kind: ScopeKind; id: string; name: string };
  period: { kind: PeriodKind; key: string; start: string; end: string; live: boolean };
  scheme: { id: string; name: LocalizedText } | null;
  counts: Record<IocMeasure, number>;
  index: {
    points: number;
    measuredPoints: number;
    score: number | null;
    groups: {
      code: string;
      name: LocalizedText;
      points: number;
      measuredPoints: number;
      score: number | null;
      indicators: Indicator[];
    }[];
  } | null;
  trend: {
    key: string;
    score: number | null;
    measuredPoints: number;
    onTime: number | null;
    received: number;
    finished: number;
    late: number;
    openLate: number;
  }[];
}

export interface RankingRow {
  id: string;
  name: string;
  adminUnitCode: string | null;
  score: number | null;
  measuredPoints: number;
  onTime: number | null;
  received: number;
  finished: number;
  late: number;
  openLate: number;
}

export interface DrillItem {
  dossierId: string;
  code: string;
  procedureCode: string;
  procedureName: string;
  agencyId: string;
  status: string;
  channel: string;
  receivedAt: string | null;
  dueAt: string | null;
  endedAt: string | null;
  outcome: string | null;
  supplementCount: number;
  reason: LocalizedText;
}

export interface AlertItem {
  id: string;
  ruleId: string;
  agencyId: string;
  subjectKind: 'agency' | 'dossier' | 'sign_in';
  subjectId: string;
  subjectName: string;
  windowKey: string;
  value: number;
  threshold: number;
  message: LocalizedText;
  lastSeenAt: string;
  resolvedAt: string | null;
  acknowledgedAt: string | null;
  version: number;
}

export type AlertKind = 'on_time_below' | 'late_over_days' | 'sign_in_failures';

export interface AlertRule {
  id: string;
  agencyId: string;
  kind: AlertKind;
  name: string;
  params: Record<string, unknown>;
  enabled: boolean;
  version: number;
  updatedAt: string;
}

export interface AlertRuleInput {
  name: string;
  kind: AlertKind;
  params: Record<string, unknown>;
  enabled: boolean;
}

export const alertKeys = {
  open: ['ioc', 'alerts', 'open'] as const,
  rules: ['ioc', 'alert-rules'] as const,
};

export const alertApi = {
  open: () => api.get<{ items: AlertItem[]; total: number }>('/ioc/alerts', { open: true, limit: 20, offset: 0 }),
  acknowledge: (a: AlertItem) => api.post<AlertItem>(`/ioc/alerts/${a.id}/acknowledge`, { version: a.version }),
  rules: () => api.get<{ items: AlertRule[] }>('/ioc/alert-rules'),
  create: (input: AlertRuleInput) => api.post<AlertRule>('/ioc/alert-rules', input),
  update: (id: string, version: number, input: AlertRuleInput) =>
    api.put<AlertRule>(`/ioc/alert-rules/${id}`, { ...input, version }),
};

const clean = (q: ViewQuery) => ({ period: q.period, key: q.key, scope: q.scope, id: q.id });

export const iocKeys = {
  all: ['ioc'] as const,
  index: (q: ViewQuery) => ['ioc', 'index', clean(q)] as const,
  ranking: (scope: string, q: ViewQuery) => ['ioc', 'ranking', scope, q.period, q.key] as const,
  drill: (q: ViewQuery, measure: DrillMeasure, offset: number) => ['ioc', 'drill', clean(q), measure, offset] as const,
};

export const iocApi = {
  index: (q: ViewQuery) => api.get<IndexResponse>('/ioc/index', clean(q)),
  ranking: (scope: 'agency' | 'commune' | 'field', q: ViewQuery) =>
    api.get<{ period: { kind: PeriodKind; key: string }; rows: RankingRow[] }>('/ioc/ranking', {
      scope,
      period: q.period,
      key: q.key,
    }),
  drill: (q: ViewQuery, measure: DrillMeasure, limit: number, offset: number) =>
    api.get<{ total: number; truncated: boolean; items: DrillItem[] }>('/ioc/dossiers', {
      ...clean(q),
      measure,
      limit,
      offset,
    }),
};

/** The export of a view (server-side PDF or XLSX). */
export function exportUrl(format: 'pdf' | 'xlsx', q: ViewQuery): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(clean(q))) if (v) params.set(k, v);
  return `${apiBase}/ioc/export.${format}?${params}`;
}

/** The last `count` period keys of a kind up to the one holding `now` (Vietnam time), newest first. */
export function recentPeriodKeys(kind: PeriodKind, now: Date, count: number): string[] {
  const out: Period[] = [periodOf(kind, now)];
  while (out.length < count) out.push(previousPeriod(out[out.length - 1] as Period));
  return out.map((p) => p.key);
}
