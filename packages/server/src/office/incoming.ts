/**
 * Use cases of incoming documents: register (an uploaded PDF, a document sent inside Congso, an edXML
 * package), assign / opinion / complete. Each is one transaction: the document's row (version-checked),
 * its event, the routing trace or opinion row, the audit event and, for documents that came in a package the
 * exchange received, the status message it sends back (03 registered, 04 assigned, 05 in handling, 06 done;
 * 02 when the clerk refuses it).
 */

import { createHash, randomUUID } from 'node:crypto';
import {
  type Actor,
  applyIncomingAction,
  CongsoError,
  type DocumentMedium,
  type DocumentMetadata,
  documentMetadataSchema,
  fieldIssuesOf,
  type IncomingEvent,
  type IncomingSource,
  type IncomingState,
  incomingOfEdxmlPackage,
  levelRoles,
  parseEdxmlPackage,
  registerIncoming,
  registerYearOf,
  sniffUpload,
} from '@congso/core';
import {
  type Executor,
  ensureRegister,
  type FileRow,
  findExchangeMessage,
  getAgencyById,
  getDelivery,
  getFile,
  getOfficeDocument,
  getPersonById,
  inboxItemRefused,
  insertAssignment,
  insertFile,
  insertInboxRefusal,
  insertOfficeDocument,
  insertOfficeEvent,
  insertOpinion,
  markDeliveryRegistered,
  type OfficeDocumentRow,
  queryRows,
  recordAudit,
  saveOfficeDocument,
  sql,
  takeRegisterNumber,
} from '@congso/db';
import { queueExchangeStatus } from '../exchange/exchange.service';
import { isUuid } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { emitWebhookEvents } from '../webhooks/webhooks.service';
import {
  calendar,
  conflictOnUnique,
  fieldError,
  fileNotUsable,
  loadOfficeDocumentFor,
  officeAgencyOf,
  type RequestMeta,
  readFileBytes,
  usablePdf,
} from './office-common';
import { extractPdfText } from './pdf-text';
import { incomingStateOf, outgoingStateOf } from './state-json';

/** edXML status codes (QCVN 102:2016) of the changes the sender hears of. */
export const edxmlStatusCodes = {
  refused: '02',
  registered: '03',
  assigned: '04',
  handling: '05',
  done: '06',
} as const;

/** The columns that follow an incoming state. */
function incomingColumns(state: IncomingState, at: Date) {
  return {
    status: state.status,
    version: state.version,
    holderId: state.holderId,
    dueAt: state.dueAt,
    doneAt: state.doneAt,
    state,
    updatedAt: at,
  };
}

interface IncomingRegistration {
  agencyId: string;
  metadata: DocumentMetadata;
  medium: DocumentMedium;
  source: IncomingSource;
  fileId: string;
  textContent: string;
  arrivedAt?: Date;
  sourceDocumentId?: string;
  externalRef?: unknown;
}

/** Registers inside `tx`: the arrival number from the year's incoming register (row-locked), the row, the event. */
async function writeIncoming(
  ctx: AppContext,
  tx: Executor,
  actor: Actor,
  at: Date,
  registerId: string,
  registerYear: number,
  input: IncomingRegistration,
  meta: RequestMeta,
): Promise<OfficeDocumentRow> {
  const number = await takeRegisterNumber(tx, registerId);
  if (number === null) {
    throw new CongsoError('INVALID_STATE', {
      messages: { vi: 'Sổ văn bản đến năm nay đã khóa.', en: 'This year’s incoming register is closed.' },
    });
  }
  const id = randomUUID();
  const { state, event } = registerIncoming(
    {
      id,
      agencyId: input.agencyId,
      registerYear,
      arrivalNumber: number,
      arrivedAt: input.arrivedAt,
      source: input.source,
      medium: input.medium,
      metadata: input.metadata,
    },
    { at, actor, calendar },
  );
  const row = await insertOfficeDocument(tx, {
    id,
    direction: 'incoming',
    agencyId: input.agencyId,
    registerId,
    number,
    notation: `${input.metadata.number}/${input.metadata.notation}`,
    typeCode: input.metadata.typeCode,
    subject: input.metadata.subject,
    organName: input.metadata.organName,
    issuedDate: input.metadata.issuedDate,
    priority: input.metadata.priority,
    medium: input.medium,
    source: input.source,
    fileId: input.fileId,
    arrivedAt: state.arrivedAt,
    registeredAt: at,
    sourceDocumentId: input.sourceDocumentId ?? null,
    externalRef: input.externalRef ?? null,
    textContent: input.textContent,
    createdAt: at,
    ...incomingColumns(state, at),
  }).catch(conflictOnUnique);
  await insertOfficeEvent(tx, { documentId: id, version: 1, action: 'register', at, actorId: actor.id, event });
  await statusBack(tx, ctx, actor, row, 'registered');
  await recordAudit(tx, {
    occurredAt: at,
    actorId: actor.id,
    action: 'office.incoming.register',
    entityType: 'office_document',
    entityId: id,
    agencyId: input.agencyId,
    data: { arrivalNumber: number, year: registerYear, source: input.source, notation: row.notation },
    ...meta,
  });
  await emitWebhookEvents(ctx, tx, [
    {
      type: 'vn.congso.office.document.received',
      subject: id,
      time: at,
      data: { id, agencyId: input.agencyId, arrivalNumber: number, year: registerYear, notation: row.notation },
    },
  ]);
  return row;
}

/**
 * For a document that came in an edXML package received by the exchange: the status message back to its sender,
 * queued by the exchange in the caller's transaction (a package imported by hand has no sender to answer).
 */
async function statusBack(
  tx: Executor,
  ctx: AppContext,
  actor: Actor,
  row: OfficeDocumentRow,
  status: keyof typeof edxmlStatusCodes,
) {
  const ref = row.externalRef as { messageId?: unknown } | null;
  if (row.source !== 'edxml' || typeof ref?.messageId !== 'string') return;
  const agency = await getAgencyById(tx, row.agencyId);
  await queueExchangeStatus(tx, ctx, {
    messageId: ref.messageId,
    statusCode: edxmlStatusCodes[status],
    ...(agency ? { organId: agency.code } : {}),
    actorId: actor.id,
  });
}

/** The year's incoming register of the agency (created on first use). */
async function incomingRegister(ctx: AppContext, agencyId: string, at: Date, tx?: Executor) {
  const year = registerYearOf(at);
  const register = await ensureRegister(tx ?? ctx.connection.db, { agencyId, kind: 'incoming', year, at });
  return { registerId: register.id, year };
}

/** The document clerk registers an uploaded PDF with the metadata read on it. */
export async function registerUploadedIncoming(
  ctx: AppContext,
  actor: Actor,
  body: { fileId: string; medium: DocumentMedium; metadata: DocumentMetadata },
  meta: RequestMeta,
): Promise<OfficeDocumentRow> {
  const agency = await officeAgencyOf(ctx, actor, 'office.register');
  const db = ctx.connection.db;
  const file = await usablePdf(db, actor, body.fileId);
  const textContent = await extractPdfText(await readFileBytes(ctx, file));
  const at = ctx.now();
  const { registerId, year } = await incomingRegister(ctx, agency.id, at);
  return db.transaction((tx) =>
    writeIncoming(
      ctx,
      tx,
      actor,
      at,
      registerId,
      year,
      {
        agencyId: agency.id,
        metadata: body.metadata,
        medium: body.medium,
        source: 'upload',
        fileId: file.id,
        textContent,
      },
      meta,
    ),
  );
}

/**
 * For the edXML exchange: registers a document that arrived in a package (the document clerk of the receiving
 * agency confirms it). The PDF comes as bytes (checked by its content and stored) or as a file the exchange
 * stored already (`fileId`); the metadata is checked with the API's schema (400 with field problems). One
 * transaction — the caller's `tx` when given — writes the file row, the document, its event, the status row 03
 * for the sender and the audit event. `externalRef.documentId` (the edXML DocumentId) is unique per agency: a
 * repeated package answers 409 ALREADY_EXISTS.
 */
export async function registerIncomingFromPackage(
  ctx: AppContext,
  actor: Actor,
  input: {
    metadata: unknown;
    pdf?: { name: string; bytes: Uint8Array };
    fileId?: string;
    externalRef: { organId: string; documentId: string; [key: string]: unknown };
    arrivedAt?: Date;
  },
  meta: RequestMeta,
  tx?: Executor,
): Promise<OfficeDocumentRow> {
  const agency = await officeAgencyOf(ctx, actor, 'office.register');
  const parsed = documentMetadataSchema.safeParse(input.metadata);
  if (!parsed.success) throw new CongsoError('VALIDATION_FAILED', { details: fieldIssuesOf(parsed.error, 'metadata') });
  const db = tx ?? ctx.connection.db;
  let bytes: Uint8Array;
  let stored: FileRow | undefined;
  if (input.fileId) {
    stored = isUuid(input.fileId) ? await getFile(db, input.fileId) : undefined;
    if (stored?.mediaType !== 'application/pdf' || stored.dossierId) throw fileNotUsable();
    bytes = await readFileBytes(ctx, stored);
  } else if (input.pdf) {
    bytes = input.pdf.bytes;
    const name = input.pdf.name.toLowerCase().endsWith('.pdf') ? input.pdf.name : `${input.pdf.name}.pdf`;
    const sniffed = sniffUpload(bytes, name);
    if (!sniffed.ok || sniffed.mediaType !== 'application/pdf') {
      throw new CongsoError('FILE_TYPE_NOT_ALLOWED', {
        details: [{ path: 'pdf', code: sniffed.ok ? 'not_pdf' : sniffed.reason }],
      });
    }
  } else {
    throw fieldError('pdf', 'required', 'Gói tin không có tệp văn bản.', 'The package carries no document file.');
  }
  const textContent = await extractPdfText(bytes);
  const at = ctx.now();
  const { registerId, year } = await incomingRegister(ctx, agency.id, at, tx);
  const key = stored ? null : await ctx.storage.put(bytes);
  const write = async (t: Executor) => {
    const fileId =
      stored?.id ??
      (
        await insertFile(t, {
          id: randomUUID(),
          ownerId: actor.id,
          name: (input.pdf?.name ?? 'van-ban.pdf').slice(0, 200),
          mediaType: 'application/pdf',
          size: bytes.length,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          storageKey: key as string,
          createdAt: at,
        })
      ).id;
    return writeIncoming(
      ctx,
      t,
      actor,
      at,
      registerId,
      year,
      {
        agencyId: agency.id,
        metadata: parsed.data,
        medium: 'electronic',
        source: 'edxml',
        fileId,
        textContent,
        arrivedAt: input.arrivedAt,
        externalRef: input.externalRef,
      },
      meta,
    ).catch((error: unknown) => {
      if (isUnique(error)) {
        throw new CongsoError('ALREADY_EXISTS', {
          messages: {
            vi: 'Văn bản trong gói tin này đã được vào sổ.',
            en: 'The document of this package has already been registered.',
          },
        });
      }
      throw error;
    });
  };
  try {
    return tx ? await write(tx) : await ctx.connection.db.transaction(write);
  } catch (error) {
    if (key) await ctx.storage.remove(key).catch(() => {});
    throw error;
  }
}

function isUnique(error: unknown): boolean {
  if (error instanceof CongsoError) return error.code === 'VERSION_CONFLICT';
  const e = error as { code?: string; cause?: { code?: string } };
  return e.code === '23505' || e.cause?.code === '23505';
}

/**
 * The document clerk registers a document another agency sent inside Congso: the metadata is the issued
 * document's, the arrival is its sending time; the delivery is marked registered in the same transaction.
 */
export async function registerDelivery(
  ctx: AppContext,
  actor: Actor,
  deliveryId: string,
  meta: RequestMeta,
): Promise<OfficeDocumentRow> {
  const agency = await officeAgencyOf(ctx, actor, 'office.register');
  const db = ctx.connection.db;
  const delivery = isUuid(deliveryId) ? await getDelivery(db, deliveryId) : undefined;
  if (!delivery || delivery.recipientAgencyId !== agency.id) throw new CongsoError('NOT_FOUND');
  if (delivery.incomingDocumentId) {
    throw new CongsoError('INVALID_STATE', {
      messages: { vi: 'Văn bản này đã được vào sổ.', en: 'This document has already been registered.' },
    });
  }
  const source = (await getOfficeDocument(db, delivery.outgoingDocumentId)) as OfficeDocumentRow;
  const sent = outgoingStateOf(source.state);
  const sender = await getAgencyById(db, source.agencyId);
  const issue = sent.issue;
  if (!issue) throw new CongsoError('INVALID_STATE');
  const [number, ...rest] = issue.notation.split('/');
  const metadata = documentMetadataSchema.parse({
    organId: sender?.code,
    organName: sender?.name ?? source.organName,
    typeCode: sent.draft.typeCode,
    number,
    notation: rest.join('/'),
    issuedDate: issue.issuedDate,
    subject: sent.draft.subject,
    language: sent.draft.language,
    pages: sent.draft.pages,
    signer: sent.draft.signer,
    recipients: sent.draft.recipients.map((r) => (r.kind === 'internal' ? r.agencyId : r.name)).slice(0, 200),
    priority: sent.draft.priority,
    copies: sent.draft.copies,
    dueDate: sent.draft.dueDate,
  });
  const at = ctx.now();
  const { registerId, year } = await incomingRegister(ctx, agency.id, at);
  return db.transaction(async (tx) => {
    const row = await writeIncoming(
      ctx,
      tx,
      actor,
      at,
      registerId,
      year,
      {
        agencyId: agency.id,
        metadata,
        medium: 'electronic',
        source: 'internal',
        fileId: source.fileId,
        textContent: source.textContent,
        arrivedAt: delivery.sentAt,
        sourceDocumentId: source.id,
      },
      meta,
    );
    if (!(await markDeliveryRegistered(tx, { id: delivery.id, incomingDocumentId: row.id, at }))) {
      throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: null } });
    }
    return row;
  });
}

/**
 * The document clerk registers a package the exchange received for the agency: the metadata and the PDF come
 * from the package, `externalRef` names its sender, its DocumentId and the exchange's message, so that 03
 * (now), 04 and 06 (later) go back to the sender. A package registered already answers 409 ALREADY_EXISTS.
 */
export async function registerExchangePackage(
  ctx: AppContext,
  actor: Actor,
  messageId: string,
  meta: RequestMeta,
): Promise<OfficeDocumentRow> {
  const agency = await officeAgencyOf(ctx, actor, 'office.register');
  const message = isUuid(messageId) ? await findExchangeMessage(ctx.connection.db, messageId) : undefined;
  if (message?.direction !== 'in' || message.kind !== 'package' || !message.toOrganIds.includes(agency.code)) {
    throw new CongsoError('NOT_FOUND');
  }
  const parsed = parseEdxmlPackage(message.body, {
    maxAttachmentBytes: ctx.config.EXCHANGE_MAX_PACKAGE_MB * 1024 * 1024,
  });
  if (!parsed.ok) throw new CongsoError('VALIDATION_FAILED', { details: parsed.issues });
  const { metadata, pdf } = incomingOfEdxmlPackage(parsed.value);
  return registerIncomingFromPackage(
    ctx,
    actor,
    {
      metadata,
      ...(pdf ? { pdf } : {}),
      externalRef: { organId: message.fromOrganId, documentId: message.documentId, messageId: message.id },
      arrivedAt: message.createdAt,
    },
    meta,
  );
}

/**
 * The document clerk refuses an item of the inbox (not for this agency, incomplete, unreadable) with a reason: it
 * leaves the inbox, the sender sees the refusal (a package's sender gets 02 with the reason). An item registered
 * or refused already answers 409.
 */
export async function refuseInboxItem(
  ctx: AppContext,
  actor: Actor,
  id: string,
  reason: string,
  meta: RequestMeta,
): Promise<void> {
  const agency = await officeAgencyOf(ctx, actor, 'office.register');
  const db = ctx.connection.db;
  const text = reason.trim();
  if (text.length < 5) {
    throw fieldError(
      'reason',
      'too_short',
      'Nêu lý do từ chối (ít nhất 5 ký tự) để nơi gửi biết cần làm gì.',
      'Give the reason for refusing (at least 5 characters) so that the sender knows what to do.',
    );
  }
  const delivery = isUuid(id) ? await getDelivery(db, id) : undefined;
  let source: 'internal' | 'edxml';
  let sentBy: string;
  if (delivery) {
    if (delivery.recipientAgencyId !== agency.id) throw new CongsoError('NOT_FOUND');
    if (delivery.incomingDocumentId) throw alreadyHandled();
    source = 'internal';
    sentBy = delivery.outgoingDocumentId;
  } else {
    const message = isUuid(id) ? await findExchangeMessage(db, id) : undefined;
    if (message?.direction !== 'in' || message.kind !== 'package' || !message.toOrganIds.includes(agency.code)) {
      throw new CongsoError('NOT_FOUND');
    }
    const registered = await queryRows<{ id: string }>(
      db,
      sql`select id from office_documents where agency_id = ${agency.id}
          and external_ref->>'documentId' = ${message.documentId} limit 1`,
    );
    if (registered.length > 0) throw alreadyHandled();
    source = 'edxml';
    sentBy = message.fromOrganId;
  }
  if (await inboxItemRefused(db, agency.id, id)) throw alreadyHandled();
  const at = ctx.now();
  await db.transaction(async (tx) => {
    const inserted = await insertInboxRefusal(tx, {
      id: randomUUID(),
      agencyId: agency.id,
      source,
      itemId: id,
      reason: text,
      refusedBy: actor.id,
      refusedAt: at,
    });
    if (!inserted) throw alreadyHandled();
    if (source === 'edxml') {
      await queueExchangeStatus(tx, ctx, {
        messageId: id,
        statusCode: edxmlStatusCodes.refused,
        description: text,
        organId: agency.code,
        actorId: actor.id,
      });
    }
    await recordAudit(tx, {
      occurredAt: at,
      actorId: actor.id,
      action: 'office.inbox.refuse',
      entityType: source === 'edxml' ? 'exchange_message' : 'office_delivery',
      entityId: id,
      agencyId: agency.id,
      data: { source, reason: text, from: sentBy },
      ...meta,
    });
  });
}

function alreadyHandled() {
  return new CongsoError('INVALID_STATE', {
    messages: {
      vi: 'Văn bản này đã được vào sổ hoặc đã bị từ chối.',
      en: 'This document has already been registered or refused.',
    },
  });
}

/** An item of the inbox: a delivery inside Congso, or a package the exchange received. */
export async function registerInboxItem(
  ctx: AppContext,
  actor: Actor,
  id: string,
  meta: RequestMeta,
): Promise<OfficeDocumentRow> {
  const delivery = isUuid(id) ? await getDelivery(ctx.connection.db, id) : undefined;
  if (actor.agencyId && isUuid(id) && (await inboxItemRefused(ctx.connection.db, actor.agencyId, id))) {
    throw alreadyHandled();
  }
  return delivery ? registerDelivery(ctx, actor, id, meta) : registerExchangePackage(ctx, actor, id, meta);
}

/** Assign, opinion or complete (409 VERSION_CONFLICT when the document is no longer at `expectedVersion`). */
export async function actOnIncoming(
  ctx: AppContext,
  actor: Actor,
  id: string,
  expectedVersion: number,
  input: unknown,
  meta: RequestMeta,
): Promise<OfficeDocumentRow> {
  const db = ctx.connection.db;
  const row = await loadOfficeDocumentFor(ctx, actor, id, 'incoming');
  const state = incomingStateOf(row.state);
  if (state.version !== expectedVersion) {
    throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: state.version } });
  }
  const at = ctx.now();
  const { state: next, event } = applyIncomingAction(state, input, { at, actor, calendar });
  if (event.action === 'assign') await checkAssignee(db, next);
  return db.transaction(async (tx) => {
    const saved = await saveOfficeDocument(tx, id, expectedVersion, incomingColumns(next, at));
    if (!saved) throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: null } });
    await insertOfficeEvent(tx, {
      documentId: id,
      version: next.version,
      action: event.action,
      at,
      actorId: actor.id,
      event,
    });
    await writeTrace(tx, id, next, event);
    // The sender hears of the first assignment (04), of the first time it reaches the specialist who handles
    // it (05), and of the end (06).
    if (next.status === 'done' && state.status !== 'done') await statusBack(tx, ctx, actor, saved, 'done');
    else if (event.action === 'assign') {
      if (next.routing.length === 1) await statusBack(tx, ctx, actor, saved, 'assigned');
      const toSpecialist = (steps: IncomingState['routing']) => steps.filter((r) => r.level === 'specialist').length;
      if (toSpecialist(next.routing) === 1 && toSpecialist(state.routing) === 0) {
        await statusBack(tx, ctx, actor, saved, 'handling');
      }
    }
    await recordAudit(tx, {
      occurredAt: at,
      actorId: actor.id,
      action: `office.incoming.${event.action}`,
      entityType: 'office_document',
      entityId: id,
      agencyId: row.agencyId,
      data: { from: event.fromStatus, to: event.toStatus, ...event.data },
      ...meta,
    });
    return saved;
  });
}

async function writeTrace(tx: Executor, id: string, next: IncomingState, event: IncomingEvent) {
  if (event.action === 'assign') {
    const step = next.routing.at(-1);
    if (!step) return;
    await insertAssignment(tx, {
      documentId: id,
      seq: next.routing.length,
      fromId: step.fromId,
      toId: step.toId,
      level: step.level,
      instructions: step.instructions,
      dueAt: step.dueAt,
      at: step.at,
    });
  }
  if (event.action === 'opinion') {
    const opinion = next.opinions.at(-1);
    if (opinion)
      await insertOpinion(tx, { documentId: id, authorId: opinion.authorId, text: opinion.text, at: opinion.at });
  }
}

/** The assignee must be an active officer of the document's agency holding the level's role. */
async function checkAssignee(db: Executor, next: IncomingState) {
  const id = next.holderId ?? '';
  const person = isUuid(id) ? await getPersonById(db, id) : undefined;
  const role = levelRoles[next.holderLevel ?? 'specialist'];
  if (
    person?.kind !== 'officer' ||
    !person.active ||
    person.agencyId !== next.agencyId ||
    !person.roles.includes(role)
  ) {
    throw fieldError(
      'assigneeId',
      'not_found',
      'Người được giao phải là cán bộ đang làm việc tại cơ quan, đúng vai trò của cấp được giao.',
      'The assignee must be an active officer of the agency with the role of the chosen level.',
    );
  }
}
