import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { dossiers } from './dossiers';
import { files } from './files';
import { agencies, people } from './identity';

/**
 * The data store (kho dữ liệu) of each applicant: their electronic results and the papers digitised at the
 * counter, each a signed PDF (`file_id`) made in a dossier (`source_dossier_id`). Reused in later filings
 * while valid (not revoked, `valid_until` not passed).
 */
export const dataStoreItems = pgTable(
  'data_store_items',
  {
    id: uuid('id').primaryKey(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => people.id),
    /** electronic_result | digitised_paper (core `dataStoreItemKinds`). */
    kind: text('kind').notNull(),
    /** The document's name (the result document's, or the procedure's required document). */
    name: text('name').notNull(),
    /** Number and notation of a result (`123/QĐ-UBND`). */
    number: text('number'),
    issuingAgencyId: uuid('issuing_agency_id')
      .notNull()
      .references(() => agencies.id),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    validUntil: timestamp('valid_until', { withTimezone: true }),
    fileId: uuid('file_id')
      .notNull()
      .unique()
      .references(() => files.id),
    sourceDossierId: uuid('source_dossier_id')
      .notNull()
      .references(() => dossiers.id),
    /** A digitised paper: its position among the procedure's required documents. */
    documentIndex: integer('document_index'),
    /** Who made it (the clerk who digitised the paper, the officer who returned the result) and when. */
    madeBy: uuid('made_by')
      .notNull()
      .references(() => people.id),
    madeAt: timestamp('made_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revocationReason: text('revocation_reason'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('data_store_items_owner_idx').on(t.ownerId, t.madeAt),
    index('data_store_items_source_idx').on(t.sourceDossierId),
    uniqueIndex('data_store_items_digitised_uq')
      .on(t.sourceDossierId, t.documentIndex)
      .where(sql`kind = 'digitised_paper'`),
    check('data_store_items_kind_ck', sql`${t.kind} in ('electronic_result','digitised_paper')`),
    check('data_store_items_revoked_ck', sql`(${t.revokedAt} is null) = (${t.revocationReason} is null)`),
  ],
);

/** A document of a dossier taken from the applicant's data store instead of uploaded again: where it came from. */
export const dossierReusedDocuments = pgTable(
  'dossier_reused_documents',
  {
    dossierId: uuid('dossier_id')
      .notNull()
      .references(() => dossiers.id),
    itemId: uuid('item_id')
      .notNull()
      .references(() => dataStoreItems.id),
    documentIndex: integer('document_index').notNull(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => files.id),
    sourceDossierId: uuid('source_dossier_id')
      .notNull()
      .references(() => dossiers.id),
    reusedAt: timestamp('reused_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.dossierId, t.itemId] }), index('dossier_reused_documents_file_idx').on(t.fileId)],
);
