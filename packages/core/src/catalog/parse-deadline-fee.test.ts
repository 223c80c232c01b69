import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeText, parseDeadline, parseFee } from './parse';
import type { DeadlineUnit } from './procedure';

type Expected = [amount: number, unit: DeadlineUnit];

// Phrases taken from the portal's data (time cells, descriptions and procedure steps of the 588 commune-level
// procedures and the catalogue summary), plus the shapes named in the brief.
const DEADLINES: [string, Expected][] = [
  ['5 Ngày làm việc', [5, 'working_days']],
  ['7 Ngày', [7, 'days']],
  ['15 Ngày', [15, 'days']],
  ['1 Giờ', [1, 'hours']],
  ['2 Giờ', [2, 'hours']],
  ['3 Tháng', [90, 'days']],
  ['1.5 Ngày làm việc', [1.5, 'working_days']],
  ['0,5 ngày làm việc', [0.5, 'working_days']],
  ['0,5 ngày', [0.5, 'working_days']],
  ['05 ngày làm việc', [5, 'working_days']],
  ['03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ', [3, 'working_days']],
  ['04 giờ làm việc', [4, 'hours']],
  ['Không quá 10 ngày', [10, 'days']],
  ['30 ngày', [30, 'days']],
  ['Trong ngày', [0, 'same_day']],
  ['Ngay trong ngày làm việc', [0, 'same_day']],
  ['04 ngày làm việc, kể từ ngày nhận đủ hồ sơ theo quy định', [4, 'working_days']],
  ['07 ngày làm việc, kể từ ngày nhận đủ hồ sơ (Sở Nội vụ: 03 ngày; UBND cấp xã: 04 ngày)', [7, 'working_days']],
  [
    '02 (hai) ngày làm việc, kể từ ngày nhận đủ hồ sơ theo quy định và tổ chức, cá nhân đã hoàn thành nghĩa vụ tài chính (nếu có)',
    [2, 'working_days'],
  ],
  ['Không quá 02 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ', [2, 'working_days']],
  ['Tối đa 06 ngày làm việc kể từ ngày cơ quan BHXH nhận đủ hồ sơ theo quy định', [6, 'working_days']],
  ['Trong thời hạn 30 ngày kể từ ngày nhận đủ hồ sơ, cơ quan quản lý thuế quyết định miễ', [30, 'days']],
  ['Trong thời hạn 07 ngày sau khi tiếp nhận hồ sơ, cơ quan chuyên môn về xây dựng có tr', [7, 'days']],
  ['Trong thời hạn không quá 02 ngày làm việc kể từ khi nhận được văn bản đề nghị', [2, 'working_days']],
  ['Trong thời hạn 60 ngày kể từ ngày Cơ quan đăng ký kinh doanh ra thông báo yêu cầu', [60, 'days']],
  ['Trong thời hạn tối đa 15 ngày, kể từ ngày nhận đủ hồ sơ hợp lệ, cơ quan quản lý nhà', [15, 'days']],
  ['Trong thời hạn 18 ngày làm việc kể từ ngày nhận được đầy đủ hồ sơ hợp lệ, cơ quan ch', [18, 'working_days']],
  ['Trong thời hạn 02 ngày kể từ ngày nhận được văn bản của Chi cục hải quan, VCCI có tr', [2, 'days']],
  ['Trong thời gian không quá 40 ngày đối với công trình cấp I, cấp đặc biệt', [40, 'days']],
  ['Không quá 45 ngày, kể từ ngày cơ quan tiếp nhận hồ sơ nhận đủ hồ sơ hợp lệ đối', [45, 'days']],
  ['Trong thời hạn 20 ngày làm việc, kể từ ngày nhận đủ hồ sơ hợp lệ, cơ quan tiếp nhận', [20, 'working_days']],
  ['Chậm nhất 01 ngày làm việc kể từ ngày tờ khai hải quan không có giá trị làm thủ', [1, 'working_days']],
  ['Trong thời hạn không quá, 35 ngày', [35, 'days']],
  ['Trong thời hạn không quá 21 ngày làm việc, cơ quan thẩm định hồ sơ phải hoàn thành', [21, 'working_days']],
  ['Trong thời hạn 60 ngày kể từ ngày sinh con, cha hoặc mẹ có trách nhiệm đăng ký khai', [60, 'days']],
  ['trong ngày làm việc nhận được hồ sơ hợp lệ', [0, 'same_day']],
  ['Không quá 03 ngày làm việc với trường hợp công dân có thẻ căn cước công dân gắn', [3, 'working_days']],
  ['+ Không quá 8 giờ làm việc, kể từ khi nhận đủ hồ sơ hợp lệ', [8, 'hours']],
  ['Trong thời hạn 08 giờ làm việc kể từ kể khi nhận đủ hồ sơ hợp lệ trên', [8, 'hours']],
  ['trong vòng 02 giờ làm việc kể từ khi tiếp nhận hồ sơ hải quan hợp', [2, 'hours']],
  ['Cấp ngay sau khi nhận đủ hồ sơ hợp lệ', [0, 'same_day']],
  ['Văn bản trả lời được gửi trong ngày làm việc tiếp theo', [1, 'working_days']],
  ['Ngay trong ngày; trường hợp nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo', [0, 'same_day']],
  ['Trong thời hạn 05 ngày, kể từ ngày tổ chức cuộc họp bầu tổ trưởng tổ hòa giải', [5, 'days']],
  ['Trong thời gian 05 ngày làm việc, kể từ ngày nhận được báo cáo của Ch', [5, 'working_days']],
  ['Kết thúc thời hạn 06 tháng kể từ ngày cơ quan đăng ký kinh doanh', [180, 'days']],
  ['từ 05 đến 07 ngày làm việc', [7, 'working_days']],
  ['1', [1, 'working_days']],
  ['12', [12, 'working_days']],
  ['Không có thông tin', [0, 'none']],
  ['Không quy định', [0, 'none']],
  ['Không phải trả kết quả cho người nộp thuế', [0, 'none']],
  ['Không', [0, 'none']],
  ['', [0, 'none']],
];

describe('parseDeadline on real phrases', () => {
  it('has at least 40 distinct phrases', () => {
    assert.ok(new Set(DEADLINES.map(([t]) => t)).size >= 40);
  });
  for (const [text, [amount, unit]] of DEADLINES) {
    it(`"${text}" → ${amount} ${unit}`, () => {
      const { value } = parseDeadline(text);
      assert.equal(value.unit, unit);
      assert.equal(value.amount, amount);
      assert.equal(value.calendarDays, unit === 'days');
      assert.equal(value.text, normalizeText(text));
    });
  }
});

describe('parseDeadline warnings and edge cases', () => {
  const kinds = (text: string | null | undefined) => parseDeadline(text).warnings.map((w) => w.kind);
  it('flags missing, bare, converted, fractional, range and multiple deadlines', () => {
    assert.deepEqual(kinds('Không có thông tin'), ['deadline_missing']);
    assert.deepEqual(kinds(''), ['deadline_missing']);
    assert.deepEqual(kinds(null), ['deadline_missing']);
    assert.deepEqual(kinds('1'), ['deadline_unit_missing']);
    assert.deepEqual(kinds('3 Tháng'), ['deadline_converted']);
    assert.deepEqual(kinds('0,5 ngày'), ['deadline_fractional_days']);
    assert.deepEqual(kinds('từ 05 đến 07 ngày làm việc'), ['deadline_range']);
    assert.deepEqual(kinds('07 ngày làm việc, kể từ ngày nhận đủ hồ sơ (Sở Nội vụ: 03 ngày; UBND cấp xã: 04 ngày)'), [
      'deadline_multiple',
    ]);
    assert.deepEqual(kinds('5 Ngày làm việc'), []);
  });
  it('never throws on garbage and returns none', () => {
    for (const junk of ['???', 'abc xyz', '\u0000\u0001', '120,000', '---', 'ngày làm việc']) {
      const { value, warnings } = parseDeadline(junk);
      assert.equal(value.unit, 'none');
      assert.equal(value.amount, 0);
      assert.equal(warnings.length, 1);
    }
  });
  it('tolerates odd spacing, non-breaking spaces and upper case', () => {
    assert.deepEqual(parseDeadline('  05\u00a0 NGÀY   LÀM  VIỆC ').value, {
      amount: 5,
      unit: 'working_days',
      calendarDays: false,
      text: '05 NGÀY LÀM VIỆC',
    });
    assert.equal(parseDeadline('15\tNgày\n').value.unit, 'days');
  });
  it('normalises NFD text to NFC', () => {
    const nfd = '03 ngày làm việc kể từ ngày nhận đủ hồ sơ'.normalize('NFD');
    const { value } = parseDeadline(nfd);
    assert.equal(value.unit, 'working_days');
    assert.equal(value.amount, 3);
    assert.equal(value.text, '03 ngày làm việc kể từ ngày nhận đủ hồ sơ'.normalize('NFC'));
    assert.equal(parseDeadline('Trong ngày'.normalize('NFD')).value.unit, 'same_day');
  });
  it('does not read a date as a number of months', () => {
    const { value } = parseDeadline('Nghị định số 116/2025/NĐ-CP ngày 05 tháng 6 năm 2025 của Chính phủ');
    assert.equal(value.unit, 'none');
  });
});

// Fee phrases from the portal (amount cells with their explanation, summary columns) and the brief.
const FEES: [string, number | null][] = [
  ['Lệ phí : 8.000 Đồng', 8000],
  ['Miễn lệ phí', 0],
  ['Không', 0],
  ['50.000 đồng/bản', 50000],
  ['Miễn phí', 0],
  ['25,000 Việt Nam Đồng(/giao dịch)', 25000],
  ['70,000 VNĐ(70.000 đồng/giấy)', 70000],
  ['70,000 Việt Nam Đồng', 70000],
  ['200,000 VNĐ', 200000],
  ['1,000,000 Việt Nam Đồng', 1000000],
  ['5,000 Việt Nam Đồng(5.000đ/giấy thông hành (Thông tư số 25/2021/TT-BTC ngày 07/4/2021 của Bộ Tài chính).)', 5000],
  [
    '40 Việt Nam Đồng(4.000 đ/giấy thông hành (áp dụng đến hết ngày 31/12/2026 theo Thông tư số 64/2025/TT-BTC).)',
    4000,
  ],
  ['20 VNĐ(20.000 đ/tờ khai)', 20000],
  ['20 VNĐ(20.000 vnđ /tờ khai)', 20000],
  ['200 VNĐ(200.000 vnđ / tờ khai độc lập (đối với vận chuyển hàng quá cảnh))', 200000],
  ['Miễn phí(Không)', 0],
  ['Miễn phí(Theo quy định của Luật phí và lệ phí và các văn bản quy phạm pháp luật hướng dẫn Luật phí và lệ phí.)', 0],
  [
    'Miễn phí(Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh, thành phố trực thuộc Trung ương quyết định. Miễn lệ phí cho người thuộc gia đình có công với cách mạng; người thuộc hộ nghèo; người khuyết tật.)',
    null,
  ],
  ['Miễn phí(Mức lệ phí (nếu có) theo quyết định của Hội đồng nhân dân cấp tỉnh.)', null],
  ['25 USD(25 USD/thẻ.)', null],
  ['VNĐ(- Lệ phí đăng ký doanh nghiệp: Bằng 50% mức thu lệ phí quy định)', null],
  ['VNĐ(Phí công bố nội dung đăng ký doanh nghiệp: 100.000 đồng/lần)', 100000],
  ['Không có thông tin', null],
  ['', null],
  ['Phí thẩm định: 100.000 đồng/hồ sơ; lệ phí cấp giấy: 50.000 đồng', 100000],
  ['1,5 triệu đồng', 1500000],
  ['500 nghìn đồng', 500000],
];

describe('parseFee on real phrases', () => {
  it('has at least 20 distinct phrases', () => {
    assert.ok(new Set(FEES.map(([t]) => t)).size >= 20);
  });
  for (const [text, amount] of FEES) {
    it(`"${text.slice(0, 60)}" → ${amount}`, () => {
      const { value } = parseFee(text);
      assert.equal(value.amountVnd, amount);
      assert.equal(value.text, normalizeText(text));
    });
  }
});

describe('parseFee warnings and edge cases', () => {
  const kinds = (text: string) => parseFee(text).warnings.map((w) => w.kind);
  it('flags the odd cases', () => {
    assert.deepEqual(kinds(''), ['fee_missing']);
    assert.deepEqual(kinds('Không có thông tin'), ['fee_missing']);
    assert.deepEqual(kinds('25 USD(25 USD/thẻ.)'), ['fee_foreign_currency']);
    assert.deepEqual(kinds('20 VNĐ(20.000 đ/tờ khai)'), ['fee_amount_mismatch', 'fee_multiple_amounts']);
    assert.deepEqual(kinds('Miễn phí(Mức lệ phí (nếu có) theo quyết định của Hội đồng nhân dân cấp tỉnh.)'), [
      'fee_set_by_province',
    ]);
    assert.deepEqual(kinds('Phí thẩm định: 100.000 đồng/hồ sơ; lệ phí cấp giấy: 50.000 đồng'), [
      'fee_multiple_amounts',
    ]);
    assert.deepEqual(kinds('xin liên hệ'), ['fee_unrecognised']);
    assert.deepEqual(kinds('Miễn phí'), []);
  });
  it('normalises NFD text and odd spaces', () => {
    const { value } = parseFee('  Lệ phí :\u00a0 8.000   Đồng '.normalize('NFD'));
    assert.deepEqual(value, { amountVnd: 8000, text: 'Lệ phí : 8.000 Đồng' });
  });
  it('never throws on garbage', () => {
    for (const junk of ['(((', ')))', '\u0000', '0', 'đ', '...']) {
      assert.doesNotThrow(() => parseFee(junk));
    }
  });
});
