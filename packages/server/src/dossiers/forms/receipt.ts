/** 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả (A5 portrait). */
import { clean, formatDeadline, formatFee, formatVnTime } from './format';
import { A5_PORTRAIT, FormWriter, oneStopAgencyLines } from './layout';
import { writeApplicant } from './parts';
import { lookupUrl, qrPng } from './qr';
import type { ReceiptForm, ReceivedDocument } from './types';

export const RECEIPT_TITLE = 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ';

/** "Bản chính", "Bản sao", "1 bản chính, 2 bản sao" (or the document's own `form`). */
export function documentForm(doc: ReceivedDocument): string {
  if (doc.form) return clean(doc.form, 100);
  const original = Math.max(0, Math.trunc(doc.original || 0));
  const copy = Math.max(0, Math.trunc(doc.copy || 0));
  if (original > 0 && copy > 0) return `${original} bản chính, ${copy} bản sao`;
  if (copy > 0) return 'Bản sao';
  return 'Bản chính';
}

export function documentCount(doc: ReceivedDocument): number {
  if (doc.copies !== undefined) return Math.max(0, Math.trunc(doc.copies));
  return Math.max(0, Math.trunc(doc.original || 0)) + Math.max(0, Math.trunc(doc.copy || 0));
}

/** The document's name, with the names of its files (an e-form's upload) below it. */
export function documentName(doc: ReceivedDocument): string {
  const name = clean(doc.name, 800);
  const files = (doc.files ?? []).map((f) => clean(f, 200)).filter(Boolean);
  return files.length > 0 ? `${name}\nTệp: ${files.join(', ')}` : name;
}

export async function renderReceipt(form: ReceiptForm): Promise<Buffer> {
  const code = clean(form.dossierCode, 60);
  const url = lookupUrl(clean(form.baseUrl, 500), code);
  // An address too long to scan (`MAX_QR_BYTES`) prints without a QR code rather than failing the receipt.
  let qr: Buffer | null = null;
  try {
    qr = qrPng(url);
  } catch {
    qr = null;
  }

  const w = new FormWriter(A5_PORTRAIT, `${RECEIPT_TITLE} ${code}`);
  w.header(oneStopAgencyLines(form.agency), form.agency.place, form.issuedAt, form.number ?? null);
  w.title(RECEIPT_TITLE);
  w.moveDown(1);

  // The dossier code, the lookup address and the applicant, with the QR code on the right.
  const qrSize = 62;
  const top = w.y;
  if (qr) w.image(qr, w.right - qrSize, top, qrSize);
  w.rightInset = qrSize + 8;
  w.field('Mã hồ sơ', code, { valueStyle: 'bold' });
  w.paragraph(`Tra cứu: ${clean(url, 300)}`, 'italic', { size: 8.5 });
  w.moveDown(2);
  writeApplicant(w, form.applicant, 'Tiếp nhận hồ sơ của', () => {
    if (w.y >= top + qrSize) w.rightInset = 0;
  });
  w.rightInset = 0;
  w.y = Math.max(w.y, top + qrSize + 2);
  w.field('Nội dung yêu cầu giải quyết', clean(form.procedure.name, 600), { valueStyle: 'bold' });
  w.moveDown(2);

  w.paragraph('1. Thành phần hồ sơ nộp gồm:');
  w.moveDown(2);
  w.table(
    [
      { header: 'TT', width: 7, align: 'center' },
      { header: 'Tên loại giấy tờ', width: 55 },
      { header: 'Hình thức (bản chính, bản sao)', width: 24, align: 'center' },
      { header: 'Số lượng', width: 12, align: 'center' },
    ],
    form.documents.map((d, i) => [String(i + 1), documentName(d), documentForm(d), String(documentCount(d))]),
    { padding: 2.5 },
  );
  w.moveDown(4);
  const sets = form.setCount ?? 1;
  w.field('2. Số lượng hồ sơ', `${String(sets).padStart(2, '0')} bộ`);
  w.field('3. Thời gian giải quyết', formatDeadline(form.deadline), { valueStyle: 'bold' });
  w.field('4. Thời gian nhận hồ sơ', formatVnTime(form.receivedAt));
  w.field('5. Thời gian trả kết quả giải quyết hồ sơ', formatVnTime(form.dueAt), { valueStyle: 'bold' });
  let n = 6;
  if (form.feeVnd !== undefined) w.field(`${n++}. Phí, lệ phí`, formatFee(form.feeVnd));
  w.field(`${n}. Đăng ký nhận kết quả tại`, clean(form.returnPlace, 400));
  const signatures = [
    { heading: 'Người nộp hồ sơ', name: clean(form.applicant.name, 120) },
    { heading: 'Người tiếp nhận hồ sơ', name: form.receiver.name, position: form.receiver.position },
  ];
  const space = 38;
  w.moveDown(2);
  // The register line stays on the page of the signatures (never a page with signatures alone).
  w.ensureSpace(w.setup.fontSize * 1.4 + 4 + w.signaturesHeight(signatures, space));
  w.paragraph(
    `Vào Sổ theo dõi hồ sơ, Quyển số: ${clean(form.register.book, 40) || '.....'}   Số thứ tự: ${
      clean(form.register.number, 40) || '.....'
    }`,
    'italic',
  );
  w.signatures(signatures, { gap: 4, space });
  w.pageNumbers();
  return w.end();
}
