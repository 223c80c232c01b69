import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { vnInstant } from '@congso/core';
import { queryRows, sql } from '@congso/db';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../testing';
import { pdfText } from './forms/forms.test-helpers';
import { formatVnShortTime, formatVnTime } from './forms/index';

let t: TestApp;
let tanNinh: string;
const cookies: Record<string, string> = {};
const applicant = { phone: '0912 345 678', address: 'Số 12 đường 30/4, phường Tân Ninh, tỉnh Tây Ninh' };
const HOUR = 3_600_000;

/** With FORMS_PREVIEW_DIR set, the forms served here are also written there (to look at them). */
function preview(name: string, res: LightMyRequestResponse): LightMyRequestResponse {
  const dir = process.env.FORMS_PREVIEW_DIR;
  if (dir && res.statusCode === 200) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, name), res.rawPayload);
  }
  return res;
}

before(async () => {
  t = await createTestApp();
  await t.importDemoProcedures('1.001193');
  for (const u of [
    'admin',
    'motcua.tanninh',
    'truongphong.tanninh',
    'chuyenvien.tanninh',
    'chutich.tanninh',
    'vanthu.tanninh',
    'motcua.stp',
    'chuyenvien.stp',
    '072090001234', // Nguyễn Thị Hoa, the applicant
    '080195004321', // Trần Văn Nam, another citizen
  ])
    cookies[u] = await t.login(u);
  tanNinh = (await t.call('GET', '/api/v1/agencies?q=phuong%20tan%20ninh', { cookie: cookies.admin })).json().items[0]
    .id;
});
after(async () => {
  await t?.close();
});

interface Dossier {
  id: string;
  code: string;
  version: number;
  dueAt: string | null;
  status: string;
}

async function fileOnline(key: string): Promise<Dossier> {
  const res = await t.call('POST', '/api/v1/dossiers', {
    cookie: cookies['072090001234'],
    body: {
      procedureCode: '1.001193',
      receivingAgencyId: tanNinh,
      applicant,
      documents: await t.documentsFor(cookies['072090001234'] as string, '1.001193'),
    },
    headers: { 'idempotency-key': key },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

async function act(d: Dossier, who: string, body: Record<string, unknown>): Promise<Dossier> {
  t.clock.advance(HOUR / 4);
  const res = await t.call('POST', `/api/v1/dossiers/${d.id}/actions`, {
    cookie: cookies[who],
    body: { version: d.version, ...body },
  });
  assert.equal(res.statusCode, 200, `${body.action}: ${res.body}`);
  return res.json();
}

async function userId(who: string): Promise<string> {
  return (await t.call('GET', '/api/v1/auth/me', { cookie: cookies[who] })).json().user.id;
}

const get = (url: string, who: string) => t.call('GET', url, { cookie: cookies[who] });

/** A served PDF: 200, inline, an ASCII file name, a real PDF; returns its text. */
async function pdfOf(res: LightMyRequestResponse, filename: string): Promise<string> {
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'application/pdf');
  assert.equal(res.headers['content-disposition'], `inline; filename="${filename}"`);
  assert.equal(res.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
  return await pdfText(res.rawPayload);
}

function assertContains(text: string, expected: readonly string[]): void {
  for (const e of expected) assert.ok(text.includes(e), `"${e}" not in: ${text.slice(0, 4000)}`);
}

function assertNotYet(res: LightMyRequestResponse): void {
  assert.equal(res.statusCode, 409, res.body);
  const error = res.json().error;
  assert.equal(error.code, 'INVALID_STATE');
  assert.ok(
    error.message.vi && error.message.en && error.message.vi !== 'Thao tác không thực hiện được ở trạng thái hiện tại.',
  );
}

/** The applicant and the officers of the agency read the form; another citizen or agency gets 404. */
async function assertPrivate(url: string): Promise<void> {
  assert.equal((await get(url, '072090001234')).statusCode, 200, 'the applicant');
  assert.equal((await get(url, 'admin')).statusCode, 200, 'the province above');
  assert.equal((await get(url, '080195004321')).statusCode, 404, 'another citizen');
  assert.equal((await get(url, 'chuyenvien.stp')).statusCode, 404, 'an officer of another agency');
  assert.equal((await t.call('GET', url)).statusCode, 401, 'signed out');
}

// One dossier goes the whole way; the forms are read as it goes.
let d: Dossier;
let specialistId: string;

describe('01 receipt', () => {
  const requiredDocuments = async () =>
    (await t.call('GET', '/api/v1/procedures/1.001193')).json().procedure.requiredDocuments as { name: string }[];
  const counterApplicant = {
    fullName: 'Phạm Văn Lộc',
    nationalId: '072085009876',
    phone: '0988 111 222',
    address: 'Ấp 3',
  };

  test('at the counter: the documents the clerk received, in their form and number, not the procedure’s list', async () => {
    const required = await requiredDocuments();
    const res = await t.call('POST', '/api/v1/desk/dossiers', {
      cookie: cookies['motcua.tanninh'],
      body: {
        procedureCode: '1.001193',
        applicant: counterApplicant,
        documents: [
          { index: 3, name: required[3]?.name, fileIds: [], form: 'original', copies: 1 },
          { index: 1, name: required[1]?.name, fileIds: [], form: 'certified_copy', copies: 2 },
        ],
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    const opening = res.json().events[0].data.opening;
    assert.deepEqual(
      opening.documents.map((x: { index: number; form: string; copies: number }) => [x.index, x.form, x.copies]),
      [
        [3, 'original', 1],
        [1, 'certified_copy', 2],
      ],
    );
    const text = await pdfOf(
      preview('01-receipt-counter.pdf', await get(`/api/v1/dossiers/${res.json().id}/receipt.pdf`, 'motcua.tanninh')),
      `tiep-nhan-${res.json().code}.pdf`,
    );
    assertContains(text, ['Giấy chứng sinh', 'Bản chính', 'Văn bản ủy quyền', 'Bản sao chứng thực']);
    assert.ok(!text.includes('Tờ khai đăng ký khai sinh'), 'a mandatory document that was not handed over');
    assert.ok(!text.includes('Hộ chiếu'), 'a mandatory document that was not handed over');
  });

  test('the form and the number of copies are checked', async () => {
    const required = await requiredDocuments();
    const res = await t.call('POST', '/api/v1/desk/dossiers', {
      cookie: cookies['motcua.tanninh'],
      body: {
        procedureCode: '1.001193',
        applicant: counterApplicant,
        documents: [
          { index: 3, name: required[3]?.name, fileIds: [], form: 'photocopy', copies: 1 },
          { index: 1, name: required[1]?.name, fileIds: [], form: 'copy', copies: 0 },
        ],
      },
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.deepEqual(
      res.json().error.details.map((i: { path: string; code: string }) => [i.path, i.code]),
      [
        ['body.documents.0.form', 'enum'],
        ['body.documents.1.copies', 'range'],
      ],
    );
  });

  test('online: the e-form’s uploads, with their files', async () => {
    let r = await fileOnline('forms-receipt-online');
    assertNotYet(await get(`/api/v1/dossiers/${r.id}/receipt.pdf`, '072090001234'));
    r = await act(r, 'motcua.tanninh', { action: 'receive' });
    const text = await pdfOf(
      preview('01-receipt-online.pdf', await get(`/api/v1/dossiers/${r.id}/receipt.pdf`, '072090001234')),
      `tiep-nhan-${r.code}.pdf`,
    );
    assertContains(text, ['Giấy chứng sinh', 'Tờ khai đăng ký khai sinh', 'Bản điện tử', 'giay-to.pdf']);
    assert.ok(!text.includes('Văn bản ủy quyền'), 'a document not filed');
  });
});

describe('02 supplement request', () => {
  test('409 before a request, then the latest request: items, reason, who, when', async () => {
    d = await fileOnline('forms-journey-01');
    const url = `/api/v1/dossiers/${d.id}/supplement-request.pdf`;
    d = await act(d, 'motcua.tanninh', { action: 'receive' });
    assertNotYet(await get(url, 'motcua.tanninh'));
    d = await act(d, 'motcua.tanninh', { action: 'forward', agencyId: tanNinh });
    specialistId = await userId('chuyenvien.tanninh');
    d = await act(d, 'truongphong.tanninh', { action: 'assign', assigneeId: specialistId });
    d = await act(d, 'chuyenvien.tanninh', {
      action: 'request_supplement',
      items: ['Giấy chứng sinh (bản chính)', 'Giấy chứng nhận kết hôn của cha mẹ (bản sao)'],
      reason: 'Giấy chứng sinh đã nộp bị mờ, không đọc được ngày sinh',
    });
    const text = await pdfOf(
      preview('02-supplement-request.pdf', await get(url, 'chuyenvien.tanninh')),
      `bo-sung-${d.code}.pdf`,
    );
    assertContains(text, [
      'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
      d.code,
      'Nguyễn Thị Hoa',
      'Thủ tục đăng ký khai sinh',
      'Giấy chứng sinh (bản chính)',
      'Giấy chứng nhận kết hôn của cha mẹ (bản sao)',
      'Giấy chứng sinh đã nộp bị mờ, không đọc được ngày sinh',
      'Tô Văn Đức',
      'Chuyên viên',
      'UBND PHƯỜNG TÂN NINH',
      'Tân Ninh, ngày 23 tháng 11 năm 2026',
    ]);
    await assertPrivate(url);
  });
});

describe('04 apology', () => {
  test('409 before an apology, then the latest one: reason, old and new dates, signed by the head', async () => {
    const url = `/api/v1/dossiers/${d.id}/apology.pdf`;
    assertNotYet(await get(url, 'truongphong.tanninh'));
    d = await act(d, '072090001234', { action: 'submit_supplement', note: 'Đã bổ sung' });
    const firstDue = new Date(d.dueAt as string);
    const firstNew = new Date(firstDue.getTime() + 48 * HOUR);
    d = await act(d, 'truongphong.tanninh', {
      action: 'apologize',
      reason: 'Cần xác minh thông tin khai sinh với cơ quan khác',
      newDueAt: firstNew.toISOString(),
    });
    let text = await pdfOf(await get(url, 'truongphong.tanninh'), `xin-loi-${d.code}.pdf`);
    assertContains(text, [
      'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ',
      'Kính gửi: Ông/Bà Nguyễn Thị Hoa',
      d.code,
      'Cần xác minh thông tin khai sinh với cơ quan khác',
      formatVnTime(firstDue),
      formatVnTime(firstNew),
      'TRƯỞNG PHÒNG',
      'Mai Thị Hạnh',
    ]);
    // A second apology, by the chairman: the form shows it, from the first apology's date.
    const secondNew = new Date(firstNew.getTime() + 24 * HOUR);
    d = await act(d, 'chutich.tanninh', {
      action: 'apologize',
      reason: 'Hệ thống cơ sở dữ liệu hộ tịch gián đoạn',
      newDueAt: secondNew.toISOString(),
    });
    text = await pdfOf(preview('04-apology.pdf', await get(url, 'chutich.tanninh')), `xin-loi-${d.code}.pdf`);
    assertContains(text, [
      'Hệ thống cơ sở dữ liệu hộ tịch gián đoạn',
      formatVnTime(firstNew),
      formatVnTime(secondNew),
      'CHỦ TỊCH',
      'Lý Văn Phúc',
      'UBND PHƯỜNG TÂN NINH',
    ]);
    assert.ok(!text.includes('Mai Thị Hạnh'), 'the latest apology only');
    await assertPrivate(url);
  });
});

describe('06 control slip', () => {
  test('409 before receipt', async () => {
    const fresh = await fileOnline('forms-fresh-01');
    assertNotYet(await get(`/api/v1/dossiers/${fresh.id}/control-slip.pdf`, 'motcua.tanninh'));
  });

  test('each hand-over: who gave it to whom and when, the step’s due time and outcome, the current step', async () => {
    const url = `/api/v1/dossiers/${d.id}/control-slip.pdf`;
    let text = await pdfOf(await get(url, 'motcua.tanninh'), `kiem-soat-${d.code}.pdf`);
    assertContains(text, [
      'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
      d.code,
      'Người giao: Châu Ngọc Ánh',
      'Người nhận: Tô Văn Đức',
      'Bước đang thực hiện: Thẩm định, xử lý',
    ]);
    d = await act(d, 'chuyenvien.tanninh', { action: 'propose_approval' });
    d = await act(d, 'chutich.tanninh', { action: 'approve' });
    d = await act(d, 'vanthu.tanninh', {
      action: 'issue_result',
      results: [{ name: 'Giấy khai sinh', number: '15/2026' }],
    });
    d = await act(d, 'motcua.tanninh', { action: 'return_result', method: 'counter' });
    assert.equal(d.status, 'returned');
    const detail = (await get(`/api/v1/dossiers/${d.id}`, 'motcua.tanninh')).json();
    const steps = detail.state.steps as { name: string; dueAt: string | null; finishedAt: string; outcome: string }[];
    assert.deepEqual(
      steps.map((s) => s.name),
      ['receive', 'examine', 'approve', 'issue', 'return'],
    );
    text = await pdfOf(preview('06-control-slip.pdf', await get(url, 'motcua.tanninh')), `kiem-soat-${d.code}.pdf`);
    assertContains(text, [
      'Cơ quan (bộ phận) giải quyết hồ sơ: UBND phường Tân Ninh',
      'Người giao: Châu Ngọc Ánh',
      'Người nhận: Tô Văn Đức',
      'Người giao: Tô Văn Đức',
      'Người nhận: Lý Văn Phúc',
      'Người giao: Lý Văn Phúc',
      'Người nhận: La Thị Kim',
      'Người giao: La Thị Kim',
      'Tiếp nhận hồ sơ',
      'Thẩm định, xử lý',
      'Phê duyệt, ký',
      'Vào sổ, phát hành',
    ]);
    // Four hand-overs (the returned result goes to nobody), each with its step's due time.
    for (const step of steps.slice(0, 4)) {
      assertContains(text, [`Hạn: ${formatVnShortTime(new Date(step.dueAt as string))}`]);
      assertContains(text, [formatVnTime(new Date(step.finishedAt)).replace(', ', ' ')]);
    }
    assert.equal(text.match(/Người giao:/g)?.length, 4);
    assert.ok(!text.includes('Bước đang thực hiện'), 'no current step any more');
    const outcomes = text.match(/Trước hạn|Đúng hạn|Quá hạn/g) ?? [];
    assert.ok(outcomes.length >= 4, text);
    await assertPrivate(url);
  });
});

describe('03 refusal', () => {
  test('409 when the dossier was not refused', async () => {
    assertNotYet(await get(`/api/v1/dossiers/${d.id}/refusal.pdf`, 'motcua.tanninh'));
  });

  test('a refusal to receive: the reason, signed by the clerk', async () => {
    let r = await fileOnline('forms-refuse-receipt');
    r = await act(r, 'motcua.tanninh', {
      action: 'refuse_receipt',
      reason: 'Tờ khai đăng ký khai sinh chưa ghi thông tin người mẹ',
    });
    const url = `/api/v1/dossiers/${r.id}/refusal.pdf`;
    const text = await pdfOf(preview('03-refusal.pdf', await get(url, 'motcua.tanninh')), `tu-choi-${r.code}.pdf`);
    assertContains(text, [
      'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
      r.code,
      'Nguyễn Thị Hoa',
      'Tờ khai đăng ký khai sinh chưa ghi thông tin người mẹ',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
      'Cán bộ một cửa',
      'Châu Ngọc Ánh',
    ]);
    await assertPrivate(url);
  });

  test('a refusal after examination: the reason, signed by the head who refused', async () => {
    let r = await fileOnline('forms-refuse-01');
    r = await act(r, 'motcua.tanninh', { action: 'receive' });
    r = await act(r, 'motcua.tanninh', { action: 'forward', agencyId: tanNinh });
    r = await act(r, 'chutich.tanninh', {
      action: 'refuse',
      reason: 'Người yêu cầu không thuộc trường hợp đăng ký khai sinh tại phường',
    });
    const url = `/api/v1/dossiers/${r.id}/refusal.pdf`;
    const text = await pdfOf(
      preview('03-refusal-by-head.pdf', await get(url, 'chutich.tanninh')),
      `tu-choi-${r.code}.pdf`,
    );
    assertContains(text, [
      r.code,
      'Người yêu cầu không thuộc trường hợp đăng ký khai sinh tại phường',
      'CHỦ TỊCH',
      'Lý Văn Phúc',
    ]);
    assert.ok(!text.includes('NGƯỜI TIẾP NHẬN HỒ SƠ'));
    await assertPrivate(url);
  });
});

describe('05 stop notice', () => {
  test('409 when the dossier was neither stopped nor withdrawn', async () => {
    assertNotYet(await get(`/api/v1/dossiers/${d.id}/stop-notice.pdf`, 'motcua.tanninh'));
  });

  test('a stop by the leader: the reason, signed by the head who stopped it', async () => {
    let r = await fileOnline('forms-stop-01');
    r = await act(r, 'motcua.tanninh', { action: 'receive' });
    r = await act(r, 'motcua.tanninh', { action: 'forward', agencyId: tanNinh });
    r = await act(r, 'chutich.tanninh', {
      action: 'stop',
      reason: 'Tòa án có quyết định tạm đình chỉ việc đăng ký hộ tịch liên quan',
    });
    const url = `/api/v1/dossiers/${r.id}/stop-notice.pdf`;
    const text = await pdfOf(
      preview('05-stop-notice.pdf', await get(url, 'chutich.tanninh')),
      `dung-giai-quyet-${r.code}.pdf`,
    );
    assertContains(text, [
      'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ',
      r.code,
      'Nguyễn Thị Hoa',
      'dừng giải quyết hồ sơ nêu trên với lý do cụ thể như sau',
      'Tòa án có quyết định tạm đình chỉ việc đăng ký hộ tịch liên quan',
      'CHỦ TỊCH',
      'Lý Văn Phúc',
    ]);
    await assertPrivate(url);
  });

  test('a withdrawal by the applicant online: at their request, their reason, a blank for the unit to sign', async () => {
    let r = await fileOnline('forms-withdraw-01');
    r = await act(r, '072090001234', { action: 'withdraw', reason: 'Gia đình đã đăng ký ở nơi khác' });
    const url = `/api/v1/dossiers/${r.id}/stop-notice.pdf`;
    const text = await pdfOf(
      preview('05-withdrawal.pdf', await get(url, '072090001234')),
      `dung-giai-quyet-${r.code}.pdf`,
    );
    assertContains(text, [
      'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ',
      r.code,
      'Theo đề nghị rút hồ sơ của Ông/Bà',
      'Lý do Ông/Bà nêu: Gia đình đã đăng ký ở nơi khác',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
    ]);
    assert.ok(!text.includes('với lý do cụ thể như sau'));
    await assertPrivate(url);
  });
});

describe('07 dossier book', () => {
  const book = (ext: 'pdf' | 'xlsx', query: string, who = 'motcua.tanninh') =>
    get(`/api/v1/desk/dossier-book.${ext}${query}`, who);

  async function xlsxRows(res: LightMyRequestResponse) {
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    assert.ok(sheet);
    assert.equal(sheet.getCell(4, 2).value, 'Mã hồ sơ');
    const rows: { code: string; cells: ExcelJS.CellValue[] }[] = [];
    for (let r = 5; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      rows.push({ code: String(row.getCell(2).value), cells: (row.values as ExcelJS.CellValue[]).slice(1) });
    }
    return { sheet, rows };
  }

  const received = async () =>
    queryRows<{ code: string; received_at: Date | string }>(
      t.db.connection.db,
      sql`select code, received_at from dossiers where receiving_agency_id = ${tanNinh} and received_at is not null order by received_at, code`,
    );

  test('the month’s dossiers received by the caller’s agency, in order of receipt (PDF and XLSX)', async () => {
    const codes = (await received()).map((r) => r.code);
    assert.ok(codes.length >= 2 && codes.includes(d.code));
    const refusedAtReceipt = (await get('/api/v1/dossiers?status=denied', 'motcua.tanninh')).json().items[0].code;

    const pdf = await pdfOf(
      preview('07-dossier-book.pdf', await book('pdf', '?from=2026-11-01&to=2026-11-30')),
      'so-theo-doi-ho-so-2026-11-01-2026-11-30.pdf',
    );
    assertContains(pdf, [
      'SỔ THEO DÕI HỒ SƠ',
      'Quyển số: 2026 Từ ngày 01/11/2026 đến ngày 30/11/2026',
      ...codes,
      'Nguyễn Thị Hoa',
      'Đã trả kết quả - Quá hạn',
      'Người yêu cầu không thuộc trường hợp đăng ký khai sinh tại phường',
      'Trang 1/1',
    ]);
    assert.ok(!pdf.includes(refusedAtReceipt), 'a dossier refused before receipt is not in the book');

    const byDefault = await book('pdf', '');
    assert.equal(
      byDefault.headers['content-disposition'],
      'inline; filename="so-theo-doi-ho-so-2026-11-01-2026-11-30.pdf"',
    );

    const xlsxRes = await book('xlsx', '?from=2026-11-01&to=2026-11-30');
    assert.equal(
      xlsxRes.headers['content-disposition'],
      'attachment; filename="so-theo-doi-ho-so-2026-11-01-2026-11-30.xlsx"',
    );
    preview('07-dossier-book.xlsx', xlsxRes);
    const { rows } = await xlsxRows(xlsxRes);
    assert.deepEqual(
      rows.map((r) => r.code),
      codes,
    );
    const returned = rows.find((r) => r.code === d.code)?.cells ?? [];
    const detail = (await get(`/api/v1/dossiers/${d.id}`, 'motcua.tanninh')).json();
    assert.equal(returned[2], 'Thủ tục đăng ký khai sinh');
    assert.equal(returned[3], 'Nguyễn Thị Hoa');
    assert.equal(returned[4], `${applicant.address}\n${applicant.phone}`);
    // Date cells hold the Vietnam wall time.
    const vnWall = (iso: string) => new Date(new Date(iso).getTime() + 7 * HOUR).getTime();
    assert.equal((returned[5] as Date).getTime(), vnWall(detail.receivedAt));
    assert.equal((returned[6] as Date).getTime(), vnWall(detail.dueAt));
    assert.equal(returned[7], 'UBND phường Tân Ninh');
    assert.equal((returned[8] as Date).getTime(), vnWall(detail.state.returned.at));
    assert.equal(returned[9], 'Đã trả kết quả - Quá hạn');
  });

  test('the period is read in Vietnam time, and is bounded', async () => {
    // Two counter intakes either side of midnight (Vietnam) between 30/11 and 1/12.
    const intake = async (at: Date) => {
      t.clock.now = at;
      const res = await t.call('POST', '/api/v1/desk/dossiers', {
        cookie: cookies['motcua.tanninh'],
        body: {
          procedureCode: '1.001193',
          applicant: { fullName: 'Phạm Văn Lộc', nationalId: '072085009876', phone: '0988 111 222', address: 'Ấp 3' },
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().code as string;
    };
    t.clock.now = vnInstant('2026-11-30', '23:00');
    for (const who of ['motcua.tanninh', 'motcua.stp', '072090001234']) cookies[who] = await t.login(who); // a week on
    const lateNovember = await intake(vnInstant('2026-11-30', '23:30'));
    const earlyDecember = await intake(vnInstant('2026-12-01', '00:10'));
    const november = (await xlsxRows(await book('xlsx', '?from=2026-11-01&to=2026-11-30'))).rows.map((r) => r.code);
    const december = (await xlsxRows(await book('xlsx', '?from=2026-12-01'))).rows.map((r) => r.code);
    assert.equal(november.at(-1), lateNovember);
    assert.ok(!november.includes(earlyDecember));
    assert.deepEqual(december, [earlyDecember]);
    assert.deepEqual(
      (await xlsxRows(await book('xlsx', ''))).rows.map((r) => r.code),
      [earlyDecember],
      'this month',
    );
    assert.deepEqual(
      (await xlsxRows(await book('xlsx', '?to=2026-11-30'))).rows.map((r) => r.code),
      november,
    );

    // Another agency's desk sees its own (empty) book.
    const other = await pdfOf(
      preview('07-dossier-book-department.pdf', await book('pdf', '?from=2026-11-01&to=2026-11-30', 'motcua.stp')),
      'so-theo-doi-ho-so-2026-11-01-2026-11-30.pdf',
    );
    assert.ok(!other.includes(lateNovember) && !other.includes(d.code));
    assert.match(other, /SỞ TƯ PHÁP/);
    assert.match(other, /UBND TỈNH TÂY NINH/);
    assert.match(other, /Tây Ninh, ngày 01 tháng 12 năm 2026/);

    for (const [query, status] of [
      ['?from=2026-11-30&to=2026-11-01', 400],
      ['?from=2025-10-31&to=2026-11-01', 400],
      ['?from=2025-11-01&to=2026-11-01', 200],
      ['?from=2026-13-01', 400],
      ['?from=01/11/2026', 400],
      ['?month=11', 400],
    ] as const) {
      const res = await book('xlsx', query);
      assert.equal(res.statusCode, status, `${query}: ${res.body}`);
      if (status === 400) assert.ok(res.json().error.message.vi);
    }
    const citizen = await book('pdf', '', '072090001234');
    assert.equal(citizen.statusCode, 403);
    assert.equal((await t.call('GET', '/api/v1/desk/dossier-book.pdf')).statusCode, 401);
  });

  test('a period with too many dossiers is refused with a clear message (1,000 for the PDF, 5,000 for the XLSX)', async () => {
    const db = t.db.connection.db;
    await queryRows(
      db,
      sql`insert into dossiers (id, code, procedure_version_id, procedure_code, procedure_name, receiving_agency_id,
            current_agency_id, applicant_id, applicant, lookup_secret, channel, status, version, submitted_at,
            received_at, due_at, state)
          select gen_random_uuid(), code || '-copy-' || n, procedure_version_id, procedure_code, procedure_name,
                 receiving_agency_id, current_agency_id, applicant_id, applicant, lookup_secret, channel, status,
                 version, submitted_at, received_at, due_at, state
            from dossiers, generate_series(1, 5000) as n
           where id = ${d.id}`,
    );
    for (const ext of ['pdf', 'xlsx'] as const) {
      const res = await book(ext, '?from=2026-11-01&to=2026-11-30');
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().error.details[0].code, 'too_many_rows');
      assert.match(res.json().error.message.vi, /hãy chọn khoảng thời gian ngắn hơn/);
    }
    assert.equal((await book('xlsx', '?from=2026-12-01')).statusCode, 200, 'another period is fine');
  });
});

test('the form routes are in the OpenAPI document', async () => {
  const doc = (await t.call('GET', '/docs/json')).json();
  for (const path of [
    '/api/v1/dossiers/{id}/supplement-request.pdf',
    '/api/v1/dossiers/{id}/refusal.pdf',
    '/api/v1/dossiers/{id}/apology.pdf',
    '/api/v1/dossiers/{id}/stop-notice.pdf',
    '/api/v1/dossiers/{id}/control-slip.pdf',
    '/api/v1/desk/dossier-book.pdf',
    '/api/v1/desk/dossier-book.xlsx',
  ]) {
    const op = doc.paths[path]?.get;
    assert.ok(op, path);
    assert.deepEqual(op.tags, ['dossiers']);
    assert.ok(op.responses['409'] || op.responses['400']);
  }
  const params = doc.paths['/api/v1/desk/dossier-book.xlsx'].get.parameters.map((p: { name: string }) => p.name);
  assert.deepEqual(params.sort(), ['from', 'to']);
});
