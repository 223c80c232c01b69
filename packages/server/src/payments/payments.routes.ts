/**
 * Payments over HTTP: the applicant starts an online payment of the open fee, whoever reads the dossier lists
 * its payments and receipts, the one-stop clerk records a payment at the counter, and the payment platform
 * posts its signed callback (a machine route: no session, no CSRF header; authenticated by its signature).
 */
import { authorize, CongsoError, dossierActionInputSchemas, vnDateKey } from '@congso/core';
import {
  getPaymentReport,
  getProvinceRoot,
  getProvinceSetting,
  listDossierPayments,
  listDossierReceipts,
  listPaymentReports,
  type PaymentReportRow,
  type PaymentRow,
  type ReceiptRow,
} from '@congso/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actOnDossier } from '../dossiers/acting';
import { loadDossierFor } from '../dossiers/read-access';
import { requestMeta, requireSession } from '../http/auth';
import { contentDisposition } from '../http/content-disposition';
import { errorSchema, id, idParams, isoDate } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { handlePlatformCallback, startOnlinePayment } from './payments.service';
import { receiptPdf } from './receipts.service';
import { producePaymentReport } from './reconciliation-report';

const reportSchema = z.object({
  day: z.string().describe('the Vietnam calendar day, YYYY-MM-DD'),
  generatedAt: z.string(),
  byJob: z.boolean().describe('produced by the daily job (else by a finance officer)'),
  summary: z.object({
    payments: z.number(),
    paidAmount: z.number(),
    receiptAmount: z.number(),
    differences: z.number(),
    accounts: z.number(),
  }),
});

function presentReport(r: PaymentReportRow): z.infer<typeof reportSchema> {
  return {
    day: r.day,
    generatedAt: r.generatedAt.toISOString(),
    byJob: r.generatedBy === null,
    summary: r.summary as z.infer<typeof reportSchema>['summary'],
  };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

export const paymentSchema = z.object({
  id: z.string(),
  provider: z.enum(['national_platform', 'vietqr', 'counter']),
  method: z.enum(['online', 'transfer', 'cash', 'card']),
  reference: z.string(),
  amount: z.number(),
  status: z.enum(['pending', 'paid', 'failed', 'cancelled']),
  createdAt: z.string(),
  paidAt: z.string().nullable(),
  confirmedVia: z.enum(['callback', 'reconciliation', 'statement', 'accountant', 'clerk']).nullable(),
  /** The transaction's number: the platform's, the bank's for a transfer, the card slip's at the counter. */
  transactionId: z.string().nullable(),
  settledDossier: z.boolean(),
});

export const receiptSchema = z.object({
  id: z.string(),
  paymentId: z.string(),
  symbol: z.string(),
  number: z.number(),
  year: z.number(),
  issuedAt: z.string(),
  total: z.number(),
  method: z.string(),
});

export function presentPayment(p: PaymentRow): z.infer<typeof paymentSchema> {
  return {
    id: p.id,
    provider: p.provider as z.infer<typeof paymentSchema>['provider'],
    method: p.method as z.infer<typeof paymentSchema>['method'],
    reference: p.reference,
    amount: p.amount,
    status: p.status as z.infer<typeof paymentSchema>['status'],
    createdAt: p.createdAt.toISOString(),
    paidAt: p.paidAt ? p.paidAt.toISOString() : null,
    confirmedVia: p.confirmedVia as z.infer<typeof paymentSchema>['confirmedVia'],
    transactionId: p.providerTransactionId,
    settledDossier: p.settledDossier,
  };
}

export function presentReceipt(r: ReceiptRow): z.infer<typeof receiptSchema> {
  return {
    id: r.id,
    paymentId: r.paymentId,
    symbol: r.symbol,
    number: r.number,
    year: r.year,
    issuedAt: r.issuedAt.toISOString(),
    total: r.total,
    method: r.method,
  };
}

/**
 * The daily reconciliation and the collecting account's transfers are the province's: its accountants and
 * administrators (checked at the root).
 */
export async function requireProvinceFinance(ctx: AppContext, request: FastifyRequest) {
  const actor = requireSession(request).actor;
  const db = ctx.connection.db;
  const province = await getProvinceSetting(db);
  const rootAgency = province ? await getProvinceRoot(db, province.code) : undefined;
  authorize(actor, 'payment.report', { agencyPath: rootAgency ? [rootAgency.id] : [] });
  return actor;
}

export function registerPaymentRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = ctx.connection.db;

  app.post(
    '/api/v1/dossiers/:id/payments',
    {
      schema: {
        tags: ['payments'],
        summary:
          'Pay the dossier’s open fee online (the applicant): the platform’s address to go to, or a VietQR payload',
        params: idParams,
        body: z.strictObject({ provider: z.enum(['national_platform', 'vietqr']) }),
        response: {
          200: z.object({
            payment: paymentSchema,
            redirectUrl: z.string().nullable(),
            qr: z
              .object({
                payload: z.string().describe('EMVCo merchant-presented QR (VietQR) text to encode'),
                svg: z.string().describe('the payload as a QR code (SVG) for a bank app to scan'),
                bankBin: z.string(),
                accountNumber: z.string(),
                accountName: z.string(),
                bankName: z.string().nullable(),
              })
              .nullable(),
          }),
          ...errors,
          502: errorSchema,
          503: errorSchema,
        },
      },
    },
    async (request) => {
      const actor = requireSession(request).actor;
      const started = await startOnlinePayment(
        ctx,
        actor,
        request.params.id,
        request.body.provider,
        requestMeta(request),
      );
      return { ...started, payment: presentPayment(started.payment) };
    },
  );

  app.get(
    '/api/v1/dossiers/:id/payments',
    {
      schema: {
        tags: ['payments'],
        summary: 'A dossier’s payments and receipts (whoever reads the dossier)',
        params: idParams,
        response: { 200: z.object({ items: z.array(paymentSchema), receipts: z.array(receiptSchema) }), ...errors },
      },
    },
    async (request) => {
      const actor = requireSession(request).actor;
      const row = await loadDossierFor(ctx, actor, { id: request.params.id });
      const [payments, receipts] = await Promise.all([
        listDossierPayments(db, row.id),
        listDossierReceipts(db, row.id),
      ]);
      return { items: payments.map(presentPayment), receipts: receipts.map(presentReceipt) };
    },
  );

  app.post(
    '/api/v1/dossiers/:id/payments/counter',
    {
      schema: {
        tags: ['payments'],
        summary: 'Record the fee paid at the counter in cash or by card (one-stop clerk): the receipt follows',
        params: idParams,
        body: z.strictObject({
          version: z.number().int().min(1),
          method: z.enum(['cash', 'card']),
          reference: dossierActionInputSchemas.confirm_payment.shape.reference,
        }),
        response: {
          200: z.object({ dossierId: id, version: z.number(), status: z.string(), receipt: receiptSchema }),
          ...errors,
        },
      },
    },
    async (request) => {
      const actor = requireSession(request).actor;
      const { version, method, reference } = request.body;
      const dossier = await actOnDossier(
        ctx,
        actor,
        request.params.id,
        version,
        { action: 'confirm_payment', ...(reference ? { reference } : {}) },
        requestMeta(request),
        { counter: { method } },
      );
      const receipts = await listDossierReceipts(db, dossier.id);
      const receipt = receipts.at(-1);
      if (!receipt) throw new CongsoError('INVALID_STATE');
      return {
        dossierId: dossier.id,
        version: dossier.version,
        status: dossier.status,
        receipt: presentReceipt(receipt),
      };
    },
  );

  app.get(
    '/api/v1/receipts/:id/pdf',
    {
      schema: {
        tags: ['payments'],
        summary: 'A receipt as a PDF signed with the collecting agency’s seal (whoever reads the dossier)',
        params: idParams,
        response: { 200: z.any().describe('application/pdf'), ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireSession(request).actor;
      const { pdf, filename } = await receiptPdf(ctx, actor, request.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', contentDisposition('inline', filename))
        .send(pdf);
    },
  );

  app.post(
    '/api/v1/payments/callback',
    {
      config: { machine: true },
      schema: {
        tags: ['payments'],
        summary:
          'The national payment platform’s signed callback (HMAC-SHA256 over the sorted fields): verified, idempotent',
        body: z.unknown(),
        response: {
          200: z.object({ result: z.enum(['confirmed', 'unmatched', 'already', 'failed', 'pending']) }),
          ...errors,
          503: errorSchema,
        },
      },
    },
    async (request) => handlePlatformCallback(ctx, request.body, requestMeta(request)),
  );

  const requireFinance = (request: FastifyRequest) => requireProvinceFinance(ctx, request);

  app.get(
    '/api/v1/payment-reports',
    {
      schema: {
        tags: ['payments'],
        summary: 'The daily reconciliation reports kept, newest first (the province’s accountants and administrators)',
        response: { 200: z.object({ items: z.array(reportSchema), today: z.string() }), ...errors },
      },
    },
    async (request) => {
      await requireFinance(request);
      return { items: (await listPaymentReports(db, 62)).map(presentReport), today: vnDateKey(ctx.now()) };
    },
  );

  app.post(
    '/api/v1/payment-reports/:day',
    {
      schema: {
        tags: ['payments'],
        summary:
          'Produce a day’s reconciliation report again now (payments, dossiers, receipts, differences per collecting account)',
        params: z.strictObject({ day: isoDate }),
        response: { 200: reportSchema, ...errors },
      },
    },
    async (request) => {
      const actor = await requireFinance(request);
      if (request.params.day > vnDateKey(ctx.now())) {
        throw new CongsoError('VALIDATION_FAILED', {
          messages: { vi: 'Ngày đối soát chưa đến.', en: 'The day has not come yet.' },
          details: [{ path: 'day', code: 'future' }],
        });
      }
      return presentReport(await producePaymentReport(ctx, request.params.day, actor.id, requestMeta(request)));
    },
  );

  app.get(
    '/api/v1/payment-reports/:day/xlsx',
    {
      schema: {
        tags: ['payments'],
        summary: 'A day’s reconciliation report as XLSX (a summary sheet, one sheet per collecting account)',
        params: z.strictObject({ day: isoDate }),
        response: {
          200: z.any().describe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      await requireFinance(request);
      const report = await getPaymentReport(db, request.params.day);
      if (!report) throw new CongsoError('NOT_FOUND');
      const bytes = await readAll(await ctx.storage.read(report.fileKey));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', contentDisposition('attachment', `doi-soat-thanh-toan-${report.day}.xlsx`))
        .send(bytes);
    },
  );
}
