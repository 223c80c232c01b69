/**
 * Writing filings: many at once in one transaction (group commit, `createFilingBatcher`): the applicants first
 * met at the counter, the days' sequence numbers, every dossier with its first event, files, notification and
 * audit event, then the e-mail jobs. The checks before are filing.ts's.
 */

import {
  type Actor,
  type ApplicantInput,
  CongsoError,
  createVietnamCalendar,
  type DossierEvent,
  deadlineWorkingHours,
  dossierDayKey,
  type FiledDocumentInput,
  formatDossierCode,
  type OpeningDocument,
  openDossier,
  type Procedure,
  type ProcedureSnapshot,
  type ReceivedDocumentInput,
  type ReusedDocument,
} from '@congso/core';
import {
  type AttachedFile,
  type DossierRow,
  dossierColumns,
  type Executor,
  ensurePerson,
  insertOpenedDossiers,
  nextDossierSequence,
  nextDossierSequencesAtAgencies,
  type OpenedDossier,
  queryRows,
  sql,
} from '@congso/db';
import { isDatabaseUnreachable } from '../http/errors';
import { applicantNotice, EMAILS_PER_JOB } from '../notifications/notifications.service';
import { type Batcher, createBatcher, type Settled } from '../platform/batcher';
import type { AppContext } from '../platform/context';
import { emitWebhookEvents } from '../webhooks/webhooks.service';
import { filesUnavailable, type RequestMeta } from './acting';
import type { ReceivingAgency } from './receiving-agencies';

const calendar = createVietnamCalendar();

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

const phoneDigits = (phone: string) => phone.replace(/\D/g, '');

/** The files given for one required document of the procedure (its position and name in the version). */
export type FiledDocument = FiledDocumentInput &
  Partial<Pick<ReceivedDocumentInput, 'form' | 'copies'>> & {
    /** Items of the data store taken for it, checked by `resolveReuse`. */
    reused?: readonly ReusedDocument[] | undefined;
  };

/** A filing checked outside any transaction, waiting for its code and its writes (`writeFilings`). */
export interface PreparedFiling {
  id: string;
  actor: Actor;
  mode: 'online' | 'counter';
  procedureVersionId: string;
  procedure: Procedure;
  agency: ReceivingAgency;
  /** Empty for a citizen first met at the counter: their account is made in the filing's transaction. */
  applicantId: string;
  applicant: ApplicantInput;
  /** The organisation the applicant files for (a link in force checked by `fileDossier`), else null. */
  organisationId?: string | null;
  channel: 'counter' | 'postal';
  documents: readonly FiledDocument[];
  idempotencyKey: string | null;
  now: Date;
  meta: RequestMeta;
  /** The national population database lookup the applicant came from: marks the dossier (its time). */
  populationLookup?: { id: string; at: Date } | null;
}

/** What a new dossier's detail shows without reading it back. */
export interface FiledDossier {
  row: DossierRow;
  event: DossierEvent;
  agencyName: string;
  files: AttachedFile[];
}

/**
 * What a dossier keeps of its documents for the receipt: online, the e-form's entries with their files; at the
 * counter, what the clerk received, in which form and how many (by default the procedure's own count).
 */
function openingDocuments(f: PreparedFiling): OpeningDocument[] {
  return f.documents.map((d) => {
    const required = f.procedure.requiredDocuments[d.index];
    const name = required?.name ?? d.name;
    const reused = d.reused && d.reused.length > 0 ? { reused: [...d.reused] } : {};
    if (f.mode === 'online') return { index: d.index, name, fileIds: [...d.fileIds], ...reused };
    const form = d.form ?? (required && required.original === 0 && required.copy > 0 ? 'copy' : 'original');
    const usual = form === 'original' ? required?.original : required?.copy;
    return {
      index: d.index,
      name,
      fileIds: [...d.fileIds],
      ...reused,
      form,
      copies: d.copies ?? Math.max(1, usual ?? 1),
    };
  });
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
  const agencies = ctx.memory.receivingAgencies;
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
        documents: openingDocuments(f),
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
      idempotencyKey: f.idempotencyKey,
      organisationId: f.organisationId ?? null,
      files: { ownerId: f.actor.id, items },
      reused: f.documents.flatMap((d) =>
        (d.reused ?? []).map((r) => ({
          itemId: r.itemId,
          documentIndex: d.index,
          fileId: r.fileId,
          sourceDossierId: r.sourceDossierId,
        })),
      ),
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
  for (const o of opened) {
    const lookup = o.filing.populationLookup;
    if (lookup) await markPopulationDataUsed(tx, o.dossier.state.id, lookup);
  }
  // The e-mails go by jobs of a few notifications each: one job for one filing costs the queue as much as
  // the filing itself.
  const emailIds = opened.flatMap((o) => (o.notice?.emailTo ? [o.notice.id] : []));
  const emails: { notificationIds: string[] }[] = [];
  for (let i = 0; i < emailIds.length; i += EMAILS_PER_JOB) {
    emails.push({ notificationIds: emailIds.slice(i, i + EMAILS_PER_JOB) });
  }
  await ctx.jobs.sendMany(tx, 'notification.email', emails);
  await emitWebhookEvents(
    ctx,
    tx,
    opened.map(({ dossier: { state } }) => ({
      type: 'vn.congso.dossier.created' as const,
      subject: state.code,
      time: state.submittedAt,
      data: {
        id: state.id,
        code: state.code,
        procedureCode: state.procedure.code,
        receivingAgencyId: state.receivingAgencyId,
        status: state.status,
        version: state.version,
      },
    })),
  );
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
        paidOnlineAt: null,
        state,
        idempotencyKey: o.dossier.idempotencyKey,
        organisationId: o.dossier.organisationId ?? null,
        digitisedAt: null,
        resultElectronicAt: null,
        reusedDataAt: o.dossier.reused && o.dossier.reused.length > 0 ? event.at : null,
        populationDataUsedAt: o.filing.populationLookup?.at ?? null,
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

/**
 * Filings that arrive while others are being written go together in one transaction (group commit: one
 * commit and a handful of statements for all of them). When that transaction fails, its filings are written
 * again in two halves, and so on, so one filing's problem (a file already attached elsewhere, a repeated
 * Idempotency-Key, an agency closed) ends as that filing's answer only while the others still go together; a
 * database that cannot be reached fails them all at once.
 */
export function createFilingBatcher(ctx: AppContext): Batcher<PreparedFiling, FiledDossier> {
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
  return createBatcher<PreparedFiling, FiledDossier>(write, {
    ...FILING_BATCH,
    maxInFlight: ctx.connection.kind === 'pglite' ? 1 : FILING_BATCH.maxInFlight,
    // An agency's filings never run in two transactions at once: each would wait for the other's day
    // counter until it commits. Transactions of other agencies' filings run side by side.
    keyOf: (filing) => filing.agency.id,
  });
}

/**
 * Marks a new dossier as filed with data from the national population database (the lookup's time) and claims
 * the lookup for it: a lookup serves one dossier (a second filing with it fails and rolls back).
 */
async function markPopulationDataUsed(tx: Executor, dossierId: string, lookup: { id: string; at: Date }) {
  const claimed = await queryRows<{ id: string }>(
    tx,
    sql`update population_lookups set dossier_id = ${dossierId} where id = ${lookup.id} and dossier_id is null returning id`,
  );
  if (claimed.length !== 1) {
    throw new CongsoError('VALIDATION_FAILED', {
      details: [{ path: 'populationLookupId', code: 'already_used' }],
    });
  }
  await queryRows(
    tx,
    sql`update dossiers set population_data_used_at = ${lookup.at.toISOString()}::timestamptz where id = ${dossierId} returning id`,
  );
}
