import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp } from '../testing';
import { signFields } from './national-platform';
import { DETAIL_HEADER, SUMMARY_HEADER, SUMMARY_SHEET } from './reconciliation-report';
import { type PaymentPlatformStandIn, startPaymentPlatformStandIn } from './stand-in/platform-stand-in';

const SECRET = 'test-payment-secret-0123456789';
const CODE = '1.014063'; // Cấp đổi thẻ căn cước: 50.000 đồng read from the catalogue
const DAY = '2026-11-23'; // the test clock's Vietnam day
let standIn: PaymentPlatformStandIn;
let t: TestApp;
let tanNinh: string;
let citizen: string;
let clerk: string;
let admin: string;

before(async () => {
  standIn = await startPaymentPlatformStandIn({ secret: SECRET });
  t = await createTestApp({ PAYMENT_PLATFORM_URL: standIn.url, PAYMENT_PLATFORM_SECRET: SECRET });
  await t.importDemoProcedures(CODE);
  admin = await t.login('admin');
  tanNinh = (await t.call('GET', '/api/v1/agencies?q=phuong%20tan%20ninh', { cookie: admin })).json().items[0].id;
  citizen = await t.login('072090001234');
  clerk = await t.login('motcua.tanninh');
});
after(async () => {
  await t?.close();
  await standIn?.close();
});

const waitingDossier = () => t.fileWaitingForFee({ citizen, clerk, procedureCode: CODE, agencyId: tanNinh });
const startPlatform = async (id: string) =>
  (
    await t.call('POST', `/api/v1/dossiers/${id}/payments`, {
      cookie: citizen,
      body: { provider: 'national_platform' },
    })
  ).json().payment.reference as string;
/** The platform's signed callback, paid at the test clock's instant. */
async function paidCallback(reference: string) {
  await standIn.complete(reference, { callbacks: 0 });
  const { signature: _, ...fields } = standIn.callbackBody(reference);
  const body = { ...fields, paidAt: t.clock.now.toISOString() };
  const res = await t.call('POST', '/api/v1/payments/callback', {
    body: { ...body, signature: signFields(body, SECRET) },
    headers: { 'x-congso-request': '' },
  });
  return res.json().result as string;
}
const payAtCounter = async (id: string) => {
  const version = (await t.call('GET', `/api/v1/dossiers/${id}`, { cookie: clerk })).json().version;
  const res = await t.call('POST', `/api/v1/dossiers/${id}/payments/counter`, {
    cookie: clerk,
    body: { version, method: 'cash' },
  });
  assert.equal(res.statusCode, 200, res.body);
};

/** A worksheet's rows from `from` on, as plain values (numbers, text; dates as ISO text), without trailing blanks. */
function rowsOf(sheet: ExcelJS.Worksheet, from: number): unknown[][] {
  const out: unknown[][] = [];
  for (let r = from; r <= sheet.rowCount; r++) {
    const values = (sheet.getRow(r).values as unknown[]).slice(1);
    out.push(values.map((v) => (v instanceof Date ? v.toISOString() : (v ?? ''))));
  }
  return out;
}

describe('the daily reconciliation report per collecting account (XLSX)', () => {
  test('payments, dossiers, receipts and differences of a day, read back from the XLSX', async () => {
    // 09:00 (Vietnam): paid on the platform, callback.
    const d1 = await waitingDossier();
    const r1 = await startPlatform(d1.id);
    assert.equal(await paidCallback(r1), 'confirmed');
    // 09:10: paid in cash at the counter.
    t.clock.advance(10 * 60_000);
    const d2 = await waitingDossier();
    await payAtCounter(d2.id);
    // 09:20: started on the platform, never answered (pending).
    t.clock.advance(10 * 60_000);
    const d3 = await waitingDossier();
    const r3 = await startPlatform(d3.id);
    // 09:30: started on the platform, paid at the counter meanwhile, then the platform's money comes: to refund.
    t.clock.advance(10 * 60_000);
    const d4 = await waitingDossier();
    const r4 = await startPlatform(d4.id);
    await payAtCounter(d4.id);
    t.clock.advance(60_000);
    assert.equal(await paidCallback(r4), 'unmatched');

    // Only the province's accountants and administrators.
    assert.equal((await t.call('POST', `/api/v1/payment-reports/${DAY}`, { cookie: clerk })).statusCode, 403);
    assert.equal((await t.call('GET', '/api/v1/payment-reports', { cookie: citizen })).statusCode, 403);
    assert.equal((await t.call('GET', `/api/v1/payment-reports/${DAY}/xlsx`, { cookie: admin })).statusCode, 404);
    const future = await t.call('POST', '/api/v1/payment-reports/2026-11-24', { cookie: admin });
    assert.equal(future.statusCode, 400, future.body);
    const made = await t.call('POST', `/api/v1/payment-reports/${DAY}`, { cookie: admin });
    assert.equal(made.statusCode, 200, made.body);
    assert.deepEqual(made.json().summary, {
      payments: 5,
      paidAmount: 200_000,
      receiptAmount: 150_000,
      differences: 2,
      accounts: 2,
    });
    const listed = (await t.call('GET', '/api/v1/payment-reports', { cookie: admin })).json();
    assert.deepEqual(
      listed.items.map((r: { day: string; byJob: boolean }) => [r.day, r.byJob]),
      [[DAY, false]],
    );

    const res = await t.call('GET', `/api/v1/payment-reports/${DAY}/xlsx`, { cookie: admin });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    assert.deepEqual(
      workbook.worksheets.map((s) => s.name),
      [SUMMARY_SHEET, 'TK 113000000001', 'TK Tại quầy'],
    );
    const summary = workbook.getWorksheet(SUMMARY_SHEET) as ExcelJS.Worksheet;
    assert.equal(summary.getCell(1, 1).value, 'BÁO CÁO ĐỐI SOÁT THU PHÍ, LỆ PHÍ NGÀY 23/11/2026');
    assert.deepEqual(rowsOf(summary, 3), [
      SUMMARY_HEADER,
      // account, paid (n, đồng), receipts (n, đồng), paid − receipts, with a difference, pending
      [1, '113000000001', 'TAI KHOAN THU PHI LE PHI (MINH HOA)', '970415', 2, 100_000, 1, 50_000, 50_000, 2, 1],
      [2, 'Tại quầy', 'Thu tại Bộ phận Một cửa — Ủy ban nhân dân phường Tân Ninh', '', 2, 100_000, 2, 100_000, 0, 0, 0],
      ['', 'Cộng', '', '', 4, 200_000, 3, 150_000, 50_000, 2, 1],
    ]);
    const online = workbook.getWorksheet('TK 113000000001') as ExcelJS.Worksheet;
    const onlineRows = rowsOf(online, 3);
    assert.deepEqual(onlineRows[0], DETAIL_HEADER);
    // reference, dossier, status, amount, fee, time (Vietnam wall time as Excel shows it), via, receipt, difference
    assert.deepEqual(
      onlineRows.slice(1).map((r) => [r[1], r[2], r[5], r[6], r[7], r[8], r[9], r[12], r[13]]),
      [
        [
          r1,
          d1.code,
          'Đã thanh toán',
          50_000,
          50_000,
          '2026-11-23T09:00:00.000Z',
          'Thông báo của nền tảng',
          50_000,
          '',
        ],
        [
          r3,
          d3.code,
          'Đang chờ',
          50_000,
          50_000,
          '2026-11-23T09:20:00.000Z',
          '',
          '',
          'Chưa có kết quả từ nền tảng (chờ đối soát)',
        ],
        [
          r4,
          d4.code,
          'Đã thanh toán',
          50_000,
          50_000,
          '2026-11-23T09:31:00.000Z',
          'Thông báo của nền tảng',
          '',
          'Tiền về khi phí đã nộp: cần hoàn trả',
        ],
      ],
    );
    assert.match(String(onlineRows[1]?.[11]), /^BL\/26E 000000\d$/);
    const counter = workbook.getWorksheet('TK Tại quầy') as ExcelJS.Worksheet;
    assert.deepEqual(
      rowsOf(counter, 4).map((r) => [r[2], r[4], r[5], r[6], r[9], r[13]]),
      [
        [d2.code, 'Tại quầy (tiền mặt)', 'Đã thanh toán', 50_000, 'Cán bộ một cửa', ''],
        [d4.code, 'Tại quầy (tiền mặt)', 'Đã thanh toán', 50_000, 'Cán bộ một cửa', ''],
      ],
    );

    // Produced again (the same day later): replaced, one row kept.
    t.clock.advance(60_000);
    assert.equal((await t.call('POST', `/api/v1/payment-reports/${DAY}`, { cookie: admin })).statusCode, 200);
    assert.equal((await t.call('GET', '/api/v1/payment-reports', { cookie: admin })).json().items.length, 1);
  });
});
