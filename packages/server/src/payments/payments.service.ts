/**
 * Online payment of a dossier's fee: the applicant starts a payment (national payment platform: a transaction
 * and the address to send the payer to; VietQR: the QR payload for a bank app), the platform's signed callback
 * confirms it (verified: signature, reference, transaction, amount; idempotent: a payment only leaves
 * `pending` once), and the reconciliation asks the platform about payments whose callback never came. A
 * confirmation is one transaction: the payment paid, its receipt numbered, the dossier's `confirm_payment` by
 * the system, the fee row settled, the audit events.
 */
import {
  type Actor,
  CongsoError,
  type DossierState,
  isCongsoError,
  paymentReferenceOf,
  replay,
  SYSTEM_ACTOR,
} from '@congso/core';
import {
  countDossierPayments,
  type DossierFeeRow,
  insertPayment,
  listDossierFees,
  listDossierPayments,
  listPendingPayments,
  loadPaymentToConfirm,
  markPaymentFailed,
  type OnlineConfirmation,
  type PaymentRow,
  recordAudit,
  setPaymentTransaction,
} from '@congso/db';
import { type RequestMeta, writeDossierAction } from '../dossiers/acting';
import { loadDossierFor } from '../dossiers/read-access';
import type { AppContext } from '../platform/context';
import { callbackBodySchema, hasValidSignature } from './national-platform';
import {
  type CollectionAccount,
  type OnlineProvider,
  onlineProviders,
  type ProviderPaymentView,
  paymentProviders,
} from './providers';
import { AlreadySettled, type ConfirmedBy, type Payer, settleOnlinePayment } from './settlement';

export type { OnlineProvider } from './providers';

/** The account a fee is paid into: the schedule's named account, else the province's collection account. */
export function collectionAccountOf(ctx: AppContext, fee: DossierFeeRow): CollectionAccount {
  const c = fee.collector;
  return c.kind === 'treasury'
    ? { bankBin: c.bankBin, accountNumber: c.accountNumber, accountName: c.accountName, bankName: c.bankName }
    : {
        bankBin: ctx.config.PAYMENT_ACCOUNT_BIN,
        accountNumber: ctx.config.PAYMENT_ACCOUNT_NUMBER,
        accountName: ctx.config.PAYMENT_ACCOUNT_NAME,
        bankName: null,
      };
}

const openFeeOf = (fees: DossierFeeRow[]) => fees.find((f) => f.status === 'requested');

/**
 * The applicant starts paying the open fee. A pending payment of the same provider is given again (one
 * attempt at a time); the platform's transaction is created after the payment row is committed.
 */
export async function startOnlinePayment(
  ctx: AppContext,
  actor: Actor,
  dossierId: string,
  provider: OnlineProvider,
  meta: RequestMeta,
) {
  const db = ctx.connection.db;
  const row = await loadDossierFor(ctx, actor, { id: dossierId });
  if (actor.id !== row.applicantId) throw new CongsoError('FORBIDDEN');
  const fee = openFeeOf(await listDossierFees(db, dossierId));
  if (row.status !== 'waiting_payment' || !fee) throw new CongsoError('PAYMENT_NOT_DUE');
  const chosen = paymentProviders(ctx)[provider];
  if (!chosen.configured) throw new CongsoError('PAYMENT_NOT_CONFIGURED');
  const account = collectionAccountOf(ctx, fee);
  const now = ctx.now();
  let payment = (await listDossierPayments(db, dossierId)).find(
    (p) => p.status === 'pending' && p.provider === provider && p.dossierFeeId === fee.id,
  );
  if (!payment) {
    payment = await db.transaction(async (tx) => {
      const created = await insertPayment(tx, {
        dossierId,
        dossierFeeId: fee.id,
        provider,
        method: chosen.method,
        reference: paymentReferenceOf(row.code, (await countDossierPayments(tx, dossierId)) + 1),
        amount: fee.total,
        status: 'pending',
        collectingAgencyId: row.receivingAgencyId,
        createdAt: now,
        createdBy: actor.id,
      });
      await recordAudit(tx, {
        occurredAt: now,
        actorId: actor.id,
        action: 'payment.start',
        entityType: 'payment',
        entityId: created.id,
        agencyId: row.receivingAgencyId,
        data: { dossier: row.code, provider, reference: created.reference, amount: created.amount },
        ...meta,
      });
      return created;
    });
  }
  // The payment row is committed before the provider is asked (a transaction at the platform names a payment
  // that exists); asking again for the same pending payment gives the same instructions.
  const given = await chosen.instruct({ payment, dossierId, dossierCode: row.code, account, now });
  if (given.transactionId !== null && payment.providerTransactionId !== given.transactionId) {
    await setPaymentTransaction(db, payment.id, given.transactionId);
    payment = { ...payment, providerTransactionId: given.transactionId };
  }
  return { payment, redirectUrl: given.redirectUrl, qr: given.qr };
}

export type ConfirmResult = 'confirmed' | 'unmatched' | 'already';

/** What a confirmation reads, in one statement (`loadPaymentToConfirm`). */
type PaymentToConfirm = NonNullable<Awaited<ReturnType<typeof loadPaymentToConfirm>>>;

/**
 * Confirms a payment the provider reported paid: once (a payment only leaves `pending` once, row-locked), with
 * its receipt and the dossier's confirm_payment when the dossier still waits for this fee; otherwise the money
 * is recorded as unmatched (to refund) and the dossier is left alone. A concurrent change of the dossier is
 * retried. `read` is what the caller has just read (`loadPaymentToConfirm`); a retry reads it again.
 */
export async function confirmOnlinePayment(
  ctx: AppContext,
  payment: PaymentRow,
  via: OnlineConfirmation,
  paidAt: Date,
  meta: RequestMeta,
  read?: PaymentToConfirm,
  by?: ConfirmedBy,
): Promise<ConfirmResult> {
  const db = ctx.connection.db;
  let current = read;
  for (let attempt = 0; attempt < 5; attempt++) {
    // Read once, together, in one statement: the payment, the dossier, its log, the fee.
    const loaded = current ?? (await loadPaymentToConfirm(db, { id: payment.id }));
    current = undefined;
    if (!loaded) throw new CongsoError('PAYMENT_UNKNOWN');
    // Paid, failed or cancelled already: a payment leaves `pending` once (the update below checks it too).
    if (loaded.payment.status !== 'pending') return 'already';
    const { dossier: row, events } = loaded;
    const fee = loaded.fee as DossierFeeRow;
    const state = replay(events);
    const settles =
      state.status === 'waiting_payment' &&
      state.pending?.kind === 'payment' &&
      fee?.status === 'requested' &&
      state.pending.amount === payment.amount;
    const payer = row.applicant as Payer;
    try {
      if (settles) {
        // The dossier as just read (row, log replayed once): the write checks its version.
        await writeDossierAction(
          ctx,
          SYSTEM_ACTOR,
          row,
          state,
          { action: 'confirm_payment', reference: payment.reference },
          meta,
          {
            system: true,
            within: async (tx, next) => {
              await settleOnlinePayment(tx, {
                payment,
                fee,
                payer,
                at: paidAt,
                via,
                settledDossier: true,
                state: next,
                meta,
                ...(by ? { by } : {}),
              });
            },
          },
        );
        return 'confirmed';
      }
      await db.transaction((tx) =>
        settleOnlinePayment(tx, {
          payment,
          fee,
          payer,
          at: paidAt,
          via,
          settledDossier: false,
          state,
          meta,
          ...(by ? { by } : {}),
        }),
      );
      return 'unmatched';
    } catch (error) {
      if (error instanceof AlreadySettled) return 'already';
      if (isCongsoError(error) && error.code === 'VERSION_CONFLICT') continue;
      throw error;
    }
  }
  throw new CongsoError('VERSION_CONFLICT');
}

/**
 * The platform's callback: the signature over every field, then the reference, the transaction and the amount
 * against the payment created. A repeated or late callback finds the payment no longer pending: nothing changes.
 */
export async function handlePlatformCallback(ctx: AppContext, body: unknown, meta: RequestMeta) {
  // The signature first, with the key whether or not the platform is switched on: nothing unsigned is read.
  const parsed = callbackBodySchema.safeParse(body);
  const { PAYMENT_PLATFORM_SECRET: secret, PAYMENT_PLATFORM_MERCHANT: merchant } = ctx.config;
  if (!parsed.success || !hasValidSignature(parsed.data, secret) || parsed.data.merchantCode !== merchant) {
    throw new CongsoError('PAYMENT_SIGNATURE_INVALID');
  }
  const callback = parsed.data;
  // The payment with all its confirmation needs (dossier, log, fee), in one read.
  const read = await loadPaymentToConfirm(ctx.connection.db, { reference: callback.reference });
  const payment = read?.payment;
  if (!read || !payment || payment.provider !== 'national_platform') throw new CongsoError('PAYMENT_UNKNOWN');
  if (
    callback.amount !== payment.amount ||
    (payment.providerTransactionId !== null && payment.providerTransactionId !== callback.transactionId)
  ) {
    throw new CongsoError('PAYMENT_MISMATCH', {
      details: { reference: callback.reference, expectedAmount: payment.amount },
    });
  }
  if (callback.status === 'pending') return { result: 'pending' as const };
  if (callback.status === 'failed') {
    const failed = await ctx.connection.db.transaction(async (tx) => {
      const changed = await markPaymentFailed(tx, payment.id, 'failed');
      if (changed) {
        await recordAudit(tx, {
          occurredAt: ctx.now(),
          actorId: null,
          action: 'payment.failed',
          entityType: 'payment',
          entityId: payment.id,
          agencyId: payment.collectingAgencyId,
          data: { reference: payment.reference },
          ...meta,
        });
      }
      return changed;
    });
    return { result: failed ? ('failed' as const) : ('already' as const) };
  }
  const paidAt =
    callback.paidAt && Number.isFinite(Date.parse(callback.paidAt)) ? new Date(callback.paidAt) : ctx.now();
  return { result: await confirmOnlinePayment(ctx, payment, 'callback', paidAt, meta, read) };
}

export interface ReconciliationReport {
  checked: number;
  confirmed: number;
  unmatched: number;
  failed: number;
  pending: number;
  errors: number;
}

/**
 * Asks each provider that can be asked about every pending payment older than PAYMENT_RECONCILE_AFTER_SECONDS:
 * paid ones are confirmed as a callback would (via `reconciliation`), failed ones closed, the rest left pending.
 */
export async function reconcilePayments(
  ctx: AppContext,
  options: { olderThanSeconds?: number; limit?: number } = {},
): Promise<ReconciliationReport> {
  const report: ReconciliationReport = { checked: 0, confirmed: 0, unmatched: 0, failed: 0, pending: 0, errors: 0 };
  const db = ctx.connection.db;
  const now = ctx.now();
  const before = new Date(
    now.getTime() - (options.olderThanSeconds ?? ctx.config.PAYMENT_RECONCILE_AFTER_SECONDS) * 1000,
  );
  const meta = { ip: null, requestId: 'reconciliation' };
  const providers = paymentProviders(ctx);
  for (const id of onlineProviders) {
    const provider = providers[id];
    if (!provider.configured) continue;
    for (const payment of await listPendingPayments(db, id, before, options.limit ?? 500)) {
      let seen: ProviderPaymentView | null;
      try {
        seen = await provider.query(payment, now);
      } catch {
        report.checked++;
        report.errors++;
        continue;
      }
      // A provider that cannot be asked (a bank transfer) leaves its payments to the statement's matching.
      if (seen === null) continue;
      report.checked++;
      try {
        if (seen.amount !== payment.amount) {
          report.errors++;
          continue;
        }
        if (seen.status === 'paid') {
          const result = await confirmOnlinePayment(ctx, payment, 'reconciliation', seen.paidAt ?? now, meta);
          if (result === 'confirmed') report.confirmed++;
          else if (result === 'unmatched') report.unmatched++;
        } else if (seen.status === 'failed') {
          await db.transaction(async (tx) => {
            if (await markPaymentFailed(tx, payment.id, 'failed')) {
              await recordAudit(tx, {
                occurredAt: now,
                actorId: null,
                action: 'payment.failed',
                entityType: 'payment',
                entityId: payment.id,
                agencyId: payment.collectingAgencyId,
                data: { reference: payment.reference, via: 'reconciliation' },
                ...meta,
              });
            }
          });
          report.failed++;
        } else {
          report.pending++;
        }
      } catch {
        report.errors++;
      }
    }
  }
  return report;
}

/** What the dossier's state says is owed now (for the pages). */
export function owedOf(state: DossierState): number | null {
  return state.status === 'waiting_payment' && state.pending?.kind === 'payment' ? state.pending.amount : null;
}

/**
 * The reconciliation as the job workers run it. Every process may run it: a payment leaves `pending` once, so
 * two processes asking at the same time confirm it once (the other finds it settled).
 */
export async function runReconciliation(ctx: AppContext): Promise<ReconciliationReport> {
  return reconcilePayments(ctx);
}
