import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { at, DEPT, DESK, Journey } from '../../dossiers/dossier.fixtures';
import { portalCodeLists } from './codes';
import { type PortalDossierSource, toPortalDossier, toPortalProgress } from './map';
import { formatPortalDate, parsePortalDate } from './portal-date';
import { validatePortalRequest } from './validate';

function sourceOf(journey: Journey, overrides: Partial<PortalDossierSource> = {}): PortalDossierSource {
  return {
    events: journey.events,
    procedure: { code: '1.001193', name: 'Thủ tục đăng ký khai sinh', fieldCode: null, fieldName: 'Hộ tịch' },
    applicant: {
      kind: 'citizen',
      fullName: 'Nguyễn Văn An',
      nationalId: '072090001234',
      taxCode: null,
      email: 'an@example.vn',
      phone: '0912345678',
      vneidVerified: false,
    },
    agencies: new Map([
      [DESK, { code: '000.00.00.H56', name: 'Bộ phận một cửa' }],
      [DEPT, { code: '000.01.00.H56', name: 'Phòng Tư pháp' }],
    ]),
    people: new Map([
      [`one_stop_clerk@${DESK}`, { name: 'Trần Thị Bình', title: 'Cán bộ một cửa' }],
      [`one_stop_clerk@${DEPT}`, { name: 'Lê Văn Cường', title: 'Cán bộ một cửa' }],
    ]),
    files: new Map([
      ['file-9', { id: 'file-9', name: 'cccd.pdf', digitised: true, reused: false, fromDataStore: false }],
    ]),
    fees: [
      {
        requestVersion: null,
        lines: [{ itemId: 'le-phi', name: 'Lệ phí đăng ký', amount: 8000 }],
        status: 'paid',
        paidOnline: 'none',
      },
    ],
    populationData: false,
    ...overrides,
  };
}

describe('portal dates', () => {
  it('writes yyyyMMddHHmmss in Vietnam time and reads it back', () => {
    assert.equal(formatPortalDate(new Date('2026-03-31T17:05:09Z')), '20260401000509');
    assert.equal(parsePortalDate('20260401000509')?.toISOString(), '2026-03-31T17:05:09.000Z');
    assert.equal(parsePortalDate('20261131080000'), null);
    assert.equal(parsePortalDate('2026-11-30'), null);
    assert.equal(parsePortalDate('20261130240000'), null);
  });
});

describe('toPortalDossier', () => {
  const journey = new Journey(at('2026-04-01', '08:00'))
    .do('forward')
    .do('assign')
    .do('request_supplement')
    .do('submit_supplement')
    .do('propose_approval')
    .do('approve')
    .do('issue_result')
    .do('return_result');

  it('maps the whole dossier with the portal field names, codes and Vietnam-time dates', () => {
    const record = toPortalDossier(sourceOf(journey));
    const s = journey.state;
    assert.deepEqual(record, {
      MaHoSo: s.code,
      MaTTHC: '1.001193',
      TenTTHC: 'Thủ tục đăng ký khai sinh',
      MaLinhVuc: '',
      TenLinhVuc: 'Hộ tịch',
      KenhThucHien: '1',
      ChuHoSo: 'Nguyễn Văn An',
      LoaiDoiTuong: '1',
      MaDoiTuong: '072090001234',
      ThongTinKhac: '',
      Email: 'an@example.vn',
      Fax: '',
      SoDienThoai: '0912345678',
      TrichYeuHoSo: 'Thủ tục đăng ký khai sinh - Nguyễn Văn An',
      NgayNopHoSo: '20260401080000',
      NgayTiepNhan: '20260401080000',
      NgayHenTra: formatPortalDate(s.dueAt as Date),
      TrangThaiHoSo: '10',
      NgayTra: '20260401160000',
      ThongTinTra: '',
      HinhThuc: '0',
      NgayKetThucXuLy: formatPortalDate(s.finishedAt as Date),
      NgayTuChoi: '',
      DonViXuLy: 'Phòng Tư pháp',
      GhiChu: '',
      SoGiayToChuHoSo: '072090001234',
      HoSoCoThanhPhanSoHoa: '1',
      TaiKhoanDuocXacThucVoiVNeID: '0',
      DuocThanhToanTrucTuyen: '0',
      DinhDanhCHS: [{ LoaiDinhDanh: '1', SoDinhDanh: '072090001234' }],
      DSKetNoiCSDL: [],
      TaiLieuNop: [
        {
          TepDinhKemId: 'file-9',
          TenTepDinhKem: 'cccd.pdf',
          IsDeleted: false,
          MaThanhPhanHoSo: '',
          DuongDanTaiTepTin: '',
          DuocSoHoa: '1',
          DuocTaiSuDung: '0',
          DuocLayTuKhoDMQG: '0',
          MaKetQuaThayThe: '',
        },
      ],
      DanhSachLePhi: [{ TenPhiLePhi: 'Lệ phí đăng ký', MaPhiLePhi: 'le-phi', Gia: 8000 }],
      DanhSachTepDinhKemKhac: [],
      DanhSachHoSoBoSung: [
        {
          HoSoBoSungId: 'dossier-1.4',
          NguoiYeuCauBoSung: 'Lê Văn Cường',
          NoiDungBoSung: 'Thiếu giấy tờ; Bản sao CCCD của người đi khai',
          NgayBoSung: '20260401110000',
          NguoiTiepNhanBoSung: '',
          ThongTinTiepNhan: '',
          NgayTiepNhanBoSung: '20260401120000',
          DanhSachGiayToBoSung: [{ TenGiayTo: 'cccd.pdf', GiayToId: 'file-9' }],
          DanhSachLePhiBoSung: [],
          NgayHenTraTruoc: formatPortalDate(journey.states[2]?.dueAt as Date),
          NgayHenTraMoi: formatPortalDate(journey.states[4]?.dueAt as Date),
        },
      ],
      DanhSachGiayToKetQua: [
        {
          TenGiayTo: 'Giấy khai sinh',
          MaThanhPhanHoSo: '',
          GiayToId: '',
          DuongDanTepTinKetQua: '',
          MaGiayToKetQua: '12/GKS-UBND',
        },
      ],
    });
    assert.deepEqual(validatePortalRequest({ service: 'DongBoHoSoMC', isUpdating: true, data: [record] }), []);
  });

  it('sends the true status of a stopped dossier and of a dossier waiting for a supplement', () => {
    const stopped = new Journey(at('2026-04-01', '08:00')).do('forward').do('assign').do('stop');
    assert.equal(toPortalDossier(sourceOf(stopped)).TrangThaiHoSo, '8');
    const waiting = new Journey(at('2026-04-01', '08:00')).do('forward').do('assign').do('request_supplement');
    assert.equal(toPortalDossier(sourceOf(waiting)).TrangThaiHoSo, '5');
    const online = new Journey(at('2026-04-01', '08:00'), {}, 'submit_online');
    const record = toPortalDossier(sourceOf(online, { populationData: true }));
    assert.equal(record.TrangThaiHoSo, '1');
    assert.equal(record.KenhThucHien, '2');
    assert.equal(record.NgayTiepNhan, '');
    assert.deepEqual(record.DSKetNoiCSDL, [{ MaCSDL: '7' }]);
  });

  it('names an organisation filed for as the owner (a business: its tax code), its representative as other information', () => {
    const record = toPortalDossier(
      sourceOf(journey, {
        applicant: {
          kind: 'organisation',
          fullName: 'Công ty TNHH Sao Mai',
          nationalId: null,
          taxCode: '0312345678',
          email: 'lienhe@saomai.vn',
          phone: null,
          vneidVerified: true,
          representative: { fullName: 'Nguyễn Văn An', nationalId: '072090001234' },
        },
      }),
    );
    assert.equal(record.ChuHoSo, 'Công ty TNHH Sao Mai');
    assert.equal(record.LoaiDoiTuong, '2');
    assert.equal(record.MaDoiTuong, '0312345678');
    assert.equal(record.SoGiayToChuHoSo, '');
    assert.deepEqual(record.DinhDanhCHS, []);
    assert.equal(record.ThongTinKhac, 'Người đại diện nộp hồ sơ: Nguyễn Văn An (số định danh 072090001234)');
    assert.equal(record.TrichYeuHoSo, 'Thủ tục đăng ký khai sinh - Công ty TNHH Sao Mai');
    assert.deepEqual(validatePortalRequest({ service: 'DongBoHoSoMC', isUpdating: true, data: [record] }), []);
  });

  it('maps each step to CapNhatTienDoHoSoMC with who, when, what and the status it led to', () => {
    const progress = toPortalProgress(sourceOf(journey), 4);
    assert.deepEqual(progress, {
      MaHoSo: journey.state.code,
      NguoiXuLy: 'Lê Văn Cường',
      ChucDanh: 'Cán bộ một cửa',
      ThoiDiemXuLy: '20260401110000',
      PhongBanXuLy: 'Phòng Tư pháp',
      NoiDungXuLy: 'Yêu cầu bổ sung hồ sơ: Thiếu giấy tờ; Bản sao CCCD của người đi khai',
      TrangThai: '5',
      // The step began when the dossier was forwarded (09:00); assigning it does not restart it.
      NgayBatDau: '20260401090000',
      NgayKetThucTheoQuyDinh: formatPortalDate(journey.states[2]?.currentStep?.dueAt as Date),
    });
    assert.deepEqual(
      validatePortalRequest({ service: 'CapNhatTienDoHoSoMC', isUpdating: false, data: [progress] }),
      [],
    );
  });
});

describe('validatePortalRequest', () => {
  it('refuses unknown services, missing fields, bad dates and values outside the code lists', () => {
    const journey = new Journey(at('2026-04-01', '08:00'));
    const record = { ...toPortalDossier(sourceOf(journey)) } as Record<string, unknown>;
    assert.deepEqual(
      validatePortalRequest({ service: 'XoaHoSo', data: [record] }).map((i) => [i.path, i.code]),
      [['body.service', 'enum']],
    );
    assert.deepEqual(
      validatePortalRequest({ service: 'DongBoHoSoMC', data: [] }).map((i) => [i.path, i.code]),
      [['body.data', 'required']],
    );
    const bad = {
      ...record,
      MaTTHC: '',
      TrangThaiHoSo: '11',
      NgayTiepNhan: '2026-04-01T08:00:00',
      KenhThucHien: 4,
      TaiLieuNop: [{ TepDinhKemId: 'f', TenTepDinhKem: 'a.pdf', DuocSoHoa: 'true' }],
    };
    assert.deepEqual(
      validatePortalRequest({ service: 'DongBoHoSoMC', isUpdating: 'yes', data: [bad] }).map((i) => [i.path, i.code]),
      [
        ['body.isUpdating', 'type'],
        ['body.data[0].MaTTHC', 'required'],
        ['body.data[0].KenhThucHien', 'type'],
        ['body.data[0].NgayTiepNhan', 'invalid_date'],
        ['body.data[0].TrangThaiHoSo', 'enum'],
        ['body.data[0].TaiLieuNop[0].DuocSoHoa', 'enum'],
        ['body.data[0].TaiLieuNop[0].DuocTaiSuDung', 'required'],
        ['body.data[0].TaiLieuNop[0].DuocLayTuKhoDMQG', 'required'],
      ],
    );
    assert.deepEqual(
      validatePortalRequest({
        service: 'DongBoHoSoMC',
        data: [{ ...record, TrangThaiHoSo: '4', NgayTiepNhan: '' }],
      }).map((i) => [i.path, i.code]),
      [['body.data[0].NgayTiepNhan', 'inconsistent']],
    );
    assert.deepEqual(portalCodeLists.TrangThaiHoSo.values, ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  });
});
