import type {
  DossierAction,
  DossierChannel,
  DossierResultDocument,
  DossierStatus,
  LocalizedText,
  OfficerRole,
  Outcome,
  PersonKind,
  Rating,
  ReturnMethod,
  StepName,
} from '@congso/core';
import { ApiError, api, apiBase, networkErrorCode } from '../app/api';
import type { ProcedurePage } from '../portal/api';

/** Shapes of the one-stop API (base /api/v1) as the desk reads them; see /work/notes/contract.md. */

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

/** The dossier's state as JSON (DossierState of @congso/core, instants as ISO strings); what the desk reads. */
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
  /** Attached files (the server adds them with uploads). */
  files?: DossierFile[];
}

export interface StoredFile {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

export interface IntakeDocument {
  index: number;
  name: string;
  fileIds: string[];
}

export interface IntakeInput {
  procedureCode: string;
  channel: 'counter' | 'postal';
  applicant: Applicant;
  documents?: IntakeDocument[];
}

/** The body of an action: `{ version, action, ...fields }`; the fields are checked by the server. */
export type ActionBody = { version: number; action: DossierAction } & Record<string, unknown>;

export const queuePageSize = 25;

/** Forms the server renders as PDF, by path: /api/v1/dossiers/:id/<form>.pdf. */
export const paperForms = ['receipt', 'supplement-request', 'refusal', 'apology', 'control-slip'] as const;
export type PaperForm = (typeof paperForms)[number];

export function paperUrl(dossierId: string, form: PaperForm): string {
  return `${apiBase}/dossiers/${encodeURIComponent(dossierId)}/${form}.pdf`;
}

export const dossierBookUrl = (format: 'pdf' | 'xlsx') => `${apiBase}/desk/dossier-book.${format}`;
export const fileUrl = (id: string) => `${apiBase}/files/${encodeURIComponent(id)}`;

/** Uploads one file (multipart, field `file`): the JSON client cannot send forms. */
async function uploadFile(file: File): Promise<StoredFile> {
  const body = new FormData();
  body.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(`${apiBase}/files`, {
      method: 'POST',
      body,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-Congso-Request': '1' },
    });
  } catch {
    throw new ApiError(0, networkErrorCode, null, null);
  }
  const data = (await response.json().catch(() => null)) as
    | (StoredFile & { error?: { code?: string; message?: LocalizedText; details?: unknown } })
    | null;
  if (!response.ok) {
    const error = data?.error;
    throw new ApiError(
      response.status,
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? null,
      error?.details,
    );
  }
  return data as StoredFile;
}

export const deskApi = {
  queue: (query: { status?: DossierStatus; limit: number; offset: number }) =>
    api.get<{ items: DossierSummary[]; total: number }>('/dossiers', query),
  dossier: (id: string) => api.get<DossierDetail>(`/dossiers/${encodeURIComponent(id)}`),
  act: (id: string, body: ActionBody) => api.post<DossierDetail>(`/dossiers/${encodeURIComponent(id)}/actions`, body),
  intake: (input: IntakeInput) => api.post<DossierDetail>('/desk/dossiers', input),
  searchProcedures: (q: string) => api.get<ProcedurePage>('/procedures', { q, limit: 15, offset: 0 }),
  upload: uploadFile,
};

export const deskKeys = {
  all: ['dossiers'] as const,
  queue: (status: string, page: number) => ['dossiers', 'queue', status, page] as const,
  count: (status: string) => ['dossiers', 'count', status] as const,
  dossier: (id: string) => ['dossiers', 'detail', id] as const,
};
