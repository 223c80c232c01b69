import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { paymentReferenceOf } from './reference';
import {
  columnOfHeaderCell,
  type MatchablePayment,
  matchStatement,
  parseCsv,
  parseStatement,
  parseStatementDate,
  parseVndAmount,
  referenceCandidatesOf,
  StatementUnreadable,
} from './statement';

describe('VND amounts as banks write them', () => {
  const cases: [string, number | null][] = [
    ['1250000', 1_250_000],
    ['1.250.000', 1_250_000],
    ['1,250,000', 1_250_000],
    ['1 250 000', 1_250_000],
    ['1\u00a0250\u00a0000', 1_250_000],
    ['1250000.00', 1_250_000],
    ['1250000,00', 1_250_000],
    ['1.250.000,00', 1_250_000],
    ['1,250,000.00', 1_250_000],
    ['1.250', 1_250],
    ['50,000 VND', 50_000],
    ['50.000đ', 50_000],
    ['VND 50,000', 50_000],
    ['₫50.000'.replace('₫', ''), 50_000],
    ['-200.000', -200_000],
    ['(200,000)', -200_000],
    ['+15.000', 15_000],
    ['0', 0],
    ['1250000.50', null],
    ['1.25.000', null],
    ['12,5', null],
    ['abc', null],
    ['', null],
    ['1,250.000,00', null],
    ['99999999999999999999', null],
  ];
  for (const [text, expected] of cases) {
    it(`reads ${JSON.stringify(text)} as ${expected}`, () => assert.equal(parseVndAmount(text), expected));
  }
});

describe('booking dates', () => {
  it('reads day-first dates in Vietnam time, with or without the time', () => {
    assert.equal(parseStatementDate('07/12/2026')?.toISOString(), '2026-12-06T17:00:00.000Z');
    assert.equal(parseStatementDate('7/12/2026 09:15')?.toISOString(), '2026-12-07T02:15:00.000Z');
    assert.equal(parseStatementDate('09:15:30 07-12-2026')?.toISOString(), '2026-12-07T02:15:30.000Z');
    assert.equal(parseStatementDate('07.12.2026')?.toISOString(), '2026-12-06T17:00:00.000Z');
  });

  it('reads ISO dates, with a zone or in Vietnam time without one', () => {
    assert.equal(parseStatementDate('2026-12-07')?.toISOString(), '2026-12-06T17:00:00.000Z');
    assert.equal(parseStatementDate('2026-12-07T09:15:00')?.toISOString(), '2026-12-07T02:15:00.000Z');
    assert.equal(parseStatementDate('2026-12-07T02:15:00.000Z')?.toISOString(), '2026-12-07T02:15:00.000Z');
    assert.equal(parseStatementDate('2026-12-07T09:15:00+0700')?.toISOString(), '2026-12-07T02:15:00.000Z');
  });

  it('refuses what is not a real date', () => {
    for (const bad of [
      '31/02/2026',
      '29/02/2027',
      '00/01/2026',
      '12/13/2026',
      '07/12/2026 25:00',
      'hôm qua',
      '',
      '07/12/26',
    ]) {
      assert.equal(parseStatementDate(bad), null, bad);
    }
    assert.equal(parseStatementDate('29/02/2028')?.toISOString(), '2028-02-28T17:00:00.000Z');
  });
});

describe('CSV', () => {
  it('splits on commas, semicolons or tabs, whichever the file uses, with quoted cells', () => {
    assert.deepEqual(parseCsv('a,b\r\n"1,5","x ""y"""\n'), [
      ['a', 'b'],
      ['1,5', 'x "y"'],
    ]);
    assert.deepEqual(parseCsv('\ufeffNgày;Số tiền\n01/12/2026;1.000,00'), [
      ['Ngày', 'Số tiền'],
      ['01/12/2026', '1.000,00'],
    ]);
    assert.deepEqual(parseCsv('a\tb\n1\t2'), [
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps a line break inside quotes in the cell', () => {
    assert.deepEqual(parseCsv('a,b\n"line 1\nline 2",3\n'), [
      ['a', 'b'],
      ['line 1\nline 2', '3'],
    ]);
  });
});

const ref1 = paymentReferenceOf('000.01.50.H59-261123-0001', 1);
const ref2 = paymentReferenceOf('000.01.50.H59-261123-0002', 1);

describe('a statement as a Vietnamese bank exports it', () => {
  const csv = [
    'NGÂN HÀNG TMCP CÔNG THƯƠNG VIỆT NAM',
    'SAO KÊ TÀI KHOẢN',
    'Số tài khoản:,113000012345',
    'Từ ngày 01/12/2026 đến ngày 07/12/2026',
    '',
    'STT,Ngày giao dịch,Số tham chiếu,Diễn giải,Ghi nợ (VND),Ghi có (VND),Số dư',
    `1,01/12/2026 08:01:12,FT2633500001,"MBVCB.1234.${ref1}.CT tu 0123 NGUYEN VAN A",,"150,000","1,150,000"`,
    '2,01/12/2026 09:30,FT2633500002,Phi quan ly tai khoan,"11,000",,"1,139,000"',
    `3,02/12/2026,FT2633500003,${ref2.toLowerCase()} nop phi,,"99,000","1,238,000"`,
    '4,02/12/2026,FT2633500004,chuyen tien khong ghi ma,,"50,000","1,288,000"',
    '5,31/02/2026,FT2633500005,HS sai ngay,,"10,000","1,298,000"',
    ',,,Tổng phát sinh,"11,000","299,000",',
  ].join('\n');

  it('finds the header under the bank’s title and reads every transaction line', () => {
    const parsed = parseStatement(parseCsv(csv));
    assert.equal(parsed.headerRow, 6);
    assert.deepEqual(parsed.columns, { date: 1, bankReference: 2, description: 3, debit: 4, credit: 5 });
    // Money out (the bank's fee) is not read; the totals' row has no date: not a transaction.
    assert.equal(parsed.lines.length, 4);
    const [first, second, unnamed, badDate] = parsed.lines;
    assert.deepEqual(
      { ...first, bookedAt: first?.bookedAt?.toISOString() },
      {
        row: 7,
        bookedAt: '2026-12-01T01:01:12.000Z',
        credit: 150_000,
        description: `MBVCB.1234.${ref1}.CT tu 0123 NGUYEN VAN A`,
        bankReference: 'FT2633500001',
        problems: [],
      },
    );
    assert.equal(second?.credit, 99_000);
    assert.equal(unnamed?.credit, 50_000);
    assert.deepEqual(badDate?.problems, ['date']);
  });

  it('matches each credit to the payment its content names and checks the amount', () => {
    const parsed = parseStatement(parseCsv(csv));
    const payments = new Map<string, MatchablePayment>([
      [ref1, { id: 'p1', reference: ref1, provider: 'vietqr', amount: 150_000 }],
      [ref2, { id: 'p2', reference: ref2, provider: 'vietqr', amount: 100_000 }],
    ]);
    const matched = matchStatement(parsed.lines, payments);
    assert.deepEqual(
      matched.map((m) => [m.line.row, m.outcome]),
      [
        [7, { kind: 'confirm', paymentId: 'p1' }],
        [9, { kind: 'amount_mismatch', paymentId: 'p2', expected: 100_000 }],
        [10, { kind: 'no_reference' }],
        [11, { kind: 'unreadable' }],
      ],
    );
  });

  it('reads one signed amount column in English, and confirms a payment paid twice only once', () => {
    const rows = parseCsv(
      [
        'Date;Description;Amount;Reference',
        `2026-12-03 10:00;IBFT ${ref1};150.000;A1`,
        `2026-12-03 10:05;IBFT ${ref1};150.000;A2`,
        '2026-12-03 11:00;Transfer out;-20.000;A3',
        `2026-12-03 12:00;${ref2};100.000;A4`,
      ].join('\n'),
    );
    const payments = new Map<string, MatchablePayment>([
      [ref1, { id: 'p1', reference: ref1, provider: 'vietqr', amount: 150_000 }],
      [ref2, { id: 'p2', reference: ref2, provider: 'national_platform', amount: 100_000 }],
    ]);
    assert.deepEqual(
      matchStatement(parseStatement(rows).lines, payments).map((m) => m.outcome),
      [
        { kind: 'confirm', paymentId: 'p1' },
        { kind: 'duplicate', paymentId: 'p1' },
        { kind: 'not_transfer', paymentId: 'p2' },
      ],
    );
  });

  it('refuses a file with no header it knows, or nothing in it', () => {
    assert.throws(
      () => parseStatement(parseCsv('a,b,c\n1,2,3')),
      (e: unknown) => e instanceof StatementUnreadable && e.problem === 'no_header',
    );
    assert.throws(
      () => parseStatement(parseCsv('\n\n,,\n')),
      (e: unknown) => e instanceof StatementUnreadable && e.problem === 'empty',
    );
    assert.throws(
      () => parseStatement(parseCsv('Ngày,Nội dung,Số tiền\n')),
      (e: unknown) => e instanceof StatementUnreadable && e.problem === 'empty',
    );
  });
});

describe('column names as banks write them', () => {
  it('reads the names with or without diacritics, units and extra words; a lone word only alone', () => {
    const cases: [string, string | undefined][] = [
      ['Ngày giao dịch', 'date'],
      ['NGAY GD', 'date'],
      ['Số tiền ghi có (VND)', 'credit'],
      ['Số tiền ghi có VND', 'credit'],
      ['Có TKTT', 'credit'],
      ['Nợ TKTT', 'debit'],
      ['Có', 'credit'],
      ['Cơ quan', undefined],
      ['Mô tả giao dịch', 'description'],
      ['Diễn giải', 'description'],
      ['Nội dung chuyển khoản', 'description'],
      ['Số bút toán', 'bankReference'],
      ['Transaction Date', 'date'],
      ['Credit Amount', 'credit'],
      ['Số dư', undefined],
    ];
    for (const [header, column] of cases) assert.equal(columnOfHeaderCell(header), column, header);
  });
});

describe('references in a transfer’s content', () => {
  it('are found whatever the bank did to the content: case, spaces, dots, words before and after', () => {
    for (const content of [
      ref1,
      ref1.toLowerCase(),
      `CT DEN:0123456 ${ref1} FT26335`,
      `${ref1.slice(0, 10)} ${ref1.slice(10)}`,
      `MBVCB.1234.${ref1}.CT tu 0123`,
      `Nộp phí ${ref1} cho hồ sơ`,
    ]) {
      assert.ok(referenceCandidatesOf(content).includes(ref1), content);
    }
  });

  it('finds nothing where there is no HS', () => {
    assert.deepEqual(referenceCandidatesOf('chuyen tien an trua'), []);
  });
});
