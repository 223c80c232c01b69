/**
 * What the office's use cases share: the calendar, the caller's agency, a document read within reach (404
 * otherwise), the PDF a document is made from, and the errors they raise.
 */
import { type Actor, agencyLevelOf, CongsoError, can, createVietnamCalendar } from '@congso/core';
import {
  agencyPath,
  type Executor,
  type FileRow,
  getAgencyById,
  getFile,
  getOfficeDocument,
  type OfficeDocumentRow,
  queryRows,
  sql,
} from '@congso/db';
import { isUuid } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { StorageError } from '../platform/storage';

export const calendar = createVietnamCalendar();

export interface RequestMeta {
  ip: string | null;
  requestId: string;
}

/** The caller's agency for an office permission (403 for anyone else). */
export async function officeAgencyOf(
  ctx: AppContext,
  actor: Actor,
  permission: 'office.read' | 'office.register' | 'office.draft',
) {
  if (!actor.agencyId) throw new CongsoError('FORBIDDEN');
  const path = await agencyPath(ctx.connection.db, actor.agencyId);
  if (!can(actor, permission, { agencyPath: path.map((a) => a.id) })) throw new CongsoError('FORBIDDEN');
  const agency = await getAgencyById(ctx.connection.db, actor.agencyId);
  if (!agency) throw new CongsoError('FORBIDDEN');
  return agency;
}

/** A document of the caller's agency that the caller may read; 404 for everyone else. */
export async function loadOfficeDocumentFor(
  ctx: AppContext,
  actor: Actor,
  id: string,
  direction?: 'incoming' | 'outgoing',
): Promise<OfficeDocumentRow> {
  const row = isUuid(id) ? await getOfficeDocument(ctx.connection.db, id) : undefined;
  if (
    !row ||
    (direction && row.direction !== direction) ||
    row.agencyId !== actor.agencyId ||
    !can(actor, 'office.read')
  ) {
    throw new CongsoError('NOT_FOUND');
  }
  return row;
}

export function fieldError(path: string, code: string, vi: string, en: string): CongsoError {
  return new CongsoError('VALIDATION_FAILED', { messages: { vi, en }, details: [{ path, code, message: { vi, en } }] });
}

export const fileNotUsable = () =>
  fieldError(
    'fileId',
    'file_not_available',
    'Tệp văn bản không tồn tại, không phải của bạn, không phải PDF hoặc đã được dùng.',
    'The document file does not exist, is not yours, is not a PDF or is already used.',
  );

/** An uploaded PDF of the caller, in no dossier and in no document of the agency yet. */
export async function usablePdf(db: Executor, actor: Actor, fileId: string | undefined): Promise<FileRow> {
  const file = fileId && isUuid(fileId) ? await getFile(db, fileId) : undefined;
  if (!file || file.ownerId !== actor.id || file.mediaType !== 'application/pdf' || file.dossierId)
    throw fileNotUsable();
  const used = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from office_documents where file_id = ${file.id}`,
  );
  if (Number(used[0]?.n ?? 0) > 0) throw fileNotUsable();
  return file;
}

/** The bytes of a stored file (503 when the storage cannot be reached, 404 when they are gone). */
export async function readFileBytes(ctx: AppContext, file: FileRow): Promise<Buffer> {
  try {
    const stream = await ctx.storage.read(file.storageKey);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks);
  } catch (error) {
    if (error instanceof StorageError && error.kind === 'not_found') {
      throw new CongsoError('NOT_FOUND', { details: { fileId: file.id, reason: 'bytes missing from storage' } });
    }
    if (error instanceof StorageError) {
      throw new CongsoError('SERVICE_UNAVAILABLE', { details: { retry: true, reason: 'file storage' } });
    }
    throw error;
  }
}

/** A unique violation (two writers of the same thing): answered as a version conflict. */
export function conflictOnUnique(error: unknown): never {
  const code =
    (error as { code?: string; cause?: { code?: string } }).code ??
    (error as { cause?: { code?: string } }).cause?.code;
  if (code === '23505') throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: null } });
  throw error;
}

export { agencyLevelOf };
