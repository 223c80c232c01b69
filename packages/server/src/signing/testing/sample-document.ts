/**
 * A typical two-page administrative PDF (pdfkit + Tinos, as the forms are written) with a signature block on
 * its second page: the title, room for the signature image, the name. Used by the signing tests, the
 * benchmark and the interoperability suite.
 */
import PDFDocument from 'pdfkit';
import { fonts } from '../../dossiers/forms/layout';
import type { Rect } from '../pades/placeholder';

/** Where the signature image goes on page 2 (between the title and the name), PDF points from the bottom. */
export const SAMPLE_SIGNATURE_RECT: Rect = [350, 170, 530, 240];

export function sampleDocument(title = 'QUYẾT ĐỊNH Về việc cấp giấy phép xây dựng'): Promise<Buffer> {
  const f = fonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 85, right: 56 },
    font: f.regular,
    info: { Title: title, Creator: 'Congso' },
  } as PDFKit.PDFDocumentOptions);
  doc.registerFont('regular', f.regular);
  doc.registerFont('bold', f.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.font('bold').fontSize(12).text('ỦY BAN NHÂN DÂN PHƯỜNG TÂN NINH', 85, 56, { width: 220, align: 'center' });
  doc.text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 300, 56, { width: 240, align: 'center' });
  doc.font('regular').text('Số: 123/QĐ-UBND', 85, 90, { width: 220, align: 'center' });
  doc.font('bold').fontSize(14).text(title, 85, 140, { width: 454, align: 'center' });
  doc.font('regular').fontSize(13).moveDown();
  const body =
    'Căn cứ Luật Tổ chức chính quyền địa phương; căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư; xét đề nghị của Trưởng phòng Kinh tế, Hạ tầng và Đô thị, ';
  for (let i = 1; i <= 7; i++) doc.text(`Điều ${i}. ${body}`, { align: 'justify' }).moveDown(0.5);
  doc.addPage();
  for (let i = 8; i <= 9; i++) doc.text(`Điều ${i}. ${body}`, { align: 'justify' }).moveDown(0.5);
  const [x1, y1, x2, y2] = SAMPLE_SIGNATURE_RECT;
  const pageHeight = doc.page.height;
  doc.font('bold').text('CHỦ TỊCH', x1, pageHeight - y2 - 22, { width: x2 - x1, align: 'center' });
  doc.text('Nguyễn Văn An', x1, pageHeight - y1 + 6, { width: x2 - x1, align: 'center' });
  doc.end();
  return done;
}
