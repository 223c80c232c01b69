import { and, count, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Executor } from '../connection';
import { dossiers } from '../schema/dossiers';
import { notifications } from '../schema/notifications';

export type NotificationRow = typeof notifications.$inferSelect;

export async function insertNotification(tx: Executor, values: typeof notifications.$inferInsert) {
  await tx.insert(notifications).values(values);
}

export async function getNotification(executor: Executor, id: string): Promise<NotificationRow | undefined> {
  const [row] = await executor.select().from(notifications).where(eq(notifications.id, id));
  return row;
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

export async function setEmailOutcome(
  executor: Executor,
  id: string,
  outcome: { status: 'queued' | 'sent' | 'kept' | 'failed'; at: Date; error?: string | null },
) {
  await executor
    .update(notifications)
    .set({ emailStatus: outcome.status, emailSentAt: outcome.at, emailError: outcome.error ?? null })
    .where(eq(notifications.id, id));
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
