import { asc, eq, type SQL, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../connection';
import { files } from '../schema/files';

export type FileRow = typeof files.$inferSelect;
export type FilePurpose = 'document' | 'supplement' | 'result';

export async function insertFile(executor: Executor, values: typeof files.$inferInsert): Promise<FileRow> {
  const [row] = await executor.insert(files).values(values).returning();
  return row as FileRow;
}

export async function getFile(executor: Executor, id: string): Promise<FileRow | undefined> {
  const [row] = await executor.select().from(files).where(eq(files.id, id));
  return row;
}

export async function listDossierFiles(executor: Executor, dossierId: string): Promise<FileRow[]> {
  return executor
    .select()
    .from(files)
    .where(eq(files.dossierId, dossierId))
    .orderBy(asc(files.attachedAt), asc(files.documentIndex), asc(files.createdAt));
}

export interface AttachFilesInput {
  dossierId: string;
  ownerId: string;
  purpose: FilePurpose;
  at: Date;
  items: readonly { fileId: string; documentIndex?: number | null; documentName?: string | null }[];
}

/**
 * The UPDATE that attaches files its owner uploaded and has not attached yet to a dossier, returning the
 * attached rows (a filing attaches its e-form's files in its own statement, `insertOpenedDossiers`).
 * `items` must not be empty.
 */
function attachFilesStatement(values: AttachFilesInput): SQL {
  const rows = sql.join(
    values.items.map(
      (i) => sql`(${i.fileId}::uuid, ${i.documentIndex ?? null}::integer, ${i.documentName ?? null}::text)`,
    ),
    sql`, `,
  );
  return sql`update files set dossier_id = ${values.dossierId}::uuid, purpose = ${values.purpose}::text,
      attached_at = ${values.at.toISOString()}::timestamptz, document_index = i.document_index,
      document_name = i.document_name
    from (values ${rows}) as i(id, document_index, document_name)
    where files.id = i.id and files.owner_id = ${values.ownerId}::uuid and files.dossier_id is null
    returning files.id, files.name, files.media_type, files.size, files.document_index, files.document_name,
      files.created_at`;
}

/**
 * Attaches files to a dossier (see `attachFilesStatement`). Returns the ids that were attached: fewer than
 * asked means some were not the owner's, unknown, or already attached elsewhere (the caller then rolls
 * its transaction back).
 */
export async function attachFiles(tx: Executor, values: AttachFilesInput): Promise<string[]> {
  if (values.items.length === 0) return [];
  const rows = await queryRows<{ id: string }>(tx, attachFilesStatement(values));
  return rows.map((r) => r.id);
}
