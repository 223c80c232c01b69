import { CongsoError } from '@congso/core';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clockedRateLimitStore, rateLimited } from '../http/rate-limit';
import { errorSchema } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { signingEnvironment } from './environment';
import { PdfReadError } from './pades/pdf-objects';
import { verifyPdf } from './pades/verify';
import { sha256 } from './signer';

const certificateSchema = z.object({
  name: z.string(),
  organization: z.string().nullable(),
  title: z.string().nullable(),
  serialNumber: z.string(),
  issuer: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
});

export const signatureReportSchema = z.object({
  index: z.number(),
  fieldName: z.string().nullable(),
  status: z.enum(['valid', 'modified', 'untrusted', 'revoked', 'expired', 'invalid']),
  problems: z.array(z.string()),
  signer: certificateSchema.nullable(),
  signingTime: z.string().nullable(),
  timeSource: z.enum(['timestamp', 'claimed']).nullable(),
  timestamp: z.object({ time: z.string(), authority: z.string(), valid: z.boolean() }).nullable(),
  subFilter: z.string().nullable(),
  reason: z.string().nullable(),
  coversWholeDocument: z.boolean(),
  revision: z.number(),
  revisions: z.number(),
  revocation: z
    .object({
      status: z.enum(['good', 'revoked', 'unknown']),
      revokedAt: z.string().optional(),
      reason: z.string().optional(),
    })
    .nullable(),
});

const verifyResponse = z.object({
  size: z.number(),
  sha256: z.string(),
  signatures: z.array(signatureReportSchema),
});

const notPdf = () =>
  new CongsoError('PDF_UNREADABLE', {
    messages: { vi: 'Tệp gửi lên không phải là tệp PDF.', en: 'The file sent is not a PDF.' },
  });

/**
 * POST /api/v1/signing/verify (public): a PDF, raw (application/pdf) or as multipart field "file", answered
 * with each signature's signer, agency, time, coverage and status. Bounded by VERIFY_MAX_MB and, per client
 * address, VERIFY_RATE_LIMIT_PER_MINUTE; like every /api/ POST it needs X-Congso-Request (the page sends it).
 */
export async function registerVerifyRoutes(root: FastifyInstance, ctx: AppContext) {
  const maxBytes = Math.round(ctx.config.VERIFY_MAX_MB * 1024 * 1024);
  const perMinute = ctx.config.VERIFY_RATE_LIMIT_PER_MINUTE;
  await root.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { fileSize: maxBytes, files: 1, fields: 0, parts: 1, headerPairs: 50 },
      throwFileSizeLimit: true,
    });
    if (perMinute > 0) {
      await scope.register(fastifyRateLimit, {
        global: false,
        store: clockedRateLimitStore(ctx.now),
        errorResponseBuilder: (_request, context) => rateLimited(context.ttl),
      });
    }
    scope.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) =>
      done(null, body),
    );
    const app = scope.withTypeProvider<ZodTypeProvider>();
    app.post(
      '/api/v1/signing/verify',
      {
        bodyLimit: maxBytes,
        schema: {
          tags: ['signing'],
          summary: `Check the digital signatures of a PDF (public): raw application/pdf or multipart field "file", at most ${ctx.config.VERIFY_MAX_MB} MB`,
          consumes: ['application/pdf', 'multipart/form-data'],
          response: {
            200: verifyResponse,
            400: errorSchema,
            413: errorSchema,
            415: errorSchema,
            422: errorSchema,
            429: errorSchema,
          },
        },
        ...(perMinute > 0 ? { config: { rateLimit: { max: perMinute, timeWindow: 60_000 } } } : {}),
      },
      async (request) => {
        const pdf = await readPdfBody(request, ctx.config.VERIFY_MAX_MB);
        if (pdf.length < 8 || !pdf.subarray(0, 1024).includes('%PDF-')) throw notPdf();
        const start = pdf.indexOf('%PDF-');
        const bytes = start > 0 ? pdf.subarray(start) : pdf;
        const env = await signingEnvironment(ctx);
        let signatures: Awaited<ReturnType<typeof verifyPdf>>;
        try {
          signatures = await verifyPdf(bytes, {
            trustAnchors: env.trustAnchors,
            intermediates: env.intermediates,
            ...(env.revocation ? { revocation: env.revocation } : {}),
            now: ctx.now(),
          });
        } catch (error) {
          if (error instanceof PdfReadError || error instanceof RangeError || error instanceof TypeError) {
            throw new CongsoError('PDF_UNREADABLE', { details: { reason: (error as Error).message.slice(0, 200) } });
          }
          throw error;
        }
        return { size: pdf.length, sha256: sha256(pdf).toString('hex'), signatures };
      },
    );
  });
}

async function readPdfBody(request: FastifyRequest, maxMb: number): Promise<Buffer> {
  const tooLarge = () =>
    new CongsoError('FILE_TOO_LARGE', {
      messages: { vi: `Tệp lớn hơn ${maxMb} MB.`, en: `The file is larger than ${maxMb} MB.` },
    });
  if (request.isMultipart()) {
    let upload: Buffer | null = null;
    try {
      for await (const part of request.parts()) {
        if (part.type !== 'file' || part.fieldname !== 'file') {
          if (part.type === 'file') part.file.resume();
          continue;
        }
        upload = await part.toBuffer();
      }
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
      throw new CongsoError('MALFORMED_REQUEST', {
        details: [{ path: 'file', code: code?.startsWith('FST_') ? code.toLowerCase() : 'malformed_multipart' }],
      });
    }
    if (!upload) {
      throw new CongsoError('VALIDATION_FAILED', {
        messages: { vi: 'Chưa có tệp nào được gửi.', en: 'No file was sent.' },
        details: [{ path: 'file', code: 'required', message: { vi: 'Chọn một tệp PDF.', en: 'Choose a PDF file.' } }],
      });
    }
    return upload;
  }
  if (Buffer.isBuffer(request.body)) return request.body;
  throw new CongsoError('UNSUPPORTED_MEDIA_TYPE', {
    messages: {
      vi: 'Hãy gửi tệp PDF (application/pdf) hoặc multipart/form-data, trường "file".',
      en: 'Send the PDF as application/pdf, or as multipart/form-data, field "file".',
    },
  });
}
