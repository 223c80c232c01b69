/**
 * The dossier's fee rows follow its fee events, inside the action's transaction: a request inserts what was
 * asked and why (the assessment the fee request computed, or the amount an officer typed), a payment or a
 * waiver settles it, and a dossier that ends while waiting cancels it.
 */
import type { DossierEvent, DossierState, FeeAssessment, FeeCollector, FeeDueMoment } from '@congso/core';
import { type DossierFeeRow, type Executor, insertDossierFee, settleDossierFee } from '@congso/db';

/** What the fee request computed (absent: an officer asked an amount by hand). */
export interface FeeOfRequest {
  assessment: FeeAssessment;
  due: FeeDueMoment;
  collector: FeeCollector;
}

/** Keeps the dossier's fee rows in step with the event; returns the fee row a payment or waiver settled. */
export async function recordFeeChange(
  tx: Executor,
  before: DossierState,
  next: DossierState,
  event: DossierEvent,
  fee?: FeeOfRequest,
): Promise<DossierFeeRow | undefined> {
  switch (event.action) {
    case 'request_payment': {
      const amount = event.data.amount;
      const assessment: FeeAssessment = fee?.assessment ?? {
        lines: [
          {
            itemId: 'yeu-cau',
            kind: 'charge',
            name: event.data.description ?? 'Phí, lệ phí',
            unit: 'hồ sơ',
            due: before.status === 'processed' ? 'result' : 'filing',
            baseAmount: amount,
            exemption: null,
            amount,
          },
        ],
        total: amount,
      };
      await insertDossierFee(tx, {
        dossierId: next.id,
        requestVersion: event.version,
        due: fee?.due ?? (before.status === 'processed' ? 'result' : 'filing'),
        channel: next.channel,
        assessment,
        collector: fee?.collector ?? { kind: 'agency' },
        status: 'requested',
        requestedAt: event.at,
        requestedBy: event.actor.id,
      });
      return;
    }
    case 'confirm_payment':
      return settleDossierFee(tx, next.id, 'paid', event.at);
    case 'waive_payment':
      return settleDossierFee(tx, next.id, 'waived', event.at);
    case 'stop':
    case 'withdraw':
    case 'refuse_receipt':
      if (before.pending?.kind === 'payment') await settleDossierFee(tx, next.id, 'cancelled', event.at);
      return;
    default:
      return;
  }
}
