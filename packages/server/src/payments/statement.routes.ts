/**
 * The province accountants' side of VietQR transfers: the transfers still waiting to be seen on the account,
 * confirming one by hand, and importing the account's statement (CSV or XLSX, as the bank exports it).
 */
import { CongsoError } from '@congso/core';
import { listPendingTransfers } from '@congso/db';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestMeta } from '../http/auth';
import { errorSchema, idParams } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { requireProvinceFinance } from './payments.routes';
import { confirmTransfer, importStatement } from './statement';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

/** The media types a statement may come as: banks' CSV (some browsers call it Excel's) and XLSX. */
const STATEMENT_TYPES = [
  'text/csv',
  'text/plain',
  'application/csv',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
];

const results = [
  'confirmed',
  'refund',
  'already',
  'no_reference',
  'amount_mismatch',
  'not_transfer',
  'duplicate',
  'unreadable',
  'error',
] as const;

const statementReportSchema = z.object({
  fileName: z.string(),
  headerRow: z.number().describe('the row (1-based) where the columns were found'),
  lines: z.array(
    z.object({
      row: z.number(),
      bookedAt: z.string().nullable(),
      credit: z.number().nullable(),
      description: z.string(),
      bankReference: z.string().nullable(),
      result: z
        .enum(results)
        .describe(
          'confirmed; refund (money for a dossier no longer waiting: to refund); already (confirmed before); no_reference; amount_mismatch; not_transfer; duplicate (paid twice); unreadable (date or amount); error',
        ),
      paymentReference: z.string().nullable(),
      expectedAmount: z.number().nullable(),
    }),
  ),
  counts: z.record(z.enum(results), z.number()),
});

export async function registerStatementRoutes(root: FastifyInstance, ctx: AppContext) {
  const maxBytes = Math.round(ctx.config.MAX_UPLOAD_MB * 1024 * 1024);
  await root.register(async (scope) => {
    // Fastify reads text/plain as a string by default: here every statement type is read as bytes.
    scope.removeContentTypeParser(['text/plain']);
    scope.addContentTypeParser(STATEMENT_TYPES, { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) =>
      done(null, body),
    );
    const app = scope.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/v1/payments/pending-transfers',
      {
        schema: {
          tags: ['payments'],
          summary: 'VietQR transfers not yet seen on the account, oldest first (the province’s accountants)',
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  id: z.string(),
                  reference: z.string(),
                  amount: z.number(),
                  createdAt: z.string(),
                  dossierId: z.string(),
                  dossierCode: z.string(),
                  applicantName: z.string(),
                  agencyName: z.string(),
                }),
              ),
            }),
            ...errors,
          },
        },
      },
      async (request) => {
        await requireProvinceFinance(ctx, request);
        const rows = await listPendingTransfers(ctx.connection.db, 500);
        return { items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
      },
    );

    app.post(
      '/api/v1/payments/:id/transfer-received',
      {
        schema: {
          tags: ['payments'],
          summary:
            'The accountant saw a VietQR transfer arrive: confirm it (receipt, the dossier goes on) with the bank’s number',
          params: idParams,
          body: z.strictObject({
            bankReference: z.string().trim().min(1).max(100).describe('the bank’s number of the transfer'),
            receivedAt: z.iso.datetime({ offset: true }).describe('when the money arrived on the account'),
          }),
          response: { 200: z.object({ result: z.enum(['confirmed', 'refund', 'already']) }), ...errors },
        },
      },
      async (request) => {
        const actor = await requireProvinceFinance(ctx, request);
        return confirmTransfer(
          ctx,
          actor,
          request.params.id,
          { bankReference: request.body.bankReference, receivedAt: new Date(request.body.receivedAt) },
          requestMeta(request),
        );
      },
    );

    app.post(
      '/api/v1/payment-statements',
      {
        bodyLimit: maxBytes,
        schema: {
          tags: ['payments'],
          summary: `Import the collecting account’s statement (the bank’s CSV or XLSX as the body, at most ${ctx.config.MAX_UPLOAD_MB} MB): each credit naming a pending transfer’s reference confirms it`,
          consumes: STATEMENT_TYPES,
          querystring: z.strictObject({ name: z.string().max(200).optional() }),
          response: { 200: statementReportSchema, ...errors, 413: errorSchema, 415: errorSchema, 422: errorSchema },
        },
      },
      async (request) => {
        const actor = await requireProvinceFinance(ctx, request);
        if (!Buffer.isBuffer(request.body)) {
          throw new CongsoError('UNSUPPORTED_MEDIA_TYPE', {
            messages: {
              vi: 'Hãy gửi tệp sao kê CSV (text/csv) hoặc XLSX làm nội dung yêu cầu.',
              en: 'Send the statement as the request body, CSV (text/csv) or XLSX.',
            },
          });
        }
        if (request.body.length === 0) {
          throw new CongsoError('VALIDATION_FAILED', {
            messages: { vi: 'Chưa có tệp sao kê nào được gửi.', en: 'No statement file was sent.' },
            details: [{ path: 'body', code: 'required' }],
          });
        }
        return importStatement(
          ctx,
          actor,
          { name: request.query.name ?? 'sao-ke', bytes: new Uint8Array(request.body) },
          requestMeta(request),
        );
      },
    );
  });
}
