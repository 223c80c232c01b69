import { z } from 'zod';
import type { LocalizedText } from '../shared/errors';
import { humanText } from '../shared/field-rules';
import { revocationReasons } from './revocation';

/** What a certificate is for: a person's signature, an agency's seal, or a service of the CA. */
export const certificateKinds = ['personal', 'organization', 'timestamping', 'ocsp'] as const;
export type CertificateKind = (typeof certificateKinds)[number];

/** The kinds an administrator issues from the registry (the services' certificates are the CA's own). */
export const issuableCertificateKinds = ['personal', 'organization'] as const satisfies readonly CertificateKind[];

export const certificateKindLabels = {
  personal: { vi: 'Cá nhân', en: 'Personal' },
  organization: { vi: 'Cơ quan, tổ chức', en: 'Organisation' },
  timestamping: { vi: 'Cấp dấu thời gian', en: 'Time-stamping' },
  ocsp: { vi: 'Trả lời trạng thái (OCSP)', en: 'Status responder (OCSP)' },
} as const satisfies Record<CertificateKind, LocalizedText>;

/** As the provinces report them: in force, expired, revoked. */
export const certificateStatuses = ['active', 'expired', 'revoked'] as const;
export type CertificateStatus = (typeof certificateStatuses)[number];

export const certificateStatusLabels = {
  active: { vi: 'Đang hiệu lực', en: 'Active' },
  expired: { vi: 'Hết hạn', en: 'Expired' },
  revoked: { vi: 'Đã thu hồi', en: 'Revoked' },
} as const satisfies Record<CertificateStatus, LocalizedText>;

/**
 * A certificate's status at `now`: revoked once revoked (whatever its dates), else expired from `notAfter` on,
 * else active (a certificate not yet valid counts as active: the registry only issues from now).
 */
export function certificateStatusOf(
  certificate: { revokedAt: Date | null; notAfter: Date },
  now: Date,
): CertificateStatus {
  if (certificate.revokedAt) return 'revoked';
  if (certificate.notAfter.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

/** Counts by kind and status, every cell present (zeros included), with totals. */
export type RegistryCounts = {
  byKind: Record<CertificateKind, Record<CertificateStatus, number>>;
  byStatus: Record<CertificateStatus, number>;
  total: number;
};

export function emptyRegistryCounts(): RegistryCounts {
  const zeros = () => ({ active: 0, expired: 0, revoked: 0 });
  return {
    byKind: { personal: zeros(), organization: zeros(), timestamping: zeros(), ocsp: zeros() },
    byStatus: zeros(),
    total: 0,
  };
}

/** Adds up (kind, status, count) cells, as the database groups them, into RegistryCounts. */
export function registryCountsOf(
  cells: ReadonlyArray<{ kind: CertificateKind; status: CertificateStatus; count: number }>,
): RegistryCounts {
  const counts = emptyRegistryCounts();
  for (const cell of cells) {
    counts.byKind[cell.kind][cell.status] += cell.count;
    counts.byStatus[cell.status] += cell.count;
    counts.total += cell.count;
  }
  return counts;
}

/** Days of validity an administrator may choose for a certificate (1 day to 5 years). */
export const certificateValidityDays = { min: 1, max: 5 * 365, default: 3 * 365 } as const;

/** Body of "issue a certificate": a person's (an officer) or an agency's. */
export const issueCertificateSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('personal'),
    personId: z.uuid(),
    validityDays: z.number().int().min(certificateValidityDays.min).max(certificateValidityDays.max).optional(),
  }),
  z.object({
    kind: z.literal('organization'),
    agencyId: z.uuid(),
    validityDays: z.number().int().min(certificateValidityDays.min).max(certificateValidityDays.max).optional(),
  }),
]);
export type IssueCertificateBody = z.infer<typeof issueCertificateSchema>;

/** Body of "revoke a certificate": the reason (RFC 5280), an optional note, and the version read. */
export const revokeCertificateSchema = z.object({
  reason: z.enum(revocationReasons),
  note: humanText(500).optional(),
  version: z.number().int().min(1),
});
export type RevokeCertificateBody = z.infer<typeof revokeCertificateSchema>;
