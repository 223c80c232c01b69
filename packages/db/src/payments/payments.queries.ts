import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Executor } from '../connection';
import { queryRows } from '../connection';
import { payments, receiptSeries, receipts } from '../schema/index';

export type PaymentRow = typeof payments.$inferSelect;
export type ReceiptRow = typeof receipts.$inferSelect;
export type PaymentProvider = 'national_platform' | 'vietqr' | 'counter';

export async function insertPayment(tx: Executor, values: typeof payments.$inferInsert): Promise<PaymentRow> {
  const [row] = await tx.insert(payments).values(values).returning();
  return row as PaymentRow;
}

export async function getPaymentByReference(db: Executor, reference: string): Promise<PaymentRow | undefined> {
  const [row] = await db.select().from(payments).where(eq(payments.reference, reference)).limit(1);
  return row;
}

export async function getPayment(db: Executor, id: string): Promise<PaymentRow | undefined> {
  const [row] = await db.select().from(payments).where(eq(payments.id, id)).limit(1);
  return row;
}

export async function listDossierPayments(db: Executor, dossierId: string): Promise<PaymentRow[]> {
  return db.select().from(payments).where(eq(payments.dossierId, dossierId)).orderBy(asc(payments.createdAt));
}

/** How many payments a dossier has had (the next reference's attempt number is one more). */
export async function countDossierPayments(db: Executor, dossierId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(payments)
    .where(eq(payments.dossierId, dossierId));
  return row?.n ?? 0;
}

export async function setPaymentTransaction(tx: Executor, id: string, providerTransactionId: string) {
  await tx.update(payments).set({ providerTransactionId }).where(eq(payments.id, id));
}

/**
 * Marks a pending payment paid, once: the row only changes from `pending`, so a repeated or late
 * confirmation finds nothing to change (undefined). Row-locked until the transaction ends.
 */
export async function markPaymentPaid(
  tx: Executor,
  id: string,
  values: { paidAt: Date; confirmedVia: 'callback' | 'reconciliation' | 'clerk'; settledDossier: boolean },
): Promise<PaymentRow | undefined> {
  const [row] = await tx
    .update(payments)
    .set({ status: 'paid', ...values })
    .where(and(eq(payments.id, id), eq(payments.status, 'pending')))
    .returning();
  return row;
}

export async function markPaymentFailed(tx: Executor, id: string, status: 'failed' | 'cancelled') {
  const [row] = await tx
    .update(payments)
    .set({ status })
    .where(and(eq(payments.id, id), eq(payments.status, 'pending')))
    .returning();
  return row;
}

/** Pending platform payments created before `before`, oldest first (what the reconciliation asks about). */
export async function listPendingPayments(db: Executor, provider: string, before: Date, limit = 500) {
  return db
    .select()
    .from(payments)
    .where(and(eq(payments.provider, provider), eq(payments.status, 'pending'), lte(payments.createdAt, before)))
    .orderBy(asc(payments.createdAt))
    .limit(limit);
}

/**
 * Takes the next receipt number of an agency's series for a year (created at 1 with `symbol`). The row stays
 * locked until the transaction ends: numbers are unique and, since a rollback gives its number back, gap-free.
 */
export async function nextReceiptNumber(
  tx: Executor,
  agencyId: string,
  year: number,
  symbol: string,
): Promise<{ number: number; symbol: string }> {
  const [row] = await queryRows<{ number: number; symbol: string }>(
    tx,
    sql`insert into ${receiptSeries} (agency_id, year, symbol, last_number) values (${agencyId}, ${year}, ${symbol}, 1)
        on conflict (agency_id, year) do update set last_number = ${receiptSeries}.last_number + 1
        returning last_number as number, symbol`,
  );
  return row as { number: number; symbol: string };
}

export async function insertReceipt(tx: Executor, values: typeof receipts.$inferInsert): Promise<ReceiptRow> {
  const [row] = await tx.insert(receipts).values(values).returning();
  return row as ReceiptRow;
}

export async function getReceipt(db: Executor, id: string): Promise<ReceiptRow | undefined> {
  const [row] = await db.select().from(receipts).where(eq(receipts.id, id)).limit(1);
  return row;
}

export async function listDossierReceipts(db: Executor, dossierId: string): Promise<ReceiptRow[]> {
  return db.select().from(receipts).where(eq(receipts.dossierId, dossierId)).orderBy(asc(receipts.number));
}

export async function setReceiptFile(tx: Executor, id: string, fileKey: string) {
  await tx.update(receipts).set({ fileKey }).where(eq(receipts.id, id));
}
