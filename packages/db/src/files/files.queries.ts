import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../connection';
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

/**
 * Attaches files its owner uploaded and has not attached yet to a dossier. Returns the ids that were
 * attached: fewer than asked means some were not the owner's, unknown, or already attached elsewhere
 * (the caller then rolls its transaction back).
 */
export async function attachFiles(
  tx: Executor,
  values: {
    dossierId: string;
    ownerId: string;
    purpose: FilePurpose;
    at: Date;
    items: readonly { fileId: string; documentIndex?: number | null; documentName?: string | null }[];
  },
): Promise<string[]> {
  if (values.items.length === 0) return [];
  const ids = values.items.map((i) => i.fileId);
  const byId = new Map(values.items.map((i) => [i.fileId, i]));
  const index = sql.join(
    values.items.map((i) => sql`when ${i.fileId}::uuid then ${i.documentIndex ?? null}::integer`),
    sql` `,
  );
  const name = sql.join(
    values.items.map((i) => sql`when ${i.fileId}::uuid then ${i.documentName ?? null}::text`),
    sql` `,
  );
  const rows = await tx
    .update(files)
    .set({
      dossierId: values.dossierId,
      purpose: values.purpose,
      attachedAt: values.at,
      documentIndex: byId.size ? sql`case "id" ${index} end` : null,
      documentName: byId.size ? sql`case "id" ${name} end` : null,
    })
    .where(and(inArray(files.id, ids), eq(files.ownerId, values.ownerId), isNull(files.dossierId)))
    .returning({ id: files.id });
  return rows.map((r) => r.id);
}
