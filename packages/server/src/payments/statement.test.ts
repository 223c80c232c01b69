import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { queryRows, sql } from '@congso/db';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp } from '../testing';

let t: TestApp;
let tanNinh: string;
let citizen: string;
let clerk: string;
let admin: string;
const CODE = '1.014063'; // Cấp đổi thẻ căn cước: 50.000 đồng

before(async () => {
  t = await createTestApp();
  await t.importDemoProcedures(CODE);
  admin = await t.login('admin');
  tanNinh = (await t.call('GET', '/api/v1/agencies?q=phuong%20tan%20ninh', { cookie: admin })).json().items[0].id;
  citizen = await t.login('072090001234');
  clerk = await t.login('motcua.tanninh');
});
after(async () => {
  await t?.close();
});

/** A dossier whose 50.000 đồng the citizen chose to pay by VietQR: its id, version and the transfer's reference. */
async function transferStarted() {
  const { id } = await t.fileWaitingForFee({ citizen, clerk, procedureCode: CODE, agencyId: tanNinh });
  const paid = await t.call('POST', `/api/v1/dossiers/${id}/payments`, {
    cookie: citizen,
    body: { provider: 'vietqr' },
  });
  assert.equal(paid.statusCode, 200, paid.body);
  return { id, paymentId: paid.json().payment.id as string, reference: paid.json().payment.reference as string };
}

const dossier = async (id: string) => (await t.call('GET', `/api/v1/dossiers/${id}`, { cookie: clerk })).json();
const paymentOf = async (id: string) =>
  (await t.call('GET', `/api/v1/dossiers/${id}/payments`, { cookie: citizen })).json();
const importStatement = (body: Uint8Array | string, cookie = admin, type = 'text/csv', name = 'sao-ke.csv') =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/payment-statements?name=${encodeURIComponent(name)}`,
    headers: { 'x-congso-request': '1', cookie: `congso_session=${cookie}`, 'content-type': type },
    payload: typeof body === 'string' ? Buffer.from(body) : Buffer.from(body),
  });
const vnDay = (at: Date) => {
  const d = new Date(at.getTime() + 7 * 3600_000);
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
};

describe('VietQR transfers confirmed from the collecting account’s statement', () => {
  test('each credit naming a pending transfer with its amount confirms it once; the rest is reported', async () => {
    const paid = await transferStarted();
    const short = await transferStarted();
    const moved = await transferStarted();
    // The citizen of `moved` also paid at the counter before the transfer showed on the account: to refund.
    const version = (await dossier(moved.id)).version;
    const counter = await t.call('POST', `/api/v1/dossiers/${moved.id}/payments/counter`, {
      cookie: clerk,
      body: { version, method: 'cash' },
    });
    assert.equal(counter.statusCode, 200, counter.body);
    const day = vnDay(t.clock.now);
    const csv = [
      'NGÂN HÀNG TMCP CÔNG THƯƠNG VIỆT NAM - SAO KÊ TÀI KHOẢN',
      'Số tài khoản: 113000000001',
      '',
      'Ngày giao dịch,Số tham chiếu,Diễn giải,Ghi nợ,Ghi có,Số dư',
      `${day} 08:01:12,FT001,"MBVCB.1234.${paid.reference.toLowerCase()}.CT tu NGUYEN VAN A",,"50,000","1,050,000"`,
      `${day} 08:05:00,FT002,${short.reference} nop phi,,"45,000","1,095,000"`,
      `${day} 08:09:00,FT003,${moved.reference},,"50,000","1,145,000"`,
      `${day} 08:10:00,FT004,chuyen tien khong ghi ma,,"20,000","1,165,000"`,
      `${day} 08:11:00,FT005,${paid.reference} lan 2,,"50,000","1,215,000"`,
      `${day} 09:00:00,FT006,Phi SMS,"11,000",,"1,204,000"`,
      ',,Tổng cộng,"11,000","215,000",',
    ].join('\r\n');

    const res = await importStatement(csv);
    assert.equal(res.statusCode, 200, res.body);
    const report = res.json();
    assert.equal(report.headerRow, 4);
    assert.deepEqual(
      report.lines.map((l: { row: number; result: string }) => [l.row, l.result]),
      [
        [5, 'confirmed'],
        [6, 'amount_mismatch'],
        [7, 'refund'],
        [8, 'no_reference'],
        [9, 'duplicate'],
      ],
    );
    assert.equal(report.lines[1].expectedAmount, 50_000);
    assert.equal(report.counts.confirmed, 1);

    // Confirmed as a callback would: paid once, a receipt, the dossier goes on; the accountant is in the audit.
    assert.notEqual((await dossier(paid.id)).status, 'waiting_payment');
    const p = await paymentOf(paid.id);
    assert.equal(p.items[0].status, 'paid');
    assert.equal(p.items[0].confirmedVia, 'statement');
    assert.equal(p.receipts.length, 1);
    const [audit] = await queryRows<{ actor_id: string | null; data: { bankReference: string; via: string } }>(
      t.db.connection.db,
      sql`select actor_id, data from audit_events where action = 'payment.paid' and entity_id = ${paid.paymentId}`,
    );
    assert.ok(audit?.actor_id, 'the accountant who imported the statement');
    assert.equal(audit?.data.bankReference, 'FT001');
    assert.equal(p.items[0].transactionId, 'FT001', "the bank's number is the payment's transaction");
    // The short one is still pending; the moved one is money to refund, not a second settlement.
    assert.equal((await paymentOf(short.id)).items[0].status, 'pending');
    const m = await paymentOf(moved.id);
    assert.equal(m.receipts.length, 1, 'only the counter’s receipt');
    assert.equal(m.items.find((x: { provider: string }) => x.provider === 'vietqr').settledDossier, false);

    // The same statement again: nothing twice.
    const again = (await importStatement(csv)).json();
    assert.deepEqual(
      again.lines.map((l: { result: string }) => l.result),
      ['already', 'amount_mismatch', 'already', 'no_reference', 'duplicate'],
    );
    assert.equal((await paymentOf(paid.id)).receipts.length, 1);
    const imports = await queryRows<{ n: number }>(
      t.db.connection.db,
      sql`select count(*)::int as n from audit_events where action = 'payment.statement_import'`,
    );
    assert.equal(imports[0]?.n, 2);

    // The day's reconciliation report names the bank's number of the transfer it confirmed.
    const reportDay = new Date(t.clock.now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
    assert.equal((await t.call('POST', `/api/v1/payment-reports/${reportDay}`, { cookie: admin })).statusCode, 200);
    const xlsx = await t.call('GET', `/api/v1/payment-reports/${reportDay}/xlsx`, { cookie: admin });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    for (const sheet of workbook.worksheets) sheet.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
    assert.ok(cells.includes('FT001'), 'the transfer’s bank number in the report');
  });

  test('an XLSX statement with dates and numbers as cells, one signed amount column, in English', async () => {
    const started = await transferStarted();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Statement');
    sheet.addRow(['Account statement']);
    sheet.addRow([]);
    sheet.addRow(['Transaction date', 'Description', 'Amount (VND)', 'Reference']);
    sheet.addRow([new Date(Date.UTC(2026, 11, 7, 10, 30)), `IBFT ${started.reference}`, 50000, 'X1']);
    sheet.addRow([new Date(Date.UTC(2026, 11, 7, 11, 0)), 'Transfer out', -20000, 'X2']);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const res = await importStatement(
      bytes,
      admin,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'statement.xlsx',
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      res.json().lines.map((l: { result: string; bookedAt: string }) => [l.result, l.bookedAt]),
      [['confirmed', '2026-12-07T03:30:00.000Z']],
    );
    assert.equal((await paymentOf(started.id)).items[0].paidAt, '2026-12-07T03:30:00.000Z');
  });

  test('a long statement: every line’s candidates looked up at once (more than a statement’s 65,535 parameters)', async () => {
    const lines = Array.from(
      { length: 6000 },
      (_, i) => `01/12/2026 08:00,CT ${i} HS${String(i).padStart(22, '7')} nop tien,"10,000"`,
    );
    const res = await importStatement(['Ngày giao dịch,Nội dung,Ghi có', ...lines].join('\n'));
    assert.equal(res.statusCode, 200, res.body.slice(0, 500));
    assert.equal(res.json().counts.no_reference, 6000);
  });

  test('only the province’s accountants and administrators; clear errors for what is not a statement', async () => {
    const csv = 'Ngày,Nội dung,Ghi có\n01/12/2026,abc,"1,000"';
    assert.equal((await importStatement(csv, clerk)).statusCode, 403);
    assert.equal((await importStatement(csv, citizen)).statusCode, 403);
    const empty = await importStatement('');
    assert.equal(empty.statusCode, 400, empty.body);
    for (const [body, why] of [
      ['a,b,c\n1,2,3', 'no header'],
      ['\n\n', 'empty'],
      [new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02]), 'binary'],
      [new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]), 'broken workbook'],
    ] as const) {
      const res = await importStatement(body);
      assert.equal(res.statusCode, 422, `${why}: ${res.body}`);
      assert.equal(res.json().error.code, 'STATEMENT_UNREADABLE');
    }
    const json = await t.call('POST', '/api/v1/payment-statements', { cookie: admin, body: { lines: [] } });
    assert.equal(json.statusCode, 415, json.body);
  });
});

describe('a transfer confirmed by hand', () => {
  test('the accountant saw it arrive: confirmed once, with the bank’s number; listed until then', async () => {
    const started = await transferStarted();
    const listed = await t.call('GET', '/api/v1/payments/pending-transfers', { cookie: admin });
    assert.equal(listed.statusCode, 200, listed.body);
    const item = listed.json().items.find((i: { id: string }) => i.id === started.paymentId);
    assert.equal(item.amount, 50_000);
    assert.equal(item.dossierId, started.id);
    assert.equal((await t.call('GET', '/api/v1/payments/pending-transfers', { cookie: clerk })).statusCode, 403);

    const url = `/api/v1/payments/${started.paymentId}/transfer-received`;
    const receivedAt = new Date(t.clock.now.getTime() + 60_000).toISOString();
    assert.equal(
      (await t.call('POST', url, { cookie: clerk, body: { bankReference: 'FT9', receivedAt } })).statusCode,
      403,
    );
    const future = await t.call('POST', url, {
      cookie: admin,
      body: { bankReference: 'FT9', receivedAt: new Date(t.clock.now.getTime() + 3600_000).toISOString() },
    });
    assert.equal(future.statusCode, 400, future.body);
    assert.equal(
      (await t.call('POST', url, { cookie: admin, body: { bankReference: '', receivedAt } })).statusCode,
      400,
    );
    t.clock.advance(120_000);
    const done = await t.call('POST', url, { cookie: admin, body: { bankReference: 'FT9', receivedAt } });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().result, 'confirmed');
    const p = await paymentOf(started.id);
    assert.equal(p.items[0].confirmedVia, 'accountant');
    assert.equal(p.items[0].transactionId, 'FT9');
    assert.equal(p.receipts.length, 1);
    const twice = await t.call('POST', url, { cookie: admin, body: { bankReference: 'FT9', receivedAt } });
    assert.equal(twice.json().result, 'already');
    assert.equal((await paymentOf(started.id)).receipts.length, 1);
    const after = (await t.call('GET', '/api/v1/payments/pending-transfers', { cookie: admin })).json();
    assert.ok(!after.items.some((i: { id: string }) => i.id === started.paymentId));

    const unknown = await t.call('POST', '/api/v1/payments/00000000-0000-4000-8000-000000000000/transfer-received', {
      cookie: admin,
      body: { bankReference: 'FT9', receivedAt },
    });
    assert.equal(unknown.statusCode, 404);
    // A payment at the counter is not a transfer to confirm.
    const other = await transferStarted();
    const version = (await dossier(other.id)).version;
    await t.call('POST', `/api/v1/dossiers/${other.id}/payments/counter`, {
      cookie: clerk,
      body: { version, method: 'cash' },
    });
    const cash = (await paymentOf(other.id)).items.find((i: { provider: string }) => i.provider === 'counter');
    const notTransfer = await t.call('POST', `/api/v1/payments/${cash.id}/transfer-received`, {
      cookie: admin,
      body: { bankReference: 'FT9', receivedAt },
    });
    assert.equal(notTransfer.statusCode, 409, notTransfer.body);
    assert.equal(notTransfer.json().error.code, 'PAYMENT_NOT_TRANSFER');
  });
});
