import { and, count, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../connection';
import { dossiers } from '../schema/dossiers';
import { notifications } from '../schema/notifications';

export type NotificationRow = typeof notifications.$inferSelect;

export async function insertNotification(tx: Executor, values: typeof notifications.$inferInsert) {
  await tx.insert(notifications).values(values);
}

/** The notifications among `ids` (unknown ids are left out). */
export async function getNotifications(executor: Executor, ids: readonly string[]): Promise<NotificationRow[]> {
  if (ids.length === 0) return [];
  return executor
    .select()
    .from(notifications)
    .where(inArray(notifications.id, [...ids]));
}

export async function listNotifications(executor: Executor, personId: string, limit: number) {
  const items = await executor
    .select({
      id: notifications.id,
      dossierId: notifications.dossierId,
      dossierCode: dossiers.code,
      title: notifications.title,
      body: notifications.body,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .leftJoin(dossiers, eq(dossiers.id, notifications.dossierId))
    .where(eq(notifications.personId, personId))
    .orderBy(desc(notifications.createdAt), desc(notifications.dossierVersion))
    .limit(limit);
  return items;
}

export async function countUnread(executor: Executor, personId: string): Promise<number> {
  const [row] = await executor
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.personId, personId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

export async function markNotificationsRead(executor: Executor, personId: string, at: Date, ids?: readonly string[]) {
  await executor
    .update(notifications)
    .set({ readAt: at })
    .where(
      and(
        eq(notifications.personId, personId),
        isNull(notifications.readAt),
        ...(ids ? [inArray(notifications.id, [...ids])] : []),
      ),
    );
}

/** Records what became of several notifications' e-mails, in one statement. */
export async function setEmailOutcomes(
  executor: Executor,
  outcomes: readonly { id: string; status: 'queued' | 'sent' | 'kept' | 'failed'; at: Date; error?: string | null }[],
) {
  if (outcomes.length === 0) return;
  const rows = outcomes.map((o) => ({ id: o.id, status: o.status, at: o.at.toISOString(), error: o.error ?? null }));
  await executor.execute(
    sql`update notifications set email_status = o.status, email_sent_at = o.at, email_error = o.error
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as o(id uuid, status text, at timestamptz, error text)
        where notifications.id = o.id`,
  );
}

/** The e-mail outbox, newest first (administrators; the demo's "sent" mail). */
export async function listOutbox(executor: Executor, options: { limit: number; offset: number }) {
  const where = isNotNull(notifications.emailTo);
  const [items, total] = await Promise.all([
    executor
      .select()
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.createdAt), desc(notifications.dossierVersion))
      .limit(options.limit)
      .offset(options.offset),
    executor.select({ n: count() }).from(notifications).where(where),
  ]);
  return { items, total: Number(total[0]?.n ?? 0) };
}
