/**
 * Documents of the reporting system: a report as PDF (A4 portrait, the comparison columns; sealed with the
 * agency's organisation certificate when submitted) and XLSX; Biểu II.06a/VPCP/KSTT as PDF (A4 landscape) and
 * XLSX. Renderers are pure (view model → bytes); `sealReport` signs and stores the PDF.
 */
import {
  type ComparedValue,
  CongsoError,
  type Ii06aRow,
  ii06aCells,
  ii06aColumns,
  type ReportIndicator,
  type ReportingPeriod,
  type ReportStatus,
  reportStatusLabels,
} from '@congso/core';
import type { ReportingReportRow, ReportingTemplateRow } from '@congso/db';
import ExcelJS from 'exceljs';
import { clean, formatVnDate } from '../dossiers/forms/format';
import { formAgency } from '../dossiers/forms/issuer';
import { A4_LANDSCAPE, A4_PORTRAIT, agencyLines, FormWriter } from '../dossiers/forms/layout';
import type { FormAgency } from '../dossiers/forms/types';
import type { AppContext } from '../platform/context';
import { signingEnvironment } from '../signing/environment';
import { signPdf } from '../signing/signing-service';
import { rowsOf } from './report-rows';

export interface ReportDocument {
  agency: FormAgency;
  templateName: string;
  templateCode: string;
  revision: number;
  period: ReportingPeriod;
  deadline: string;
  status: ReportStatus;
  submittedAt: Date | null;
  rows: (ComparedValue & { indicator: ReportIndicator })[];
}

export const formatFigure = (v: number | string | null): string => {
  if (v === null) return '';
  if (typeof v === 'string') return clean(v, 2000);
  return new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(v);
};
const formatChange = (v: number | null) => (v === null ? '' : `${v > 0 ? '+' : ''}${formatFigure(v)}%`);
const dmy = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

const REPORT_COLUMNS = [
  { header: 'TT', width: 3, align: 'center' as const },
  { header: 'Chỉ tiêu', width: 22 },
  { header: 'Đơn vị tính', width: 7, align: 'center' as const },
  { header: 'Kỳ này', width: 8, align: 'right' as const },
  { header: 'Kỳ trước', width: 8, align: 'right' as const },
  { header: 'So với kỳ trước', width: 7, align: 'right' as const },
  { header: 'Cùng kỳ năm trước', width: 8, align: 'right' as const },
  { header: 'So với cùng kỳ', width: 7, align: 'right' as const },
];

const cells = (r: ReportDocument['rows'][number], i: number) => [
  String(i + 1),
  `${clean(r.indicator.nameVi, 300)}${r.automatic ? ' (tự động)' : ''}`,
  clean(r.indicator.unit, 50),
  formatFigure(r.value),
  formatFigure(r.previous),
  formatChange(r.changePrevious),
  formatFigure(r.lastYear),
  formatChange(r.changeLastYear),
];

/** The report's PDF and where the agency's seal goes (PDF points from the bottom-left corner). */
export async function renderReportPdf(
  doc: ReportDocument,
  at: Date,
): Promise<{ pdf: Buffer; sealRect: [number, number, number, number] }> {
  const w = new FormWriter(A4_PORTRAIT, `${doc.templateName} - ${doc.period.label.vi}`);
  w.header(agencyLines(doc.agency), doc.agency.place, at, false);
  w.title('BÁO CÁO', 14);
  w.centered(clean(doc.templateName, 300).toUpperCase(), 'bold', 12);
  w.centered(
    `${doc.period.label.vi} (số liệu từ ngày ${dmy(doc.period.cutoffStart)} đến ngày ${dmy(doc.period.cutoffEnd)})`,
    'italic',
    11,
  );
  w.centered(
    `Mẫu ${clean(doc.templateCode, 30)}, phiên bản ${doc.revision}. Hạn gửi: ${dmy(doc.deadline)}`,
    'regular',
    10,
  );
  w.moveDown(8);
  w.table(REPORT_COLUMNS, doc.rows.map(cells), { fontSize: 9.5, headerFontSize: 9.5, padding: 3 });
  w.moveDown(4);
  w.font('italic', 9);
  w.doc.text(
    `Tình trạng: ${reportStatusLabels[doc.status].vi}${doc.submittedAt ? `, gửi ngày ${formatVnDate(doc.submittedAt)}` : ''}. Chỉ tiêu "(tự động)" lấy từ số liệu của hệ thống.`,
    w.left,
    w.y,
    { width: w.width },
  );
  w.moveDown(10);
  w.ensureSpace(110);
  const half = w.width / 2;
  const top = w.y;
  w.font('bold', 11);
  w.doc.text('THỦ TRƯỞNG CƠ QUAN', w.left + half, top, { width: half, align: 'center' });
  w.font('italic', 9.5);
  w.doc.text('(Ký số, đóng dấu điện tử)', w.left + half, w.doc.y, { width: half, align: 'center' });
  const sealTop = w.doc.y + 4;
  const page = w.doc.page;
  const left = w.left + half + 20;
  const sealRect: [number, number, number, number] = [
    left,
    page.height - (sealTop + 70),
    left + half - 40,
    page.height - sealTop,
  ];
  w.y = sealTop + 76;
  w.pageNumbers();
  return { pdf: await w.end(), sealRect };
}

export async function renderReportXlsx(doc: ReportDocument): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Congso';
  const sheet = workbook.addWorksheet('Báo cáo', { views: [{ state: 'frozen', ySplit: 5 }] });
  const widths = [6, 60, 14, 16, 16, 14, 16, 14];
  sheet.columns = widths.map((width) => ({ width }));
  const font = { name: 'Times New Roman', size: 11 };
  const line = (row: number, text: string, bold = false) => {
    sheet.mergeCells(row, 1, row, widths.length);
    const c = sheet.getCell(row, 1);
    c.value = text;
    c.font = { ...font, bold, size: bold ? 13 : 11 };
    c.alignment = { horizontal: 'center' };
  };
  line(1, clean(doc.agency.name, 200).toUpperCase(), true);
  line(2, `BÁO CÁO ${clean(doc.templateName, 300).toUpperCase()}`, true);
  line(
    3,
    `${doc.period.label.vi} (số liệu từ ngày ${dmy(doc.period.cutoffStart)} đến ngày ${dmy(doc.period.cutoffEnd)})`,
  );
  const header = sheet.getRow(5);
  header.values = REPORT_COLUMNS.map((c) => c.header);
  const thin = { style: 'thin' as const };
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  header.eachCell((c) => {
    c.font = { ...font, bold: true };
    c.border = border;
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  doc.rows.forEach((r, i) => {
    const row = sheet.addRow([
      i + 1,
      `${r.indicator.nameVi}${r.automatic ? ' (tự động)' : ''}`,
      r.indicator.unit,
      r.value,
      r.previous,
      r.changePrevious === null ? null : r.changePrevious / 100,
      r.lastYear,
      r.changeLastYear === null ? null : r.changeLastYear / 100,
    ]);
    row.eachCell({ includeEmpty: true }, (c) => {
      c.font = font;
      c.border = border;
    });
    row.getCell(6).numFmt = '0.0%';
    row.getCell(8).numFmt = '0.0%';
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The document view of a report. */
export async function reportDocument(
  ctx: AppContext,
  row: Pick<ReportingReportRow, 'agencyId' | 'deadline' | 'status' | 'submittedAt' | 'templateCode'>,
  template: ReportingTemplateRow,
  period: ReportingPeriod,
  rows: ReportDocument['rows'],
): Promise<ReportDocument> {
  return {
    agency: await formAgency(ctx.connection.db, row.agencyId),
    templateName: template.nameVi,
    templateCode: template.code,
    revision: template.revision,
    period,
    deadline: row.deadline,
    status: row.status as ReportStatus,
    submittedAt: row.submittedAt,
    rows,
  };
}

/**
 * The submitted report's PDF sealed with the agency's organisation certificate, stored; its storage key.
 * Null on an installation without a province CA (nothing to seal with). 409 SIGNING_CERTIFICATE_MISSING when
 * the agency has no certificate.
 */
export async function sealReport(
  ctx: AppContext,
  row: ReportingReportRow,
  template: ReportingTemplateRow,
  indicators: ReportIndicator[],
): Promise<string | null> {
  const env = await signingEnvironment(ctx);
  if (env.trustAnchors.length === 0) return null;
  const signer = await env.signerFor({ agencyId: row.agencyId });
  if (!signer) {
    throw new CongsoError('SIGNING_CERTIFICATE_MISSING', {
      messages: {
        vi: 'Cơ quan chưa có chứng thư số để đóng dấu báo cáo.',
        en: 'The agency has no certificate to seal the report with.',
      },
    });
  }
  const { comparedRows, period } = await rowsOf(ctx, row, indicators);
  const doc = await reportDocument(ctx, row, template, period, comparedRows);
  const at = row.submittedAt ?? ctx.now();
  const { pdf, sealRect } = await renderReportPdf(doc, at);
  const signed = await signPdf(ctx, {
    pdf,
    as: 'agency',
    agencyId: row.agencyId,
    signer,
    environment: env,
    reason: `Báo cáo ${template.nameVi} - ${period.label.vi}`,
    appearance: { page: -1, rect: sealRect },
  });
  return ctx.storage.put(signed);
}

// ---------------------------------------------------------------------------------------------------------
// Biểu II.06a/VPCP/KSTT

export interface Ii06aDocument {
  reportingUnit: string;
  receivingUnit: string;
  period: ReportingPeriod;
  /** Rows: groups (order I, II; bold) and their agencies, then the total. */
  rows: (Ii06aRow & { bold?: boolean })[];
  place: string;
  at: Date;
}

export const II06A_TITLE = 'TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH';

const ii06aPeriodLine = (d: Ii06aDocument) =>
  `Kỳ báo cáo: ${d.period.label.vi} (từ ngày ${dmy(d.period.cutoffStart)} đến ngày ${dmy(d.period.cutoffEnd)})`;

export async function renderIi06aPdf(d: Ii06aDocument): Promise<Buffer> {
  const w = new FormWriter(A4_LANDSCAPE, `Biểu II.06a/VPCP/KSTT - ${d.period.label.vi}`);
  w.font('bold', 10);
  w.doc.text('Biểu số II.06a/VPCP/KSTT', w.left, w.y, { width: w.width, align: 'left' });
  w.moveDown(4);
  w.title(II06A_TITLE, 13);
  w.centered(ii06aPeriodLine(d), 'italic', 10.5);
  w.moveDown(4);
  w.font('regular', 10);
  w.doc.text(`Đơn vị báo cáo: ${clean(d.reportingUnit, 200)}`, w.left, w.y, { width: w.width });
  w.doc.text(`Đơn vị nhận báo cáo: ${clean(d.receivingUnit, 200)}`, w.left, w.doc.y, { width: w.width });
  w.font('italic', 9.5);
  w.doc.text('Đơn vị tính: Số hồ sơ TTHC', w.left, w.doc.y, { width: w.width, align: 'right' });
  w.y = w.doc.y + 4;
  // Three header rows as one header cell each: group / sub-group / heading, then the column numbers.
  const columns = ii06aColumns.map((c) => ({
    header: ['group' in c ? c.group : '', 'sub' in c ? c.sub : '', c.heading].filter(Boolean).join('\n'),
    width: c.no === 2 ? 26 : c.no === 1 ? 4 : 7.5,
    align: c.no === 2 ? ('left' as const) : ('center' as const),
  }));
  const body = [
    ii06aColumns.map((c) => `(${c.no})`),
    ...d.rows.map((r) => [r.order, clean(r.label, 300), ...ii06aCells(r).map(String)]),
  ];
  w.table(columns, body, { fontSize: 9, headerFontSize: 8.5, padding: 2.5 });
  w.moveDown(10);
  w.signatures([
    { heading: 'NGƯỜI LẬP BIỂU', hint: '(Ký, ghi rõ họ tên)' },
    { heading: 'THỦ TRƯỞNG ĐƠN VỊ', hint: '(Ký tên, đóng dấu)' },
  ]);
  w.pageNumbers();
  return w.end();
}

export async function renderIi06aXlsx(d: Ii06aDocument): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Congso';
  workbook.title = 'Biểu II.06a/VPCP/KSTT';
  const sheet = workbook.addWorksheet('II.06a', {
    views: [{ state: 'frozen', ySplit: 10 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = ii06aColumns.map((c) => ({ width: c.no === 2 ? 44 : c.no === 1 ? 6 : 13 }));
  const font = { name: 'Times New Roman', size: 11 };
  const n = ii06aColumns.length;
  const line = (
    row: number,
    text: string,
    opts: { bold?: boolean; italic?: boolean; align?: 'center' | 'left' | 'right' } = {},
  ) => {
    sheet.mergeCells(row, 1, row, n);
    const c = sheet.getCell(row, 1);
    c.value = text;
    c.font = { ...font, bold: opts.bold ?? false, italic: opts.italic ?? false };
    c.alignment = { horizontal: opts.align ?? 'center' };
  };
  line(1, 'Biểu số II.06a/VPCP/KSTT', { bold: true, align: 'left' });
  line(2, II06A_TITLE, { bold: true });
  line(3, ii06aPeriodLine(d), { italic: true });
  line(4, `Đơn vị báo cáo: ${d.reportingUnit}`, { align: 'left' });
  line(5, `Đơn vị nhận báo cáo: ${d.receivingUnit}`, { align: 'left' });
  line(6, 'Đơn vị tính: Số hồ sơ TTHC', { italic: true, align: 'right' });
  // Header rows 7-9 merged as the form draws them, row 10 the column numbers.
  const thin = { style: 'thin' as const };
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  const put = (r1: number, c1: number, r2: number, c2: number, text: string) => {
    if (r1 !== r2 || c1 !== c2) sheet.mergeCells(r1, c1, r2, c2);
    sheet.getCell(r1, c1).value = text;
  };
  put(7, 1, 9, 1, 'TT');
  put(7, 2, 9, 2, 'Lĩnh vực, công việc giải quyết theo cấp');
  put(7, 3, 7, 6, 'Số hồ sơ nhận giải quyết');
  put(8, 3, 9, 3, 'Tổng số');
  put(8, 4, 8, 5, 'Trong kỳ');
  put(9, 4, 9, 4, 'Trực tuyến');
  put(9, 5, 9, 5, 'Trực tiếp, dịch vụ bưu chính');
  put(8, 6, 9, 6, 'Từ kỳ trước chuyển sang');
  put(7, 7, 7, 10, 'Số lượng hồ sơ đã giải quyết');
  put(8, 7, 9, 7, 'Tổng số');
  put(8, 8, 9, 8, 'Trước hạn');
  put(8, 9, 9, 9, 'Đúng hạn');
  put(8, 10, 9, 10, 'Quá hạn');
  put(7, 11, 7, 13, 'Số lượng hồ sơ đang giải quyết');
  put(8, 11, 9, 11, 'Tổng số');
  put(8, 12, 9, 12, 'Trong hạn');
  put(8, 13, 9, 13, 'Quá hạn');
  for (let c = 1; c <= n; c++) sheet.getCell(10, c).value = `(${c})`;
  for (let r = 7; r <= 10; r++) {
    for (let c = 1; c <= n; c++) {
      const cell = sheet.getCell(r, c);
      cell.font = { ...font, bold: r < 10, italic: r === 10 };
      cell.border = border;
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    }
  }
  for (const r of d.rows) {
    const row = sheet.addRow([r.order, r.label, ...ii06aCells(r)]);
    row.eachCell({ includeEmpty: true }, (c) => {
      c.font = { ...font, bold: r.bold ?? false };
      c.border = border;
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
