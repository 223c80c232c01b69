import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { vnInstant } from '@congso/core';
import ExcelJS from 'exceljs';
import { clean } from './format';
import * as fx from './forms.fixtures';
import { A4, A5, pdfBitmaps, pdfFonts, pdfInfo, pdfText } from './forms.test-helpers';
import {
  APOLOGY_TITLE,
  amountInWords,
  CONTROL_SLIP_TITLE,
  DOSSIER_BOOK_TITLE,
  documentForm,
  formatDeadline,
  formatFee,
  formatPlaceDate,
  formatVnTime,
  handoversFromSteps,
  lookupUrl,
  RECEIPT_TITLE,
  REFUSAL_TITLE,
  renderApology,
  renderControlSlip,
  renderDossierBookPdf,
  renderDossierBookXlsx,
  renderReceipt,
  renderRefusal,
  renderSupplementRequest,
  SUPPLEMENT_REQUEST_TITLE,
} from './index';
import { QR_SCALE, qrModules } from './qr';
import type { DossierBook, ReceiptForm } from './types';

/** With FORMS_PREVIEW_DIR set, every rendered form is also written there (to look at it). */
const previewDir = process.env.FORMS_PREVIEW_DIR;
function preview(name: string, data: Buffer): Buffer {
  if (previewDir) {
    mkdirSync(previewDir, { recursive: true });
    writeFileSync(join(previewDir, name), data);
  }
  return data;
}

const near = (a: number, b: number) => Math.abs(a - b) < 0.5;

async function assertPdf(pdf: Buffer, size: { width: number; height: number }, landscape = false): Promise<string> {
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.match(pdf.subarray(-8).toString('latin1'), /%%EOF/);
  const info = await pdfInfo(pdf);
  const [w, h] = landscape ? [size.height, size.width] : [size.width, size.height];
  assert.ok(near(info.width, w) && near(info.height, h), `page ${info.width}x${info.height}, expected ${w}x${h}`);
  const fonts = await pdfFonts(pdf);
  assert.ok(fonts.length > 0 && fonts.every((f) => f.embedded && /Tinos/.test(f.name)), JSON.stringify(fonts));
  return await pdfText(pdf);
}

function assertContains(text: string, expected: readonly string[]): void {
  for (const e of expected) assert.ok(text.includes(e), `"${e}" not found in: ${text.slice(0, 3000)}`);
}

describe('formatting', () => {
  test('times are written in Vietnam time as the forms write them', () => {
    assert.equal(formatVnTime(new Date('2024-03-15T01:05:00Z')), '08 giờ 05 phút, ngày 15/03/2024');
    // 23:30 UTC is 06:30 the next day in Vietnam.
    assert.equal(formatVnTime(new Date('2024-03-14T23:30:00Z')), '06 giờ 30 phút, ngày 15/03/2024');
    assert.equal(formatVnTime(vnInstant('2024-12-31', '23:59')), '23 giờ 59 phút, ngày 31/12/2024');
    assert.equal(formatVnTime(new Date(Number.NaN)), '');
  });

  test('the place and date line pads days below 10 and months below 3 (Nghị định 30/2020)', () => {
    assert.equal(
      formatPlaceDate('Thanh Hóa', vnInstant('2024-02-05', '09:00')),
      'Thanh Hóa, ngày 05 tháng 02 năm 2024',
    );
    assert.equal(formatPlaceDate('Thanh Hóa', vnInstant('2024-03-15', '09:00')), 'Thanh Hóa, ngày 15 tháng 3 năm 2024');
    assert.equal(formatPlaceDate('Huế', vnInstant('2024-11-01', '00:10')), 'Huế, ngày 01 tháng 11 năm 2024');
  });

  test('amounts in words, fees and deadlines', () => {
    assert.equal(amountInWords(8000), 'Tám nghìn đồng');
    assert.equal(amountInWords(1_250_000), 'Một triệu hai trăm năm mươi nghìn đồng');
    assert.equal(formatFee(105_000), '105.000 đồng (Bằng chữ: Một trăm lẻ năm nghìn đồng)');
    assert.equal(formatFee(0), 'Miễn phí');
    assert.equal(formatDeadline({ amount: 5, unit: 'working_days' }), '5 ngày làm việc');
    assert.equal(formatDeadline({ amount: 0.5, unit: 'working_days' }), '0,5 ngày làm việc');
    assert.equal(formatDeadline({ amount: 15, unit: 'days' }), '15 ngày');
    assert.equal(formatDeadline({ amount: 4, unit: 'hours' }), '4 giờ làm việc');
    assert.equal(formatDeadline({ amount: 0, unit: 'same_day' }), 'Trong ngày làm việc');
  });

  test('documents: original or copy', () => {
    assert.equal(documentForm({ name: 'a', original: 1, copy: 0 }), 'Bản chính');
    assert.equal(documentForm({ name: 'a', original: 0, copy: 2 }), 'Bản sao');
    assert.equal(documentForm({ name: 'a', original: 1, copy: 2 }), '1 bản chính, 2 bản sao');
    assert.equal(documentForm({ name: 'a', original: 0, copy: 0, form: 'Bản điện tử' }), 'Bản điện tử');
  });

  test('clean makes any input printable', () => {
    assert.equal(clean('  Nguye\u0302\u0303n\u0000 Va\u0306n\u200b  '), 'Nguyễn Văn');
    assert.equal(clean('a\uD800b'), 'a\uFFFDb');
    assert.equal(clean('x'.repeat(50), 10), `${'x'.repeat(9)}…`);
    assert.equal(clean(null), '');
  });

  test('the lookup address', () => {
    assert.equal(lookupUrl('https://dvc.example.vn/', fx.CODE), `https://dvc.example.vn/tra-cuu?ma=${fx.CODE}`);
  });
});

describe('01 receipt and appointment', () => {
  test('A5, one page, the key Vietnamese text in Vietnam time', async () => {
    const pdf = preview('01-receipt.pdf', await renderReceipt(fx.receipt));
    const text = await assertPdf(pdf, A5);
    assert.equal((await pdfInfo(pdf)).pages, 1);
    assertContains(text, [
      RECEIPT_TITLE,
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'UBND XÃ QUẢNG PHÚ',
      'BỘ PHẬN MỘT CỬA',
      'Số: 125/TNHS',
      'Quảng Phú, ngày 15 tháng 3 năm 2024',
      `Mã hồ sơ: ${fx.CODE}`,
      'Tiếp nhận hồ sơ của: Nguyễn Thị Hồng Nhung',
      '038190012345',
      'Số 12, thôn Phú Thượng, xã Quảng Phú, tỉnh Thanh Hóa',
      '0912 345 678',
      'nhung.nguyen@example.vn',
      'Nội dung yêu cầu giải quyết: Thủ tục đăng ký khai sinh',
      'Tờ khai đăng ký khai sinh theo mẫu',
      '1 bản chính, 2 bản sao',
      'Thời gian giải quyết: 3 ngày làm việc',
      // 01:05 UTC printed as 08:05 Vietnam time.
      'Thời gian nhận hồ sơ: 08 giờ 05 phút, ngày 15/03/2024',
      'Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 30 phút, ngày 19/03/2024',
      'Phí, lệ phí: 8.000 đồng (Bằng chữ: Tám nghìn đồng)',
      'Đăng ký nhận kết quả tại: Bộ phận Một cửa - Ủy ban nhân dân xã Quảng Phú',
      'Vào Sổ theo dõi hồ sơ, Quyển số: 03 Số thứ tự: 125',
      'NGƯỜI NỘP HỒ SƠ',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
      'Lê Văn Thắng',
    ]);
  });

  test('the embedded QR image is the QR code of the lookup address', async () => {
    const pdf = await renderReceipt(fx.receipt);
    const images = await pdfBitmaps(pdf);
    assert.equal(images.length, 1);
    const [image] = images;
    assert.ok(image);
    const { size, dark } = qrModules(`https://dichvucong.thanhhoa.gov.vn/tra-cuu?ma=${fx.CODE}`);
    assert.equal(image.width, size * QR_SCALE);
    let mismatches = 0;
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) {
        const x = col * QR_SCALE + QR_SCALE / 2;
        const y = row * QR_SCALE + QR_SCALE / 2;
        if (image.black(x, y) !== dark(row, col)) mismatches++;
      }
    }
    assert.equal(mismatches, 0);
    // And not the QR code of another dossier.
    const other = qrModules(`https://dichvucong.thanhhoa.gov.vn/tra-cuu?ma=${fx.CODE.replace(/7$/, '8')}`);
    let differences = 0;
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) {
        if (image.black(col * QR_SCALE + 1, row * QR_SCALE + 1) !== other.dark(row, col)) differences++;
      }
    }
    assert.ok(differences > 0);
  });

  test('a long list of documents continues on a second page with the table header repeated', async () => {
    const documents = Array.from({ length: 40 }, (_, i) => ({
      name: `Giấy tờ số ${i + 1}: bản sao giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất`,
      original: i % 2,
      copy: 1,
    }));
    const pdf = preview('01-receipt-long.pdf', await renderReceipt({ ...fx.receipt, documents }));
    await assertPdf(pdf, A5);
    const { pages } = await pdfInfo(pdf);
    assert.ok(pages >= 3, `${pages} pages`);
    for (let page = 1; page <= pages; page++)
      assert.match(await pdfText(pdf, page), new RegExp(`Trang ${page}/${pages}`));
    assert.match(await pdfText(pdf, 2), /Tên loại giấy tờ/);
    assert.match(await pdfText(pdf), /Giấy tờ số 40:/);
    assert.match(await pdfText(pdf, pages), /NGƯỜI TIẾP NHẬN HỒ SƠ/);
  });

  test('an address too long for a QR code prints without one', async () => {
    const pdf = await renderReceipt({ ...fx.receipt, baseUrl: `https://x.vn/${'ư'.repeat(300)}` });
    assert.equal((await pdfBitmaps(pdf)).length, 0);
    assert.match(await pdfText(pdf), /Tra cứu: https:\/\/x\.vn\//);
  });

  test('time per receipt (printed at the counter)', async () => {
    await renderReceipt(fx.receipt); // fonts parsed once per process
    const runs = 20;
    const start = performance.now();
    for (let i = 0; i < runs; i++)
      await renderReceipt({ ...fx.receipt, dossierCode: `${fx.CODE.slice(0, -4)}${1000 + i}` });
    const ms = (performance.now() - start) / runs;
    console.log(`receipt: ${ms.toFixed(1)} ms per receipt (${runs} runs)`);
  });
});

describe('02 supplement request', () => {
  test('A5 with the items, their reasons, the deadline and the officer', async () => {
    const pdf = preview('02-supplement-request.pdf', await renderSupplementRequest(fx.supplement));
    const text = await assertPdf(pdf, A5);
    assertContains(text, [
      SUPPLEMENT_REQUEST_TITLE,
      'Số: 17/PBSHS',
      'Quảng Phú, ngày 16 tháng 3 năm 2024',
      fx.CODE,
      'Hồ sơ của: Nguyễn Thị Hồng Nhung',
      'Thủ tục đăng ký khai sinh',
      'Giấy chứng sinh',
      'Bản đã nộp bị mờ, không đọc được ngày sinh',
      'Thiếu bản sao có chứng thực.',
      'Lý do: Hồ sơ chưa đủ thành phần theo quy định tại Luật Hộ tịch.',
      'Thời hạn bổ sung hồ sơ: trước 17 giờ 00 phút, ngày 22/03/2024',
      'NGƯỜI HƯỚNG DẪN',
      'Lê Văn Thắng',
    ]);
  });

  test('without a deadline or a contact', async () => {
    const pdf = await renderSupplementRequest({ ...fx.supplement, supplementBy: null, contact: undefined, reason: '' });
    const text = await assertPdf(pdf, A5);
    assert.ok(!text.includes('Thời hạn bổ sung'));
  });
});

describe('03 refusal', () => {
  test('A5 with the reason', async () => {
    const pdf = preview('03-refusal.pdf', await renderRefusal(fx.refusal));
    const text = await assertPdf(pdf, A5);
    assertContains(text, [
      REFUSAL_TITLE,
      'Số: 04/TCHS',
      fx.CODE,
      'Nguyễn Thị Hồng Nhung',
      'Thời gian nhận hồ sơ: 10 giờ 05 phút, ngày 15/03/2024',
      'từ chối tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau',
      'Việc khai sinh đã được đăng ký tại Ủy ban nhân dân phường Đông Vệ ngày 02/02/2024',
      'Xin thông báo cho Ông/Bà được biết và thực hiện./.',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
    ]);
  });
});

describe('04 apology and new date', () => {
  test('A5 with the reason, the old and new dates, signed by the head', async () => {
    const pdf = preview('04-apology.pdf', await renderApology(fx.apology));
    const text = await assertPdf(pdf, A5);
    assertContains(text, [
      APOLOGY_TITLE,
      'Số: 02/PXL-UBND',
      'Quảng Phú, ngày 19 tháng 3 năm 2024',
      'Kính gửi: Ông/Bà Nguyễn Thị Hồng Nhung',
      'Ngày 15/03/2024, UBND xã Quảng Phú tiếp nhận',
      fx.CODE,
      'Thời gian hẹn trả kết quả giải quyết hồ sơ: 16 giờ 30 phút, ngày 19/03/2024',
      'Lý do: Cần xác minh thông tin về nơi sinh',
      'vào lúc 16 giờ 00 phút, ngày 22/03/2024',
      'KT. CHỦ TỊCH',
      'PHÓ CHỦ TỊCH',
      'Trần Minh Đức',
      'Nơi nhận:',
    ]);
  });
});

describe('06 control slip', () => {
  test('A4 portrait, a row per hand-over with the outcome', async () => {
    const pdf = preview('06-control-slip.pdf', await renderControlSlip(fx.controlSlip));
    const text = await assertPdf(pdf, A4);
    assertContains(text, [
      CONTROL_SLIP_TITLE,
      `Mã hồ sơ: ${fx.CODE}`,
      'Chủ hồ sơ: Nguyễn Thị Hồng Nhung',
      'Thời gian nhận hồ sơ: 08 giờ 05 phút, ngày 15/03/2024',
      'Thời gian hẹn trả kết quả: 16 giờ 30 phút, ngày 19/03/2024',
      'Cơ quan phối hợp giải quyết hồ sơ: UBND phường Đông Vệ',
      'Người giao: Lê Văn Thắng',
      'Người nhận: Phạm Thu Hà',
      '09 giờ 15 phút',
      'Trước hạn',
      'Đúng hạn',
      'Quá hạn',
      'Đề xuất phê duyệt',
    ]);
  });

  test('hand-overs from the dossier steps', () => {
    const base = { templateIndex: 0, cursor: 0, role: null, allowedHours: 4, dueAt: null, pausedHours: 0 };
    const at = (time: string) => vnInstant('2024-03-15', time);
    const rows = handoversFromSteps(
      [
        {
          ...base,
          name: 'receive',
          agencyId: 'a1',
          assigneeId: 'o1',
          interAgency: false,
          startedAt: at('08:05'),
          finishedAt: at('09:00'),
          usedHours: 1,
          outcome: 'early',
        },
      ],
      { ...base, name: 'examine', agencyId: 'a2', assigneeId: null, interAgency: false, startedAt: at('09:00') },
      { agency: (id) => ({ a1: 'Bộ phận Một cửa', a2: 'Tư pháp - Hộ tịch' })[id] ?? id, officer: () => 'Lê Văn Thắng' },
    );
    assert.deepEqual(rows, [
      {
        from: { agency: 'Bộ phận Một cửa', person: 'Lê Văn Thắng', at: at('09:00') },
        to: { agency: 'Tư pháp - Hộ tịch', person: undefined, at: at('09:00') },
        outcome: 'early',
        note: 'Tiếp nhận hồ sơ',
      },
    ]);
  });

  test('many hand-overs break across pages with the header repeated', async () => {
    const handovers = Array.from({ length: 30 }, (_, i) => fx.controlSlip.handovers[i % 4]!);
    const pdf = preview('06-control-slip-long.pdf', await renderControlSlip({ ...fx.controlSlip, handovers }));
    await assertPdf(pdf, A4);
    const { pages } = await pdfInfo(pdf);
    assert.ok(pages >= 2);
    for (let page = 2; page <= pages; page++) assert.match(await pdfText(pdf, page), /Giao hồ sơ/);
  });
});

describe('07 dossier book', () => {
  const book120 = fx.book(120);

  test('PDF: A4 landscape, 120 rows over several pages, the header on every page', async () => {
    const pdf = preview('07-dossier-book.pdf', await renderDossierBookPdf(book120));
    const text = await assertPdf(pdf, A4, true);
    assertContains(text, [DOSSIER_BOOK_TITLE, 'Quyển số: 03', 'Từ ngày 01/03/2024 đến ngày 31/03/2024']);
    const { pages } = await pdfInfo(pdf);
    assert.ok(pages >= 5, `${pages} pages`);
    const codes = new Set<string>();
    for (let page = 1; page <= pages; page++) {
      const pageText = await pdfText(pdf, page);
      assertContains(pageText, ['Mã hồ sơ', 'Tên thủ tục hành chính', 'Hẹn trả kết quả', `Trang ${page}/${pages}`]);
      for (const m of pageText.matchAll(/000\.17\.22\.H56-\d{6}-\d{4}/g)) codes.add(m[0]);
    }
    // Every row is printed, each code whole on one line.
    assert.equal(codes.size, 120);
    const first = book120.rows[0]!;
    assertContains(text, [first.applicantName, 'Đã trả kết quả - Đúng hạn', '07:00 01/03/2024']);
  });

  test('XLSX: a title, the header frozen, a row per dossier with real date cells', async () => {
    const data = preview('07-dossier-book.xlsx', await renderDossierBookXlsx(book120));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    assert.ok(sheet);
    assert.equal(sheet.getCell(1, 1).value, DOSSIER_BOOK_TITLE);
    assert.equal(sheet.getCell(4, 2).value, 'Mã hồ sơ');
    assert.equal(sheet.views[0]?.state, 'frozen');
    assert.equal((sheet.views[0] as { ySplit?: number }).ySplit, 4);
    assert.equal(sheet.rowCount, 4 + 120);
    const row = sheet.getRow(5);
    assert.equal(row.getCell(1).value, 1);
    assert.equal(row.getCell(2).value, book120.rows[0]!.dossierCode);
    const received = row.getCell(6).value;
    assert.ok(received instanceof Date, `date cell, got ${typeof received}`);
    // The cell shows Vietnam wall time: 07:00 on 01/03/2024.
    assert.equal(received.toISOString(), '2024-03-01T07:00:00.000Z');
    assert.equal(row.getCell(6).numFmt, 'hh:mm dd/mm/yyyy');
    assert.equal(sheet.getRow(5 + 119).getCell(1).value, 120);
    assert.ok(sheet.getColumn(3).width! >= 40);
  });

  test('an empty book still renders', async () => {
    const empty: DossierBook = { ...book120, rows: [] };
    await assertPdf(await renderDossierBookPdf(empty), A4, true);
    await renderDossierBookXlsx(empty);
  });
});

describe('hostile input', () => {
  const script = '<script>alert("x")</script>';
  const long = 'Nguyễn '.repeat(1500);
  const word = 'A'.repeat(3000);
  const odd = `Trần\u0000\u0007 Thị\u202e Ánh 🙂 مرحبا 中文 a\uD800b`;
  const applicant = { name: `${script} ${odd}`, idNumber: word, address: long, phone: script, email: word };
  const invalid = new Date(Number.NaN);

  test('every form renders markup as text and survives very long strings', async () => {
    const receipt: ReceiptForm = {
      ...fx.receipt,
      agency: { ...fx.agency, name: long, oneStopUnit: word, parentName: script, place: long },
      number: word,
      dossierCode: script,
      applicant,
      procedure: { code: script, name: long },
      baseUrl: `${script}${'é'.repeat(400)}`,
      documents: [
        { name: word, original: -3, copy: Number.NaN },
        { name: long, original: 1, copy: 1, form: long },
        ...Array.from({ length: 60 }, () => ({ name: script, original: 1, copy: 0 })),
      ],
      deadline: { amount: 0, unit: 'none', text: long },
      receivedAt: invalid,
      returnPlace: long,
      feeVnd: 123_456_789_012,
      register: { book: word, number: script },
      receiver: { name: long, position: word },
    };
    const pdfs = {
      receipt: await renderReceipt(receipt),
      supplement: await renderSupplementRequest({
        ...fx.supplement,
        applicant,
        items: [{ name: long, reason: word }, { name: script }],
        reason: long,
        contact: { name: script, phone: word },
        officer: { name: long },
      }),
      refusal: await renderRefusal({ ...fx.refusal, applicant, reason: `${long}${word}`, dossierCode: '' }),
      apology: await renderApology({ ...fx.apology, applicant, reason: long, head: { name: script, position: word } }),
      control: await renderControlSlip({
        ...fx.controlSlip,
        applicant,
        coordinatingAgencies: [script, long],
        handovers: [
          { from: { agency: long, person: word, at: invalid }, to: { agency: script, at: null }, note: word },
        ],
      }),
      book: await renderDossierBookPdf({
        ...fx.book(3),
        rows: fx.bookRows(3).map((r) => ({ ...r, applicantName: script, procedureName: `${long}${word}`, note: odd })),
      }),
    };
    for (const [name, pdf] of Object.entries(pdfs)) {
      preview(`hostile-${name}.pdf`, pdf);
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', name);
      assert.ok((await pdfInfo(pdf)).pages >= 1, name);
      // Narrow cells wrap the markup: compare without white space.
      const text = (await pdfText(pdf)).replace(/\s/g, '');
      assert.ok(text.includes('<script>alert("x")</script>'), `${name}: the markup is printed as text`);
    }
    await renderDossierBookXlsx({
      ...fx.book(2),
      rows: fx.bookRows(2).map((r) => ({ ...r, applicantName: `=HYPERLINK("x")${odd}`, receivedAt: invalid })),
    });
  });
});
