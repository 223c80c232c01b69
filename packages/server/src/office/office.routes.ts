/**
 * The documents office's HTTP API under /api/v1/office (session cookie; the CSRF header on changes; every
 * action carries the `version` it applies to). The web app's forms use core's schemas of the same bodies.
 */
import {
  assignmentLevels,
  CongsoError,
  dateOfEdxml,
  documentMedia,
  documentTypeOfEdxml,
  draftOutgoingBodySchema,
  edxmlDocumentIdOf,
  incomingActionBodySchema,
  incomingStatuses,
  levelRoles,
  openWorkFileBodySchema,
  outgoingActionBodySchema,
  outgoingStatuses,
  registerIncomingBodySchema,
} from '@congso/core';
import {
  deliveriesOf,
  exchangeOfDocument,
  getAgencyById,
  getFile,
  inboxRefusalsOf,
  listExchangeInbox,
  listInbox,
  listOfficeDocuments,
  listOfficeEvents,
  listWorkFiles,
  type OfficeDocumentRow,
  officersWithRole,
  personNames,
  searchOfficeDocuments,
  workFileDocuments,
} from '@congso/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PackageSummary } from '../exchange/exchange.service';
import { requestMeta, requireSession } from '../http/auth';
import { contentDisposition } from '../http/content-disposition';
import { booleanQuery, errorSchema, id, idParams, listOf, paging } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { actOnIncoming, refuseInboxItem, registerInboxItem, registerUploadedIncoming } from './incoming';
import {
  documentDetailSchema,
  documentSummarySchema,
  namedPeople,
  presentDetail,
  presentRegister,
  presentSummary,
  presentWorkFile,
  registerSchema,
  workFileSchema,
} from './office.presenter';
import { loadOfficeDocumentFor, officeAgencyOf, readFileBytes } from './office-common';
import { registerColumns, renderRegisterPdf, renderRegisterXlsx } from './office-renderers';
import { actOnOutgoing, draftOutgoing } from './outgoing';
import { closeRegister, registerFor, registersOfYear, registerView } from './registers';
import { outgoingStateOf } from './state-json';
import { addDocumentToWorkFile, closeWorkFile, onlineShareFor, openWorkFile, workFileFor } from './work-files';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const year = z.coerce.number().int().min(2000).max(2100);
const versionBody = z.strictObject({ version: z.number().int().min(1) });

export function registerOfficeRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = ctx.connection.db;

  async function summaries(rows: OfficeDocumentRow[]) {
    const names = await personNames(
      db,
      rows.map((r) => r.holderId),
    );
    const now = ctx.now();
    return rows.map((r) => presentSummary(r, now, names));
  }

  /** An issued outgoing document's edXML packages and the statuses that came back (by its edXML DocumentId). */
  async function exchangeOfOutgoing(row: OfficeDocumentRow) {
    if (row.direction !== 'outgoing') return undefined;
    const issue = outgoingStateOf(row.state).issue;
    const agency = issue ? await getAgencyById(db, row.agencyId) : undefined;
    if (!issue || !agency) return undefined;
    return exchangeOfDocument(db, edxmlDocumentIdOf(agency.code, issue));
  }

  async function detail(row: OfficeDocumentRow, request: FastifyRequest) {
    const actor = requireSession(request).actor;
    const [events, sent, exchange] = await Promise.all([
      listOfficeEvents(db, row.id),
      row.direction === 'outgoing' ? deliveriesOf(db, row.id) : Promise.resolve([]),
      exchangeOfOutgoing(row),
    ]);
    const refusals = new Map(
      (
        await inboxRefusalsOf(
          db,
          sent.map((d) => d.id),
        )
      ).map((r) => [r.itemId, r]),
    );
    const deliveries = sent.map((d) => ({
      ...d,
      refusedAt: refusals.get(d.id)?.refusedAt ?? null,
      refusalReason: refusals.get(d.id)?.reason ?? null,
    }));
    const names = await personNames(
      db,
      namedPeople(
        row,
        events.map((e) => e.actorId),
      ),
    );
    return presentDetail(row, { now: ctx.now(), actor, events, names, deliveries, exchange });
  }

  // ---------------------------------------------------------------------------------------------------
  // Registers

  app.get(
    '/api/v1/office/registers',
    {
      schema: {
        tags: ['office'],
        summary: 'The incoming and outgoing registers of the caller’s agency for a year (this year by default)',
        querystring: z.object({ year: year.optional() }),
        response: { 200: z.object({ items: z.array(registerSchema) }), ...errors },
      },
    },
    async (request) => {
      const rows = await registersOfYear(ctx, requireSession(request).actor, request.query.year);
      return { items: rows.map(presentRegister) };
    },
  );

  app.get(
    '/api/v1/office/registers/:id/entries',
    {
      schema: {
        tags: ['office'],
        summary: 'A register’s lines in number order, with the columns of Nghị định 30/2020 Phụ lục IV',
        params: idParams,
        response: {
          200: z.object({
            register: registerSchema,
            title: z.string(),
            columns: z.array(z.object({ key: z.string(), header: z.string() })),
            entries: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const register = await registerFor(ctx, requireSession(request).actor, request.params.id);
      const view = await registerView(ctx, register);
      return {
        register: presentRegister(register),
        title: view.title,
        columns: registerColumns(view.kind).map((c) => ({ key: c.key, header: c.header })),
        entries: view.entries,
      };
    },
  );

  for (const format of ['pdf', 'xlsx'] as const) {
    app.get(
      `/api/v1/office/registers/:id/${format}`,
      {
        schema: {
          tags: ['office'],
          summary: `The register printed (${format.toUpperCase()})`,
          params: idParams,
          response: { 200: z.any().describe(format === 'pdf' ? 'application/pdf' : XLSX_TYPE), ...errors },
        },
      },
      async (request, reply: FastifyReply) => {
        const params = request.params as { id: string };
        const register = await registerFor(ctx, requireSession(request).actor, params.id);
        const view = await registerView(ctx, register);
        const name = `so-van-ban-${register.kind === 'incoming' ? 'den' : 'di'}-${register.year}.${format}`;
        const bytes = format === 'pdf' ? await renderRegisterPdf(view) : await renderRegisterXlsx(view);
        return reply
          .type(format === 'pdf' ? 'application/pdf' : XLSX_TYPE)
          .header('content-disposition', contentDisposition(format === 'pdf' ? 'inline' : 'attachment', name))
          .send(bytes);
      },
    );
  }

  app.post(
    '/api/v1/office/registers/:id/close',
    {
      schema: {
        tags: ['office'],
        summary: 'Close a register at year end (the document clerk; from 31 December of its year)',
        params: idParams,
        body: versionBody,
        response: { 200: registerSchema, ...errors },
      },
    },
    async (request) => {
      const session = requireSession(request);
      const row = await closeRegister(
        ctx,
        session.actor,
        request.params.id,
        request.body.version,
        requestMeta(request),
      );
      return presentRegister(row);
    },
  );

  // ---------------------------------------------------------------------------------------------------
  // Incoming

  app.post(
    '/api/v1/office/incoming',
    {
      schema: {
        tags: ['office'],
        summary: 'Register an incoming document from an uploaded PDF (the document clerk): gives the arrival number',
        body: registerIncomingBodySchema,
        response: { 201: documentDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const session = requireSession(request);
      const body = request.body;
      const row = await registerUploadedIncoming(
        ctx,
        session.actor,
        { fileId: body.fileId, medium: body.medium, metadata: body.metadata },
        requestMeta(request),
      );
      return reply.status(201).send(await detail(row, request));
    },
  );

  app.get(
    '/api/v1/office/incoming',
    {
      schema: {
        tags: ['office'],
        summary:
          'Incoming documents of the caller’s agency, soonest due first; `mine`: those the caller holds; `overdue`: past their deadline and not done',
        querystring: z.object({
          status: z.enum(incomingStatuses).optional(),
          mine: booleanQuery.optional(),
          overdue: booleanQuery.optional(),
          ...paging,
        }),
        response: { 200: listOf(documentSummarySchema), ...errors },
      },
    },
    async (request) => {
      const actor = requireSession(request).actor;
      const agency = await officeAgencyOf(ctx, actor, 'office.read');
      const { status, mine, overdue, limit, offset } = request.query;
      const result = await listOfficeDocuments(db, {
        agencyId: agency.id,
        direction: 'incoming',
        statuses: status ? [status] : undefined,
        holderId: mine ? actor.id : undefined,
        overdueAt: overdue ? ctx.now() : undefined,
        limit,
        offset,
      });
      return { items: await summaries(result.items), total: result.total };
    },
  );

  app.get(
    '/api/v1/office/incoming/:id',
    {
      schema: {
        tags: ['office'],
        summary: 'An incoming document: state, routing trace, opinions, history and the caller’s actions',
        params: idParams,
        response: { 200: documentDetailSchema, ...errors },
      },
    },
    async (request) =>
      detail(await loadOfficeDocumentFor(ctx, requireSession(request).actor, request.params.id, 'incoming'), request),
  );

  app.post(
    '/api/v1/office/incoming/:id/actions',
    {
      schema: {
        tags: ['office'],
        summary: 'Assign (with instructions and a deadline), give an opinion or mark done',
        params: idParams,
        body: incomingActionBodySchema,
        response: { 200: documentDetailSchema, ...errors },
      },
    },
    async (request) => {
      const session = requireSession(request);
      const { version, ...input } = request.body;
      const row = await actOnIncoming(ctx, session.actor, request.params.id, version, input, requestMeta(request));
      return detail(row, request);
    },
  );

  app.get(
    '/api/v1/office/assignees',
    {
      schema: {
        tags: ['office'],
        summary:
          'Who an incoming document may be assigned to at a level: active officers of the caller’s agency holding the level’s role',
        querystring: z.object({ level: z.enum(assignmentLevels) }),
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), fullName: z.string() })) }), ...errors },
      },
    },
    async (request) => {
      const agency = await officeAgencyOf(ctx, requireSession(request).actor, 'office.read');
      return { items: await officersWithRole(db, agency.id, levelRoles[request.query.level]) };
    },
  );

  app.get(
    '/api/v1/office/inbox',
    {
      schema: {
        tags: ['office'],
        summary:
          'Documents other agencies sent to the caller’s agency (inside Congso, or in edXML packages from other installations), not registered yet',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                /** The id to register with: a delivery's, or the exchange message's for an edXML package. */
                deliveryId: z.string(),
                source: z.enum(['internal', 'edxml']),
                sentAt: z.string(),
                /** The sending agency's id inside Congso, or its agency code for an edXML package. */
                fromAgencyId: z.string(),
                fromAgencyName: z.string(),
                notation: z.string().nullable(),
                typeCode: z.string(),
                subject: z.string(),
                issuedDate: z.string().nullable(),
                priority: z.number(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const agency = await officeAgencyOf(ctx, requireSession(request).actor, 'office.read');
      const [rows, packages] = await Promise.all([listInbox(db, agency.id), listExchangeInbox(db, agency)]);
      const internal = rows.map(({ delivery, document }) => ({
        deliveryId: delivery.id,
        source: 'internal' as const,
        sentAt: delivery.sentAt.toISOString(),
        fromAgencyId: document.agencyId,
        fromAgencyName: document.organName,
        notation: document.notation,
        typeCode: document.typeCode,
        subject: document.subject,
        issuedDate: document.issuedDate,
        priority: document.priority,
      }));
      const edxml = packages.map((m) => {
        const summary = (m.summary ?? {}) as Partial<PackageSummary>;
        return {
          deliveryId: m.id,
          source: 'edxml' as const,
          sentAt: m.createdAt.toISOString(),
          fromAgencyId: m.fromOrganId,
          fromAgencyName: summary.fromOrganName ?? m.fromOrganId,
          notation: summary.notation ?? null,
          typeCode: documentTypeOfEdxml(summary.typeName ?? ''),
          subject: m.subject ?? '',
          issuedDate: summary.promulgationDate ? dateOfEdxml(summary.promulgationDate) : null,
          priority: summary.priority ?? 0,
        };
      });
      return { items: [...internal, ...edxml].sort((x, y) => x.sentAt.localeCompare(y.sentAt)) };
    },
  );

  app.post(
    '/api/v1/office/inbox/:id/register',
    {
      schema: {
        tags: ['office'],
        summary:
          'Register a document of the inbox (the document clerk): it joins the incoming register; for an edXML package, 03 goes back to its sender',
        params: idParams,
        response: { 201: documentDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const session = requireSession(request);
      const row = await registerInboxItem(ctx, session.actor, request.params.id, requestMeta(request));
      return reply.status(201).send(await detail(row, request));
    },
  );

  app.post(
    '/api/v1/office/inbox/:id/refuse',
    {
      schema: {
        tags: ['office'],
        summary:
          'Refuse a document of the inbox with a reason (the document clerk): it leaves the inbox and its sender sees the refusal; for an edXML package, 02 goes back with the reason',
        params: idParams,
        body: z.strictObject({ reason: z.string().max(500) }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const session = requireSession(request);
      await refuseInboxItem(ctx, session.actor, request.params.id, request.body.reason, requestMeta(request));
      return reply.status(204).send(null);
    },
  );

  // ---------------------------------------------------------------------------------------------------
  // Outgoing

  app.post(
    '/api/v1/office/outgoing',
    {
      schema: {
        tags: ['office'],
        summary:
          'Draft an outgoing document from an uploaded PDF (`fileId`) or composed text (`content`, rendered to PDF)',
        body: draftOutgoingBodySchema,
        response: { 201: documentDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const session = requireSession(request);
      const row = await draftOutgoing(ctx, session.actor, request.body, requestMeta(request));
      return reply.status(201).send(await detail(row, request));
    },
  );

  app.get(
    '/api/v1/office/outgoing',
    {
      schema: {
        tags: ['office'],
        summary: 'Outgoing documents of the caller’s agency, last changed first; `mine`: the caller’s drafts',
        querystring: z.object({
          status: z.enum(outgoingStatuses).optional(),
          mine: booleanQuery.optional(),
          ...paging,
        }),
        response: { 200: listOf(documentSummarySchema), ...errors },
      },
    },
    async (request) => {
      const actor = requireSession(request).actor;
      const agency = await officeAgencyOf(ctx, actor, 'office.read');
      const { status, mine, limit, offset } = request.query;
      const result = await listOfficeDocuments(db, {
        agencyId: agency.id,
        direction: 'outgoing',
        statuses: status ? [status] : undefined,
        drafterId: mine ? actor.id : undefined,
        limit,
        offset,
      });
      return { items: await summaries(result.items), total: result.total };
    },
  );

  app.get(
    '/api/v1/office/outgoing/:id',
    {
      schema: {
        tags: ['office'],
        summary: 'An outgoing document: draft, reviews, signature, number, deliveries and the caller’s actions',
        params: idParams,
        response: { 200: documentDetailSchema, ...errors },
      },
    },
    async (request) =>
      detail(await loadOfficeDocumentFor(ctx, requireSession(request).actor, request.params.id, 'outgoing'), request),
  );

  app.post(
    '/api/v1/office/outgoing/:id/actions',
    {
      schema: {
        tags: ['office'],
        summary: 'Update, submit, return, approve, sign, issue (numbered on the day of signing) or send',
        params: idParams,
        body: outgoingActionBodySchema,
        response: { 200: documentDetailSchema, ...errors },
      },
    },
    async (request) => {
      const session = requireSession(request);
      const { version, ...input } = request.body;
      const row = await actOnOutgoing(ctx, session.actor, request.params.id, version, input, requestMeta(request));
      return detail(row, request);
    },
  );

  app.get(
    '/api/v1/office/documents/:id/file',
    {
      schema: {
        tags: ['office'],
        summary: 'The PDF of a document of the caller’s agency',
        params: idParams,
        response: { 200: z.any().describe('application/pdf'), ...errors },
      },
    },
    async (request, reply) => {
      const row = await loadOfficeDocumentFor(ctx, requireSession(request).actor, request.params.id);
      const file = await getFile(db, row.fileId);
      if (!file) throw new CongsoError('NOT_FOUND');
      const bytes = await readFileBytes(ctx, file);
      return reply
        .type('application/pdf')
        .header('content-disposition', contentDisposition('inline', file.name))
        .header('cache-control', 'private, max-age=3600')
        .header('content-security-policy', "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'")
        .send(bytes);
    },
  );

  app.get(
    '/api/v1/office/search',
    {
      schema: {
        tags: ['office'],
        summary:
          'Documents of the caller’s agency whose subject, number and notation, issuer or text hold every word (marks optional)',
        querystring: z.object({
          q: z.string().trim().min(1).max(200),
          direction: z.enum(['incoming', 'outgoing']).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(20),
        }),
        response: { 200: z.object({ items: z.array(documentSummarySchema) }), ...errors },
      },
    },
    async (request) => {
      const agency = await officeAgencyOf(ctx, requireSession(request).actor, 'office.read');
      const found = await searchOfficeDocuments(db, {
        agencyId: agency.id,
        query: request.query.q,
        direction: request.query.direction,
        limit: request.query.limit,
      });
      const rows = await Promise.all(found.map((f) => loadOfficeDocumentFor(ctx, requireSession(request).actor, f.id)));
      return { items: await summaries(rows) };
    },
  );

  // ---------------------------------------------------------------------------------------------------
  // Work files

  app.get(
    '/api/v1/office/work-files',
    {
      schema: {
        tags: ['office'],
        summary: 'Work files of the caller’s agency (a year’s, or all)',
        querystring: z.object({ year: year.optional() }),
        response: { 200: z.object({ items: z.array(workFileSchema) }), ...errors },
      },
    },
    async (request) => {
      const agency = await officeAgencyOf(ctx, requireSession(request).actor, 'office.read');
      const rows = await listWorkFiles(db, agency.id, request.query.year);
      return { items: rows.map(presentWorkFile) };
    },
  );

  app.post(
    '/api/v1/office/work-files',
    {
      schema: {
        tags: ['office'],
        summary: 'Open a work file (code as in the agency’s list of files, title, retention in years or permanent)',
        body: openWorkFileBodySchema,
        response: { 201: workFileSchema, ...errors },
      },
    },
    async (request, reply) => {
      const row = await openWorkFile(ctx, requireSession(request).actor, request.body, requestMeta(request));
      return reply.status(201).send(presentWorkFile(row));
    },
  );

  app.get(
    '/api/v1/office/work-files/:id',
    {
      schema: {
        tags: ['office'],
        summary: 'A work file and its documents',
        params: idParams,
        response: { 200: workFileSchema.extend({ items: z.array(documentSummarySchema) }), ...errors },
      },
    },
    async (request) => {
      const file = await workFileFor(ctx, requireSession(request).actor, request.params.id);
      const documents = await workFileDocuments(db, file.id);
      const paper = documents.filter((d) => d.medium === 'paper').length;
      return { ...presentWorkFile({ ...file, documents: documents.length, paper }), items: await summaries(documents) };
    },
  );

  app.post(
    '/api/v1/office/work-files/:id/documents',
    {
      schema: {
        tags: ['office'],
        summary: 'Add a document of the agency to an open work file',
        params: idParams,
        body: z.strictObject({ documentId: id, version: z.number().int().min(1) }),
        response: { 200: workFileSchema, ...errors },
      },
    },
    async (request) => {
      const row = await addDocumentToWorkFile(
        ctx,
        requireSession(request).actor,
        request.params.id,
        request.body,
        requestMeta(request),
      );
      return presentWorkFile(row);
    },
  );

  app.post(
    '/api/v1/office/work-files/:id/close',
    {
      schema: {
        tags: ['office'],
        summary: 'Close a work file (it needs at least one document)',
        params: idParams,
        body: versionBody,
        response: { 200: workFileSchema, ...errors },
      },
    },
    async (request) => {
      const row = await closeWorkFile(
        ctx,
        requireSession(request).actor,
        request.params.id,
        request.body.version,
        requestMeta(request),
      );
      return presentWorkFile(row);
    },
  );

  app.get(
    '/api/v1/office/online-share',
    {
      schema: {
        tags: ['office'],
        summary:
          'Share of work files handled entirely online per agency and level, against the targets (leaders and administrators: their subtree; viewers: the province)',
        querystring: z.object({ year: year.optional() }),
        response: {
          200: z.object({
            year: z.number(),
            agencies: z.array(
              z.object({
                agencyId: z.string(),
                agencyName: z.string(),
                level: z.string(),
                closed: z.number(),
                online: z.number(),
                share: z.number().nullable(),
                target: z.number(),
                meetsTarget: z.boolean().nullable(),
              }),
            ),
            levels: z.array(
              z.object({
                level: z.string(),
                closed: z.number(),
                online: z.number(),
                agencies: z.number(),
                share: z.number().nullable(),
                target: z.number(),
                meetsTarget: z.boolean().nullable(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => onlineShareFor(ctx, requireSession(request).actor, request.query.year),
  );

  void documentMedia;
}
