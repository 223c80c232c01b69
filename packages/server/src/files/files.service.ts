import { createHash, randomUUID } from 'node:crypto';
import { type Actor, CongsoError, cleanFileName, type SniffRefusal, sniffUpload } from '@congso/core';
import { type FileRow, getDossierRow, getFile, insertFile, recordAudit } from '@congso/db';
import { canReadOrganisationItemFile, canReadReusedFile } from '../digitisation/digitisation.service';
import { canReadDossier } from '../dossiers/read-access';
import type { AppContext } from '../platform/context';

const refusalMessages: Record<SniffRefusal, { vi: string; en: string }> = {
  unsupported_type: {
    vi: 'Tệp không phải PDF, JPEG hay PNG. Vui lòng chụp hoặc quét giấy tờ thành tệp PDF, JPEG hoặc PNG.',
    en: 'The file is not a PDF, JPEG or PNG. Please scan or photograph the document as PDF, JPEG or PNG.',
  },
  corrupt: {
    vi: 'Tệp bị hỏng hoặc không trọn vẹn. Vui lòng tải lên lại.',
    en: 'The file is damaged or incomplete. Please upload it again.',
  },
  extension_mismatch: {
    vi: 'Phần mở rộng của tên tệp không khớp với nội dung tệp.',
    en: 'The file name’s extension does not match its content.',
  },
  empty: { vi: 'Tệp rỗng.', en: 'The file is empty.' },
};

export function fileTooLarge(maxMb: number): CongsoError {
  return new CongsoError('FILE_TOO_LARGE', {
    messages: {
      vi: `Tệp quá lớn: tối đa ${maxMb} MB mỗi tệp.`,
      en: `The file is too large: at most ${maxMb} MB per file.`,
    },
    details: { maxBytes: Math.round(maxMb * 1024 * 1024) },
  });
}

/**
 * Keeps an upload: checked by its content first (nothing is stored when it is refused), then the bytes
 * go to the storage and the row and its audit event to the database in one transaction; if that fails,
 * the bytes are removed again.
 */
export async function storeUpload(
  ctx: AppContext,
  actor: Actor,
  upload: { name: string; bytes: Uint8Array },
  meta: { ip: string | null; requestId: string },
): Promise<FileRow> {
  const name = cleanFileName(upload.name);
  const sniffed = sniffUpload(upload.bytes, name);
  if (!sniffed.ok) {
    throw new CongsoError('FILE_TYPE_NOT_ALLOWED', {
      messages: refusalMessages[sniffed.reason],
      details: [{ path: 'file', code: sniffed.reason }],
    });
  }
  const key = await ctx.storage.put(upload.bytes);
  const now = ctx.now();
  try {
    return await ctx.connection.db.transaction(async (tx) => {
      const row = await insertFile(tx, {
        id: randomUUID(),
        ownerId: actor.id,
        name,
        mediaType: sniffed.mediaType,
        size: upload.bytes.length,
        sha256: createHash('sha256').update(upload.bytes).digest('hex'),
        storageKey: key,
        createdAt: now,
      });
      await recordAudit(tx, {
        occurredAt: now,
        actorId: actor.id,
        action: 'file.upload',
        entityType: 'file',
        entityId: row.id,
        agencyId: actor.agencyId,
        data: { name, mediaType: row.mediaType, size: row.size, sha256: row.sha256 },
        ...meta,
      });
      return row;
    });
  } catch (error) {
    await ctx.storage.remove(key).catch(() => {});
    throw error;
  }
}

/**
 * A file its uploader reads, or anyone who may read the dossier holding it (or a dossier that reused it), or a
 * representative of the organisation whose data store holds it; 404 for everyone else.
 */
export async function fileFor(ctx: AppContext, actor: Actor, id: string): Promise<FileRow> {
  const row = await getFile(ctx.connection.db, id);
  if (row && row.ownerId === actor.id) return row;
  if (row?.dossierId) {
    const dossier = await getDossierRow(ctx.connection.db, { id: row.dossierId });
    if (dossier && (await canReadDossier(ctx, actor, dossier))) return row;
    // Taken from the data store by a dossier the actor reads (the desk opens a reused document).
    if (row && (await canReadReusedFile(ctx, actor, row.id))) return row;
    // An item of an organisation's data store, for a citizen acting for it now.
    if (row && (await canReadOrganisationItemFile(ctx, actor, row.id))) return row;
  }
  throw new CongsoError('NOT_FOUND');
}

export function presentFile(row: FileRow) {
  return {
    id: row.id,
    name: row.name,
    mediaType: row.mediaType,
    size: row.size,
    sha256: row.sha256,
    createdAt: row.createdAt.toISOString(),
  };
}
