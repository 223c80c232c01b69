/**
 * The security view (`security.read`: administrators for their agency and below): from Congso's own audit
 * trail, failed sign-ins and lockouts, administrator changes, per Vietnam day and kind, by agency, with the
 * latest events. Refused accesses and exports are not written to the audit trail yet (no data for them).
 */
import { CongsoError, can, vnDateKey, vnInstant } from '@congso/core';
import { agencyPath, loadAgencyTree, securityCounts, securityEvents } from '@congso/db';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../http/auth';
import { errorSchema, isoDate } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { subtreeOf } from './ioc-views';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };
const kinds = ['sign_in_failed', 'lockout', 'admin_change'] as const;
const DAY = 86_400_000;

export function registerSecurityRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/ioc/security',
    {
      schema: {
        tags: ['ioc'],
        summary:
          'The security view from the audit trail: failed sign-ins, lockouts and administrator changes per day and agency (default: the last 30 days, at most 366), with the latest 100 events',
        querystring: z.strictObject({ from: isoDate.optional(), to: isoDate.optional() }),
        response: {
          200: z.object({
            from: z.string(),
            to: z.string(),
            days: z.array(
              z.object({ day: z.string(), sign_in_failed: z.number(), lockout: z.number(), admin_change: z.number() }),
            ),
            agencies: z.array(
              z.object({
                agencyId: z.string().nullable(),
                name: z.string().nullable(),
                sign_in_failed: z.number(),
                lockout: z.number(),
                admin_change: z.number(),
              }),
            ),
            events: z.array(
              z.object({
                id: z.number(),
                occurredAt: z.date(),
                kind: z.enum(kinds),
                action: z.string(),
                actorName: z.string().nullable(),
                entityType: z.string(),
                entityId: z.string(),
                agencyName: z.string().nullable(),
                ip: z.string().nullable(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { actor } = requireSession(request);
      if (!actor.agencyId || !can(actor, 'security.read')) throw new CongsoError('FORBIDDEN');
      const db = ctx.connection.readDb ?? ctx.connection.db;
      const path = (await agencyPath(db, actor.agencyId)).map((a) => a.id);
      const agencies = await loadAgencyTree(db);
      // The province's administrators see everything, sign-ins of unknown names included.
      const agencyIds = path.length === 1 ? null : subtreeOf(agencies, actor.agencyId);
      const today = vnDateKey(ctx.now());
      const to = request.query.to ?? today;
      const from = request.query.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY).toISOString().slice(0, 10);
      if (to < from || (Date.parse(to) - Date.parse(from)) / DAY > 365) {
        throw new CongsoError('VALIDATION_FAILED', { details: [{ path: 'querystring.from', code: 'bad_range' }] });
      }
      const range = {
        from: vnInstant(from),
        to: new Date(vnInstant(to).getTime() + DAY),
        agencyIds,
      };
      const [counts, events] = await Promise.all([
        securityCounts(db, range),
        securityEvents(db, { ...range, limit: 100 }),
      ]);
      const names = new Map(agencies.map((a) => [a.id, a.name]));
      const byDay = new Map<string, Record<(typeof kinds)[number], number>>();
      const byAgency = new Map<string | null, Record<(typeof kinds)[number], number>>();
      for (const c of counts) {
        const d = byDay.get(c.day) ?? { sign_in_failed: 0, lockout: 0, admin_change: 0 };
        d[c.kind] += c.n;
        byDay.set(c.day, d);
        const a = byAgency.get(c.agencyId) ?? { sign_in_failed: 0, lockout: 0, admin_change: 0 };
        a[c.kind] += c.n;
        byAgency.set(c.agencyId, a);
      }
      return {
        from,
        to,
        days: [...byDay].map(([day, v]) => ({ day, ...v })),
        agencies: [...byAgency].map(([agencyId, v]) => ({
          agencyId,
          name: agencyId ? (names.get(agencyId) ?? null) : null,
          ...v,
        })),
        events: events.map(({ agencyId: _, ...e }) => e),
      };
    },
  );
}
