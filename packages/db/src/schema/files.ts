import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { dossiers } from './dossiers';
import { people } from './identity';

/**
 * An uploaded file: the bytes live in the file storage (a folder or an S3 bucket) under `storageKey`;
 * the row says what they are (type decided from the content), whose they are and, once attached, to
 * which dossier and for what. A file is attached once and never moves to another dossier.
 */
export const files = pgTable(
  'files',
  {
    id: uuid('id').primaryKey(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => people.id),
    name: text('name').notNull(),
    mediaType: text('media_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    dossierId: uuid('dossier_id').references(() => dossiers.id),
    /** document (filed with the dossier), supplement, result. */
    purpose: text('purpose'),
    /** Position of the required document in the procedure version the dossier was filed under. */
    documentIndex: integer('document_index'),
    documentName: text('document_name'),
    attachedAt: timestamp('attached_at', { withTimezone: true }),
  },
  (t) => [
    index('files_dossier_idx').on(t.dossierId),
    index('files_owner_idx').on(t.ownerId, t.createdAt),
    check('files_purpose_ck', sql`${t.purpose} is null or ${t.purpose} in ('document','supplement','result')`),
    check('files_attached_ck', sql`(${t.dossierId} is null) = (${t.purpose} is null)`),
  ],
);
