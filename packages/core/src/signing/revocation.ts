import type { LocalizedText } from '../shared/errors';

/**
 * CRLReason (RFC 5280, 5.3.1) by name, with its code. `certificateHold` and `removeFromCRL` exist in the
 * standard but Congso never uses them: a revocation here is final (a held certificate would need an "unrevoke").
 */
export const revocationReasonCodes = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;
export type RevocationReason = keyof typeof revocationReasonCodes;

/** The reasons an administrator may give when revoking a certificate (final revocations only). */
export const revocationReasons = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'privilegeWithdrawn',
] as const satisfies readonly RevocationReason[];
export type RevokeReason = (typeof revocationReasons)[number];

export const revocationReasonLabels = {
  unspecified: { vi: 'Không nêu lý do', en: 'Unspecified' },
  keyCompromise: { vi: 'Lộ khóa bí mật', en: 'Key compromise' },
  cACompromise: { vi: 'Lộ khóa của tổ chức cấp chứng thư', en: 'CA compromise' },
  affiliationChanged: { vi: 'Thay đổi cơ quan, đơn vị công tác', en: 'Affiliation changed' },
  superseded: { vi: 'Đã được thay thế bằng chứng thư mới', en: 'Superseded' },
  cessationOfOperation: { vi: 'Ngừng hoạt động', en: 'Cessation of operation' },
  certificateHold: { vi: 'Tạm dừng', en: 'Certificate hold' },
  removeFromCRL: { vi: 'Gỡ khỏi danh sách thu hồi', en: 'Remove from CRL' },
  privilegeWithdrawn: { vi: 'Thu hồi quyền sử dụng', en: 'Privilege withdrawn' },
  aACompromise: { vi: 'Lộ khóa của tổ chức cấp thuộc tính', en: 'AA compromise' },
} as const satisfies Record<RevocationReason, LocalizedText>;

/** The reason of a CRLReason code, or undefined for a code RFC 5280 does not define (7, or > 10). */
export function revocationReasonOf(code: number): RevocationReason | undefined {
  for (const [name, value] of Object.entries(revocationReasonCodes)) {
    if (value === code) return name as RevocationReason;
  }
  return undefined;
}
