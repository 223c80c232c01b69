/**
 * Digitised papers at the counter and the applicant's data store (kho dữ liệu): one use case per function,
 * each one transaction with its audit event.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  type Actor,
  CongsoError,
  type DataStoreItemKind,
  type DigitiseDocumentBody,
  type DossierState,
  dataStoreItemStatusOf,
  type Procedure,
  type ReusedDocument,
} from '@congso/core';
import {
  type DataStoreItemRow,
  dossiersReusingFile,
  getDataStoreItem,
  getDataStoreItemByFile,
  getDataStoreItems,
  getDossierRow,
  getFile,
  getProcedureVersion,
  insertDataStoreItem,
  insertFile,
  listDataStoreItems,
  listReusedDocuments,
  recordAudit,
  revokeDataStoreItem,
  setDossierFlag,
} from '@congso/db';
import type { RequestMeta } from '../dossiers/acting';
import { canReadDossier, loadDossierFor } from '../dossiers/read-access';
import { databaseErrorCode } from '../http/errors';
import { actsFor } from '../identity/representatives';
import type { AppContext } from '../platform/context';
import { signPdf } from '../signing/signing-service';
import { readStored } from './electronic-result';

/**
 * Digitises one paper received at the counter: the clerk's scan (a PDF they uploaded), checked against the
 * original, sealed by the receiving agency (the attachment stamp at the top right of page 1, with the
 * dossier's code), attached to the dossier as that document's file and put in the applicant's data store (the
 * organisation's, for a dossier filed for one);
 * the dossier's `digitised_at` is set (the first). One-stop clerks of the receiving agency only.
 */
export async function digitiseDocument(
  ctx: AppContext,
  actor: Actor,
  dossierId: string,
  body: DigitiseDocumentBody & { validUntil?: string | null },
  meta: RequestMeta,
) {
  const db = ctx.connection.db;
  const row = await loadDossierFor(ctx, actor, { id: dossierId });
  if (actor.kind !== 'officer' || !actor.roles.includes('one_stop_clerk') || actor.agencyId !== row.receivingAgencyId) {
    throw new CongsoError('FORBIDDEN');
  }
  const state = row.state as DossierState;
  if (state.status === 'receiving' || state.finishedAt) {
    throw new CongsoError('INVALID_STATE', { details: { status: state.status } });
  }
  const version = await getProcedureVersion(db, row.procedureVersionId);
  const required = (version?.data as Procedure | undefined)?.requiredDocuments[body.documentIndex];
  if (!required) {
    throw new CongsoError('VALIDATION_FAILED', { details: [{ path: 'documentIndex', code: 'not_found' }] });
  }
  const scan = await getFile(db, body.fileId);
  if (!scan || scan.ownerId !== actor.id || scan.dossierId) {
    throw new CongsoError('VALIDATION_FAILED', { details: [{ path: 'fileId', code: 'file_not_available' }] });
  }
  if (scan.mediaType !== 'application/pdf') throw new CongsoError('DIGITISED_COPY_NOT_PDF');
  const validUntil = body.validUntil ? new Date(body.validUntil) : null;
  const now = ctx.now();
  const sealed = await signPdf(ctx, {
    pdf: await readStored(ctx, scan.storageKey),
    as: 'attachment',
    agencyId: row.receivingAgencyId,
    reason: `Bản số hóa đã đối chiếu với bản gốc, hồ sơ ${row.code}`,
    appearance: { notation: row.code },
  });
  const key = await ctx.storage.put(sealed);
  try {
    return await db.transaction(async (tx) => {
      const file = await insertFile(tx, {
        id: randomUUID(),
        ownerId: actor.id,
        name: `so-hoa-${row.code}-${body.documentIndex + 1}.pdf`,
        mediaType: 'application/pdf',
        size: sealed.length,
        sha256: createHash('sha256').update(sealed).digest('hex'),
        storageKey: key,
        createdAt: now,
        dossierId: row.id,
        purpose: 'document',
        documentIndex: body.documentIndex,
        documentName: required.name,
        attachedAt: now,
      });
      const item = await insertDataStoreItem(tx, {
        id: randomUUID(),
        ownerId: row.organisationId ?? row.applicantId,
        kind: 'digitised_paper',
        name: required.name,
        number: null,
        issuingAgencyId: row.receivingAgencyId,
        issuedAt: now,
        validUntil,
        fileId: file.id,
        sourceDossierId: row.id,
        documentIndex: body.documentIndex,
        madeBy: actor.id,
        madeAt: now,
      }).catch((error: unknown) => {
        if (databaseErrorCode(error) === '23505') {
          throw new CongsoError('ALREADY_DIGITISED', { details: { documentIndex: body.documentIndex } });
        }
        throw error;
      });
      await setDossierFlag(tx, row.id, 'digitisedAt', now);
      await recordAudit(tx, {
        occurredAt: now,
        actorId: actor.id,
        action: 'dossier.digitise_document',
        entityType: 'dossier',
        entityId: row.id,
        agencyId: row.receivingAgencyId,
        data: {
          code: row.code,
          documentIndex: body.documentIndex,
          scanFileId: scan.id,
          fileId: file.id,
          itemId: item.id,
        },
        ...meta,
      });
      return { item, file };
    });
  } catch (error) {
    await ctx.storage.remove(key).catch(() => {});
    throw error;
  }
}

/**
 * A data store the caller reads: their own, or (`organisationId`) an organisation's they act for now (its own
 * account, or a citizen whose link to it is in force); 404 for anyone else.
 */
export async function dataStoreOf(ctx: AppContext, actor: Actor, organisationId?: string) {
  if (organisationId && organisationId !== actor.id) {
    if (!(await actsFor(ctx, actor, organisationId))) throw new CongsoError('NOT_FOUND');
    return listDataStoreItems(ctx.connection.db, { ownerId: organisationId });
  }
  return listDataStoreItems(ctx.connection.db, { ownerId: actor.id });
}

/** What a dossier's page shows: its papers digitised (by whom, when) and the documents it reused. */
export async function dossierDigitisation(ctx: AppContext, actor: Actor, dossierId: string) {
  const row = await loadDossierFor(ctx, actor, { id: dossierId });
  const db = ctx.connection.db;
  const [made, reused, fresh] = await Promise.all([
    listDataStoreItems(db, { sourceDossierId: row.id }),
    listReusedDocuments(db, row.id),
    getDossierRow(db, { id: row.id }),
  ]);
  return {
    row: fresh ?? row,
    digitised: made.filter((i) => i.kind === 'digitised_paper'),
    electronicResults: made.filter((i) => i.kind === 'electronic_result'),
    reused,
  };
}

/**
 * The items a filing takes from the data store of its owner (the applicant's, or the organisation's the
 * applicant files for), checked before its transaction: each the owner's (else 404, as for anything not
 * theirs), valid now (else 409 DATA_STORE_ITEM_UNAVAILABLE).
 */
export async function resolveReuse(
  ctx: AppContext,
  applicantId: string,
  documents: readonly { index: number; storeItemIds?: readonly string[] | undefined }[],
  now: Date,
): Promise<Map<number, ReusedDocument[]>> {
  const ids = documents.flatMap((d) => d.storeItemIds ?? []);
  const out = new Map<number, ReusedDocument[]>();
  if (ids.length === 0) return out;
  if (new Set(ids).size !== ids.length) {
    throw new CongsoError('VALIDATION_FAILED', { details: [{ path: 'documents', code: 'duplicate' }] });
  }
  const db = ctx.connection.db;
  const items = new Map((await getDataStoreItems(db, ids)).map((i) => [i.id, i]));
  const codes = new Map<string, string>();
  for (const d of documents) {
    for (const itemId of d.storeItemIds ?? []) {
      const item = items.get(itemId);
      if (!item || item.ownerId !== applicantId) {
        throw new CongsoError('NOT_FOUND', {
          details: [{ path: `documents.storeItemIds`, code: 'not_found', itemId }],
        });
      }
      if (dataStoreItemStatusOf(item, now) !== 'valid') {
        throw new CongsoError('DATA_STORE_ITEM_UNAVAILABLE', {
          details: { itemId, status: dataStoreItemStatusOf(item, now) },
        });
      }
      let code = codes.get(item.sourceDossierId);
      if (!code) {
        code = (await getDossierRow(db, { id: item.sourceDossierId }))?.code ?? '';
        codes.set(item.sourceDossierId, code);
      }
      const list = out.get(d.index) ?? [];
      list.push({
        itemId,
        kind: item.kind as DataStoreItemKind,
        fileId: item.fileId,
        sourceDossierId: item.sourceDossierId,
        sourceDossierCode: code,
      });
      out.set(d.index, list);
    }
  }
  return out;
}

/**
 * Revokes an item of the data store (it can no longer be reused): officers of the agency that issued it,
 * version-checked, with the reason.
 */
export async function revokeItem(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: { version: number; reason: string },
  meta: RequestMeta,
): Promise<DataStoreItemRow> {
  const db = ctx.connection.db;
  const item = await getDataStoreItem(db, id);
  if (!item) throw new CongsoError('NOT_FOUND');
  const source = await getDossierRow(db, { id: item.sourceDossierId });
  if (!source || !(await canReadDossier(ctx, actor, source)) || actor.id === item.ownerId) {
    throw new CongsoError('NOT_FOUND');
  }
  if (actor.kind !== 'officer' || actor.agencyId !== item.issuingAgencyId) throw new CongsoError('FORBIDDEN');
  const now = ctx.now();
  return db.transaction(async (tx) => {
    const row = await revokeDataStoreItem(tx, { id, expectedVersion: body.version, at: now, reason: body.reason });
    if (!row) throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: item.version } });
    await recordAudit(tx, {
      occurredAt: now,
      actorId: actor.id,
      action: 'data_store.revoke',
      entityType: 'data_store_item',
      entityId: id,
      agencyId: item.issuingAgencyId,
      reason: body.reason,
      data: { kind: item.kind, sourceDossierId: item.sourceDossierId },
      ...meta,
    });
    return row;
  });
}

/** Whether the actor may open a file of an organisation's data store because they act for it now. */
export async function canReadOrganisationItemFile(ctx: AppContext, actor: Actor, fileId: string): Promise<boolean> {
  if (actor.kind !== 'citizen') return false;
  const item = await getDataStoreItemByFile(ctx.connection.db, fileId);
  return !!item && item.ownerId !== actor.id && (await actsFor(ctx, actor, item.ownerId));
}

/** Whether the actor may open a file because a dossier they read took it from the data store. */
export async function canReadReusedFile(ctx: AppContext, actor: Actor, fileId: string): Promise<boolean> {
  for (const dossierId of await dossiersReusingFile(ctx.connection.db, fileId)) {
    const row = await getDossierRow(ctx.connection.db, { id: dossierId });
    if (row && (await canReadDossier(ctx, actor, row))) return true;
  }
  return false;
}
