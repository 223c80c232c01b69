/**
 * Electronic results and digitised papers over HTTP: the clerk digitises a paper received at the counter,
 * whoever reads a dossier sees its digitised papers, electronic results and reused documents, the applicant
 * lists their data store (kho dữ liệu), the issuing agency revokes an item. The files themselves are served by
 * GET /api/v1/files/:id (the applicant reads the source dossier; a dossier that reused one opens it).
 */
import {
  type DataStoreItemKind,
  dataStoreItemKinds,
  dataStoreItemStatuses,
  dataStoreItemStatusOf,
  digitiseDocumentBodySchema,
  parseInstant,
} from '@congso/core';
import type { DataStoreListRow } from '@congso/db';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestMeta, requireSession } from '../http/auth';
import { errorSchema, id, idParams, isoDate, text } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { dataStoreOf, digitiseDocument, dossierDigitisation, revokeItem } from './digitisation.service';

const errors = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
  415: errorSchema,
};

export const dataStoreItemSchema = z.object({
  id,
  kind: z.enum(dataStoreItemKinds),
  name: z.string(),
  number: z.string().nullable(),
  issuingAgency: z.object({ id, name: z.string() }),
  issuedAt: z.string(),
  validUntil: z.string().nullable(),
  status: z.enum(dataStoreItemStatuses),
  revokedAt: z.string().nullable(),
  revocationReason: z.string().nullable(),
  file: z.object({ id, name: z.string(), size: z.number(), sha256: z.string() }),
  sourceDossier: z.object({ id, code: z.string() }),
  documentIndex: z.number().nullable(),
  madeBy: id,
  madeAt: z.string(),
  version: z.number(),
});

export function presentDataStoreItem(row: DataStoreListRow, now: Date): z.infer<typeof dataStoreItemSchema> {
  return {
    id: row.id,
    kind: row.kind as DataStoreItemKind,
    name: row.name,
    number: row.number,
    issuingAgency: { id: row.issuingAgencyId, name: row.issuingAgencyName },
    issuedAt: row.issuedAt.toISOString(),
    validUntil: row.validUntil?.toISOString() ?? null,
    status: dataStoreItemStatusOf(row, now),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revocationReason: row.revocationReason,
    file: { id: row.fileId, name: row.fileName, size: Number(row.fileSize), sha256: row.sha256 },
    sourceDossier: { id: row.sourceDossierId, code: row.sourceDossierCode },
    documentIndex: row.documentIndex,
    madeBy: row.madeBy,
    madeAt: row.madeAt.toISOString(),
    version: row.version,
  };
}

const flagsSchema = z.object({
  digitisedAt: z.string().nullable().describe('a paper of the dossier digitised at the counter (the first)'),
  resultElectronicAt: z.string().nullable().describe('the result returned as a signed electronic document'),
  reusedDataAt: z.string().nullable().describe('a document taken from the applicant’s data store'),
});

export function registerDigitisationRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/v1/dossiers/:id/digitised-documents',
    {
      schema: {
        tags: ['digitisation'],
        summary:
          'Digitise a paper received at the counter: the scan checked against the original, sealed by the receiving agency (its one-stop clerks)',
        params: idParams,
        body: digitiseDocumentBodySchema.extend({
          validUntil: isoDate.nullish().describe('the paper’s validity, when it has one'),
        }),
        response: { 201: dataStoreItemSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireSession(request).actor;
      const { item } = await digitiseDocument(
        ctx,
        actor,
        request.params.id,
        {
          ...request.body,
          validUntil: request.body.validUntil
            ? parseInstant(`${request.body.validUntil}T23:59:59`).toISOString()
            : null,
        },
        requestMeta(request),
      );
      const view = await dossierDigitisation(ctx, actor, request.params.id);
      const row = view.digitised.find((i) => i.id === item.id);
      return reply.status(201).send(presentDataStoreItem(row as DataStoreListRow, ctx.now()));
    },
  );

  app.get(
    '/api/v1/dossiers/:id/digitisation',
    {
      schema: {
        tags: ['digitisation'],
        summary:
          'A dossier’s digitisation: its flags with their time, papers digitised (by whom, when), electronic results, documents reused from the data store',
        params: idParams,
        response: {
          200: z.object({
            flags: flagsSchema,
            digitised: z.array(dataStoreItemSchema),
            electronicResults: z.array(dataStoreItemSchema),
            reused: z.array(
              z.object({
                documentIndex: z.number(),
                reusedAt: z.string(),
                item: dataStoreItemSchema,
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const actor = requireSession(request).actor;
      const view = await dossierDigitisation(ctx, actor, request.params.id);
      const now = ctx.now();
      return {
        flags: {
          digitisedAt: view.row.digitisedAt?.toISOString() ?? null,
          resultElectronicAt: view.row.resultElectronicAt?.toISOString() ?? null,
          reusedDataAt: view.row.reusedDataAt?.toISOString() ?? null,
        },
        digitised: view.digitised.map((i) => presentDataStoreItem(i, now)),
        electronicResults: view.electronicResults.map((i) => presentDataStoreItem(i, now)),
        reused: view.reused.map((r) => ({
          documentIndex: r.reused.documentIndex,
          reusedAt: r.reused.reusedAt.toISOString(),
          item: presentDataStoreItem(r.item, now),
        })),
      };
    },
  );

  app.get(
    '/api/v1/data-store',
    {
      schema: {
        tags: ['digitisation'],
        summary:
          'A data store (kho dữ liệu): the caller’s electronic results and digitised papers, or with organisationId those of an organisation the caller acts for now (404 otherwise)',
        querystring: z.strictObject({ organisationId: id.optional() }),
        response: { 200: z.object({ items: z.array(dataStoreItemSchema) }), ...errors },
      },
    },
    async (request) => {
      const actor = requireSession(request).actor;
      const now = ctx.now();
      const items = await dataStoreOf(ctx, actor, request.query.organisationId);
      return { items: items.map((i) => presentDataStoreItem(i, now)) };
    },
  );

  app.post(
    '/api/v1/data-store/:id/revoke',
    {
      schema: {
        tags: ['digitisation'],
        summary: 'Revoke an item of a data store (officers of the agency that issued it): it can no longer be reused',
        params: idParams,
        body: z.strictObject({ version: z.number().int().min(1), reason: text(500) }),
        response: { 200: z.object({ id, version: z.number(), revokedAt: z.string() }), ...errors },
      },
    },
    async (request) => {
      const actor = requireSession(request).actor;
      const row = await revokeItem(ctx, actor, request.params.id, request.body, requestMeta(request));
      return { id: row.id, version: row.version, revokedAt: (row.revokedAt as Date).toISOString() };
    },
  );
}
