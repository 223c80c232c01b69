/**
 * VietQR transfers confirmed by the province's accountants: from the collecting account's statement (CSV or
 * XLSX as the bank exports it: each credit line whose content names a pending transfer's reference, with the
 * amount due, confirms it as a callback would), or one at a time when the accountant sees the money arrive.
 * A confirmation is the same transaction as the platform's (payment paid once, receipt numbered, the dossier's
 * confirm_payment, audit event with the accountant and the bank's number); importing a statement again
 * confirms nothing twice.
 */
import { randomUUID } from 'node:crypto';
import {
  type Actor,
  CongsoError,
  isCongsoError,
  type LineOutcome,
  matchStatement,
  parseCsv,
  parseStatement,
  referenceCandidatesOf,
  StatementUnreadable,
} from '@congso/core';
import { getPayment, listPaymentsByReferences, type PaymentRow, recordAudit } from '@congso/db';
import ExcelJS from 'exceljs';
import type { RequestMeta } from '../dossiers/acting';
import type { AppContext } from '../platform/context';
import { confirmOnlinePayment } from './payments.service';

/** What became of one credit line of a statement. */
export type StatementResult =
  | 'confirmed'
  | 'refund'
  | 'already'
  | 'no_reference'
  | 'amount_mismatch'
  | 'not_transfer'
  | 'duplicate'
  | 'unreadable'
  | 'error';

export interface StatementLineReport {
  row: number;
  bookedAt: string | null;
  credit: number | null;
  description: string;
  bankReference: string | null;
  result: StatementResult;
  paymentReference: string | null;
  expectedAmount: number | null;
}

export interface StatementReport {
  fileName: string;
  headerRow: number;
  lines: StatementLineReport[];
  counts: Record<StatementResult, number>;
}

const unreadable = (reason: string) =>
  new CongsoError('STATEMENT_UNREADABLE', { details: { reason: reason.slice(0, 200) } });

/** A file's text: UTF-16 when it starts with its byte-order mark, UTF-8 when valid, else Windows-1258. */
function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1258').decode(bytes);
  }
}

/** A cell as text: dates as ISO (Vietnam time as written), numbers as written, rich text and formulas' values. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // Spreadsheets hold local times without a zone; exceljs reads them as UTC: keep the wall-clock time.
    return value.toISOString().slice(0, 19);
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

/** The rows of the workbook's sheet with the most rows. */
async function xlsxRows(bytes: Uint8Array): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw unreadable((error as Error).message);
  }
  const sheet = [...workbook.worksheets].sort((a, b) => b.rowCount - a.rowCount)[0];
  if (!sheet) throw unreadable('no sheet');
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    rows[number - 1] = Array.from(cells, (c) => c ?? '');
  });
  return Array.from(rows, (r) => r ?? []);
}

/** The statement's rows: an XLSX workbook (a ZIP), else CSV text. */
export async function statementRows(bytes: Uint8Array): Promise<string[][]> {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return xlsxRows(bytes);
  if (bytes.subarray(0, 1024).includes(0)) {
    // Binary that is not a workbook (a PDF, an old .xls): not a statement we read.
    if (!(bytes[0] === 0xff && bytes[1] === 0xfe) && !(bytes[0] === 0xfe && bytes[1] === 0xff)) {
      throw unreadable('not CSV or XLSX');
    }
  }
  return parseCsv(decodeText(bytes));
}

const emptyCounts = (): Record<StatementResult, number> => ({
  confirmed: 0,
  refund: 0,
  already: 0,
  no_reference: 0,
  amount_mismatch: 0,
  not_transfer: 0,
  duplicate: 0,
  unreadable: 0,
  error: 0,
});

/** Reads a statement and confirms the transfers it shows; the whole import is one audit event besides. */
export async function importStatement(
  ctx: AppContext,
  actor: Actor,
  file: { name: string; bytes: Uint8Array },
  meta: RequestMeta,
): Promise<StatementReport> {
  const rows = await statementRows(file.bytes);
  let parsed: ReturnType<typeof parseStatement>;
  try {
    parsed = parseStatement(rows);
  } catch (error) {
    if (error instanceof StatementUnreadable) throw unreadable(error.message);
    throw error;
  }
  const candidates = new Set<string>();
  for (const line of parsed.lines) {
    if (line.credit !== null) for (const c of referenceCandidatesOf(line.description)) candidates.add(c);
  }
  const found = await listPaymentsByReferences(ctx.connection.db, [...candidates]);
  const byReference = new Map(found.map((p) => [p.reference, p]));
  const byId = new Map(found.map((p) => [p.id, p]));
  const now = ctx.now();
  const counts = emptyCounts();
  const lines: StatementLineReport[] = [];
  for (const { line, outcome } of matchStatement(parsed.lines, byReference)) {
    const payment = 'paymentId' in outcome ? (byId.get(outcome.paymentId) as PaymentRow) : null;
    const result = await settleLine(ctx, actor, outcome, payment, line.bookedAt ?? now, line.bankReference, meta);
    counts[result]++;
    lines.push({
      row: line.row,
      bookedAt: line.bookedAt?.toISOString() ?? null,
      credit: line.credit,
      description: line.description.slice(0, 300),
      bankReference: line.bankReference,
      result,
      paymentReference: payment?.reference ?? null,
      expectedAmount: outcome.kind === 'amount_mismatch' ? outcome.expected : null,
    });
  }
  const importId = randomUUID();
  await ctx.connection.db.transaction((tx) =>
    recordAudit(tx, {
      occurredAt: now,
      actorId: actor.id,
      action: 'payment.statement_import',
      entityType: 'payment_statement',
      entityId: importId,
      agencyId: null,
      data: { file: file.name.slice(0, 200), headerRow: parsed.headerRow, lines: lines.length, counts },
      ...meta,
    }),
  );
  return { fileName: file.name, headerRow: parsed.headerRow, lines, counts };
}

async function settleLine(
  ctx: AppContext,
  actor: Actor,
  outcome: LineOutcome,
  payment: PaymentRow | null,
  at: Date,
  bankReference: string | null,
  meta: RequestMeta,
): Promise<StatementResult> {
  if (outcome.kind !== 'confirm') return outcome.kind;
  if (!payment) return 'error';
  // Paid or closed already (an earlier import, the accountant by hand): nothing to do again.
  if (payment.status !== 'pending') return payment.status === 'paid' ? 'already' : 'refund';
  try {
    const result = await confirmOnlinePayment(ctx, payment, 'statement', at, meta, undefined, {
      actorId: actor.id,
      bankReference,
    });
    return result === 'confirmed' ? 'confirmed' : result === 'unmatched' ? 'refund' : 'already';
  } catch (error) {
    if (isCongsoError(error)) return 'error';
    throw error;
  }
}

/**
 * The accountant saw one transfer arrive on the account: confirms it with the bank's number and the time it
 * arrived. Confirming a payment no longer pending changes nothing (`already`).
 */
export async function confirmTransfer(
  ctx: AppContext,
  actor: Actor,
  paymentId: string,
  input: { bankReference: string; receivedAt: Date },
  meta: RequestMeta,
): Promise<{ result: 'confirmed' | 'refund' | 'already' }> {
  const payment = await getPayment(ctx.connection.db, paymentId);
  if (!payment) throw new CongsoError('NOT_FOUND');
  if (payment.provider !== 'vietqr') throw new CongsoError('PAYMENT_NOT_TRANSFER');
  const now = ctx.now();
  const earliest = payment.createdAt.getTime() - 24 * 3600_000;
  if (input.receivedAt.getTime() > now.getTime() + 5 * 60_000 || input.receivedAt.getTime() < earliest) {
    throw new CongsoError('VALIDATION_FAILED', {
      messages: {
        vi: 'Thời điểm nhận tiền phải sau khi tạo mã thanh toán và không ở tương lai.',
        en: 'The time the money arrived must be after the payment was started and not in the future.',
      },
      details: [{ path: 'receivedAt', code: 'out_of_range' }],
    });
  }
  if (payment.status !== 'pending') return { result: 'already' };
  const result = await confirmOnlinePayment(ctx, payment, 'accountant', input.receivedAt, meta, undefined, {
    actorId: actor.id,
    bankReference: input.bankReference,
  });
  return { result: result === 'confirmed' ? 'confirmed' : result === 'unmatched' ? 'refund' : 'already' };
}
