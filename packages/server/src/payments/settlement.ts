/**
 * What a settled fee writes besides the dossier's event, in the same transaction: the payment row (paid, once)
 * and the electronic receipt with the next number of the collecting agency's series for the year.
 */
import { CongsoError, type DossierState, paymentReferenceOf, vnDateKey } from '@congso/core';
import {
  type DossierFeeRow,
  type Executor,
  insertPayment,
  insertReceipt,
  markPaymentPaid,
  nextReceiptNumber,
  type PaymentRow,
  type ReceiptRow,
  recordAudit,
} from '@congso/db';
import type { RequestMeta } from '../dossiers/acting';

/** The series' symbol (ký hiệu) of a year [verify: Thông tư 78/2021/TT-BTC]: kept in receipt_series as data. */
export const receiptSymbolOf = (year: number) => `BL/${String(year % 100).padStart(2, '0')}E`;

/** The Vietnam year of an instant. */
export const vnYearOf = (at: Date) => Number(vnDateKey(at).slice(0, 4));

export interface Payer {
  fullName: string;
  nationalId?: string;
  address: string;
}

/** Issues the receipt of a payment: the next number of the agency's series for the payment's year. */
export async function issueReceipt(
  tx: Executor,
  payment: PaymentRow,
  fee: DossierFeeRow,
  payer: Payer,
  at: Date,
): Promise<ReceiptRow> {
  const year = vnYearOf(at);
  const { number, symbol } = await nextReceiptNumber(tx, payment.collectingAgencyId, year, receiptSymbolOf(year));
  return insertReceipt(tx, {
    paymentId: payment.id,
    dossierId: payment.dossierId,
    agencyId: payment.collectingAgencyId,
    year,
    symbol,
    number,
    issuedAt: at,
    payer: { fullName: payer.fullName, nationalId: payer.nationalId ?? null, address: payer.address },
    lines: fee.lines.filter((l) => l.amount > 0 || l.exemption !== null),
    total: payment.amount,
    method: payment.method,
  });
}

/** Thrown inside a transaction when the payment was no longer pending: the caller rolls back and reports it. */
export class AlreadySettled extends Error {}

/** Marks a pending online payment paid with its receipt and audit event (throws AlreadySettled if it was not). */
export async function settleOnlinePayment(
  tx: Executor,
  input: {
    payment: PaymentRow;
    fee: DossierFeeRow;
    payer: Payer;
    at: Date;
    via: 'callback' | 'reconciliation';
    settledDossier: boolean;
    state: DossierState;
    meta: RequestMeta;
  },
) {
  const paid = await markPaymentPaid(tx, input.payment.id, {
    paidAt: input.at,
    confirmedVia: input.via,
    settledDossier: input.settledDossier,
  });
  if (!paid) throw new AlreadySettled();
  const receipt = input.settledDossier ? await issueReceipt(tx, paid, input.fee, input.payer, input.at) : null;
  await recordAudit(tx, {
    occurredAt: input.at,
    actorId: null,
    action: input.settledDossier ? 'payment.paid' : 'payment.unmatched',
    entityType: 'payment',
    entityId: paid.id,
    agencyId: paid.collectingAgencyId,
    data: {
      dossier: input.state.code,
      reference: paid.reference,
      amount: paid.amount,
      via: input.via,
      receipt: receipt ? `${receipt.symbol} ${receipt.number}` : null,
    },
    ...input.meta,
  });
  return { payment: paid, receipt };
}

/** A fee paid at the counter (cash, card): the payment row, paid, and its receipt. */
export async function recordCounterPayment(
  tx: Executor,
  input: {
    state: DossierState;
    fee: DossierFeeRow;
    payer: Payer;
    method: 'cash' | 'card';
    reference: string | null;
    at: Date;
    actorId: string;
    attempt: number;
    meta: RequestMeta;
  },
) {
  if (input.fee.total <= 0) throw new CongsoError('PAYMENT_NOT_DUE');
  const payment = await insertPayment(tx, {
    dossierId: input.state.id,
    dossierFeeId: input.fee.id,
    provider: 'counter',
    method: input.method,
    reference: paymentReferenceOf(input.state.code, input.attempt),
    providerTransactionId: input.reference,
    amount: input.fee.total,
    status: 'paid',
    collectingAgencyId: input.state.receivingAgencyId,
    createdAt: input.at,
    createdBy: input.actorId,
    paidAt: input.at,
    confirmedVia: 'clerk',
    settledDossier: true,
  });
  const receipt = await issueReceipt(tx, payment, input.fee, input.payer, input.at);
  await recordAudit(tx, {
    occurredAt: input.at,
    actorId: input.actorId,
    action: 'payment.paid',
    entityType: 'payment',
    entityId: payment.id,
    agencyId: payment.collectingAgencyId,
    data: {
      dossier: input.state.code,
      reference: payment.reference,
      amount: payment.amount,
      via: 'clerk',
      method: input.method,
      receipt: `${receipt.symbol} ${receipt.number}`,
    },
    ...input.meta,
  });
  return { payment, receipt };
}
