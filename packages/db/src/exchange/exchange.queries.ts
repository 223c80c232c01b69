import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../connection';
import { agencies, exchangeMessages, exchangePeers } from '../schema/index';

export type ExchangePeerRow = typeof exchangePeers.$inferSelect;
export type ExchangeMessageRow = typeof exchangeMessages.$inferSelect;
export type NewExchangeMessage = typeof exchangeMessages.$inferInsert;

export async function insertExchangePeer(
  tx: Executor,
  row: typeof exchangePeers.$inferInsert,
): Promise<ExchangePeerRow> {
  const [inserted] = await tx.insert(exchangePeers).values(row).returning();
  return inserted as ExchangePeerRow;
}

/** Updates a peer at the version the caller read; undefined when someone changed it first (or it is gone). */
export async function updateExchangePeer(
  tx: Executor,
  id: string,
  expectedVersion: number,
  change: Partial<Pick<ExchangePeerRow, 'name' | 'baseUrl' | 'organIds' | 'publicKey' | 'keyId' | 'active'>> & {
    updatedAt: Date;
  },
): Promise<ExchangePeerRow | undefined> {
  const [row] = await tx
    .update(exchangePeers)
    .set({ ...change, version: sql`${exchangePeers.version} + 1` })
    .where(and(eq(exchangePeers.id, id), eq(exchangePeers.version, expectedVersion)))
    .returning();
  return row;
}

export async function listExchangePeers(db: Executor): Promise<ExchangePeerRow[]> {
  return db.select().from(exchangePeers).orderBy(exchangePeers.name, exchangePeers.id);
}

export async function findExchangePeer(db: Executor, id: string): Promise<ExchangePeerRow | undefined> {
  const [row] = await db.select().from(exchangePeers).where(eq(exchangePeers.id, id));
  return row;
}

export async function findExchangePeerByKey(db: Executor, keyId: string): Promise<ExchangePeerRow | undefined> {
  const [row] = await db.select().from(exchangePeers).where(eq(exchangePeers.keyId, keyId));
  return row;
}

/** The active peer that answers for an agency code (the first by name when two claim it). */
export async function findExchangePeerForOrgan(db: Executor, organId: string): Promise<ExchangePeerRow | undefined> {
  const [row] = await db
    .select()
    .from(exchangePeers)
    .where(and(eq(exchangePeers.active, true), sql`${organId} = any(${exchangePeers.organIds})`))
    .orderBy(exchangePeers.name, exchangePeers.id)
    .limit(1);
  return row;
}

/** The agencies in force here among these codes: code → id and name. */
export async function currentAgenciesByCode(
  db: Executor,
  codes: readonly string[],
): Promise<Map<string, { id: string; name: string }>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ id: agencies.id, code: agencies.code, name: agencies.name })
    .from(agencies)
    .where(and(sql`${agencies.code} = any(${sql.param([...codes])}::text[])`, sql`${agencies.validTo} is null`));
  return new Map(rows.map((r) => [r.code as string, { id: r.id, name: r.name }]));
}

export async function insertExchangeMessage(tx: Executor, row: NewExchangeMessage): Promise<void> {
  await tx.insert(exchangeMessages).values(row);
}

export async function findExchangeMessage(db: Executor, id: string): Promise<ExchangeMessageRow | undefined> {
  const [row] = await db.select().from(exchangeMessages).where(eq(exchangeMessages.id, id));
  return row;
}

export async function findInboundByExchangeId(
  db: Executor,
  peerId: string,
  exchangeId: string,
): Promise<ExchangeMessageRow | undefined> {
  const [row] = await db
    .select()
    .from(exchangeMessages)
    .where(
      and(
        eq(exchangeMessages.peerId, peerId),
        eq(exchangeMessages.direction, 'in'),
        eq(exchangeMessages.exchangeId, exchangeId),
      ),
    );
  return row;
}

/** The package (in or out) with this edXML DocumentId exchanged with this peer, newest first. */
export async function findPackageByDocumentId(
  db: Executor,
  peerId: string,
  direction: 'in' | 'out',
  documentId: string,
): Promise<ExchangeMessageRow | undefined> {
  const [row] = await db
    .select()
    .from(exchangeMessages)
    .where(
      and(
        eq(exchangeMessages.documentId, documentId),
        eq(exchangeMessages.direction, direction),
        eq(exchangeMessages.kind, 'package'),
        eq(exchangeMessages.peerId, peerId),
      ),
    )
    .orderBy(desc(exchangeMessages.createdAt))
    .limit(1);
  return row;
}

export async function setMessageOutcome(
  tx: Executor,
  id: string,
  change: Partial<Pick<ExchangeMessageRow, 'state' | 'attempts' | 'error' | 'deliveredAt' | 'statusCode' | 'statusAt'>>,
): Promise<void> {
  await tx.update(exchangeMessages).set(change).where(eq(exchangeMessages.id, id));
}

export interface ListExchangeMessagesInput {
  direction?: 'in' | 'out';
  kind?: 'package' | 'status';
  documentId?: string;
  state?: 'queued' | 'delivered' | 'refused' | 'failed' | 'received';
  limit: number;
  offset: number;
}

/** Newest first, without the edXML text. */
export async function listExchangeMessages(db: Executor, input: ListExchangeMessagesInput) {
  const where = and(
    input.direction ? eq(exchangeMessages.direction, input.direction) : undefined,
    input.kind ? eq(exchangeMessages.kind, input.kind) : undefined,
    input.documentId ? eq(exchangeMessages.documentId, input.documentId) : undefined,
    input.state ? eq(exchangeMessages.state, input.state) : undefined,
  );
  const rows = await db
    .select({
      id: exchangeMessages.id,
      direction: exchangeMessages.direction,
      kind: exchangeMessages.kind,
      peerId: exchangeMessages.peerId,
      peerName: exchangePeers.name,
      documentId: exchangeMessages.documentId,
      fromOrganId: exchangeMessages.fromOrganId,
      toOrganIds: exchangeMessages.toOrganIds,
      subject: exchangeMessages.subject,
      statusCode: exchangeMessages.statusCode,
      statusAt: exchangeMessages.statusAt,
      state: exchangeMessages.state,
      attempts: exchangeMessages.attempts,
      error: exchangeMessages.error,
      bytes: exchangeMessages.bytes,
      summary: exchangeMessages.summary,
      createdAt: exchangeMessages.createdAt,
      deliveredAt: exchangeMessages.deliveredAt,
    })
    .from(exchangeMessages)
    .innerJoin(exchangePeers, eq(exchangePeers.id, exchangeMessages.peerId))
    .where(where)
    .orderBy(desc(exchangeMessages.createdAt), desc(exchangeMessages.id))
    .limit(input.limit)
    .offset(input.offset);
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(exchangeMessages).where(where);
  return { rows, total: count?.n ?? 0 };
}

/**
 * Packages received for an agency (its code among the recipients) that it has not registered in its incoming
 * register yet, oldest first, without the edXML text.
 */
export async function listExchangeInbox(db: Executor, agency: { id: string; code: string }) {
  return db
    .select({
      id: exchangeMessages.id,
      documentId: exchangeMessages.documentId,
      fromOrganId: exchangeMessages.fromOrganId,
      subject: exchangeMessages.subject,
      summary: exchangeMessages.summary,
      createdAt: exchangeMessages.createdAt,
    })
    .from(exchangeMessages)
    .where(
      and(
        eq(exchangeMessages.direction, 'in'),
        eq(exchangeMessages.kind, 'package'),
        sql`${agency.code} = any(${exchangeMessages.toOrganIds})`,
        sql`not exists (select 1 from office_documents d where d.agency_id = ${agency.id}
          and d.external_ref->>'documentId' = "exchange_messages"."document_id")`,
        sql`not exists (select 1 from office_inbox_refusals r where r.agency_id = ${agency.id}
          and r.item_id = "exchange_messages"."id")`,
      ),
    )
    .orderBy(exchangeMessages.createdAt, exchangeMessages.id);
}

/**
 * What became of an outgoing package (by its edXML DocumentId): one row per peer it went to (delivery state,
 * tries, last error) and the status messages that came back, oldest first.
 */
export async function exchangeOfDocument(db: Executor, documentId: string) {
  const packages = await db
    .select({
      id: exchangeMessages.id,
      peerName: exchangePeers.name,
      toOrganIds: exchangeMessages.toOrganIds,
      state: exchangeMessages.state,
      attempts: exchangeMessages.attempts,
      error: exchangeMessages.error,
      createdAt: exchangeMessages.createdAt,
      deliveredAt: exchangeMessages.deliveredAt,
    })
    .from(exchangeMessages)
    .innerJoin(exchangePeers, eq(exchangePeers.id, exchangeMessages.peerId))
    .where(
      and(
        eq(exchangeMessages.documentId, documentId),
        eq(exchangeMessages.direction, 'out'),
        eq(exchangeMessages.kind, 'package'),
      ),
    )
    .orderBy(exchangeMessages.createdAt, exchangeMessages.id);
  const statuses = await db
    .select({
      fromOrganId: exchangeMessages.fromOrganId,
      statusCode: exchangeMessages.statusCode,
      statusAt: exchangeMessages.statusAt,
      description: exchangeMessages.subject,
    })
    .from(exchangeMessages)
    .where(
      and(
        eq(exchangeMessages.documentId, documentId),
        eq(exchangeMessages.direction, 'in'),
        eq(exchangeMessages.kind, 'status'),
      ),
    )
    .orderBy(exchangeMessages.statusAt, exchangeMessages.createdAt);
  return { packages, statuses };
}

/** Puts a failed or refused outgoing message back in the queue (its exchange id kept); undefined when it is not one. */
export async function requeueExchangeMessage(tx: Executor, id: string): Promise<ExchangeMessageRow | undefined> {
  const [row] = await tx
    .update(exchangeMessages)
    .set({ state: 'queued', attempts: 0 })
    .where(
      and(
        eq(exchangeMessages.id, id),
        eq(exchangeMessages.direction, 'out'),
        sql`${exchangeMessages.state} in ('failed', 'refused')`,
      ),
    )
    .returning();
  return row;
}
