/**
 * The office's PDFs and workbooks, with the dossier forms' writer (pdfkit + Tinos): a composed draft (the
 * layout of Nghị định 30/2020: agency block and national header, number, place and date, type and subject,
 * body, recipients and signer), and the registers (Phụ lục IV columns) as PDF and XLSX. Pure: view model in,
 * bytes out.
 */
import { documentTypeOf, type OutgoingDraft } from '@congso/core';
import ExcelJS from 'exceljs';
import { clean } from '../dossiers/forms/format';
import { A4_LANDSCAPE, A4_PORTRAIT, type Column, FormWriter } from '../dossiers/forms/layout';

export interface ComposedDocument {
  agency: { name: string; shortName: string };
  draft: OutgoingDraft;
  content: string;
  at: Date;
  /** The place of the date line (the province); dots when absent. */
  place?: string;
  /** The names of the internal recipients' agencies, by id (for "Nơi nhận"). */
  agencyNames?: Readonly<Record<string, string>>;
}

/** An invalid date: the header writes the date line's blanks ("ngày ...... tháng ...... năm ........"). */
const NO_DATE = new Date(Number.NaN);

/**
 * A draft written in the app, rendered as the decree lays a document out, the number and the date left blank:
 * the issue prints them there (`issue-stamp.ts`).
 */
export function renderComposedDocument(doc: ComposedDocument): Promise<Buffer> {
  const type = documentTypeOf(doc.draft.typeCode);
  const w = new FormWriter(A4_PORTRAIT, clean(doc.draft.subject, 200));
  w.header([{ text: doc.agency.name, bold: true }], doc.place ?? '', NO_DATE, null);
  if (type?.abbreviation) {
    w.title(type.name.vi.toUpperCase(), 14);
    w.centered(clean(doc.draft.subject, 500), 'bold', 13);
  } else {
    w.paragraph(`V/v ${clean(doc.draft.subject, 500)}`, 'regular', { size: 12 });
  }
  w.moveDown(10);
  for (const paragraph of doc.content.split(/\n{2,}/)) {
    w.paragraph(clean(paragraph, 50_000), 'regular', { size: 13, align: 'justify', indent: 28 });
    w.moveDown(4);
  }
  const recipients = doc.draft.recipients
    .map((r) => ('name' in r ? r.name : (doc.agencyNames?.[r.agencyId] ?? '')))
    .filter(Boolean);
  w.moveDown(8);
  const top = w.y;
  if (recipients.length) {
    w.paragraph('Nơi nhận:', 'boldItalic', { size: 11, width: w.width / 2 });
    for (const name of recipients) w.paragraph(`- ${clean(name, 200)};`, 'regular', { size: 10, width: w.width / 2 });
  }
  const afterRecipients = w.y;
  w.y = top;
  if (doc.draft.signer) {
    w.signatures([null, { heading: doc.draft.signer.position, hint: '', name: doc.draft.signer.fullName }], { gap: 0 });
  }
  w.y = Math.max(w.y, afterRecipients);
  w.pageNumbers();
  return w.end();
}

export interface RegisterColumn extends Column {
  key: string;
  xlsxWidth: number;
}

/** Phụ lục IV, sổ đăng ký văn bản đi. */
export const outgoingRegisterColumns: readonly RegisterColumn[] = [
  { key: 'notation', header: 'Số, ký hiệu văn bản', width: 11, xlsxWidth: 18 },
  { key: 'date', header: 'Ngày tháng văn bản', width: 8, xlsxWidth: 12, align: 'center' },
  { key: 'typeAndSubject', header: 'Tên loại và trích yếu nội dung văn bản', width: 24, xlsxWidth: 50 },
  { key: 'signer', header: 'Người ký', width: 10, xlsxWidth: 20 },
  { key: 'recipients', header: 'Nơi nhận văn bản', width: 14, xlsxWidth: 30 },
  { key: 'copyKeptBy', header: 'Đơn vị, người nhận bản lưu', width: 9, xlsxWidth: 18 },
  { key: 'copies', header: 'Số lượng bản', width: 5, xlsxWidth: 8, align: 'center' },
  { key: 'sentDate', header: 'Ngày chuyển', width: 8, xlsxWidth: 12, align: 'center' },
  { key: 'receivedSignature', header: 'Ký nhận', width: 6, xlsxWidth: 12 },
  { key: 'note', header: 'Ghi chú', width: 6, xlsxWidth: 16 },
];

/** Phụ lục IV, sổ đăng ký văn bản đến. */
export const incomingRegisterColumns: readonly RegisterColumn[] = [
  { key: 'arrivalDate', header: 'Ngày đến', width: 7, xlsxWidth: 12, align: 'center' },
  { key: 'arrivalNumber', header: 'Số đến', width: 5, xlsxWidth: 8, align: 'center' },
  { key: 'author', header: 'Tác giả', width: 14, xlsxWidth: 28 },
  { key: 'notation', header: 'Số, ký hiệu văn bản', width: 10, xlsxWidth: 18 },
  { key: 'date', header: 'Ngày tháng văn bản', width: 7, xlsxWidth: 12, align: 'center' },
  { key: 'typeAndSubject', header: 'Tên loại và trích yếu nội dung văn bản', width: 24, xlsxWidth: 50 },
  { key: 'assignedTo', header: 'Đơn vị hoặc người nhận', width: 11, xlsxWidth: 22 },
  { key: 'forwardedDate', header: 'Ngày chuyển', width: 7, xlsxWidth: 12, align: 'center' },
  { key: 'receivedSignature', header: 'Ký nhận', width: 6, xlsxWidth: 12 },
  { key: 'note', header: 'Ghi chú', width: 6, xlsxWidth: 16 },
];

export type RegisterEntry = Record<string, string | number | null>;

export interface RegisterView {
  kind: 'incoming' | 'outgoing';
  year: number;
  title: string;
  agencyName: string;
  parentName: string | null;
  closedAt: Date | null;
  entries: RegisterEntry[];
}

export function registerColumns(kind: 'incoming' | 'outgoing'): readonly RegisterColumn[] {
  return kind === 'incoming' ? incomingRegisterColumns : outgoingRegisterColumns;
}

const cell = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : clean(String(v), 2000));

export function renderRegisterPdf(view: RegisterView): Promise<Buffer> {
  const w = new FormWriter(A4_LANDSCAPE, view.title);
  const lines = [
    ...(view.parentName ? [{ text: view.parentName, bold: false }] : []),
    { text: view.agencyName, bold: true },
  ];
  w.header(lines, '', new Date(Date.UTC(view.year, 11, 31, 3)), false);
  w.title(view.title.toUpperCase(), 14);
  if (view.closedAt) w.centered(`Khóa sổ ngày ${formatDate(view.closedAt)}`, 'italic', 11);
  w.moveDown(6);
  const columns = registerColumns(view.kind);
  w.table(
    columns,
    view.entries.map((e) => columns.map((c) => cell(e[c.key]))),
    { fontSize: 8.5, headerFontSize: 9, padding: 2.5, minRowHeight: 22 },
  );
  w.pageNumbers(true);
  return w.end();
}

function formatDate(at: Date): string {
  const d = new Date(at.getTime() + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

export async function renderRegisterXlsx(view: RegisterView): Promise<Buffer> {
  const columns = registerColumns(view.kind);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Congso';
  workbook.title = view.title;
  const sheet = workbook.addWorksheet(view.kind === 'incoming' ? 'Sổ văn bản đến' : 'Sổ văn bản đi', {
    views: [{ state: 'frozen', ySplit: 3, xSplit: 0 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = columns.map((c) => ({ key: c.key, width: c.xlsxWidth }));
  const font = { name: 'Times New Roman', size: 11 };
  sheet.mergeCells(1, 1, 1, columns.length);
  const title = sheet.getCell(1, 1);
  title.value = `${view.title.toUpperCase()} - ${view.agencyName.toUpperCase()}`;
  title.font = { ...font, size: 14, bold: true };
  title.alignment = { horizontal: 'center' };
  const thin = { style: 'thin' as const };
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  const header = sheet.getRow(3);
  header.values = columns.map((c) => c.header);
  header.eachCell((c) => {
    c.font = { ...font, bold: true };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.border = border;
  });
  for (const entry of view.entries) {
    const row = sheet.addRow(Object.fromEntries(columns.map((c) => [c.key, entry[c.key] ?? ''])));
    row.eachCell({ includeEmpty: true }, (c) => {
      c.font = font;
      c.border = border;
      c.alignment = { vertical: 'top', wrapText: true };
    });
  }
  sheet.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: columns.length } };
  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}
