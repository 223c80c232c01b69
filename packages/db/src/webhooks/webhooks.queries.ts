import { and, arrayOverlaps, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../connection';
import { webhookAttempts, webhookDeliveries, webhookEvents, webhookSubscriptions } from '../schema/index';

export type WebhookSubscriptionRow = typeof webhookSubscriptions.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

export async function insertWebhookSubscription(tx: Executor, row: typeof webhookSubscriptions.$inferInsert) {
  const [inserted] = await tx.insert(webhookSubscriptions).values(row).returning();
  return inserted as WebhookSubscriptionRow;
}

export async function listWebhookSubscriptions(db: Executor) {
  return db.select().from(webhookSubscriptions).orderBy(desc(webhookSubscriptions.createdAt));
}

export async function getWebhookSubscription(db: Executor, id: string) {
  const [row] = await db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)).limit(1);
  return row;
}

/** Active subscriptions wanting any of these types (one small query per change that may emit events). */
export async function subscriptionsFor(tx: Executor, types: readonly string[]) {
  if (types.length === 0) return [];
  return tx
    .select({ id: webhookSubscriptions.id, eventTypes: webhookSubscriptions.eventTypes })
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.active, true), arrayOverlaps(webhookSubscriptions.eventTypes, [...types])));
}

export async function insertWebhookEvents(tx: Executor, rows: (typeof webhookEvents.$inferInsert)[]) {
  if (rows.length) await tx.insert(webhookEvents).values(rows);
}

export async function insertWebhookDeliveries(tx: Executor, rows: (typeof webhookDeliveries.$inferInsert)[]) {
  if (rows.length) await tx.insert(webhookDeliveries).values(rows);
}

/** A delivery with its event and subscriber, for the job that sends it. */
export async function webhookDeliveryToSend(db: Executor, id: string) {
  const [row] = await db
    .select({ delivery: webhookDeliveries, event: webhookEvents, subscription: webhookSubscriptions })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
    .where(eq(webhookDeliveries.id, id))
    .limit(1);
  return row;
}

/** Records one attempt and the delivery's new state, in one transaction. */
export async function recordWebhookAttempt(
  db: Executor,
  deliveryId: string,
  attempt: { at: Date; statusCode: number | null; responseMs: number; error: string | null },
  status: 'pending' | 'delivered' | 'failed',
) {
  await db.transaction(async (tx) => {
    await tx.insert(webhookAttempts).values({
      deliveryId,
      attemptedAt: attempt.at,
      statusCode: attempt.statusCode,
      responseMs: attempt.responseMs,
      error: attempt.error,
    });
    await tx
      .update(webhookDeliveries)
      .set({
        status,
        attempts: sql`${webhookDeliveries.attempts} + 1`,
        lastStatusCode: attempt.statusCode,
        lastResponseMs: attempt.responseMs,
        lastError: attempt.error,
        lastAttemptAt: attempt.at,
        ...(status === 'delivered' ? { deliveredAt: attempt.at } : {}),
      })
      .where(eq(webhookDeliveries.id, deliveryId));
  });
}

export async function listWebhookDeliveries(db: Executor, subscriptionId: string, limit: number) {
  return db
    .select({
      delivery: webhookDeliveries,
      type: webhookEvents.type,
      subject: webhookEvents.subject,
      occurredAt: webhookEvents.occurredAt,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.subscriptionId, subscriptionId))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit);
}

export async function webhookAttemptsOf(db: Executor, deliveryIds: string[]) {
  if (deliveryIds.length === 0) return [];
  return db
    .select()
    .from(webhookAttempts)
    .where(inArray(webhookAttempts.deliveryId, deliveryIds))
    .orderBy(webhookAttempts.attemptedAt);
}

export async function getWebhookDelivery(db: Executor, id: string) {
  const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).limit(1);
  return row;
}

export async function setWebhookDeliveryPending(tx: Executor, id: string) {
  await tx.update(webhookDeliveries).set({ status: 'pending' }).where(eq(webhookDeliveries.id, id));
}
