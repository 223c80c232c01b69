import type { LocalizedText } from '../shared/errors';

/** Officer roles. A person has one agency and any number of these roles in it. */
export const officerRoles = [
  'one_stop_clerk',
  'specialist',
  'department_head',
  'agency_leader',
  'document_clerk',
  'admin',
  'viewer',
  'accountant',
] as const;
export type OfficerRole = (typeof officerRoles)[number];

export const roleLabels = {
  one_stop_clerk: { vi: 'Cán bộ một cửa', en: 'One-stop clerk' },
  specialist: { vi: 'Chuyên viên', en: 'Specialist' },
  department_head: { vi: 'Trưởng phòng', en: 'Department head' },
  agency_leader: { vi: 'Lãnh đạo cơ quan', en: 'Agency leader' },
  document_clerk: { vi: 'Văn thư', en: 'Document clerk' },
  admin: { vi: 'Quản trị hệ thống', en: 'Administrator' },
  viewer: { vi: 'Người xem', en: 'Viewer' },
  accountant: { vi: 'Kế toán', en: 'Accountant' },
} as const satisfies Record<OfficerRole, LocalizedText>;

export const personKinds = ['officer', 'citizen', 'organisation'] as const;
export type PersonKind = (typeof personKinds)[number];

/** Agencies in the tree. Districts exist for history (before 1/7/2025) and provinces that keep them. */
export const agencyKinds = ['province', 'department', 'unit', 'district', 'commune'] as const;
export type AgencyKind = (typeof agencyKinds)[number];

export const agencyKindLabels = {
  province: { vi: 'UBND tỉnh', en: 'Provincial People’s Committee' },
  department: { vi: 'Sở, ban, ngành', en: 'Department' },
  unit: { vi: 'Đơn vị trực thuộc', en: 'Unit' },
  district: { vi: 'UBND cấp huyện (trước 1/7/2025)', en: 'District (before 1 July 2025)' },
  commune: { vi: 'UBND xã, phường, đặc khu', en: 'Commune or ward' },
} as const satisfies Record<AgencyKind, LocalizedText>;
