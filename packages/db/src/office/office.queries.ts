/**
 * Queries of the documents office: registers and their counters, documents with their append-only events,
 * the routing trace and opinions, internal deliveries, work files, search, and the exchange outbox.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { type Executor, likeEscape, queryRows } from '../connection';
import {
  officeAssignments,
  officeDeliveries,
  officeDocumentEvents,
  officeDocuments,
  officeInboxRefusals,
  officeOpinions,
  officeRegisters,
  officeWorkFiles,
} from '../schema/index';

export type OfficeRegisterRow = typeof officeRegisters.$inferSelect;
export type OfficeDocumentRow = typeof officeDocuments.$inferSelect;
export type OfficeDocumentInsert = typeof officeDocuments.$inferInsert;
export type OfficeWorkFileRow = typeof officeWorkFiles.$inferSelect;
export type OfficeDeliveryRow = typeof officeDeliveries.$inferSelect;
export type OfficeInboxRefusalRow = typeof officeInboxRefusals.$inferSelect;

// ---------------------------------------------------------------------------------------------------
// Registers

/** The agency's register of that kind and year, created on first use. */
export async function ensureRegister(
  db: Executor,
  input: { agencyId: string; kind: 'incoming' | 'outgoing'; year: number; at: Date },
): Promise<OfficeRegisterRow> {
  const find = async () => {
    const [row] = await db
      .select()
      .from(officeRegisters)
      .where(
        and(
          eq(officeRegisters.agencyId, input.agencyId),
          eq(officeRegisters.kind, input.kind),
          eq(officeRegisters.year, input.year),
        ),
      );
    return row;
  };
  // Looked up first: an insert would wait on the row lock of a transaction taking a number.
  const existing = await find();
  if (existing) return existing;
  await db
    .insert(officeRegisters)
    .values({ id: randomUUID(), agencyId: input.agencyId, kind: input.kind, year: input.year, createdAt: input.at })
    .onConflictDoNothing();
  return (await find()) as OfficeRegisterRow;
}

/**
 * The register's next number, inside the transaction that writes the document: the UPDATE locks the
 * register's row until the transaction ends (concurrent issuers wait), and a rollback gives the number back,
 * so numbers are unique and gap-free. Null when the register is closed.
 */
export async function takeRegisterNumber(tx: Executor, registerId: string): Promise<number | null> {
  const [row] = await tx
    .update(officeRegisters)
    .set({ lastNumber: sql`${officeRegisters.lastNumber} + 1` })
    .where(and(eq(officeRegisters.id, registerId), isNull(officeRegisters.closedAt)))
    .returning({ lastNumber: officeRegisters.lastNumber });
  return row ? row.lastNumber : null;
}

export async function getRegister(db: Executor, id: string): Promise<OfficeRegisterRow | undefined> {
  const [row] = await db.select().from(officeRegisters).where(eq(officeRegisters.id, id));
  return row;
}

export async function listRegisters(db: Executor, agencyId: string, year?: number): Promise<OfficeRegisterRow[]> {
  return db
    .select()
    .from(officeRegisters)
    .where(and(eq(officeRegisters.agencyId, agencyId), year ? eq(officeRegisters.year, year) : undefined))
    .orderBy(desc(officeRegisters.year), asc(officeRegisters.kind));
}

/** Closes a register if still at `expectedVersion` and open. */
export async function closeRegisterRow(
  tx: Executor,
  input: { id: string; expectedVersion: number; at: Date; actorId: string },
): Promise<OfficeRegisterRow | undefined> {
  const [row] = await tx
    .update(officeRegisters)
    .set({ closedAt: input.at, closedById: input.actorId, version: sql`${officeRegisters.version} + 1` })
    .where(
      and(
        eq(officeRegisters.id, input.id),
        eq(officeRegisters.version, input.expectedVersion),
        isNull(officeRegisters.closedAt),
      ),
    )
    .returning();
  return row;
}

/** The register's documents in number order (the register view). */
export async function registerDocuments(db: Executor, registerId: string): Promise<OfficeDocumentRow[]> {
  return db
    .select()
    .from(officeDocuments)
    .where(eq(officeDocuments.registerId, registerId))
    .orderBy(asc(officeDocuments.number));
}

// ---------------------------------------------------------------------------------------------------
// Documents and events

export interface OfficeEventInput {
  documentId: string;
  version: number;
  action: string;
  at: Date;
  actorId: string | null;
  event: unknown;
}

export async function insertOfficeDocument(tx: Executor, values: OfficeDocumentInsert): Promise<OfficeDocumentRow> {
  const [row] = await tx.insert(officeDocuments).values(values).returning();
  return row as OfficeDocumentRow;
}

/** Writes the new columns only if the document is still at `expectedVersion`; false otherwise. */
export async function saveOfficeDocument(
  tx: Executor,
  id: string,
  expectedVersion: number,
  values: Partial<OfficeDocumentInsert>,
): Promise<OfficeDocumentRow | undefined> {
  const [row] = await tx
    .update(officeDocuments)
    .set(values)
    .where(and(eq(officeDocuments.id, id), eq(officeDocuments.version, expectedVersion)))
    .returning();
  return row;
}

export async function insertOfficeEvent(tx: Executor, event: OfficeEventInput): Promise<void> {
  await tx.insert(officeDocumentEvents).values(event);
}

export async function getOfficeDocument(db: Executor, id: string): Promise<OfficeDocumentRow | undefined> {
  const [row] = await db.select().from(officeDocuments).where(eq(officeDocuments.id, id));
  return row;
}

export async function listOfficeEvents(db: Executor, documentId: string) {
  return db
    .select()
    .from(officeDocumentEvents)
    .where(eq(officeDocumentEvents.documentId, documentId))
    .orderBy(asc(officeDocumentEvents.version));
}

export async function insertAssignment(tx: Executor, values: typeof officeAssignments.$inferInsert): Promise<void> {
  await tx.insert(officeAssignments).values(values);
}

export async function insertOpinion(tx: Executor, values: typeof officeOpinions.$inferInsert): Promise<void> {
  await tx.insert(officeOpinions).values(values);
}

export interface ListOfficeDocumentsInput {
  agencyId: string;
  direction: 'incoming' | 'outgoing';
  statuses?: readonly string[];
  holderId?: string;
  drafterId?: string;
  /** Only documents not done whose deadline is before this instant. */
  overdueAt?: Date;
  limit: number;
  offset: number;
}

/**
 * A queue: for incoming documents those still to handle first, soonest due first (then the newest), and the done
 * ones after them, newest first; newest first for outgoing ones.
 */
export async function listOfficeDocuments(db: Executor, input: ListOfficeDocumentsInput) {
  const where = and(
    eq(officeDocuments.agencyId, input.agencyId),
    eq(officeDocuments.direction, input.direction),
    input.statuses?.length ? inArray(officeDocuments.status, [...input.statuses]) : undefined,
    input.holderId ? eq(officeDocuments.holderId, input.holderId) : undefined,
    input.drafterId ? eq(officeDocuments.drafterId, input.drafterId) : undefined,
    input.overdueAt
      ? and(lt(officeDocuments.dueAt, input.overdueAt), sql`${officeDocuments.status} <> 'done'`)
      : undefined,
  );
  const order =
    input.direction === 'incoming'
      ? [
          sql`${officeDocuments.status} = 'done' asc`,
          sql`case when ${officeDocuments.status} <> 'done' then ${officeDocuments.dueAt} end asc nulls last`,
          desc(officeDocuments.number),
        ]
      : [desc(officeDocuments.updatedAt)];
  const [items, [count]] = await Promise.all([
    db
      .select()
      .from(officeDocuments)
      .where(where)
      .orderBy(...order)
      .limit(input.limit)
      .offset(input.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(officeDocuments).where(where),
  ]);
  return { items, total: Number(count?.n ?? 0) };
}

/** The words of a search as the index folds them: lower case, no marks, LIKE wildcards escaped. */
export function searchWords(query: string): string[] {
  return [
    ...new Set(
      query
        .normalize('NFC')
        .toLowerCase()
        .split(/[\s,;:!?()"“”]+/u)
        .filter((w) => w.length > 0),
    ),
  ].slice(0, 8);
}

export interface SearchOfficeInput {
  agencyId?: string;
  query: string;
  direction?: 'incoming' | 'outgoing';
  limit: number;
  /** How many of the newest documents the first pass reads (tests set it small); default SEARCH_WINDOW. */
  window?: number;
}

/**
 * The first pass reads this many of the newest documents in scope. Common words match a good share of
 * them, so the page is full there; rare words do not, and go to the trigram index (where they are cheap).
 */
export const SEARCH_WINDOW = 4000;
/** The second pass reads at most this many windows. */
const SEARCH_FURTHEST = 8;

/**
 * Documents whose subject, notation, issuer or text holds every word of the query, diacritic-insensitive,
 * newest first (creation time, then id: a total order).
 *
 * Passes with one answer. (1) The newest `window` documents in scope, read through the
 * `(agency_id, created_at, id)` or `(created_at, id)` index, filtered by the words: when that gives a full page,
 * it is the page (any other match is older than all of them); when the scope holds no more than the window,
 * what it gave is everything. (2) When some matched, their share tells how far a page is: if that is within
 * 8 windows, the newest documents again as far as twice that, with the same two answers. (3) Otherwise every
 * match through the trigram index on `search_text`, then sorted: the words are rare in the recent documents.
 * The trigram index alone is slow for common words (a large share of the table is read and re-checked to keep
 * 20 rows), the date index alone for rare ones (the whole table is walked in date order): each pass is used
 * where it is fast.
 */
export async function searchOfficeDocuments(db: Executor, input: SearchOfficeInput) {
  const words = searchWords(input.query);
  if (words.length === 0) return [];
  const window = input.window ?? SEARCH_WINDOW;
  const patterns = words.map((w) => sql`'%' || lower(f_unaccent(${likeEscape(w)})) || '%'`);
  const scope = and(
    input.agencyId ? eq(officeDocuments.agencyId, input.agencyId) : undefined,
    input.direction ? eq(officeDocuments.direction, input.direction) : undefined,
  );
  const columns = {
    id: officeDocuments.id,
    direction: officeDocuments.direction,
    agencyId: officeDocuments.agencyId,
    status: officeDocuments.status,
    number: officeDocuments.number,
    notation: officeDocuments.notation,
    typeCode: officeDocuments.typeCode,
    subject: officeDocuments.subject,
    organName: officeDocuments.organName,
    issuedDate: officeDocuments.issuedDate,
    registeredAt: officeDocuments.registeredAt,
    createdAt: officeDocuments.createdAt,
  };
  const newestFirst = [desc(officeDocuments.createdAt), desc(officeDocuments.id)];

  /** The matches among the newest `size` documents in scope (a page at most), and whether the scope has more. */
  const amongNewest = async (size: number) => {
    const recent = db
      .select({ ...columns, searchText: officeDocuments.searchText })
      .from(officeDocuments)
      .where(scope)
      .orderBy(...newestFirst)
      .limit(size)
      .as('recent');
    const rows = await db
      .select({
        id: recent.id,
        direction: recent.direction,
        agencyId: recent.agencyId,
        status: recent.status,
        number: recent.number,
        notation: recent.notation,
        typeCode: recent.typeCode,
        subject: recent.subject,
        organName: recent.organName,
        issuedDate: recent.issuedDate,
        registeredAt: recent.registeredAt,
        createdAt: recent.createdAt,
      })
      .from(recent)
      .where(and(...patterns.map((p) => sql`${recent.searchText} like ${p}`)))
      .orderBy(desc(recent.createdAt), desc(recent.id))
      .limit(input.limit);
    if (rows.length >= input.limit) return { rows, complete: true };
    const beyond = await db
      .select({ id: officeDocuments.id })
      .from(officeDocuments)
      .where(scope)
      .orderBy(...newestFirst)
      .limit(1)
      .offset(size);
    return { rows, complete: beyond.length === 0 };
  };

  const first = await amongNewest(window);
  if (first.complete) return first.rows;
  if (first.rows.length > 0) {
    const further = Math.ceil((window * input.limit * 2) / first.rows.length);
    if (further <= window * SEARCH_FURTHEST) {
      const second = await amongNewest(further);
      if (second.complete) return second.rows;
    }
  }
  return db
    .select(columns)
    .from(officeDocuments)
    .where(and(scope, ...patterns.map((p) => sql`${officeDocuments.searchText} like ${p}`)))
    .orderBy(
      // `+ interval '0'` keeps the planner off the date index here: walking the table in date order to find a
      // few rare matches reads all of it; the trigram index finds them, and the sort is over a few rows.
      desc(sql`${officeDocuments.createdAt} + interval '0 seconds'`),
      desc(officeDocuments.id),
    )
    .limit(input.limit);
}

/** The same search as a plain `ILIKE` scan over the unfolded columns (the benchmark's baseline). */
export async function searchOfficeDocumentsNaive(db: Executor, input: SearchOfficeInput) {
  const words = searchWords(input.query);
  const conditions = words.map((w) => {
    const pattern = `%${likeEscape(w)}%`;
    return sql`(${officeDocuments.subject} ilike ${pattern} or ${officeDocuments.notation} ilike ${pattern} or ${officeDocuments.textContent} ilike ${pattern})`;
  });
  return db
    .select({ id: officeDocuments.id })
    .from(officeDocuments)
    .where(and(input.agencyId ? eq(officeDocuments.agencyId, input.agencyId) : undefined, ...conditions))
    .orderBy(desc(officeDocuments.createdAt))
    .limit(input.limit);
}

// ---------------------------------------------------------------------------------------------------
// Internal deliveries

export async function insertDeliveries(
  tx: Executor,
  rows: readonly { outgoingDocumentId: string; recipientAgencyId: string; sentAt: Date }[],
): Promise<OfficeDeliveryRow[]> {
  if (rows.length === 0) return [];
  return tx
    .insert(officeDeliveries)
    .values(rows.map((r) => ({ id: randomUUID(), ...r })))
    .returning();
}

/** Documents sent to the agency inside Congso and not registered yet, oldest first. */
export async function listInbox(db: Executor, agencyId: string) {
  return db
    .select({ delivery: officeDeliveries, document: officeDocuments })
    .from(officeDeliveries)
    .innerJoin(officeDocuments, eq(officeDocuments.id, officeDeliveries.outgoingDocumentId))
    .where(
      and(
        eq(officeDeliveries.recipientAgencyId, agencyId),
        isNull(officeDeliveries.incomingDocumentId),
        sql`not exists (select 1 from office_inbox_refusals r where r.item_id = "office_deliveries"."id")`,
      ),
    )
    .orderBy(asc(officeDeliveries.sentAt));
}

/** Records the clerk's refusal of an inbox item (once per agency and item: false when it was refused already). */
export async function insertInboxRefusal(
  tx: Executor,
  values: typeof officeInboxRefusals.$inferInsert,
): Promise<boolean> {
  const rows = await tx
    .insert(officeInboxRefusals)
    .values(values)
    .onConflictDoNothing()
    .returning({ id: officeInboxRefusals.id });
  return rows.length === 1;
}

/** The refusals of these inbox items (deliveries or exchange messages), for the sender's view. */
export async function inboxRefusalsOf(db: Executor, itemIds: readonly string[]): Promise<OfficeInboxRefusalRow[]> {
  if (itemIds.length === 0) return [];
  return db
    .select()
    .from(officeInboxRefusals)
    .where(inArray(officeInboxRefusals.itemId, [...itemIds]));
}

/** Whether the agency refused the item already. */
export async function inboxItemRefused(db: Executor, agencyId: string, itemId: string): Promise<boolean> {
  const rows = await db
    .select({ id: officeInboxRefusals.id })
    .from(officeInboxRefusals)
    .where(and(eq(officeInboxRefusals.agencyId, agencyId), eq(officeInboxRefusals.itemId, itemId)));
  return rows.length > 0;
}

export async function getDelivery(db: Executor, id: string): Promise<OfficeDeliveryRow | undefined> {
  const [row] = await db.select().from(officeDeliveries).where(eq(officeDeliveries.id, id));
  return row;
}

/** Marks a delivery registered (once: false when someone registered it first). */
export async function markDeliveryRegistered(
  tx: Executor,
  input: { id: string; incomingDocumentId: string; at: Date },
): Promise<boolean> {
  const rows = await tx
    .update(officeDeliveries)
    .set({ incomingDocumentId: input.incomingDocumentId, registeredAt: input.at })
    .where(and(eq(officeDeliveries.id, input.id), isNull(officeDeliveries.incomingDocumentId)))
    .returning({ id: officeDeliveries.id });
  return rows.length === 1;
}

/** Where an outgoing document went inside Congso and whether each recipient registered it. */
export async function deliveriesOf(db: Executor, outgoingDocumentId: string): Promise<OfficeDeliveryRow[]> {
  return db
    .select()
    .from(officeDeliveries)
    .where(eq(officeDeliveries.outgoingDocumentId, outgoingDocumentId))
    .orderBy(asc(officeDeliveries.sentAt));
}

// ---------------------------------------------------------------------------------------------------
// Work files

export async function insertWorkFile(tx: Executor, values: typeof officeWorkFiles.$inferInsert) {
  const rows = await tx.insert(officeWorkFiles).values(values).onConflictDoNothing().returning();
  return rows[0];
}

export async function getWorkFile(db: Executor, id: string): Promise<OfficeWorkFileRow | undefined> {
  const [row] = await db.select().from(officeWorkFiles).where(eq(officeWorkFiles.id, id));
  return row;
}

export async function listWorkFiles(db: Executor, agencyId: string, year?: number) {
  const rows = await db
    .select({
      file: officeWorkFiles,
      documents: sql<number>`(select count(*)::int from office_documents d where d.work_file_id = "office_work_files"."id")`,
      paper: sql<number>`(select count(*)::int from office_documents d where d.work_file_id = "office_work_files"."id" and d.medium = 'paper')`,
    })
    .from(officeWorkFiles)
    .where(and(eq(officeWorkFiles.agencyId, agencyId), year ? eq(officeWorkFiles.year, year) : undefined))
    .orderBy(desc(officeWorkFiles.openedAt));
  return rows.map((r) => ({ ...r.file, documents: Number(r.documents), paper: Number(r.paper) }));
}

/** Bumps the work file's version (a document added or removed, or closed) if still at `expectedVersion`. */
export async function touchWorkFile(
  tx: Executor,
  input: { id: string; expectedVersion: number; closedAt?: Date },
): Promise<OfficeWorkFileRow | undefined> {
  const [row] = await tx
    .update(officeWorkFiles)
    .set({ version: sql`${officeWorkFiles.version} + 1`, ...(input.closedAt ? { closedAt: input.closedAt } : {}) })
    .where(
      and(
        eq(officeWorkFiles.id, input.id),
        eq(officeWorkFiles.version, input.expectedVersion),
        isNull(officeWorkFiles.closedAt),
      ),
    )
    .returning();
  return row;
}

export async function workFileDocuments(db: Executor, workFileId: string) {
  return db
    .select()
    .from(officeDocuments)
    .where(eq(officeDocuments.workFileId, workFileId))
    .orderBy(asc(officeDocuments.createdAt));
}

/** Puts a document of the agency in a work file (only if it is in none). */
export async function fileDocument(
  tx: Executor,
  input: { documentId: string; workFileId: string; agencyId: string },
): Promise<boolean> {
  const rows = await tx
    .update(officeDocuments)
    .set({ workFileId: input.workFileId })
    .where(
      and(
        eq(officeDocuments.id, input.documentId),
        eq(officeDocuments.agencyId, input.agencyId),
        isNull(officeDocuments.workFileId),
      ),
    )
    .returning({ id: officeDocuments.id });
  return rows.length === 1;
}

/**
 * Per agency (with its kind), the work files closed in the year and how many of them were handled entirely
 * online (at least one document, none on paper).
 */
export async function workFileTallies(db: Executor, input: { year: number; agencyIds?: readonly string[] }) {
  const rows = await queryRows<{ agency_id: string; kind: string; name: string; closed: number; online: number }>(
    db,
    sql`select f.agency_id, a.kind, a.name,
          count(*)::int as closed,
          count(*) filter (where exists (select 1 from office_documents d where d.work_file_id = f.id)
                             and not exists (select 1 from office_documents d where d.work_file_id = f.id and d.medium = 'paper'))::int as online
        from office_work_files f join agencies a on a.id = f.agency_id
        where f.closed_at is not null and f.year = ${input.year}
        ${input.agencyIds ? sql`and f.agency_id in (select unnest(${`{${input.agencyIds.join(',')}}`}::uuid[]))` : sql``}
        group by f.agency_id, a.kind, a.name
        order by a.name`,
  );
  return rows.map((r) => ({
    agencyId: r.agency_id,
    kind: r.kind,
    name: r.name,
    closed: Number(r.closed),
    online: Number(r.online),
  }));
}

// ---------------------------------------------------------------------------------------------------
// Issuing: the number, the document and its event in one statement

export interface IssueInput {
  registerId: string;
  documentId: string;
  expectedVersion: number;
  /** The notation after the number, with its slash: `/QĐ-UBND`. */
  suffix: string;
  issuedDate: string;
  at: Date;
  actorId: string;
  /** The document's state and event after the issue, with `issue.number` / `issue.notation` (state) and
   *  `data.number` / `data.notation` (event) to be replaced by the number taken. */
  state: unknown;
  event: unknown;
  status: string;
  version: number;
}

/**
 * Takes the register's next number and writes it into the document and its event, in one statement at the
 * end of the issuing transaction: the register's row stays locked only from this statement to the commit, so
 * concurrent issuers wait as little as possible; a rollback gives the number back (gap-free). `taken` is null
 * when the register is closed; `number` is null when the document is no longer at `expectedVersion` (the
 * caller must roll back).
 */
export async function issueWithNextNumber(
  tx: Executor,
  input: IssueInput,
): Promise<{ taken: number | null; number: number | null }> {
  const [row] = await queryRows<{ taken: number | null; number: number | null }>(
    tx,
    sql`with n as (
          update office_registers set last_number = last_number + 1
          where id = ${input.registerId} and closed_at is null
          returning last_number, lpad(last_number::text, 2, '0') || ${input.suffix} as notation
        ), doc as (
          update office_documents d
          set number = n.last_number, notation = n.notation, register_id = ${input.registerId},
              issued_date = ${input.issuedDate}, registered_at = ${input.at}, updated_at = ${input.at},
              status = ${input.status}, version = ${input.version},
              state = jsonb_set(jsonb_set(${JSON.stringify(input.state)}::jsonb, '{issue,number}', to_jsonb(n.last_number)),
                                '{issue,notation}', to_jsonb(n.notation))
          from n where d.id = ${input.documentId} and d.version = ${input.expectedVersion}
          returning d.number, d.notation
        ), ev as (
          insert into office_document_events (document_id, version, action, at, actor_id, event)
          select ${input.documentId}, ${input.version}, 'issue', ${input.at}, ${input.actorId},
                 jsonb_set(jsonb_set(${JSON.stringify(input.event)}::jsonb, '{data,number}', to_jsonb(doc.number)),
                           '{data,notation}', to_jsonb(doc.notation))
          from doc
          returning 1
        )
        select (select last_number from n) as taken, (select number from doc) as number, (select count(*) from ev) as events`,
  );
  return {
    taken: row?.taken === null || row?.taken === undefined ? null : Number(row.taken),
    number: row?.number === null || row?.number === undefined ? null : Number(row.number),
  };
}

/** Active officers of an agency holding a role (the people a document may be assigned to), by name. */
export async function officersWithRole(db: Executor, agencyId: string, role: string) {
  return queryRows<{ id: string; full_name: string }>(
    db,
    sql`select id, full_name from people
        where kind = 'officer' and active and agency_id = ${agencyId} and ${role} = any(roles)
        order by full_name`,
  ).then((rows) => rows.map((r) => ({ id: r.id, fullName: r.full_name })));
}
