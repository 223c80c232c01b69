import type {
  DataStoreItemKind,
  DataStoreItemStatus,
  RepresentationBasis,
  RepresentationStatus,
  RepresentativeRole,
} from '@congso/core';
import { api } from '../app/api';

/** An item of a data store (kho dữ liệu), as GET /data-store and the dossier's digitisation show it. */
export interface DataStoreItem {
  id: string;
  kind: DataStoreItemKind;
  name: string;
  number: string | null;
  issuingAgency: { id: string; name: string };
  issuedAt: string;
  validUntil: string | null;
  status: DataStoreItemStatus;
  revokedAt: string | null;
  revocationReason: string | null;
  file: { id: string; name: string; size: number; sha256: string };
  sourceDossier: { id: string; code: string };
  documentIndex: number | null;
  madeBy: string;
  madeAt: string;
  version: number;
}

export interface DossierDigitisation {
  flags: { digitisedAt: string | null; resultElectronicAt: string | null; reusedDataAt: string | null };
  digitised: DataStoreItem[];
  electronicResults: DataStoreItem[];
  reused: { documentIndex: number; reusedAt: string; item: DataStoreItem }[];
}

/** A link between a citizen and an organisation they act for (GET /representations). */
export interface Representation {
  id: string;
  organisation: { id: string; name: string; taxCode: string | null };
  person: { id: string; name: string; nationalId: string | null };
  role: RepresentativeRole;
  basis: RepresentationBasis;
  grantedBy: { id: string; name: string } | null;
  registryLogId: string | null;
  validFrom: string;
  validUntil: string | null;
  status: RepresentationStatus;
  revokedAt: string | null;
  revocationReason: string | null;
  version: number;
}

export const digitisationApi = {
  /** The caller's store, or (organisationId) an organisation's they act for. */
  store: (organisationId?: string | null) =>
    api.get<{ items: DataStoreItem[] }>('/data-store', organisationId ? { organisationId } : undefined),
  ofDossier: (id: string) => api.get<DossierDigitisation>(`/dossiers/${encodeURIComponent(id)}/digitisation`),
  digitise: (id: string, body: { documentIndex: number; fileId: string; checked: true; validUntil?: string }) =>
    api.post<DataStoreItem>(`/dossiers/${encodeURIComponent(id)}/digitised-documents`, body),
};

export const representationsApi = {
  mine: () => api.get<{ items: Representation[] }>('/representations'),
  ofOrganisation: (organisationId: string) =>
    api.get<{ items: Representation[] }>('/representations', { organisationId }),
  confirm: (organisationCode: string) => api.post<Representation>('/representations/confirm', { organisationCode }),
  grant: (body: { organisationId: string; nationalId: string; validUntil: string }) =>
    api.post<Representation>('/representations', body),
  revoke: (id: string, body: { version: number; reason: string }) =>
    api.post<Representation>(`/representations/${encodeURIComponent(id)}/revoke`, body),
};

export const digitisationKeys = {
  store: ['data-store'] as const,
  storeOf: (organisationId?: string | null) => ['data-store', organisationId ?? 'mine'] as const,
  representations: ['representations'] as const,
  organisation: (id: string) => ['representations', 'organisation', id] as const,
  dossier: (id: string) => ['dossiers', 'digitisation', id] as const,
};
