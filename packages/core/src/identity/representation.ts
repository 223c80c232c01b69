/**
 * Who acts for an organisation (issue 13: a representative opens the organisation's data store and files for
 * it): a citizen linked to an organisation with a role, how the link was established, and when it is in force.
 * Pure: time is passed in.
 */
import { z } from 'zod';

export const representativeRoles = ['legal_representative', 'authorised_person'] as const;
export type RepresentativeRole = (typeof representativeRoles)[number];

export const representativeRoleLabels = {
  legal_representative: { vi: 'Người đại diện theo pháp luật', en: 'Legal representative' },
  authorised_person: { vi: 'Người được ủy quyền', en: 'Authorised person' },
} as const satisfies Record<RepresentativeRole, { vi: string; en: string }>;

/** How a link was established: confirmed from the national business registration, or granted. */
export const representationBases = ['business_registration', 'granted'] as const;
export type RepresentationBasis = (typeof representationBases)[number];

export const representationBasisLabels = {
  business_registration: {
    vi: 'Xác nhận từ CSDL quốc gia về đăng ký doanh nghiệp',
    en: 'Confirmed from the national business registration',
  },
  granted: { vi: 'Được người đại diện theo pháp luật ủy quyền', en: 'Granted by the legal representative' },
} as const satisfies Record<RepresentationBasis, { vi: string; en: string }>;

export const representationStatuses = ['active', 'expired', 'revoked'] as const;
export type RepresentationStatus = (typeof representationStatuses)[number];

export const representationStatusLabels = {
  active: { vi: 'Đang hiệu lực', en: 'In force' },
  expired: { vi: 'Hết hạn', en: 'Expired' },
  revoked: { vi: 'Đã thu hồi', en: 'Revoked' },
} as const satisfies Record<RepresentationStatus, { vi: string; en: string }>;

/** Revoked wins; else expired once `validUntil` has passed; else in force (from `validFrom`). */
export function representationStatusOf(
  link: { validFrom: Date; validUntil: Date | null; revokedAt: Date | null },
  now: Date,
): RepresentationStatus {
  if (link.revokedAt && link.revokedAt.getTime() <= now.getTime()) return 'revoked';
  if (link.validUntil && link.validUntil.getTime() <= now.getTime()) return 'expired';
  if (link.validFrom.getTime() > now.getTime()) return 'expired';
  return 'active';
}

/** Comparing a registry's name with an account's: case, accents' composition and spacing aside. */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
  return norm(a) === norm(b);
}

/** Confirming oneself as an organisation's legal representative from the business registration. */
export const confirmRepresentationBodySchema = z.strictObject({
  /** The enterprise code (mã số doanh nghiệp, the tax code). */
  organisationCode: z.string().regex(/^\d{10}(-\d{3})?$/, { error: 'enterprise_code' }),
});

/** The longest an authorisation may run: one year and a day (a written authorisation is usually for a year). */
export const MAX_AUTHORISATION_DAYS = 366;
