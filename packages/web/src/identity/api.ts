import type { AgencyKind, OfficerRole, Permission, PersonKind } from '@congso/core';
import { api } from '../app/api';

/** Shapes of the identity API (base /api/v1), as the server presents them. */

export interface AgencyRef {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
}

export interface Me {
  id: string;
  kind: PersonKind;
  username: string;
  fullName: string;
  email: string | null;
  agency: AgencyRef | null;
  roles: OfficerRole[];
  permissions: Permission[];
}

export interface PathItem {
  id: string;
  name: string;
}

export interface AgencySummary {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  kind: AgencyKind;
  codeLevel: 1 | 2 | 3 | 4;
  parentId: string | null;
  validFrom: string;
  validTo: string | null;
  isDemoCode: boolean;
  adminUnitCode: string | null;
  /** The administrative unit (xã, phường) the agency governs, e.g. "Phường Tân Ninh". */
  adminUnitName?: string | null;
  childCount: number;
  path?: PathItem[];
}

export interface AgencyDetail extends AgencySummary {
  parent: PathItem | null;
  path: PathItem[];
  predecessors: { id: string; name: string; code: string; validTo: string | null }[];
  successors: { id: string; name: string; code: string; validFrom: string }[];
  officerCount: number;
  version: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface Officer {
  id: string;
  username: string;
  fullName: string;
  email: string | null;
  phone: string | null;
  agency: AgencyRef;
  roles: OfficerRole[];
  active: boolean;
  version: number;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface Province {
  code: string;
  name: string;
  fullName: string;
  agency: AgencyRef;
  communeCount: number;
  agencyCount: number;
}

export const pageSize = 50;

export interface AgencyListQuery {
  q?: string;
  parentId?: string;
  kind?: AgencyKind;
  includeHistory?: boolean;
  limit?: number;
  offset?: number;
}

export interface OfficerListQuery {
  agencyId?: string;
  includeSubAgencies?: boolean;
  q?: string;
  role?: OfficerRole;
  limit?: number;
  offset?: number;
}

export interface CreateOfficerInput {
  username: string;
  fullName: string;
  email?: string;
  phone?: string;
  agencyId: string;
  roles: OfficerRole[];
  password: string;
}

export interface UpdateOfficerInput {
  version: number;
  fullName?: string;
  email?: string | null;
  phone?: string | null;
  roles?: OfficerRole[];
  active?: boolean;
}

/** An external identity provider one may sign in with (VNeID for citizens, the province's for officers). */
export interface SsoProviderInfo {
  id: 'citizen' | 'officer';
  displayName: string;
}

export const identityApi = {
  providers: () => api.get<{ providers: SsoProviderInfo[] }>('/auth/providers').then((r) => r.providers),
  province: () => api.get<Province>('/province'),
  me: () => api.get<{ user: Me }>('/auth/me').then((r) => r.user),
  login: (username: string, password: string) =>
    api.post<{ user: Me }>('/auth/login', { username, password }).then((r) => r.user),
  logout: () => api.post<void>('/auth/logout', {}),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<void>('/auth/password', { currentPassword, newPassword }),

  agencies: (query: AgencyListQuery) =>
    api.get<Page<AgencySummary>>('/agencies', {
      q: query.q,
      parentId: query.parentId,
      kind: query.kind,
      includeHistory: query.includeHistory ? 'true' : 'false',
      limit: query.limit ?? pageSize,
      offset: query.offset ?? 0,
    }),
  agency: (id: string) => api.get<AgencyDetail>(`/agencies/${encodeURIComponent(id)}`),

  officers: (query: OfficerListQuery) =>
    api.get<Page<Officer>>('/officers', {
      agencyId: query.agencyId,
      includeSubAgencies: query.agencyId ? (query.includeSubAgencies ? 'true' : 'false') : undefined,
      q: query.q,
      role: query.role,
      limit: query.limit ?? pageSize,
      offset: query.offset ?? 0,
    }),
  createOfficer: (input: CreateOfficerInput) => api.post<Officer>('/officers', input),
  updateOfficer: (id: string, input: UpdateOfficerInput) =>
    api.patch<Officer>(`/officers/${encodeURIComponent(id)}`, input),
  resetPassword: (id: string, newPassword: string) =>
    api.post<void>(`/officers/${encodeURIComponent(id)}/reset-password`, { newPassword }),
};
