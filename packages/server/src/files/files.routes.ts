import { CongsoError } from '@congso/core';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestMeta, requireSession } from '../http/auth';
import { contentDisposition } from '../http/content-disposition';
import { errorSchema, idParams } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { StorageError } from '../platform/storage';
import { fileFor, fileTooLarge, presentFile, storeUpload } from './files.service';

const fileSchema = z.object({
  id: z.string(),
  name: z.string(),
  mediaType: z.string(),
  size: z.number(),
  sha256: z.string(),
  createdAt: z.string(),
});

/** Uploads (the citizen's scans, the clerk's, result documents) and reading them back. */
export async function registerFileRoutes(root: FastifyInstance, ctx: AppContext) {
  const maxBytes = Math.round(ctx.config.MAX_UPLOAD_MB * 1024 * 1024);
  await root.register(async (scope) => {
    // Multipart only here: one file per request, no other fields, bounded.
    await scope.register(fastifyMultipart, {
      limits: { fileSize: maxBytes, files: 1, fields: 0, parts: 1, headerPairs: 50 },
      throwFileSizeLimit: true,
    });
    const app = scope.withTypeProvider<ZodTypeProvider>();
    app.post(
      '/api/v1/files',
      {
        schema: {
          tags: ['files'],
          summary: `Upload one file (multipart/form-data, field "file"): PDF, JPEG or PNG, checked by its content, at most ${ctx.config.MAX_UPLOAD_MB} MB`,
          consumes: ['multipart/form-data'],
          response: {
            201: fileSchema,
            400: errorSchema,
            401: errorSchema,
            413: errorSchema,
            415: errorSchema,
          },
        },
      },
      async (request, reply) => {
        const actor = requireSession(request).actor;
        if (!request.isMultipart()) {
          throw new CongsoError('UNSUPPORTED_MEDIA_TYPE', {
            messages: {
              vi: 'Hãy gửi tệp dưới dạng multipart/form-data, trường "file".',
              en: 'Send the file as multipart/form-data, field "file".',
            },
          });
        }
        let upload: { name: string; bytes: Buffer } | null = null;
        try {
          // Every part is read: a second one (past the limits above) is an error, not silently dropped.
          for await (const part of request.parts()) {
            if (part.type !== 'file' || part.fieldname !== 'file') {
              if (part.type === 'file') part.file.resume();
              continue;
            }
            // A part typed application/octet-stream is a file even without a filename.
            upload = { name: part.filename ?? '', bytes: await part.toBuffer() };
          }
        } catch (error) {
          const code = (error as { code?: string }).code;
          if (code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge(ctx.config.MAX_UPLOAD_MB);
          if (code?.startsWith('FST_')) {
            throw new CongsoError('MALFORMED_REQUEST', { details: [{ path: 'file', code: code.toLowerCase() }] });
          }
          // Anything else here comes from parsing the body (busboy: "Unexpected end of multipart data", …).
          throw new CongsoError('MALFORMED_REQUEST', { details: [{ path: 'file', code: 'malformed_multipart' }] });
        }
        if (!upload) {
          throw new CongsoError('VALIDATION_FAILED', {
            messages: { vi: 'Chưa có tệp nào được gửi.', en: 'No file was sent.' },
            details: [{ path: 'file', code: 'required' }],
          });
        }
        const row = await storeUpload(ctx, actor, upload, requestMeta(request));
        return reply.status(201).send(presentFile(row));
      },
    );

    app.get(
      '/api/v1/files/:id',
      {
        schema: {
          tags: ['files'],
          summary: 'A file’s bytes: for its uploader and for those who may read the dossier holding it',
          params: idParams,
        },
      },
      async (request, reply) => {
        const row = await fileFor(ctx, requireSession(request).actor, request.params.id);
        // Opened before any header is set: a failure is a clear error, not a broken download.
        const bytes = await ctx.storage.read(row.storageKey).catch((error: unknown) => {
          if (!(error instanceof StorageError)) throw error;
          request.log.error({ err: error, fileId: row.id }, 'file storage read failed');
          if (error.kind === 'not_found') {
            // The record is there but its bytes are not (lost storage): an operator's alarm, the caller's 404.
            throw new CongsoError('NOT_FOUND', { details: { fileId: row.id, reason: 'bytes missing from storage' } });
          }
          throw new CongsoError('SERVICE_UNAVAILABLE', { details: { retry: true, reason: 'file storage' } });
        });
        return (
          reply
            .type(row.mediaType)
            .header('content-length', String(row.size))
            .header('content-disposition', contentDisposition('inline', row.name))
            .header('cache-control', 'private, max-age=3600')
            // Never run anything a file might carry (scripts in a PDF) with the site's rights.
            .header('content-security-policy', "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'")
            .send(bytes)
        );
      },
    );
  });
}
