import { authorize, CongsoError } from '@congso/core';
import { agencyPath, getPortalSyncRow, listPortalSync, type PortalSyncRow, portalSyncCounts } from '@congso/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestMeta, requireSession } from '../http/auth';
import { errorSchema, paging } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { portalSyncSettingsOf, replayPortalSyncRow } from './portal-sync';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const rowParams = z.strictObject({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

async function requireProvinceAdmin(ctx: AppContext, request: FastifyRequest) {
  const actor = requireSession(request).actor;
  if (!actor.agencyId) throw new CongsoError('FORBIDDEN');
  const root = (await agencyPath(ctx.connection.db, actor.agencyId))[0];
  authorize(actor, 'exchange.manage', { agencyPath: root ? [root.id] : [] });
  return actor;
}

const itemSchema = z.object({
  id: z.number(),
  dossierId: z.string(),
  dossierCode: z.string().nullable(),
  version: z.number(),
  service: z.string(),
  isUpdating: z.boolean(),
  idempotencyKey: z.string(),
  reason: z.string(),
  state: z.string(),
  attempts: z.number(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.unknown(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});

const present = (r: PortalSyncRow) => ({
  id: r.id,
  dossierId: r.dossierId,
  dossierCode: r.dossierCode,
  version: r.version,
  service: r.service,
  isUpdating: r.isUpdating,
  idempotencyKey: r.idempotencyKey,
  reason: r.reason,
  state: r.state,
  attempts: r.attempts,
  nextAttemptAt: iso(r.nextAttemptAt),
  lastError: r.lastError ?? null,
  createdAt: r.createdAt.toISOString(),
  deliveredAt: iso(r.deliveredAt),
});

/** The sync to the national portal for province administrators: the outbox, its dead letters, replay. */
export function registerPortalSyncRoutes(parent: FastifyInstance, ctx: AppContext): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const db = ctx.connection.db;

  app.get(
    '/api/v1/exchange/portal-sync',
    {
      schema: {
        tags: ['exchange'],
        summary:
          'The sync to the national public service portal: whether it is configured, counts, and the outbox by state (province administrators)',
        querystring: z.strictObject({
          state: z.enum(['pending', 'delivered', 'dead']).optional(),
          dossierId: z.uuid().optional(),
          ...paging,
        }),
        response: {
          200: z.object({
            configured: z.boolean(),
            url: z.string().nullable(),
            counts: z.object({
              pending: z.number(),
              delivered: z.number(),
              dead: z.number(),
              blockedDossiers: z.number(),
              oldestPendingAt: z.string().nullable(),
            }),
            items: z.array(itemSchema),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      await requireProvinceAdmin(ctx, request);
      const settings = portalSyncSettingsOf(ctx.config);
      const [counts, rows] = await Promise.all([portalSyncCounts(db), listPortalSync(db, request.query)]);
      return {
        configured: settings !== null,
        url: settings?.url ?? null,
        counts: { ...counts, oldestPendingAt: iso(counts.oldestPendingAt) },
        items: rows.map(present),
      };
    },
  );

  app.get(
    '/api/v1/exchange/portal-sync/:id',
    {
      schema: {
        tags: ['exchange'],
        summary:
          'One change owed to the national portal: its body as sent, attempts and last error (province administrators)',
        params: rowParams,
        response: { 200: itemSchema.extend({ payload: z.unknown() }), ...errors },
      },
    },
    async (request) => {
      await requireProvinceAdmin(ctx, request);
      const row = await getPortalSyncRow(db, request.params.id);
      if (!row) throw new CongsoError('NOT_FOUND');
      return { ...present(row), payload: row.payload ?? null };
    },
  );

  app.post(
    '/api/v1/exchange/portal-sync/:id/replay',
    {
      schema: {
        tags: ['exchange'],
        summary: 'Puts a dead change back in the queue for the national portal (province administrators)',
        params: rowParams,
        response: { 200: z.object({ id: z.number(), state: z.string() }), ...errors, 409: errorSchema },
      },
    },
    async (request) => {
      const actor = await requireProvinceAdmin(ctx, request);
      const row = await replayPortalSyncRow(ctx, { id: request.params.id, actorId: actor.id, ...requestMeta(request) });
      return { id: row.id, state: row.state };
    },
  );
}
