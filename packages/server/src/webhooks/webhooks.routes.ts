import { authorize, CongsoError, webhookEventTypes, webhookSubscriptionBodySchema } from '@congso/core';
import {
  agencyPath,
  getWebhookSubscription,
  listWebhookDeliveries,
  listWebhookSubscriptions,
  type WebhookSubscriptionRow,
  webhookAttemptsOf,
} from '@congso/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestMeta, requireSession } from '../http/auth';
import { errorSchema, idParams } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { createWebhookSubscription, redeliverWebhook } from './webhooks.service';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };
const iso = (d: Date | null) => (d ? d.toISOString() : null);

const subscriptionSchema = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  eventTypes: z.array(z.enum(webhookEventTypes)),
  active: z.boolean(),
  createdAt: z.string(),
});
const present = (s: WebhookSubscriptionRow) => ({
  id: s.id,
  name: s.name,
  url: s.url,
  eventTypes: s.eventTypes as (typeof webhookEventTypes)[number][],
  active: s.active,
  createdAt: s.createdAt.toISOString(),
});

/** Subscribers are the province's business: its administrators (exchange.manage at the root) manage them. */
async function requireProvinceAdmin(ctx: AppContext, request: FastifyRequest) {
  const actor = requireSession(request).actor;
  if (!actor.agencyId) throw new CongsoError('FORBIDDEN');
  const root = (await agencyPath(ctx.connection.db, actor.agencyId))[0];
  authorize(actor, 'exchange.manage', { agencyPath: root ? [root.id] : [] });
  return actor;
}

export function registerWebhookRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = ctx.connection.db;

  app.get(
    '/api/v1/webhooks/subscriptions',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Webhook subscribers (province administrators)',
        response: { 200: z.object({ items: z.array(subscriptionSchema) }), ...errors },
      },
    },
    async (request) => {
      await requireProvinceAdmin(ctx, request);
      return { items: (await listWebhookSubscriptions(db)).map(present) };
    },
  );

  app.post(
    '/api/v1/webhooks/subscriptions',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Registers a subscriber; its signing secret (whsec_…) is shown in this answer only',
        body: webhookSubscriptionBodySchema,
        response: { 201: subscriptionSchema.extend({ secret: z.string() }), ...errors },
      },
    },
    async (request, reply) => {
      const actor = await requireProvinceAdmin(ctx, request);
      const { subscription, secret } = await createWebhookSubscription(ctx, actor, request.body, requestMeta(request));
      return reply.status(201).send({ ...present(subscription), secret });
    },
  );

  app.get(
    '/api/v1/webhooks/subscriptions/:id/deliveries',
    {
      schema: {
        tags: ['webhooks'],
        summary: "A subscriber's delivery log (latest first): status, attempts, response times",
        params: idParams,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                eventId: z.string(),
                type: z.string(),
                subject: z.string().nullable(),
                occurredAt: z.string(),
                status: z.enum(['pending', 'delivered', 'failed']),
                attempts: z.number(),
                lastStatusCode: z.number().nullable(),
                lastResponseMs: z.number().nullable(),
                lastError: z.string().nullable(),
                lastAttemptAt: z.string().nullable(),
                deliveredAt: z.string().nullable(),
                log: z.array(
                  z.object({
                    at: z.string(),
                    statusCode: z.number().nullable(),
                    responseMs: z.number(),
                    error: z.string().nullable(),
                  }),
                ),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      await requireProvinceAdmin(ctx, request);
      if (!(await getWebhookSubscription(db, request.params.id))) throw new CongsoError('NOT_FOUND');
      const rows = await listWebhookDeliveries(db, request.params.id, 100);
      const attempts = await webhookAttemptsOf(
        db,
        rows.map((r) => r.delivery.id),
      );
      return {
        items: rows.map(({ delivery: d, type, subject, occurredAt }) => ({
          id: d.id,
          eventId: d.eventId,
          type,
          subject,
          occurredAt: occurredAt.toISOString(),
          status: d.status as 'pending' | 'delivered' | 'failed',
          attempts: d.attempts,
          lastStatusCode: d.lastStatusCode,
          lastResponseMs: d.lastResponseMs,
          lastError: d.lastError,
          lastAttemptAt: iso(d.lastAttemptAt),
          deliveredAt: iso(d.deliveredAt),
          log: attempts
            .filter((a) => a.deliveryId === d.id)
            .map((a) => ({
              at: a.attemptedAt.toISOString(),
              statusCode: a.statusCode,
              responseMs: a.responseMs,
              error: a.error,
            })),
        })),
      };
    },
  );

  app.post(
    '/api/v1/webhooks/deliveries/:id/redeliver',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Sends a delivery again (queued now)',
        params: idParams,
        body: z.strictObject({}).optional(),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const actor = await requireProvinceAdmin(ctx, request);
      await redeliverWebhook(ctx, actor, request.params.id, requestMeta(request));
      return reply.status(204).send(null);
    },
  );
}
