import type {
  AggregationRule,
  AutomaticSource,
  IndicatorValueType,
  LocalizedText,
  ProjectStatus,
  ReportAction,
  ReportingPeriodKind,
  ReportStatus,
  TargetMetric,
} from '@congso/core';
import { api } from '../app/api';

/** The reporting system's API (base /api/v1/reporting; the OpenAPI document at /docs is the reference). */

const base = '/reporting';
const enc = encodeURIComponent;

export interface PeriodView {
  kind: ReportingPeriodKind;
  key: string;
  label: LocalizedText;
  cutoffStart: string;
  cutoffEnd: string;
  /** Why the province set the period apart (its own window or deadline), or null. */
  adjustment: string | null;
}

export interface ReportSummary {
  id: string;
  templateCode: string;
  templateName: LocalizedText;
  agencyId: string;
  agencyName: string;
  period: PeriodView;
  deadline: string;
  status: ReportStatus;
  overdue: boolean;
  returnReason: string | null;
  firstSubmittedAt: string | null;
  submittedAt: string | null;
  reviewedAt: string | null;
  signed: boolean;
  version: number;
}

export type Figure = number | string | null;

export interface ReportRow {
  indicator: {
    id: string;
    code: string;
    nameVi: string;
    nameEn: string;
    unit: string;
    valueType: 'integer' | 'decimal' | 'percent' | 'text';
    min: number | null;
    max: number | null;
    required: boolean;
    automatic: boolean;
  };
  value: Figure;
  note: string | null;
  previous: Figure;
  lastYear: Figure;
  changePrevious: number | null;
  changeLastYear: number | null;
}

export interface ReportDetail extends ReportSummary {
  revision: number;
  side: 'agency' | 'reviewer' | null;
  actions: ReportAction[];
  editable: boolean;
  rows: ReportRow[];
}

export interface ReportsList {
  items: ReportSummary[];
  due: { templateCode: string; templateName: LocalizedText; period: PeriodView; reportId: string | null }[];
  reviewer: boolean;
}

export interface Rate {
  due: number;
  submitted: number;
  onTime: number;
  rate: number | null;
  onTimeRate: number | null;
}

export type MeasuredMetric = Exclude<TargetMetric, 'manual'>;

export interface ProjectInput {
  code: string;
  name: string;
  status: ProjectStatus;
  ownerAgencyId: string;
  budgetVnd: number;
  startDate: string;
  endDate: string;
  targets: { name: string; metric: TargetMetric; target: number; actual?: number | null }[];
  note?: string | null;
}

export interface Programme {
  summary: { total: number; done: number; byStatus: Record<string, number>; text: LocalizedText };
  year: number;
  figures: Record<MeasuredMetric, number | null>;
  projects: {
    id: string;
    code: string;
    name: string;
    status: ProjectStatus;
    ownerAgencyId: string;
    ownerAgencyName: string;
    budgetVnd: number;
    startDate: string;
    endDate: string;
    note: string | null;
    version: number;
    targets: {
      name: string;
      metric: TargetMetric;
      target: number;
      actual: number | null;
      automatic: boolean;
      progress: number | null;
    }[];
  }[];
  ranks: YearRank[];
}

export interface YearRank {
  year: number;
  dtiRank: number | null;
  dtiScore: number | null;
  serviceRank: number | null;
  serviceScore: number | null;
  version: number;
}

export interface IndicatorInput {
  code: string;
  nameVi: string;
  nameEn: string;
  unit: string;
  valueType: IndicatorValueType;
  aggregation: AggregationRule;
  responsibleAgencyId: string | null;
  min: number | null;
  max: number | null;
  source: AutomaticSource | null;
  note: string | null;
}

export interface Indicator extends IndicatorInput {
  id: string;
  version: number;
}

export interface TemplateInput {
  code: string;
  nameVi: string;
  nameEn: string;
  periodKind: ReportingPeriodKind;
  deadlineWorkingDays: number;
  items: { indicatorId: string; required: boolean }[];
}

export interface Assignment {
  id: string;
  templateCode: string;
  agencyId: string;
  agencyName: string;
  active: boolean;
  fromPeriodKey: string;
  version: number;
}

export interface Template {
  id: string;
  code: string;
  revision: number;
  nameVi: string;
  nameEn: string;
  periodKind: ReportingPeriodKind;
  deadlineWorkingDays: number;
  items: { indicatorId: string; required: boolean }[];
}

/** An indicator as a template revision holds it (the catalogue's columns when the revision was saved). */
export interface RevisionIndicator {
  id: string;
  code: string;
  nameVi: string;
  nameEn: string;
  unit: string;
  valueType: IndicatorValueType;
  min: number | null;
  max: number | null;
  required: boolean;
  automatic: boolean;
}

export interface TemplateRevision {
  id: string;
  revision: number;
  latest: boolean;
  nameVi: string;
  nameEn: string;
  periodKind: ReportingPeriodKind;
  deadlineWorkingDays: number;
  createdAt: string;
  createdBy: { id: string; name: string } | null;
  reports: number;
  firstPeriod: { key: string; label: LocalizedText } | null;
  lastPeriod: { key: string; label: LocalizedText } | null;
  indicators: RevisionIndicator[];
  changes: {
    name: { from: LocalizedText; to: LocalizedText } | null;
    periodKind: { from: ReportingPeriodKind; to: ReportingPeriodKind } | null;
    deadlineWorkingDays: { from: number; to: number } | null;
    added: RevisionIndicator[];
    removed: RevisionIndicator[];
    required: { indicator: RevisionIndicator; from: boolean; to: boolean }[];
    range: {
      indicator: RevisionIndicator;
      from: { min: number | null; max: number | null };
      to: { min: number | null; max: number | null };
    }[];
    reordered: boolean;
  };
}

export const reportingApi = {
  reports: (query: { status?: string } = {}) => api.get<ReportsList>(`${base}/reports`, query),
  open: (templateCode: string, periodKey: string) =>
    api.post<ReportDetail>(`${base}/reports`, { templateCode, periodKey }),
  report: (id: string) => api.get<ReportDetail>(`${base}/reports/${enc(id)}`),
  act: (
    id: string,
    body: { action: ReportAction; version: number; values?: Record<string, { value: Figure }>; reason?: string },
  ) => api.post<ReportDetail>(`${base}/reports/${enc(id)}/actions`, body),
  rates: (year?: number) =>
    api.get<{ year: number; rows: (Rate & { agencyId: string; agencyName: string })[]; total: Rate }>(`${base}/rates`, {
      year,
    }),
  programme: () => api.get<Programme>(`${base}/programme`),
  indicators: () => api.get<{ items: Indicator[] }>(`${base}/indicators`),
  templates: () => api.get<{ items: Template[] }>(`${base}/templates`),
  revisions: (code: string) =>
    api.get<{ code: string; items: TemplateRevision[] }>(`${base}/templates/${enc(code)}/revisions`),
  assignments: () => api.get<{ items: Assignment[] }>(`${base}/assignments`),
  createIndicator: (body: IndicatorInput) => api.post<Indicator>(`${base}/indicators`, body),
  editIndicator: (id: string, version: number, body: IndicatorInput) =>
    api.put<Indicator>(`${base}/indicators/${enc(id)}`, { ...body, version }),
  saveTemplate: (body: TemplateInput, expectedRevision: number) =>
    api.post<Template>(`${base}/templates`, { ...body, expectedRevision }),
  assign: (body: { templateCode: string; agencyId: string; fromPeriodKey: string }) =>
    api.post<Assignment>(`${base}/assignments`, body),
  setAssignmentActive: (id: string, active: boolean, version: number) =>
    api.put<Assignment>(`${base}/assignments/${enc(id)}`, { active, version }),
  createProject: (body: ProjectInput) => api.post<unknown>(`${base}/projects`, body),
  editProject: (id: string, version: number, body: ProjectInput) =>
    api.put<unknown>(`${base}/projects/${enc(id)}`, { ...body, version }),
  saveRank: (year: number, body: Omit<YearRank, 'year'>) => api.put<YearRank>(`${base}/ranks/${year}`, body),
};

export const reportingKeys = {
  indicators: ['reporting', 'indicators'],
  templates: ['reporting', 'templates'],
  revisions: (code: string) => ['reporting', 'templates', code, 'revisions'] as const,
  assignments: ['reporting', 'assignments'],
  programme: ['reporting', 'programme'],
} as const;

export const reportFileUrl = (id: string, format: 'pdf' | 'xlsx') => `/api/v1/reporting/reports/${enc(id)}/${format}`;
export const ii06aUrl = (format: 'pdf' | 'xlsx', periodKind: ReportingPeriodKind, key: string) =>
  `/api/v1/reporting/ii06a/${format}?periodKind=${periodKind}&key=${enc(key)}`;
