import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  deriveServiceMode,
  parseChannelTable,
  parseLegalBasis,
  parseLevels,
  parseRequiredDocuments,
  parseResults,
  splitFormName,
  splitList,
} from './parse';

const HEADER = 'Hình thức nộpThời gianPhí, lệ phíMô tả';

describe('parseChannelTable (cach_thuc_thuc_hien)', () => {
  it('reads one row per channel with time, fee and description', () => {
    const { value, warnings } = parseChannelTable(
      `${HEADER}Trực tuyến4 Ngày làm việcMiễn phí04 ngày làm việc, kể từ ngày nhận đủ hồ sơ theo quy địnhDịch vụ bưu chính4 Ngày làm việcMiễn phí04 ngày làm việc, kể từ ngày nhận đủ hồ sơ theo quy địnhTrực tiếp4 Ngày làm việcMiễn phí04 ngày làm việc, kể từ ngày nhận đủ hồ sơ theo quy định`,
    );
    assert.deepEqual(warnings, []);
    assert.deepEqual(
      value.map((r) => [r.channel, r.deadline.amount, r.deadline.unit, r.fee.amountVnd, r.description]),
      [
        ['online', 4, 'working_days', 0, '04 ngày làm việc, kể từ ngày nhận đủ hồ sơ theo quy định'],
        ['postal', 4, 'working_days', 0, '04 ngày làm việc, kể từ ngày nhận đủ hồ sơ theo quy định'],
        ['counter', 4, 'working_days', 0, '04 ngày làm việc, kể từ ngày nhận đủ hồ sơ theo quy định'],
      ],
    );
  });

  it('reads calendar days, missing fees, and different deadlines per channel', () => {
    const { value } = parseChannelTable(
      `${HEADER}Trực tuyến15 NgàyMiễn phí(Không quy định.)Dịch vụ bưu chính15 NgàyMiễn phí(Không quy định.)Trực tiếp25 NgàyMiễn phí(Không quy định.)`,
    );
    assert.deepEqual(
      value.map((r) => [r.channel, r.deadline.amount, r.deadline.calendarDays, r.fee.text, r.description]),
      [
        ['online', 15, true, 'Miễn phí(Không quy định.)', ''],
        ['postal', 15, true, 'Miễn phí(Không quy định.)', ''],
        ['counter', 25, true, 'Miễn phí(Không quy định.)', ''],
      ],
    );
    const single = parseChannelTable(
      `${HEADER}Trực tiếp7 NgàyKhông có thông tinNộp trực tiếp tại trụ sở Công an cấp xã`,
    );
    assert.equal(single.value.length, 1);
    assert.equal(single.value[0]?.fee.amountVnd, null);
    assert.equal(single.value[0]?.description, 'Nộp trực tiếp tại trụ sở Công an cấp xã');
  });

  it('splits a time glued to the fee ("120 VNĐ" = 1 + 20 VNĐ) using the explanation', () => {
    const { value, warnings } = parseChannelTable(`${HEADER}Trực tiếp120 VNĐ(20.000 đ/tờ khai)`);
    assert.equal(value[0]?.deadline.amount, 1);
    assert.equal(value[0]?.fee.amountVnd, 20000);
    assert.ok(warnings.some((w) => w.kind === 'channel_time_fee_glued'));
    const big = parseChannelTable(`${HEADER}Trực tuyến120,000 VNĐ(Theo khoản 1 Điều 3 Thông tư số 172/2010/TT-BTC)`);
    assert.equal(big.value[0]?.deadline.amount, 1);
    assert.equal(big.value[0]?.fee.amountVnd, 20000);
  });

  it('reads bare numbers, hours and "Không quy định" cells', () => {
    const bare = parseChannelTable(`${HEADER}Trực tuyến1Miễn phíDịch vụ bưu chính1Miễn phíTrực tiếp1Miễn phí`);
    assert.deepEqual(
      bare.value.map((r) => [r.channel, r.deadline.amount, r.deadline.unit]),
      [
        ['online', 1, 'working_days'],
        ['postal', 1, 'working_days'],
        ['counter', 1, 'working_days'],
      ],
    );
    assert.equal(bare.warnings.filter((w) => w.kind === 'deadline_unit_missing').length, 3);
    const hours = parseChannelTable(`${HEADER}Trực tuyến1 GiờMiễn phí`);
    assert.deepEqual(hours.value[0]?.deadline, { amount: 1, unit: 'hours', calendarDays: false, text: '1 Giờ' });
    const none = parseChannelTable(
      `${HEADER}Trực tuyếnKhông quy địnhMiễn phíQua Cổng DVC Quốc gia đối với các TTHC đã toàn trìnhTrực tiếpKhông quy địnhMiễn phíTại TTPVHCC cấp tỉnh, xã`,
    );
    assert.deepEqual(
      none.value.map((r) => [r.channel, r.deadline.unit, r.fee.amountVnd, r.description]),
      [
        ['online', 'none', 0, 'Qua Cổng DVC Quốc gia đối với các TTHC đã toàn trình'],
        ['counter', 'none', 0, 'Tại TTPVHCC cấp tỉnh, xã'],
      ],
    );
  });

  it('does not take a channel word inside a description for a new row', () => {
    const { value } = parseChannelTable(
      `${HEADER}Trực tuyến1 Ngày làm việc5,000 Việt Nam Đồng(5.000đ/giấy thông hành.)+ Trực tuyến: nộp hồ sơ trực tuyến qua Cổng Dịch vụ công quốc gia.Trực tiếp1 Ngày làm việc40 Việt Nam Đồng(4.000 đ/giấy thông hành.)+ Trực tiếp: nộp hồ sơ trực tiếp tại Công an xã.`,
    );
    assert.deepEqual(
      value.map((r) => [r.channel, r.fee.amountVnd, r.description]),
      [
        ['online', 5000, '+ Trực tuyến: nộp hồ sơ trực tuyến qua Cổng Dịch vụ công quốc gia.'],
        ['counter', 4000, '+ Trực tiếp: nộp hồ sơ trực tiếp tại Công an xã.'],
      ],
    );
  });

  it('keeps the first row of a channel listed twice and warns', () => {
    const { value, warnings } = parseChannelTable(
      `${HEADER}Trực tuyến2 Ngày làm việcKhông có thông tin+ Trong thời hạn 02 ngày làm việcTrực tuyến3 Ngày làm việcKhông có thông tin+ Trong thời hạn 03 ngày làm việc`,
    );
    assert.equal(value.length, 1);
    assert.equal(value[0]?.deadline.amount, 2);
    assert.ok(warnings.some((w) => w.kind === 'channel_duplicate'));
  });

  it('takes the deadline from the description when the time cell is empty', () => {
    const { value, warnings } = parseChannelTable(
      `${HEADER}Trực tiếpKhông có thông tinMiễn phí- 10 ngày làm việc kể từ ngày nhận được hồ sơ đầy đủ và hợp lệ`,
    );
    assert.equal(value[0]?.deadline.amount, 10);
    assert.equal(value[0]?.deadline.unit, 'working_days');
    assert.ok(warnings.some((w) => w.kind === 'deadline_from_description'));
  });

  it('survives empty, garbage and NFD input', () => {
    assert.deepEqual(parseChannelTable('').value, []);
    assert.deepEqual(parseChannelTable(null).value, []);
    const garbage = parseChannelTable('lorem ipsum');
    assert.deepEqual(garbage.value, []);
    assert.ok(garbage.warnings.some((w) => w.kind === 'channel_table_header_missing'));
    const nfd = parseChannelTable(`${HEADER}Trực tiếp5 Ngày làm việcMiễn phí`.normalize('NFD'));
    assert.equal(nfd.value[0]?.channel, 'counter');
    assert.equal(nfd.value[0]?.deadline.amount, 5);
  });
});

type Row = [name: string, original: number, copy: number, mandatory: boolean, formName?: string];
const rows = (text: string): Row[] =>
  parseRequiredDocuments(text).value.map((d) => {
    const row: Row = [d.name, d.original, d.copy, d.mandatory];
    if (d.formName) row.push(d.formName);
    return row;
  });

describe('parseRequiredDocuments (thanh_phan_ho_so), ten real tables', () => {
  it('1.000253: a form file between the name and the count', () => {
    assert.deepEqual(
      rows(
        '--Tên giấy tờMẫu đơn, tờ khaiSố lượngPhiếu khai báo tạm trú cho người nước ngoài (mẫu NA17)101-Mau A17 tam tru cho nguoi nuoc ngoai.doc1 bản chính',
      ),
      [
        [
          'Phiếu khai báo tạm trú cho người nước ngoài (mẫu NA17)',
          1,
          0,
          true,
          '101-Mau A17 tam tru cho nguoi nuoc ngoai.doc',
        ],
      ],
    );
  });
  it('1.008513: a year glued to the count ("năm 20191 bản chính")', () => {
    assert.deepEqual(
      rows(
        '--Tên giấy tờMẫu đơn, tờ khaiSố lượngVăn bản đề nghị gia hạn nộp hồ sơ khai thuế theo quy định tại khoản 3 Điều 46 Luật Quản lý thuế năm 20191 bản chính',
      ),
      [
        [
          'Văn bản đề nghị gia hạn nộp hồ sơ khai thuế theo quy định tại khoản 3 Điều 46 Luật Quản lý thuế năm 2019',
          1,
          0,
          true,
        ],
      ],
    );
  });
  it('1.009825: a form named after the legal text', () => {
    assert.deepEqual(
      rows(
        '--Tên giấy tờMẫu đơn, tờ khaiSố lượngThông báo số tài khoản/số hiệu ví điện tử (Mẫu số 01/BK-STK Thông tư số 18/2026/TT-BTC)Mẫu số 01 BK-STK.docx1 bản chính',
      ),
      [
        [
          'Thông báo số tài khoản/số hiệu ví điện tử (Mẫu số 01/BK-STK Thông tư số 18/2026/TT-BTC)',
          1,
          0,
          true,
          'Mẫu số 01 BK-STK.docx',
        ],
      ],
    );
  });
  it('1.012922: a form glued to a notation ("NĐ-CPMẫu số 01.docx")', () => {
    assert.deepEqual(
      rows(
        '--Tên giấy tờMẫu đơn, tờ khaiSố lượngVăn bản đề nghị xác nhận theo Mẫu số 01 Phụ lục IC ban hành kèm theo Nghị định số 42/2026/NĐ-CPMẫu số 01.docx1 bản chính',
      ),
      [
        [
          'Văn bản đề nghị xác nhận theo Mẫu số 01 Phụ lục IC ban hành kèm theo Nghị định số 42/2026/NĐ-CP',
          1,
          0,
          true,
          'Mẫu số 01.docx',
        ],
      ],
    );
  });
  it('1.013953: originals and copies', () => {
    assert.deepEqual(
      rows(
        '--Tên giấy tờMẫu đơn, tờ khaiSố lượngĐơn đề nghị điều chỉnh quyết định giao đất/cho thuê đất/cho phép chuyển mục đích sử dụng đất1 bản chính,1 bản sao',
      ),
      [['Đơn đề nghị điều chỉnh quyết định giao đất/cho thuê đất/cho phép chuyển mục đích sử dụng đất', 1, 1, true]],
    );
  });
  it('2.001217: a bullet, a sentence end and a form file', () => {
    assert.deepEqual(
      rows(
        '--Tên giấy tờMẫu đơn, tờ khaiSố lượng-  Đơn đề nghị theo Mẫu.Mẫu đơn đề nghị Về công bố đóng vùng hoạt động vui chơi giải trí dưới nước.docx1 bản chính,1 bản sao',
      ),
      [
        [
          'Đơn đề nghị theo Mẫu.',
          1,
          1,
          true,
          'Mẫu đơn đề nghị Về công bố đóng vùng hoạt động vui chơi giải trí dưới nước.docx',
        ],
      ],
    );
  });
  it('3.000163: two tables, optional items "(nếu có)" and groups', () => {
    const { value } = parseRequiredDocuments(
      'Giấy tờ phải nộpTên giấy tờMẫu đơn, tờ khaiSố lượngĐơn khởi kiện1 bản chínhTài liệu, chứng cứ kèm theo (nếu có)0 bản chính,1 bản sao--Tên giấy tờMẫu đơn, tờ khaiSố lượngTài liệu, chứng cứ kèm theo (nếu có)1 bản chính,1 bản sao',
    );
    assert.deepEqual(
      value.map((d) => [d.name, d.original, d.copy, d.mandatory, d.group]),
      [
        ['Đơn khởi kiện', 1, 0, true, 'Giấy tờ phải nộp'],
        ['Tài liệu, chứng cứ kèm theo (nếu có)', 0, 1, false, 'Giấy tờ phải nộp'],
        ['Tài liệu, chứng cứ kèm theo (nếu có)', 1, 1, false, undefined],
      ],
    );
  });
  it('1.007839: a count written in the name (": 01 bản chụp") when the count cell is 0', () => {
    assert.deepEqual(
      rows(
        '--Tên giấy tờMẫu đơn, tờ khaiSố lượngVăn bản đề nghị chuyển khẩu hàng hóa theo mẫu số 22/CKHH/GSQL Phụ lục V ban hành kèm Thông tư 38/2015/TT-BTC ngày 25/3/2015 của Bộ Tài chính0 bản chínhVận tải đơn hàng nhập khẩu: 01 bản chụp.0 bản chính',
      ),
      [
        [
          'Văn bản đề nghị chuyển khẩu hàng hóa theo mẫu số 22/CKHH/GSQL Phụ lục V ban hành kèm Thông tư 38/2015/TT-BTC ngày 25/3/2015 của Bộ Tài chính',
          0,
          0,
          true,
        ],
        ['Vận tải đơn hàng nhập khẩu: 01 bản chụp.', 0, 1, true],
      ],
    );
  });
  it('1.008616: bullets and an inline count that is not a row end', () => {
    assert.deepEqual(
      rows(
        '--Tên giấy tờMẫu đơn, tờ khaiSố lượng- Văn bản thông báo kết quả kiểm tra chuyên ngành theo quy định của pháp luật1 bản chính- Sổ ATA do VCCI cấp theo quy định;1 bản chính- Vận tải đơn hoặc các chứng từ vận tải khác có giá trị tương đương đối với trường hợp hàng hóa vận chuyển bằng đường biển, đường hàng không, đường sắt và vận tải đa phương thức: 01 bản chụp;0 bản chính,1 bản sao',
      ),
      [
        ['Văn bản thông báo kết quả kiểm tra chuyên ngành theo quy định của pháp luật', 1, 0, true],
        ['Sổ ATA do VCCI cấp theo quy định;', 1, 0, true],
        [
          'Vận tải đơn hoặc các chứng từ vận tải khác có giá trị tương đương đối với trường hợp hàng hóa vận chuyển bằng đường biển, đường hàng không, đường sắt và vận tải đa phương thức: 01 bản chụp;',
          0,
          1,
          true,
        ],
      ],
    );
  });
  it('1.014030: section titles before each table', () => {
    const { value } = parseRequiredDocuments(
      '- Hồ sơ khai thuế: Tên giấy tờMẫu đơn, tờ khaiSố lượngBảng kê chi tiết số tiền nộp thuế của tổ chức quản lý nền tảng thương mại điện tử theo mẫu số 01/BKNT-TMĐT1 bản chínhTờ khai khấu trừ thuế đối với hộ, cá nhân có hoạt động kinh doanh trên nền tảng thương mại điện tử theo mẫu số 01/CNKD-TMĐT1 bản chính- Nộp thuếTên giấy tờMẫu đơn, tờ khaiSố lượngBảng kê chi tiết số tiền nộp thuế của tổ chức quản lý nền tảng thương mại điện tử theo mẫu số 01/BKNT-TMĐT1 bản chính',
    );
    assert.deepEqual(
      value.map((d) => [d.name.slice(0, 40), d.original, d.group]),
      [
        ['Bảng kê chi tiết số tiền nộp thuế của tổ', 1, 'Hồ sơ khai thuế'],
        ['Tờ khai khấu trừ thuế đối với hộ, cá nhâ', 1, 'Hồ sơ khai thuế'],
        ['Bảng kê chi tiết số tiền nộp thuế của tổ', 1, 'Nộp thuế'],
      ],
    );
  });
  it('1.001193 (khai sinh) shape: groups "phải nộp" / "phải xuất trình", remarks become notes', () => {
    const { value } = parseRequiredDocuments(
      '* Giấy tờ phải nộp:Tên giấy tờMẫu đơn, tờ khaiSố lượng- Trường hợp trẻ em bị bỏ rơi thì phải có biên bản về việc trẻ bị bỏ rơi do cơ quan có thẩm quyền lập.1 bản chínhTrường hợp người yêu cầu đã nộp bản điện tử Giấy chứng sinh thì không phải nộp bản giấy.0 bản chính- Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản của người làm chứng xác nhận về việc sinh.1 bản chính* Giấy tờ phải xuất trình:Tên giấy tờMẫu đơn, tờ khaiSố lượng- Hộ chiếu/Thẻ căn cước công dân/Thẻ căn cước, còn giá trị sử dụng',
    );
    assert.deepEqual(
      value.map((d) => [d.name.slice(0, 30), d.original, d.mandatory, d.group, d.note?.slice(0, 30)]),
      [
        ['Trường hợp trẻ em bị bỏ rơi th', 1, false, 'Giấy tờ phải nộp', 'Trường hợp người yêu cầu đã nộ'],
        ['Giấy chứng sinh; trường hợp kh', 1, true, 'Giấy tờ phải nộp', undefined],
        ['Hộ chiếu/Thẻ căn cước công dân', 0, true, 'Giấy tờ phải xuất trình', undefined],
      ],
    );
  });
  it('warns when the table is missing (steps text in the documents field) and never throws', () => {
    const { value, warnings } = parseRequiredDocuments(
      'Bước 2. Cơ quan BHXH tiếp nhận hồ sơ và giải quyết theo quy định.\nBước 3. Nhận kết quả giải quyết',
    );
    assert.deepEqual(value, []);
    assert.deepEqual(
      warnings.map((w) => w.kind),
      ['documents_table_missing'],
    );
    for (const junk of ['', 'Tên giấy tờMẫu đơn, tờ khaiSố lượng', '1 bản chính1 bản chính', '((((', null]) {
      assert.doesNotThrow(() => parseRequiredDocuments(junk));
    }
    assert.deepEqual(parseRequiredDocuments('Tên giấy tờMẫu đơn, tờ khaiSố lượng').value, []);
  });
  it('reads NFD text and odd spacing', () => {
    const text = '--Tên giấy tờ Mẫu đơn, tờ khai  Số lượng Đơn khởi kiện  1   bản chính'.normalize('NFD');
    assert.deepEqual(rows(text), [['Đơn khởi kiện', 1, 0, true]]);
  });
});

describe('splitFormName', () => {
  it('splits the document name and the form file', () => {
    assert.deepEqual(
      splitFormName('Tờ khai (Mẫu CT01 ban hành kèm theo Thông tư số 53/2025/TT-BCA).1.MuCT01 (3).doc'),
      {
        name: 'Tờ khai (Mẫu CT01 ban hành kèm theo Thông tư số 53/2025/TT-BCA).',
        formName: '1.MuCT01 (3).doc',
      },
    );
    assert.deepEqual(splitFormName('Đơn đề nghị đăng ký phương tiện thủy nội địa theo quy địnhMauon (2).docx'), {
      name: 'Đơn đề nghị đăng ký phương tiện thủy nội địa theo quy định',
      formName: 'Mauon (2).docx',
    });
    assert.deepEqual(splitFormName('Giấy chứng sinh'), { name: 'Giấy chứng sinh' });
  });
});

describe('parseResults (ket_qua_xu_ly)', () => {
  it('reads names and codes and drops the page furniture', () => {
    assert.deepEqual(
      parseResults(
        'Giấy khai sinhMã: KQ.G15.000031Từ khóaKhông có thông tinMô tảKhông có thông tinChọn cơ quan thực hiệnTỉnh/ Thành phố',
      ).value,
      [{ name: 'Giấy khai sinh', code: 'KQ.G15.000031' }],
    );
    assert.deepEqual(
      parseResults(
        'Thông báo mã số thuếMã: KQ.G12.000828Thông báo mã số thuế cá nhân (theo mẫu 14-MST)Mã: KQ.G12.000832Từ khóaKhông có thông tin',
      ).value,
      [
        { name: 'Thông báo mã số thuế', code: 'KQ.G12.000828' },
        { name: 'Thông báo mã số thuế cá nhân (theo mẫu 14-MST)', code: 'KQ.G12.000832' },
      ],
    );
    assert.deepEqual(
      parseResults('- Giấy phép di dời công trình kèm theo hồ sơ thiết kế.Mã: KQ.G17.000313Từ khóaKhông có thông tin')
        .value,
      [{ name: 'Giấy phép di dời công trình kèm theo hồ sơ thiết kế.', code: 'KQ.G17.000313' }],
    );
  });
  it('keeps a result without a code, with a warning; warns when empty', () => {
    const noCode = parseResults('Quyết định công nhận');
    assert.deepEqual(noCode.value, [{ name: 'Quyết định công nhận' }]);
    assert.deepEqual(
      noCode.warnings.map((w) => w.kind),
      ['result_code_missing'],
    );
    assert.deepEqual(
      parseResults('').warnings.map((w) => w.kind),
      ['results_missing'],
    );
  });
});

describe('parseLegalBasis (can_cu_phap_ly)', () => {
  it('splits glued title and number cells', () => {
    const { value, warnings } = parseLegalBasis(
      'Tên văn bản pháp lýMã văn bảnLuật Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt NamLuật 47/2014/QH13Thông tư quy định cách thức thực hiện khai báo, tiếp nhận thông tin tạm trú của người nước ngoài tại Việt Nam53/2016/TT-BCA',
    );
    assert.deepEqual(warnings, []);
    assert.deepEqual(value, [
      {
        title: 'Luật Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam',
        number: '47/2014/QH13',
      },
      {
        title:
          'Thông tư quy định cách thức thực hiện khai báo, tiếp nhận thông tin tạm trú của người nước ngoài tại Việt Nam',
        number: '53/2016/TT-BCA',
      },
    ]);
  });
  it('handles numbers inside titles, decimal numbers, QH notations glued to numbers and repeated cells', () => {
    const { value } = parseLegalBasis(
      'Tên văn bản pháp lýMã văn bảnNghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy định chi tiết Luật Hộ tịch123/2015/NĐ-CPNghị quyết số 66.7/2025/NQ-CP của Chính phủ66.7/2025/NQ-CPLuật 60/2014/QH1360/2014/QH13Nghị định 101/2024/NĐ-CPNghị định 101/2024/NĐ-CPQuyết định số 24/2021/QĐ-TTg24/2021/QĐ-TTg',
    );
    assert.deepEqual(
      value.map((r) => r.number),
      ['123/2015/NĐ-CP', '66.7/2025/NQ-CP', '60/2014/QH13', '101/2024/NĐ-CP', '24/2021/QĐ-TTg'],
    );
    assert.equal(
      value[0]?.title,
      'Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy định chi tiết Luật Hộ tịch',
    );
    assert.equal(value[2]?.title, 'Luật 60/2014/QH13');
  });
  it('keeps a glued "ngày" inside the notation\'s title and a trailing text without number', () => {
    const { value, warnings } = parseLegalBasis(
      'Tên văn bản pháp lýMã văn bảnThông tư số 53/2025/TT-BCAngày 01/7/2025 của Bộ Công an53/2025/TT-BCALuật số 58',
    );
    assert.deepEqual(value, [
      { title: 'Thông tư số 53/2025/TT-BCAngày 01/7/2025 của Bộ Công an', number: '53/2025/TT-BCA' },
      { title: 'Luật số 58', number: '' },
    ]);
    assert.deepEqual(
      warnings.map((w) => w.kind),
      ['legal_number_missing'],
    );
    assert.deepEqual(parseLegalBasis('').value, []);
    assert.deepEqual(parseLegalBasis('Không có thông tin').value, []);
  });
});

describe('small fields', () => {
  it('parses levels, including the abolished district level', () => {
    assert.deepEqual(parseLevels('Cấp bộ, Cấp tỉnh, Cấp xã').value, ['ministry', 'province', 'commune']);
    assert.deepEqual(parseLevels('Cấp xã, Cơ quan khác').value, ['commune', 'other']);
    assert.deepEqual(parseLevels('Cấp huyện, Cấp xã').value, ['commune']);
    const odd = parseLevels('Cấp thôn');
    assert.deepEqual(odd.value, []);
    assert.deepEqual(
      odd.warnings.map((w) => w.kind),
      ['level_unknown'],
    );
  });
  it('splits lists on commas outside parentheses', () => {
    assert.deepEqual(splitList('Tổ chức (không bao gồm doanh nghiệp, HTX), Công dân Việt Nam, Người nước ngoài'), [
      'Tổ chức (không bao gồm doanh nghiệp, HTX)',
      'Công dân Việt Nam',
      'Người nước ngoài',
    ]);
    assert.deepEqual(splitList('Không có thông tin'), []);
  });
  it('derives the service mode', () => {
    assert.equal(deriveServiceMode(['counter', 'postal'], []), 'offline');
    assert.equal(deriveServiceMode(['online', 'counter'], ['Đăng ký xe']), 'partial_online');
    assert.equal(deriveServiceMode(['online'], ['Đăng ký xe lần đầu trực tuyến toàn trình']), 'full_online');
  });
});
