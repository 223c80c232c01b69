import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Procedure } from '../catalog/procedure';
import { isCongsoError } from '../shared/errors';
import { fieldIssuesOf } from '../shared/field-issues';
import { amountInVietnameseWords, formatDong, numberInVietnameseWords } from './amount-in-words';
import { assessFee } from './assess-fee';
import { type FeeSchedule, feeScheduleSchema } from './fee-schedule';
import { feeScheduleFromProcedure, legalTextsIn } from './parse-fee-schedule';

type FeeSource = Pick<Procedure, 'fees' | 'legalBasis'>;

// Fee texts as the catalogue keeps them (packages/db/seed-data/catalog/procedures.jsonl).
const xacNhanHoTich: FeeSource = {
  fees: {
    online: {
      amountVnd: 8000,
      text: '8,000 VNĐ(8.000 đồng/Văn bản xác nhận về một việc hộ tịch của cá nhân đã đăng ký. Miễn lệ phí cho người thuộc gia đình có công với cách mạng; người thuộc hộ nghèo; người khuyết tật.)',
    },
    counter: {
      amountVnd: 8000,
      text: '8,000 VNĐ(8.000 đồng/Văn bản xác nhận về một việc hộ tịch của cá nhân đã đăng ký.Miễn lệ phí cho người thuộc gia đình có công với cách mạng; người thuộc hộ nghèo; người khuyết tật.)',
    },
  },
  legalBasis: [
    { title: 'Luật Hộ tịch', number: '60/2014/QH13' },
    { title: 'Thông tư 106/2021/TT-BTC', number: '106/2021/TT-BTC' },
  ],
};

const dangKyThuongTru: FeeSource = {
  fees: {
    online: {
      amountVnd: 10000,
      text: '10,000 Việt Nam Đồng(Trường hợp công dân nộp hồ sơ qua cổng dịch vụ công trực tuyến thu 10.000 đồng/lần đăng ký.)',
    },
    counter: {
      amountVnd: 20000,
      text: '20,000 Việt Nam Đồng(Trường hợp công dân thuộc diện được miễn phí theo quy định tại Điều 4 Thông tư số 75/2022/TT-BTC ngày 22/12/2022 quy định mức thu, chế độ thu, nộp và quản lý lệ phí đăng ký cư trú thì công dân phải xuất trình giấy tờ chứng minh thuộc diện được miễn)',
    },
  },
  legalBasis: [{ title: 'Thông tư 75/2022/TT-BTC', number: '75/2022/TT-BTC' }],
};

const nuoiConNuoi: FeeSource = {
  fees: {
    counter: {
      amountVnd: 400000,
      text: '400,000 Việt Nam Đồng(Mức thu lệ phí: 400.000đ/trường hợp. Miễn lệ phí đăng ký nuôi con nuôi trong nước đối với trường hợp cha dượng hoặc mẹ kế nhận con riêng của vợ hoặc chồng làm con nuôi; người có công với cách mạng nhận con nuôi.)',
    },
  },
  legalBasis: [{ title: 'Nghị định 24/2019/NĐ-CP', number: '24/2019/NĐ-CP' }],
};

describe('feeScheduleFromProcedure', () => {
  it('reads the charge, its amount per channel and unit, and each exempted group with the fee law', () => {
    assert.deepEqual(feeScheduleFromProcedure(xacNhanHoTich), {
      items: [
        {
          id: 'le-phi',
          kind: 'charge',
          name: 'Lệ phí',
          amounts: { online: 8000, counter: 8000 },
          unit: 'văn bản xác nhận về một việc hộ tịch của cá nhân đã đăng ký',
          due: 'filing',
        },
      ],
      exemptions: [
        {
          id: 'mien-1',
          kind: 'exemption',
          description: 'Người thuộc gia đình có công với cách mạng',
          percent: 100,
          legalBasis: 'Thông tư 106/2021/TT-BTC',
          itemIds: null,
        },
        {
          id: 'mien-2',
          kind: 'exemption',
          description: 'Người thuộc hộ nghèo',
          percent: 100,
          legalBasis: 'Thông tư 106/2021/TT-BTC',
          itemIds: null,
        },
        {
          id: 'mien-3',
          kind: 'exemption',
          description: 'Người khuyết tật',
          percent: 100,
          legalBasis: 'Thông tư 106/2021/TT-BTC',
          itemIds: null,
        },
      ],
      collector: { kind: 'agency' },
      review: [],
    });
  });

  it('keeps a cheaper online amount and the article the exemption sentence names', () => {
    const schedule = feeScheduleFromProcedure(dangKyThuongTru);
    assert.deepEqual(schedule.items[0]?.amounts, { online: 10000, counter: 20000 });
    assert.equal(schedule.items[0]?.unit, 'lần đăng ký');
    assert.deepEqual(schedule.exemptions, [
      {
        id: 'mien-1',
        kind: 'exemption',
        description: 'Công dân thuộc diện được miễn phí theo quy định tại Điều 4 Thông tư số 75/2022/TT-BTC',
        percent: 100,
        legalBasis: 'Điều 4 Thông tư số 75/2022/TT-BTC',
        itemIds: null,
      },
    ]);
  });

  it('asks for review when an exemption names no legal text and the procedure has no fee circular', () => {
    const schedule = feeScheduleFromProcedure(nuoiConNuoi);
    assert.deepEqual(
      schedule.exemptions.map((e) => [e.description, e.legalBasis]),
      [
        ['Trường hợp cha dượng hoặc mẹ kế nhận con riêng của vợ hoặc chồng làm con nuôi', ''],
        ['Người có công với cách mạng nhận con nuôi', ''],
      ],
    );
    assert.deepEqual(schedule.review, ['legal_basis_missing']);
  });

  it('reads a reduction, flags an amount below 1,000 dong, a free procedure has no item', () => {
    const schedule = feeScheduleFromProcedure({
      fees: {
        counter: {
          amountVnd: 25,
          text: '25 VNĐ(- Lệ phí đăng ký doanh nghiệp: Bằng 50% mức thu lệ phí quy định tại điểm 1 Biểu phí (Thông tư số 47/2019/TT-BTC))',
        },
      },
      legalBasis: [],
    });
    assert.deepEqual(
      schedule.exemptions.map((e) => [e.kind, e.percent, e.legalBasis]),
      [['reduction', 50, 'Thông tư số 47/2019/TT-BTC']],
    );
    assert.deepEqual(schedule.review, ['amount_suspicious']);
    const free = feeScheduleFromProcedure({
      fees: { online: { amountVnd: 0, text: 'Miễn phí' }, counter: { amountVnd: 0, text: 'Miễn phí' } },
      legalBasis: [],
    });
    assert.deepEqual(free, { items: [], exemptions: [], collector: { kind: 'agency' }, review: [] });
    const councils = feeScheduleFromProcedure({
      fees: { counter: { amountVnd: null, text: 'Miễn phí(Mức thu do Hội đồng nhân dân tỉnh quyết định)' } },
      legalBasis: [],
    });
    assert.deepEqual(councils.review, ['amount_set_by_province']);
  });

  it('finds legal texts with their article', () => {
    assert.deepEqual(legalTextsIn('theo Điều 4 Thông tư số 75/2022/TT-BTC và Nghị định 120/2025/NĐ-CP'), [
      'Điều 4 Thông tư số 75/2022/TT-BTC',
      'Nghị định 120/2025/NĐ-CP',
    ]);
  });
});

const schedule: FeeSchedule = {
  items: [
    {
      id: 'le-phi',
      kind: 'charge',
      name: 'Lệ phí',
      amounts: { online: 10000, counter: 20000 },
      unit: 'lần',
      due: 'filing',
    },
    { id: 'phi-ban-sao', kind: 'fee', name: 'Phí cấp bản sao', amounts: { counter: 8000 }, unit: 'bản', due: 'result' },
  ],
  exemptions: [
    {
      id: 'mien-1',
      kind: 'exemption',
      description: 'Hộ nghèo',
      percent: 100,
      legalBasis: 'Điều 4 TT 75/2022/TT-BTC',
      itemIds: ['le-phi'],
    },
    {
      id: 'giam-1',
      kind: 'reduction',
      description: 'Người cao tuổi',
      percent: 50,
      legalBasis: 'NQ 01/2026/NQ-HĐND',
      itemIds: null,
    },
    {
      id: 'giam-2',
      kind: 'reduction',
      description: 'Lẻ',
      percent: 33,
      legalBasis: 'NQ 02/2026/NQ-HĐND',
      itemIds: null,
    },
  ],
  collector: { kind: 'agency' },
  review: [],
};

describe('assessFee', () => {
  it('takes the channel’s amount, the counter’s when the channel has none', () => {
    const online = assessFee(schedule, { channel: 'online' });
    assert.deepEqual(
      online.lines.map((l) => [l.itemId, l.baseAmount, l.amount]),
      [
        ['le-phi', 10000, 10000],
        ['phi-ban-sao', 8000, 8000],
      ],
    );
    assert.equal(online.total, 18000);
    assert.equal(assessFee(schedule, { channel: 'postal' }).total, 28000);
    assert.equal(assessFee(schedule, { channel: 'counter', due: 'result' }).total, 8000);
  });

  it('applies an exemption only to its items and the largest reduction per item', () => {
    const a = assessFee(schedule, { channel: 'counter', exemptionIds: ['mien-1', 'giam-1'] });
    assert.deepEqual(
      a.lines.map((l) => [l.itemId, l.exemption?.id ?? null, l.amount]),
      [
        ['le-phi', 'mien-1', 0],
        ['phi-ban-sao', 'giam-1', 4000],
      ],
    );
    assert.equal(a.total, 4000);
    assert.equal(a.lines[0]?.exemption?.legalBasis, 'Điều 4 TT 75/2022/TT-BTC');
  });

  it('rounds a reduction in the payer’s favour', () => {
    // 33% of 10.000 = 3.300 off; of 8.000 = 2.640 off.
    const a = assessFee(schedule, { channel: 'online', exemptionIds: ['giam-2'] });
    assert.deepEqual(
      a.lines.map((l) => l.amount),
      [6700, 5360],
    );
    const odd: FeeSchedule = { ...schedule, items: [{ ...schedule.items[0]!, amounts: { counter: 10001 } }] };
    assert.deepEqual(
      assessFee(odd, { channel: 'counter', exemptionIds: ['giam-1'] }).lines.map((l) => l.amount),
      [5000],
    );
  });

  it('refuses an exemption the schedule does not have', () => {
    assert.throws(
      () => assessFee(schedule, { channel: 'counter', exemptionIds: ['mien-1', 'mien-9'] }),
      (e) => isCongsoError(e) && e.code === 'VALIDATION_FAILED' && JSON.stringify(e.details).includes('exemptionIds.1'),
    );
  });
});

describe('feeScheduleSchema', () => {
  it('accepts a schedule and reports each problem on its field', () => {
    assert.equal(feeScheduleSchema.safeParse(schedule).success, true);
    const bad = feeScheduleSchema.safeParse({
      items: [
        { id: 'Lệ phí', kind: 'tax', name: '', amounts: {}, unit: 'lần', due: 'later' },
        { id: 'a', kind: 'fee', name: 'A', amounts: { counter: -1 }, unit: 'lần', due: 'filing' },
        { id: 'a', kind: 'fee', name: 'B', amounts: { counter: 1 }, unit: 'lần', due: 'filing' },
      ],
      exemptions: [{ id: 'm', kind: 'exemption', description: 'X', percent: 50, legalBasis: 'TT', itemIds: ['zz'] }],
      collector: { kind: 'treasury', accountName: 'KBNN', accountNumber: '12-34', bankBin: '97041', bankName: 'VCB' },
    });
    assert.equal(bad.success, false);
    const issues = bad.success ? [] : fieldIssuesOf(bad.error).map((i) => `${i.path}:${i.code}`);
    assert.deepEqual(issues.sort(), [
      'collector.accountNumber:invalid_format',
      'collector.bankBin:invalid_format',
      'exemptions.0.percent:range',
      'items.0.amounts:required',
      'items.0.due:enum',
      'items.0.id:invalid_format',
      'items.0.kind:enum',
      'items.0.name:required',
      'items.1.amounts.counter:range',
    ]);
    // Ids across the lists are checked once every field is right.
    const crossed = feeScheduleSchema.safeParse({
      ...schedule,
      items: [schedule.items[0], schedule.items[0]],
      exemptions: [{ ...schedule.exemptions[0], itemIds: ['zz'] }],
    });
    assert.deepEqual(crossed.success ? [] : fieldIssuesOf(crossed.error).map((i) => `${i.path}:${i.code}`), [
      'items.1.id:duplicate',
      'exemptions.0.itemIds.0:not_found',
    ]);
  });
});

describe('amounts in Vietnamese words', () => {
  const cases: [number, string][] = [
    [0, 'không'],
    [1, 'một'],
    [10, 'mười'],
    [11, 'mười một'],
    [14, 'mười bốn'],
    [15, 'mười lăm'],
    [20, 'hai mươi'],
    [21, 'hai mươi mốt'],
    [24, 'hai mươi tư'],
    [25, 'hai mươi lăm'],
    [55, 'năm mươi lăm'],
    [101, 'một trăm linh một'],
    [105, 'một trăm linh năm'],
    [110, 'một trăm mười'],
    [115, 'một trăm mười lăm'],
    [1000, 'một nghìn'],
    [8000, 'tám nghìn'],
    [20000, 'hai mươi nghìn'],
    [400000, 'bốn trăm nghìn'],
    [1005000, 'một triệu không trăm linh năm nghìn'],
    [1250000, 'một triệu hai trăm năm mươi nghìn'],
    [101010, 'một trăm linh một nghìn không trăm mười'],
    [2000000001, 'hai tỷ không trăm linh một'],
    [1000000000000, 'một nghìn tỷ'],
    [
      1234567891234,
      'một nghìn hai trăm ba mươi tư tỷ năm trăm sáu mươi bảy triệu tám trăm chín mươi mốt nghìn hai trăm ba mươi tư',
    ],
  ];
  for (const [n, words] of cases) {
    it(`${n} → ${words}`, () => assert.equal(numberInVietnameseWords(n), words));
  }
  it('writes the receipt’s line, capitalised, with đồng, and the figures with dots', () => {
    assert.equal(amountInVietnameseWords(1250000), 'Một triệu hai trăm năm mươi nghìn đồng');
    assert.equal(amountInVietnameseWords(0), 'Không đồng');
    assert.equal(formatDong(1250000), '1.250.000');
    assert.equal(formatDong(800), '800');
    assert.throws(() => numberInVietnameseWords(-1), RangeError);
    assert.throws(() => numberInVietnameseWords(1.5), RangeError);
  });
});
