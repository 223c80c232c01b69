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
  receivingAgencyKinds,
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
  insertOpenedDossiers,
  loadDossierEvents,
  nextDossierSequence,
  nextDossierSequencesAtAgencies,
  type OpenedDossier,
  recordAudit,
  saveDossierState,
} from '@congso/db';
import { catalogCache, vietnamDate } from '../catalog/catalog-index';
import { isDatabaseUnreachable } from '../http/errors';
import { isUuid } from '../http/schemas';
import { applicantNotice, EMAILS_PER_JOB, notifyApplicant } from '../notifications/notifications.service';
import { type Batcher, createBatcher, nameBatcher, type Settled } from '../platform/batcher';
import type { AppContext } from '../platform/context';
import { type ReceivingAgency, receivingAgencyCache } from './receiving-agencies';

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

/** A filing checked outside any transaction, waiting for its code and its writes (`writeFilings`). */
interface PreparedFiling {
  id: string;
  actor: Actor;
  mode: 'online' | 'counter';
  procedureVersionId: string;
  procedure: Procedure;
  agency: ReceivingAgency;
  /** Empty for a citizen first met at the counter: their account is made in the filing's transaction. */
  applicantId: string;
  applicant: ApplicantInput;
  channel: 'counter' | 'postal';
  documents: readonly FiledDocument[];
  idempotencyKey: string | null;
  now: Date;
  meta: Meta;
}

/** What a new dossier's detail shows without reading it back. */
export interface FiledDossier {
  row: DossierRow;
  event: DossierEvent;
  agencyName: string;
  files: AttachedFile[];
}

/**
 * Writes prepared filings in the transaction `tx`, any number at once: applicants first met at the counter,
 * the days' sequence numbers (one statement for all the agencies), then every dossier with its first event,
 * files, notification and audit event (one statement), then the e-mail jobs (one statement). Throws — and the
 * caller rolls back, giving the numbers back — when any of them cannot be written.
 */
async function writeFilings(
  ctx: AppContext,
  tx: Executor,
  filings: readonly PreparedFiling[],
): Promise<FiledDossier[]> {
  // Kept apart from the filings: a rolled-back transaction must not leave them an account that is not there.
  const applicantIds = new Map<PreparedFiling, string>();
  for (const f of filings) {
    if (f.applicantId) {
      applicantIds.set(f, f.applicantId);
      continue;
    }
    // A citizen first met at the counter: an account without a password (they can claim it later).
    const person = await ensurePerson(tx, {
      kind: 'citizen',
      username: f.applicant.nationalId,
      nationalId: f.applicant.nationalId,
      fullName: f.applicant.fullName,
      phone: f.applicant.phone,
      email: f.applicant.email ?? null,
    });
    applicantIds.set(f, person.id);
  }
  // The agencies' checks and the days' counters in one statement: an agency closed since it was read (by any
  // process) is refused here, in the transaction.
  const groups = new Map<string, { agency: ReceivingAgency; dayKey: string; filings: PreparedFiling[] }>();
  for (const f of filings) {
    const dayKey = dossierDayKey(f.agency.code, f.now);
    const key = `${f.agency.id} ${dayKey}`;
    const group = groups.get(key) ?? { agency: f.agency, dayKey, filings: [] };
    group.filings.push(f);
    groups.set(key, group);
  }
  const counted = await nextDossierSequencesAtAgencies(
    tx,
    [...groups.values()].map((g) => ({
      agencyId: g.agency.id,
      agencyCode: g.agency.code,
      dayKey: g.dayKey,
      count: g.filings.length,
    })),
  );
  const numbered: { filing: PreparedFiling; agency: ReceivingAgency; sequence: number }[] = [];
  const agencies = receivingAgencyCache(ctx);
  for (const group of groups.values()) {
    const got = counted.get(group.dayKey);
    if (got) {
      const first = got.last - group.filings.length + 1;
      group.filings.forEach((filing, i) => {
        numbered.push({ filing, agency: { ...group.agency, name: got.agencyName }, sequence: first + i });
      });
      continue;
    }
    // The agency changed its code or closed since this process read it.
    const agency = await agencies.read(tx, group.agency.id); // VALIDATION_FAILED when closed or gone
    for (const filing of group.filings) {
      numbered.push({
        filing,
        agency,
        sequence: await nextDossierSequence(tx, dossierDayKey(agency.code, filing.now)),
      });
    }
  }
  const opened = numbered.map(({ filing: f, agency, sequence }) => {
    const code = formatDossierCode(agency.code, f.now, sequence);
    const { state, event } = openDossier(
      {
        action: f.mode === 'online' ? 'submit_online' : 'receive',
        id: f.id,
        code,
        applicantId: applicantIds.get(f) as string,
        receivingAgencyId: agency.id,
        ...(f.mode === 'counter' ? { channel: f.channel } : {}),
        procedure: snapshotProcedure(f.procedure, f.procedureVersionId),
      },
      { at: f.now, calendar, actor: f.actor },
    );
    const items = f.documents.flatMap((d) =>
      d.fileIds.map((fileId) => ({
        fileId,
        documentIndex: d.index,
        documentName: f.procedure.requiredDocuments[d.index]?.name ?? d.name,
      })),
    );
    const notice = applicantNotice(event, state, f.applicant.email);
    const dossier: OpenedDossier = {
      state,
      event,
      procedureVersionId: f.procedureVersionId,
      procedureName: f.procedure.name,
      applicant: { ...f.applicant },
      lookupSecret: phoneDigits(f.applicant.phone).slice(-4),
      idempotencyKey: f.mode === 'online' ? f.idempotencyKey : null,
      files: { ownerId: f.actor.id, items },
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
        occurredAt: f.now,
        actorId: f.actor.id,
        action: `dossier.${event.action}`,
        agencyId: agency.id,
        data: { code },
        ip: f.meta.ip,
        requestId: f.meta.requestId,
      },
    };
    return { filing: f, agency, dossier, notice };
  });
  const written = await insertOpenedDossiers(
    tx,
    opened.map((o) => o.dossier),
  );
  opened.forEach((o, i) => {
    if (written[i]?.files.length !== o.dossier.files.items.length) throw filesUnavailable();
  });
  // The e-mails go by jobs of a few notifications each: one job for one filing costs the queue as much as
  // the filing itself.
  const emailIds = opened.flatMap((o) => (o.notice?.emailTo ? [o.notice.id] : []));
  const emails: { notificationIds: string[] }[] = [];
  for (let i = 0; i < emailIds.length; i += EMAILS_PER_JOB) {
    emails.push({ notificationIds: emailIds.slice(i, i + EMAILS_PER_JOB) });
  }
  await ctx.jobs.sendMany(tx, 'notification.email', emails);
  // The rows as written (the same values the insert got), without reading them back.
  const answers = new Map(
    opened.map((o, i) => {
      const { state, event } = o.dossier;
      const c = dossierColumns(state);
      const row: DossierRow = {
        id: state.id,
        code: state.code,
        procedureVersionId: o.dossier.procedureVersionId,
        procedureCode: state.procedure.code,
        procedureName: o.dossier.procedureName,
        receivingAgencyId: state.receivingAgencyId,
        currentAgencyId: c.currentAgencyId,
        assigneeId: c.assigneeId,
        applicantId: state.applicantId,
        applicant: o.dossier.applicant,
        lookupSecret: o.dossier.lookupSecret,
        channel: state.channel,
        status: c.status,
        version: c.version,
        submittedAt: state.submittedAt,
        receivedAt: c.receivedAt,
        dueAt: c.dueAt,
        finishedAt: c.finishedAt,
        outcome: c.outcome,
        state,
        idempotencyKey: o.dossier.idempotencyKey,
        createdAt: (written[i] as { createdAt: Date }).createdAt,
        updatedAt: c.updatedAt,
      };
      const answer: FiledDossier = {
        row,
        event,
        agencyName: o.agency.name,
        files: (written[i] as { files: AttachedFile[] }).files,
      };
      return [o.filing, answer] as const;
    }),
  );
  return filings.map((f) => answers.get(f) as FiledDossier);
}

/** Most filings written in one transaction, and transactions of filings at once, per process. */
const FILING_BATCH = { maxBatch: 100, maxInFlight: 4 };

const filingBatchers = new WeakMap<AppContext, Batcher<PreparedFiling, FiledDossier>>();

/**
 * Filings that arrive while others are being written go together in one transaction (group commit: one
 * commit and a handful of statements for all of them). When that transaction fails, its filings are written
 * again in two halves, and so on, so one filing's problem (a file already attached elsewhere, a repeated
 * Idempotency-Key, an agency closed) ends as that filing's answer only while the others still go together; a
 * database that cannot be reached fails them all at once.
 */
function filingBatcher(ctx: AppContext): Batcher<PreparedFiling, FiledDossier> {
  let batcher = filingBatchers.get(ctx);
  if (!batcher) {
    const write = async (filings: PreparedFiling[]): Promise<Settled<FiledDossier>[]> => {
      try {
        const written = await ctx.connection.db.transaction((tx) => writeFilings(ctx, tx, filings));
        return written.map((value) => ({ ok: true, value }));
      } catch (error) {
        if (isDatabaseUnreachable(error)) throw error;
        if (filings.length === 1) return [{ ok: false, error }];
        const middle = Math.ceil(filings.length / 2);
        const [first, second] = await Promise.all([write(filings.slice(0, middle)), write(filings.slice(middle))]);
        return [...first, ...second];
      }
    };
    batcher = createBatcher<PreparedFiling, FiledDossier>(write, {
      ...FILING_BATCH,
      maxInFlight: ctx.connection.kind === 'pglite' ? 1 : FILING_BATCH.maxInFlight,
      // An agency's filings never run in two transactions at once: each would wait for the other's day
      // counter until it commits. Transactions of other agencies' filings run side by side.
      keyOf: (filing) => filing.agency.id,
    });
    filingBatchers.set(ctx, nameBatcher(ctx, 'filings', batcher));
  }
  return batcher;
}

/**
 * Files a dossier: online by the applicant (`submit_online`), or at the counter by a one-stop clerk
 * (`receive`: filed and received at once). Checked here, then written in one transaction (with the filings
 * that arrive meanwhile, see `filingBatcher`): the day's sequence number, the dossier, its first event,
 * files, notification, e-mail job and the audit event. A repeated online filing with the same
 * Idempotency-Key returns the first dossier.
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
  const agency = await receivingAgencyCache(ctx).get(input.receivingAgencyId);
  const data = procedure.data as Procedure;
  if (input.mode === 'online' && !data.channels.includes('online')) {
    throw new CongsoError('INVALID_STATE', {
      messages: {
        vi: 'Thủ tục này không nhận hồ sơ trực tuyến.',
        en: 'This procedure does not accept online filings.',
      },
    });
  }
  // Online, a procedure is filed with an agency of its level (the portal offers only those); at the counter
  // the clerk's own desk receives and forwards it to whoever handles it.
  if (input.mode === 'online' && !receivingAgencyKinds(data.levels).some((k) => k === agency.kind)) {
    throw new CongsoError('VALIDATION_FAILED', {
      messages: {
        vi: `${agency.name} không tiếp nhận thủ tục này trực tuyến; hãy chọn cơ quan tiếp nhận trong danh sách của thủ tục.`,
        en: `${agency.name} does not receive this procedure online; choose a receiving agency from the procedure's list.`,
      },
      details: [{ path: 'receivingAgencyId', code: 'wrong_level' }],
    });
  }
  const documents = input.documents ?? [];
  checkFiledDocuments(data, documents, input.mode === 'online');
  let applicantId = actor.id;
  if (input.mode === 'counter') {
    const citizen = await getPersonByUsername(db, input.applicant.nationalId);
    applicantId = citizen?.id ?? '';
  }
  try {
    const filed = await filingBatcher(ctx).submit({
      id: randomUUID(),
      actor,
      mode: input.mode,
      procedureVersionId: procedure.id,
      procedure: data,
      agency,
      applicantId,
      applicant: input.applicant,
      channel: input.channel ?? 'counter',
      documents,
      idempotencyKey: input.mode === 'online' ? input.idempotencyKey : null,
      now,
      meta,
    });
    return { ...filed, created: true };
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
    const agency = isUuid(id) ? await getAgencyById(db, id) : undefined;
    if (!agency || agency.validTo) {
      throw refuse('agencyId', 'Cơ quan được chọn không tồn tại hoặc đã hết hiệu lực.', 'No such agency in force.');
    }
  }
  if (event.action === 'assign') {
    const id = data.assigneeId ?? '';
    const person = isUuid(id) ? await getPersonById(db, id) : undefined;
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

/** The files an action brings: the supplement's files, the result documents' electronic copies. */
function filesOfAction(input: DossierActionInput) {
  const items =
    input.action === 'submit_supplement'
      ? (input.fileIds ?? []).map((fileId) => ({ fileId }))
      : input.action === 'issue_result'
        ? input.results.flatMap((d) => (d.fileId ? [{ fileId: d.fileId, documentName: d.name }] : []))
        : [];
  if (items.some((i) => !isUuid(i.fileId))) throw filesUnavailable();
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
