/**
 * Form 07, the dossier book of the caller's agency (sổ theo dõi hồ sơ, PDF and XLSX) for a period: the dossiers
 * it received, in order of receipt, with what became of them.
 */
import { type Actor, CongsoError, type DossierStatus, type Outcome, vnDateKey, vnInstant } from '@congso/core';
import { dossiersReceivedBy } from '@congso/db';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../http/auth';
import { contentDisposition } from '../http/content-disposition';
import { errorSchema, isoDate } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { type DossierBookRow, renderDossierBookPdf, renderDossierBookXlsx } from './forms/index';
import { agencyHeaderNames, formAgency } from './forms/issuer';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
const pdfResponse = { 200: z.any().describe('application/pdf'), ...errors };

function sendPdf(reply: FastifyReply, filename: string, pdf: Buffer) {
  return reply.type('application/pdf').header('content-disposition', contentDisposition('inline', filename)).send(pdf);
}
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** At most this many days in one dossier book (a leap year). */
export const BOOK_MAX_DAYS = 366;
/**
 * At most this many dossiers in one dossier book: a busier period is asked for in shorter parts. The PDF
 * is rendered in the request (about 2 ms a row of CPU, blocking this process), hence its lower bound.
 */
export const BOOK_MAX_ROWS = { xlsx: 5000, pdf: 1000 } as const;

// -----------------------------------------------------------------------------------------------------
// The dossier book's period

const DAY_MS = 86_400_000;
const addDays = (key: string, days: number) =>
  new Date(Date.parse(`${key}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const monthStart = (key: string) => `${key.slice(0, 7)}-01`;
const monthEnd = (key: string) => {
  const [y, m] = key.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

/** The book's period (Vietnam dates): by default the month of `from`, of `to`, or of today. */
export function bookPeriod(query: { from?: string; to?: string }, today: string): { from: string; to: string } {
  const from = query.from ?? monthStart(query.to ?? today);
  const to = query.to ?? monthEnd(query.from ?? today);
  const field = (path: string, code: string, vi: string, en: string) =>
    new CongsoError('VALIDATION_FAILED', { messages: { vi, en }, details: [{ path, code, message: { vi, en } }] });
  if (to < from) {
    throw field('querystring.to', 'before_from', 'Ngày kết thúc trước ngày bắt đầu.', '`to` is before `from`.');
  }
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (days > BOOK_MAX_DAYS) {
    throw field(
      'querystring.to',
      'too_long',
      `Một sổ theo dõi hồ sơ gồm tối đa ${BOOK_MAX_DAYS} ngày.`,
      `A dossier book covers at most ${BOOK_MAX_DAYS} days.`,
    );
  }
  return { from, to };
}

export function registerDossierBookRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = ctx.connection.db;

  const bookQuery = z.strictObject({
    from: isoDate.optional().describe('First day (Vietnam date); default: the first day of the month'),
    to: isoDate.optional().describe('Last day (Vietnam date), at most 366 days after `from`; default: the month’s end'),
  });

  /** The caller's agency's book for the period; officers only, at most `maxRows` dossiers. */
  async function dossierBook(actor: Actor, query: { from?: string; to?: string }, maxRows: number) {
    if (actor.kind !== 'officer' || !actor.active || !actor.agencyId) {
      throw new CongsoError('FORBIDDEN', {
        messages: {
          vi: 'Sổ theo dõi hồ sơ dành cho cán bộ của cơ quan.',
          en: 'The dossier book is for the agency’s officers.',
        },
      });
    }
    const now = ctx.now();
    const period = bookPeriod(query, vnDateKey(now));
    // A report over a period: the read replica when there is one (it may lag the primary by a moment).
    const readDb = ctx.connection.readDb ?? db;
    const from = vnInstant(period.from);
    const end = vnInstant(addDays(period.to, 1));
    const [agency, rows] = await Promise.all([
      formAgency(readDb, actor.agencyId),
      dossiersReceivedBy(readDb, actor.agencyId, from, end, maxRows + 1),
    ]);
    if (rows.length > maxRows) {
      const vi = `Có hơn ${maxRows.toLocaleString('vi-VN')} hồ sơ trong khoảng thời gian này: hãy chọn khoảng thời gian ngắn hơn.`;
      const en = `More than ${maxRows} dossiers in this period: choose a shorter period.`;
      throw new CongsoError('VALIDATION_FAILED', {
        messages: { vi, en },
        details: [{ path: 'querystring.from', code: 'too_many_rows', message: { vi, en } }],
      });
    }
    const handling = await agencyHeaderNames(
      readDb,
      rows.map((r) => r.handlingAgencyId),
    );
    const fromYear = period.from.slice(0, 4);
    const toYear = period.to.slice(0, 4);
    return {
      period,
      book: {
        agency,
        book: fromYear === toYear ? fromYear : `${fromYear}-${toYear}`,
        from,
        to: vnInstant(period.to),
        issuedAt: now,
        rows: rows.map(
          (r): DossierBookRow => ({
            dossierCode: r.code,
            procedureName: r.procedureName,
            applicantName: r.applicant.fullName ?? '',
            ...(r.applicant.address ? { address: r.applicant.address } : {}),
            ...(r.applicant.phone ? { phone: r.applicant.phone } : {}),
            receivedAt: r.receivedAt,
            dueAt: r.dueAt,
            ...(r.handlingAgencyId ? { forwardedTo: handling.get(r.handlingAgencyId) ?? '' } : {}),
            returnedAt: r.returnedAt,
            status: r.status as DossierStatus,
            outcome: r.outcome as Outcome | null,
            ...(r.endReason ? { note: r.endReason } : {}),
          }),
        ),
      },
    };
  }

  app.get(
    '/api/v1/desk/dossier-book.pdf',
    {
      schema: {
        tags: ['dossiers'],
        summary: `Form 07: the dossier book of the caller’s agency (PDF, A4 landscape): dossiers received in the period (default this month, Vietnam time; at most ${BOOK_MAX_DAYS} days and ${BOOK_MAX_ROWS.pdf} dossiers); officers only`,
        querystring: bookQuery,
        response: pdfResponse,
      },
    },
    async (request, reply) => {
      const { period, book } = await dossierBook(requireSession(request).actor, request.query, BOOK_MAX_ROWS.pdf);
      return sendPdf(reply, `so-theo-doi-ho-so-${period.from}-${period.to}.pdf`, await renderDossierBookPdf(book));
    },
  );

  app.get(
    '/api/v1/desk/dossier-book.xlsx',
    {
      schema: {
        tags: ['dossiers'],
        summary: `Form 07: the dossier book of the caller’s agency (XLSX): as the PDF (at most ${BOOK_MAX_DAYS} days and ${BOOK_MAX_ROWS.xlsx} dossiers); officers only`,
        querystring: bookQuery,
        response: { 200: z.any().describe(XLSX_TYPE), ...errors },
      },
    },
    async (request, reply) => {
      const { period, book } = await dossierBook(requireSession(request).actor, request.query, BOOK_MAX_ROWS.xlsx);
      const xlsx = await renderDossierBookXlsx(book);
      return reply
        .type(XLSX_TYPE)
        .header(
          'content-disposition',
          contentDisposition('attachment', `so-theo-doi-ho-so-${period.from}-${period.to}.xlsx`),
        )
        .send(xlsx);
    },
  );
}
