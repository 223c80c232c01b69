/**
 * The national public service portal's (Cổng DVCQG) code lists for the dossier sync, as data.
 * Sources: ../shared/REFERENCES.md section 2.3. `confirmed: false` marks what the references call
 * unconfirmed (seen in public code, not in an official specification): kept here so a correction is one edit.
 */

import type { DossierChannel, DossierStatus, ReturnMethod } from '../../dossiers/statuses';
import { dossierChannelInfo, dossierStatuses, dossierStatusInfo } from '../../dossiers/statuses';
import type { PersonKind } from '../../identity/roles';

export interface PortalCodeList {
  /** Allowed values as sent (text). */
  values: readonly string[];
  confirmed: boolean;
  source: string;
}

/** TrangThaiHoSo 1-10: the true status of the dossier (never rewritten). */
export const portalStatusCodeOf = (status: DossierStatus): string => String(dossierStatusInfo[status].nationalCode);

/** KenhThucHien: 1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích. */
export const portalChannelCodeOf = (channel: DossierChannel): string =>
  String(dossierChannelInfo[channel].nationalCode);

/** LoaiDoiTuong: 1 công dân, 2 doanh nghiệp (opencps); 3 cơ quan nhà nước, 4 tổ chức/khác (PASETO, unconfirmed). */
export const portalApplicantKindCodes = {
  citizen: '1',
  organisation: '2',
  officer: '1',
} as const satisfies Record<PersonKind, string>;

/**
 * HinhThuc (how the result is returned), opencps: 0 trực tiếp, 1 bưu chính [unconfirmed]. The portal has no
 * code for an electronic return in the references: null, the field is left out.
 */
export const portalReturnMethodCodes = {
  counter: '0',
  postal: '1',
  electronic: null,
} as const satisfies Record<ReturnMethod, string | null>;

/** DinhDanhCHS.LoaiDinhDanh: "1" a 12-digit id, "2" a 9-digit id (PASETO) [unconfirmed]. */
export const portalIdentityKindCodes = { twelveDigits: '1', nineDigits: '2' } as const;

/**
 * DuocThanhToanTrucTuyen: 1 paid online through the national portal's payment platform, 2 through the
 * ministry's or province's payment portal (formula doc (A)); 0 not paid online.
 */
export const portalOnlinePaymentCodes = { none: '0', nationalPortal: '1', localPortal: '2' } as const;

/** 0/1 flags (HoSoCoThanhPhanSoHoa, TaiKhoanDuocXacThucVoiVNeID, DuocSoHoa, …): sent as text, as PASETO does. */
export const portalFlag = (value: boolean): '0' | '1' => (value ? '1' : '0');

export const portalCodeLists = {
  TrangThaiHoSo: {
    values: dossierStatuses.map(portalStatusCodeOf),
    confirmed: true,
    source: 'REFERENCES 2.3 (de-facto standard)',
  },
  KenhThucHien: { values: ['1', '2', '3'], confirmed: true, source: 'REFERENCES 2.3, formula doc (A)' },
  LoaiDoiTuong: { values: ['1', '2', '3', '4'], confirmed: false, source: 'REFERENCES 2.3 (opencps 1-2, PASETO 3-4)' },
  HinhThuc: { values: ['0', '1'], confirmed: false, source: 'REFERENCES 2.3 (opencps)' },
  LoaiDinhDanh: { values: ['1', '2'], confirmed: false, source: 'REFERENCES 2.2 (PASETO)' },
  DuocThanhToanTrucTuyen: { values: ['0', '1', '2'], confirmed: true, source: 'REFERENCES 2.2, formula doc (A)' },
  Flag: { values: ['0', '1'], confirmed: true, source: 'REFERENCES 2.2 (0/1)' },
  /** DSKetNoiCSDL.MaCSDL: PASETO sends "7", its meaning unconfirmed: Congso sends it for none yet. */
  MaCSDL: { values: ['7'], confirmed: false, source: 'REFERENCES 2.2 (PASETO)' },
} as const satisfies Record<string, PortalCodeList>;

/** The services the sync calls (REFERENCES 2.1). */
export const portalServices = ['DongBoHoSoMC', 'CapNhatTienDoHoSoMC'] as const;
export type PortalService = (typeof portalServices)[number];
