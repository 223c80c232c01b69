/**
 * Kinds of administrative documents and their abbreviations (Nghị định 30/2020/NĐ-CP, Phụ lục III) as data.
 * A công văn has no type abbreviation: its notation names the issuer and the drafting unit (`45/UBND-VP`).
 */
import type { LocalizedText } from '../shared/errors';

export interface DocumentType {
  code: string;
  /** Null for the công văn (its notation has no type part). */
  abbreviation: string | null;
  name: LocalizedText;
}

export const documentTypes = [
  { code: 'nghi_quyet', abbreviation: 'NQ', name: { vi: 'Nghị quyết', en: 'Resolution' } },
  { code: 'quyet_dinh', abbreviation: 'QĐ', name: { vi: 'Quyết định', en: 'Decision' } },
  { code: 'chi_thi', abbreviation: 'CT', name: { vi: 'Chỉ thị', en: 'Directive' } },
  { code: 'quy_che', abbreviation: 'QC', name: { vi: 'Quy chế', en: 'Regulation' } },
  { code: 'quy_dinh', abbreviation: 'QyĐ', name: { vi: 'Quy định', en: 'Rules' } },
  { code: 'thong_cao', abbreviation: 'TC', name: { vi: 'Thông cáo', en: 'Communiqué' } },
  { code: 'thong_bao', abbreviation: 'TB', name: { vi: 'Thông báo', en: 'Notice' } },
  { code: 'huong_dan', abbreviation: 'HD', name: { vi: 'Hướng dẫn', en: 'Guidance' } },
  { code: 'chuong_trinh', abbreviation: 'CTr', name: { vi: 'Chương trình', en: 'Programme' } },
  { code: 'ke_hoach', abbreviation: 'KH', name: { vi: 'Kế hoạch', en: 'Plan' } },
  { code: 'phuong_an', abbreviation: 'PA', name: { vi: 'Phương án', en: 'Scheme' } },
  { code: 'de_an', abbreviation: 'ĐA', name: { vi: 'Đề án', en: 'Project proposal' } },
  { code: 'du_an', abbreviation: 'DA', name: { vi: 'Dự án', en: 'Project' } },
  { code: 'bao_cao', abbreviation: 'BC', name: { vi: 'Báo cáo', en: 'Report' } },
  { code: 'bien_ban', abbreviation: 'BB', name: { vi: 'Biên bản', en: 'Minutes' } },
  { code: 'to_trinh', abbreviation: 'TTr', name: { vi: 'Tờ trình', en: 'Submission' } },
  { code: 'hop_dong', abbreviation: 'HĐ', name: { vi: 'Hợp đồng', en: 'Contract' } },
  { code: 'cong_dien', abbreviation: 'CĐ', name: { vi: 'Công điện', en: 'Official telegram' } },
  { code: 'ban_ghi_nho', abbreviation: 'BGN', name: { vi: 'Bản ghi nhớ', en: 'Memorandum of understanding' } },
  { code: 'ban_thoa_thuan', abbreviation: 'BTT', name: { vi: 'Bản thỏa thuận', en: 'Agreement' } },
  { code: 'giay_uy_quyen', abbreviation: 'GUQ', name: { vi: 'Giấy ủy quyền', en: 'Power of attorney' } },
  { code: 'giay_moi', abbreviation: 'GM', name: { vi: 'Giấy mời', en: 'Invitation' } },
  { code: 'giay_gioi_thieu', abbreviation: 'GGT', name: { vi: 'Giấy giới thiệu', en: 'Letter of introduction' } },
  { code: 'giay_nghi_phep', abbreviation: 'GNP', name: { vi: 'Giấy nghỉ phép', en: 'Leave permit' } },
  { code: 'phieu_gui', abbreviation: 'PG', name: { vi: 'Phiếu gửi', en: 'Dispatch slip' } },
  { code: 'phieu_chuyen', abbreviation: 'PC', name: { vi: 'Phiếu chuyển', en: 'Transfer slip' } },
  { code: 'phieu_bao', abbreviation: 'PB', name: { vi: 'Phiếu báo', en: 'Notification slip' } },
  { code: 'cong_van', abbreviation: null, name: { vi: 'Công văn', en: 'Official letter' } },
] as const satisfies readonly DocumentType[];

export type DocumentTypeCode = (typeof documentTypes)[number]['code'];
export const documentTypeCodes = documentTypes.map((t) => t.code) as [DocumentTypeCode, ...DocumentTypeCode[]];

const byCode: ReadonlyMap<string, DocumentType> = new Map(documentTypes.map((t) => [t.code, t]));

/** The type of a code, or undefined for an unknown code. */
export function documentTypeOf(code: string): DocumentType | undefined {
  return byCode.get(code);
}

/** Kinds of copies (Phụ lục III): sao y, trích sao, sao lục. */
export const copyKinds = [
  { code: 'sao_y', abbreviation: 'SY', name: { vi: 'Sao y', en: 'True copy' } },
  { code: 'trich_sao', abbreviation: 'TrS', name: { vi: 'Trích sao', en: 'Extract copy' } },
  { code: 'sao_luc', abbreviation: 'SL', name: { vi: 'Sao lục', en: 'Transcript copy' } },
] as const satisfies readonly DocumentType[];
