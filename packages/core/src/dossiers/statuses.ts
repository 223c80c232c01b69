import type { LocalizedText } from '../shared/errors';

/**
 * Dossier statuses as the national public service portal (DVCQG) counts them (`TrangThaiHoSo` 1-10).
 * The order of the list is the national order.
 */
export const dossierStatuses = [
  'receiving',
  'received',
  'denied',
  'processing',
  'waiting_supplement',
  'waiting_payment',
  'withdrawn',
  'stopped',
  'processed',
  'returned',
] as const;
export type DossierStatus = (typeof dossierStatuses)[number];

export interface DossierStatusInfo {
  /** `TrangThaiHoSo` on the national portal. */
  nationalCode: number;
  /** The portal's short name (receiving, new, denied, ...), as used by its sync API and reports. */
  portalName: string;
  /** No action can change the status any more (rating a returned dossier does not change it). */
  final: boolean;
  labels: LocalizedText;
}

export const dossierStatusInfo = {
  receiving: {
    nationalCode: 1,
    portalName: 'receiving',
    final: false,
    labels: { vi: 'Mới đăng ký', en: 'Filed, awaiting receipt' },
  },
  received: {
    nationalCode: 2,
    portalName: 'new',
    final: false,
    labels: { vi: 'Đã tiếp nhận', en: 'Received' },
  },
  denied: {
    nationalCode: 3,
    portalName: 'denied',
    final: true,
    labels: { vi: 'Không được tiếp nhận', en: 'Not received' },
  },
  processing: {
    nationalCode: 4,
    portalName: 'processing',
    final: false,
    labels: { vi: 'Đang xử lý', en: 'Processing' },
  },
  waiting_supplement: {
    nationalCode: 5,
    portalName: 'waiting',
    final: false,
    labels: { vi: 'Yêu cầu bổ sung', en: 'Supplement requested' },
  },
  waiting_payment: {
    nationalCode: 6,
    portalName: 'paying',
    final: false,
    labels: { vi: 'Yêu cầu thực hiện nghĩa vụ tài chính', en: 'Payment requested' },
  },
  withdrawn: {
    nationalCode: 7,
    portalName: 'cancelled',
    final: true,
    labels: { vi: 'Công dân yêu cầu rút hồ sơ', en: 'Withdrawn by the applicant' },
  },
  stopped: {
    nationalCode: 8,
    portalName: 'unresolved',
    final: true,
    labels: { vi: 'Dừng xử lý', en: 'Stopped' },
  },
  processed: {
    nationalCode: 9,
    portalName: 'releasing',
    final: false,
    labels: { vi: 'Đã xử lý xong', en: 'Processed, result awaiting return' },
  },
  returned: {
    nationalCode: 10,
    portalName: 'done',
    final: true,
    labels: { vi: 'Đã trả kết quả', en: 'Result returned' },
  },
} as const satisfies Record<DossierStatus, DossierStatusInfo>;

/** The status with a national number (1-10), or null. */
export function statusFromNationalCode(code: number): DossierStatus | null {
  return dossierStatuses.find((s) => dossierStatusInfo[s].nationalCode === code) ?? null;
}

/** How the dossier was filed (`KenhThucHien`). */
export const dossierChannels = ['counter', 'online', 'postal'] as const;
export type DossierChannel = (typeof dossierChannels)[number];

export const dossierChannelInfo = {
  counter: { nationalCode: 1, labels: { vi: 'Trực tiếp', en: 'At the counter' } },
  online: { nationalCode: 2, labels: { vi: 'Trực tuyến', en: 'Online' } },
  postal: { nationalCode: 3, labels: { vi: 'Qua dịch vụ bưu chính', en: 'By post' } },
} as const satisfies Record<DossierChannel, { nationalCode: number; labels: LocalizedText }>;

/** How the result is returned to the applicant. */
export const returnMethods = ['counter', 'electronic', 'postal'] as const;
export type ReturnMethod = (typeof returnMethods)[number];

export const returnMethodLabels = {
  counter: { vi: 'Trả trực tiếp tại Bộ phận Một cửa', en: 'At the one-stop counter' },
  electronic: { vi: 'Trả kết quả điện tử', en: 'Electronic result' },
  postal: { vi: 'Trả qua dịch vụ bưu chính', en: 'By post' },
} as const satisfies Record<ReturnMethod, LocalizedText>;

/** The citizen's rating of a finished dossier. */
export const ratings = ['very_satisfied', 'satisfied', 'not_satisfied'] as const;
export type Rating = (typeof ratings)[number];

export const ratingLabels = {
  very_satisfied: { vi: 'Rất hài lòng', en: 'Very satisfied' },
  satisfied: { vi: 'Hài lòng', en: 'Satisfied' },
  not_satisfied: { vi: 'Không hài lòng', en: 'Not satisfied' },
} as const satisfies Record<Rating, LocalizedText>;
