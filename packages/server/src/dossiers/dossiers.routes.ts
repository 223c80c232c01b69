import {
  actionInputOf,
  CongsoError,
  type DossierEvent,
  type DossierState,
  dossierActionBodySchema,
  dossierStatuses,
  dossierStatusInfo,
} from '@congso/core';
import {
  countDossiersByStatus,
  type FileRow,
  getAgencyById,
  type getDossierRow,
  listDossierFiles,
  listDossiers,
  loadDossierEvents,
  personNames,
} from '@congso/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestMeta, requireSession } from '../http/auth';
import { booleanQuery, errorSchema, id, idParams, listOf, paging, text } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { actionsFor, actOnDossier, fileDossier, loadDossierFor } from './dossiers.service';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
const applicantSchema = z.strictObject({
  fullName: text(200),
  nationalId: z
    .string()
    .trim()
    .regex(/^\d{12}$/),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 .-]{8,20}$/),
  email: z.email().max(200).nullish(),
  address: text(300),
});

const dossierSummarySchema = z.object({
  id: z.string(),
  code: z.string(),
  procedure: z.object({ code: z.string(), name: z.string() }),
  status: z.string(),
  statusNumber: z.number(),
  channel: z.string(),
  applicantName: z.string(),
  submittedAt: z.string(),
  receivedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  outcome: z.string().nullable(),
  version: z.number(),
});

const filedDocumentsSchema = z
  .array(
    z.strictObject({
      index: z.number().int().min(0).max(500),
      name: z.string().min(1).max(4000),
      fileIds: z.array(id).max(20),
    }),
  )
  .max(200);

const dossierFileSchema = z.object({
  id: z.string(),
  name: z.string(),
  mediaType: z.string(),
  size: z.number(),
  purpose: z.string(),
  documentIndex: z.number().nullable(),
  documentName: z.string().nullable(),
  addedAt: z.string(),
});

const dossierDetailSchema = dossierSummarySchema.extend({
  files: z.array(dossierFileSchema),
  receivingAgency: z.object({ id: z.string(), name: z.string() }),
  /** The officer who holds the current step, when assigned. */
  assignee: z.object({ id: z.string(), fullName: z.string() }).nullable(),
  applicant: z.unknown(),
  state: z.unknown(),
  availableActions: z.array(z.string()),
  events: z.array(
    z.object({
      version: z.number(),
      action: z.string(),
      at: z.string(),
      actor: z.unknown(),
      fromStatus: z.string().nullable(),
      toStatus: z.string(),
      data: z.unknown(),
    }),
  ),
});

type Row = NonNullable<Awaited<ReturnType<typeof getDossierRow>>>;
/** What the detail shows of a file (a stored row, or one a new filing just attached). */
type DetailFile = Pick<
  FileRow,
  'id' | 'name' | 'mediaType' | 'size' | 'purpose' | 'documentIndex' | 'documentName' | 'attachedAt' | 'createdAt'
>;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

function presentSummary(row: Row) {
  return {
    id: row.id,
    code: row.code,
    procedure: { code: row.procedureCode, name: row.procedureName },
    status: row.status,
    statusNumber: dossierStatusInfo[row.status as keyof typeof dossierStatusInfo]?.nationalCode ?? 0,
    channel: row.channel,
    applicantName: (row.applicant as { fullName?: string }).fullName ?? '',
    submittedAt: row.submittedAt.toISOString(),
    receivedAt: iso(row.receivedAt),
    dueAt: iso(row.dueAt),
    finishedAt: iso(row.finishedAt),
    outcome: row.outcome,
    version: row.version,
  };
}

function idempotencyKey(request: FastifyRequest): string | null {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return null;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key || !/^[\x21-\x7e]{8,100}$/.test(key)) {
    throw new CongsoError('VALIDATION_FAILED', {
      details: [{ path: 'headers.idempotency-key', code: 'invalid_format' }],
    });
  }
  return key;
}

export function registerDossierRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = ctx.connection.db;

  /** `known`: what the caller already has (a new filing's event and agency), to spare the queries. */
  async function presentDetail(
    row: Row,
    request: FastifyRequest,
    known: { events?: DossierEvent[]; agencyName?: string; files?: DetailFile[] } = {},
  ): Promise<z.infer<typeof dossierDetailSchema>> {
    const session = requireSession(request);
    const actor = session.actor;
    const assigneeId = (row.state as DossierState).currentStep?.assigneeId ?? null;
    const [agencyName, events, files] = await Promise.all([
      known.agencyName ?? getAgencyById(db, row.receivingAgencyId).then((a) => a?.name ?? ''),
      known.events ?? loadDossierEvents(db, row.id),
      known.files ?? listDossierFiles(db, row.id),
    ]);
    // Who acted, by name (the officers who handled it are named on the national portal too). A new
    // filing's only actor is the caller.
    const actorIds = new Set([...events.map((e) => e.actor.id), ...(assigneeId ? [assigneeId] : [])]);
    const names =
      actorIds.size === 1 && actorIds.has(actor.id)
        ? new Map([[actor.id, { fullName: session.fullName, phone: null }]])
        : await personNames(db, actorIds);
    return {
      ...presentSummary(row),
      files: files.map((f) => ({
        id: f.id,
        name: f.name,
        mediaType: f.mediaType,
        size: f.size,
        purpose: f.purpose ?? 'document',
        documentIndex: f.documentIndex,
        documentName: f.documentName,
        addedAt: (f.attachedAt ?? f.createdAt).toISOString(),
      })),
      receivingAgency: { id: row.receivingAgencyId, name: agencyName },
      assignee: assigneeId ? { id: assigneeId, fullName: names.get(assigneeId)?.fullName ?? '' } : null,
      applicant: row.applicant,
      state: row.state,
      availableActions: actionsFor(actor, row),
      events: events.map((e) => ({
        version: e.version,
        action: e.action,
        at: e.at.toISOString(),
        actor: { ...e.actor, fullName: names.get(e.actor.id)?.fullName ?? null },
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        data: e.data,
      })),
    };
  }

  app.post(
    '/api/v1/dossiers',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'File a dossier online (the signed-in citizen); repeat safely with an Idempotency-Key header',
        headers: z.object({ 'idempotency-key': z.string().max(100).optional() }).passthrough(),
        body: z.strictObject({
          procedureCode: z.string().regex(/^\d+\.\d{6}$/),
          receivingAgencyId: id,
          applicant: applicantSchema.partial({ fullName: true, nationalId: true }),
          documents: filedDocumentsSchema.default([]),
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
        },
        requestMeta(request),
      );
      const known = event
        ? { events: [event], ...(agencyName ? { agencyName } : {}), ...(files ? { files } : {}) }
        : {};
      return reply.status(created ? 201 : 200).send(await presentDetail(row, request, known));
    },
  );

  app.post(
    '/api/v1/desk/dossiers',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Receive a dossier at the counter (one-stop clerk): filed and received at once',
        body: z.strictObject({
          procedureCode: z.string().regex(/^\d+\.\d{6}$/),
          receivingAgencyId: id.optional(),
          channel: z.enum(['counter', 'postal']).optional(),
          applicant: applicantSchema,
          documents: filedDocumentsSchema.default([]),
        }),
        response: { 201: dossierDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const session = requireSession(request);
      const body = request.body;
      const { row } = await fileDossier(
        ctx,
        session.actor,
        {
          mode: 'counter',
          procedureCode: body.procedureCode,
          receivingAgencyId: body.receivingAgencyId ?? session.actor.agencyId ?? '',
          channel: body.channel,
          applicant: body.applicant,
          documents: body.documents,
          idempotencyKey: null,
        },
        requestMeta(request),
      );
      return reply.status(201).send(await presentDetail(row, request));
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
          ...paging,
        }),
        response: { 200: listOf(dossierSummarySchema), ...errors },
      },
    },
    async (request) => {
      const actor = requireSession(request).actor;
      const { status, open, mine, limit, offset } = request.query;
      const statuses = status ? [status] : open ? [...openStatuses] : undefined;
      const result = await listDossiers(db, { ...queueScope(actor, mine), statuses, limit, offset });
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
      presentDetail(await loadDossierFor(ctx, requireSession(request).actor, { id: request.params.id }), request),
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
      return presentDetail(row, request);
    },
  );
}
