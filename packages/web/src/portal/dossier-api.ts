import type { DossierStatus, LocalizedText, Outcome } from '@congso/core';
import { api } from '../app/api';
import type { DossierDetail, DossierSummary } from '../dossiers/api';

/**
 * The citizen's side of the one-stop API: filing, own dossiers, public lookup, notifications. What the
 * desk shares (a dossier's shapes, reading it, acting on it, files) is in ../dossiers/api.
 */

export interface ReceivingAgency {
  id: string;
  code: string;
  name: string;
}

export interface FilingInput {
  procedureCode: string;
  receivingAgencyId: string;
  applicant: { phone: string; address: string; email?: string };
  documents: { index: number; name: string; fileIds: string[]; storeItemIds?: string[] }[];
  /** The population-database lookup the applicant's details came from. */
  populationLookupId?: string;
  /** Filing for an organisation the citizen acts for (its data store is reused, gets the result). */
  organisationId?: string;
}

export interface LookupResult {
  code: string;
  procedureName: string;
  applicant: string;
  status: DossierStatus;
  statusNumber: number;
  receivedAt: string | null;
  dueAt: string | null;
  finishedAt: string | null;
  outcome: Outcome | null;
}

export interface Notification {
  id: string;
  dossierId: string | null;
  dossierCode: string | null;
  title: LocalizedText;
  body: LocalizedText;
  createdAt: string;
  readAt: string | null;
}

export const dossierPageSize = 20;

/**
 * POST /dossiers with the form's Idempotency-Key, sent again on a network error, 502 or 503 (app/api
 * withRetry): a repeat answers the dossier filed the first time, never a second one.
 */
function fileDossier(input: FilingInput, idempotencyKey: string): Promise<DossierDetail> {
  return api.post<DossierDetail>('/dossiers', input, { idempotencyKey, retry: true });
}

export const dossierApi = {
  receivingAgencies: (code: string, q: string) =>
    api.get<{ items: ReceivingAgency[]; total: number }>(`/procedures/${encodeURIComponent(code)}/receiving-agencies`, {
      q,
      limit: 20,
    }),
  file: fileDossier,
  list: (status: string, offset: number) =>
    api.get<{ items: DossierSummary[]; total: number }>('/dossiers', {
      status,
      limit: dossierPageSize,
      offset,
    }),
  lookup: (code: string, phone: string) => api.get<LookupResult>('/lookup', { code, phone }),
  notifications: () => api.get<{ items: Notification[]; unread: number }>('/notifications', { limit: 10 }),
  markRead: (ids?: string[]) => api.post<{ unread: number }>('/notifications/read', ids ? { ids } : {}),
};

export const dossierKeys = {
  list: (status: string) => ['dossiers', 'list', status] as const,
  agencies: (code: string, q: string) => ['procedures', 'receiving-agencies', code, q] as const,
  notifications: ['notifications'] as const,
};
