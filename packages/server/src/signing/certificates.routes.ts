import {
  CongsoError,
  certificateKinds,
  certificateStatuses,
  certificateStatusOf,
  issueCertificateSchema,
  revocationReasons,
  revokeCertificateSchema,
} from '@congso/core';
import { type CertificateRow, countCertificates, getCertificateById, listCertificates } from '@congso/db';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestMeta, requireSession } from '../http/auth';
import { booleanQuery, errorSchema, idParams, paging } from '../http/schemas';
import type { AppContext } from '../platform/context';
import {
  answerOcspRequest,
  authorizeRegistry,
  currentCrl,
  issueRegistryCertificate,
  provinceAuthority,
  publishedAuthority,
  revokeRegistryCertificate,
} from './registry';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

const countsRow = z.object({ active: z.number(), expired: z.number(), revoked: z.number() });
export const registryCountsSchema = z.object({
  byKind: z.object({ personal: countsRow, organization: countsRow, timestamping: countsRow, ocsp: countsRow }),
  byStatus: countsRow,
  total: z.number(),
});

export const certificateSchema = z.object({
  id: z.string(),
  kind: z.enum(certificateKinds),
  status: z.enum(certificateStatuses),
  commonName: z.string(),
  subject: z.string(),
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  personId: z.string().nullable(),
  agencyId: z.string().nullable(),
  holderName: z.string().nullable(),
  agencyName: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revocationReason: z.enum(revocationReasons).nullable(),
  keyStorage: z.string(),
  version: z.number(),
});

function presentCertificate(
  row: CertificateRow,
  now: Date,
  names: { holderName?: string | null; agencyName?: string | null } = {},
): z.infer<typeof certificateSchema> {
  return {
    id: row.id,
    kind: row.kind as z.infer<typeof certificateSchema>['kind'],
    status: certificateStatusOf(row, now),
    commonName: row.commonName,
    subject: row.subject,
    serialNumber: row.serialNumber,
    notBefore: row.notBefore.toISOString(),
    notAfter: row.notAfter.toISOString(),
    personId: row.personId,
    agencyId: row.agencyId,
    holderName: names.holderName ?? null,
    agencyName: names.agencyName ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revocationReason: (row.revocationReason as z.infer<typeof certificateSchema>['revocationReason']) ?? null,
    keyStorage: row.keyStorage,
    version: row.version,
  };
}

export function registerCertificateRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = ctx.connection.db;

  app.get(
    '/api/v1/signing/certificates',
    {
      schema: {
        tags: ['signing'],
        summary: 'The certificate registry: certificates with filters, and counts by kind and status (province admins)',
        querystring: z.strictObject({
          kind: z.enum(certificateKinds).optional(),
          status: z.enum(certificateStatuses).optional(),
          q: z.string().trim().max(200).optional(),
          ...paging,
        }),
        response: {
          200: z.object({ items: z.array(certificateSchema), total: z.number(), counts: registryCountsSchema }),
          ...errors,
        },
      },
    },
    async (request) => {
      const actor = requireSession(request).actor;
      await authorizeRegistry(ctx, actor, 'certificate.read');
      const now = ctx.now();
      const query = request.query;
      const list = await listCertificates(db, {
        now,
        ...(query.kind ? { kind: query.kind } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.q ? { q: query.q } : {}),
        limit: query.limit,
        offset: query.offset,
      });
      return {
        items: list.items.map((r) =>
          presentCertificate(r.certificate, now, { holderName: r.personName, agencyName: r.agencyName }),
        ),
        total: list.total,
        counts: await countCertificates(db, now),
      };
    },
  );

  app.post(
    '/api/v1/signing/certificates',
    {
      schema: {
        tags: ['signing'],
        summary: 'Issue a personal (an officer) or an organisation (an agency) certificate (province admins)',
        body: issueCertificateSchema,
        response: { 201: certificateSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireSession(request).actor;
      const row = await issueRegistryCertificate(ctx, actor, request.body, requestMeta(request));
      return reply.status(201).send(presentCertificate(row, ctx.now()));
    },
  );

  app.get(
    '/api/v1/signing/certificates/:id',
    {
      schema: {
        tags: ['signing'],
        summary: 'One certificate of the registry (province admins)',
        params: idParams,
        response: { 200: certificateSchema.extend({ pem: z.string() }), ...errors },
      },
    },
    async (request) => {
      const actor = requireSession(request).actor;
      await authorizeRegistry(ctx, actor, 'certificate.read');
      const row = await getCertificateById(db, request.params.id);
      if (!row) throw new CongsoError('NOT_FOUND');
      return { ...presentCertificate(row, ctx.now()), pem: row.certificatePem };
    },
  );

  app.get(
    '/api/v1/signing/certificates/:id/pem',
    {
      schema: {
        tags: ['signing'],
        summary: 'Download a certificate (PEM), with its chain up to the root when chain=true (province admins)',
        params: idParams,
        querystring: z.strictObject({ chain: booleanQuery.optional() }),
        response: { 200: z.string(), ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireSession(request).actor;
      await authorizeRegistry(ctx, actor, 'certificate.read');
      const row = await getCertificateById(db, request.params.id);
      if (!row) throw new CongsoError('NOT_FOUND');
      let pem = row.certificatePem;
      if (request.query.chain) {
        const authority = await provinceAuthority(ctx);
        pem += authority.issuing.pem + authority.root.pem;
      }
      return reply
        .header(
          'content-disposition',
          `attachment; filename="${row.serialNumber}${request.query.chain ? '-chain' : ''}.pem"`,
        )
        .type('application/x-pem-file')
        .send(pem);
    },
  );

  app.post(
    '/api/v1/signing/certificates/:id/revoke',
    {
      schema: {
        tags: ['signing'],
        summary: 'Revoke a certificate with a reason (RFC 5280), version-checked (province admins)',
        params: idParams,
        body: revokeCertificateSchema,
        response: { 200: certificateSchema, ...errors },
      },
    },
    async (request) => {
      const actor = requireSession(request).actor;
      const row = await revokeRegistryCertificate(ctx, actor, request.params.id, request.body, requestMeta(request));
      return presentCertificate(row, ctx.now());
    },
  );

  registerPublicPkiRoutes(root, ctx);
}

/** Most bytes an OCSP request may have (a handful of CertIDs and a nonce fit in far less). */
const OCSP_REQUEST_LIMIT = 16 * 1024;

/**
 * The CA's public protocol endpoints, outside /api/ (their clients are TLS stacks, pdfsig, Adobe: no session,
 * no CSRF header) and hidden from the OpenAPI description: the CRLs, the CA certificates, the OCSP responder
 * (RFC 6960 A.1: POST application/ocsp-request, or GET with the request in base64 in the path).
 */
function registerPublicPkiRoutes(root: FastifyInstance, ctx: AppContext) {
  root.register(async (scope) => {
    scope.addContentTypeParser(
      'application/ocsp-request',
      { parseAs: 'buffer', bodyLimit: OCSP_REQUEST_LIMIT },
      (_r, body, done) => done(null, body),
    );
    const hide = { schema: { hide: true } };
    for (const which of ['root', 'issuing'] as const) {
      scope.get(`/pki/${which}.crl`, hide, async (_request, reply) => {
        const der = await currentCrl(ctx, which);
        return reply.type('application/pkix-crl').header('cache-control', 'public, max-age=300').send(der);
      });
      scope.get(`/pki/${which}.cer`, hide, async (_request, reply) => {
        const authority = await publishedAuthority(ctx);
        return reply
          .type('application/pkix-cert')
          .header('cache-control', 'public, max-age=3600')
          .send(authority[which].der);
      });
    }
    scope.post('/pki/ocsp', hide, async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new CongsoError('UNSUPPORTED_MEDIA_TYPE', { details: { expected: 'application/ocsp-request' } });
      }
      const der = await answerOcspRequest(ctx, request.body);
      return reply.type('application/ocsp-response').header('cache-control', 'no-store').send(der);
    });
    scope.get<{ Params: { '*': string } }>('/pki/ocsp/*', hide, async (request, reply) => {
      const encoded = request.params['*'];
      if (encoded.length > OCSP_REQUEST_LIMIT * 2 || !/^[A-Za-z0-9+/=_-]*$/.test(encoded)) {
        throw new CongsoError('MALFORMED_REQUEST', { details: { expected: 'base64 of an OCSP request' } });
      }
      const der = await answerOcspRequest(ctx, Buffer.from(encoded, 'base64'));
      return reply.type('application/ocsp-response').header('cache-control', 'public, max-age=60').send(der);
    });
  });
}
