/**
 * The daily reconciliation report of fees collected, per collecting account: every payment of a Vietnam day
 * (paid in it, or started in it and not paid) with its dossier, the fee asked and the receipt, the differences
 * found (money to refund, a payment without its receipt, amounts that disagree, a fee still open, a payment the
 * platform has not answered), and a summary per account; as an XLSX kept in the file storage
 * (`payment_reports`). The daily job produces yesterday's once; a finance officer can produce a day again.
 */
import { CongsoError, type LocalizedText, vnDateKey } from '@congso/core';
import {
  getPaymentReport,
  listPaymentsOfDay,
  type PaymentReportRow,
  type ReportPaymentRow,
  recordAudit,
  savePaymentReport,
} from '@congso/db';
import ExcelJS from 'exceljs';
import { excelVnDate } from '../dossiers/forms/dossier-book';
import type { AppContext } from '../platform/context';

export const reportDifferences = ['unmatched', 'no_receipt', 'amount_mismatch', 'fee_not_paid', 'pending'] as const;
export type ReportDifference = (typeof reportDifferences)[number];

export const reportDifferenceLabels = {
  unmatched: { vi: 'Tiền về khi phí đã nộp: cần hoàn trả', en: 'Money after the fee was settled: to refund' },
  no_receipt: { vi: 'Đã thu nhưng chưa có biên lai', en: 'Paid without a receipt' },
  amount_mismatch: { vi: 'Số tiền không khớp phí hoặc biên lai', en: 'Amount differs from the fee or the receipt' },
  fee_not_paid: { vi: 'Đã thu nhưng phí của hồ sơ chưa ghi nhận', en: 'Paid but the dossier’s fee is still open' },
  pending: { vi: 'Chưa có kết quả từ nền tảng (chờ đối soát)', en: 'No answer from the platform yet (pending)' },
} as const satisfies Record<ReportDifference, LocalizedText>;

export interface ReportAccount {
  key: string;
  accountNumber: string;
  accountName: string;
  bank: string;
}

export interface ReportLine {
  row: ReportPaymentRow;
  account: ReportAccount;
  differences: ReportDifference[];
}

export interface AccountSummary extends ReportAccount {
  paidCount: number;
  paidAmount: number;
  receiptCount: number;
  receiptAmount: number;
  differences: number;
  pending: number;
}

export interface DailyReport {
  day: string;
  lines: ReportLine[];
  accounts: AccountSummary[];
}

/** The Vietnam day [00:00, 24:00) as instants. */
export function vnDayRange(day: string): { from: Date; to: Date } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !Number.isFinite(Date.parse(`${day}T00:00:00+07:00`))) {
    throw new CongsoError('VALIDATION_FAILED', { details: [{ path: 'day', code: 'invalid_date' }] });
  }
  const from = new Date(`${day}T00:00:00+07:00`);
  return { from, to: new Date(from.getTime() + 86_400_000) };
}

/** The account a payment was collected into: the counter's cash box, the schedule's named account, or the province's. */
export function accountOf(ctx: AppContext, row: ReportPaymentRow): ReportAccount {
  if (row.provider === 'counter') {
    return {
      key: `quay:${row.agency_name}`,
      accountNumber: 'Tại quầy',
      accountName: `Thu tại Bộ phận Một cửa — ${row.agency_name}`,
      bank: '',
    };
  }
  const c = row.collector;
  if (c.kind === 'treasury') {
    return {
      key: `${c.bankBin}:${c.accountNumber}`,
      accountNumber: c.accountNumber,
      accountName: c.accountName,
      bank: `${c.bankName} (${c.bankBin})`,
    };
  }
  const { PAYMENT_ACCOUNT_BIN: bin, PAYMENT_ACCOUNT_NUMBER: number, PAYMENT_ACCOUNT_NAME: name } = ctx.config;
  return { key: `${bin}:${number}`, accountNumber: number, accountName: name, bank: bin };
}

/** What disagrees in one payment (empty: reconciled). */
export function differencesOf(row: ReportPaymentRow): ReportDifference[] {
  const out: ReportDifference[] = [];
  if (row.status === 'pending') return ['pending'];
  if (row.status !== 'paid') return out;
  if (!row.settled_dossier) return ['unmatched'];
  if (row.receipt_number === null) out.push('no_receipt');
  if (row.amount !== row.fee_total || (row.receipt_total !== null && row.receipt_total !== row.amount)) {
    out.push('amount_mismatch');
  }
  if (row.fee_status !== 'paid') out.push('fee_not_paid');
  return out;
}

/** The day's lines and the summary per account (accounts in the order of their first payment). */
export async function buildDailyReport(ctx: AppContext, day: string): Promise<DailyReport> {
  const { from, to } = vnDayRange(day);
  const rows = await listPaymentsOfDay(ctx.connection.db, from, to);
  const lines = rows.map((row) => ({ row, account: accountOf(ctx, row), differences: differencesOf(row) }));
  const accounts = new Map<string, AccountSummary>();
  for (const { row, account, differences } of lines) {
    const a = accounts.get(account.key) ?? {
      ...account,
      paidCount: 0,
      paidAmount: 0,
      receiptCount: 0,
      receiptAmount: 0,
      differences: 0,
      pending: 0,
    };
    if (row.status === 'paid') {
      a.paidCount++;
      a.paidAmount += row.amount;
    }
    if (row.receipt_number !== null) {
      a.receiptCount++;
      a.receiptAmount += row.receipt_total ?? 0;
    }
    if (row.status === 'pending') a.pending++;
    if (differences.length > 0) a.differences++;
    accounts.set(account.key, a);
  }
  return { day, lines, accounts: [...accounts.values()] };
}

const providerLabels: Record<string, string> = {
  national_platform: 'Nền tảng thanh toán',
  vietqr: 'Chuyển khoản VietQR',
  counter: 'Tại quầy',
};
const methodLabels: Record<string, string> = {
  online: 'trực tuyến',
  transfer: 'chuyển khoản',
  cash: 'tiền mặt',
  card: 'thẻ',
};
const statusLabels: Record<string, string> = {
  pending: 'Đang chờ',
  paid: 'Đã thanh toán',
  failed: 'Không thành công',
  cancelled: 'Đã hủy',
};
const viaLabels: Record<string, string> = {
  callback: 'Thông báo của nền tảng',
  reconciliation: 'Đối soát',
  statement: 'Sao kê tài khoản',
  accountant: 'Kế toán xác nhận',
  clerk: 'Cán bộ một cửa',
};

const asDate = (v: Date | string | null) => (v === null ? null : v instanceof Date ? v : new Date(v));
const vnDay = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

export const SUMMARY_SHEET = 'Tổng hợp';
export const SUMMARY_HEADER = [
  'STT',
  'Tài khoản thu',
  'Tên tài khoản',
  'Ngân hàng',
  'Giao dịch đã thu',
  'Số tiền đã thu (đồng)',
  'Số biên lai',
  'Tiền theo biên lai (đồng)',
  'Chênh lệch (đồng)',
  'Giao dịch có sai lệch',
  'Đang chờ',
];
export const DETAIL_HEADER = [
  'STT',
  'Mã tham chiếu',
  'Mã hồ sơ',
  'Cơ quan thu',
  'Kênh',
  'Trạng thái',
  'Số tiền (đồng)',
  'Phí yêu cầu (đồng)',
  'Thời điểm',
  'Xác nhận qua',
  'Mã giao dịch',
  'Biên lai',
  'Tiền biên lai (đồng)',
  'Sai lệch',
];

/** The sheet name of an account: "TK <number>", at most 31 characters, unique in the workbook. */
function sheetName(account: AccountSummary, used: Set<string>): string {
  const base = `TK ${account.accountNumber}`.replace(/[\\/*?:[\]]/g, '-').slice(0, 28);
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base} ${i}`;
  used.add(name);
  return name;
}

export async function renderDailyReportXlsx(report: DailyReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Congso';
  workbook.title = `Đối soát thanh toán ngày ${vnDay(report.day)}`;
  const font = { name: 'Times New Roman', size: 11 };
  const thin = { style: 'thin' as const };
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  const money = '#,##0';
  const titled = (sheet: ExcelJS.Worksheet, title: string, header: string[]) => {
    sheet.mergeCells(1, 1, 1, header.length);
    const cell = sheet.getCell(1, 1);
    cell.value = title;
    cell.font = { ...font, size: 14, bold: true };
    cell.alignment = { horizontal: 'center' };
    const row = sheet.getRow(3);
    row.values = header;
    row.eachCell((c) => {
      c.font = { ...font, bold: true };
      c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      c.border = border;
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
    });
  };

  const summary = workbook.addWorksheet(SUMMARY_SHEET, { views: [{ state: 'frozen', ySplit: 3 }] });
  titled(summary, `BÁO CÁO ĐỐI SOÁT THU PHÍ, LỆ PHÍ NGÀY ${vnDay(report.day)}`, SUMMARY_HEADER);
  summary.columns = [6, 18, 36, 16, 12, 16, 10, 16, 14, 14, 10].map((width) => ({ width }));
  report.accounts.forEach((a, i) => {
    const row = summary.addRow([
      i + 1,
      a.accountNumber,
      a.accountName,
      a.bank,
      a.paidCount,
      a.paidAmount,
      a.receiptCount,
      a.receiptAmount,
      a.paidAmount - a.receiptAmount,
      a.differences,
      a.pending,
    ]);
    row.eachCell({ includeEmpty: true }, (c) => {
      c.font = font;
      c.border = border;
    });
  });
  const sum = (f: (a: AccountSummary) => number) => report.accounts.reduce((n, a) => n + f(a), 0);
  const total = summary.addRow([
    '',
    'Cộng',
    '',
    '',
    sum((a) => a.paidCount),
    sum((a) => a.paidAmount),
    sum((a) => a.receiptCount),
    sum((a) => a.receiptAmount),
    sum((a) => a.paidAmount - a.receiptAmount),
    sum((a) => a.differences),
    sum((a) => a.pending),
  ]);
  total.eachCell({ includeEmpty: true }, (c) => {
    c.font = { ...font, bold: true };
    c.border = border;
  });
  for (const col of [6, 8, 9]) summary.getColumn(col).numFmt = money;

  const used = new Set<string>([SUMMARY_SHEET]);
  for (const account of report.accounts) {
    const sheet = workbook.addWorksheet(sheetName(account, used), { views: [{ state: 'frozen', ySplit: 3 }] });
    titled(sheet, `${account.accountName} — ${account.accountNumber} — ngày ${vnDay(report.day)}`, DETAIL_HEADER);
    sheet.columns = [6, 26, 26, 30, 22, 16, 14, 14, 18, 22, 22, 18, 14, 40].map((width) => ({ width }));
    report.lines
      .filter((l) => l.account.key === account.key)
      .forEach(({ row: p, differences }, i) => {
        const row = sheet.addRow([
          i + 1,
          p.reference,
          p.dossier_code,
          p.agency_name,
          `${providerLabels[p.provider] ?? p.provider} (${methodLabels[p.method] ?? p.method})`,
          statusLabels[p.status] ?? p.status,
          p.amount,
          p.fee_total,
          excelVnDate(asDate(p.paid_at ?? p.created_at)),
          p.confirmed_via ? (viaLabels[p.confirmed_via] ?? p.confirmed_via) : '',
          p.provider_transaction_id ?? '',
          p.receipt_number === null ? '' : `${p.receipt_symbol} ${String(p.receipt_number).padStart(7, '0')}`,
          p.receipt_total ?? '',
          differences.map((d) => reportDifferenceLabels[d].vi).join('; '),
        ]);
        row.eachCell({ includeEmpty: true }, (c) => {
          c.font = font;
          c.border = border;
          c.alignment = { vertical: 'top', wrapText: true };
        });
      });
    for (const col of [7, 8, 13]) sheet.getColumn(col).numFmt = money;
    sheet.getColumn(9).numFmt = 'hh:mm dd/mm/yyyy';
  }
  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}

export interface ReportSummary {
  payments: number;
  paidAmount: number;
  receiptAmount: number;
  differences: number;
  accounts: number;
}

/**
 * Produces a day's report and keeps it (the XLSX in the storage, the row with its summary and an audit event);
 * a later run of the same day replaces it (the old file removed after the commit).
 */
export async function producePaymentReport(
  ctx: AppContext,
  day: string,
  actorId: string | null,
  meta: { ip: string | null; requestId: string | null },
): Promise<PaymentReportRow> {
  const report = await buildDailyReport(ctx, day);
  const xlsx = await renderDailyReportXlsx(report);
  const fileKey = await ctx.storage.put(xlsx);
  const summary: ReportSummary = {
    payments: report.lines.length,
    paidAmount: report.accounts.reduce((n, a) => n + a.paidAmount, 0),
    receiptAmount: report.accounts.reduce((n, a) => n + a.receiptAmount, 0),
    differences: report.accounts.reduce((n, a) => n + a.differences, 0),
    accounts: report.accounts.length,
  };
  const now = ctx.now();
  const replaced = await ctx.connection.db.transaction(async (tx) => {
    const old = await savePaymentReport(tx, { day, fileKey, summary, generatedAt: now, generatedBy: actorId });
    await recordAudit(tx, {
      occurredAt: now,
      actorId,
      action: 'payment.report',
      entityType: 'payment_report',
      entityId: day,
      data: { day, ...summary },
      ...meta,
    });
    return old;
  });
  if (replaced) await ctx.storage.remove(replaced).catch(() => {});
  return (await getPaymentReport(ctx.connection.db, day)) as PaymentReportRow;
}

/** The daily job: yesterday's report (Vietnam days), once. */
export async function runDailyPaymentReport(ctx: AppContext): Promise<PaymentReportRow | null> {
  const yesterday = vnDateKey(new Date(ctx.now().getTime() - 86_400_000));
  if (await getPaymentReport(ctx.connection.db, yesterday)) return null;
  return producePaymentReport(ctx, yesterday, null, { ip: null, requestId: 'payment-report' });
}
