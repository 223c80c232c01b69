/**
 * 07 Sổ theo dõi hồ sơ: the one-stop unit's book of dossiers, as a PDF (A4 landscape, the table header
 * repeated on every page, page numbers) and as an XLSX workbook (title, frozen header, real date cells).
 */
import { dossierStatusInfo } from '@congso/core';
import ExcelJS from 'exceljs';
import { clean, formatVnDate, formatVnShortTime, OUTCOME_LABELS, upper } from './format';
import { A4_LANDSCAPE, type Column, FormWriter, oneStopAgencyLines } from './layout';
import type { DossierBook, DossierBookRow } from './types';

export const DOSSIER_BOOK_TITLE = 'SỔ THEO DÕI HỒ SƠ';

/** The book's columns: PDF relative widths and XLSX character widths. */
const COLUMNS: readonly (Column & { xlsxWidth: number; key: string })[] = [
  { key: 'no', header: 'TT', width: 3.5, xlsxWidth: 6, align: 'center' },
  { key: 'code', header: 'Mã hồ sơ', width: 17, xlsxWidth: 26 },
  { key: 'procedure', header: 'Tên thủ tục hành chính', width: 16, xlsxWidth: 45 },
  { key: 'applicant', header: 'Tên tổ chức, cá nhân', width: 11, xlsxWidth: 28 },
  { key: 'contact', header: 'Địa chỉ, số điện thoại', width: 11.5, xlsxWidth: 36 },
  { key: 'receivedAt', header: 'Nhận hồ sơ', width: 7, xlsxWidth: 17, align: 'center' },
  { key: 'dueAt', header: 'Hẹn trả kết quả', width: 7, xlsxWidth: 17, align: 'center' },
  { key: 'forwardedTo', header: 'Chuyển hồ sơ đến', width: 9, xlsxWidth: 24 },
  { key: 'returnedAt', header: 'Trả kết quả', width: 7, xlsxWidth: 17, align: 'center' },
  { key: 'status', header: 'Tình trạng, kết quả', width: 9, xlsxWidth: 22 },
  { key: 'signature', header: 'Ký nhận', width: 8, xlsxWidth: 20 },
  { key: 'note', header: 'Ghi chú', width: 8, xlsxWidth: 24 },
];

/** "Đã trả kết quả - Trước hạn". */
export function bookStatus(row: Pick<DossierBookRow, 'status' | 'outcome'>): string {
  const status = dossierStatusInfo[row.status]?.labels.vi ?? clean(row.status, 40);
  return row.outcome ? `${status} - ${OUTCOME_LABELS[row.outcome]}` : status;
}

function contact(row: DossierBookRow): string {
  return [clean(row.address, 300), clean(row.phone, 40)].filter(Boolean).join('\n');
}

function period(book: DossierBook): string {
  return `Quyển số: ${clean(book.book, 40) || '.....'}    Từ ngày ${formatVnDate(book.from)} đến ngày ${formatVnDate(book.to)}`;
}

export function renderDossierBookPdf(book: DossierBook): Promise<Buffer> {
  const w = new FormWriter(A4_LANDSCAPE, `${DOSSIER_BOOK_TITLE} ${clean(book.book, 40)}`);
  w.header(oneStopAgencyLines(book.agency), book.agency.place, book.issuedAt, false);
  w.title(DOSSIER_BOOK_TITLE, 14);
  w.centered(period(book), 'italic', 11);
  w.moveDown(8);
  w.table(
    COLUMNS,
    book.rows.map((row, i) => [
      String(i + 1),
      clean(row.dossierCode, 60),
      clean(row.procedureName, 500),
      clean(row.applicantName, 200),
      contact(row),
      formatVnShortTime(row.receivedAt),
      formatVnShortTime(row.dueAt),
      clean(row.forwardedTo, 200),
      formatVnShortTime(row.returnedAt),
      bookStatus(row),
      clean(row.receivedBy, 120),
      clean(row.note, 500),
    ]),
    { fontSize: 8.5, headerFontSize: 9, padding: 2.5, minRowHeight: 26 },
  );
  w.pageNumbers(true);
  return w.end();
}

/**
 * An instant as an Excel date cell showing Vietnam wall time: Excel dates have no time zone, and exceljs
 * writes a `Date` by its UTC fields, so the instant is shifted by +7 hours.
 */
export function excelVnDate(at: Date | null | undefined): Date | null {
  if (!(at instanceof Date) || !Number.isFinite(at.getTime())) return null;
  return new Date(at.getTime() + 7 * 60 * 60 * 1000);
}

const DATE_FORMAT = 'hh:mm dd/mm/yyyy';
const HEADER_ROW = 4;

export async function renderDossierBookXlsx(book: DossierBook): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Congso';
  workbook.title = DOSSIER_BOOK_TITLE;
  const sheet = workbook.addWorksheet('Sổ theo dõi hồ sơ', {
    views: [{ state: 'frozen', ySplit: HEADER_ROW, xSplit: 0 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = COLUMNS.map((c) => ({ key: c.key, width: c.xlsxWidth }));
  const last = COLUMNS.length;
  const font = { name: 'Times New Roman', size: 11 };

  sheet.mergeCells(1, 1, 1, last);
  const title = sheet.getCell(1, 1);
  title.value = DOSSIER_BOOK_TITLE;
  title.font = { ...font, size: 14, bold: true };
  title.alignment = { horizontal: 'center' };
  sheet.mergeCells(2, 1, 2, last);
  const subtitle = sheet.getCell(2, 1);
  subtitle.value = `${upper(clean(book.agency.oneStopUnit, 200))} - ${upper(clean(book.agency.name, 200))}. ${period(book)}`;
  subtitle.font = { ...font, italic: true };
  subtitle.alignment = { horizontal: 'center' };

  const thin = { style: 'thin' as const };
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  const header = sheet.getRow(HEADER_ROW);
  header.values = COLUMNS.map((c) => c.header);
  header.height = 32;
  header.eachCell((cell) => {
    cell.font = { ...font, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = border;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
  });

  book.rows.forEach((row, i) => {
    const r = sheet.addRow({
      no: i + 1,
      code: clean(row.dossierCode, 60),
      procedure: clean(row.procedureName, 500),
      applicant: clean(row.applicantName, 200),
      contact: contact(row),
      receivedAt: excelVnDate(row.receivedAt),
      dueAt: excelVnDate(row.dueAt),
      forwardedTo: clean(row.forwardedTo, 200),
      returnedAt: excelVnDate(row.returnedAt),
      status: bookStatus(row),
      signature: clean(row.receivedBy, 120),
      note: clean(row.note, 500),
    });
    r.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.font = font;
      cell.border = border;
      const column = COLUMNS[col - 1];
      cell.alignment = { vertical: 'top', wrapText: true, horizontal: column?.align === 'center' ? 'center' : 'left' };
    });
  });
  for (const key of ['receivedAt', 'dueAt', 'returnedAt']) sheet.getColumn(key).numFmt = DATE_FORMAT;
  sheet.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW, column: last } };
  sheet.pageSetup.printTitlesRow = `${HEADER_ROW}:${HEADER_ROW}`;

  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}
