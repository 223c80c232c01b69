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
  nextReceiptNumber,
  type OnlineConfirmation,
  type PaymentRow,
  type ReceiptRow,
  recordAudit,
  settlePendingPayment,
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

/** The payer as the receipt prints them. */
const receiptPayerOf = (payer: Payer) => ({
  fullName: payer.fullName,
  nationalId: payer.nationalId ?? null,
  address: payer.address,
});

/** The fee's lines the receipt lists: what is paid, and what an exemption took off. */
const receiptLinesOf = (fee: DossierFeeRow) => fee.lines.filter((l) => l.amount > 0 || l.exemption !== null);

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
    payer: receiptPayerOf(payer),
    lines: receiptLinesOf(fee),
    total: payment.amount,
    method: payment.method,
  });
}

/** Who confirmed a transfer by hand or from a statement, and the bank's number of it. */
export interface ConfirmedBy {
  actorId: string;
  bankReference: string | null;
}

/** Thrown inside a transaction when the payment was no longer pending: the caller rolls back and reports it. */
export class AlreadySettled extends Error {}

/**
 * Marks a pending online payment paid with its receipt (when it settles the dossier) and audit event, in one
 * statement (`settlePendingPayment`); throws AlreadySettled if the payment was no longer pending.
 */
export async function settleOnlinePayment(
  tx: Executor,
  input: {
    payment: PaymentRow;
    fee: DossierFeeRow;
    payer: Payer;
    at: Date;
    via: OnlineConfirmation;
    settledDossier: boolean;
    state: DossierState;
    meta: RequestMeta;
    /** The accountant who confirmed it, and the bank's number of the transfer (statement, accountant). */
    by?: ConfirmedBy;
  },
) {
  const year = vnYearOf(input.at);
  const settled = await settlePendingPayment(tx, {
    paymentId: input.payment.id,
    paidAt: input.at,
    via: input.via,
    actorId: input.by?.actorId ?? null,
    bankReference: input.by?.bankReference ?? null,
    settledDossier: input.settledDossier,
    year,
    symbol: receiptSymbolOf(year),
    payer: receiptPayerOf(input.payer),
    lines: receiptLinesOf(input.fee),
    dossierCode: input.state.code,
    ip: input.meta.ip ?? null,
    requestId: input.meta.requestId ?? null,
  });
  if (!settled) throw new AlreadySettled();
  return settled;
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
