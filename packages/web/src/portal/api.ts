import type {
  Channel,
  Deadline,
  Fee,
  LegalReference,
  ProcedureLevel,
  RequiredDocument,
  ResultDocument,
  ServiceMode,
} from '@congso/core';
import { api } from '../app/api';

/** The public catalogue API (no sign-in): search, fields, a procedure as in force today. */

export type ChannelMap<T> = Partial<Record<Channel, T>>;

/** One search hit (`GET /api/v1/procedures`). */
export interface ProcedureSummary {
  code: string;
  name: string;
  field: string;
  levels: ProcedureLevel[];
  serviceMode: ServiceMode;
  implementingAgencies: string;
  version: number;
  validFrom: string;
  deadlines: ChannelMap<Deadline>;
  fees: ChannelMap<Fee>;
}

/** A question that separates close candidates (core's `ClarifyingQuestion`): each answer keeps some codes. */
export interface SearchQuestion {
  facet: string;
  text: { vi: string; en: string };
  options: { label: { vi: string; en: string }; codes: string[] }[];
}

export interface ProcedurePage {
  total: number;
  items: ProcedureSummary[];
  /** On a search's first page: fits well, close between a few (with `question`), or nothing fits. */
  quality?: 'good' | 'close' | 'none' | null;
  question?: SearchQuestion | null;
  /** When nothing fits: the fields nearest to what was asked. */
  closestFields?: string[];
}

/** The procedure as the public page needs it (`procedure` of `GET /api/v1/procedures/:code`). */
export interface PublicProcedure {
  code: string;
  name: string;
  field: string;
  levels: ProcedureLevel[];
  implementingAgencies: string;
  applicantKinds: string[];
  legalBasis: LegalReference[];
  channels: Channel[];
  deadlines: ChannelMap<Deadline>;
  fees: ChannelMap<Fee>;
  serviceMode: ServiceMode;
  requiredDocuments: RequiredDocument[];
  results: ResultDocument[];
}

export interface ProcedureDetail {
  versionId: string;
  version: number;
  validFrom: string;
  validTo: string | null;
  procedure: PublicProcedure;
}

export interface ProcedureFilters {
  q: string;
  level: string;
  field: string;
  serviceMode: string;
}

/** Results per page: small, for phones on a weak connection. */
export const procedurePageSize = 20;

/** The levels and service modes a citizen can filter by. */
export const levelFilters = ['commune', 'province'] as const;
export const serviceModeFilters = ['full_online', 'partial_online', 'offline'] as const;
export const channelOrder: readonly Channel[] = ['counter', 'online', 'postal'];

/** Valid national procedure codes, e.g. `1.001193` (the API answers 400 for anything else). */
export const procedureCodePattern = /^\d+\.\d{6}$/;

export const portalApi = {
  search: (filters: ProcedureFilters, offset: number) =>
    api.get<ProcedurePage>('/procedures', {
      q: filters.q,
      level: filters.level,
      field: filters.field,
      serviceMode: filters.serviceMode,
      limit: procedurePageSize,
      offset,
    }),
  fields: () => api.get<{ items: { field: string; count: number }[] }>('/procedure-fields'),
  /** Tell the search which procedure was chosen for a query (it learns from many such choices; no personal data). */
  searchChoice: (query: string, code: string, dossierId?: string) =>
    api.post<null>('/procedures/search-choices', { query, code, ...(dossierId ? { dossierId } : {}) }),
  /** Tell the search that a query was replaced at once by another, without opening a result. */
  searchRefined: (query: string) => api.post<null>('/procedures/search-misses', { query, kind: 'refined' }),
  procedure: (code: string) => api.get<ProcedureDetail>(`/procedures/${encodeURIComponent(code)}`),
  popular: (days: number, limit: number) =>
    api.get<{ days: number; items: (ProcedureSummary & { filings: number })[] }>('/procedures/popular', {
      days,
      limit,
    }),
};

/** The window of "the most used procedures" on the home page, in days. */
export const popularDays = 30;

export const portalKeys = {
  search: (filters: ProcedureFilters) => ['procedures', 'search', filters] as const,
  fields: ['procedures', 'fields'] as const,
  procedure: (code: string) => ['procedures', 'detail', code] as const,
  popular: (days: number) => ['procedures', 'popular', days] as const,
};
