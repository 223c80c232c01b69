import type { DossierEvent } from '@congso/core';
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Executor } from '../connection';
import { queryRows } from '../connection';
import { type DossierRow, dossierEventsFromJson } from '../dossiers/dossiers.queries';
import type { DossierFeeRow } from '../fees/fees.queries';
import { queryNamedRows } from '../prepared';
import { dossierFees, dossiers, paymentReports, payments, receiptSeries, receipts } from '../schema/index';

export type PaymentRow = typeof payments.$inferSelect;
export type ReceiptRow = typeof receipts.$inferSelect;
export type PaymentProvider = 'national_platform' | 'vietqr' | 'counter';
/**
 * How an online payment was confirmed: the platform's callback, the reconciliation's query, a bank statement's
 * line matched by its reference, or an accountant who saw the transfer arrive.
 */
export type OnlineConfirmation = 'callback' | 'reconciliation' | 'statement' | 'accountant';

export async function insertPayment(tx: Executor, values: typeof payments.$inferInsert): Promise<PaymentRow> {
  const [row] = await tx.insert(payments).values(values).returning();
  return row as PaymentRow;
}

export async function getPaymentByReference(db: Executor, reference: string): Promise<PaymentRow | undefined> {
  const [row] = await db.select().from(payments).where(eq(payments.reference, reference)).limit(1);
  return row;
}

/**
 * What confirming a payment reads, in one statement: the payment (by reference or id), its dossier's row and
 * log, and the fee it pays.
 */
export async function loadPaymentToConfirm(
  db: Executor,
  where: { reference: string } | { id: string },
): Promise<
  { payment: PaymentRow; dossier: DossierRow; events: DossierEvent[]; fee: DossierFeeRow | null } | undefined
> {
  const [row] = await db
    .select({
      payment: payments,
      dossier: dossiers,
      fee: dossierFees,
      events: sql<unknown[]>`(select coalesce(json_agg(e.event order by e.version), '[]'::json)
        from dossier_events e where e.dossier_id = "payments"."dossier_id")`,
    })
    .from(payments)
    .innerJoin(dossiers, eq(dossiers.id, payments.dossierId))
    .leftJoin(dossierFees, eq(dossierFees.id, payments.dossierFeeId))
    .where('reference' in where ? eq(payments.reference, where.reference) : eq(payments.id, where.id))
    .limit(1);
  if (!row) return undefined;
  return {
    payment: row.payment,
    dossier: row.dossier,
    fee: row.fee as DossierFeeRow | null,
    events: dossierEventsFromJson(row.events),
  };
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
  values: { paidAt: Date; confirmedVia: OnlineConfirmation | 'clerk'; settledDossier: boolean },
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
/** The payments whose references are among these (references are unique), for a statement's matching. */
export async function listPaymentsByReferences(db: Executor, references: string[]): Promise<PaymentRow[]> {
  if (references.length === 0) return [];
  // One array parameter, however many candidates a long statement gives (a list of parameters stops at 65,535).
  return db
    .select()
    .from(payments)
    .where(sql`${payments.reference} = any(${sql.param(references)}::text[])`);
}

export interface PendingTransferRow {
  id: string;
  reference: string;
  amount: number;
  createdAt: Date;
  dossierId: string;
  dossierCode: string;
  applicantName: string;
  agencyName: string;
}

/** The VietQR transfers still waiting to be seen on the account, oldest first, with their dossiers. */
export async function listPendingTransfers(db: Executor, limit: number): Promise<PendingTransferRow[]> {
  const rows = await queryRows<{
    id: string;
    reference: string;
    amount: number;
    created_at: Date | string;
    dossier_id: string;
    dossier_code: string;
    applicant_name: string | null;
    agency_name: string;
  }>(
    db,
    sql`select p.id, p.reference, p.amount, p.created_at, d.id as dossier_id, d.code as dossier_code,
          d.applicant->>'fullName' as applicant_name, a.name as agency_name
        from payments p join dossiers d on d.id = p.dossier_id join agencies a on a.id = p.collecting_agency_id
        where p.provider = 'vietqr' and p.status = 'pending'
        order by p.created_at, p.id limit ${limit}`,
  );
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    amount: Number(r.amount),
    createdAt: r.created_at instanceof Date ? r.created_at : new Date(r.created_at),
    dossierId: r.dossier_id,
    dossierCode: r.dossier_code,
    applicantName: r.applicant_name ?? '',
    agencyName: r.agency_name,
  }));
}

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

/**
 * Settles a pending online payment in one statement (the busiest write of the payment platform's callbacks):
 * the payment paid — only if still `pending`, the guard of "confirmed once" —, then, when it settles the
 * dossier, the next number of the collecting agency's series for the year (the row lock held to the commit)
 * and the receipt, and the audit event. Nothing is written when the payment was no longer pending (undefined).
 */
export async function settlePendingPayment(
  tx: Executor,
  input: {
    paymentId: string;
    paidAt: Date;
    via: OnlineConfirmation;
    /** Who confirmed it: the accountant who read the statement or saw the transfer (null: the system). */
    actorId?: string | null;
    /** The bank's number of the transfer (a statement's line): the payment's transaction when it has none, and in the audit event. */
    bankReference?: string | null;
    settledDossier: boolean;
    year: number;
    symbol: string;
    payer: Record<string, unknown>;
    lines: readonly unknown[];
    dossierCode: string;
    ip: string | null;
    requestId: string | null;
  },
): Promise<{ paymentId: string; receipt: { id: string; symbol: string; number: number } | null } | undefined> {
  const at = input.paidAt.toISOString();
  const [row] = await queryNamedRows<{
    payment_id: string;
    receipt_id: string | null;
    receipt_symbol: string | null;
    receipt_number: number | null;
  }>(
    tx,
    'congso_settle_pending_payment',
    sql`with p as (
          update payments set status = 'paid', paid_at = ${at}::timestamptz, confirmed_via = ${input.via},
            settled_dossier = ${input.settledDossier}::boolean,
            -- A transfer's number at the bank (a statement's line, or typed by the accountant): the transaction
            -- the reconciliation report and the payment's page show. A platform's transaction id is kept.
            provider_transaction_id = coalesce(provider_transaction_id, ${input.bankReference ?? null}::text)
          where id = ${input.paymentId}::uuid and status = 'pending'
          returning id, dossier_id, collecting_agency_id, reference, amount, method
        ), n as (
          insert into receipt_series (agency_id, year, symbol, last_number)
          select collecting_agency_id, ${input.year}::int, ${input.symbol}, 1 from p where ${input.settledDossier}::boolean
          on conflict (agency_id, year) do update set last_number = receipt_series.last_number + 1
          returning last_number as number, symbol
        ), r as (
          insert into receipts (payment_id, dossier_id, agency_id, year, symbol, number, issued_at, payer, lines, total, method)
          select p.id, p.dossier_id, p.collecting_agency_id, ${input.year}::int, n.symbol, n.number, ${at}::timestamptz,
            ${JSON.stringify(input.payer)}::jsonb, ${JSON.stringify(input.lines)}::jsonb, p.amount, p.method
          from p cross join n
          returning id, symbol, number
        ), a as (
          insert into audit_events (occurred_at, actor_id, action, entity_type, entity_id, agency_id, data, ip, request_id)
          select ${at}::timestamptz, ${input.actorId ?? null}::uuid,
            case when ${input.settledDossier}::boolean then 'payment.paid' else 'payment.unmatched' end,
            'payment', p.id::text, p.collecting_agency_id,
            jsonb_build_object('dossier', ${input.dossierCode}::text, 'reference', p.reference, 'amount', p.amount,
              'via', ${input.via}::text, 'receipt', (select r.symbol || ' ' || r.number from r),
              'bankReference', ${input.bankReference ?? null}::text),
            ${input.ip}::text, ${input.requestId}::text
          from p
        )
        select p.id as payment_id, r.id as receipt_id, r.symbol as receipt_symbol, r.number as receipt_number
        from p left join r on true`,
  );
  if (!row) return undefined;
  return {
    paymentId: row.payment_id,
    receipt:
      row.receipt_id !== null
        ? { id: row.receipt_id, symbol: row.receipt_symbol as string, number: Number(row.receipt_number) }
        : null,
  };
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

/** One payment of a reconciliation day with its dossier, fee and receipt (what the report's rows need). */
export interface ReportPaymentRow {
  id: string;
  reference: string;
  provider: PaymentProvider;
  method: string;
  amount: number;
  status: string;
  created_at: Date | string;
  paid_at: Date | string | null;
  confirmed_via: string | null;
  settled_dossier: boolean;
  provider_transaction_id: string | null;
  dossier_code: string;
  agency_name: string;
  fee_total: number;
  fee_status: string;
  collector:
    | { kind: 'agency' }
    | { kind: 'treasury'; accountName: string; accountNumber: string; bankBin: string; bankName: string };
  receipt_symbol: string | null;
  receipt_number: number | null;
  receipt_total: number | null;
}

/**
 * The payments of a day [from, to): paid in it, or started in it and not paid (pending, failed, cancelled), with
 * the dossier's code, the collecting agency, the fee asked and the receipt, in time order.
 */
export async function listPaymentsOfDay(db: Executor, from: Date, to: Date): Promise<ReportPaymentRow[]> {
  return queryRows<ReportPaymentRow>(
    db,
    sql`select p.id, p.reference, p.provider, p.method, p.amount, p.status, p.created_at, p.paid_at, p.confirmed_via,
          p.settled_dossier, p.provider_transaction_id, d.code as dossier_code, a.name as agency_name,
          f.total as fee_total, f.status as fee_status, f.collector,
          r.symbol as receipt_symbol, r.number as receipt_number, r.total as receipt_total
        from payments p
        join dossiers d on d.id = p.dossier_id
        join dossier_fees f on f.id = p.dossier_fee_id
        join agencies a on a.id = p.collecting_agency_id
        left join receipts r on r.payment_id = p.id
        where (p.paid_at >= ${from} and p.paid_at < ${to})
           or (p.paid_at is null and p.created_at >= ${from} and p.created_at < ${to})
        order by coalesce(p.paid_at, p.created_at), p.reference`,
  );
}

export type PaymentReportRow = typeof paymentReports.$inferSelect;

/** Keeps a day's report (a later run of the same day replaces it); returns the key it replaced, if any. */
export async function savePaymentReport(
  tx: Executor,
  values: typeof paymentReports.$inferInsert,
): Promise<string | null> {
  const [before] = await tx.select().from(paymentReports).where(eq(paymentReports.day, values.day)).limit(1);
  await tx
    .insert(paymentReports)
    .values(values)
    .onConflictDoUpdate({
      target: paymentReports.day,
      set: {
        fileKey: values.fileKey,
        summary: values.summary,
        generatedAt: values.generatedAt,
        generatedBy: values.generatedBy,
      },
    });
  return before?.fileKey ?? null;
}

export async function getPaymentReport(db: Executor, day: string): Promise<PaymentReportRow | undefined> {
  const [row] = await db.select().from(paymentReports).where(eq(paymentReports.day, day)).limit(1);
  return row;
}

export async function listPaymentReports(db: Executor, limit: number): Promise<PaymentReportRow[]> {
  return db.select().from(paymentReports).orderBy(sql`${paymentReports.day} desc`).limit(limit);
}
