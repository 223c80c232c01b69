import { randomUUID } from 'node:crypto';
import { authorize, CongsoError, isValidAgencyCode, statusCodes } from '@congso/core';
import {
  agencyPath,
  type ExchangePeerRow,
  findExchangePeerByKey,
  insertExchangePeer,
  listExchangeMessages,
  listExchangePeers,
  recordAudit,
  updateExchangePeer,
} from '@congso/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestMeta, requireSession } from '../http/auth';
import { errorSchema, idParams, listOf, paging, text } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { EXCHANGE_PATH, queueExchangeStatus, receiveExchange, retryExchangeMessage } from './exchange.service';
import {
  EXCHANGE_HEADERS,
  EXCHANGE_MAX_SKEW_MS,
  exchangeKeyOf,
  keyIdOf,
  publicKeyFromPem,
  requestSigningText,
  responseSigningText,
  sha256Hex,
  signText,
  verifyText,
} from './signatures';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };
const iso = (d: Date | null) => (d ? d.toISOString() : null);

const peerSchema = z.object({
  id: z.string(),
  name: z.string(),
  baseUrl: z.string(),
  organIds: z.array(z.string()),
  keyId: z.string(),
  publicKey: z.string(),
  active: z.boolean(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const presentPeer = (p: ExchangePeerRow) => ({
  id: p.id,
  name: p.name,
  baseUrl: p.baseUrl,
  organIds: p.organIds,
  keyId: p.keyId,
  publicKey: p.publicKey,
  active: p.active,
  version: p.version,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

const agencyCode = z.string().max(20).refine(isValidAgencyCode, { message: 'invalid_agency_code' });
const peerBody = {
  name: text(200),
  baseUrl: z.url({ protocol: /^https?$/ }).max(500),
  organIds: z.array(agencyCode).min(1).max(500),
  publicKey: z.string().min(40).max(20_000),
};

declare module 'fastify' {
  interface FastifyRequest {
    exchangePeer?: ExchangePeerRow;
  }
}

async function requireProvinceAdmin(ctx: AppContext, request: FastifyRequest) {
  const actor = requireSession(request).actor;
  if (!actor.agencyId) throw new CongsoError('FORBIDDEN');
  const root = (await agencyPath(ctx.connection.db, actor.agencyId))[0];
  authorize(actor, 'exchange.manage', { agencyPath: root ? [root.id] : [] });
  return actor;
}

function keyOrRefuse(pem: string) {
  const key = publicKeyFromPem(pem);
  if (!key) {
    throw new CongsoError('VALIDATION_FAILED', {
      details: [
        {
          path: 'publicKey',
          code: 'invalid_format',
          message: {
            vi: 'Không đọc được khóa công khai hay chứng thư (PEM).',
            en: 'Not a public key or certificate in PEM.',
          },
        },
      ],
    });
  }
  return key;
}

export function registerExchangeRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = ctx.connection.db;
  const bodyLimit = ctx.config.EXCHANGE_MAX_PACKAGE_MB * 1024 * 1024;

  // The machine-to-machine endpoint: no session, no CSRF header (auth.ts skips routes marked `machine`);
  // the peer is identified from the signed headers BEFORE the body is read, and a body over the limit is
  // refused from its Content-Length (or as it streams) with 413.
  root.register(async (scoped) => {
    scoped.addContentTypeParser(
      ['application/xml', 'text/xml'],
      { parseAs: 'buffer', bodyLimit },
      (_request, body, done) => {
        done(null, body);
      },
    );
    scoped.withTypeProvider<ZodTypeProvider>().post(
      EXCHANGE_PATH,
      {
        bodyLimit,
        config: { machine: true },
        schema: {
          tags: ['exchange'],
          summary:
            'Receives an edXML package or status message from a registered peer (signed request, signed answer; see docs/adr/0005)',
          headers: z.object({
            [EXCHANGE_HEADERS.keyId]: z.string().max(64).optional(),
            [EXCHANGE_HEADERS.date]: z.string().max(40).optional(),
            [EXCHANGE_HEADERS.id]: z.string().max(40).optional(),
            [EXCHANGE_HEADERS.signature]: z.string().max(2000).optional(),
          }),
          response: {
            200: z.object({
              messageId: z.string(),
              kind: z.enum(['package', 'status']),
              duplicate: z.boolean(),
              statusCode: z.string().nullable(),
            }),
            ...errors,
            413: errorSchema,
            415: errorSchema,
            422: errorSchema,
          },
        },
        onRequest: async (request) => {
          const h = request.headers;
          const keyId = String(h[EXCHANGE_HEADERS.keyId] ?? '');
          const date = String(h[EXCHANGE_HEADERS.date] ?? '');
          const exchangeId = String(h[EXCHANGE_HEADERS.id] ?? '');
          const at = Date.parse(date);
          if (
            !/^[0-9a-f]{64}$/.test(keyId) ||
            !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(exchangeId) ||
            !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(date) ||
            Number.isNaN(at) ||
            Math.abs(at - ctx.now().getTime()) > EXCHANGE_MAX_SKEW_MS
          ) {
            throw new CongsoError('EXCHANGE_UNAUTHENTICATED');
          }
          const peer = await findExchangePeerByKey(db, keyId);
          if (!peer?.active) throw new CongsoError('EXCHANGE_UNAUTHENTICATED');
          request.exchangePeer = peer;
        },
      },
      async (request, reply) => {
        const peer = request.exchangePeer as ExchangePeerRow;
        const body = request.body as unknown;
        if (!Buffer.isBuffer(body)) throw new CongsoError('UNSUPPORTED_MEDIA_TYPE');
        const h = request.headers;
        const date = String(h[EXCHANGE_HEADERS.date]);
        const exchangeId = String(h[EXCHANGE_HEADERS.id]);
        const peerKey = publicKeyFromPem(peer.publicKey);
        const signed =
          peerKey !== null &&
          verifyText(
            peerKey,
            requestSigningText('POST', EXCHANGE_PATH, date, exchangeId, sha256Hex(body)),
            String(h[EXCHANGE_HEADERS.signature] ?? ''),
          );
        if (!signed) throw new CongsoError('EXCHANGE_UNAUTHENTICATED');
        const answer = await receiveExchange(ctx, peer, exchangeId, body);
        const text = JSON.stringify(answer);
        const key = await exchangeKeyOf(ctx.config);
        const answeredAt = ctx.now().toISOString();
        reply
          .header(EXCHANGE_HEADERS.keyId, key.keyId)
          .header(EXCHANGE_HEADERS.date, answeredAt)
          .header(
            EXCHANGE_HEADERS.signature,
            signText(key.privateKey, responseSigningText(200, answeredAt, exchangeId, sha256Hex(text))),
          )
          .type('application/json; charset=utf-8');
        return reply.send(text as never);
      },
    );
  });

  app.get(
    '/api/v1/exchange/identity',
    {
      schema: {
        tags: ['exchange'],
        summary: 'This installation’s exchange public key, to give to a peer’s administrator (province administrators)',
        response: {
          200: z.object({ keyId: z.string(), publicKey: z.string(), algorithm: z.string(), endpoint: z.string() }),
          ...errors,
        },
      },
    },
    async (request) => {
      await requireProvinceAdmin(ctx, request);
      const key = await exchangeKeyOf(ctx.config);
      return { keyId: key.keyId, publicKey: key.publicKeyPem, algorithm: key.algorithm, endpoint: EXCHANGE_PATH };
    },
  );

  app.get(
    '/api/v1/exchange/peers',
    {
      schema: {
        tags: ['exchange'],
        summary: 'The installations this one exchanges documents with (province administrators)',
        response: { 200: z.object({ items: z.array(peerSchema) }), ...errors },
      },
    },
    async (request) => {
      await requireProvinceAdmin(ctx, request);
      return { items: (await listExchangePeers(db)).map(presentPeer) };
    },
  );

  app.post(
    '/api/v1/exchange/peers',
    {
      schema: {
        tags: ['exchange'],
        summary: 'Registers a peer installation: its address, the agency codes it answers for, its public key',
        body: z.strictObject(peerBody),
        response: { 201: peerSchema, ...errors, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const actor = await requireProvinceAdmin(ctx, request);
      const key = keyOrRefuse(request.body.publicKey);
      const now = ctx.now();
      const row = await db
        .transaction(async (tx) => {
          const inserted = await insertExchangePeer(tx, {
            id: randomUUID(),
            name: request.body.name,
            baseUrl: request.body.baseUrl,
            organIds: [...new Set(request.body.organIds)],
            publicKey: request.body.publicKey,
            keyId: keyIdOf(key),
            createdAt: now,
            updatedAt: now,
          });
          await recordAudit(tx, {
            occurredAt: now,
            actorId: actor.id,
            action: 'exchange.peer_created',
            entityType: 'exchange_peer',
            entityId: inserted.id,
            data: {
              name: inserted.name,
              baseUrl: inserted.baseUrl,
              organIds: inserted.organIds,
              keyId: inserted.keyId,
            },
            ...requestMeta(request),
          });
          return inserted;
        })
        .catch((error: unknown) => {
          const e = error as { code?: string; cause?: { code?: string } };
          if (e?.code === '23505' || e?.cause?.code === '23505')
            throw new CongsoError('ALREADY_EXISTS', { details: { field: 'publicKey' } });
          throw error;
        });
      return reply.status(201).send(presentPeer(row));
    },
  );

  app.put(
    '/api/v1/exchange/peers/:id',
    {
      schema: {
        tags: ['exchange'],
        summary: 'Changes a peer (or turns it off: active = false), at the version read',
        params: idParams,
        body: z.strictObject({ ...peerBody, active: z.boolean(), version: z.number().int().min(1).max(1_000_000_000) }),
        response: { 200: peerSchema, ...errors, 409: errorSchema },
      },
    },
    async (request) => {
      const actor = await requireProvinceAdmin(ctx, request);
      const key = keyOrRefuse(request.body.publicKey);
      const now = ctx.now();
      const row = await db
        .transaction(async (tx) => {
          const updated = await updateExchangePeer(tx, request.params.id, request.body.version, {
            name: request.body.name,
            baseUrl: request.body.baseUrl,
            organIds: [...new Set(request.body.organIds)],
            publicKey: request.body.publicKey,
            keyId: keyIdOf(key),
            active: request.body.active,
            updatedAt: now,
          });
          if (!updated) return undefined;
          await recordAudit(tx, {
            occurredAt: now,
            actorId: actor.id,
            action: 'exchange.peer_updated',
            entityType: 'exchange_peer',
            entityId: updated.id,
            data: {
              name: updated.name,
              baseUrl: updated.baseUrl,
              organIds: updated.organIds,
              keyId: updated.keyId,
              active: updated.active,
            },
            ...requestMeta(request),
          });
          return updated;
        })
        .catch((error: unknown) => {
          const e = error as { code?: string; cause?: { code?: string } };
          if (e?.code === '23505' || e?.cause?.code === '23505')
            throw new CongsoError('ALREADY_EXISTS', { details: { field: 'publicKey' } });
          throw error;
        });
      if (!row) {
        const exists = (await listExchangePeers(db)).some((p) => p.id === request.params.id);
        throw new CongsoError(exists ? 'VERSION_CONFLICT' : 'NOT_FOUND');
      }
      return presentPeer(row);
    },
  );

  app.get(
    '/api/v1/exchange/messages',
    {
      schema: {
        tags: ['exchange'],
        summary:
          'The exchange log: edXML packages and status messages in and out, with their delivery state and last status',
        querystring: z.strictObject({
          direction: z.enum(['in', 'out']).optional(),
          kind: z.enum(['package', 'status']).optional(),
          documentId: z.string().max(200).optional(),
          state: z.enum(['queued', 'delivered', 'refused', 'failed', 'received']).optional(),
          ...paging,
        }),
        response: {
          200: listOf(
            z.object({
              id: z.string(),
              direction: z.string(),
              kind: z.string(),
              peerId: z.string(),
              peerName: z.string(),
              documentId: z.string(),
              fromOrganId: z.string(),
              toOrganIds: z.array(z.string()),
              subject: z.string().nullable(),
              statusCode: z.string().nullable(),
              statusAt: z.string().nullable(),
              state: z.string(),
              attempts: z.number(),
              error: z.unknown(),
              bytes: z.number(),
              summary: z.unknown(),
              createdAt: z.string(),
              deliveredAt: z.string().nullable(),
            }),
          ),
          ...errors,
        },
      },
    },
    async (request) => {
      await requireProvinceAdmin(ctx, request);
      const { rows, total } = await listExchangeMessages(db, request.query);
      return {
        items: rows.map((r) => ({
          ...r,
          statusAt: iso(r.statusAt),
          createdAt: r.createdAt.toISOString(),
          deliveredAt: iso(r.deliveredAt),
        })),
        total,
      };
    },
  );

  app.post(
    '/api/v1/exchange/messages/:id/status',
    {
      schema: {
        tags: ['exchange'],
        summary:
          'Sends a status message back for a package received here (the documents office does it by itself as the document changes)',
        params: idParams,
        body: z.strictObject({ statusCode: z.enum(statusCodes), description: text(500).optional() }),
        response: { 201: z.object({ statusMessageId: z.string() }), ...errors },
      },
    },
    async (request, reply) => {
      const actor = await requireProvinceAdmin(ctx, request);
      const statusMessageId = await db.transaction((tx) =>
        queueExchangeStatus(tx, ctx, {
          messageId: request.params.id,
          statusCode: request.body.statusCode,
          ...(request.body.description ? { description: request.body.description } : {}),
          actorId: actor.id,
        }),
      );
      return reply.status(201).send({ statusMessageId });
    },
  );

  app.post(
    '/api/v1/exchange/messages/:id/retry',
    {
      schema: {
        tags: ['exchange'],
        summary:
          'Sends a failed or refused outgoing message again (back in the queue, same exchange id; province administrators)',
        params: idParams,
        response: { 200: z.object({ id: z.string(), state: z.string() }), ...errors, 409: errorSchema },
      },
    },
    async (request) => {
      const actor = await requireProvinceAdmin(ctx, request);
      const row = await retryExchangeMessage(ctx, {
        messageId: request.params.id,
        actorId: actor.id,
        ...requestMeta(request),
      });
      return { id: row.id, state: row.state };
    },
  );
}
