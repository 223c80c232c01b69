/**
 * Acting on a dossier: the state is replayed from the action log, the pure transition decides
 * (`applyAction`), the ids the action names are checked, and the new state, the event, the files it brings,
 * the applicant's notification and the audit event are saved together only if nobody acted in between.
 */

import {
  type Actor,
  applyAction,
  CongsoError,
  createVietnamCalendar,
  type DossierActionInput,
  type DossierEvent,
  type DossierState,
  replay,
} from '@congso/core';
import {
  attachFiles,
  countDossierPayments,
  type DossierRow,
  type Executor,
  getAgencyById,
  getDossierRow,
  getPersonById,
  loadDossierEvents,
  recordAudit,
  saveDossierState,
} from '@congso/db';
import { discardSigned, signElectronicResults, writeElectronicResults } from '../digitisation/electronic-result';
import { type FeeOfRequest, recordFeeChange } from '../fees/fee-records';
import { isUuid } from '../http/schemas';
import { notifyApplicant } from '../notifications/notifications.service';
import { type Payer, recordCounterPayment } from '../payments/settlement';
import type { AppContext } from '../platform/context';
import { emitWebhookEvents } from '../webhooks/webhooks.service';
import { loadDossierFor } from './read-access';

const calendar = createVietnamCalendar();

export interface RequestMeta {
  ip: string | null;
  requestId: string;
}

/** An attached file that does not exist, is someone else's or belongs to another dossier already. */
export const filesUnavailable = () =>
  new CongsoError('VALIDATION_FAILED', {
    messages: {
      vi: 'Có tệp đính kèm không tồn tại, không phải của bạn hoặc đã được dùng cho hồ sơ khác.',
      en: 'An attached file does not exist, is not yours or is already part of another dossier.',
    },
    details: [{ path: 'documents', code: 'file_not_available' }],
  });

/** Attaches the files of an action inside its transaction; all or nothing. */
async function attachOrFail(tx: Executor, values: Parameters<typeof attachFiles>[1]) {
  if (values.items.length === 0) return;
  const attached = await attachFiles(tx, values);
  if (attached.length !== values.items.length) throw filesUnavailable();
}

export interface ActOptions {
  /** The fee a fee request computed (its lines, exemptions, collector), kept with the request. */
  fee?: FeeOfRequest;
  /** More writes in the action's transaction, after the dossier's (a payment's own row). */
  within?: (tx: Executor, next: DossierState, event: DossierEvent) => Promise<void>;
  /** The installation acts (SYSTEM_ACTOR): it reads every dossier. */
  system?: boolean;
  /** A fee paid at the counter: how (the payment row and receipt are written with the confirmation). */
  counter?: { method: 'cash' | 'card' };
}

/** Applies one action (409 VERSION_CONFLICT when the dossier is no longer at `expectedVersion`). */
export async function actOnDossier(
  ctx: AppContext,
  actor: Actor,
  id: string,
  expectedVersion: number,
  input: DossierActionInput,
  meta: RequestMeta,
  options: ActOptions = {},
): Promise<DossierRow> {
  const db = ctx.connection.db;
  const row = options.system ? await getDossierRow(db, { id }) : await loadDossierFor(ctx, actor, { id });
  if (!row) throw new CongsoError('NOT_FOUND');
  // The version is checked on the state the action applies to: the log may have grown since the row was read.
  const state = replay(await loadDossierEvents(db, id));
  if (state.version !== expectedVersion) {
    throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: state.version } });
  }
  await writeDossierAction(ctx, actor, row, state, input, meta, options);
  return (await getDossierRow(db, { id })) as DossierRow;
}

/**
 * Applies an action to a dossier the caller has already read (`row`, and `state` replayed from its log) and
 * writes it in one transaction; the version is checked by the write (VERSION_CONFLICT when the log grew
 * meanwhile). For callers that read the dossier anyway (a payment's confirmation), so it is read once.
 */
export async function writeDossierAction(
  ctx: AppContext,
  actor: Actor,
  row: DossierRow,
  state: DossierState,
  input: DossierActionInput,
  meta: RequestMeta,
  options: ActOptions = {},
): Promise<{ next: DossierState; event: DossierEvent }> {
  const db = ctx.connection.db;
  const id = row.id;
  const expectedVersion = state.version;
  const now = ctx.now();
  const { state: next, event } = applyAction(state, input, { at: now, calendar, actor });
  await checkNamedIds(ctx, event, state);
  const files = filesOfAction(input);
  // Returned electronically: the result PDFs signed before the transaction (nothing written on a failure).
  const signed =
    event.action === 'return_result' && event.data.method === 'electronic'
      ? await signElectronicResults(ctx, row, next, await loadDossierEvents(db, id))
      : [];
  await db
    .transaction(async (tx) => {
      if (!(await saveDossierState(tx, next, event, expectedVersion))) {
        throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: null } });
      }
      await attachOrFail(tx, { dossierId: id, ownerId: actor.id, at: now, ...files });
      const settled = await recordFeeChange(tx, state, next, event, options.fee);
      if (signed.length > 0) await writeElectronicResults(tx, { actor, row, state: next, signed, at: now, meta });
      await notifyApplicant(ctx, tx, event, next, (row.applicant as { email?: string | null }).email);
      if (event.fromStatus !== event.toStatus) {
        await emitWebhookEvents(ctx, tx, [
          {
            type: 'vn.congso.dossier.status_changed',
            subject: next.code,
            time: now,
            data: {
              id,
              code: next.code,
              action: event.action,
              from: event.fromStatus,
              to: event.toStatus,
              agencyId: next.currentStep?.agencyId ?? next.receivingAgencyId,
              version: next.version,
            },
          },
        ]);
      }
      await recordAudit(tx, {
        occurredAt: now,
        actorId: actor.id,
        action: `dossier.${event.action}`,
        entityType: 'dossier',
        entityId: id,
        agencyId: next.currentStep?.agencyId ?? next.receivingAgencyId,
        data: { code: next.code, from: event.fromStatus, to: event.toStatus },
        ...meta,
      });
      // Last, right before the commit: a receipt's number takes its series' row lock, held to the commit, which
      // every payment of the agency waits for; nothing else is sent while it is held. Confirmed by a clerk: paid
      // at the counter, with its receipt; else what `within` writes (an online payment's settlement).
      if (event.action === 'confirm_payment' && !options.within && settled) {
        await recordCounterPayment(tx, {
          state: next,
          fee: settled,
          payer: row.applicant as Payer,
          method: options.counter?.method ?? 'cash',
          reference: event.data.reference ?? null,
          at: now,
          actorId: actor.id,
          attempt: (await countDossierPayments(tx, id)) + 1,
          meta,
        });
      }
      await options.within?.(tx, next, event);
    })
    .catch(async (error: unknown) => {
      await discardSigned(ctx, signed);
      throw error;
    });
  return { next, event };
}

/**
 * The ids an action names (the domain checks only that they are text): the agency a dossier is forwarded or
 * sent to must be in force, and the assignee an active officer of the agency holding the step (whom the
 * policy lets act on it). Unknown ids would otherwise fail a foreign key (a 500), and a citizen or another
 * agency's officer would be accepted as assignee.
 */
async function checkNamedIds(ctx: AppContext, event: DossierEvent, before: DossierState) {
  const db = ctx.connection.db;
  const refuse = (path: string, vi: string, en: string) =>
    new CongsoError('VALIDATION_FAILED', {
      messages: { vi, en },
      details: [{ path, code: 'not_found', message: { vi, en } }],
    });
  if (event.action === 'forward' || event.action === 'send_to_agency') {
    const id = event.data.agencyId;
    const agency = isUuid(id) ? await getAgencyById(db, id) : undefined;
    if (!agency || agency.validTo) {
      throw refuse('agencyId', 'Cơ quan được chọn không tồn tại hoặc đã hết hiệu lực.', 'No such agency in force.');
    }
  }
  if (event.action === 'assign') {
    const id = event.data.assigneeId;
    const person = isUuid(id) ? await getPersonById(db, id) : undefined;
    const stepAgency = before.currentStep?.agencyId;
    if (!stepAgency || person?.kind !== 'officer' || !person.active || person.agencyId !== stepAgency) {
      throw refuse(
        'assigneeId',
        'Người được phân công phải là cán bộ đang làm việc tại cơ quan đang xử lý hồ sơ.',
        'The assignee must be an active officer of the agency handling the dossier.',
      );
    }
  }
}

/** The files an action brings: the supplement's files, the result documents' electronic copies. */
function filesOfAction(input: DossierActionInput) {
  const items =
    input.action === 'submit_supplement'
      ? (input.fileIds ?? []).map((fileId) => ({ fileId }))
      : input.action === 'issue_result'
        ? input.results.flatMap((d) => (d.fileId ? [{ fileId: d.fileId, documentName: d.name }] : []))
        : [];
  if (items.some((i) => !isUuid(i.fileId))) throw filesUnavailable();
  if (new Set(items.map((i) => i.fileId)).size !== items.length) throw filesUnavailable();
  return { purpose: input.action === 'submit_supplement' ? ('supplement' as const) : ('result' as const), items };
}
