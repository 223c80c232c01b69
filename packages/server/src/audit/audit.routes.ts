import { authorize, CongsoError } from '@congso/core';
import { agencyPath, listAuditEvents } from '@congso/db';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../http/auth';
import { errorSchema, id, listOf, paging } from '../http/schemas';
import type { AppContext } from '../platform/context';

const auditEventSchema = z.object({
  id: z.number(),
  occurredAt: z.string(),
  actor: z.object({ id: z.string(), fullName: z.string().nullable(), username: z.string().nullable() }).nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  agencyId: z.string().nullable(),
  reason: z.string().nullable(),
  data: z.unknown(),
  ip: z.string().nullable(),
});

/** The audit trail: who changed what, when and why, for the agencies within the caller's reach. */
export function registerAuditRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/v1/audit-events',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit events about an agency and the units below it, newest first',
        querystring: z.object({
          agencyId: id.optional(),
          entityType: z.string().max(50).optional(),
          entityId: z.string().max(100).optional(),
          action: z.string().max(100).optional(),
          ...paging,
        }),
        response: {
          200: listOf(auditEventSchema),
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (request) => {
      const actor = requireSession(request).actor;
      const base = request.query.agencyId ?? actor.agencyId;
      if (!base) throw new CongsoError('FORBIDDEN');
      const path = (await agencyPath(ctx.connection.db, base)).map((a) => a.id);
      if (path.length === 0) throw new CongsoError('NOT_FOUND');
      authorize(actor, 'audit.read', { agencyPath: path });
      const { agencyId: _, ...filters } = request.query;
      const result = await listAuditEvents(ctx.connection.db, { underAgencyId: base, ...filters });
      return {
        total: result.total,
        items: result.items.map(({ event, actorName, actorUsername }) => ({
          id: event.id,
          occurredAt: event.occurredAt.toISOString(),
          actor: event.actorId ? { id: event.actorId, fullName: actorName, username: actorUsername } : null,
          action: event.action,
          entityType: event.entityType,
          entityId: event.entityId,
          agencyId: event.agencyId,
          reason: event.reason,
          data: event.data,
          ip: event.ip,
        })),
      };
    },
  );
}
