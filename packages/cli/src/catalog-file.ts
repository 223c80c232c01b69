import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import {
  catalogRecordSchema,
  type PortalProcedureSummary,
  type Procedure,
  parseCsvRows,
  procedureFromCatalogRecord,
  procedureFromPortalSummary,
  procedureSchema,
  rejectReason,
} from '@congso/core';
import ExcelJS from 'exceljs';

export interface Rejected {
  row: number;
  code: string;
  reasons: string[];
}

export interface ReadCatalog {
  accepted: Procedure[];
  rejected: Rejected[];
  warnings: number;
}

function fromSummaryRows(header: string[], rows: string[][], firstRow: number): ReadCatalog {
  const out: ReadCatalog = { accepted: [], rejected: [], warnings: 0 };
  if (!header.includes('ma_thu_tuc') || !header.includes('ten_thu_tuc')) {
    throw new Error(
      `Thiếu cột ma_thu_tuc, ten_thu_tuc / The file needs the columns ma_thu_tuc and ten_thu_tuc (found: ${header.slice(0, 8).join(', ')})`,
    );
  }
  rows.forEach((cells, i) => {
    const record = Object.fromEntries(
      header.map((h, j) => [h, (cells[j] ?? '').trim()]),
    ) as unknown as PortalProcedureSummary;
    const rowNumber = firstRow + i;
    const reason = rejectReason(record);
    if (reason) {
      out.rejected.push({ row: rowNumber, code: record.ma_thu_tuc ?? '', reasons: [reason] });
      return;
    }
    const converted = procedureFromPortalSummary(record);
    out.warnings += converted.warnings.length;
    const valid = procedureSchema.safeParse(converted.procedure);
    if (!valid.success) {
      out.rejected.push({
        row: rowNumber,
        code: record.ma_thu_tuc,
        reasons: valid.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`),
      });
      return;
    }
    out.accepted.push(valid.data as Procedure);
  });
  return out;
}

async function readXlsx(path: string): Promise<ReadCatalog> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('Tệp XLSX không có trang tính / The XLSX file has no worksheet');
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values = row.values as unknown[];
    rows.push(
      values
        .slice(1)
        .map((v) =>
          v === null || v === undefined
            ? ''
            : typeof v === 'object' && 'text' in (v as object)
              ? String((v as { text: unknown }).text)
              : String(v),
        ),
    );
  });
  const [header, ...body] = rows;
  return fromSummaryRows(
    (header ?? []).map((h) => h.trim()),
    body,
    2,
  );
}

/** Reads a catalogue file: .jsonl/.json (catalogue records) or the national portal's .csv/.xlsx export. */
export async function readCatalogFile(path: string): Promise<ReadCatalog> {
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx') return readXlsx(path);
  const text = readFileSync(path, 'utf8');
  if (ext === '.csv') {
    const [header, ...rows] = parseCsvRows(text);
    return fromSummaryRows(
      (header ?? []).map((h) => h.trim()),
      rows,
      2,
    );
  }
  if (ext === '.jsonl' || ext === '.json') {
    const out: ReadCatalog = { accepted: [], rejected: [], warnings: 0 };
    const items: { row: number; value: unknown }[] = [];
    if (ext === '.json') {
      const parsed = JSON.parse(text) as unknown;
      for (const [i, value] of (Array.isArray(parsed) ? parsed : [parsed]).entries()) items.push({ row: i + 1, value });
    } else {
      text.split('\n').forEach((line, i) => {
        if (line.trim() === '') return;
        try {
          items.push({ row: i + 1, value: JSON.parse(line) });
        } catch {
          out.rejected.push({ row: i + 1, code: '', reasons: ['not valid JSON'] });
        }
      });
    }
    for (const { row, value } of items) {
      const valid = catalogRecordSchema.safeParse(value);
      if (!valid.success) {
        const code = typeof (value as { code?: unknown })?.code === 'string' ? (value as { code: string }).code : '';
        out.rejected.push({ row, code, reasons: valid.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`) });
        continue;
      }
      out.accepted.push(procedureFromCatalogRecord(valid.data as Parameters<typeof procedureFromCatalogRecord>[0]));
    }
    return out;
  }
  throw new Error(
    `Không hỗ trợ định dạng ${ext || '(none)'} / Unsupported file type: use .jsonl, .json, .csv or .xlsx`,
  );
}
