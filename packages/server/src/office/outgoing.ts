/**
 * Use cases of outgoing documents: draft (an uploaded PDF or composed text rendered to PDF), update, submit,
 * return, approve, sign (through the signing service, or the PDF the signer signed with their own token),
 * issue (the number from the register of the signing date's year, taken under the register's row lock in
 * the issuing transaction: unique and gap-free), send (to agencies inside Congso: their inbox; outside: a row
 * for the edXML exchange). Each is one transaction with its event and audit event, version-checked.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  type Actor,
  applyOutgoingAction,
  CongsoError,
  createOutgoing,
  MAX_DOCUMENT_NUMBER,
  type OutgoingDraft,
  type OutgoingState,
  registerYearOfDate,
  vnDateKey,
} from '@congso/core';
import {
  type AgencyRow,
  type Executor,
  ensureRegister,
  getAgencyById,
  getFile,
  getOfficeDocument,
  insertDeliveries,
  insertExchangeOutbox,
  insertFile,
  insertOfficeDocument,
  insertOfficeEvent,
  issueWithNextNumber,
  type OfficeDocumentRow,
  recordAudit,
  saveOfficeDocument,
} from '@congso/db';
import { isUuid } from '../http/schemas';
import type { AppContext } from '../platform/context';
import {
  calendar,
  conflictOnUnique,
  fieldError,
  loadOfficeDocumentFor,
  officeAgencyOf,
  type RequestMeta,
  readFileBytes,
  usablePdf,
} from './office-common';
import { renderComposedDocument } from './office-renderers';
import { extractPdfText } from './pdf-text';
import { outgoingStateOf } from './state-json';

/**
 * The signing service (helper `pades`): signs a PDF as the signer, then with the agency's seal, and gives
 * the signed bytes. Without one, the signer uploads the PDF they signed with their own token.
 */
export interface OfficeDocumentSigner {
  sign(input: {
    pdf: Uint8Array;
    signer: { id: string; fullName: string; position: string | null };
    agency: { id: string; name: string; code: string };
    at: Date;
  }): Promise<Uint8Array>;
}

const signers = new WeakMap<AppContext, OfficeDocumentSigner>();

/** Plugs a signing service into an app context (the server's start, or a test). */
export function useOfficeSigner(ctx: AppContext, signer: OfficeDocumentSigner): void {
  signers.set(ctx, signer);
}

function outgoingColumns(state: OutgoingState, at: Date) {
  return {
    status: state.status,
    version: state.version,
    typeCode: state.draft.typeCode,
    subject: state.draft.subject,
    priority: state.draft.priority,
    fileId: state.fileId,
    state,
    updatedAt: at,
  };
}

async function storePdf(tx: Executor, actor: Actor, name: string, bytes: Uint8Array, key: string, at: Date) {
  return insertFile(tx, {
    id: randomUUID(),
    ownerId: actor.id,
    name,
    mediaType: 'application/pdf',
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    storageKey: key,
    createdAt: at,
  });
}

/** A new draft from an uploaded PDF (`fileId`) or composed text (`content`, rendered to PDF). */
export async function draftOutgoing(
  ctx: AppContext,
  actor: Actor,
  body: { draft: OutgoingDraft; fileId?: string; content?: string },
  meta: RequestMeta,
): Promise<OfficeDocumentRow> {
  const agency = await officeAgencyOf(ctx, actor, 'office.draft');
  const db = ctx.connection.db;
  await checkRecipients(db, agency, body.draft);
  const at = ctx.now();
  const id = randomUUID();
  // The core's checks (roles, a công văn's unit) before anything is rendered or stored.
  createOutgoing(
    { id, agencyId: agency.id, issuerAbbreviation: agency.shortName, draft: body.draft, fileId: 'x' },
    { at, actor },
  );
  let fileId: string;
  let textContent: string;
  let stored: { key: string; bytes: Uint8Array } | null = null;
  if (body.content !== undefined) {
    const bytes = await renderComposedDocument({ agency, draft: body.draft, content: body.content, at });
    stored = { key: await ctx.storage.put(bytes), bytes };
    fileId = '';
    textContent = body.content;
  } else {
    const file = await usablePdf(db, actor, body.fileId);
    fileId = file.id;
    textContent = await extractPdfText(await readFileBytes(ctx, file));
  }
  try {
    return await db.transaction(async (tx) => {
      if (stored) fileId = (await storePdf(tx, actor, 'du-thao.pdf', stored.bytes, stored.key, at)).id;
      const { state, event } = createOutgoing(
        { id, agencyId: agency.id, issuerAbbreviation: agency.shortName, draft: body.draft, fileId },
        { at, actor },
      );
      const row = await insertOfficeDocument(tx, {
        id,
        direction: 'outgoing',
        agencyId: agency.id,
        organName: agency.name,
        medium: 'electronic',
        drafterId: actor.id,
        textContent,
        createdAt: at,
        ...outgoingColumns(state, at),
      }).catch(conflictOnUnique);
      await insertOfficeEvent(tx, { documentId: id, version: 1, action: 'create', at, actorId: actor.id, event });
      await recordAudit(tx, {
        occurredAt: at,
        actorId: actor.id,
        action: 'office.outgoing.create',
        entityType: 'office_document',
        entityId: id,
        agencyId: agency.id,
        data: { typeCode: body.draft.typeCode, composed: stored !== null },
        ...meta,
      });
      return row;
    });
  } catch (error) {
    if (stored) await ctx.storage.remove(stored.key).catch(() => {});
    throw error;
  }
}

/** Internal recipients must be agencies in force other than the issuer. */
async function checkRecipients(db: Executor, agency: AgencyRow, draft: OutgoingDraft) {
  for (const [i, r] of draft.recipients.entries()) {
    if (r.kind !== 'internal') continue;
    const target = isUuid(r.agencyId) ? await getAgencyById(db, r.agencyId) : undefined;
    if (!target || target.validTo || target.id === agency.id) {
      throw fieldError(
        `draft.recipients.${i}.agencyId`,
        'not_found',
        'Cơ quan nhận không tồn tại, đã hết hiệu lực hoặc là chính cơ quan ban hành.',
        'The recipient agency does not exist, is no longer in force or is the issuing agency.',
      );
    }
  }
}

/** One action on an outgoing document (409 VERSION_CONFLICT when it is no longer at `expectedVersion`). */
export async function actOnOutgoing(
  ctx: AppContext,
  actor: Actor,
  id: string,
  expectedVersion: number,
  input: { action: string; [key: string]: unknown },
  meta: RequestMeta,
): Promise<OfficeDocumentRow> {
  const db = ctx.connection.db;
  const row = await loadOfficeDocumentFor(ctx, actor, id, 'outgoing');
  const state = outgoingStateOf(row.state);
  if (state.version !== expectedVersion) {
    throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: state.version } });
  }
  const agency = (await getAgencyById(db, row.agencyId)) as AgencyRow;
  const at = ctx.now();
  const ctxCore = { at, actor, calendar };
  // Checks of the status and the policy before any work (signing, files).
  const dryRun = () => applyOutgoingAction(state, input, ctxCore, { number: 1, signedFileId: state.fileId });
  if (input.action !== 'issue') dryRun();

  let textContent: string | undefined;
  let signed: { key: string; bytes: Uint8Array } | null = null;
  let signedFileId: string | undefined;
  if (input.action === 'update') {
    const draft = input.draft as OutgoingDraft | undefined;
    if (draft) await checkRecipients(db, agency, draft);
    if (typeof input.fileId === 'string') {
      const file = await usablePdf(db, actor, input.fileId);
      textContent = await extractPdfText(await readFileBytes(ctx, file));
    }
  }
  if (input.action === 'sign') {
    if (typeof input.signedFileId === 'string') {
      signedFileId = (await usablePdf(db, actor, input.signedFileId)).id;
    } else {
      const signer = signers.get(ctx);
      if (!signer) {
        throw fieldError(
          'signedFileId',
          'required',
          'Chưa có dịch vụ ký số: hãy tải lên bản PDF đã ký số bằng thiết bị ký của bạn.',
          'No signing service: upload the PDF you signed with your own signing device.',
        );
      }
      const current = await getFile(db, state.fileId);
      if (!current) throw new CongsoError('NOT_FOUND');
      const bytes = await signer.sign({
        pdf: await readFileBytes(ctx, current),
        signer: {
          id: actor.id,
          fullName: state.draft.signer?.fullName ?? '',
          position: state.draft.signer?.position ?? null,
        },
        agency: { id: agency.id, name: agency.name, code: agency.code },
        at,
      });
      signed = { key: await ctx.storage.put(bytes), bytes };
    }
  }
  const registerId =
    input.action === 'issue' && state.signedAt
      ? (
          await ensureRegister(db, {
            agencyId: row.agencyId,
            kind: 'outgoing',
            year: registerYearOfDate(vnDateKey(state.signedAt)),
            at,
          })
        ).id
      : null;

  try {
    return await db.transaction(async (tx) => {
      if (signed) signedFileId = (await storePdf(tx, actor, 'van-ban-da-ky.pdf', signed.bytes, signed.key, at)).id;
      if (registerId) return issue(tx, { state, input, ctxCore, registerId, expectedVersion, row, meta });
      const { state: next, event } = applyOutgoingAction(state, input, ctxCore, { signedFileId });
      const columns: Record<string, unknown> = { ...outgoingColumns(next, at) };
      if (textContent !== undefined) columns.textContent = textContent;
      const saved = await saveOfficeDocument(tx, id, expectedVersion, columns).catch(conflictOnUnique);
      if (!saved) throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: null } });
      await insertOfficeEvent(tx, {
        documentId: id,
        version: next.version,
        action: event.action,
        at,
        actorId: actor.id,
        event,
      });
      if (event.action === 'send') await dispatch(tx, saved, next, at);
      await recordAudit(tx, {
        occurredAt: at,
        actorId: actor.id,
        action: `office.outgoing.${event.action}`,
        entityType: 'office_document',
        entityId: id,
        agencyId: row.agencyId,
        data: { from: event.fromStatus, to: event.toStatus },
        ...meta,
      });
      return saved;
    });
  } catch (error) {
    if (signed) await ctx.storage.remove(signed.key).catch(() => {});
    throw error;
  }
}

/**
 * Issue: the audit event first, then the register's next number, the document and its event in one
 * statement (`issueWithNextNumber`), so the register's row is locked only from that statement to the commit.
 */
async function issue(
  tx: Executor,
  input: {
    state: OutgoingState;
    input: { action: string };
    ctxCore: { at: Date; actor: Actor; calendar: typeof calendar };
    registerId: string;
    expectedVersion: number;
    row: OfficeDocumentRow;
    meta: RequestMeta;
  },
): Promise<OfficeDocumentRow> {
  const { at, actor } = input.ctxCore;
  // The core decides with a stand-in number (status, policy, the day of signing); the statement puts the real one.
  const { state: next, event } = applyOutgoingAction(input.state, input.input, input.ctxCore, {
    number: MAX_DOCUMENT_NUMBER,
  });
  const issued = next.issue as NonNullable<OutgoingState['issue']>;
  await recordAudit(tx, {
    occurredAt: at,
    actorId: actor.id,
    action: 'office.outgoing.issue',
    entityType: 'office_document',
    entityId: input.row.id,
    agencyId: input.row.agencyId,
    data: { from: event.fromStatus, to: event.toStatus, registerId: input.registerId, issuedDate: issued.issuedDate },
    ...input.meta,
  });
  const result = await issueWithNextNumber(tx, {
    registerId: input.registerId,
    documentId: input.row.id,
    expectedVersion: input.expectedVersion,
    suffix: issued.notation.slice(issued.notation.indexOf('/')),
    issuedDate: issued.issuedDate,
    at,
    actorId: actor.id,
    state: next,
    event,
    status: next.status,
    version: next.version,
  });
  if (result.taken === null) {
    throw new CongsoError('INVALID_STATE', {
      messages: { vi: 'Sổ văn bản đi của năm đã khóa.', en: 'The year’s outgoing register is closed.' },
    });
  }
  if (result.number === null) throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: null } });
  return (await getOfficeDocument(tx, input.row.id)) as OfficeDocumentRow;
}

/** Internal recipients: a delivery in their inbox; external ones: a row for the edXML exchange. */
async function dispatch(tx: Executor, row: OfficeDocumentRow, state: OutgoingState, at: Date) {
  const internal = [...new Set(state.draft.recipients.flatMap((r) => (r.kind === 'internal' ? [r.agencyId] : [])))];
  await insertDeliveries(
    tx,
    internal.map((recipientAgencyId) => ({ outgoingDocumentId: row.id, recipientAgencyId, sentAt: at })),
  );
  await insertExchangeOutbox(
    tx,
    state.draft.recipients.flatMap((r) =>
      r.kind === 'external'
        ? [
            {
              kind: 'document' as const,
              documentId: row.id,
              payload: { name: r.name, organId: r.organId ?? null },
              createdAt: at,
            },
          ]
        : [],
    ),
  );
}
