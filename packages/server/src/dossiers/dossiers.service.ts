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
  agencyPath,
  type DossierRow,
  ensurePerson,
  findDossierByIdempotencyKey,
  getAgencyById,
  getDossierRow,
  getPersonById,
  getPersonByUsername,
  insertDossier,
  loadDossierEvents,
  nextDossierSequence,
  recordAudit,
  saveDossierState,
} from '@congso/db';
import { catalogCache, vietnamDate } from '../catalog/catalog-index';
import type { AppContext } from '../platform/context';

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

async function receivingAgency(ctx: AppContext, id: string) {
  const agency = await getAgencyById(ctx.connection.db, id);
  if (!agency || agency.validTo) {
    throw new CongsoError('VALIDATION_FAILED', {
      messages: { vi: 'Cơ quan tiếp nhận không hợp lệ.', en: 'The receiving agency is not valid.' },
      details: [{ path: 'receivingAgencyId', code: 'not_found' }],
    });
  }
  return agency;
}

const phoneDigits = (phone: string) => phone.replace(/\D/g, '');

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
    idempotencyKey: string | null;
  },
  meta: Meta,
): Promise<{ row: DossierRow; created: boolean; event?: DossierEvent; agencyName?: string }> {
  const db = ctx.connection.db;
  // No look-up of the Idempotency-Key first: the unique index decides. A repeat fails its insert, its
  // transaction rolls back (giving its sequence number back) and the first dossier is answered below.
  const now = ctx.now();
  if (!isValidNationalId(input.applicant.nationalId, Number(vietnamDate(now).slice(0, 4)))) {
    throw new CongsoError('INVALID_NATIONAL_ID', { details: [{ path: 'applicant.nationalId', code: 'invalid' }] });
  }
  const procedure = await procedureForFiling(ctx, input.procedureCode);
  const agency = await receivingAgency(ctx, input.receivingAgencyId);
  const data = procedure.data as Procedure;
  if (input.mode === 'online' && !data.channels.includes('online')) {
    throw new CongsoError('INVALID_STATE', {
      messages: {
        vi: 'Thủ tục này không nhận hồ sơ trực tuyến.',
        en: 'This procedure does not accept online filings.',
      },
    });
  }
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
      const seq = await nextDossierSequence(tx, dossierDayKey(agency.code, now));
      const code = formatDossierCode(agency.code, now, seq);
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
      const inserted = await insertDossier(tx, {
        state,
        event,
        procedureVersionId: procedure.id,
        procedureName: data.name,
        applicant: { ...input.applicant },
        lookupSecret: phoneDigits(input.applicant.phone).slice(-4),
        idempotencyKey: input.mode === 'online' ? input.idempotencyKey : null,
      });
      await recordAudit(tx, {
        occurredAt: now,
        actorId: actor.id,
        action: `dossier.${event.action}`,
        entityType: 'dossier',
        entityId: id,
        agencyId: agency.id,
        data: { code },
        ...meta,
      });
      return { inserted, event };
    });
    return { row: row.inserted, created: true, event: row.event, agencyName: agency.name };
  } catch (error) {
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
  await db.transaction(async (tx) => {
    if (!(await saveDossierState(tx, next, event, expectedVersion))) {
      throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: null } });
    }
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

export function actionsFor(actor: Actor, row: DossierRow) {
  return availableActions(actor, row.state as DossierState);
}

/** The applicant's name as the public lookup shows it: "Nguyễn T. H." */
export function maskName(fullName: string): string {
  const parts = fullName.trim().split(/\s+/);
  if (parts.length <= 1) return `${fullName.slice(0, 1)}.`;
  return [parts[0], ...parts.slice(1).map((p) => `${p.slice(0, 1)}.`)].join(' ');
}
