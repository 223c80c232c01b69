import { randomUUID } from 'node:crypto';
import { type Actor, CongsoError, cloudEvent, type WebhookEventType, type WebhookSubscriptionBody } from '@congso/core';
import {
  type Executor,
  getWebhookDelivery,
  insertWebhookDeliveries,
  insertWebhookEvents,
  insertWebhookSubscription,
  recordAudit,
  recordWebhookAttempt,
  setWebhookDeliveryPending,
  subscriptionsFor,
  webhookDeliveryToSend,
} from '@congso/db';
import type { AppContext } from '../platform/context';
import type { JobRun } from '../platform/jobs';
import { newWebhookSecret, signWebhook } from './signature';

/** One thing that happened, to be told to the subscribers of its type. */
export interface WebhookEventInput {
  type: WebhookEventType;
  /** What it is about (a dossier code, a document's id). */
  subject: string;
  time: Date;
  data: Record<string, unknown>;
}

/**
 * The outbox: in the transaction of the change, one `webhook_events` row per event some active subscription wants,
 * one `webhook_deliveries` row per subscriber, and one `webhook.deliver` job per delivery. Without a subscriber
 * wanting these types it costs one small query and writes nothing.
 */
export async function emitWebhookEvents(ctx: AppContext, tx: Executor, events: readonly WebhookEventInput[]) {
  if (events.length === 0) return;
  const subscriptions = await subscriptionsFor(tx, [...new Set(events.map((e) => e.type))]);
  if (subscriptions.length === 0) return;
  const source = `${ctx.config.PUBLIC_BASE_URL}/api/v1`;
  const eventRows: Parameters<typeof insertWebhookEvents>[1] = [];
  const deliveries: Parameters<typeof insertWebhookDeliveries>[1] = [];
  for (const e of events) {
    const wanting = subscriptions.filter((s) => s.eventTypes.includes(e.type));
    if (wanting.length === 0) continue;
    const id = randomUUID();
    eventRows.push({
      id,
      type: e.type,
      subject: e.subject,
      occurredAt: e.time,
      event: cloudEvent({ id, source, type: e.type, subject: e.subject, time: e.time, data: e.data }),
    });
    for (const s of wanting) {
      deliveries.push({ id: randomUUID(), subscriptionId: s.id, eventId: id, status: 'pending', createdAt: e.time });
    }
  }
  await insertWebhookEvents(tx, eventRows);
  await insertWebhookDeliveries(tx, deliveries);
  await ctx.jobs.sendMany(
    tx,
    'webhook.deliver',
    deliveries.map((d) => ({ deliveryId: d.id })),
  );
}

/** An administrator registers a subscriber; the secret is in this answer only. */
export async function createWebhookSubscription(
  ctx: AppContext,
  actor: Actor,
  body: WebhookSubscriptionBody,
  meta: { ip: string | null; requestId: string },
) {
  const url = new URL(body.url);
  if (ctx.config.NODE_ENV === 'production' && url.protocol !== 'https:') {
    throw new CongsoError('VALIDATION_FAILED', {
      messages: { vi: 'Địa chỉ nhận phải dùng https.', en: 'The address must use https.' },
      details: [
        {
          path: 'url',
          code: 'https',
          message: { vi: 'Địa chỉ nhận phải dùng https.', en: 'The address must use https.' },
        },
      ],
    });
  }
  const now = ctx.now();
  const secret = newWebhookSecret();
  const row = await ctx.connection.db.transaction(async (tx) => {
    const inserted = await insertWebhookSubscription(tx, {
      id: randomUUID(),
      name: body.name,
      url: url.href,
      eventTypes: [...new Set(body.eventTypes)],
      secret,
      createdBy: actor.id,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, {
      occurredAt: now,
      actorId: actor.id,
      action: 'webhook.subscription_created',
      entityType: 'webhook_subscription',
      entityId: inserted.id,
      agencyId: actor.agencyId,
      data: { name: body.name, url: url.href, eventTypes: inserted.eventTypes },
      ...meta,
    });
    return inserted;
  });
  return { subscription: row, secret };
}

/** Sends a delivery again (a failed one, or one the subscriber lost): pending, with a new job. */
export async function redeliverWebhook(
  ctx: AppContext,
  actor: Actor,
  deliveryId: string,
  meta: { ip: string | null; requestId: string },
) {
  const db = ctx.connection.db;
  const delivery = await getWebhookDelivery(db, deliveryId);
  if (!delivery) throw new CongsoError('NOT_FOUND');
  await db.transaction(async (tx) => {
    await setWebhookDeliveryPending(tx, delivery.id);
    await ctx.jobs.send(tx, 'webhook.deliver', { deliveryId: delivery.id, redelivery: true });
    await recordAudit(tx, {
      occurredAt: ctx.now(),
      actorId: actor.id,
      action: 'webhook.redeliver',
      entityType: 'webhook_delivery',
      entityId: delivery.id,
      agencyId: actor.agencyId,
      ...meta,
    });
  });
}

/**
 * One `webhook.deliver` job: POSTs the CloudEvent (structured JSON) with the Standard Webhooks headers. A 2xx is
 * delivered; anything else (or no answer in 15 s) is recorded as an attempt and thrown, so the queue retries with
 * backoff; the last retry marks the delivery failed (an administrator may redeliver it).
 */
export async function deliverWebhook(ctx: AppContext, data: Record<string, unknown>, run: JobRun): Promise<void> {
  const db = ctx.connection.db;
  const found = await webhookDeliveryToSend(db, String(data.deliveryId));
  if (!found) return;
  const { delivery, event, subscription } = found;
  if (delivery.status === 'delivered' && !data.redelivery) return;
  if (!subscription.active) return;
  const body = JSON.stringify(event.event);
  const at = ctx.now();
  const timestamp = Math.floor(at.getTime() / 1000);
  const started = performance.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(subscription.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/cloudevents+json; charset=utf-8',
        'webhook-id': event.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(subscription.secret, event.id, timestamp, body),
        'user-agent': 'Congso-Webhooks/1',
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000),
    });
    statusCode = response.status;
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) error = `status ${response.status}`;
  } catch (e) {
    error = (e instanceof Error ? e.message : String(e)).slice(0, 500);
  }
  const responseMs = Math.round(performance.now() - started);
  const ok = error === null;
  await recordWebhookAttempt(
    db,
    delivery.id,
    { at, statusCode, responseMs, error },
    ok ? 'delivered' : run.lastAttempt ? 'failed' : 'pending',
  );
  if (!ok) throw new Error(`webhook ${delivery.id}: ${error}`);
}
