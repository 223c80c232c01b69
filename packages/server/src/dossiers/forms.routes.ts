/**
 * The one-stop forms of one dossier served from its data (Thông tư 01/2018 shape; see forms/README.md):
 * 01 receipt, 02 supplement request, 03 refusal, 04 apology, 05 stop notice, 06 control slip (PDF). Form 07,
 * the desk's dossier book, is dossier-book.routes.ts.
 *
 * Each form reads the dossier as the caller may (`loadDossierWithLog`: 404 otherwise), replays its action
 * log (the truth; the events carry real `Date`s) and fills the renderer's view model. Which papers a dossier
 * has is core's `papersOf` (the web app lists the same): 409 INVALID_STATE for one it does not have yet.
 */
import {
  CongsoError,
  type DocumentForm,
  type DossierEvent,
  type DossierPaper,
  type DossierState,
  documentFormLabels,
  type OpeningDocument,
  type Procedure,
  paperEvent,
  paperMissing,
  stepLabels,
  vnDateKey,
} from '@congso/core';
import {
  type DossierRow,
  type Executor,
  type FileRow,
  getProcedureVersion,
  listDossierFiles,
  personNames,
} from '@congso/db';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../http/auth';
import { contentDisposition } from '../http/content-disposition';
import { errorSchema, idParams } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { registerDossierBookRoutes } from './dossier-book.routes';
import {
  type FormAgency,
  type FormApplicant,
  formatVnShortTime,
  handoversFromSteps,
  type ReceivedDocument,
  renderApology,
  renderControlSlip,
  renderReceipt,
  renderRefusal,
  renderStopNotice,
  renderSupplementRequest,
} from './forms/index';
import { agencyHeaderNames, eventOfficer, formAgency, headPosition, issuerOf } from './forms/issuer';
import { loadDossierWithLog } from './read-access';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
const pdfResponse = { 200: z.any().describe('application/pdf'), ...errors };

/** A form of one dossier (`/api/v1/dossiers/:id/<form>.pdf`): its schema for the OpenAPI document. */
const formOfDossier = (summary: string) => ({
  schema: { tags: ['dossiers'], summary, params: idParams, response: pdfResponse },
});
// -----------------------------------------------------------------------------------------------------
// Data gathering shared by the forms (the receipt can use these too).

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

/** The event a paper of the dossier prints; 409 when the dossier does not have that paper yet. */
function eventOf<P extends DossierPaper>(events: readonly DossierEvent[], paper: P) {
  const event = paperEvent(events, paper);
  if (!event) throw new CongsoError('INVALID_STATE', { messages: paperMissing[paper] });
  return event;
}

/**
 * The documents form 01 lists: what the dossier was opened with (the e-form's uploads with their file names, or
 * what the clerk received, in which form and how many). A dossier opened before they were kept lists the
 * procedure's mandatory documents, as its receipt always did.
 */
export function receiptDocuments(
  documents: readonly OpeningDocument[] | undefined,
  procedure: Procedure,
  files: readonly Pick<FileRow, 'id' | 'name'>[],
): ReceivedDocument[] {
  if (!documents) {
    return procedure.requiredDocuments
      .filter((d) => d.mandatory)
      .map((d) => ({ name: d.name, original: d.original, copy: d.copy }));
  }
  const fileNames = new Map(files.map((f) => [f.id, f.name]));
  const formLabel = (form: DocumentForm) => documentFormLabels[form].vi;
  return documents.map((d) => {
    const names = d.fileIds.map((id) => fileNames.get(id)).filter((n): n is string => !!n);
    return d.form
      ? { name: d.name, form: formLabel(d.form), copies: d.copies ?? 1, files: names }
      : { name: d.name, form: 'Bản điện tử', copies: d.fileIds.length, files: names };
  });
}

function sendPdf(reply: FastifyReply, filename: string, pdf: Buffer) {
  return reply.type('application/pdf').header('content-disposition', contentDisposition('inline', filename)).send(pdf);
}

// -----------------------------------------------------------------------------------------------------

export function registerDossierFormRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = ctx.connection.db;
  registerDossierBookRoutes(root, ctx);

  app.get(
    '/api/v1/dossiers/:id/receipt.pdf',
    formOfDossier('Form 01: receipt and appointment (PDF), once the dossier is received; 409 before'),
    async (request, reply) => {
      const { row, events, state } = await loadDossierWithLog(ctx, requireSession(request).actor, request.params.id);
      const receiveEvent = eventOf(events, 'receipt');
      if (!state.receivedAt || !state.dueAt) throw new CongsoError('INVALID_STATE', { messages: paperMissing.receipt });
      const opening =
        events[0]?.action === 'submit_online' || events[0]?.action === 'receive' ? events[0].data.opening : undefined;
      const [version, agency, names, files] = await Promise.all([
        getProcedureVersion(db, row.procedureVersionId),
        formAgency(db, row.receivingAgencyId),
        personNames(db, [receiveEvent.actor.id]),
        opening?.documents?.some((d) => d.fileIds.length > 0) ? listDossierFiles(db, row.id) : [],
      ]);
      const procedure = version?.data as Procedure;
      const deadline =
        procedure.deadlines[row.channel as 'counter' | 'online' | 'postal'] ?? procedure.deadlines.counter;
      const pdf = await renderReceipt({
        ...formOf(row, agency, state.receivedAt),
        baseUrl: `${request.protocol}://${request.host}`,
        documents: receiptDocuments(opening?.documents, procedure, files),
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
      const event = eventOf(events, 'supplement-request');
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
      const event = eventOf(events, 'refusal');
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
      const event = eventOf(events, 'apology');
      const apology = state.apologies[state.apologies.length - 1];
      if (!apology) throw new CongsoError('INVALID_STATE', { messages: paperMissing.apology });
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
      const event = eventOf(events, 'stop-notice');
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
      eventOf(events, 'control-slip');
      if (!state.receivedAt || !state.dueAt) {
        throw new CongsoError('INVALID_STATE', { messages: paperMissing['control-slip'] });
      }
      const pdf = await renderControlSlip(await controlSlip(db, row, events, state, state.receivedAt, state.dueAt));
      return sendPdf(reply, `kiem-soat-${row.code}.pdf`, pdf);
    },
  );
}

const distinct = (ids: Iterable<string | null | undefined>) => [...new Set([...ids].filter((i): i is string => !!i))];

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
    agencyHeaderNames(db, [...everyStep.map((s) => s.agencyId), state.handlingAgencyId]),
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
