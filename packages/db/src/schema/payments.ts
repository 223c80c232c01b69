import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { dossiers } from './dossiers';
import { dossierFees } from './fees';
import { agencies } from './identity';

/**
 * One attempt to pay a dossier's fee: online through the national payment platform or VietQR, or at the
 * counter (cash, card). `status`: pending → paid | failed | cancelled; `confirmed_via`: callback,
 * reconciliation (the platform said paid, the callback never came) or clerk. `settled_dossier`: whether it
 * settled the dossier's fee (false for money that came when the fee was already settled: to refund).
 */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dossierId: uuid('dossier_id')
      .notNull()
      .references(() => dossiers.id),
    dossierFeeId: uuid('dossier_fee_id')
      .notNull()
      .references(() => dossierFees.id),
    provider: text('provider').notNull(),
    method: text('method').notNull(),
    reference: text('reference').notNull(),
    providerTransactionId: text('provider_transaction_id'),
    amount: integer('amount').notNull(),
    status: text('status').notNull(),
    collectingAgencyId: uuid('collecting_agency_id')
      .notNull()
      .references(() => agencies.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by'),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    confirmedVia: text('confirmed_via'),
    settledDossier: boolean('settled_dossier').notNull().default(false),
  },
  (t) => [
    uniqueIndex('payments_reference_uq').on(t.reference),
    uniqueIndex('payments_transaction_uq')
      .on(t.provider, t.providerTransactionId)
      .where(sql`provider_transaction_id is not null`),
    index('payments_dossier_idx').on(t.dossierId, t.createdAt),
    index('payments_pending_idx').on(t.provider, t.createdAt).where(sql`status = 'pending'`),
    check('payments_status_ck', sql`${t.status} in ('pending','paid','failed','cancelled')`),
    check('payments_amount_ck', sql`${t.amount} > 0`),
  ],
);

/**
 * The receipt number series of a collecting agency for a year (biên lai điện tử): `last_number` is the counter,
 * incremented in the transaction that records the payment, so numbers are unique and gap-free (a rollback
 * gives its number back). `symbol` is the series' ký hiệu [verify: Thông tư 78/2021/TT-BTC], editable data.
 */
export const receiptSeries = pgTable(
  'receipt_series',
  {
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    year: integer('year').notNull(),
    symbol: text('symbol').notNull(),
    lastNumber: integer('last_number').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.year] })],
);

/** An electronic receipt of fees and charges: its number in the agency's series, what was paid, by whom. */
export const receipts = pgTable(
  'receipts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    paymentId: uuid('payment_id')
      .notNull()
      .references(() => payments.id),
    dossierId: uuid('dossier_id')
      .notNull()
      .references(() => dossiers.id),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    year: integer('year').notNull(),
    symbol: text('symbol').notNull(),
    number: integer('number').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    payer: jsonb('payer').notNull(),
    lines: jsonb('lines').notNull(),
    total: integer('total').notNull(),
    method: text('method').notNull(),
    /** The signed PDF in the file storage once rendered (rendered on first request). */
    fileKey: text('file_key'),
  },
  (t) => [
    uniqueIndex('receipts_number_uq').on(t.agencyId, t.year, t.number),
    uniqueIndex('receipts_payment_uq').on(t.paymentId),
    index('receipts_dossier_idx').on(t.dossierId),
  ],
);

/**
 * The daily reconciliation report (payments, dossiers, receipts, differences per collecting account) of a
 * Vietnam calendar day, as the daily job or a finance officer produced it: the XLSX in the file storage and its
 * summary. Produced again (a later run of the same day) it replaces the row.
 */
export const paymentReports = pgTable('payment_reports', {
  day: text('day').primaryKey(),
  fileKey: text('file_key').notNull(),
  summary: jsonb('summary').notNull(),
  generatedAt: timestamp('generated_at', { withTimezone: true }).notNull(),
  generatedBy: uuid('generated_by'),
});
