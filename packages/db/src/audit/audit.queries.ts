import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../connection';
import { auditEvents, people } from '../schema/index';

export interface AuditInput {
  occurredAt: Date;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  agencyId?: string | null;
  reason?: string | null;
  data?: unknown;
  ip?: string | null;
  requestId?: string | null;
}

/** Appends one audit event. Call it inside the transaction that makes the change. */
export async function recordAudit(tx: Executor, event: AuditInput): Promise<void> {
  await tx.insert(auditEvents).values({
    occurredAt: event.occurredAt,
    actorId: event.actorId,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    agencyId: event.agencyId ?? null,
    reason: event.reason ?? null,
    data: event.data ?? null,
    ip: event.ip ?? null,
    requestId: event.requestId ?? null,
  });
}

export interface ListAuditInput {
  /** Only events about agencies in the subtree under this one. */
  underAgencyId: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  limit: number;
  offset: number;
}

/** Newest first, with the actor's name. */
export async function listAuditEvents(db: Executor, input: ListAuditInput) {
  const where = and(
    sql`${auditEvents.agencyId} in (with recursive down(id, depth) as (
        select id, 0 from agencies where id = ${input.underAgencyId}
        union all select a.id, down.depth + 1 from agencies a join down on a.parent_id = down.id where down.depth < 32
      ) select id from down)`,
    input.entityType ? eq(auditEvents.entityType, input.entityType) : undefined,
    input.entityId ? eq(auditEvents.entityId, input.entityId) : undefined,
    input.action ? eq(auditEvents.action, input.action) : undefined,
  );
  const items = await db
    .select({ event: auditEvents, actorName: people.fullName, actorUsername: people.username })
    .from(auditEvents)
    .leftJoin(people, eq(people.id, auditEvents.actorId))
    .where(where)
    .orderBy(desc(auditEvents.id))
    .limit(input.limit)
    .offset(input.offset);
  const [total] = await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(where);
  return { items, total: Number(total?.n ?? 0) };
}
