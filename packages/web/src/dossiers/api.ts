import type {
  DossierAction,
  DossierChannel,
  DossierResultDocument,
  DossierStatus,
  OfficerRole,
  Outcome,
  PersonKind,
  Rating,
  ReturnMethod,
  StepName,
} from '@congso/core';
import { ApiError, api, apiBase, apiErrorOf, networkErrorCode } from '../app/api';

/**
 * The dossier API (base /api/v1) shared by the citizen's portal and the officers' desk: the shapes of a
 * dossier as JSON, reading one, acting on it, uploading a file, links to files and PDF forms. The
 * server's OpenAPI document (/docs) is the reference. Side-specific calls stay with their side
 * (portal/dossier-api.ts, desk/api.ts).
 */

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
  outcome: Outcome | null;
  version: number;
}

export interface Applicant {
  fullName: string;
  nationalId: string;
  phone: string;
  email?: string | null;
  address: string;
}

/** The dossier's state as JSON (DossierState of @congso/core, instants as ISO strings). */
export interface CurrentStepView {
  name: StepName;
  agencyId: string;
  role: OfficerRole | null;
  assigneeId: string | null;
  dueAt: string | null;
  interAgency: boolean;
}

export type PendingView =
  | { kind: 'supplement'; items: string[]; reason: string; requestedAt: string }
  | { kind: 'payment'; amount: number; description: string | null; requestedAt: string };

export interface DossierStateView {
  handlingAgencyId: string | null;
  pending: PendingView | null;
  currentStep: CurrentStepView | null;
  supplementCount: number;
  proposal: { kind: 'approval' | 'refusal'; reason: string | null; by: string; at: string } | null;
  decision: { kind: 'approved' | 'refused'; reason: string | null; by: string; at: string } | null;
  apologies: { reason: string; previousDueAt: string | null; newDueAt: string; at: string; by: string }[];
  result: { documents: DossierResultDocument[]; issuedAt: string } | null;
  returned: { method: ReturnMethod; at: string } | null;
  rating: { value: Rating; comment: string | null; at: string } | null;
  endReason: string | null;
}

export interface EventActor {
  id: string;
  kind: PersonKind;
  agencyId: string | null;
  roles: OfficerRole[];
  /** Not sent yet by the server; shown when it is. */
  fullName?: string;
}

export interface DossierEventView {
  version: number;
  action: DossierAction;
  at: string;
  actor: EventActor;
  fromStatus: DossierStatus | null;
  toStatus: DossierStatus;
  data: Record<string, unknown> | null;
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

export interface DossierDetail extends DossierSummary {
  receivingAgency: { id: string; name: string };
  applicant: Applicant;
  state: DossierStateView;
  availableActions: DossierAction[];
  events: DossierEventView[];
  /** Attached files. */
  files?: DossierFile[];
}

/** A file stored by POST /files, before it is attached to a dossier. */
export interface StoredFile {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

/** The body of an action: `{ version, action, ...fields }`; the fields are checked by the server. */
export type ActionBody = { version: number; action: DossierAction } & Record<string, unknown>;

/** Files the server takes (checked again by content on the server). */
export const acceptedFileTypes = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';
export const maxFileBytes = 10 * 1024 * 1024;

/** Forms the server renders as PDF, by path: /api/v1/dossiers/:id/<form>.pdf. */
export const paperForms = [
  'receipt',
  'supplement-request',
  'refusal',
  'apology',
  'stop-notice',
  'control-slip',
] as const;
export type PaperForm = (typeof paperForms)[number];

export const paperUrl = (dossierId: string, form: PaperForm) =>
  `${apiBase}/dossiers/${encodeURIComponent(dossierId)}/${form}.pdf`;
export const fileUrl = (id: string) => `${apiBase}/files/${encodeURIComponent(id)}`;

/**
 * Uploads one file (multipart, field `file`) through XMLHttpRequest, which (unlike fetch) reports upload
 * progress. Rejects with an ApiError (the server's refusal, or NETWORK_ERROR), or an AbortError.
 */
export function uploadFile(
  file: File,
  { onProgress, signal }: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<StoredFile> {
  return new Promise<StoredFile>((resolve, reject) => {
    const cancelled = () => new DOMException('Upload cancelled', 'AbortError');
    if (signal?.aborted) {
      reject(cancelled());
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${apiBase}/files`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('X-Congso-Request', '1');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      let data: unknown = null;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        data = null;
      }
      if (xhr.status < 200 || xhr.status >= 300) reject(apiErrorOf(xhr.status, data));
      else if (data === null) reject(new ApiError(xhr.status, 'BAD_RESPONSE', null, null));
      else resolve(data as StoredFile);
    };
    xhr.onerror = () => reject(new ApiError(0, networkErrorCode, null, null));
    xhr.ontimeout = () => reject(new ApiError(0, networkErrorCode, null, null));
    xhr.onabort = () => reject(cancelled());
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const body = new FormData();
    body.append('file', file, file.name);
    xhr.send(body);
  });
}

export const dossiersApi = {
  dossier: (id: string) => api.get<DossierDetail>(`/dossiers/${encodeURIComponent(id)}`),
  act: (id: string, body: ActionBody) => api.post<DossierDetail>(`/dossiers/${encodeURIComponent(id)}/actions`, body),
  upload: uploadFile,
};

export const dossiersKeys = {
  all: ['dossiers'] as const,
  detail: (id: string) => ['dossiers', 'detail', id] as const,
};
