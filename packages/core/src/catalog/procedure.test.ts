import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { procedureFromPortalDetails, procedureFromPortalSummary, rejectReason } from './portal-procedure';
import {
  buildStepTemplate,
  type CatalogRecord,
  catalogRecordSchema,
  DEFAULT_STEP_SPLIT,
  type DeadlineUnit,
  deadlineWorkingHours,
  likelyResultName,
  procedureFromCatalogRecord,
  validateProcedure,
} from './procedure';

const sum = (xs: { hours: number }[]) => xs.reduce((s, x) => s + x.hours, 0);

describe('step template', () => {
  it('the default split sums to 1 and follows the one-stop order', () => {
    assert.equal(
      DEFAULT_STEP_SPLIT.reduce((s, x) => s + x.share, 0),
      1,
    );
    assert.deepEqual(
      DEFAULT_STEP_SPLIT.map((s) => s.step),
      ['receive', 'examine', 'approve', 'issue', 'return'],
    );
  });

  it('splits 5 working days as documented', () => {
    assert.deepEqual(
      buildStepTemplate({ amount: 5, unit: 'working_days' }).map((s) => [s.step, s.role, s.hours]),
      [
        ['receive', 'one_stop_clerk', 4],
        ['examine', 'specialist', 20],
        ['approve', 'agency_leader', 8],
        ['issue', 'document_clerk', 4],
        ['return', 'one_stop_clerk', 4],
      ],
    );
  });

  it('splits one day and a same-day procedure in half hours', () => {
    assert.deepEqual(
      buildStepTemplate({ amount: 1, unit: 'working_days' }).map((s) => s.hours),
      [1, 3.5, 1.5, 1, 1],
    );
    assert.deepEqual(
      buildStepTemplate({ amount: 0, unit: 'same_day' }).map((s) => s.hours),
      [0.5, 1.5, 1, 0.5, 0.5],
    );
  });

  it('always sums to the total working hours', () => {
    const cases: [number, DeadlineUnit][] = [
      [0.5, 'working_days'],
      [1, 'hours'],
      [2, 'hours'],
      [3, 'hours'],
      [4, 'hours'],
      [7, 'days'],
      [15, 'days'],
      [30, 'days'],
      [3, 'working_days'],
      [13, 'working_days'],
      [60, 'working_days'],
      [0, 'same_day'],
    ];
    for (const [amount, unit] of cases) {
      const steps = buildStepTemplate({ amount, unit });
      assert.equal(sum(steps), deadlineWorkingHours({ amount, unit }), `${amount} ${unit}`);
      assert.ok(
        steps.every((s) => s.hours >= 0),
        `${amount} ${unit}`,
      );
    }
  });

  it('converts deadlines to working hours', () => {
    assert.equal(deadlineWorkingHours({ amount: 5, unit: 'working_days' }), 40);
    assert.equal(deadlineWorkingHours({ amount: 7, unit: 'days' }), 40);
    assert.equal(deadlineWorkingHours({ amount: 4, unit: 'hours' }), 4);
    assert.equal(deadlineWorkingHours({ amount: 0, unit: 'same_day' }), 4);
    assert.equal(deadlineWorkingHours({ amount: 0, unit: 'none' }), 0);
  });

  it('gives every step 0 hours without a deadline, and accepts a province split', () => {
    assert.deepEqual(
      buildStepTemplate({ amount: 0, unit: 'none' }).map((s) => s.hours),
      [0, 0, 0, 0, 0],
    );
    const split = [
      { step: 'receive', role: 'one_stop_clerk', share: 0.5 },
      { step: 'return', role: 'one_stop_clerk', share: 0.5 },
    ] as const;
    assert.deepEqual(
      buildStepTemplate({ amount: 1, unit: 'working_days' }, split).map((s) => s.hours),
      [4, 4],
    );
  });
});

// Real fields of 1.001193 "Thủ tục đăng ký khai sinh" (shortened).
const BIRTH = {
  ma_thu_tuc: '1.001193',
  ten_thu_tuc: 'Thủ tục đăng ký khai sinh',
  so_quyet_dinh: '163/QĐ-BTP',
  cap_thuc_hien: 'Cấp xã',
  loai_thu_tuc: 'TTHC được giao luật quy định chi tiết',
  linh_vuc: 'Hộ tịch',
  doi_tuong_thuc_hien: 'Công dân Việt Nam, Người Việt Nam định cư ở nước ngoài',
  co_quan_co_tham_quyen: '',
  co_quan_thuc_hien: 'Không có thông tin',
  cach_thuc_thuc_hien:
    'Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến1Miễn phíDịch vụ bưu chính1Miễn phíTrực tiếp1Miễn phí',
  thanh_phan_ho_so:
    '* Giấy tờ phải nộp:Tên giấy tờMẫu đơn, tờ khaiSố lượng- Trường hợp trẻ em bị bỏ rơi thì phải có biên bản về việc trẻ bị bỏ rơi do cơ quan có thẩm quyền lập.1 bản chính- Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản của người làm chứng xác nhận về việc sinh; nếu không có người làm chứng thì phải có giấy cam đoan về việc sinh.1 bản chính* Giấy tờ phải xuất trình:Tên giấy tờMẫu đơn, tờ khaiSố lượng- Hộ chiếu/Thẻ căn cước công dân/Thẻ căn cước/Căn cước điện tử/Giấy chứng nhận căn cước hoặc các giấy tờ khác có dán ảnh và thông tin cá nhân do cơ quan có thẩm quyền cấp, còn giá trị sử dụng (sau đây gọi tắt là giấy tờ tùy thân) để chứng minh về nhân thân khi làm thủ tục trực tiếp tại cơ quan đăng ký hộ tịch.1 bản chính',
  can_cu_phap_ly:
    'Tên văn bản pháp lýMã văn bảnNghị định số 123/2015/NĐ-CP ngày 15/11/2015 của  Chính phủ quy định chi tiết một số điều và biện pháp thi  hành Luật Hộ tịch123/2015/NĐ-CPLuật 60/2014/QH1360/2014/QH13',
  ket_qua_xu_ly:
    'Giấy khai sinhMã: KQ.G15.000031Từ khóaKhông có thông tinMô tảKhông có thông tinChọn cơ quan thực hiệnTỉnh/ Thành phốBộ ngành',
  detail_url: 'https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7',
};

describe('procedureFromPortalDetails', () => {
  it('builds "Thủ tục đăng ký khai sinh" with its documents, result, legal basis and steps', () => {
    const { procedure: p, warnings } = procedureFromPortalDetails(BIRTH);
    assert.deepEqual(validateProcedure(p), []);
    assert.equal(p.code, '1.001193');
    assert.equal(p.field, 'Hộ tịch');
    assert.deepEqual(p.levels, ['commune']);
    assert.equal(p.implementingAgencies, '');
    assert.deepEqual(p.applicantKinds, ['Công dân Việt Nam', 'Người Việt Nam định cư ở nước ngoài']);
    assert.deepEqual(p.channels, ['counter', 'online', 'postal']);
    assert.equal(p.serviceMode, 'partial_online');
    assert.deepEqual(p.deadlines.counter, { amount: 1, unit: 'working_days', calendarDays: false, text: '1' });
    assert.deepEqual(p.fees.online, { amountVnd: 0, text: 'Miễn phí' });
    assert.deepEqual(
      p.requiredDocuments.map((d) => [d.name.slice(0, 20), d.original, d.mandatory, d.group]),
      [
        ['Trường hợp trẻ em bị', 1, false, 'Giấy tờ phải nộp'],
        ['Giấy chứng sinh; trư', 1, true, 'Giấy tờ phải nộp'],
        ['Hộ chiếu/Thẻ căn cướ', 1, true, 'Giấy tờ phải xuất trình'],
      ],
    );
    assert.deepEqual(p.results, [{ name: 'Giấy khai sinh', code: 'KQ.G15.000031' }]);
    assert.deepEqual(
      p.legalBasis.map((l) => l.number),
      ['123/2015/NĐ-CP', '60/2014/QH13'],
    );
    assert.equal(sum(p.steps), 8);
    assert.deepEqual(
      warnings.map((w) => `${w.field}:${w.kind}`),
      [
        'cach_thuc_thuc_hien:deadline_unit_missing',
        'cach_thuc_thuc_hien:deadline_unit_missing',
        'cach_thuc_thuc_hien:deadline_unit_missing',
      ],
    );
  });

  it('round-trips through a catalogue record (without steps)', () => {
    const { procedure } = procedureFromPortalDetails(BIRTH);
    const { steps, ...record } = procedure;
    assert.equal(catalogRecordSchema.safeParse(record).success, true);
    assert.deepEqual(procedureFromCatalogRecord(record as CatalogRecord).steps, steps);
  });
});

describe('procedureFromPortalSummary', () => {
  it('reads a summary row, including a glued time and fee', () => {
    const { procedure: p, warnings } = procedureFromPortalSummary({
      ma_thu_tuc: '1.007849',
      ten_thu_tuc: 'Thủ tục hải quan',
      linh_vuc: 'Hải quan',
      cap_thuc_hien: 'Cấp tỉnh, Cấp xã',
      doi_tuong_thuc_hien: 'Doanh nghiệp',
      co_quan_thuc_hien: 'Chi cục Hải quan khu vực',
      kenh_nop: 'Trực tiếp',
      thoi_han_truc_tiep: '120',
      phi_le_phi_truc_tiep: 'VNĐ(20.000 đ/tờ khai)',
    });
    assert.deepEqual(validateProcedure(p), []);
    assert.deepEqual(p.levels, ['province', 'commune']);
    assert.deepEqual(p.channels, ['counter']);
    assert.equal(p.serviceMode, 'offline');
    assert.equal(p.deadlines.counter?.amount, 1);
    assert.equal(p.fees.counter?.amountVnd, 20000);
    assert.deepEqual(p.requiredDocuments, []);
    assert.ok(warnings.some((w) => w.kind === 'channel_time_fee_glued'));
  });

  it('reads online and postal channels from the summary', () => {
    const { procedure: p } = procedureFromPortalSummary({
      ma_thu_tuc: '1.000236',
      ten_thu_tuc: 'Đăng ký tài khoản điện tử',
      cap_thuc_hien: 'Cấp tỉnh',
      kenh_nop: 'Trực tuyến|Dịch vụ bưu chính|Trực tiếp',
      thoi_han_truc_tiep: '3 Ngày làm việc',
      thoi_han_truc_tuyen: '3 Ngày làm việc',
      thoi_han_buu_chinh: '3 Ngày làm việc',
      phi_le_phi_truc_tiep: 'Miễn phí',
      phi_le_phi_truc_tuyen: 'Miễn phí',
      ten_mentions_toan_trinh: 'False',
    });
    assert.deepEqual(p.channels, ['counter', 'online', 'postal']);
    assert.equal(p.serviceMode, 'partial_online');
    assert.equal(p.deadlines.postal?.amount, 3);
    assert.deepEqual(p.fees.postal, { amountVnd: null, text: '' });
    assert.equal(sum(p.steps), 24);
  });

  it('rejects rows without a valid code or a name', () => {
    assert.equal(rejectReason({ ma_thu_tuc: '1.001193', ten_thu_tuc: 'x' }), null);
    assert.equal(rejectReason({ ma_thu_tuc: 'abc', ten_thu_tuc: 'x' }), 'invalid code "abc"');
    assert.equal(rejectReason({ ma_thu_tuc: '1.001193', ten_thu_tuc: ' ' }), 'missing name');
  });
});

describe('procedureSchema', () => {
  it('reports invalid records', () => {
    const { procedure } = procedureFromPortalDetails(BIRTH);
    assert.deepEqual(validateProcedure({ ...procedure, code: '1193' }), ['code: code looks like 1.001193']);
    assert.deepEqual(validateProcedure({ ...procedure, channels: ['counter'] }), [
      'serviceMode: an online service mode needs the online channel',
    ]);
    assert.ok(
      validateProcedure({
        ...procedure,
        deadlines: { counter: { amount: 5, unit: 'days', calendarDays: false, text: '' } },
      }).length > 0,
    );
    assert.ok(validateProcedure(null).length > 0);
  });
});

describe('the result a dossier most likely ends with', () => {
  const names = (...xs: string[]) => xs.map((name) => ({ name }));
  it('passes over refusal slips listed first', () => {
    assert.equal(
      likelyResultName(
        names('Phiếu từ chối tiếp nhận, giải quyết hồ sơ (lĩnh vực cư trú)', 'Xác nhận thông tin về cư trú (CT07)'),
      ),
      'Xác nhận thông tin về cư trú (CT07)',
    );
    assert.equal(
      likelyResultName(names('Văn bản thông báo từ chối/không đủ điều kiện', 'Quyết định về việc giao khu vực biển')),
      'Quyết định về việc giao khu vực biển',
    );
    assert.equal(
      likelyResultName(
        names(
          'Văn bản không chấp thuận tổ chức kinh tế được nhận chuyển nhượng',
          'Văn bản chấp thuận tổ chức kinh tế được nhận chuyển nhượng',
        ),
      ),
      'Văn bản chấp thuận tổ chức kinh tế được nhận chuyển nhượng',
    );
  });
  it('keeps a letter that grants or refuses, and a first result that is no refusal', () => {
    const both = 'Văn bản chấp thuận hoặc không chấp thuận gia hạn, lý do';
    assert.equal(likelyResultName(names(both, 'Phiếu từ chối')), both);
    assert.equal(likelyResultName(names('Giấy khai sinh', 'Trích lục khai sinh')), 'Giấy khai sinh');
  });
  it('gives the first when every result is a refusal, nothing when there is none', () => {
    assert.equal(
      likelyResultName(names('Văn bản từ chối nhận di sản được chứng thực')),
      'Văn bản từ chối nhận di sản được chứng thực',
    );
    assert.equal(likelyResultName(names('tu choi tiep nhan', 'KHÔNG CẤP phép')), 'tu choi tiep nhan');
    assert.equal(likelyResultName([]), null);
  });
});
