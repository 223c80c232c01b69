/**
 * Work files: open (the agency's officers who draft or register), add a document of the agency, close (with at
 * least one document), and the share of work files handled entirely online per agency and level.
 */
import { randomUUID } from 'node:crypto';
import {
  type Actor,
  type AgencyKind,
  agencyLevelOf,
  CongsoError,
  can,
  closeWorkFileCheck,
  type OpenWorkFileBody,
  onlineShare,
  type openWorkFileBodySchema,
  registerYearOf,
} from '@congso/core';
import {
  agencyPath,
  agencySubtreeIds,
  fileDocument,
  getWorkFile,
  insertWorkFile,
  type OfficeWorkFileRow,
  recordAudit,
  touchWorkFile,
  workFileDocuments,
  workFileTallies,
} from '@congso/db';
import type { z } from 'zod';
import { isUuid } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { fieldError, loadOfficeDocumentFor, officeAgencyOf, type RequestMeta } from './office-common';

/** Who keeps work files: the document clerk and those who draft. */
async function workFileAgency(ctx: AppContext, actor: Actor) {
  try {
    return await officeAgencyOf(ctx, actor, 'office.draft');
  } catch {
    return officeAgencyOf(ctx, actor, 'office.register');
  }
}

export async function openWorkFile(
  ctx: AppContext,
  actor: Actor,
  body: z.output<typeof openWorkFileBodySchema>,
  meta: RequestMeta,
): Promise<OfficeWorkFileRow> {
  const agency = await workFileAgency(ctx, actor);
  const at = ctx.now();
  const year = registerYearOf(at);
  return ctx.connection.db.transaction(async (tx) => {
    const row = await insertWorkFile(tx, {
      id: randomUUID(),
      agencyId: agency.id,
      code: body.code,
      title: body.title,
      year,
      retention: String(body.retention),
      note: body.note ?? null,
      openedAt: at,
      openedById: actor.id,
    });
    if (!row) {
      throw fieldError(
        'code',
        'duplicate',
        `Đã có hồ sơ công việc ký hiệu ${body.code} trong năm ${year}.`,
        `A work file ${body.code} already exists in ${year}.`,
      );
    }
    await recordAudit(tx, {
      occurredAt: at,
      actorId: actor.id,
      action: 'office.work_file.open',
      entityType: 'office_work_file',
      entityId: row.id,
      agencyId: agency.id,
      data: { code: row.code, title: row.title, retention: row.retention },
      ...meta,
    });
    return row;
  });
}

export async function workFileFor(ctx: AppContext, actor: Actor, id: string): Promise<OfficeWorkFileRow> {
  const row = isUuid(id) ? await getWorkFile(ctx.connection.db, id) : undefined;
  if (!row || row.agencyId !== actor.agencyId || !can(actor, 'office.read')) throw new CongsoError('NOT_FOUND');
  return row;
}

/** Adds a document of the agency (in no other work file) to an open work file. */
export async function addDocumentToWorkFile(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { documentId: string; version: number },
  meta: RequestMeta,
): Promise<OfficeWorkFileRow> {
  const file = await workFileFor(ctx, actor, id);
  await workFileAgency(ctx, actor);
  const document = await loadOfficeDocumentFor(ctx, actor, input.documentId).catch(() => {
    throw fieldError(
      'documentId',
      'not_found',
      'Không tìm thấy văn bản của cơ quan.',
      'No such document of the agency.',
    );
  });
  if (file.closedAt) closeWorkFileCheck(file, 1);
  if (file.version !== input.version)
    throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: file.version } });
  const at = ctx.now();
  return ctx.connection.db.transaction(async (tx) => {
    const touched = await touchWorkFile(tx, { id, expectedVersion: input.version });
    if (!touched) throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: null } });
    if (!(await fileDocument(tx, { documentId: document.id, workFileId: id, agencyId: file.agencyId }))) {
      throw fieldError(
        'documentId',
        'already_filed',
        'Văn bản đã thuộc một hồ sơ công việc khác.',
        'The document is already in another work file.',
      );
    }
    await recordAudit(tx, {
      occurredAt: at,
      actorId: actor.id,
      action: 'office.work_file.add_document',
      entityType: 'office_work_file',
      entityId: id,
      agencyId: file.agencyId,
      data: { documentId: document.id },
      ...meta,
    });
    return touched;
  });
}

export async function closeWorkFile(
  ctx: AppContext,
  actor: Actor,
  id: string,
  version: number,
  meta: RequestMeta,
): Promise<OfficeWorkFileRow> {
  const file = await workFileFor(ctx, actor, id);
  await workFileAgency(ctx, actor);
  const documents = await workFileDocuments(ctx.connection.db, id);
  closeWorkFileCheck(file, documents.length);
  if (file.version !== version)
    throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: file.version } });
  const at = ctx.now();
  return ctx.connection.db.transaction(async (tx) => {
    const closed = await touchWorkFile(tx, { id, expectedVersion: version, closedAt: at });
    if (!closed) throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: null } });
    await recordAudit(tx, {
      occurredAt: at,
      actorId: actor.id,
      action: 'office.work_file.close',
      entityType: 'office_work_file',
      entityId: id,
      agencyId: file.agencyId,
      data: { documents: documents.length, online: documents.every((d) => d.medium === 'electronic') },
      ...meta,
    });
    return closed;
  });
}

/** The share for the caller's reach: their agency's subtree (leaders, administrators) or the province (viewers). */
export async function onlineShareFor(ctx: AppContext, actor: Actor, year?: number) {
  if (!actor.agencyId) throw new CongsoError('FORBIDDEN');
  const db = ctx.connection.db;
  const path = (await agencyPath(db, actor.agencyId)).map((a) => a.id);
  if (!can(actor, 'office.report', { agencyPath: path })) throw new CongsoError('FORBIDDEN');
  const any = can(actor, 'office.report', { agencyPath: ['__elsewhere__'] });
  const root = any ? (path[0] as string) : actor.agencyId;
  const ids = await agencySubtreeIds(db, root);
  const y = year ?? registerYearOf(ctx.now());
  const tallies = await workFileTallies(db, { year: y, agencyIds: ids });
  const result = onlineShare(
    tallies.map((t) => ({
      agencyId: t.agencyId,
      level: agencyLevelOf(t.kind as AgencyKind),
      closed: t.closed,
      online: t.online,
    })),
  );
  const names = new Map(tallies.map((t) => [t.agencyId, t.name]));
  return {
    year: y,
    agencies: result.agencies.map((a) => ({ ...a, agencyName: names.get(a.agencyId) ?? '' })),
    levels: result.levels,
  };
}

export type { OpenWorkFileBody };
