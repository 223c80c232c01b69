/**
 * The one-stop forms served from real dossier data (Thông tư 01/2018 shape; see forms/README.md):
 * 02 supplement request, 03 refusal, 04 apology, 06 control slip (PDF, per dossier) and 07 the desk's dossier
 * book (PDF and XLSX, per agency and period). The receipt (01) is served by dossiers.routes.ts.
 *
 * Each form reads the dossier as the caller may (`loadDossierFor`: 404 otherwise), replays its action log
 * (the truth; the events carry real `Date`s) and fills the renderer's view model. 409 INVALID_STATE when
 * the action the form documents has not happened.
 */
import {
  type Actor,
  actionPerformers,
  CongsoError,
  type DossierAction,
  type DossierEvent,
  type DossierState,
  type DossierStatus,
  type Outcome,
  type Procedure,
  replay,
  roleLabels,
  stepLabels,
  vnDateKey,
  vnInstant,
} from '@congso/core';
import {
  agencyPath,
  type DossierRow,
  type Executor,
  getAgencyById,
  getProcedureVersion,
  loadDossierEvents,
  type PersonName,
  personNames,
  queryRows,
  sql,
} from '@congso/db';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../http/auth';
import { contentDisposition } from '../http/content-disposition';
import { errorSchema, idParams, isoDate } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { loadDossierFor } from './dossiers.service';
import {
  type DossierBookRow,
  type FormAgency,
  type FormApplicant,
  type FormOfficer,
  formatVnShortTime,
  handoversFromSteps,
  renderApology,
  renderControlSlip,
  renderDossierBookPdf,
  renderDossierBookXlsx,
  renderReceipt,
  renderRefusal,
  renderStopNotice,
  renderSupplementRequest,
} from './forms/index';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
const pdfResponse = { 200: z.any().describe('application/pdf'), ...errors };

/** A form of one dossier (`/api/v1/dossiers/:id/<form>.pdf`): its schema for the OpenAPI document. */
const formOfDossier = (summary: string) => ({
  schema: { tags: ['dossiers'], summary, params: idParams, response: pdfResponse },
});
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** At most this many days in one dossier book (a leap year). */
export const BOOK_MAX_DAYS = 366;
/**
 * At most this many dossiers in one dossier book: a busier period is asked for in shorter parts. The PDF
 * is rendered in the request (about 2 ms a row of CPU, blocking this process), hence its lower bound.
 */
export const BOOK_MAX_ROWS = { xlsx: 5000, pdf: 1000 } as const;

// -----------------------------------------------------------------------------------------------------
// Data gathering shared by the forms (the receipt can use these too).

const UBND = /^Ủy ban nhân dân\b/u;

/** Agency names as the forms' headers print them: "UBND phường Tân Ninh", "Sở Tư pháp". */
export function headerName(name: string): string {
  return name.replace(UBND, 'UBND');
}

/** "Tân Ninh" from "Phường Tân Ninh"; "Tây Ninh" from "Ủy ban nhân dân tỉnh Tây Ninh". */
function placeName(name: string): string {
  return name
    .replace(UBND, '')
    .trim()
    .replace(/^(phường|xã|đặc khu|thị trấn|tỉnh|thành phố|huyện|quận|thị xã)\s+/iu, '');
}

/**
 * The agency block of a form: the agency (short name), its parent for a department or unit ("UBND tỉnh
 * Tây Ninh" above "Sở Tư pháp"; a commune's UBND prints alone), the one-stop unit, and the place of the
 * place-and-date line (the agency's commune or ward, otherwise the province).
 */
export async function formAgency(db: Executor, agencyId: string): Promise<FormAgency> {
  const [row, path] = await Promise.all([getAgencyById(db, agencyId), agencyPath(db, agencyId)]);
  const parent = path.length >= 2 ? path[path.length - 2] : undefined;
  const root = path[0];
  const withParent = row?.kind === 'department' || row?.kind === 'unit';
  return {
    name: headerName(row?.name ?? ''),
    ...(withParent && parent ? { parentName: headerName(parent.name) } : {}),
    oneStopUnit: 'Bộ phận Một cửa',
    place: placeName(row?.adminUnitName ?? root?.name ?? ''),
  };
}

/** The applicant as filed (the dossier's `applicant` column). */
export function formApplicant(row: Pick<DossierRow, 'applicant'>): FormApplicant {
  const a = row.applicant as {
    fullName?: string;
    nationalId?: string;
    taxCode?: string;
    phone?: string;
    email?: string | null;
    address?: string;
  };
  return {
    name: a.fullName ?? '',
    ...(a.nationalId || a.taxCode ? { idNumber: a.nationalId || a.taxCode } : {}),
    ...(a.address ? { address: a.address } : {}),
    ...(a.phone ? { phone: a.phone } : {}),
    ...(a.email ? { email: a.email } : {}),
  };
}

/** The procedure as the dossier keeps it: the columns hold the code and name of the version it was filed under. */
function formProcedure(row: Pick<DossierRow, 'procedureCode' | 'procedureName'>) {
  return { code: row.procedureCode, name: row.procedureName };
}

/** What every form of one dossier prints first: the issuing agency, the date, the code, applicant and request. */
function formOf(row: DossierRow, agency: FormAgency, issuedAt: Date) {
  return { agency, issuedAt, dossierCode: row.code, applicant: formApplicant(row), procedure: formProcedure(row) };
}

const idList = (ids: readonly string[]) =>
  sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
const distinct = (ids: Iterable<string | null | undefined>) => [...new Set([...ids].filter((i): i is string => !!i))];

/** Agency names (as headers print them) by id, in one query. */
export async function agencyNames(
  db: Executor,
  ids: Iterable<string | null | undefined>,
): Promise<Map<string, string>> {
  const wanted = distinct(ids);
  if (wanted.length === 0) return new Map();
  const rows = await queryRows<{ id: string; name: string }>(
    db,
    sql`select id, name from agencies where id in (${idList(wanted)})`,
  );
  return new Map(rows.map((r) => [r.id, headerName(r.name)]));
}

/** The dossier the caller may read (404 otherwise), its action log and the state replayed from it. */
export async function loadDossierWithLog(ctx: AppContext, actor: Actor, id: string) {
  const row = await loadDossierFor(ctx, actor, { id });
  const events = await loadDossierEvents(ctx.connection.db, row.id);
  return { row, events, state: replay(events) };
}

function lastEvent<A extends DossierAction>(
  events: readonly DossierEvent[],
  actions: readonly A[],
): Extract<DossierEvent, { action: A }> | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i] as DossierEvent;
    if ((actions as readonly DossierAction[]).includes(e.action)) return e as Extract<DossierEvent, { action: A }>;
  }
  return undefined;
}

function notYet(vi: string, en: string): CongsoError {
  return new CongsoError('INVALID_STATE', { messages: { vi, en } });
}

/** The officer who performed an event, with the role they acted in ("Chuyên viên", "Cán bộ một cửa"). */
function eventOfficer(event: DossierEvent, names: Map<string, PersonName>): FormOfficer {
  const performers = actionPerformers[event.action] as readonly string[];
  const role = event.actor.roles.find((r) => performers.includes(r));
  return {
    name: names.get(event.actor.id)?.fullName ?? '',
    ...(role ? { position: roleLabels[role].vi } : {}),
  };
}

/** The title of an agency's head as a signature prints it: "Chủ tịch" of a UBND, "Giám đốc" of a Sở, ... */
export function headTitle(agencyName: string): string {
  const titles: [RegExp, string][] = [
    [UBND, 'Chủ tịch'],
    [/^UBND\b/u, 'Chủ tịch'],
    [/^(Sở|Trung tâm)\s/u, 'Giám đốc'],
    [/^Văn phòng\s/u, 'Chánh Văn phòng'],
    [/^Thanh tra\s/u, 'Chánh Thanh tra'],
    [/^Ban\s/u, 'Trưởng ban'],
    [/^Phòng\s/u, 'Trưởng phòng'],
    [/^Chi cục\s/u, 'Chi cục trưởng'],
  ];
  return titles.find(([re]) => re.test(agencyName))?.[1] ?? 'Thủ trưởng cơ quan';
}

/** How the head who acted signs: an agency leader by the agency's head title, a department head as such. */
/**
 * The agency a form about `event` is issued under, and the officer who performed it: a head's decision (a
 * refusal, a stop) under the agency the head leads, anything else under the receiving agency.
 */
async function issuerOf(db: Executor, event: DossierEvent, row: DossierRow, byHead: boolean) {
  const agencyId = byHead ? (event.actor.agencyId ?? row.receivingAgencyId) : row.receivingAgencyId;
  const [agency, names] = await Promise.all([formAgency(db, agencyId), personNames(db, [event.actor.id])]);
  return { agency, officer: eventOfficer(event, names) };
}

function headPosition(event: DossierEvent, agencyName: string): string {
  return event.actor.roles.includes('agency_leader') ? headTitle(agencyName) : 'Trưởng phòng';
}

function sendPdf(reply: FastifyReply, filename: string, pdf: Buffer) {
  return reply.type('application/pdf').header('content-disposition', contentDisposition('inline', filename)).send(pdf);
}

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

interface BookQueryRow {
  code: string;
  procedure_name: string;
  applicant: { fullName?: string; address?: string; phone?: string } | string;
  received_at: Date | string;
  due_at: Date | string | null;
  status: string;
  outcome: string | null;
  handling_agency_id: string | null;
  returned_at: string | null;
  end_reason: string | null;
}

const toDate = (v: Date | string | null | undefined) => (v == null ? null : v instanceof Date ? v : new Date(v));

/**
 * Dossiers received by an agency in [from, to) (instants), in order of receipt; at most `limit` rows.
 * The state gives the handling agency, the return time and the reason of a refusal or stop.
 */
async function dossiersReceived(db: Executor, agencyId: string, from: Date, to: Date, limit: number) {
  return queryRows<BookQueryRow>(
    db,
    sql`select code, procedure_name, applicant, received_at, due_at, status, outcome,
               state ->> 'handlingAgencyId' as handling_agency_id,
               state -> 'returned' ->> 'at' as returned_at,
               state ->> 'endReason' as end_reason
          from dossiers
         where receiving_agency_id = ${agencyId}
           and received_at >= ${from.toISOString()}::timestamptz
           and received_at < ${to.toISOString()}::timestamptz
         order by received_at, code
         limit ${limit}`,
  );
}

// -----------------------------------------------------------------------------------------------------

export function registerDossierFormRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = ctx.connection.db;

  app.get(
    '/api/v1/dossiers/:id/receipt.pdf',
    formOfDossier('Form 01: receipt and appointment (PDF), once the dossier is received; 409 before'),
    async (request, reply) => {
      const { row, events, state } = await loadDossierWithLog(ctx, requireSession(request).actor, request.params.id);
      const receiveEvent = lastEvent(events, ['receive']);
      if (!state.receivedAt || !state.dueAt || !receiveEvent) {
        throw notYet('Hồ sơ chưa được tiếp nhận.', 'The dossier has not been received yet.');
      }
      const [version, agency, names] = await Promise.all([
        getProcedureVersion(db, row.procedureVersionId),
        formAgency(db, row.receivingAgencyId),
        personNames(db, [receiveEvent.actor.id]),
      ]);
      const procedure = version?.data as Procedure;
      const deadline =
        procedure.deadlines[row.channel as 'counter' | 'online' | 'postal'] ?? procedure.deadlines.counter;
      const pdf = await renderReceipt({
        ...formOf(row, agency, state.receivedAt),
        baseUrl: `${request.protocol}://${request.host}`,
        documents: procedure.requiredDocuments
          .filter((d) => d.mandatory)
          .map((d) => ({ name: d.name, original: d.original, copy: d.copy })),
        deadline: {
          amount: deadline?.amount ?? 0,
          unit: deadline?.unit ?? 'working_days',
          ...(deadline?.text ? { text: deadline.text } : {}),
        },
        receivedAt: state.receivedAt,
        dueAt: state.dueAt,
        returnPlace: `Bộ phận Một cửa ${agency.name}`,
        ...(procedure.fees.counter?.amountVnd != null ? { feeVnd: procedure.fees.counter.amountVnd } : {}),
        // The register of the Vietnam year of receipt (a dossier received at 06:00 on 1/1 is in the new book).
        register: { book: vnDateKey(state.receivedAt).slice(0, 4), number: Number(row.code.slice(-4)) },
        receiver: { name: names.get(receiveEvent.actor.id)?.fullName ?? '' },
      });
      return sendPdf(reply, `tiep-nhan-${row.code}.pdf`, pdf);
    },
  );

  app.get(
    '/api/v1/dossiers/:id/supplement-request.pdf',
    formOfDossier('Form 02: supplement request (PDF), from the latest request_supplement; 409 if none'),
    async (request, reply) => {
      const { row, events, state } = await loadDossierWithLog(ctx, requireSession(request).actor, request.params.id);
      const event = lastEvent(events, ['request_supplement']);
      if (!event) {
        throw notYet('Hồ sơ chưa có yêu cầu bổ sung.', 'No supplement has been requested for this dossier.');
      }
      const [agency, names] = await Promise.all([
        formAgency(db, row.receivingAgencyId),
        personNames(db, [event.actor.id]),
      ]);
      const officer = eventOfficer(event, names);
      const phone = names.get(event.actor.id)?.phone;
      const pdf = await renderSupplementRequest({
        ...formOf(row, agency, event.at),
        receivedAt: state.receivedAt ?? state.submittedAt,
        items: event.data.items.map((name) => ({ name })),
        reason: event.data.reason,
        contact: { name: officer.name, ...(phone ? { phone } : {}) },
        officer,
      });
      return sendPdf(reply, `bo-sung-${row.code}.pdf`, pdf);
    },
  );

  app.get(
    '/api/v1/dossiers/:id/refusal.pdf',
    formOfDossier('Form 03: refusal (PDF), from refuse_receipt (the desk) or refuse (the head); 409 if neither'),
    async (request, reply) => {
      const { row, events, state } = await loadDossierWithLog(ctx, requireSession(request).actor, request.params.id);
      const event = lastEvent(events, ['refuse_receipt', 'refuse']);
      if (!event) throw notYet('Hồ sơ không bị từ chối.', 'The dossier has not been refused.');
      // A refusal to receive is the desk's; a refusal after examination is signed by the head who decided,
      // under the heading of the agency they lead.
      const byHead = event.action === 'refuse';
      const { agency, officer } = await issuerOf(db, event, row, byHead);
      const pdf = await renderRefusal({
        ...formOf(row, agency, event.at),
        receivedAt: byHead ? (state.receivedAt ?? state.submittedAt) : state.submittedAt,
        reason: event.data.reason,
        officer: byHead ? { name: officer.name } : officer,
        ...(byHead ? { signerHeading: headPosition(event, agency.name) } : {}),
      });
      return sendPdf(reply, `tu-choi-${row.code}.pdf`, pdf);
    },
  );

  app.get(
    '/api/v1/dossiers/:id/apology.pdf',
    formOfDossier('Form 04: apology and new return date (PDF), from the latest apologize; 409 if none'),
    async (request, reply) => {
      const { row, events, state } = await loadDossierWithLog(ctx, requireSession(request).actor, request.params.id);
      const event = lastEvent(events, ['apologize']);
      const apology = state.apologies[state.apologies.length - 1];
      if (!event || !apology) {
        throw notYet('Hồ sơ chưa có phiếu xin lỗi.', 'No apology has been made for this dossier.');
      }
      // The agency of the head who apologised issues the letter.
      const [agency, names] = await Promise.all([
        formAgency(db, event.actor.agencyId ?? row.receivingAgencyId),
        personNames(db, [event.actor.id]),
      ]);
      const receiptDueAt = events.find((e) => e.action === 'receive')?.effects.dueAt ?? null;
      const pdf = await renderApology({
        ...formOf(row, agency, apology.at),
        receivedAt: state.receivedAt ?? state.submittedAt,
        reason: apology.reason,
        previousDueAt: apology.previousDueAt ?? receiptDueAt ?? apology.newDueAt,
        newDueAt: apology.newDueAt,
        head: {
          name: names.get(event.actor.id)?.fullName ?? '',
          position: headPosition(event, agency.name),
        },
      });
      return sendPdf(reply, `xin-loi-${row.code}.pdf`, pdf);
    },
  );

  app.get(
    '/api/v1/dossiers/:id/stop-notice.pdf',
    formOfDossier(
      'Form 05: notice that the dossier is stopped (PDF), from stop (the leader) or withdraw (the applicant); 409 if neither',
    ),
    async (request, reply) => {
      const { row, events, state } = await loadDossierWithLog(ctx, requireSession(request).actor, request.params.id);
      const event = lastEvent(events, ['stop', 'withdraw']);
      if (!event) {
        throw notYet('Hồ sơ không bị dừng giải quyết.', 'The dossier has not been stopped or withdrawn.');
      }
      // A stop is the leader's decision, under the heading of the agency they lead; a withdrawal is taken by the
      // one-stop unit that received the dossier (at the counter by a clerk, who signs; online by the applicant,
      // and the unit's officer signs the printed notice by hand).
      const byLeader = event.action === 'stop';
      const { agency, officer } = await issuerOf(db, event, row, byLeader);
      const byOfficer = event.actor.kind === 'officer';
      const pdf = await renderStopNotice({
        ...formOf(row, agency, event.at),
        receivedAt: state.receivedAt ?? state.submittedAt,
        kind: event.action,
        reason: event.data?.reason ?? null,
        signer: byLeader
          ? { heading: headPosition(event, agency.name), name: officer.name }
          : {
              heading: 'Người tiếp nhận hồ sơ',
              name: byOfficer ? officer.name : '',
              ...(byOfficer && officer.position ? { position: officer.position } : {}),
            },
      });
      return sendPdf(reply, `dung-giai-quyet-${row.code}.pdf`, pdf);
    },
  );

  app.get(
    '/api/v1/dossiers/:id/control-slip.pdf',
    formOfDossier(
      'Form 06: control slip (PDF): each hand-over between steps, who gave and took the dossier, when, the step’s due time and outcome; 409 before receipt',
    ),
    async (request, reply) => {
      const { row, events, state } = await loadDossierWithLog(ctx, requireSession(request).actor, request.params.id);
      if (!state.receivedAt || !state.dueAt) {
        throw notYet('Hồ sơ chưa được tiếp nhận.', 'The dossier has not been received yet.');
      }
      const pdf = await renderControlSlip(await controlSlip(db, row, events, state, state.receivedAt, state.dueAt));
      return sendPdf(reply, `kiem-soat-${row.code}.pdf`, pdf);
    },
  );

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
      dossiersReceived(readDb, actor.agencyId, from, end, maxRows + 1),
    ]);
    if (rows.length > maxRows) {
      const vi = `Có hơn ${maxRows.toLocaleString('vi-VN')} hồ sơ trong khoảng thời gian này: hãy chọn khoảng thời gian ngắn hơn.`;
      const en = `More than ${maxRows} dossiers in this period: choose a shorter period.`;
      throw new CongsoError('VALIDATION_FAILED', {
        messages: { vi, en },
        details: [{ path: 'querystring.from', code: 'too_many_rows', message: { vi, en } }],
      });
    }
    const handling = await agencyNames(
      readDb,
      rows.map((r) => r.handling_agency_id),
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
        rows: rows.map((r): DossierBookRow => {
          const applicant = (typeof r.applicant === 'string' ? JSON.parse(r.applicant) : r.applicant) as {
            fullName?: string;
            address?: string;
            phone?: string;
          };
          return {
            dossierCode: r.code,
            procedureName: r.procedure_name,
            applicantName: applicant.fullName ?? '',
            ...(applicant.address ? { address: applicant.address } : {}),
            ...(applicant.phone ? { phone: applicant.phone } : {}),
            receivedAt: toDate(r.received_at) as Date,
            dueAt: toDate(r.due_at),
            ...(r.handling_agency_id ? { forwardedTo: handling.get(r.handling_agency_id) ?? '' } : {}),
            returnedAt: toDate(r.returned_at),
            status: r.status as DossierStatus,
            outcome: r.outcome as Outcome | null,
            ...(r.end_reason ? { note: r.end_reason } : {}),
          };
        }),
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

/**
 * The control slip's data: the hand-overs from the finished steps and the current one. A step without an
 * assignee (receive, approve, issue, return) is put down to the officer whose action finished it, as the
 * action log records; each row's note carries the step's due time, and the last one the current step's.
 */
async function controlSlip(
  db: Executor,
  row: DossierRow,
  events: readonly DossierEvent[],
  state: DossierState,
  receivedAt: Date,
  dueAt: Date,
) {
  const finishers = events
    .filter((e) => e.effects.finishedStep)
    .map((e) => (e.actor.kind === 'officer' ? e.actor.id : null));
  const steps = state.steps.map((s, i) => ({ ...s, assigneeId: s.assigneeId ?? finishers[i] ?? null }));
  const current = state.currentStep;
  const everyStep = current ? [...steps, current] : steps;
  const interAgency = everyStep.filter((s) => s.interAgency).map((s) => s.agencyId);
  const [agency, agencies, people] = await Promise.all([
    formAgency(db, row.receivingAgencyId),
    agencyNames(db, [...everyStep.map((s) => s.agencyId), state.handlingAgencyId]),
    personNames(
      db,
      everyStep.map((s) => s.assigneeId),
    ),
  ]);
  const handovers = handoversFromSteps(steps, current, {
    agency: (id) => agencies.get(id) ?? '',
    officer: (id) => people.get(id)?.fullName,
  }).map((h, i) => {
    const step = steps[i];
    const lines = [h.note ?? ''];
    if (step?.dueAt) lines.push(`Hạn: ${formatVnShortTime(step.dueAt)}`);
    if (i === steps.length - 1 && current) {
      const label = stepLabels[current.name]?.vi ?? current.name;
      lines.push(`Bước đang thực hiện: ${label}${current.dueAt ? `, hạn: ${formatVnShortTime(current.dueAt)}` : ''}`);
    }
    return { ...h, note: lines.join('\n') };
  });
  return {
    agency,
    issuedAt: receivedAt,
    dossierCode: row.code,
    applicant: formApplicant(row),
    procedure: formProcedure(row),
    receivedAt,
    dueAt,
    ...(state.handlingAgencyId ? { handlingAgency: agencies.get(state.handlingAgencyId) ?? '' } : {}),
    coordinatingAgencies: distinct(interAgency).map((id) => agencies.get(id) ?? ''),
    handovers,
  };
}
