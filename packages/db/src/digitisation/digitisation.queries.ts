import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../connection';
import { markIocPending } from '../dossiers/dossiers.queries';
import { dataStoreItems, dossierReusedDocuments } from '../schema/digitisation';
import { dossiers } from '../schema/dossiers';
import { files } from '../schema/files';
import { agencies } from '../schema/identity';

export type DataStoreItemRow = typeof dataStoreItems.$inferSelect;
export type DossierReusedDocumentRow = typeof dossierReusedDocuments.$inferSelect;

export async function insertDataStoreItem(
  tx: Executor,
  values: typeof dataStoreItems.$inferInsert,
): Promise<DataStoreItemRow> {
  const [row] = await tx.insert(dataStoreItems).values(values).returning();
  return row as DataStoreItemRow;
}

export async function getDataStoreItem(db: Executor, id: string): Promise<DataStoreItemRow | undefined> {
  const [row] = await db.select().from(dataStoreItems).where(eq(dataStoreItems.id, id));
  return row;
}

export async function getDataStoreItemByFile(db: Executor, fileId: string): Promise<DataStoreItemRow | undefined> {
  const [row] = await db.select().from(dataStoreItems).where(eq(dataStoreItems.fileId, fileId));
  return row;
}

export async function getDataStoreItems(db: Executor, ids: readonly string[]): Promise<DataStoreItemRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(dataStoreItems)
    .where(inArray(dataStoreItems.id, [...ids]));
}

/** An item with what its list shows: the issuing agency's name, the source dossier's code, the file. */
export interface DataStoreListRow extends DataStoreItemRow {
  issuingAgencyName: string;
  sourceDossierCode: string;
  fileName: string;
  fileSize: number;
  sha256: string;
}

const listColumns = {
  item: dataStoreItems,
  issuingAgencyName: agencies.name,
  sourceDossierCode: dossiers.code,
  fileName: files.name,
  fileSize: files.size,
  sha256: files.sha256,
};

function listRow(r: {
  item: DataStoreItemRow;
  issuingAgencyName: string;
  sourceDossierCode: string;
  fileName: string;
  fileSize: number;
  sha256: string;
}): DataStoreListRow {
  const { item, ...rest } = r;
  return { ...item, ...rest };
}

/** An owner's data store, newest first (agency names as they stand: the row in force, else the last one). */
export async function listDataStoreItems(
  db: Executor,
  where: { ownerId: string } | { sourceDossierId: string },
): Promise<DataStoreListRow[]> {
  const rows = await db
    .select(listColumns)
    .from(dataStoreItems)
    .innerJoin(agencies, and(eq(agencies.id, dataStoreItems.issuingAgencyId)))
    .innerJoin(dossiers, eq(dossiers.id, dataStoreItems.sourceDossierId))
    .innerJoin(files, eq(files.id, dataStoreItems.fileId))
    .where(
      'ownerId' in where
        ? eq(dataStoreItems.ownerId, where.ownerId)
        : eq(dataStoreItems.sourceDossierId, where.sourceDossierId),
    )
    .orderBy(desc(dataStoreItems.madeAt), desc(dataStoreItems.id));
  return rows.map(listRow);
}

/** The documents a dossier took from the data store, with their items. */
export async function listReusedDocuments(db: Executor, dossierId: string) {
  const rows = await db
    .select({ reused: dossierReusedDocuments, ...listColumns })
    .from(dossierReusedDocuments)
    .innerJoin(dataStoreItems, eq(dataStoreItems.id, dossierReusedDocuments.itemId))
    .innerJoin(agencies, eq(agencies.id, dataStoreItems.issuingAgencyId))
    .innerJoin(dossiers, eq(dossiers.id, dossierReusedDocuments.sourceDossierId))
    .innerJoin(files, eq(files.id, dataStoreItems.fileId))
    .where(eq(dossierReusedDocuments.dossierId, dossierId))
    .orderBy(dossierReusedDocuments.documentIndex, dossierReusedDocuments.itemId);
  return rows.map(({ reused, ...r }) => ({ reused, item: listRow(r) }));
}

/** The dossiers that reused a file of the data store (who may open it besides its owner). */
export async function dossiersReusingFile(db: Executor, fileId: string): Promise<string[]> {
  const rows = await db
    .select({ dossierId: dossierReusedDocuments.dossierId })
    .from(dossierReusedDocuments)
    .where(eq(dossierReusedDocuments.fileId, fileId));
  return rows.map((r) => r.dossierId);
}

/** Revokes a valid item (false when it was not, or was revoked meanwhile: version checked). */
export async function revokeDataStoreItem(
  tx: Executor,
  values: { id: string; expectedVersion: number; at: Date; reason: string },
): Promise<DataStoreItemRow | undefined> {
  const [row] = await tx
    .update(dataStoreItems)
    .set({ revokedAt: values.at, revocationReason: values.reason, version: sql`${dataStoreItems.version} + 1` })
    .where(
      and(
        eq(dataStoreItems.id, values.id),
        eq(dataStoreItems.version, values.expectedVersion),
        isNull(dataStoreItems.revokedAt),
      ),
    )
    .returning();
  return row;
}

export type DigitisationFlag = 'digitisedAt' | 'resultElectronicAt' | 'reusedDataAt';

/**
 * Sets a flag of the dossier at `at` unless already set (its time is the first), inside the change's
 * transaction, and marks the dossier for the service-quality index.
 */
export async function setDossierFlag(tx: Executor, dossierId: string, flag: DigitisationFlag, at: Date) {
  const column = dossiers[flag];
  await tx
    .update(dossiers)
    .set({ [flag]: sql`coalesce(${column}, ${at.toISOString()}::timestamptz)` })
    .where(eq(dossiers.id, dossierId));
  await markIocPending(tx, [dossierId]);
}
