/**
 * The portal's payloads with its exact field names (REFERENCES 2.2). Codes and 0/1 flags travel as text;
 * an absent date or text is the empty string, as both public implementations send it.
 */
import type { PortalService } from './codes';

export interface PortalSubmittedDocument {
  TepDinhKemId: string;
  TenTepDinhKem: string;
  IsDeleted: boolean;
  MaThanhPhanHoSo: string;
  DuongDanTaiTepTin: string;
  DuocSoHoa: '0' | '1';
  DuocTaiSuDung: '0' | '1';
  DuocLayTuKhoDMQG: '0' | '1';
  MaKetQuaThayThe: string;
}

export interface PortalFee {
  TenPhiLePhi: string;
  MaPhiLePhi: string;
  Gia: number;
}

export interface PortalOtherDocument {
  TenGiayTo: string;
  SoLuong: number;
}

export interface PortalSupplement {
  HoSoBoSungId: string;
  NguoiYeuCauBoSung: string;
  NoiDungBoSung: string;
  NgayBoSung: string;
  NguoiTiepNhanBoSung: string;
  ThongTinTiepNhan: string;
  NgayTiepNhanBoSung: string;
  DanhSachGiayToBoSung: { TenGiayTo: string; GiayToId: string }[];
  DanhSachLePhiBoSung: PortalFee[];
  NgayHenTraTruoc: string;
  NgayHenTraMoi: string;
}

export interface PortalResultDocument {
  TenGiayTo: string;
  MaThanhPhanHoSo: string;
  GiayToId: string;
  DuongDanTepTinKetQua: string;
  MaGiayToKetQua: string;
}

/** One dossier of DongBoHoSoMC. */
export interface PortalDossier {
  MaHoSo: string;
  MaTTHC: string;
  TenTTHC: string;
  MaLinhVuc: string;
  TenLinhVuc: string;
  KenhThucHien: string;
  ChuHoSo: string;
  LoaiDoiTuong: string;
  MaDoiTuong: string;
  ThongTinKhac: string;
  Email: string;
  Fax: string;
  SoDienThoai: string;
  TrichYeuHoSo: string;
  NgayNopHoSo: string;
  NgayTiepNhan: string;
  NgayHenTra: string;
  TrangThaiHoSo: string;
  NgayTra: string;
  ThongTinTra: string;
  /** Left out when the return method has no code (electronic). */
  HinhThuc?: string;
  NgayKetThucXuLy: string;
  NgayTuChoi: string;
  DonViXuLy: string;
  GhiChu: string;
  SoGiayToChuHoSo: string;
  HoSoCoThanhPhanSoHoa: '0' | '1';
  TaiKhoanDuocXacThucVoiVNeID: '0' | '1';
  DuocThanhToanTrucTuyen: string;
  DinhDanhCHS: { LoaiDinhDanh: string; SoDinhDanh: string }[];
  DSKetNoiCSDL: { MaCSDL: string }[];
  TaiLieuNop: PortalSubmittedDocument[];
  DanhSachLePhi: PortalFee[];
  DanhSachTepDinhKemKhac: PortalOtherDocument[];
  DanhSachHoSoBoSung: PortalSupplement[];
  DanhSachGiayToKetQua: PortalResultDocument[];
}

/** One progress step of CapNhatTienDoHoSoMC (QuaTrinhXuLy). */
export interface PortalProgress {
  MaHoSo: string;
  NguoiXuLy: string;
  ChucDanh: string;
  ThoiDiemXuLy: string;
  PhongBanXuLy: string;
  NoiDungXuLy: string;
  TrangThai: string;
  NgayBatDau: string;
  NgayKetThucTheoQuyDinh: string;
}

/** The body posted to the share endpoint (REFERENCES 2.1). */
export type PortalRequest =
  | { service: 'DongBoHoSoMC'; isUpdating: boolean; data: PortalDossier[] }
  | { service: 'CapNhatTienDoHoSoMC'; isUpdating: boolean; data: PortalProgress[] };

export type PortalServiceName = PortalService;

/** The portal's answer: `error_code` 0 / "00" is OK (REFERENCES 2.1). */
export interface PortalAnswer {
  error_code: number | string;
  message?: string;
  details?: unknown;
}

export const portalAnswerOk = (answer: PortalAnswer): boolean =>
  answer.error_code === 0 || answer.error_code === '0' || answer.error_code === '00';
