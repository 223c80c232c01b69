/**
 * The electronic receipt of fees and charges (biên lai điện tử thu phí, lệ phí) as a PDF laid out as the form
 * [verify: the form of Thông tư 78/2021/TT-BTC and Nghị định 11/2020]: the collecting agency top left, the series'
 * symbol and the number top right, the title, the payer, the table of fees and charges (with any exemption and
 * its legal basis), the total in figures and in words, how it was paid, the dossier it is for, the lookup line,
 * and the collector's block where the agency's seal signature goes (`sealRect`, PDF points from bottom-left).
 * Pure: a view model in, bytes out.
 */
import { amountInVietnameseWords, type FeeLine, formatDong } from '@congso/core';
import { clean, formatVnDate, formatVnTime, upper } from '../dossiers/forms/format';
import { A5_PORTRAIT, FormWriter } from '../dossiers/forms/layout';

export interface FeeReceiptView {
  agency: { name: string; parentName?: string; code: string; place: string };
  symbol: string;
  number: number;
  issuedAt: Date;
  payer: { fullName: string; nationalId?: string | null; address: string };
  dossierCode: string;
  procedureName: string;
  lines: readonly Pick<FeeLine, 'name' | 'unit' | 'baseAmount' | 'amount' | 'exemption'>[];
  total: number;
  method: string;
  reference: string;
  /** The account the money went to (online and transfers). */
  account?: { name: string; number: string; bank?: string | null } | null;
  lookupUrl: string;
}

export const FEE_RECEIPT_TITLE = 'BIÊN LAI THU PHÍ, LỆ PHÍ';

const METHODS: Record<string, string> = {
  cash: 'Tiền mặt',
  card: 'Thẻ ngân hàng (tại quầy)',
  online: 'Trực tuyến qua Nền tảng thanh toán',
  transfer: 'Chuyển khoản (VietQR)',
};

/** The receipt's number as printed: seven digits. */
export const receiptNumberText = (n: number) => String(n).padStart(7, '0');

export async function renderFeeReceipt(
  view: FeeReceiptView,
): Promise<{ pdf: Buffer; sealRect: [number, number, number, number] }> {
  const number = receiptNumberText(view.number);
  const w = new FormWriter(A5_PORTRAIT, `${FEE_RECEIPT_TITLE} ${view.symbol} ${number}`);
  const doc = w.doc;
  const top = w.top;
  const leftWidth = w.width * 0.56;
  const rightX = w.left + leftWidth;
  const rightWidth = w.width - leftWidth;

  // Top left: the collecting agency (its governing body above it), its code.
  let y = top;
  const agencyLines = [
    ...(view.agency.parentName ? [{ text: view.agency.parentName, bold: false }] : []),
    { text: view.agency.name, bold: true },
  ];
  for (const line of agencyLines) {
    w.font(line.bold ? 'bold' : 'regular', 9.5);
    doc.text(upper(clean(line.text, 200)), w.left, y, { width: leftWidth - 6, align: 'center' });
    y = doc.y;
  }
  w.font('regular', 8.5);
  doc.text(`Mã định danh: ${clean(view.agency.code, 40)}`, w.left, y + 1, { width: leftWidth - 6, align: 'center' });
  const leftBottom = doc.y;

  // Top right: the series' symbol and the number.
  w.font('regular', 9.5);
  doc.text(`Ký hiệu: ${clean(view.symbol, 20)}`, rightX, top, { width: rightWidth, align: 'left' });
  doc.text('Số: ', rightX, doc.y + 1, { width: rightWidth, continued: true });
  w.font('bold', 11);
  doc.fillColor('#c92a2a').text(number, { continued: false });
  doc.fillColor('black');
  w.y = Math.max(leftBottom, doc.y) + 10;

  w.title(FEE_RECEIPT_TITLE, 13);
  w.font('italic', 9);
  doc.text('(Biên lai điện tử)', w.left, w.y - 6, { width: w.width, align: 'center' });
  w.y = doc.y + 1;
  doc.text(`Ngày ${formatVnDate(view.issuedAt)}`, w.left, w.y, { width: w.width, align: 'center' });
  w.y = doc.y + 8;

  w.field('Tên người nộp tiền', clean(view.payer.fullName, 200), { valueStyle: 'bold' });
  if (view.payer.nationalId) w.field('Số định danh cá nhân / mã số thuế', clean(view.payer.nationalId, 20));
  w.field('Địa chỉ', clean(view.payer.address, 300));
  w.field('Nộp cho hồ sơ', `${clean(view.dossierCode, 60)} — ${clean(view.procedureName, 300)}`);
  w.moveDown(3);

  w.table(
    [
      { header: 'STT', width: 8, align: 'center' },
      { header: 'Tên loại phí, lệ phí', width: 56 },
      { header: 'Số tiền (đồng)', width: 22, align: 'right' },
    ],
    view.lines.map((l, i) => {
      const exemption = l.exemption
        ? `\n${l.exemption.kind === 'exemption' ? 'Miễn' : `Giảm ${l.exemption.percent}%`}: ${clean(l.exemption.description, 200)}${l.exemption.legalBasis ? ` (${clean(l.exemption.legalBasis, 120)})` : ''}; mức thu ${formatDong(l.baseAmount)} đồng`
        : '';
      return [String(i + 1), `${clean(l.name, 200)} (${clean(l.unit, 80)})${exemption}`, formatDong(l.amount)];
    }),
    { padding: 3 },
  );
  w.moveDown(4);
  w.field('Tổng số tiền', `${formatDong(view.total)} đồng`, { valueStyle: 'bold' });
  w.field('Số tiền viết bằng chữ', amountInVietnameseWords(view.total), { valueStyle: 'italic' });
  w.field('Hình thức thanh toán', METHODS[view.method] ?? clean(view.method, 60));
  w.field('Mã giao dịch', clean(view.reference, 60));
  if (view.account) {
    w.field(
      'Tài khoản thu',
      `${clean(view.account.number, 30)} — ${clean(view.account.name, 120)}${view.account.bank ? `, ${clean(view.account.bank, 80)}` : ''}`,
    );
  }
  w.field('Thời điểm thu', formatVnTime(view.issuedAt));
  w.moveDown(8);

  // The signature blocks: the payer (nothing to sign on an electronic receipt) and the collecting agency.
  w.ensureSpace(110);
  const blockTop = w.y;
  const half = w.width / 2;
  w.font('bold', 9.5);
  doc.text('NGƯỜI NỘP TIỀN', w.left, blockTop, { width: half, align: 'center' });
  doc.text('ĐƠN VỊ THU TIỀN', w.left + half, blockTop, { width: half, align: 'center' });
  w.font('italic', 8.5);
  doc.text('(Không phải ký)', w.left, doc.y, { width: half, align: 'center' });
  doc.text('(Ký số, đóng dấu điện tử)', w.left + half, blockTop + 13, { width: half, align: 'center' });
  const sealTop = doc.y + 4;
  const page = doc.page;
  const sealLeft = w.left + half + 20;
  // The seal's box in PDF points from the bottom-left corner: [x1, y1, x2, y2].
  const sealRect: [number, number, number, number] = [
    sealLeft,
    page.height - (sealTop + 70),
    sealLeft + half - 40,
    page.height - sealTop,
  ];
  w.y = sealTop + 76;
  w.font('italic', 8);
  doc.text(`Tra cứu biên lai và hồ sơ: ${clean(view.lookupUrl, 300)}`, w.left, w.y, {
    width: w.width,
    align: 'center',
  });
  return { pdf: await w.end(), sealRect };
}
