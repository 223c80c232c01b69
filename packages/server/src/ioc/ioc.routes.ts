/**
 * The service-quality index under /api/v1/ioc (session cookie; `ioc.read`: leaders and administrators for
 * their agency and below — the province's for the province —, viewers anywhere; a scope out of reach is 404).
 */
import { iocMeasures, iocScopeKinds, periodKinds } from '@congso/core';
import { readIocGeneration } from '@congso/db';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../http/auth';
import { contentDisposition } from '../http/content-disposition';
import { errorSchema, paging } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { registerAlertRoutes } from './alerts.routes';
import { renderIocPdf, renderIocXlsx } from './ioc-export';
import { IocChangeFeed } from './ioc-live';
import { drillDown, drillMeasures, indexView, rankingView, reachOf } from './ioc-views';
import { registerSecurityRoutes } from './security.routes';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

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
  registerAlertRoutes(app, ctx);
  registerSecurityRoutes(app, ctx);
  const feed = new IocChangeFeed(() => readIocGeneration(ctx.connection.readDb ?? ctx.connection.db));
  const streams = new Set<{ end(): void }>();
  // Open event streams would keep the server from closing: ended first.
  app.addHook('preClose', async () => {
    for (const s of streams) s.end();
    feed.close();
  });

  r.get(
    '/api/v1/ioc/events',
    {
      schema: {
        tags: ['ioc'],
        summary:
          "With Accept: text/event-stream, server-sent events: `change` each time the index counters changed (checked every 10 s, at most one event per check), for the dashboards to fetch their figures again; otherwise the counters' current generation as JSON",
        response: { 200: z.any().describe('text/event-stream, or { generation }'), ...errors },
      },
    },
    async (request, reply) => {
      await reachOf(ctx, requireSession(request).actor);
      if (!(request.headers.accept ?? '').includes('text/event-stream')) {
        return { generation: await readIocGeneration(ctx.connection.readDb ?? ctx.connection.db) };
      }
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 10000\n\n');
      const unsubscribe = feed.subscribe((generation) =>
        res.write(`event: change\ndata: ${JSON.stringify({ generation })}\n\n`),
      );
      const heartbeat = setInterval(() => res.write(': ping\n\n'), 25_000);
      heartbeat.unref();
      const stream = { end: () => res.end() };
      streams.add(stream);
      request.raw.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
        streams.delete(stream);
      });
    },
  );

  const exportQuery = z.object({ ...scopeQuery, ...periodQuery });
  async function exportOf(actor: Parameters<typeof indexView>[1], q: z.infer<typeof exportQuery>) {
    const view = await indexView(ctx, actor, q);
    const province = view.scope.kind === 'province';
    const [agencies, communes] = await Promise.all([
      rankingView(ctx, actor, { scope: 'agency', period: q.period, key: view.period.key }),
      rankingView(ctx, actor, { scope: 'commune', period: q.period, key: view.period.key }),
    ]);
    const within = province ? null : new Set(view.scope.ids);
    const keep = (rows: typeof agencies.rows) => (within ? rows.filter((row) => within.has(row.id)) : rows);
    const file = `chi-so-phuc-vu-${view.period.key}`;
    return { x: { view, agencies: keep(agencies.rows), communes: keep(communes.rows), issuedAt: ctx.now() }, file };
  }

  r.get(
    '/api/v1/ioc/export.pdf',
    {
      schema: {
        tags: ['ioc'],
        summary:
          'The dashboard view of a scope and period as a PDF (A4 landscape): the index, its indicators and the rankings',
        querystring: exportQuery,
        response: { 200: z.any().describe('application/pdf'), ...errors },
      },
    },
    async (request, reply) => {
      const { x, file } = await exportOf(requireSession(request).actor, request.query);
      return reply
        .type('application/pdf')
        .header('content-disposition', contentDisposition('attachment', `${file}.pdf`))
        .send(await renderIocPdf(x));
    },
  );

  r.get(
    '/api/v1/ioc/export.xlsx',
    {
      schema: {
        tags: ['ioc'],
        summary:
          'The dashboard view of a scope and period as an XLSX workbook (indicators, counters and trend, rankings)',
        querystring: exportQuery,
        response: { 200: z.any().describe(XLSX_TYPE), ...errors },
      },
    },
    async (request, reply) => {
      const { x, file } = await exportOf(requireSession(request).actor, request.query);
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', contentDisposition('attachment', `${file}.xlsx`))
        .send(await renderIocXlsx(x));
    },
  );

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
        summary:
          "Agencies (each with its sub-units), communes or fields (the province's readers) in the caller's reach ranked by their index for a period",
        querystring: z.object({ scope: z.enum(['agency', 'commune', 'field']).default('agency'), ...periodQuery }),
        response: {
          200: z.object({
            period: z.object({ kind: z.enum(periodKinds), key: z.string() }),
            rows: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                adminUnitCode: z.string().nullable(),
                score: z.number().nullable(),
                measuredPoints: z.number(),
                onTime: z.number().nullable(),
                received: z.number(),
                finished: z.number(),
                late: z.number(),
                openLate: z.number(),
                inProgress: z.number(),
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
