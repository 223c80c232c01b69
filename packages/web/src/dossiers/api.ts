import type {
  ActorSnapshot,
  DossierAction,
  DossierActionBody,
  DossierChannel,
  DossierEvent,
  DossierPaper,
  DossierStateWire,
  DossierStatus,
  Outcome,
  Wire,
} from '@congso/core';
import { ApiError, api, apiBase, apiErrorOf, networkErrorCode } from '../app/api';

/**
 * The dossier API (base /api/v1) shared by the citizen's portal and the officers' desk: the shapes of a
 * dossier as JSON, reading one, acting on it, uploading a file, links to files and PDF forms. The shapes
 * are core's (DossierState, DossierEvent, the action bodies) as JSON carries them; the server's OpenAPI
 * document (/docs) is the reference. Side-specific calls stay with their side (portal/dossier-api.ts,
 * desk/api.ts).
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

/** The dossier's state as JSON (core's DossierState). */
export type DossierStateView = DossierStateWire;
export type CurrentStepView = NonNullable<DossierStateView['currentStep']>;
export type PendingView = NonNullable<DossierStateView['pending']>;

/** Who acted, as recorded, with their name as the server knows it today. */
export type EventActor = Wire<ActorSnapshot> & { fullName?: string | null };

/** One event of the dossier's log as JSON (core's DossierEvent without its computed effects). */
export type DossierEventView = {
  [A in DossierAction]: Wire<Omit<Extract<DossierEvent, { action: A }>, 'dossierId' | 'effects' | 'actor'>> & {
    actor: EventActor;
  };
}[DossierAction];

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
  /** The officer who holds the current step, when assigned. */
  assignee: { id: string; fullName: string } | null;
  applicant: Applicant;
  /** The organisation the applicant filed for as its representative, else null. */
  organisation: { id: string; name: string } | null;
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

/** The body of an action: `{ version, action, ...fields }` (core's schema of each action). */
export type ActionBody = DossierActionBody;

/** Files the server takes (checked again by content on the server). */
export const acceptedFileTypes = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';
export const maxFileBytes = 10 * 1024 * 1024;

/** A paper the server renders as PDF (core's `dossierPapers`), by path: /api/v1/dossiers/:id/<paper>.pdf. */
export type PaperForm = DossierPaper;

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
  /** Sent again on a network error, 502 or 503 with the same version: never applied twice. */
  act: (id: string, body: ActionBody) =>
    api.post<DossierDetail>(`/dossiers/${encodeURIComponent(id)}/actions`, body, { retry: true }),
  upload: uploadFile,
};

export const dossiersKeys = {
  all: ['dossiers'] as const,
  detail: (id: string) => ['dossiers', 'detail', id] as const,
};
