import { authorize, CongsoError } from '@congso/core';
import { agencyPath, countUnread, listNotifications, listOutbox, markNotificationsRead } from '@congso/db';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../http/auth';
import { errorSchema, id, listOf, paging } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { mailText } from './notifications.service';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema };
const localized = z.object({ vi: z.string(), en: z.string() });
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function registerNotificationRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = ctx.connection.db;

  app.get(
    '/api/v1/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'The signed-in person’s notifications (changes to their dossiers), newest first, and the unread count',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                dossierId: z.string().nullable(),
                dossierCode: z.string().nullable(),
                title: localized,
                body: localized,
                createdAt: z.string(),
                readAt: z.string().nullable(),
              }),
            ),
            unread: z.number(),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const person = requireSession(request).actor.id;
      const [items, unread] = await Promise.all([
        listNotifications(db, person, request.query.limit),
        countUnread(db, person),
      ]);
      return {
        items: items.map((n) => ({
          ...n,
          title: n.title as { vi: string; en: string },
          body: n.body as { vi: string; en: string },
          createdAt: n.createdAt.toISOString(),
          readAt: iso(n.readAt),
        })),
        unread,
      };
    },
  );

  app.post(
    '/api/v1/notifications/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Marks the given notifications (or all) as read',
        body: z.strictObject({ ids: z.array(id).max(200).optional() }).optional(),
        response: { 200: z.object({ unread: z.number() }), ...errors },
      },
    },
    async (request) => {
      const person = requireSession(request).actor.id;
      await markNotificationsRead(db, person, ctx.now(), request.body?.ids);
      return { unread: await countUnread(db, person) };
    },
  );

  app.get(
    '/api/v1/outbox',
    {
      schema: {
        tags: ['notifications'],
        summary:
          'E-mails to applicants, newest first (province administrators). Without SMTP (the demo) they are kept here',
        querystring: z.object(paging),
        response: {
          200: listOf(
            z.object({
              id: z.string(),
              to: z.string(),
              subject: z.string(),
              text: z.string(),
              status: z.string(),
              error: z.string().nullable(),
              createdAt: z.string(),
              sentAt: z.string().nullable(),
            }),
          ),
          ...errors,
        },
      },
    },
    async (request) => {
      const actor = requireSession(request).actor;
      if (!actor.agencyId) throw new CongsoError('FORBIDDEN');
      const root = (await agencyPath(db, actor.agencyId))[0];
      authorize(actor, 'audit.read', { agencyPath: root ? [root.id] : [] });
      const result = await listOutbox(db, request.query);
      return {
        total: result.total,
        items: result.items.map((n) => {
          const title = n.title as { vi: string; en: string };
          const body = n.body as { vi: string; en: string };
          return {
            id: n.id,
            to: n.emailTo ?? '',
            subject: title.vi,
            text: mailText(title, body),
            status: n.emailStatus ?? 'queued',
            error: n.emailError,
            createdAt: n.createdAt.toISOString(),
            sentAt: iso(n.emailSentAt),
          };
        }),
      };
    },
  );
}
