import type { CitizenRecord, GatewayOutcome, GatewayServiceKind } from '@congso/core';
import { api } from '../app/api';

/** The gateway's administration and the citizen's data-access list, as the API answers them (JSON). */
export interface GatewayService {
  id: string;
  code: string;
  name: string;
  kind: GatewayServiceKind;
  baseUrl: string;
  description: string;
  hasOpenapi: boolean;
  active: boolean;
  version: number;
  gatewayPath: string;
}

export interface GatewayConsumer {
  id: string;
  code: string;
  name: string;
  agencyId: string | null;
  /** The agency whose system it is, when it is an agency's. */
  agencyName: string | null;
  clientId: string;
  secretSetAt: string;
  rateLimitPerMinute: number;
  active: boolean;
  version: number;
}

export interface GatewayRight {
  consumerId: string;
  serviceId: string;
  grantedAt: string;
}

export interface GatewayLogEntry {
  seq: number;
  id: string;
  at: string;
  consumerCode: string | null;
  serviceCode: string;
  method: string;
  path: string;
  purpose: string | null;
  dossierId: string | null;
  dossierCode: string | null;
  subjectNationalId: string | null;
  outcome: GatewayOutcome;
  status: number;
  errorCode: string | null;
  durationMs: number;
  hash: string;
}

export interface GatewayLogFilter {
  consumer?: string;
  service?: string;
  outcome?: GatewayOutcome;
  from?: string;
  to?: string;
  before?: number;
}

export interface VerifyReport {
  ok: boolean;
  entries: number;
  anchors: number;
  first: { kind: string; seq: number; message: { vi: string; en: string } } | null;
  problems: number;
}

export interface DataAccess {
  id: string;
  at: string;
  consumerCode: string | null;
  consumerName: string | null;
  serviceCode: string;
  serviceName: string | null;
  purpose: string | null;
  dossierId: string | null;
  dossierCode: string | null;
  outcome: GatewayOutcome;
}

export interface ServiceInput {
  code: string;
  name: string;
  kind: GatewayServiceKind;
  baseUrl: string;
  description: string;
  openapi: Record<string, unknown> | null;
  active: boolean;
}

export interface ConsumerInput {
  code: string;
  name: string;
  agencyId: string | null;
  rateLimitPerMinute: number;
  active: boolean;
}

export const logPageSize = 50;

export const gatewayApi = {
  services: () => api.get<{ items: GatewayService[] }>('/gateway/services').then((r) => r.items),
  openapi: (id: string) => api.get<Record<string, unknown>>(`/gateway/services/${id}/openapi`),
  createService: (input: ServiceInput) => api.post<GatewayService>('/gateway/services', input),
  updateService: (id: string, version: number, input: ServiceInput) =>
    api.put<GatewayService>(`/gateway/services/${id}`, { ...input, version }),
  consumers: () => api.get<{ items: GatewayConsumer[] }>('/gateway/consumers').then((r) => r.items),
  createConsumer: (input: ConsumerInput) =>
    api.post<{ consumer: GatewayConsumer; clientSecret: string }>('/gateway/consumers', input),
  updateConsumer: (id: string, version: number, input: ConsumerInput) =>
    api.put<GatewayConsumer>(`/gateway/consumers/${id}`, { ...input, version }),
  rotateSecret: (id: string, version: number) =>
    api.post<{ consumer: GatewayConsumer; clientSecret: string }>(`/gateway/consumers/${id}/secret`, { version }),
  rights: () => api.get<{ items: GatewayRight[] }>('/gateway/rights').then((r) => r.items),
  setRight: (consumerId: string, serviceId: string, granted: boolean) =>
    api.put<{ changed: boolean }>('/gateway/rights', { consumerId, serviceId, granted }),
  log: (filter: GatewayLogFilter) =>
    api.get<{ items: GatewayLogEntry[]; anchors: { id: string; seq: number; signedAt: string }[] }>('/gateway/log', {
      ...filter,
      limit: logPageSize,
    }),
  verify: () => api.post<VerifyReport>('/gateway/log/verify', {}),
  anchor: () => api.post<{ anchored: boolean; seq: number | null }>('/gateway/log/anchors', {}),
  myDataAccess: () => api.get<{ items: DataAccess[] }>('/me/data-access').then((r) => r.items),
  lookupCitizen: (nationalId: string) =>
    api.post<{ lookupId: string; consentAt: string; citizen: CitizenRecord }>('/national-db/citizen-lookups', {
      nationalId,
      consent: true,
    }),
};

export const gatewayKeys = {
  all: ['gateway'] as const,
  services: ['gateway', 'services'] as const,
  consumers: ['gateway', 'consumers'] as const,
  rights: ['gateway', 'rights'] as const,
  log: (filter: GatewayLogFilter) => ['gateway', 'log', filter] as const,
  myDataAccess: ['gateway', 'my-data-access'] as const,
};
