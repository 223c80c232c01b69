/**
 * The data-sharing gateway over HTTP.
 * - Province administrators (`gateway.manage` on the root agency): services with their OpenAPI descriptions,
 *   consumers (the secret shown once, at creation and rotation), rights, the exchange log, verification and
 *   anchoring (/api/v1/gateway/…).
 * - Consumers (machine to machine, no session, no CSRF header: outside /api/): POST /gateway/token (RFC 6749
 *   client_credentials) and any method on /gateway/<service>/<path> with `Authorization: Bearer`, stating
 *   `X-Gateway-Purpose` (percent-encoded UTF-8), and where there is one `X-Gateway-Dossier` (uuid) and
 *   `X-Gateway-Subject` (the citizen's national id looked up).
 * - Citizens and one-stop clerks: population lookups for a filing (consent recorded), enterprise lookups, and a
 *   citizen's "who accessed my data".
 */
import {
  authorize,
  CongsoError,
  describeChainProblem,
  enterpriseLookupBodySchema,
  FILING_PURPOSE,
  gatewayConsumerBodySchema,
  gatewayOutcomes,
  gatewayServiceBodySchema,
  populationLookupBodySchema,
} from '@congso/core';
import {
  agencyNamesById,
  agencyPath,
  findGatewayService,
  type GatewayConsumerRow,
  type GatewayLogRow,
  type GatewayServiceRow,
  listGatewayAnchors,
  listGatewayConsumers,
  listGatewayLog,
  listGatewayRights,
  listGatewayServices,
  populationLookupsByLog,
  queryRows,
  sql,
} from '@congso/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestMeta, requireSession } from '../http/auth';
import { errorSchema, id, idParams, isoDate, isUuid } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { anchorGatewayLog, verifyGatewayLogOf } from './anchors';
import {
  callService,
  consumerOfToken,
  createGatewayConsumer,
  createGatewayService,
  issueGatewayToken,
  OAuthError,
  rotateGatewaySecret,
  setGatewayRightOf,
  updateGatewayConsumerAt,
  updateGatewayServiceAt,
} from './gateway.service';
import { gatewayTimings, logExchange } from './gateway-log';
import { gatewayBusinessRegistry, lookupApplicantForFiling } from './national-db';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
const version = z.number().int().min(1).max(1_000_000_000);

const serviceSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(['congso', 'external']),
  baseUrl: z.string(),
  description: z.string(),
  hasOpenapi: z.boolean(),
  active: z.boolean(),
  version: z.number(),
  gatewayPath: z.string().describe('Where consumers call it: /gateway/<code>/…'),
});
const consumerSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  agencyId: z.string().nullable(),
  /** The agency whose system it is (its name today), when it is an agency's. */
  agencyName: z.string().nullable(),
  clientId: z.string(),
  secretSetAt: z.string(),
  rateLimitPerMinute: z.number(),
  active: z.boolean(),
  version: z.number(),
});
const logEntrySchema = z.object({
  seq: z.number(),
  id: z.string(),
  at: z.string(),
  consumerCode: z.string().nullable(),
  serviceCode: z.string(),
  method: z.string(),
  path: z.string(),
  purpose: z.string().nullable(),
  dossierId: z
    .string()
    .nullable()
    .describe('The dossier it served: stated by the consumer, or the filing a lookup went into'),
  dossierCode: z.string().nullable(),
  subjectNationalId: z.string().nullable(),
  outcome: z.enum(gatewayOutcomes),
  status: z.number(),
  errorCode: z.string().nullable(),
  durationMs: z.number(),
  hash: z.string(),
});
const reportSchema = z.object({
  ok: z.boolean(),
  entries: z.number(),
  anchors: z.number(),
  first: z
    .object({ kind: z.string(), seq: z.number(), message: z.object({ vi: z.string(), en: z.string() }) })
    .nullable(),
  problems: z.number(),
});

const presentService = (s: GatewayServiceRow): z.infer<typeof serviceSchema> => ({
  id: s.id,
  code: s.code,
  name: s.name,
  kind: s.kind as 'congso' | 'external',
  baseUrl: s.baseUrl,
  description: s.description,
  hasOpenapi: s.openapi !== null,
  active: s.active,
  version: s.version,
  gatewayPath: `/gateway/${s.code}/`,
});
const presentConsumer = (c: GatewayConsumerRow, agencyNames: Map<string, string>): z.infer<typeof consumerSchema> => ({
  id: c.id,
  code: c.code,
  name: c.name,
  agencyId: c.agencyId,
  agencyName: c.agencyId ? (agencyNames.get(c.agencyId) ?? null) : null,
  clientId: c.clientId,
  secretSetAt: c.secretSetAt.toISOString(),
  rateLimitPerMinute: c.rateLimitPerMinute,
  active: c.active,
  version: c.version,
});
const presentEntry = (
  e: GatewayLogRow,
  dossier: { id: string; code: string | null } | undefined,
): z.infer<typeof logEntrySchema> => ({
  seq: e.seq,
  id: e.id,
  at: e.at.toISOString(),
  consumerCode: e.consumerCode,
  serviceCode: e.serviceCode,
  method: e.method,
  path: e.path,
  purpose: e.purpose,
  dossierId: dossier?.id ?? null,
  dossierCode: dossier?.code ?? null,
  subjectNationalId: e.subjectNationalId,
  outcome: e.outcome as z.infer<typeof logEntrySchema>['outcome'],
  status: e.status,
  errorCode: e.errorCode,
  durationMs: e.durationMs,
  hash: e.hash,
});

async function requireGatewayAdmin(ctx: AppContext, request: FastifyRequest) {
  const actor = requireSession(request).actor;
  if (!actor.agencyId) throw new CongsoError('FORBIDDEN');
  const root = (await agencyPath(ctx.connection.db, actor.agencyId))[0];
  authorize(actor, 'gateway.manage', { agencyPath: root ? [root.id] : [] });
  return actor;
}

export function presentReport(report: Awaited<ReturnType<typeof verifyGatewayLogOf>>) {
  return {
    ok: report.ok,
    entries: report.entries,
    anchors: report.anchors,
    first: report.first
      ? { kind: report.first.kind, seq: report.first.seq, message: describeChainProblem(report.first) }
      : null,
    problems: report.problems.length,
  };
}

/** Headers a consumer's call carries on to the service (never its token or cookies). */
const FORWARDED_HEADERS = ['accept', 'content-type', 'accept-language'];

export function registerGatewayRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = ctx.connection.db;

  // ---- administration
  app.get(
    '/api/v1/gateway/services',
    {
      schema: {
        tags: ['gateway'],
        summary: 'The services of the data-sharing gateway (province administrators)',
        response: { 200: z.object({ items: z.array(serviceSchema) }), ...errors },
      },
    },
    async (request) => {
      await requireGatewayAdmin(ctx, request);
      // The national services are registered at the server's start (ensureNationalServices): a read writes nothing.
      return { items: (await listGatewayServices(db)).map(presentService) };
    },
  );

  app.get(
    '/api/v1/gateway/services/:id/openapi',
    {
      schema: {
        tags: ['gateway'],
        summary: 'A service’s OpenAPI description as registered (province administrators)',
        params: idParams,
        response: { 200: z.looseObject({}), ...errors },
      },
    },
    async (request) => {
      await requireGatewayAdmin(ctx, request);
      const service = await findGatewayService(db, request.params.id);
      if (!service?.openapi) throw new CongsoError('NOT_FOUND');
      return service.openapi as Record<string, unknown>;
    },
  );

  app.post(
    '/api/v1/gateway/services',
    {
      schema: {
        tags: ['gateway'],
        summary: 'Registers a service (Congso’s own API or an external HTTP API) with its OpenAPI description',
        body: gatewayServiceBodySchema,
        response: { 201: serviceSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = await requireGatewayAdmin(ctx, request);
      const row = await createGatewayService(ctx, actor, request.body, requestMeta(request));
      return reply.status(201).send(presentService(row));
    },
  );

  app.put(
    '/api/v1/gateway/services/:id',
    {
      schema: {
        tags: ['gateway'],
        summary: 'Changes a service (or turns it off), at the version read',
        params: idParams,
        body: gatewayServiceBodySchema.extend({ version }),
        response: { 200: serviceSchema, ...errors },
      },
    },
    async (request) => {
      const actor = await requireGatewayAdmin(ctx, request);
      const { version: v, ...body } = request.body;
      const row = await updateGatewayServiceAt(ctx, actor, request.params.id, v, body, requestMeta(request));
      return presentService(row);
    },
  );

  app.get(
    '/api/v1/gateway/consumers',
    {
      schema: {
        tags: ['gateway'],
        summary: 'The consumers (agencies’ systems, applications) and their client ids (province administrators)',
        response: { 200: z.object({ items: z.array(consumerSchema) }), ...errors },
      },
    },
    async (request) => {
      await requireGatewayAdmin(ctx, request);
      const consumers = await listGatewayConsumers(db);
      const names = await agencyNamesById(
        db,
        consumers.map((c) => c.agencyId),
      );
      return { items: consumers.map((c) => presentConsumer(c, names)) };
    },
  );

  const withSecret = z.object({
    consumer: consumerSchema,
    clientSecret: z.string().describe('Shown this once: only its hash is kept'),
  });

  app.post(
    '/api/v1/gateway/consumers',
    {
      schema: {
        tags: ['gateway'],
        summary: 'Creates a consumer with OAuth2 client credentials; the secret is in this answer only',
        body: gatewayConsumerBodySchema,
        response: { 201: withSecret, ...errors },
      },
    },
    async (request, reply) => {
      const actor = await requireGatewayAdmin(ctx, request);
      const { consumer, secret } = await createGatewayConsumer(ctx, actor, request.body, requestMeta(request));
      reply.header('cache-control', 'no-store');
      const names = await agencyNamesById(db, [consumer.agencyId]);
      return reply.status(201).send({ consumer: presentConsumer(consumer, names), clientSecret: secret });
    },
  );

  app.put(
    '/api/v1/gateway/consumers/:id',
    {
      schema: {
        tags: ['gateway'],
        summary: 'Changes a consumer (name, rate limit, on/off), at the version read',
        params: idParams,
        body: gatewayConsumerBodySchema.extend({ version }),
        response: { 200: consumerSchema, ...errors },
      },
    },
    async (request) => {
      const actor = await requireGatewayAdmin(ctx, request);
      const { version: v, ...body } = request.body;
      const consumer = await updateGatewayConsumerAt(ctx, actor, request.params.id, v, body, requestMeta(request));
      return presentConsumer(consumer, await agencyNamesById(db, [consumer.agencyId]));
    },
  );

  app.post(
    '/api/v1/gateway/consumers/:id/secret',
    {
      schema: {
        tags: ['gateway'],
        summary: 'Rotates a consumer’s secret (the old one and its tokens stop at once); the new one shown once',
        params: idParams,
        body: z.strictObject({ version }),
        response: { 200: withSecret, ...errors },
      },
    },
    async (request, reply) => {
      const actor = await requireGatewayAdmin(ctx, request);
      const { consumer, secret } = await rotateGatewaySecret(
        ctx,
        actor,
        request.params.id,
        request.body.version,
        requestMeta(request),
      );
      reply.header('cache-control', 'no-store');
      return {
        consumer: presentConsumer(consumer, await agencyNamesById(db, [consumer.agencyId])),
        clientSecret: secret,
      };
    },
  );

  app.get(
    '/api/v1/gateway/rights',
    {
      schema: {
        tags: ['gateway'],
        summary: 'Which consumer may call which service (province administrators)',
        response: {
          200: z.object({
            items: z.array(z.object({ consumerId: z.string(), serviceId: z.string(), grantedAt: z.string() })),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      await requireGatewayAdmin(ctx, request);
      return {
        items: (await listGatewayRights(db)).map((r) => ({ ...r, grantedAt: r.grantedAt.toISOString() })),
      };
    },
  );

  app.put(
    '/api/v1/gateway/rights',
    {
      schema: {
        tags: ['gateway'],
        summary: 'Grants or takes back a consumer’s right to call a service',
        body: z.strictObject({ consumerId: id, serviceId: id, granted: z.boolean() }),
        response: { 200: z.object({ changed: z.boolean() }), ...errors },
      },
    },
    async (request) => {
      const actor = await requireGatewayAdmin(ctx, request);
      return { changed: await setGatewayRightOf(ctx, actor, request.body, requestMeta(request)) };
    },
  );

  app.get(
    '/api/v1/gateway/log',
    {
      schema: {
        tags: ['gateway'],
        summary: 'The exchange log, newest first, with filters (province administrators)',
        querystring: z.object({
          consumer: z.string().max(60).optional(),
          service: z.string().max(60).optional(),
          outcome: z.enum(gatewayOutcomes).optional(),
          subject: z.string().max(12).optional(),
          before: z.coerce.number().int().min(1).optional(),
          from: isoDate.optional().describe('From this day (Vietnam time), included'),
          to: isoDate.optional().describe('To this day (Vietnam time), included'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.object({
            items: z.array(logEntrySchema),
            anchors: z.array(z.object({ id: z.string(), seq: z.number(), signedAt: z.string() })),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      await requireGatewayAdmin(ctx, request);
      const q = request.query;
      const items = await listGatewayLog(db, {
        ...(q.consumer ? { consumerCode: q.consumer } : {}),
        ...(q.service ? { serviceCode: q.service } : {}),
        ...(q.outcome ? { outcome: q.outcome } : {}),
        ...(q.subject ? { subjectNationalId: q.subject } : {}),
        ...(q.before ? { beforeSeq: q.before } : {}),
        ...(q.from ? { atFrom: vietnamDayStart(q.from) } : {}),
        ...(q.to ? { atBefore: new Date(vietnamDayStart(q.to).getTime() + 86_400_000) } : {}),
        limit: q.limit,
      });
      const dossiers = await dossiersOfEntries(ctx, items);
      const anchors = (await listGatewayAnchors(db)).slice(-20).reverse();
      return {
        items: items.map((e) => presentEntry(e, dossiers.get(e.id))),
        anchors: anchors.map((a) => ({ id: a.id, seq: a.seq, signedAt: a.signedAt.toISOString() })),
      };
    },
  );

  app.post(
    '/api/v1/gateway/log/verify',
    {
      schema: {
        tags: ['gateway'],
        summary: 'Walks the whole chained log and its signed anchors; names the first row altered, deleted or moved',
        response: { 200: reportSchema, ...errors },
      },
    },
    async (request) => {
      await requireGatewayAdmin(ctx, request);
      return presentReport(await verifyGatewayLogOf(ctx));
    },
  );

  app.post(
    '/api/v1/gateway/log/anchors',
    {
      schema: {
        tags: ['gateway'],
        summary: 'Anchors the log’s head now with the province seal (nothing new to anchor: anchored = false)',
        response: { 200: z.object({ anchored: z.boolean(), seq: z.number().nullable() }), ...errors },
      },
    },
    async (request) => {
      const actor = await requireGatewayAdmin(ctx, request);
      const row = await anchorGatewayLog(ctx, actor.id);
      return { anchored: row !== null, seq: row?.seq ?? null };
    },
  );

  // ---- national-database lookups and the citizen's view
  app.post(
    '/api/v1/national-db/citizen-lookups',
    {
      schema: {
        tags: ['gateway'],
        summary:
          'Looks up an applicant in the national population database for a filing, with their consent (a citizen: their own national id; a one-stop clerk: the applicant at the counter); logged through the gateway',
        body: populationLookupBodySchema,
        response: {
          200: z.object({
            lookupId: z.string(),
            consentAt: z.string(),
            citizen: z.object({
              nationalId: z.string(),
              fullName: z.string(),
              dateOfBirth: z.string(),
              sex: z.enum(['male', 'female']),
              permanentAddress: z.string(),
              currentAddress: z.string(),
              nationality: z.string(),
              ethnicity: z.string(),
            }),
          }),
          ...errors,
          503: errorSchema,
        },
      },
    },
    async (request) => {
      const actor = requireSession(request).actor;
      const found = await lookupApplicantForFiling(ctx, actor, request.body.nationalId, requestMeta(request));
      return { ...found, consentAt: found.consentAt.toISOString() };
    },
  );

  app.post(
    '/api/v1/national-db/enterprise-lookups',
    {
      schema: {
        tags: ['gateway'],
        summary: 'Looks up an enterprise by its code in the national business registration database (officers)',
        body: enterpriseLookupBodySchema,
        response: {
          200: z.object({
            code: z.string(),
            name: z.string(),
            legalRepresentative: z.string(),
            legalRepresentativeNationalId: z.string().optional(),
            address: z.string(),
            registeredOn: z.string(),
            status: z.string(),
          }),
          ...errors,
          503: errorSchema,
        },
      },
    },
    async (request) => {
      const actor = requireSession(request).actor;
      if (actor.kind !== 'officer') throw new CongsoError('FORBIDDEN');
      const { enterprise } = await gatewayBusinessRegistry(ctx).findEnterprise(request.body.code, {
        purpose: FILING_PURPOSE,
        dossierId: null,
      });
      return enterprise;
    },
  );

  app.get(
    '/api/v1/me/data-access',
    {
      schema: {
        tags: ['gateway'],
        summary:
          'Who looked up the signed-in citizen’s data through the gateway: which consumer, when, why, for which dossier',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                at: z.string(),
                consumerCode: z.string().nullable(),
                consumerName: z.string().nullable(),
                serviceCode: z.string(),
                serviceName: z.string().nullable(),
                purpose: z.string().nullable(),
                dossierId: z.string().nullable(),
                dossierCode: z.string().nullable(),
                outcome: z.enum(gatewayOutcomes),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const session = requireSession(request);
      if (session.actor.kind !== 'citizen' || !session.nationalId) return { items: [] };
      const entries = await listGatewayLog(db, { subjectNationalId: session.nationalId, limit: 200 });
      const [dossiers, consumers, services] = await Promise.all([
        dossiersOfEntries(ctx, entries),
        listGatewayConsumers(db),
        listGatewayServices(db),
      ]);
      const consumerName = new Map(consumers.map((c) => [c.code, c.name]));
      const serviceName = new Map(services.map((s) => [s.code, s.name]));
      return {
        items: entries.map((e) => {
          const dossier = dossiers.get(e.id);
          return {
            id: e.id,
            at: e.at.toISOString(),
            consumerCode: e.consumerCode,
            consumerName: e.consumerCode ? (consumerName.get(e.consumerCode) ?? null) : null,
            serviceCode: e.serviceCode,
            serviceName: serviceName.get(e.serviceCode) ?? null,
            purpose: e.purpose,
            dossierId: dossier?.id ?? null,
            dossierCode: dossier?.code ?? null,
            outcome: e.outcome as (typeof gatewayOutcomes)[number],
          };
        }),
      };
    },
  );

  // ---- consumers, machine to machine (outside /api/: no session, no CSRF header)
  root.register(async (scoped) => {
    scoped.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 10_000 },
      (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(String(body))));
      },
    );
    scoped.post(
      '/gateway/token',
      {
        config: { machine: true },
        schema: {
          tags: ['gateway'],
          summary:
            'OAuth2 token endpoint (RFC 6749 §4.4, grant_type=client_credentials; client authentication by HTTP Basic or client_id/client_secret in the form)',
          consumes: ['application/x-www-form-urlencoded'],
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
        try {
          const form = (request.body ?? {}) as Record<string, unknown>;
          if (typeof form !== 'object' || Array.isArray(form))
            throw new OAuthError(400, 'invalid_request', 'Form body expected');
          let clientId = typeof form.client_id === 'string' ? form.client_id : '';
          let clientSecret = typeof form.client_secret === 'string' ? form.client_secret : '';
          const auth = request.headers.authorization ?? '';
          if (auth.startsWith('Basic ')) {
            const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
            const colon = decoded.indexOf(':');
            if (colon < 0) throw new OAuthError(401, 'invalid_client', 'Malformed Basic credentials');
            clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
            clientSecret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
          }
          if (form.grant_type !== 'client_credentials')
            throw new OAuthError(400, 'unsupported_grant_type', 'Only client_credentials is supported');
          if (!clientId || !clientSecret || clientId.length > 200 || clientSecret.length > 200)
            throw new OAuthError(401, 'invalid_client', 'Client authentication failed');
          return reply.send(await issueGatewayToken(ctx, clientId, clientSecret));
        } catch (error) {
          if (!(error instanceof OAuthError)) throw error;
          if (error.status === 401) reply.header('www-authenticate', 'Basic realm="congso-gateway"');
          return reply.status(error.status).send({ error: error.error, error_description: error.description });
        }
      },
    );
  });

  root.register(async (scoped) => {
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 }, (_request, body, done) => {
      done(null, body);
    });
    scoped.route({
      method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      url: '/gateway/:service/*',
      config: { machine: true },
      schema: { hide: true },
      handler: async (request, reply) => {
        const params = request.params as { service: string; '*': string };
        const serviceCode = params.service;
        const started = performance.now();
        const auth = request.headers.authorization ?? '';
        if (!auth.startsWith('Bearer ') || auth.length > 300) throw new CongsoError('GATEWAY_UNAUTHENTICATED');
        const consumer = await consumerOfToken(ctx, auth.slice(7).trim());
        const timings = gatewayTimings(ctx);
        timings.authMs += performance.now() - started;
        const rest = params['*'] ?? '';
        // Forwarded as the consumer wrote it (still encoded), below the service's base URL.
        const path = request.url.replace(/^\/gateway\/[^/?]+/, '') || '/';
        const purposeRaw = headerText(request, 'x-gateway-purpose');
        let purpose: string | null = null;
        try {
          purpose = purposeRaw ? decodeURIComponent(purposeRaw).normalize('NFC').slice(0, 200) : null;
        } catch {
          purpose = null;
        }
        const dossier = headerText(request, 'x-gateway-dossier');
        const subject = headerText(request, 'x-gateway-subject');
        const badDossier = dossier !== null && !isUuid(dossier);
        const badSubject = subject !== null && !/^\d{12}$/.test(subject);
        const badPath = rest.split('/').some((seg) => {
          try {
            const d = decodeURIComponent(seg);
            return d === '..' || d === '.' || d.includes('/') || d.includes('\\');
          } catch {
            return true;
          }
        });
        if (!purpose || badDossier || badSubject || badPath) {
          await logExchange(ctx, {
            consumerId: consumer.id,
            consumerCode: consumer.code,
            serviceCode,
            method: request.method,
            path: path.slice(0, 2000),
            purpose,
            dossierId: null,
            subjectNationalId: badSubject ? null : subject,
            outcome: 'refused',
            status: 400,
            errorCode: purpose ? 'VALIDATION_FAILED' : 'GATEWAY_PURPOSE_REQUIRED',
            durationMs: Math.round(performance.now() - started),
          });
          if (!purpose) throw new CongsoError('GATEWAY_PURPOSE_REQUIRED');
          throw new CongsoError('VALIDATION_FAILED', {
            details: [
              ...(badDossier ? [{ path: 'headers.x-gateway-dossier', code: 'invalid_format' }] : []),
              ...(badSubject ? [{ path: 'headers.x-gateway-subject', code: 'invalid_format' }] : []),
              ...(badPath ? [{ path: 'path', code: 'invalid_format' }] : []),
            ],
          });
        }
        const headers: Record<string, string> = {};
        for (const h of FORWARDED_HEADERS) {
          const v = request.headers[h];
          if (typeof v === 'string') headers[h] = v;
        }
        const answer = await callService(ctx, consumer, {
          serviceCode,
          method: request.method,
          path,
          headers,
          ...(Buffer.isBuffer(request.body) ? { body: request.body } : {}),
          purpose,
          dossierId: dossier,
          subjectNationalId: subject,
        });
        if (answer.contentType) reply.header('content-type', answer.contentType);
        reply.header('x-gateway-log-id', answer.logId);
        timings.calls += 1;
        timings.handlerMs += performance.now() - started;
        return reply.status(answer.status).send(answer.body);
      },
    });
  });
}

function headerText(request: FastifyRequest, name: string): string | null {
  const v = request.headers[name];
  return typeof v === 'string' && v.length > 0 && v.length <= 600 ? v : null;
}

/** The first instant of a day in Vietnam time (UTC+7, no daylight saving). */
function vietnamDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+07:00`);
}

/**
 * The dossier each entry served: the one its consumer stated, else the filing a population lookup (logged by
 * this entry) went into.
 */
async function dossiersOfEntries(
  ctx: AppContext,
  entries: readonly GatewayLogRow[],
): Promise<Map<string, { id: string; code: string | null }>> {
  const lookups = await populationLookupsByLog(
    ctx.connection.db,
    entries.filter((e) => !e.dossierId).map((e) => e.id),
  );
  const lookupDossier = new Map(lookups.map((l) => [l.logId, l.dossierId]));
  const idOf = new Map<string, string>();
  for (const e of entries) {
    const dossierId = e.dossierId ?? lookupDossier.get(e.id) ?? null;
    if (dossierId) idOf.set(e.id, dossierId);
  }
  const codes = await dossierCodes(ctx, [...new Set(idOf.values())]);
  return new Map(
    [...idOf].map(([entryId, dossierId]) => [entryId, { id: dossierId, code: codes.get(dossierId) ?? null }]),
  );
}

async function dossierCodes(ctx: AppContext, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{ id: string; code: string }>(
    ctx.connection.db,
    sql`select id, code from dossiers where id in (${sql.join(
      ids.map((i) => sql`${i}::uuid`),
      sql`, `,
    )})`,
  );
  return new Map(rows.map((r) => [r.id, r.code]));
}
