import type { DossierStatus, LocalizedText, Outcome } from '@congso/core';
import { ApiError, api, apiBase, apiErrorOf, networkErrorCode } from '../app/api';
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
  documents: { index: number; name: string; fileIds: string[] }[];
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

/** A new Idempotency-Key. `crypto.randomUUID` exists only on https and localhost; a LAN address is plain http. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** POST /dossiers with the form's Idempotency-Key: a repeat answers the dossier filed the first time. */
async function fileDossier(input: FilingInput, idempotencyKey: string): Promise<DossierDetail> {
  let response: Response;
  try {
    response = await fetch(`${apiBase}/dossiers`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json',
        'X-Congso-Request': '1',
        'Idempotency-Key': idempotencyKey,
      },
      body: JSON.stringify(input),
    });
  } catch {
    throw new ApiError(0, networkErrorCode, null, null);
  }
  const text = await response.text().catch(() => '');
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) throw apiErrorOf(response.status, data);
  // The answer was cut off: the dossier may exist; the same key finds it again.
  if (data === null) throw new ApiError(0, networkErrorCode, null, null);
  return data as DossierDetail;
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
