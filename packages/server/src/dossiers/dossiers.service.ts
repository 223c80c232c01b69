import { randomUUID } from 'node:crypto';
import {
  type Actor,
  applyAction,
  availableActions,
  CongsoError,
  createVietnamCalendar,
  type DossierActionInput,
  type DossierEvent,
  type DossierState,
  deadlineWorkingHours,
  dossierDayKey,
  formatDossierCode,
  isValidNationalId,
  openDossier,
  type Procedure,
  type ProcedureSnapshot,
  replay,
} from '@congso/core';
import {
  type AttachedFile,
  agencyPath,
  attachFiles,
  type DossierRow,
  dossierColumns,
  type Executor,
  ensurePerson,
  findDossierByIdempotencyKey,
  getAgencyById,
  getDossierRow,
  getPersonById,
  getPersonByUsername,
  insertOpenedDossier,
  loadDossierEvents,
  nextDossierSequence,
  nextDossierSequenceAtAgency,
  recordAudit,
  saveDossierState,
} from '@congso/db';
import { catalogCache, vietnamDate } from '../catalog/catalog-index';
import { applicantNotice, notifyApplicant, queueNoticeEmail } from '../notifications/notifications.service';
import type { AppContext } from '../platform/context';
import { receivingAgencyCache } from './receiving-agencies';

const calendar = createVietnamCalendar();

interface Meta {
  ip: string | null;
  requestId: string;
}

/** What a dossier keeps of its procedure version: deadline in working hours or calendar days, and steps. */
export function snapshotProcedure(procedure: Procedure, versionId: string): ProcedureSnapshot {
  const counter = procedure.deadlines.counter ?? procedure.deadlines.postal ?? procedure.deadlines.online;
  const online = procedure.deadlines.online;
  const calendarDays = counter?.unit === 'days';
  const amount = (d: typeof counter) => (d ? (calendarDays ? d.amount : deadlineWorkingHours(d)) : 0);
  return {
    code: procedure.code,
    version: versionId,
    deadline: {
      unit: calendarDays ? 'calendar_days' : 'working_hours',
      counter: amount(counter),
      ...(online && online.unit === counter?.unit && amount(online) !== amount(counter)
        ? { online: amount(online) }
        : {}),
    },
    steps: procedure.steps.map((s) => ({ step: s.step, role: s.role, hours: s.hours })),
  };
}

export interface ApplicantInput {
  fullName: string;
  nationalId: string;
  phone: string;
  email?: string | null;
  address: string;
}

async function procedureForFiling(ctx: AppContext, code: string) {
  const row = await catalogCache(ctx).versionInForce(code);
  if (!row) {
    throw new CongsoError('VALIDATION_FAILED', {
      messages: { vi: 'Thủ tục không tồn tại hoặc chưa có hiệu lực.', en: 'No such procedure in force.' },
      details: [{ path: 'procedureCode', code: 'not_found' }],
    });
  }
  return row;
}

const phoneDigits = (phone: string) => phone.replace(/\D/g, '');

/** The files given for one required document of the procedure (its position and name in the version). */
export interface FiledDocument {
  index: number;
  name: string;
  fileIds: readonly string[];
}

const sameText = (a: string, b: string) => a.normalize('NFC').trim() === b.normalize('NFC').trim();

/**
 * Checks the e-form against the procedure version: each entry names a required document of it, no file
 * is given twice, and — online — every mandatory document has at least one file.
 */
export function checkFiledDocuments(procedure: Procedure, documents: readonly FiledDocument[], online: boolean) {
  const problems: { path: string; code: string; message?: { vi: string; en: string } }[] = [];
  const seenIndexes = new Set<number>();
  const seenFiles = new Set<string>();
  documents.forEach((d, i) => {
    const required = procedure.requiredDocuments[d.index];
    if (!required || !sameText(required.name, d.name)) {
      problems.push({
        path: `documents.${i}`,
        code: 'changed',
        message: {
          vi: 'Thành phần hồ sơ không khớp với thủ tục hiện hành; vui lòng tải lại trang.',
          en: 'The document does not match the procedure in force; please reload the page.',
        },
      });
    } else if (seenIndexes.has(d.index)) {
      problems.push({ path: `documents.${i}`, code: 'duplicate' });
    }
    seenIndexes.add(d.index);
    for (const f of d.fileIds) {
      if (seenFiles.has(f)) problems.push({ path: `documents.${i}.fileIds`, code: 'duplicate' });
      seenFiles.add(f);
    }
  });
  if (online) {
    procedure.requiredDocuments.forEach((required, index) => {
      if (!required.mandatory) return;
      const given = documents.find((d) => d.index === index);
      if (!given || given.fileIds.length === 0) {
        problems.push({
          path: `documents.${index}`,
          code: 'required',
          message: {
            vi: `Chưa đính kèm: ${required.name}`,
            en: `Missing attachment: ${required.name}`,
          },
        });
      }
    });
  }
  if (problems.length > 0) {
    throw new CongsoError('VALIDATION_FAILED', {
      messages: {
        vi: 'Thành phần hồ sơ chưa đầy đủ hoặc không hợp lệ.',
        en: 'The dossier’s documents are incomplete or not valid.',
      },
      details: problems,
    });
  }
}

const filesUnavailable = () =>
  new CongsoError('VALIDATION_FAILED', {
    messages: {
      vi: 'Có tệp đính kèm không tồn tại, không phải của bạn hoặc đã được dùng cho hồ sơ khác.',
      en: 'An attached file does not exist, is not yours or is already part of another dossier.',
    },
    details: [{ path: 'documents', code: 'file_not_available' }],
  });

/** Attaches the files of an action inside its transaction; all or nothing. */
async function attachOrFail(tx: Executor, values: Parameters<typeof attachFiles>[1]) {
  if (values.items.length === 0) return;
  const attached = await attachFiles(tx, values);
  if (attached.length !== values.items.length) throw filesUnavailable();
}

/**
 * Files a dossier: online by the applicant (`submit_online`), or at the counter by a one-stop clerk
 * (`receive`: filed and received at once). One transaction: the day's sequence number, the dossier, its
 * first event and the audit event. A repeated online filing with the same Idempotency-Key returns the
 * first dossier.
 */
export async function fileDossier(
  ctx: AppContext,
  actor: Actor,
  input: {
    mode: 'online' | 'counter';
    procedureCode: string;
    receivingAgencyId: string;
    applicant: ApplicantInput;
    channel?: 'counter' | 'postal';
    documents?: readonly FiledDocument[];
    idempotencyKey: string | null;
  },
  meta: Meta,
): Promise<{
  row: DossierRow;
  created: boolean;
  /** A new dossier's first event, receiving agency's name and files (the row's detail without reading it). */
  event?: DossierEvent;
  agencyName?: string;
  files?: AttachedFile[];
}> {
  const db = ctx.connection.db;
  // No look-up of the Idempotency-Key first: the unique index decides. A repeat fails its insert, its
  // transaction rolls back (giving its sequence number back) and the first dossier is answered below.
  const now = ctx.now();
  if (!isValidNationalId(input.applicant.nationalId, Number(vietnamDate(now).slice(0, 4)))) {
    throw new CongsoError('INVALID_NATIONAL_ID', { details: [{ path: 'applicant.nationalId', code: 'invalid' }] });
  }
  const procedure = await procedureForFiling(ctx, input.procedureCode);
  const agencies = receivingAgencyCache(ctx);
  let agency = await agencies.get(input.receivingAgencyId);
  const data = procedure.data as Procedure;
  if (input.mode === 'online' && !data.channels.includes('online')) {
    throw new CongsoError('INVALID_STATE', {
      messages: {
        vi: 'Thủ tục này không nhận hồ sơ trực tuyến.',
        en: 'This procedure does not accept online filings.',
      },
    });
  }
  const documents = input.documents ?? [];
  checkFiledDocuments(data, documents, input.mode === 'online');
  let applicantId = actor.id;
  if (input.mode === 'counter') {
    const citizen = await getPersonByUsername(db, input.applicant.nationalId);
    applicantId = citizen?.id ?? '';
  }
  const id = randomUUID();
  try {
    const row = await db.transaction(async (tx) => {
      if (!applicantId) {
        // A citizen first met at the counter: an account without a password (they can claim it later).
        const person = await ensurePerson(tx, {
          kind: 'citizen',
          username: input.applicant.nationalId,
          nationalId: input.applicant.nationalId,
          fullName: input.applicant.fullName,
          phone: input.applicant.phone,
          email: input.applicant.email ?? null,
        });
        applicantId = person.id;
      }
      // The agency's check and the day's counter in one statement: an agency closed since it was read (by
      // any process) is refused here, in the transaction.
      let counted = await nextDossierSequenceAtAgency(tx, {
        agencyId: agency.id,
        agencyCode: agency.code,
        dayKey: dossierDayKey(agency.code, now),
      });
      if (!counted) {
        agency = await agencies.read(tx, agency.id); // VALIDATION_FAILED when closed or gone
        const sequence = await nextDossierSequence(tx, dossierDayKey(agency.code, now));
        counted = { sequence, agencyName: agency.name };
      }
      const code = formatDossierCode(agency.code, now, counted.sequence);
      const { state, event } = openDossier(
        {
          action: input.mode === 'online' ? 'submit_online' : 'receive',
          id,
          code,
          applicantId,
          receivingAgencyId: agency.id,
          ...(input.mode === 'counter' ? { channel: input.channel ?? 'counter' } : {}),
          procedure: snapshotProcedure(data, procedure.id),
        },
        { at: now, calendar, actor },
      );
      const items = documents.flatMap((d) =>
        d.fileIds.map((fileId) => ({
          fileId,
          documentIndex: d.index,
          documentName: data.requiredDocuments[d.index]?.name ?? d.name,
        })),
      );
      const notice = applicantNotice(event, state, input.applicant.email);
      const applicant = { ...input.applicant };
      const lookupSecret = phoneDigits(input.applicant.phone).slice(-4);
      const idempotencyKey = input.mode === 'online' ? input.idempotencyKey : null;
      // The dossier, its first event, the files, the notification and the audit event: one statement.
      const written = await insertOpenedDossier(tx, {
        state,
        event,
        procedureVersionId: procedure.id,
        procedureName: data.name,
        applicant,
        lookupSecret,
        idempotencyKey,
        files: { ownerId: actor.id, items },
        notification: notice
          ? {
              id: notice.id,
              personId: notice.personId,
              dossierVersion: event.version,
              title: notice.title,
              body: notice.body,
              createdAt: notice.createdAt,
              emailTo: notice.emailTo ?? null,
              emailStatus: notice.emailStatus ?? null,
            }
          : null,
        audit: {
          occurredAt: now,
          actorId: actor.id,
          action: `dossier.${event.action}`,
          agencyId: agency.id,
          data: { code },
          ip: meta.ip,
          requestId: meta.requestId,
        },
      });
      if (written.files.length !== items.length) throw filesUnavailable();
      if (notice) await queueNoticeEmail(ctx, tx, notice);
      // The row as written (the same values the insert got), without reading it back.
      const c = dossierColumns(state);
      const inserted: DossierRow = {
        id,
        code,
        procedureVersionId: procedure.id,
        procedureCode: state.procedure.code,
        procedureName: data.name,
        receivingAgencyId: state.receivingAgencyId,
        currentAgencyId: c.currentAgencyId,
        assigneeId: c.assigneeId,
        applicantId: state.applicantId,
        applicant,
        lookupSecret,
        channel: state.channel,
        status: c.status,
        version: c.version,
        submittedAt: state.submittedAt,
        receivedAt: c.receivedAt,
        dueAt: c.dueAt,
        finishedAt: c.finishedAt,
        outcome: c.outcome,
        state,
        idempotencyKey,
        createdAt: written.createdAt,
        updatedAt: c.updatedAt,
      };
      return { inserted, event, agencyName: counted.agencyName, files: written.files };
    });
    return { row: row.inserted, created: true, event: row.event, agencyName: row.agencyName, files: row.files };
  } catch (error) {
    if (error instanceof CongsoError) throw error;
    // A repeated key (sent again, or by two tabs at once): the unique index let the first win; answer with it.
    if (input.idempotencyKey) {
      const existing = await findDossierByIdempotencyKey(db, actor.id, input.idempotencyKey);
      if (existing) return { row: existing, created: false };
    }
    throw error;
  }
}

/** Officers of the receiving, handling or current agency, or of an agency above them, read a dossier. */
export async function canReadDossier(ctx: AppContext, actor: Actor, row: DossierRow): Promise<boolean> {
  if (actor.id === row.applicantId) return true;
  if (actor.kind !== 'officer' || !actor.active || !actor.agencyId) return false;
  const state = row.state as DossierState;
  const agencies = new Set(
    [row.receivingAgencyId, row.currentAgencyId, state.handlingAgencyId].filter((a): a is string => !!a),
  );
  for (const agency of agencies) {
    if ((await agencyPath(ctx.connection.db, agency)).some((a) => a.id === actor.agencyId)) return true;
  }
  return false;
}

export async function loadDossierFor(ctx: AppContext, actor: Actor, where: { id: string } | { code: string }) {
  const row = await getDossierRow(ctx.connection.db, where);
  if (!row || !(await canReadDossier(ctx, actor, row))) throw new CongsoError('NOT_FOUND');
  return row;
}

/**
 * Applies one action: the state is replayed from the action log, the pure transition decides, and the new
 * state, the event and the audit event are saved together only if nobody acted in between (409 otherwise).
 */
export async function actOnDossier(
  ctx: AppContext,
  actor: Actor,
  id: string,
  expectedVersion: number,
  input: DossierActionInput,
  meta: Meta,
) {
  const db = ctx.connection.db;
  const row = await loadDossierFor(ctx, actor, { id });
  // The version is checked on the state the action applies to: the log may have grown since the row was read.
  const state = replay(await loadDossierEvents(db, id));
  if (state.version !== expectedVersion) {
    throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: state.version } });
  }
  const now = ctx.now();
  const { state: next, event } = applyAction(state, input, { at: now, calendar, actor });
  await checkNamedIds(ctx, event, state);
  const files = filesOfAction(input);
  await db.transaction(async (tx) => {
    if (!(await saveDossierState(tx, next, event, expectedVersion))) {
      throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: null } });
    }
    await attachOrFail(tx, { dossierId: id, ownerId: actor.id, at: now, ...files });
    await notifyApplicant(ctx, tx, event, next, (row.applicant as { email?: string | null }).email);
    await recordAudit(tx, {
      occurredAt: now,
      actorId: actor.id,
      action: `dossier.${event.action}`,
      entityType: 'dossier',
      entityId: id,
      agencyId: next.currentStep?.agencyId ?? next.receivingAgencyId,
      data: { code: next.code, from: event.fromStatus, to: event.toStatus },
      ...meta,
    });
  });
  return (await getDossierRow(db, { id })) as DossierRow;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The ids an action names (the domain checks only that they are text): the agency a dossier is forwarded or
 * sent to must be in force, and the assignee an active officer of the agency holding the step (whom the
 * policy lets act on it). Unknown ids would otherwise fail a foreign key (a 500), and a citizen or another
 * agency's officer would be accepted as assignee.
 */
async function checkNamedIds(ctx: AppContext, event: DossierEvent, before: DossierState) {
  const db = ctx.connection.db;
  const data = event.data as { agencyId?: string; assigneeId?: string };
  const refuse = (path: string, vi: string, en: string) =>
    new CongsoError('VALIDATION_FAILED', {
      messages: { vi, en },
      details: [{ path, code: 'not_found', message: { vi, en } }],
    });
  if (event.action === 'forward' || event.action === 'send_to_agency') {
    const id = data.agencyId ?? '';
    const agency = uuidPattern.test(id) ? await getAgencyById(db, id) : undefined;
    if (!agency || agency.validTo) {
      throw refuse('agencyId', 'Cơ quan được chọn không tồn tại hoặc đã hết hiệu lực.', 'No such agency in force.');
    }
  }
  if (event.action === 'assign') {
    const id = data.assigneeId ?? '';
    const person = uuidPattern.test(id) ? await getPersonById(db, id) : undefined;
    const stepAgency = before.currentStep?.agencyId;
    if (!stepAgency || person?.kind !== 'officer' || !person.active || person.agencyId !== stepAgency) {
      throw refuse(
        'assigneeId',
        'Người được phân công phải là cán bộ đang làm việc tại cơ quan đang xử lý hồ sơ.',
        'The assignee must be an active officer of the agency handling the dossier.',
      );
    }
  }
}

/** The files an action brings: the supplement's documents, the result's electronic copies. */
function filesOfAction(input: DossierActionInput) {
  const items =
    input.action === 'submit_supplement' && Array.isArray(input.documents)
      ? input.documents.map((fileId) => ({ fileId }))
      : input.action === 'issue_result' && Array.isArray(input.documents)
        ? input.documents.flatMap((d) => (d?.fileId ? [{ fileId: d.fileId, documentName: d.name }] : []))
        : [];
  if (items.some((i) => typeof i.fileId !== 'string' || !uuidPattern.test(i.fileId))) throw filesUnavailable();
  if (new Set(items.map((i) => i.fileId)).size !== items.length) throw filesUnavailable();
  return { purpose: input.action === 'submit_supplement' ? ('supplement' as const) : ('result' as const), items };
}

export function actionsFor(actor: Actor, row: DossierRow) {
  return availableActions(actor, row.state as DossierState);
}

/** The applicant's name as the public lookup shows it: "Nguyễn T. H." */
export function maskName(fullName: string): string {
  const parts = fullName.trim().split(/\s+/);
  if (parts.length <= 1) return `${fullName.slice(0, 1)}.`;
  return [parts[0], ...parts.slice(1).map((p) => `${p.slice(0, 1)}.`)].join(' ');
}
