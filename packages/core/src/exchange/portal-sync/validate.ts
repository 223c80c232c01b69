/**
 * The field rules and code lists of the sync payloads, shared by the portal's stand-in (which refuses a
 * payload breaking them, as the portal does) and the tests. Problems come in the API's shape
 * ({ path, code, message: { vi, en } }).
 */
import type { FieldIssue } from '../../shared/errors';
import { portalCodeLists, portalServices } from './codes';
import { parsePortalDate } from './portal-date';

type Problem =
  | { code: 'required' }
  | { code: 'type'; expected: string }
  | { code: 'invalid_date' }
  | { code: 'enum'; allowed: readonly string[] }
  | { code: 'inconsistent'; vi: string; en: string };

function issue(path: string, p: Problem): FieldIssue {
  switch (p.code) {
    case 'required':
      return { path, code: 'required', message: { vi: 'Không được để trống.', en: 'Required.' } };
    case 'type':
      return {
        path,
        code: 'type',
        message: { vi: `Sai kiểu dữ liệu, cần: ${p.expected}.`, en: `Expected ${p.expected}.` },
      };
    case 'invalid_date':
      return {
        path,
        code: 'invalid_date',
        message: {
          vi: 'Ngày giờ không hợp lệ, cần dạng yyyyMMddHHmmss (giờ Việt Nam).',
          en: 'Invalid date, expected yyyyMMddHHmmss (Vietnam time).',
        },
      };
    case 'enum':
      return {
        path,
        code: 'enum',
        message: {
          vi: `Giá trị không có trong danh mục, chỉ nhận: ${p.allowed.join(', ')}.`,
          en: `Not in the code list, allowed: ${p.allowed.join(', ')}.`,
        },
      };
    case 'inconsistent':
      return { path, code: 'inconsistent', message: { vi: p.vi, en: p.en } };
  }
}

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

class Checker {
  readonly issues: FieldIssue[] = [];
  constructor(
    private readonly record: Rec,
    private readonly prefix: string,
  ) {}
  private path(field: string) {
    return `${this.prefix}.${field}`;
  }
  text(field: string, required = false): string | undefined {
    const v = this.record[field];
    if (v === undefined || v === null || v === '') {
      if (required) this.issues.push(issue(this.path(field), { code: 'required' }));
      return undefined;
    }
    if (typeof v !== 'string') {
      this.issues.push(issue(this.path(field), { code: 'type', expected: 'text' }));
      return undefined;
    }
    return v;
  }
  date(field: string, required = false): Date | undefined {
    const v = this.text(field, required);
    if (v === undefined) return undefined;
    const d = parsePortalDate(v);
    if (!d) this.issues.push(issue(this.path(field), { code: 'invalid_date' }));
    return d ?? undefined;
  }
  code(field: string, list: readonly string[], required = false): string | undefined {
    const v = this.text(field, required);
    if (v !== undefined && !list.includes(v))
      this.issues.push(issue(this.path(field), { code: 'enum', allowed: list }));
    return v;
  }
  number(field: string, required = false): void {
    const v = this.record[field];
    if (v === undefined || v === null) {
      if (required) this.issues.push(issue(this.path(field), { code: 'required' }));
      return;
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      this.issues.push(issue(this.path(field), { code: 'type', expected: 'a number ≥ 0' }));
  }
  boolean(field: string): void {
    const v = this.record[field];
    if (v !== undefined && typeof v !== 'boolean')
      this.issues.push(issue(this.path(field), { code: 'type', expected: 'true/false' }));
  }
  list(field: string, each: (item: Rec, c: Checker) => void): void {
    const v = this.record[field];
    if (v === undefined) return;
    if (!Array.isArray(v)) {
      this.issues.push(issue(this.path(field), { code: 'type', expected: 'a list' }));
      return;
    }
    for (const [i, item] of v.entries()) {
      const path = `${this.path(field)}[${i}]`;
      if (!isRecord(item)) {
        this.issues.push(issue(path, { code: 'type', expected: 'an object' }));
        continue;
      }
      const c = new Checker(item, path);
      each(item, c);
      this.issues.push(...c.issues);
    }
  }
  fail(field: string, vi: string, en: string): void {
    this.issues.push(issue(this.path(field), { code: 'inconsistent', vi, en }));
  }
}

const flags = portalCodeLists.Flag.values;

/** Problems of one DongBoHoSoMC record (`path` names it, e.g. `data[0]`). */
export function validatePortalDossier(record: Rec, path: string): FieldIssue[] {
  const c = new Checker(record, path);
  c.text('MaHoSo', true);
  c.text('MaTTHC', true);
  c.text('TenTTHC', true);
  c.text('MaLinhVuc');
  c.text('TenLinhVuc');
  // KenhThucHien: null is counted as trực tiếp by the portal (REFERENCES 2.3), so it may be absent.
  c.code('KenhThucHien', portalCodeLists.KenhThucHien.values);
  c.text('ChuHoSo', true);
  c.code('LoaiDoiTuong', portalCodeLists.LoaiDoiTuong.values);
  for (const f of ['MaDoiTuong', 'ThongTinKhac', 'Email', 'Fax', 'SoDienThoai', 'TrichYeuHoSo', 'ThongTinTra'])
    c.text(f);
  for (const f of ['DonViXuLy', 'GhiChu', 'SoGiayToChuHoSo']) c.text(f);
  const submitted = c.date('NgayNopHoSo', true);
  const received = c.date('NgayTiepNhan');
  c.date('NgayHenTra');
  const status = c.code('TrangThaiHoSo', portalCodeLists.TrangThaiHoSo.values, true);
  c.date('NgayTra');
  c.code('HinhThuc', portalCodeLists.HinhThuc.values);
  c.date('NgayKetThucXuLy');
  c.date('NgayTuChoi');
  c.code('HoSoCoThanhPhanSoHoa', flags);
  c.code('TaiKhoanDuocXacThucVoiVNeID', flags);
  c.code('DuocThanhToanTrucTuyen', portalCodeLists.DuocThanhToanTrucTuyen.values);
  const receivedText = record.NgayTiepNhan;
  if (
    status &&
    !['1', '3'].includes(status) &&
    (receivedText === undefined || receivedText === null || receivedText === '')
  )
    c.fail(
      'NgayTiepNhan',
      'Hồ sơ đã tiếp nhận (trạng thái khác 1 và 3) phải có ngày tiếp nhận.',
      'A received dossier (status other than 1 and 3) needs its receipt date.',
    );
  if (submitted && received && received < submitted)
    c.fail('NgayTiepNhan', 'Ngày tiếp nhận trước ngày nộp hồ sơ.', 'Received before it was filed.');
  c.list('DinhDanhCHS', (_, i) => {
    i.code('LoaiDinhDanh', portalCodeLists.LoaiDinhDanh.values, true);
    i.text('SoDinhDanh', true);
  });
  c.list('DSKetNoiCSDL', (_, i) => {
    i.code('MaCSDL', portalCodeLists.MaCSDL.values, true);
  });
  c.list('TaiLieuNop', (_, i) => {
    i.text('TepDinhKemId', true);
    i.text('TenTepDinhKem', true);
    i.boolean('IsDeleted');
    i.text('MaThanhPhanHoSo');
    i.text('DuongDanTaiTepTin');
    i.code('DuocSoHoa', flags, true);
    i.code('DuocTaiSuDung', flags, true);
    i.code('DuocLayTuKhoDMQG', flags, true);
    i.text('MaKetQuaThayThe');
  });
  const fee = (_: Rec, i: Checker) => {
    i.text('TenPhiLePhi', true);
    i.text('MaPhiLePhi');
    i.number('Gia', true);
  };
  c.list('DanhSachLePhi', fee);
  c.list('DanhSachTepDinhKemKhac', (_, i) => {
    i.text('TenGiayTo', true);
    i.number('SoLuong');
  });
  c.list('DanhSachHoSoBoSung', (_, i) => {
    i.text('HoSoBoSungId', true);
    i.text('NoiDungBoSung', true);
    i.date('NgayBoSung', true);
    i.date('NgayTiepNhanBoSung');
    i.date('NgayHenTraTruoc');
    i.date('NgayHenTraMoi');
    i.list('DanhSachGiayToBoSung', (_, g) => {
      g.text('TenGiayTo');
      g.text('GiayToId', true);
    });
    i.list('DanhSachLePhiBoSung', fee);
  });
  c.list('DanhSachGiayToKetQua', (_, i) => {
    i.text('TenGiayTo', true);
    i.text('GiayToId');
    i.text('DuongDanTepTinKetQua');
    i.text('MaGiayToKetQua');
  });
  return c.issues;
}

/** Problems of one CapNhatTienDoHoSoMC step. */
export function validatePortalProgress(record: Rec, path: string): FieldIssue[] {
  const c = new Checker(record, path);
  c.text('MaHoSo', true);
  c.text('NguoiXuLy');
  c.text('ChucDanh');
  c.date('ThoiDiemXuLy', true);
  c.text('PhongBanXuLy');
  c.text('NoiDungXuLy', true);
  c.code('TrangThai', portalCodeLists.TrangThaiHoSo.values, true);
  c.date('NgayBatDau');
  c.date('NgayKetThucTheoQuyDinh');
  return c.issues;
}

/** Problems of a whole request to the share endpoint: `{service, isUpdating, data: [...]}`. */
export function validatePortalRequest(body: unknown): FieldIssue[] {
  if (!isRecord(body)) return [issue('body', { code: 'type', expected: 'an object' })];
  const c = new Checker(body, 'body');
  const service = c.code('service', portalServices, true);
  c.boolean('isUpdating');
  const data = body.data;
  if (!Array.isArray(data) || data.length === 0) {
    c.issues.push(issue('body.data', { code: 'required' }));
    return c.issues;
  }
  if (!service || !portalServices.includes(service as never)) return c.issues;
  for (const [i, item] of data.entries()) {
    const path = `body.data[${i}]`;
    if (!isRecord(item)) {
      c.issues.push(issue(path, { code: 'type', expected: 'an object' }));
      continue;
    }
    c.issues.push(
      ...(service === 'DongBoHoSoMC' ? validatePortalDossier(item, path) : validatePortalProgress(item, path)),
    );
  }
  return c.issues;
}
