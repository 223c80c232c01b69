/**
 * Who acts for an organisation over HTTP: the caller's links, an organisation's links (its account, its legal
 * representative), confirming oneself as legal representative from the business registration, authorising
 * another citizen until a day, revoking a link.
 */
import {
  confirmRepresentationBodySchema,
  nationalIdSchema,
  type RepresentationBasis,
  type RepresentativeRole,
  representationBases,
  representationStatuses,
  representationStatusOf,
  representativeRoles,
} from '@congso/core';
import type { RepresentationListRow } from '@congso/db';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestMeta, requireSession } from '../http/auth';
import { errorSchema, id, idParams, isoDate, text } from '../http/schemas';
import type { AppContext } from '../platform/context';
import {
  confirmLegalRepresentative,
  grantRepresentation,
  myRepresentations,
  organisationRepresentations,
  revokeRepresentationLink,
} from './representatives';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

export const representationSchema = z.object({
  id,
  organisation: z.object({ id, name: z.string(), taxCode: z.string().nullable() }),
  person: z.object({ id, name: z.string(), nationalId: z.string().nullable() }),
  role: z.enum(representativeRoles),
  basis: z.enum(representationBases),
  grantedBy: z.object({ id, name: z.string() }).nullable(),
  registryLogId: z.string().nullable(),
  validFrom: z.string(),
  validUntil: z.string().nullable(),
  status: z.enum(representationStatuses),
  revokedAt: z.string().nullable(),
  revocationReason: z.string().nullable(),
  version: z.number(),
});

export function presentRepresentation(row: RepresentationListRow, now: Date): z.infer<typeof representationSchema> {
  return {
    id: row.id,
    organisation: { id: row.organisationId, name: row.organisationName, taxCode: row.organisationTaxCode },
    person: { id: row.personId, name: row.personName, nationalId: row.personNationalId },
    role: row.role as RepresentativeRole,
    basis: row.basis as RepresentationBasis,
    grantedBy: row.grantedBy ? { id: row.grantedBy, name: row.grantedByName ?? '' } : null,
    registryLogId: row.registryLogId,
    validFrom: row.validFrom.toISOString(),
    validUntil: row.validUntil?.toISOString() ?? null,
    status: representationStatusOf(row, now),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revocationReason: row.revocationReason,
    version: row.version,
  };
}

export function registerRepresentativeRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const list = z.object({ items: z.array(representationSchema) });

  app.get(
    '/api/v1/representations',
    {
      schema: {
        tags: ['identity'],
        summary:
          'Who acts for an organisation: the caller’s own links (a citizen’s organisations, an organisation’s representatives), or with organisationId that organisation’s (its account, its legal representative)',
        querystring: z.strictObject({ organisationId: id.optional() }),
        response: { 200: list, ...errors },
      },
    },
    async (request) => {
      const actor = requireSession(request).actor;
      const rows = request.query.organisationId
        ? await organisationRepresentations(ctx, actor, request.query.organisationId)
        : await myRepresentations(ctx, actor);
      const now = ctx.now();
      return { items: rows.map((r) => presentRepresentation(r, now)) };
    },
  );

  app.post(
    '/api/v1/representations/confirm',
    {
      schema: {
        tags: ['identity'],
        summary:
          'Confirm the signed-in citizen as an enterprise’s legal representative from the national business registration (through the gateway; the registry names them by their national id)',
        body: confirmRepresentationBodySchema,
        response: { 200: representationSchema, 201: representationSchema, ...errors, 503: errorSchema },
      },
    },
    async (request, reply) => {
      const actor = requireSession(request).actor;
      const { link, created } = await confirmLegalRepresentative(
        ctx,
        actor,
        request.body.organisationCode,
        requestMeta(request),
      );
      return reply.status(created ? 201 : 200).send(presentRepresentation(link, ctx.now()));
    },
  );

  app.post(
    '/api/v1/representations',
    {
      schema: {
        tags: ['identity'],
        summary:
          'Authorise a citizen (by national id) to act for the organisation until the end of a day (its account or its legal representative)',
        body: z.strictObject({ organisationId: id, nationalId: nationalIdSchema, validUntil: isoDate }),
        response: { 201: representationSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireSession(request).actor;
      const row = await grantRepresentation(ctx, actor, request.body, requestMeta(request));
      return reply.status(201).send(presentRepresentation(row, ctx.now()));
    },
  );

  app.post(
    '/api/v1/representations/:id/revoke',
    {
      schema: {
        tags: ['identity'],
        summary:
          'Revoke a link at once (the organisation’s account or legal representative; its holder gives up their own)',
        params: idParams,
        body: z.strictObject({ version: z.number().int().min(1), reason: text(500) }),
        response: { 200: representationSchema, ...errors },
      },
    },
    async (request) => {
      const actor = requireSession(request).actor;
      const row = await revokeRepresentationLink(ctx, actor, request.params.id, request.body, requestMeta(request));
      return presentRepresentation(row, ctx.now());
    },
  );
}
