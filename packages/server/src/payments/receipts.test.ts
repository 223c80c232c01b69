import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { A5, pdfInfo, pdfText } from '../dossiers/forms/forms.test-helpers';
import { seedDemoCertificates } from '../signing/demo-certificates';
import { prepareProvinceAuthority } from '../signing/registry';
import { createTestApp, type TestApp } from '../testing';
import { renderFeeReceipt } from './receipt-pdf';

let t: TestApp;
let tanNinh: string;
let citizen: string;
let otherCitizen: string;
let clerk: string;
const CODE = '1.014063';

before(async () => {
  t = await createTestApp();
  await t.importDemoProcedures(CODE);
  const admin = await t.login('admin');
  tanNinh = (await t.call('GET', '/api/v1/agencies?q=phuong%20tan%20ninh', { cookie: admin })).json().items[0].id;
  citizen = await t.login('072090001234');
  otherCitizen = await t.login('080195004321');
  clerk = await t.login('motcua.tanninh');
  // The province CA and the demo's certificates, Tân Ninh's seal among them (as the server's start makes them).
  await prepareProvinceAuthority(t.ctx);
  await seedDemoCertificates(t.ctx);
});
after(async () => {
  await t?.close();
});

describe('the electronic receipt', () => {
  test('laid out as the form, the amount in figures and words, signed with the agency’s seal', async () => {
    const { id, code } = await t.fileWaitingForFee({ citizen, clerk, procedureCode: CODE, agencyId: tanNinh });
    const paid = await t.call('POST', `/api/v1/dossiers/${id}/payments/counter`, {
      cookie: clerk,
      body: { version: 2, method: 'cash', reference: 'PT-0042' },
    });
    assert.equal(paid.statusCode, 200, paid.body);
    const receipt = paid.json().receipt;
    assert.deepEqual([receipt.symbol, receipt.number, receipt.total], ['BL/26E', 1, 50000]);

    const res = await t.call('GET', `/api/v1/receipts/${receipt.id}/pdf`, { cookie: citizen });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/pdf');
    const pdf = res.rawPayload;
    if (process.env.RECEIPT_PDF_OUT) writeFileSync(process.env.RECEIPT_PDF_OUT, pdf);
    const info = await pdfInfo(pdf);
    assert.deepEqual(info, { pages: 1, ...A5 });
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    for (const expected of [
      'UBND PHƯỜNG TÂN NINH',
      'Ký hiệu: BL/26E',
      '0000001',
      'BIÊN LAI THU PHÍ, LỆ PHÍ',
      '(Biên lai điện tử)',
      'Nguyễn Thị Hoa',
      '072090001234',
      code,
      'Lệ phí (thẻ căn cước)',
      '50.000',
      'Năm mươi nghìn đồng',
      'Tiền mặt',
      'ĐƠN VỊ THU TIỀN',
    ]) {
      assert.ok(text.includes(expected), `${expected} in: ${text}`);
    }
    // The seal verifies; one byte changed does not.
    const verify = (bytes: Buffer) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/signing/verify',
        payload: bytes,
        headers: { 'x-congso-request': '1', 'content-type': 'application/pdf' },
      });
    const checked = (await verify(pdf)).json();
    assert.deepEqual(
      checked.signatures.map((s: { status: string; signer?: { organization?: string } }) => s.status),
      ['valid'],
    );
    const changed = Buffer.from(pdf);
    const at = changed.indexOf('0000001');
    changed[at] = '9'.charCodeAt(0);
    const broken = (await verify(changed)).json();
    assert.ok(['invalid', 'modified'].includes(broken.signatures[0].status), JSON.stringify(broken.signatures[0]));

    // The same bytes every time; readers only.
    const again = await t.call('GET', `/api/v1/receipts/${receipt.id}/pdf`, { cookie: clerk });
    assert.equal(Buffer.compare(again.rawPayload, pdf), 0);
    assert.equal((await t.call('GET', `/api/v1/receipts/${receipt.id}/pdf`, { cookie: otherCitizen })).statusCode, 404);
    assert.equal(
      (await t.call('GET', '/api/v1/receipts/00000000-0000-4000-8000-000000000000/pdf', { cookie: citizen }))
        .statusCode,
      404,
    );
  });

  test('an exemption prints with its legal basis; a long text never breaks the form', async () => {
    const { pdf, sealRect } = await renderFeeReceipt({
      agency: { name: 'UBND phường Tân Ninh', code: '000.01.50.H59', place: 'Tân Ninh' },
      symbol: 'BL/26E',
      number: 123,
      issuedAt: new Date('2026-11-23T03:00:00Z'),
      payer: { fullName: 'Trần Văn Bình'.repeat(20), nationalId: '072090001234', address: 'Ấp 3 '.repeat(100) },
      dossierCode: '000.01.50.H59-261123-0001',
      procedureName: 'Cấp đổi thẻ căn cước',
      lines: [
        {
          name: 'Lệ phí',
          unit: 'thẻ căn cước',
          baseAmount: 50000,
          amount: 25000,
          exemption: {
            id: 'giam-1',
            kind: 'reduction',
            description: 'Nộp hồ sơ trực tuyến',
            percent: 50,
            legalBasis: 'Thông tư số 64/2025/TT-BTC',
          },
        },
      ],
      total: 25000,
      method: 'online',
      reference: 'HS0000150H59261123000101 / GD1234',
      account: { name: 'KBNN khu vực XVII', number: '7111012345678', bank: 'VietinBank' },
      lookupUrl: 'http://localhost:3000/tra-cuu?ma=000.01.50.H59-261123-0001',
    });
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    assert.ok(text.includes('Giảm 50%: Nộp hồ sơ trực tuyến (Thông tư số 64/2025/'), text);
    assert.ok(text.includes('TT-BTC); mức thu 50.000 đồng'), text);
    assert.ok(text.includes('Hai mươi lăm nghìn đồng'));
    assert.ok(text.includes('0000123'));
    assert.ok(
      sealRect[0] > 0 && sealRect[2] <= A5.width && sealRect[1] > 0 && sealRect[3] <= A5.height,
      String(sealRect),
    );
  });
});
