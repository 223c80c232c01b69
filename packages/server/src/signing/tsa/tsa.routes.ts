import { CongsoError } from '@congso/core';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context';
import { signingEnvironment } from '../environment';
import { TimestampRequestError } from './tsa';

export const TSA_MAX_REQUEST_BYTES = 16 * 1024;

/**
 * POST /tsa: the RFC 3161 timestamp authority over HTTP (RFC 3161 §3.4): application/timestamp-query in,
 * application/timestamp-reply out. Outside /api/ because RFC 3161 clients (the signer, openssl ts, Acrobat)
 * send no X-Congso-Request header; it changes no state. Hidden from the OpenAPI description (a protocol
 * endpoint, like /healthz): bytes that are no TimeStampReq get a 400 in Congso's error shape, a request the
 * authority declines (another hash, another policy) a TimeStampResp with status rejection.
 */
export function registerTsaRoutes(root: FastifyInstance, ctx: AppContext) {
  root.register(async (scope) => {
    scope.addContentTypeParser(
      'application/timestamp-query',
      { parseAs: 'buffer', bodyLimit: TSA_MAX_REQUEST_BYTES },
      (_request, body, done) => done(null, body),
    );
    scope.post('/tsa', { bodyLimit: TSA_MAX_REQUEST_BYTES, schema: { hide: true } }, async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new CongsoError('UNSUPPORTED_MEDIA_TYPE', {
          messages: {
            vi: 'Yêu cầu cấp dấu thời gian phải có kiểu application/timestamp-query.',
            en: 'A timestamp request is sent as application/timestamp-query.',
          },
        });
      }
      const { timestampAuthority } = await signingEnvironment(ctx);
      if (!timestampAuthority) throw new CongsoError('TIMESTAMP_UNAVAILABLE');
      try {
        const answer = await timestampAuthority.respond(request.body);
        return reply.type('application/timestamp-reply').header('cache-control', 'no-store').send(answer);
      } catch (error) {
        if (error instanceof TimestampRequestError) {
          throw new CongsoError('MALFORMED_REQUEST', {
            messages: { vi: 'Yêu cầu cấp dấu thời gian không hợp lệ.', en: 'The timestamp request is malformed.' },
          });
        }
        throw error;
      }
    });
  });
}
