import {
  actionInputOf,
  applicantInputSchema,
  CongsoError,
  type DossierEvent,
  type DossierState,
  dossierActionBodySchema,
  dossierStatuses,
  dossierStatusInfo,
  filedDocumentsSchema,
  receivedDocumentsSchema,
} from '@congso/core';
import {
  countDossiersByStatus,
  type DossierRow,
  getAgencyById,
  listDossierFiles,
  listDossiers,
  loadDossierEvents,
  personNames,
} from '@congso/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestMeta, requireSession } from '../http/auth';
import { booleanQuery, errorSchema, id, idParams, listOf, paging } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { actOnDossier } from './acting';
import {
  type DetailFile,
  type DossierDetail,
  dossierDetailSchema,
  dossierSummarySchema,
  presentDetail,
  presentSummary,
} from './dossiers.presenter';
import { fileDossier, idempotencyKey } from './filing';
import { actionsFor, loadDossierFor } from './read-access';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
const procedureCode = z.string().regex(/^\d+\.\d{6}$/);
const idempotencyHeader = z
  .object({
    'idempotency-key': z
      .string()
      .max(100)
      .optional()
      .describe('8 to 100 visible ASCII characters; the same key answers the first filing (200), once written'),
  })
  .passthrough();

export function registerDossierRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = ctx.connection.db;

  /** The detail of a dossier as the caller sees it. `known`: what a new filing already has, to spare the queries. */
  async function detailFor(
    row: DossierRow,
    request: FastifyRequest,
    known: { events?: DossierEvent[]; agencyName?: string; files?: DetailFile[] } = {},
  ): Promise<DossierDetail> {
    const session = requireSession(request);
    const actor = session.actor;
    const assigneeId = (row.state as DossierState).currentStep?.assigneeId ?? null;
    const [agencyName, events, files] = await Promise.all([
      known.agencyName ?? getAgencyById(db, row.receivingAgencyId).then((a) => a?.name ?? ''),
      known.events ?? loadDossierEvents(db, row.id),
      known.files ?? listDossierFiles(db, row.id),
    ]);
    // Who acted, by name (the officers who handled it are named on the national portal too), and the
    // organisation filed for. A new filing's only actor is the caller.
    const actorIds = new Set([
      ...events.map((e) => e.actor.id),
      ...(assigneeId ? [assigneeId] : []),
      ...(row.organisationId ? [row.organisationId] : []),
    ]);
    const names =
      actorIds.size === 1 && actorIds.has(actor.id)
        ? new Map([[actor.id, { fullName: session.fullName, phone: null }]])
        : await personNames(db, actorIds);
    return presentDetail(row, { agencyName, events, files, names, availableActions: actionsFor(actor, row) });
  }

  app.post(
    '/api/v1/dossiers',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'File a dossier online (the signed-in citizen); repeat safely with an Idempotency-Key header',
        headers: idempotencyHeader,
        body: z.strictObject({
          procedureCode,
          receivingAgencyId: id,
          applicant: applicantInputSchema.partial({ fullName: true, nationalId: true }),
          documents: filedDocumentsSchema.default([]),
          populationLookupId: id.optional(),
          organisationId: id
            .optional()
            .describe(
              'file for this organisation (one the citizen acts for now): its data store is reused and gets the results',
            ),
        }),
        response: { 200: dossierDetailSchema, 201: dossierDetailSchema, ...errors },
      },
      // Filing is the busiest write: its bodies (presentDetail, typed by the schema and giving exactly its
      // fields in its order, or errorBody) are written with JSON.stringify instead of being parsed again by
      // zod; the schemas above still document it.
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (request, reply) => {
      const session = requireSession(request);
      if (session.actor.kind === 'officer')
        throw new CongsoError('FORBIDDEN', {
          messages: { vi: 'Cán bộ tiếp nhận hồ sơ tại quầy.', en: 'Officers receive dossiers at the desk.' },
        });
      const body = request.body;
      const applicant = {
        fullName: session.fullName || (body.applicant.fullName ?? ''),
        nationalId: session.nationalId ?? body.applicant.nationalId ?? '',
        phone: body.applicant.phone,
        email: body.applicant.email ?? session.email ?? null,
        address: body.applicant.address,
      };
      const { row, created, event, agencyName, files } = await fileDossier(
        ctx,
        session.actor,
        {
          mode: 'online',
          procedureCode: body.procedureCode,
          receivingAgencyId: body.receivingAgencyId,
          applicant,
          documents: body.documents,
          idempotencyKey: idempotencyKey(request),
          populationLookupId: body.populationLookupId,
          organisationId: body.organisationId,
        },
        requestMeta(request),
      );
      const known = event
        ? { events: [event], ...(agencyName ? { agencyName } : {}), ...(files ? { files } : {}) }
        : {};
      return reply.status(created ? 201 : 200).send(await detailFor(row, request, known));
    },
  );

  app.post(
    '/api/v1/desk/dossiers',
    {
      schema: {
        tags: ['dossiers'],
        summary:
          'Receive a dossier at the counter (one-stop clerk): filed and received at once, with the documents as received (form, copies); repeat safely with an Idempotency-Key header',
        headers: idempotencyHeader,
        body: z.strictObject({
          procedureCode,
          receivingAgencyId: id.optional(),
          channel: z.enum(['counter', 'postal']).optional(),
          applicant: applicantInputSchema,
          documents: receivedDocumentsSchema.default([]),
          populationLookupId: id.optional(),
        }),
        response: { 200: dossierDetailSchema, 201: dossierDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const session = requireSession(request);
      const body = request.body;
      const { row, created } = await fileDossier(
        ctx,
        session.actor,
        {
          mode: 'counter',
          procedureCode: body.procedureCode,
          receivingAgencyId: body.receivingAgencyId ?? session.actor.agencyId ?? '',
          channel: body.channel,
          applicant: body.applicant,
          documents: body.documents,
          idempotencyKey: idempotencyKey(request),
          populationLookupId: body.populationLookupId,
        },
        requestMeta(request),
      );
      return reply.status(created ? 201 : 200).send(await detailFor(row, request));
    },
  );

  /** The queue's scope: a citizen's own dossiers, or those at or received by the officer's agency. */
  const queueScope = (actor: ReturnType<typeof requireSession>['actor'], mine: boolean | undefined) => ({
    ...(actor.kind === 'officer' ? { agencyIds: actor.agencyId ? [actor.agencyId] : [] } : { applicantId: actor.id }),
    ...(mine && actor.kind === 'officer' ? { assigneeId: actor.id } : {}),
  });
  const openStatuses = dossierStatuses.filter((s) => !dossierStatusInfo[s].final);

  app.get(
    '/api/v1/dossiers',
    {
      schema: {
        tags: ['dossiers'],
        summary:
          'A citizen’s own dossiers, or an officer’s queue (dossiers at or received by their agency), soonest due first; `open`: not finished; `mine`: the steps the officer holds',
        querystring: z.object({
          status: z.enum(dossierStatuses).optional(),
          open: booleanQuery.optional(),
          mine: booleanQuery.optional(),
          q: z
            .string()
            .trim()
            .min(1)
            .max(100)
            .optional()
            .describe('Part of the code or of the applicant’s name (marks optional), or their national id'),
          ...paging,
        }),
        response: { 200: listOf(dossierSummarySchema), ...errors },
      },
    },
    async (request) => {
      const actor = requireSession(request).actor;
      const { status, open, mine, q, limit, offset } = request.query;
      const statuses = status ? [status] : open ? [...openStatuses] : undefined;
      const result = await listDossiers(db, { ...queueScope(actor, mine), statuses, q, limit, offset });
      return { items: result.items.map(presentSummary), total: result.total };
    },
  );

  app.get(
    '/api/v1/dossiers/counts',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'How many dossiers the caller’s queue holds per status, and how many are open (one query)',
        querystring: z.object({ mine: booleanQuery.optional() }),
        response: {
          200: z.object({
            byStatus: z.record(z.string(), z.number()),
            open: z.number(),
            total: z.number(),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const actor = requireSession(request).actor;
      // A report: the read replica when there is one (it may lag the primary by a moment).
      const counts = await countDossiersByStatus(ctx.connection.readDb ?? db, queueScope(actor, request.query.mine));
      const byStatus = Object.fromEntries(dossierStatuses.map((s) => [s, counts.get(s) ?? 0]));
      return {
        byStatus,
        open: openStatuses.reduce((n, s) => n + (counts.get(s) ?? 0), 0),
        total: [...counts.values()].reduce((a, b) => a + b, 0),
      };
    },
  );

  app.get(
    '/api/v1/dossiers/:id',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'A dossier with its history and the actions the caller may take',
        params: idParams,
        response: { 200: dossierDetailSchema, ...errors },
      },
    },
    async (request) =>
      detailFor(await loadDossierFor(ctx, requireSession(request).actor, { id: request.params.id }), request),
  );

  app.post(
    '/api/v1/dossiers/:id/actions',
    {
      schema: {
        tags: ['dossiers'],
        summary:
          'Act on a dossier (receive, forward, assign, request_supplement, approve, ...): 409 if it changed since `version`',
        params: idParams,
        body: dossierActionBodySchema,
        response: { 200: dossierDetailSchema, ...errors },
      },
    },
    async (request) => {
      const row = await actOnDossier(
        ctx,
        requireSession(request).actor,
        request.params.id,
        request.body.version,
        actionInputOf(request.body),
        requestMeta(request),
      );
      return detailFor(row, request);
    },
  );
}
