/**
 * The service-quality index under /api/v1/ioc (session cookie; `ioc.read`: leaders and administrators for
 * their agency and below — the province's for the province —, viewers anywhere; a scope out of reach is 404).
 */
import { iocMeasures, iocScopeKinds, periodKinds } from '@congso/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../http/auth';
import { errorSchema, paging } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { drillDown, drillMeasures, indexView, rankingView } from './ioc-views';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };
const localized = z.object({ vi: z.string(), en: z.string() });
const periodQuery = {
  period: z.enum(periodKinds).default('month'),
  key: z.string().max(7).optional(),
};
const scopeQuery = {
  scope: z.enum(iocScopeKinds).optional(),
  id: z.string().min(1).max(200).optional(),
};
const counts = z.object(
  Object.fromEntries(iocMeasures.map((m) => [m, z.number()])) as Record<(typeof iocMeasures)[number], z.ZodNumber>,
);
const indicator = z.object({
  code: z.string(),
  name: localized,
  formula: localized,
  note: localized.nullable(),
  points: z.number(),
  scoring: z.object({ kind: z.enum(['linear', 'threshold']), threshold: z.number().optional() }),
  status: z.enum(['scored', 'no_data', 'nothing_to_count']),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  ratio: z.number().nullable(),
  score: z.number().nullable(),
});
const indexSchema = z.object({
  schemeId: z.string(),
  points: z.number(),
  measuredPoints: z.number(),
  score: z.number().nullable(),
  groups: z.array(
    z.object({
      code: z.string(),
      name: localized,
      points: z.number(),
      measuredPoints: z.number(),
      score: z.number().nullable(),
      indicators: z.array(indicator),
    }),
  ),
});
const scopeSchema = z.object({ kind: z.enum(iocScopeKinds), id: z.string(), name: z.string() });

export function registerIocRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/ioc/index',
    {
      schema: {
        tags: ['ioc'],
        summary:
          'The QĐ 766 service-quality index of a scope (province, agency, commune, field) and period (month, quarter, year; default: the current one), with its counters and the trend of the five periods before',
        querystring: z.object({ ...scopeQuery, ...periodQuery }),
        response: {
          200: z.object({
            scope: scopeSchema,
            period: z.object({
              kind: z.enum(periodKinds),
              key: z.string(),
              start: z.date(),
              end: z.date(),
              live: z.boolean(),
            }),
            scheme: z.object({ id: z.string(), name: localized }).nullable(),
            counts,
            index: indexSchema.nullable(),
            trend: z.array(
              z.object({
                key: z.string(),
                score: z.number().nullable(),
                measuredPoints: z.number(),
                onTime: z.number().nullable(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const view = await indexView(ctx, requireSession(request).actor, request.query);
      return { ...view, scope: { kind: view.scope.kind, id: view.scope.id, name: view.scope.name } };
    },
  );

  r.get(
    '/api/v1/ioc/ranking',
    {
      schema: {
        tags: ['ioc'],
        summary: "Agencies or communes in the caller's reach ranked by their index for a period",
        querystring: z.object({ scope: z.enum(['agency', 'commune']).default('agency'), ...periodQuery }),
        response: {
          200: z.object({
            period: z.object({ kind: z.enum(periodKinds), key: z.string() }),
            rows: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                score: z.number().nullable(),
                measuredPoints: z.number(),
                onTime: z.number().nullable(),
                received: z.number(),
                finished: z.number(),
                late: z.number(),
                openLate: z.number(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => rankingView(ctx, requireSession(request).actor, request.query),
  );

  r.get(
    '/api/v1/ioc/dossiers',
    {
      schema: {
        tags: ['ioc'],
        summary:
          'The dossiers behind a figure of the index (a counter of a scope and period, or due_soon: in progress and due within two days), each with the reason it counts',
        querystring: z.object({
          ...scopeQuery,
          ...periodQuery,
          measure: z.enum(drillMeasures),
          ...paging,
        }),
        response: {
          200: z.object({
            total: z.number(),
            truncated: z.boolean(),
            items: z.array(
              z.object({
                dossierId: z.string(),
                code: z.string(),
                procedureCode: z.string(),
                procedureName: z.string(),
                agencyId: z.string(),
                status: z.string(),
                channel: z.string(),
                receivedAt: z.string().nullable(),
                dueAt: z.string().nullable(),
                endedAt: z.string().nullable(),
                outcome: z.string().nullable(),
                supplementCount: z.number(),
                reason: localized,
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const result = await drillDown(ctx, requireSession(request).actor, request.query);
      return {
        total: result.total,
        truncated: result.truncated,
        items: result.items.map(({ fact: f, reason }) => ({
          dossierId: f.dossierId,
          code: f.code,
          procedureCode: f.procedureCode,
          procedureName: f.procedureName,
          agencyId: f.agencyId,
          status: f.status,
          channel: f.channel,
          receivedAt: f.receivedAt,
          dueAt: f.dueAt,
          endedAt: f.endedAt,
          outcome: f.outcome,
          supplementCount: f.supplementCount,
          reason,
        })),
      };
    },
  );
}
