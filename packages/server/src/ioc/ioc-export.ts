/**
 * The export of a dashboard view (the index of a scope and period, its indicators and the ranking of the
 * agencies and communes) as a PDF (A4 landscape, the forms' layout layer) and as an XLSX workbook.
 */
import { iocMeasureLabels, iocMeasures } from '@congso/core';
import ExcelJS from 'exceljs';
import { clean } from '../dossiers/forms/format';
import { A4_LANDSCAPE, type Column, FormWriter } from '../dossiers/forms/layout';
import type { IndexView, RankingRow } from './ioc-views';

export interface IocExport {
  view: IndexView;
  agencies: RankingRow[];
  communes: RankingRow[];
  issuedAt: Date;
}

const STATUS = { scored: 'Đã chấm', no_data: 'Chưa đo được', nothing_to_count: 'Không có hồ sơ để tính' } as const;
const PERIOD = { month: 'Tháng', quarter: 'Quý', year: 'Năm' } as const;

const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toLocaleString('vi-VN'));
const pct = (v: number | null) => (v === null ? '—' : `${(Math.round(v * 1000) / 10).toLocaleString('vi-VN')} %`);

export function exportTitle(x: IocExport): string {
  return `CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP — ${clean(x.view.scope.name, 200)}`;
}

function periodLine(x: IocExport): string {
  const p = x.view.period;
  const issued = new Date(x.issuedAt.getTime() + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
  return `${PERIOD[p.kind]} ${p.key}${p.live ? ' (kỳ hiện tại)' : ''} · Xuất lúc ${issued} (giờ Việt Nam)`;
}

function indicatorRows(x: IocExport): string[][] {
  return (x.view.index?.groups ?? []).flatMap((g) =>
    g.indicators.map((i) => [
      i.code,
      clean(i.name.vi, 300),
      STATUS[i.status],
      i.numerator === null ? '—' : `${num(i.numerator)} / ${num(i.denominator)}`,
      i.score === null ? '—' : `${num(i.score)} / ${i.points}`,
    ]),
  );
}

const rankingRows = (rows: RankingRow[]) =>
  rows.map((r, i) => [
    String(i + 1),
    clean(r.name, 200),
    num(r.score),
    pct(r.onTime),
    num(r.received),
    num(r.finished),
    num(r.late),
    num(r.openLate),
  ]);

const INDICATOR_COLUMNS: Column[] = [
  { header: 'Mã', width: 5, align: 'center' },
  { header: 'Chỉ số', width: 40 },
  { header: 'Trạng thái', width: 14 },
  { header: 'Tử số / mẫu số', width: 14, align: 'right' },
  { header: 'Điểm', width: 10, align: 'right' },
];
const RANKING_COLUMNS: Column[] = [
  { header: 'Hạng', width: 5, align: 'center' },
  { header: 'Đơn vị', width: 40 },
  { header: 'Điểm', width: 8, align: 'right' },
  { header: 'Đúng hạn', width: 9, align: 'right' },
  { header: 'Tiếp nhận', width: 9, align: 'right' },
  { header: 'Đã giải quyết', width: 10, align: 'right' },
  { header: 'Quá hạn', width: 8, align: 'right' },
  { header: 'Đang quá hạn', width: 10, align: 'right' },
];

export function renderIocPdf(x: IocExport): Promise<Buffer> {
  const w = new FormWriter(A4_LANDSCAPE, exportTitle(x));
  w.title(exportTitle(x), 13);
  w.centered(periodLine(x), 'italic', 10);
  w.moveDown(6);
  const index = x.view.index;
  w.paragraph(
    `Điểm chỉ số: ${index?.score === null || !index ? 'chưa có số liệu' : `${num(index.score)} trên ${index.measuredPoints} điểm đo được (tổng ${index.points} điểm)`}.`,
    'bold',
  );
  const c = x.view.counts;
  w.paragraph(
    `Tiếp nhận ${num(c.received)} (trực tuyến ${num(c.received_online)}); đã giải quyết ${num(c.finished)} (trước hạn ${num(c.finished_early)}, đúng hạn ${num(c.finished_on_time)}, quá hạn ${num(c.finished_late)}); đang giải quyết cuối kỳ ${num(c.open_end)} (quá hạn ${num(c.open_end_late)}).`,
  );
  w.moveDown(6);
  w.table(INDICATOR_COLUMNS, indicatorRows(x), { fontSize: 9, headerFontSize: 9, padding: 2.5 });
  for (const [title, rows] of [
    ['Xếp hạng cơ quan (gồm đơn vị trực thuộc)', x.agencies],
    ['Xếp hạng xã, phường', x.communes],
  ] as const) {
    if (rows.length === 0) continue;
    w.moveDown(8);
    w.paragraph(title, 'bold');
    w.table(RANKING_COLUMNS, rankingRows(rows), { fontSize: 9, headerFontSize: 9, padding: 2.5 });
  }
  w.pageNumbers(true);
  return w.end();
}

function sheetTable(sheet: ExcelJS.Worksheet, title: string, subtitle: string, columns: Column[], rows: string[][]) {
  const font = { name: 'Times New Roman', size: 11 };
  sheet.columns = columns.map((col) => ({ width: Math.max(8, col.width * 1.2) }));
  sheet.mergeCells(1, 1, 1, columns.length);
  sheet.getCell(1, 1).value = title;
  sheet.getCell(1, 1).font = { ...font, bold: true, size: 13 };
  sheet.mergeCells(2, 1, 2, columns.length);
  sheet.getCell(2, 1).value = subtitle;
  sheet.getCell(2, 1).font = { ...font, italic: true };
  const header = sheet.getRow(4);
  header.values = columns.map((col) => col.header);
  header.eachCell((cell) => {
    cell.font = { ...font, bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
  });
  for (const row of rows)
    sheet.addRow(row).eachCell((cell) => {
      cell.font = font;
    });
  sheet.views = [{ state: 'frozen', ySplit: 4, xSplit: 0 }];
}

export async function renderIocXlsx(x: IocExport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Congso';
  workbook.title = exportTitle(x);
  const subtitle = periodLine(x);
  sheetTable(workbook.addWorksheet('Chỉ số'), exportTitle(x), subtitle, INDICATOR_COLUMNS, indicatorRows(x));
  const counts = workbook.addWorksheet('Số liệu');
  counts.columns = [{ width: 48 }, { width: 14 }];
  counts.addRow(['Số liệu', 'Giá trị']).font = { bold: true };
  for (const m of iocMeasures) counts.addRow([iocMeasureLabels[m].vi, x.view.counts[m]]);
  counts.addRow([]);
  counts.addRow(['Kỳ', 'Điểm', 'Đúng hạn', 'Tiếp nhận', 'Đã giải quyết', 'Quá hạn', 'Đang quá hạn']).font = {
    bold: true,
  };
  for (const p of x.view.trend) counts.addRow([p.key, p.score, p.onTime, p.received, p.finished, p.late, p.openLate]);
  // Numbers as numbers in the rankings (a spreadsheet sorts and sums them).
  for (const [name, rows] of [
    ['Xếp hạng cơ quan', x.agencies],
    ['Xếp hạng xã, phường', x.communes],
  ] as const) {
    const sheet = workbook.addWorksheet(name);
    sheet.columns = RANKING_COLUMNS.map((col) => ({ header: col.header, width: Math.max(8, col.width * 1.2) }));
    sheet.getRow(1).font = { bold: true };
    for (const [i, r] of rows.entries()) {
      sheet.addRow([i + 1, r.name, r.score, r.onTime, r.received, r.finished, r.late, r.openLate]);
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
