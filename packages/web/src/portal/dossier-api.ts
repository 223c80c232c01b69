import type {
  DossierAction,
  DossierChannel,
  DossierStatus,
  LocalizedText,
  OfficerRole,
  PersonKind,
  Rating,
  ReturnMethod,
} from '@congso/core';
import { ApiError, api, apiBase, networkErrorCode } from '../app/api';

/** The citizen's side of the one-stop API: filing, own dossiers, files, public lookup, notifications. */

export interface DossierSummary {
  id: string;
  code: string;
  procedure: { code: string; name: string };
  status: DossierStatus;
  statusNumber: number;
  channel: DossierChannel;
  applicantName: string;
  submittedAt: string;
  receivedAt: string | null;
  dueAt: string | null;
  finishedAt: string | null;
  outcome: 'early' | 'on_time' | 'late' | null;
  version: number;
}

export interface DossierFile {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  purpose: 'document' | 'supplement' | 'result';
  documentIndex: number | null;
  documentName: string | null;
  addedAt: string;
}

export interface DossierEventView {
  version: number;
  action: DossierAction;
  at: string;
  actor: { id: string; kind: PersonKind; agencyId: string | null; roles: OfficerRole[] };
  fromStatus: DossierStatus | null;
  toStatus: DossierStatus;
  data: Record<string, unknown> | null;
}

/** The parts of the server's DossierState (dates as ISO text) that the citizen's pages show. */
export interface DossierStateView {
  pending?:
    | { kind: 'supplement'; items: string[]; reason: string; requestedAt: string }
    | { kind: 'payment'; amount: number; description: string | null; requestedAt: string }
    | null;
  result?: { documents: { name: string; number?: string; fileId?: string }[]; issuedAt: string } | null;
  returned?: { method: ReturnMethod; at: string } | null;
  rating?: { value: Rating; comment: string | null; at: string } | null;
  endReason?: string | null;
  apologies?: { reason: string; previousDueAt: string | null; newDueAt: string; at: string }[];
}

export interface DossierDetail extends DossierSummary {
  receivingAgency: { id: string; name: string };
  applicant: { fullName?: string; nationalId?: string; phone?: string; email?: string | null; address?: string };
  state: DossierStateView | null;
  availableActions: DossierAction[];
  events: DossierEventView[];
  files?: DossierFile[];
}

export interface UploadedFile {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  sha256?: string;
  createdAt?: string;
}

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
  outcome: 'early' | 'on_time' | 'late' | null;
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

/** Files the server takes (checked again by content on the server). */
export const acceptedFileTypes = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';
export const maxFileBytes = 10 * 1024 * 1024;
export const dossierPageSize = 20;

export type ActionBody = { action: DossierAction; version: number } & Record<string, unknown>;

/** A new Idempotency-Key. `crypto.randomUUID` exists only on https and localhost; a LAN address is plain http. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function parseError(status: number, text: string): ApiError {
  let data: { error?: { code?: string; message?: LocalizedText; details?: unknown } } | null = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  const error = data?.error;
  return new ApiError(status, error?.code ?? `HTTP_${status}`, error?.message ?? null, error?.details);
}

/**
 * Uploads one file (multipart, field `file`) with progress, through XMLHttpRequest: fetch cannot report
 * upload progress. Rejects with an ApiError (the server's refusal, or NETWORK_ERROR), or an AbortError.
 */
export function uploadFile(file: File, onProgress: (fraction: number) => void, signal: AbortSignal) {
  return new Promise<UploadedFile>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${apiBase}/files`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('X-Congso-Request', '1');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as UploadedFile);
        } catch {
          reject(new ApiError(xhr.status, 'BAD_RESPONSE', null, null));
        }
      } else {
        reject(parseError(xhr.status, xhr.responseText));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, networkErrorCode, null, null));
    xhr.ontimeout = () => reject(new ApiError(0, networkErrorCode, null, null));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    if (signal.aborted) {
      reject(new DOMException('Upload cancelled', 'AbortError'));
      return;
    }
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    const body = new FormData();
    body.append('file', file, file.name);
    xhr.send(body);
  });
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
  if (!response.ok) throw parseError(response.status, text);
  try {
    return JSON.parse(text) as DossierDetail;
  } catch {
    // The answer was cut off: the dossier may exist; the same key finds it again.
    throw new ApiError(0, networkErrorCode, null, null);
  }
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
  detail: (id: string) => api.get<DossierDetail>(`/dossiers/${encodeURIComponent(id)}`),
  act: (id: string, body: ActionBody) => api.post<DossierDetail>(`/dossiers/${encodeURIComponent(id)}/actions`, body),
  lookup: (code: string, phone: string) => api.get<LookupResult>('/lookup', { code, phone }),
  notifications: () => api.get<{ items: Notification[]; unread: number }>('/notifications', { limit: 10 }),
  markRead: (ids?: string[]) => api.post<{ unread: number }>('/notifications/read', ids ? { ids } : {}),
};

export const fileUrl = (id: string) => `${apiBase}/files/${encodeURIComponent(id)}`;
/** The one-stop forms as PDF: 01 receipt, 02 supplement request, 03 refusal, 04 apology. */
export const formUrl = (id: string, form: 'receipt' | 'supplement-request' | 'refusal' | 'apology') =>
  `${apiBase}/dossiers/${encodeURIComponent(id)}/${form}.pdf`;
export const receiptUrl = (id: string) => formUrl(id, 'receipt');

export const dossierKeys = {
  all: ['dossiers'] as const,
  list: (status: string) => ['dossiers', 'list', status] as const,
  detail: (id: string) => ['dossiers', 'detail', id] as const,
  agencies: (code: string, q: string) => ['procedures', 'receiving-agencies', code, q] as const,
  notifications: ['notifications'] as const,
};
