import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { files } from './files';
import { agencies, people } from './identity';

/**
 * A register (sổ văn bản) of an agency for a year: incoming (arrival numbers) or outgoing (issue numbers).
 * `last_number` is the counter: taken with `UPDATE … RETURNING` inside the transaction that writes the
 * document, so the row lock serialises issuers and a rollback gives the number back (gap-free, unique).
 */
export const officeRegisters = pgTable(
  'office_registers',
  {
    id: uuid('id').primaryKey(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    kind: text('kind').notNull(),
    year: integer('year').notNull(),
    lastNumber: integer('last_number').notNull().default(0),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedById: uuid('closed_by_id').references(() => people.id),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('office_registers_agency_kind_year_uq').on(t.agencyId, t.kind, t.year),
    check('office_registers_kind_ck', sql`${t.kind} in ('incoming','outgoing')`),
    check('office_registers_number_ck', sql`${t.lastNumber} >= 0`),
  ],
);

/** A work file (hồ sơ công việc): the documents of one matter. */
export const officeWorkFiles = pgTable(
  'office_work_files',
  {
    id: uuid('id').primaryKey(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    code: text('code').notNull(),
    title: text('title').notNull(),
    year: integer('year').notNull(),
    /** Years as text, or `permanent`. */
    retention: text('retention').notNull(),
    note: text('note'),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    openedById: uuid('opened_by_id')
      .notNull()
      .references(() => people.id),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('office_work_files_code_uq').on(t.agencyId, t.year, t.code),
    index('office_work_files_closed_idx').on(t.agencyId, t.closedAt),
  ],
);

/**
 * An incoming or outgoing document. The columns are what registers, queues and search filter on; `state`
 * is core's IncomingState / OutgoingState; `office_document_events` is the append-only log.
 * `search_text` folds the subject, notation, issuer and the PDF's extracted text (no marks, lower case) for
 * the trigram index: diacritic-insensitive search.
 */
export const officeDocuments = pgTable(
  'office_documents',
  {
    id: uuid('id').primaryKey(),
    direction: text('direction').notNull(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    status: text('status').notNull(),
    version: integer('version').notNull(),
    registerId: uuid('register_id').references(() => officeRegisters.id),
    /** Arrival number (incoming) or issue number (outgoing, once issued). */
    number: integer('number'),
    /** `123/QĐ-UBND`: the document's own (incoming) or the one given at issue (outgoing). */
    notation: text('notation'),
    typeCode: text('type_code').notNull(),
    subject: text('subject').notNull(),
    organName: text('organ_name').notNull(),
    issuedDate: date('issued_date'),
    priority: integer('priority').notNull().default(0),
    medium: text('medium').notNull(),
    source: text('source'),
    fileId: uuid('file_id')
      .notNull()
      .references(() => files.id),
    arrivedAt: timestamp('arrived_at', { withTimezone: true }),
    registeredAt: timestamp('registered_at', { withTimezone: true }),
    dueAt: timestamp('due_at', { withTimezone: true }),
    doneAt: timestamp('done_at', { withTimezone: true }),
    holderId: uuid('holder_id').references(() => people.id),
    drafterId: uuid('drafter_id').references(() => people.id),
    workFileId: uuid('work_file_id').references(() => officeWorkFiles.id),
    /** The outgoing document an internal delivery came from. */
    sourceDocumentId: uuid('source_document_id'),
    /** edXML: the sender's organ id and document id (`{OrganId},{yyyy/MM/dd},{number}/{notation}`). */
    externalRef: jsonb('external_ref'),
    textContent: text('text_content').notNull().default(''),
    searchText: text('search_text').generatedAlwaysAs(
      sql`lower(f_unaccent(subject || ' ' || coalesce(notation, '') || ' ' || organ_name || ' ' || text_content))`,
    ),
    state: jsonb('state').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    check('office_documents_direction_ck', sql`${t.direction} in ('incoming','outgoing')`),
    check('office_documents_medium_ck', sql`${t.medium} in ('electronic','paper')`),
    check('office_documents_priority_ck', sql`${t.priority} between 0 and 4`),
    uniqueIndex('office_documents_number_uq').on(t.registerId, t.number).where(sql`number is not null`),
    uniqueIndex('office_documents_file_uq').on(t.agencyId, t.fileId),
    // A document that came by edXML is registered once per agency (a repeated package is refused).
    uniqueIndex('office_documents_external_uq')
      .on(t.agencyId, sql`(external_ref->>'documentId')`)
      .where(sql`external_ref is not null`),
    index('office_documents_queue_idx').on(t.agencyId, t.direction, t.status, t.dueAt),
    index('office_documents_holder_idx').on(t.holderId, t.status),
    index('office_documents_registered_idx').on(t.agencyId, t.registeredAt),
    // Search's first pass: the newest documents of an agency, or of the province (office.queries.ts).
    index('office_documents_agency_created_idx').on(t.agencyId, t.createdAt, t.id),
    index('office_documents_created_idx').on(t.createdAt, t.id),
    index('office_documents_work_file_idx').on(t.workFileId),
    index('office_documents_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
  ],
);

/** The action log of a document: one row per event, keyed by the document's version. */
export const officeDocumentEvents = pgTable(
  'office_document_events',
  {
    documentId: uuid('document_id')
      .notNull()
      .references(() => officeDocuments.id),
    version: integer('version').notNull(),
    action: text('action').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    event: jsonb('event').notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.version] })],
);

/** The routing trace of incoming documents (one row per assignment), for queues and reports. */
export const officeAssignments = pgTable(
  'office_assignments',
  {
    documentId: uuid('document_id')
      .notNull()
      .references(() => officeDocuments.id),
    seq: integer('seq').notNull(),
    fromId: uuid('from_id')
      .notNull()
      .references(() => people.id),
    toId: uuid('to_id')
      .notNull()
      .references(() => people.id),
    level: text('level').notNull(),
    instructions: text('instructions'),
    dueAt: timestamp('due_at', { withTimezone: true }),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.seq] }), index('office_assignments_to_idx').on(t.toId)],
);

/** Handling opinions on incoming documents. */
export const officeOpinions = pgTable(
  'office_opinions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => officeDocuments.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => people.id),
    text: text('text').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('office_opinions_document_idx').on(t.documentId)],
);

/**
 * An outgoing document sent to an agency inside Congso: it waits in the recipient's inbox until their
 * document clerk registers it (then `incoming_document_id`).
 */
export const officeDeliveries = pgTable(
  'office_deliveries',
  {
    id: uuid('id').primaryKey(),
    outgoingDocumentId: uuid('outgoing_document_id')
      .notNull()
      .references(() => officeDocuments.id),
    recipientAgencyId: uuid('recipient_agency_id')
      .notNull()
      .references(() => agencies.id),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    incomingDocumentId: uuid('incoming_document_id').references(() => officeDocuments.id),
    registeredAt: timestamp('registered_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('office_deliveries_uq').on(t.outgoingDocumentId, t.recipientAgencyId),
    index('office_deliveries_inbox_idx').on(t.recipientAgencyId, t.registeredAt),
  ],
);

/**
 * An item of an agency's inbox its document clerk refused to register (not for this agency, incomplete,
 * unreadable): a delivery inside Congso (`item_id` is the delivery's id) or an edXML package (the exchange
 * message's id). It leaves the inbox; the sender sees the refusal with its reason (for a package, the status
 * message 02 carries it back). Once per agency and item.
 */
export const officeInboxRefusals = pgTable(
  'office_inbox_refusals',
  {
    id: uuid('id').primaryKey(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    source: text('source').notNull(),
    itemId: uuid('item_id').notNull(),
    reason: text('reason').notNull(),
    refusedBy: uuid('refused_by')
      .notNull()
      .references(() => people.id),
    refusedAt: timestamp('refused_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('office_inbox_refusals_uq').on(t.agencyId, t.itemId),
    index('office_inbox_refusals_item_idx').on(t.itemId),
    check('office_inbox_refusals_source_ck', sql`${t.source} in ('internal','edxml')`),
  ],
);
