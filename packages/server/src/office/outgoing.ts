/**
 * Use cases of outgoing documents: draft (an uploaded PDF or composed text rendered to PDF), update, submit,
 * return, approve, sign (through the signing service with the signer's personal certificate, or the PDF the
 * signer signed with their own token, accepted only when the verifier finds it validly signed), issue (the
 * number from the register of the signing date's year, taken under the register's row lock in the issuing
 * transaction: unique and gap-free; printed on the PDF with the date and sealed with the agency's organisation
 * certificate in one incremental update, in that same transaction), send (to agencies inside Congso: their
 * inbox; outside: an edXML package the exchange queues for their installation). Each is one transaction
 * with its event and audit event, version-checked.
 */

import { createHash, randomUUID } from 'node:crypto';
import {
  type Actor,
  applyOutgoingAction,
  CongsoError,
  createOutgoing,
  type EdxmlPackage,
  MAX_DOCUMENT_NUMBER,
  type OutgoingDraft,
  type OutgoingState,
  outgoingEdxmlPackage,
  registerYearOfDate,
  vnDateKey,
} from '@congso/core';
import {
  type AgencyRow,
  agencyPath,
  type Executor,
  ensureRegister,
  getAgencyById,
  getFile,
  getOfficeDocument,
  getProvinceSetting,
  insertDeliveries,
  insertFile,
  insertOfficeDocument,
  insertOfficeEvent,
  issueWithNextNumber,
  type OfficeDocumentRow,
  recordAudit,
  saveOfficeDocument,
} from '@congso/db';
import { edxmlTimestamp, queueEdxmlSend } from '../exchange/exchange.service';
import { isUuid } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { type SigningEnvironment, signingEnvironment } from '../signing/environment';
import { PdfReadError } from '../signing/pades/pdf-objects';
import { verifyPdf } from '../signing/pades/verify';
import { certificateHolders, normalizeSerial } from '../signing/registry';
import type { Signer } from '../signing/signer';
import { signPdf } from '../signing/signing-service';
import { emitWebhookEvents } from '../webhooks/webhooks.service';
import { type IssueLayout, issueLayoutOf, issueOverlay, signatureRectFor } from './issue-stamp';
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
  const agencyNames = await checkRecipients(db, agency, body.draft);
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
    const place = (await getProvinceSetting(db))?.name;
    const bytes = await renderComposedDocument({
      agency,
      draft: body.draft,
      content: body.content,
      at,
      agencyNames,
      ...(place ? { place } : {}),
    });
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

/** Internal recipients must be agencies in force other than the issuer; their names by id. */
async function checkRecipients(db: Executor, agency: AgencyRow, draft: OutgoingDraft) {
  const names: Record<string, string> = {};
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
    names[target.id] = target.name;
  }
  return names;
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
  applyOutgoingAction(state, input, ctxCore, { number: 1, signedFileId: state.fileId });

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
      const file = await usablePdf(db, actor, input.signedFileId);
      await requireValidSignature(ctx, actor, await readFileBytes(ctx, file));
      signedFileId = file.id;
    } else {
      const bytes = await signAsSigner(ctx, actor, state);
      signed = { key: await ctx.storage.put(bytes), bytes };
    }
  }
  // Issue: what sealing needs is read before the transaction (which then touches nothing but its own rows).
  const sealing = input.action === 'issue' ? await prepareSeal(ctx, state, agency) : null;
  const edxml = input.action === 'send' ? await packageToSend(ctx, agency, state, at) : null;
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
      if (registerId) {
        const issued = await issue(tx, {
          state,
          input,
          ctxCore,
          registerId,
          expectedVersion,
          row,
          meta,
          sealed: sealing !== null,
        });
        await emitWebhookEvents(ctx, tx, [
          {
            type: 'vn.congso.office.document.issued',
            subject: issued.id,
            time: at,
            data: { id: issued.id, agencyId: issued.agencyId, notation: issued.notation, issuedAt: at.toISOString() },
          },
        ]);
        if (!sealing) return issued;
        // The number is taken (the register's row stays locked to the commit): printed and sealed, or nothing.
        const bytes = await sealIssue(ctx, sealing, issued, at);
        signed = { key: await ctx.storage.put(bytes), bytes };
        const file = await storePdf(tx, actor, 'van-ban-ban-hanh.pdf', bytes, signed.key, at);
        const withFile = await saveOfficeDocument(tx, id, issued.version, {
          fileId: file.id,
          state: { ...(issued.state as Record<string, unknown>), fileId: file.id },
        });
        if (!withFile) throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: null } });
        return withFile;
      }
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
      if (event.action === 'send') await dispatch(tx, ctx, actor, saved, next, edxml);
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

/** SIGNING_CERTIFICATE_MISSING, said for the signer or for the agency. */
function certificateMissing(as: 'signer' | 'agency'): CongsoError {
  return new CongsoError('SIGNING_CERTIFICATE_MISSING', {
    messages:
      as === 'signer'
        ? {
            vi: 'Bạn chưa có chứng thư số cá nhân còn hiệu lực: hãy đề nghị cấp chứng thư số, hoặc tải lên bản PDF đã ký bằng thiết bị ký số của bạn.',
            en: 'You have no valid personal certificate: ask for one, or upload the PDF you signed with your own signing device.',
          }
        : {
            vi: 'Cơ quan ban hành chưa có chứng thư số tổ chức còn hiệu lực để ký số (đóng dấu) văn bản.',
            en: 'The issuing agency has no valid organisation certificate to seal the document with.',
          },
    details: { as },
  });
}

async function currentPdf(ctx: AppContext, state: OutgoingState): Promise<Buffer> {
  const file = await getFile(ctx.connection.db, state.fileId);
  if (!file) throw new CongsoError('NOT_FOUND');
  return readFileBytes(ctx, file);
}

/**
 * The signer signs the document's PDF with their personal certificate (signature image above their name, found
 * in the PDF); nothing is written here, and a failure (no certificate: 409, timestamp authority down: 503)
 * leaves the document as it was.
 */
async function signAsSigner(ctx: AppContext, actor: Actor, state: OutgoingState): Promise<Buffer> {
  const env = await signingEnvironment(ctx);
  const signer = await env.signerFor({ personId: actor.id });
  if (!signer) throw certificateMissing('signer');
  const pdf = await currentPdf(ctx, state);
  const place = await signatureRectFor(pdf, state.draft.signer?.fullName ?? '');
  return signPdf(ctx, {
    pdf,
    as: 'signer',
    personId: actor.id,
    signer,
    environment: env,
    reason: 'Ký ban hành văn bản / Signed for issue',
    ...(place ? { appearance: { page: place.page, rect: place.rect } } : {}),
  });
}

/**
 * A PDF the signer signed with their own device: accepted only when the project's verifier finds every
 * signature valid (trusted, not revoked, not expired), the last one covering the whole file, and one of them
 * made with a personal certificate the registry holds for the signer (422 otherwise).
 */
async function requireValidSignature(ctx: AppContext, actor: Actor, pdf: Buffer): Promise<void> {
  const env = await signingEnvironment(ctx);
  let reports: Awaited<ReturnType<typeof verifyPdf>> = [];
  try {
    reports = await verifyPdf(pdf, {
      trustAnchors: env.trustAnchors,
      intermediates: env.intermediates,
      ...(env.revocation ? { revocation: env.revocation } : {}),
      now: ctx.now(),
    });
  } catch (error) {
    if (!(error instanceof PdfReadError || error instanceof RangeError || error instanceof TypeError)) throw error;
  }
  const last = reports.at(-1);
  const invalid = reports.find((r) => r.status !== 'valid')?.status ?? (last?.coversWholeDocument ? null : 'modified');
  let code: string | null = !last ? 'no_signature' : invalid ? `signature_${invalid}` : null;
  if (!code) {
    const serials = reports.flatMap((r) => (r.signer ? [normalizeSerial(r.signer.serialNumber)] : []));
    const holders = await certificateHolders(ctx, serials);
    if (!serials.some((serial) => holders.get(serial)?.personId === actor.id)) code = 'not_signed_by_you';
  }
  if (!code) return;
  const message =
    code === 'no_signature'
      ? { vi: 'Tệp PDF chưa có chữ ký số.', en: 'The PDF has no digital signature.' }
      : code === 'not_signed_by_you'
        ? {
            vi: 'Tệp PDF không có chữ ký số bằng chứng thư số của bạn.',
            en: 'The PDF carries no signature made with your certificate.',
          }
        : {
            vi: `Chữ ký số trong tệp không hợp lệ (${invalid}).`,
            en: `A digital signature in the file is not valid (${invalid}).`,
          };
  throw new CongsoError('SIGNATURE_NOT_VALID', { details: [{ path: 'signedFileId', code, message }] });
}

interface Sealing {
  env: SigningEnvironment;
  signer: Signer;
  pdf: Buffer;
  layout: IssueLayout;
  agency: AgencyRow;
}

/**
 * What issuing needs to seal, read before its transaction: null when this installation has no province CA
 * (no signatures at all: the number is taken, the PDF left as it is); else the agency's organisation
 * certificate (409 without one), the signed PDF and where its page 1 takes the number and date.
 */
async function prepareSeal(ctx: AppContext, state: OutgoingState, agency: AgencyRow): Promise<Sealing | null> {
  const env = await signingEnvironment(ctx);
  if (env.trustAnchors.length === 0) return null;
  const signer = await env.signerFor({ agencyId: agency.id });
  if (!signer) throw certificateMissing('agency');
  const pdf = await currentPdf(ctx, state);
  return { env, signer, pdf, layout: await issueLayoutOf(pdf), agency };
}

/**
 * The number, notation and date printed on page 1 and the agency's seal over the signer's signature, in one
 * incremental update (so the verifier accepts the signer's signature under it). Reads no database.
 */
async function sealIssue(ctx: AppContext, sealing: Sealing, issued: OfficeDocumentRow, at: Date): Promise<Buffer> {
  const notation = issued.notation as string;
  const overlay = await issueOverlay(sealing.layout, {
    agencyName: sealing.agency.name,
    notation,
    issuedDate: issued.issuedDate as string,
    issuedAt: at,
  });
  return signPdf(ctx, {
    pdf: sealing.pdf,
    as: 'agency',
    agencyId: sealing.agency.id,
    signer: sealing.signer,
    environment: sealing.env,
    reason: `Ban hành văn bản số ${notation} / Issued as ${notation}`,
    overlays: [overlay],
  });
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
    /** The PDF is printed and sealed in the same transaction. */
    sealed: boolean;
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
    data: {
      from: event.fromStatus,
      to: event.toStatus,
      registerId: input.registerId,
      issuedDate: issued.issuedDate,
      sealed: input.sealed,
    },
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

/**
 * Send: internal recipients get a delivery in their inbox; external ones with an agency code get the edXML
 * package, which the exchange queues for the installation that answers for them (EXCHANGE_NO_PEER when none
 * does), in the same transaction. External recipients without a code are sent by other means.
 */
async function dispatch(
  tx: Executor,
  ctx: AppContext,
  actor: Actor,
  row: OfficeDocumentRow,
  state: OutgoingState,
  pkg: EdxmlPackage | null,
) {
  const at = ctx.now();
  const internal = [...new Set(state.draft.recipients.flatMap((r) => (r.kind === 'internal' ? [r.agencyId] : [])))];
  await insertDeliveries(
    tx,
    internal.map((recipientAgencyId) => ({ outgoingDocumentId: row.id, recipientAgencyId, sentAt: at })),
  );
  if (pkg) await queueEdxmlSend(tx, ctx, { pkg, actorId: actor.id });
}

/** The edXML package of an issued document for its external recipients with an agency code (null: none). */
async function packageToSend(ctx: AppContext, agency: AgencyRow, state: OutgoingState, at: Date) {
  if (!state.draft.recipients.some((r) => r.kind === 'external' && r.organId)) return null;
  const file = await getFile(ctx.connection.db, state.fileId);
  if (!file) throw new CongsoError('NOT_FOUND');
  const province = (await agencyPath(ctx.connection.db, agency.id))[0];
  return outgoingEdxmlPackage({
    state,
    from: { organId: agency.code, organName: agency.name },
    place: placeOf(province?.name ?? agency.name),
    pdf: await readFileBytes(ctx, file),
    timestamp: edxmlTimestamp(at),
  });
}

/** The place a document names from its province's people's committee: "UBND tỉnh Tây Ninh" → "Tây Ninh". */
const placeOf = (name: string) =>
  name.replace(/^(ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+(tỉnh|thành phố)\s+/iu, '').slice(0, 150);
