import { timingSafeEqual } from 'node:crypto';
import {
  CongsoError,
  type DossierActionInput,
  type DossierEvent,
  type DossierState,
  dossierActions,
  dossierStatuses,
  dossierStatusInfo,
  type Procedure,
} from '@congso/core';
import {
  getAgencyById,
  getDossierForLookup,
  type getDossierRow,
  getPersonById,
  getProcedureVersion,
  listDossiers,
  loadDossierEvents,
} from '@congso/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestMeta, requireSession } from '../http/auth';
import { errorSchema, id, idParams, listOf, paging, text } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { actionsFor, actOnDossier, fileDossier, loadDossierFor, maskName } from './dossiers.service';
import { renderReceipt } from './forms/index';

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

const dossierDetailSchema = dossierSummarySchema.extend({
  receivingAgency: z.object({ id: z.string(), name: z.string() }),
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
    known: { events?: DossierEvent[]; agencyName?: string } = {},
  ) {
    const actor = requireSession(request).actor;
    const agencyName = known.agencyName ?? (await getAgencyById(db, row.receivingAgencyId))?.name ?? '';
    const events = known.events ?? (await loadDossierEvents(db, row.id));
    return {
      ...presentSummary(row),
      receivingAgency: { id: row.receivingAgencyId, name: agencyName },
      applicant: row.applicant,
      state: row.state,
      availableActions: actionsFor(actor, row),
      events: events.map((e) => ({
        version: e.version,
        action: e.action,
        at: e.at.toISOString(),
        actor: e.actor,
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
        }),
        response: { 200: dossierDetailSchema, 201: dossierDetailSchema, ...errors },
      },
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
      const { row, created, event, agencyName } = await fileDossier(
        ctx,
        session.actor,
        {
          mode: 'online',
          procedureCode: body.procedureCode,
          receivingAgencyId: body.receivingAgencyId,
          applicant,
          idempotencyKey: idempotencyKey(request),
        },
        requestMeta(request),
      );
      const known = event ? { events: [event], ...(agencyName ? { agencyName } : {}) } : {};
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
          idempotencyKey: null,
        },
        requestMeta(request),
      );
      return reply.status(201).send(await presentDetail(row, request));
    },
  );

  app.get(
    '/api/v1/dossiers',
    {
      schema: {
        tags: ['dossiers'],
        summary:
          'A citizen’s own dossiers, or an officer’s queue (dossiers at or received by their agency), soonest due first',
        querystring: z.object({ status: z.enum(dossierStatuses).optional(), ...paging }),
        response: { 200: listOf(dossierSummarySchema), ...errors },
      },
    },
    async (request) => {
      const actor = requireSession(request).actor;
      const statuses = request.query.status ? [request.query.status] : undefined;
      const where =
        actor.kind === 'officer' ? { agencyIds: actor.agencyId ? [actor.agencyId] : [] } : { applicantId: actor.id };
      const result = await listDossiers(db, {
        ...where,
        statuses,
        limit: request.query.limit,
        offset: request.query.offset,
      });
      return { items: result.items.map(presentSummary), total: result.total };
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
        body: z.object({ version: z.number().int().min(1), action: z.enum(dossierActions) }).passthrough(),
        response: { 200: dossierDetailSchema, ...errors },
      },
    },
    async (request) => {
      const { version, ...input } = request.body as { version: number; action: string } & Record<string, unknown>;
      // The action's own fields are checked by the domain (VALIDATION_FAILED with a list of bad fields).
      const payload = {
        ...input,
        ...(typeof input.newDueAt === 'string' ? { newDueAt: new Date(input.newDueAt) } : {}),
      };
      const row = await actOnDossier(
        ctx,
        requireSession(request).actor,
        request.params.id,
        version,
        payload as unknown as DossierActionInput,
        requestMeta(request),
      );
      return presentDetail(row, request);
    },
  );

  app.get(
    '/api/v1/lookup',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Public lookup of a dossier by its code and the last 4 digits of the applicant’s phone',
        querystring: z.object({ code: z.string().min(10).max(40), phone: z.string().regex(/^\d{4}$/) }),
        response: {
          200: z.object({
            code: z.string(),
            procedureName: z.string(),
            applicant: z.string(),
            status: z.string(),
            statusNumber: z.number(),
            receivedAt: z.string().nullable(),
            dueAt: z.string().nullable(),
            finishedAt: z.string().nullable(),
            outcome: z.string().nullable(),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const row = await getDossierForLookup(db, request.query.code.trim());
      const given = Buffer.from(request.query.phone);
      const expected = Buffer.from((row?.lookupSecret ?? '----').padStart(4, '-').slice(-4));
      // Same answer for an unknown code and a wrong phone: codes cannot be enumerated.
      if (!row || given.length !== expected.length || !timingSafeEqual(given, expected))
        throw new CongsoError('NOT_FOUND');
      return {
        code: row.code,
        procedureName: row.procedureName,
        applicant: maskName(row.applicantName ?? ''),
        status: row.status,
        statusNumber: dossierStatusInfo[row.status as keyof typeof dossierStatusInfo]?.nationalCode ?? 0,
        receivedAt: iso(row.receivedAt),
        dueAt: iso(row.dueAt),
        finishedAt: iso(row.finishedAt),
        outcome: row.outcome,
      };
    },
  );

  app.get(
    '/api/v1/dossiers/:id/receipt.pdf',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Form 01: receipt and appointment (PDF), once the dossier is received',
        params: idParams,
      },
    },
    async (request, reply) => {
      const session = requireSession(request);
      const row = await loadDossierFor(ctx, session.actor, { id: request.params.id });
      const state = row.state as DossierState;
      if (!state.receivedAt || !state.dueAt)
        throw new CongsoError('INVALID_STATE', {
          messages: { vi: 'Hồ sơ chưa được tiếp nhận.', en: 'The dossier has not been received yet.' },
        });
      const version = await getProcedureVersion(db, row.procedureVersionId);
      const procedure = version?.data as Procedure;
      const agency = await getAgencyById(db, row.receivingAgencyId);
      const receiveEvent = (await loadDossierEvents(db, row.id)).find((e) => e.action === 'receive');
      const receiver = receiveEvent ? await getPersonById(db, receiveEvent.actor.id) : undefined;
      const applicant = row.applicant as {
        fullName: string;
        nationalId: string;
        phone: string;
        email?: string | null;
        address: string;
      };
      const deadline =
        procedure.deadlines[row.channel as 'counter' | 'online' | 'postal'] ?? procedure.deadlines.counter;
      const pdf = await renderReceipt({
        agency: {
          name: agency?.name ?? '',
          oneStopUnit: 'Bộ phận Một cửa',
          place: agency?.adminUnitName?.replace(/^(Phường|Xã|Đặc khu) /, '') ?? 'Tây Ninh',
        },
        issuedAt: state.receivedAt,
        dossierCode: row.code,
        applicant: {
          name: applicant.fullName,
          idNumber: applicant.nationalId,
          address: applicant.address,
          phone: applicant.phone,
          ...(applicant.email ? { email: applicant.email } : {}),
        },
        procedure: { code: procedure.code, name: procedure.name },
        baseUrl: `${request.protocol}://${request.host}`,
        documents: procedure.requiredDocuments
          .filter((d) => d.mandatory)
          .map((d) => ({ name: d.name, original: d.original, copy: d.copy })),
        deadline: {
          amount: deadline?.amount ?? 0,
          unit: deadline?.unit ?? 'working_days',
          ...(deadline?.text ? { text: deadline.text } : {}),
        },
        receivedAt: state.receivedAt,
        dueAt: state.dueAt,
        returnPlace: `Bộ phận Một cửa ${agency?.name ?? ''}`,
        ...(procedure.fees.counter?.amountVnd != null ? { feeVnd: procedure.fees.counter.amountVnd } : {}),
        register: {
          book: row.receivedAt ? String(row.receivedAt.getUTCFullYear()) : '',
          number: Number(row.code.slice(-4)),
        },
        receiver: { name: receiver?.fullName ?? '' },
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="tiep-nhan-${row.code}.pdf"`)
        .send(pdf);
    },
  );
}
