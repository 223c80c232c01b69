import type { Executor } from '../connection';
import { auditEvents } from '../schema/index';

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
