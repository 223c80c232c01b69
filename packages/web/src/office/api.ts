import type {
  AssignmentLevel,
  DraftOutgoingBody,
  IncomingActionBody,
  IncomingState,
  IncomingStatus,
  LocalizedText,
  OpenWorkFileBody,
  OutgoingActionBody,
  OutgoingState,
  OutgoingStatus,
  RegisterIncomingBody,
  RegisterKind,
  Wire,
} from '@congso/core';
import { api, apiBase } from '../app/api';

/**
 * The documents office API (base /api/v1/office; the OpenAPI document at /docs is the reference): the shapes
 * the server presents (office.presenter.ts) and the calls. A document's `state` is core's IncomingState or
 * OutgoingState as JSON.
 */

export type Direction = 'incoming' | 'outgoing';

export interface DocumentSummary {
  id: string;
  direction: Direction;
  status: string;
  version: number;
  number: number | null;
  notation: string | null;
  typeCode: string;
  typeName: LocalizedText;
  subject: string;
  organName: string;
  issuedDate: string | null;
  priority: number;
  medium: string;
  source: string | null;
  fileId: string;
  arrivedAt: string | null;
  registeredAt: string | null;
  dueAt: string | null;
  doneAt: string | null;
  holderId: string | null;
  holderName: string | null;
  drafterId: string | null;
  workFileId: string | null;
  overdue: boolean;
  overdueWorkingDays: number;
  createdAt: string;
  updatedAt: string;
}

export interface DocumentEvent {
  version: number;
  action: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  fromStatus: string | null;
  toStatus: string;
  data: Record<string, unknown>;
}

export interface Delivery {
  id: string;
  recipientAgencyId: string;
  sentAt: string;
  registeredAt: string | null;
  refusedAt: string | null;
  refusalReason: string | null;
}

/** An edXML package to agencies of another installation, and the statuses their recipients sent back. */
export interface ExchangeEntry {
  messageId: string;
  peerName: string;
  organIds: string[];
  state: 'queued' | 'delivered' | 'refused' | 'failed';
  attempts: number;
  error: unknown;
  deliveredAt: string | null;
  statuses: { organId: string; statusCode: string; statusAt: string | null; description: string | null }[];
}

interface DetailBase extends DocumentSummary {
  receiptOnTime: boolean | null;
  events: DocumentEvent[];
  availableActions: string[];
  assignableLevels: AssignmentLevel[];
  deliveries: Delivery[];
  exchange: ExchangeEntry[];
  /** Names of the people the document names, by id. */
  names: Record<string, string>;
}

export type IncomingStateView = Wire<IncomingState>;
export type OutgoingStateView = Wire<OutgoingState>;

export interface IncomingDetail extends DetailBase {
  direction: 'incoming';
  status: IncomingStatus;
  state: IncomingStateView;
}

export interface OutgoingDetail extends DetailBase {
  direction: 'outgoing';
  status: OutgoingStatus;
  state: OutgoingStateView;
}

export type DocumentDetail = IncomingDetail | OutgoingDetail;

export interface InboxItem {
  deliveryId: string;
  source: 'internal' | 'edxml';
  sentAt: string;
  fromAgencyId: string;
  fromAgencyName: string;
  notation: string | null;
  typeCode: string;
  subject: string;
  issuedDate: string | null;
  priority: number;
}

export interface Register {
  id: string;
  agencyId: string;
  kind: RegisterKind;
  year: number;
  lastNumber: number;
  closedAt: string | null;
  version: number;
}

export interface RegisterView {
  register: Register;
  title: string;
  columns: { key: string; header: string }[];
  entries: Record<string, string | number | null>[];
}

export interface WorkFile {
  id: string;
  agencyId: string;
  code: string;
  title: string;
  year: number;
  retention: number | 'permanent';
  note: string | null;
  openedAt: string;
  openedById: string;
  closedAt: string | null;
  version: number;
  documents?: number;
  handledOnline?: boolean | null;
}

export interface WorkFileDetail extends WorkFile {
  items: DocumentSummary[];
}

export interface OnlineShareRow {
  closed: number;
  online: number;
  share: number | null;
  target: number;
  meetsTarget: boolean | null;
}

export interface OnlineShareReport {
  year: number;
  agencies: (OnlineShareRow & { agencyId: string; agencyName: string; level: string })[];
  levels: (OnlineShareRow & { level: string; agencies: number })[];
}

export interface ListQuery {
  status?: string;
  mine?: boolean;
  overdue?: boolean;
  limit: number;
  offset: number;
}

export const listPageSize = 25;

const base = '/office';
const enc = encodeURIComponent;

export const documentFileUrl = (id: string) => `${apiBase}${base}/documents/${enc(id)}/file`;
export const registerFileUrl = (id: string, format: 'pdf' | 'xlsx') =>
  `${apiBase}${base}/registers/${enc(id)}/${format}`;

export const officeApi = {
  incoming: (query: ListQuery) =>
    api.get<{ items: DocumentSummary[]; total: number }>(`${base}/incoming`, { ...query }),
  outgoing: (query: ListQuery) =>
    api.get<{ items: DocumentSummary[]; total: number }>(`${base}/outgoing`, { ...query }),
  document: (direction: Direction, id: string) => api.get<DocumentDetail>(`${base}/${direction}/${enc(id)}`),
  registerIncoming: (body: RegisterIncomingBody) => api.post<IncomingDetail>(`${base}/incoming`, body),
  /** Sent again on a network error, 502 or 503 with the same version: never applied twice. */
  actIncoming: (id: string, body: IncomingActionBody) =>
    api.post<IncomingDetail>(`${base}/incoming/${enc(id)}/actions`, body, { retry: true }),
  actOutgoing: (id: string, body: OutgoingActionBody) =>
    api.post<OutgoingDetail>(`${base}/outgoing/${enc(id)}/actions`, body, { retry: true }),
  draftOutgoing: (body: DraftOutgoingBody) => api.post<OutgoingDetail>(`${base}/outgoing`, body),
  /** Active officers of the caller's agency holding the level's role (anyone who reads the agency's documents). */
  assignees: (level: AssignmentLevel) =>
    api.get<{ items: { id: string; fullName: string }[] }>(`${base}/assignees`, { level }),
  inbox: () => api.get<{ items: InboxItem[] }>(`${base}/inbox`),
  registerDelivery: (deliveryId: string) => api.post<IncomingDetail>(`${base}/inbox/${enc(deliveryId)}/register`, {}),
  refuseDelivery: (deliveryId: string, reason: string) =>
    api.post<null>(`${base}/inbox/${enc(deliveryId)}/refuse`, { reason }),
  registers: (year?: number) => api.get<{ items: Register[] }>(`${base}/registers`, { year }),
  registerEntries: (id: string) => api.get<RegisterView>(`${base}/registers/${enc(id)}/entries`),
  closeRegister: (id: string, version: number) => api.post<Register>(`${base}/registers/${enc(id)}/close`, { version }),
  search: (q: string, direction?: Direction) =>
    api.get<{ items: DocumentSummary[] }>(`${base}/search`, { q, direction, limit: 50 }),
  workFiles: (year?: number) => api.get<{ items: WorkFile[] }>(`${base}/work-files`, { year }),
  workFile: (id: string) => api.get<WorkFileDetail>(`${base}/work-files/${enc(id)}`),
  openWorkFile: (body: OpenWorkFileBody) => api.post<WorkFile>(`${base}/work-files`, body),
  addToWorkFile: (id: string, documentId: string, version: number) =>
    api.post<WorkFile>(`${base}/work-files/${enc(id)}/documents`, { documentId, version }),
  closeWorkFile: (id: string, version: number) =>
    api.post<WorkFile>(`${base}/work-files/${enc(id)}/close`, { version }),
  onlineShare: (year?: number) => api.get<OnlineShareReport>(`${base}/online-share`, { year }),
};

export const officeKeys = {
  all: ['office'] as const,
  list: (direction: Direction, view: string, page: number) => ['office', 'list', direction, view, page] as const,
  detail: (direction: Direction, id: string) => ['office', 'detail', direction, id] as const,
  inbox: ['office', 'inbox'] as const,
  registers: (year: number) => ['office', 'registers', year] as const,
  registerEntries: (id: string) => ['office', 'register-entries', id] as const,
  workFiles: ['office', 'work-files'] as const,
  workFile: (id: string) => ['office', 'work-file', id] as const,
  onlineShare: (year: number) => ['office', 'online-share', year] as const,
  search: (q: string, direction: string) => ['office', 'search', q, direction] as const,
};
