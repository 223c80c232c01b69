/**
 * Fees: the schedule of a procedure version (the province's, else the one read from the catalogue's text),
 * its edit by the province (version check, effective dates, audit), and the fee request on a dossier (the
 * assessment with the exemptions the officer checked, the dossier's `request_payment`, the fee row).
 */
import {
  type Actor,
  assessFee,
  type Channel,
  CongsoError,
  canPerform,
  type DossierState,
  type FeeDueMoment,
  type FeeSchedule,
  feeScheduleFromProcedure,
  isActionPossible,
  type Procedure,
  replay,
  SYSTEM_ACTOR,
  vnDateKey,
} from '@congso/core';
import {
  closeFeeSchedule,
  type DossierRow,
  getDossierRow,
  getFeeScheduleInForce,
  getProcedureVersion,
  insertDossierFee,
  insertFeeSchedule,
  listDossierFees,
  loadDossierEvents,
  lockCurrentFeeSchedule,
  type ProcedureVersionRow,
  queryRows,
  recordAudit,
  sql,
  updateFeeSchedule,
} from '@congso/db';
import { type ActOptions, actOnDossier, type RequestMeta } from '../dossiers/acting';
import { loadDossierFor } from '../dossiers/read-access';
import type { AppContext } from '../platform/context';

export interface ScheduleInForce {
  procedureVersionId: string;
  /** `province`: set by the province; `catalog`: read from the catalogue's text. */
  source: 'province' | 'catalog';
  /** The period's version (0 when the province never set one). */
  version: number;
  validFrom: string | null;
  validTo: string | null;
  schedule: FeeSchedule;
}

/** The schedule of a procedure version on a date: the province's period, else the catalogue's reading. */
export async function feeScheduleOf(
  ctx: AppContext,
  version: ProcedureVersionRow,
  on: string,
): Promise<ScheduleInForce> {
  const row = await getFeeScheduleInForce(ctx.connection.db, version.id, on);
  if (row) {
    return {
      procedureVersionId: version.id,
      source: 'province',
      version: row.version,
      validFrom: row.validFrom,
      validTo: row.validTo,
      schedule: row.schedule,
    };
  }
  return {
    procedureVersionId: version.id,
    source: 'catalog',
    version: 0,
    validFrom: null,
    validTo: null,
    schedule: feeScheduleFromProcedure(version.data as Procedure),
  };
}

/** The calendar day before a YYYY-MM-DD date. */
const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * Sets the schedule of a procedure version from `validFrom`: the same date edits the open period, a later
 * one closes it the day before and opens a new one. `expectedVersion` is the open period's (0: none yet).
 */
export async function saveFeeSchedule(
  ctx: AppContext,
  actor: Actor,
  procedureVersionId: string,
  input: { expectedVersion: number; validFrom: string; reason: string; schedule: FeeSchedule },
  meta: RequestMeta,
): Promise<ScheduleInForce> {
  const db = ctx.connection.db;
  const version = await getProcedureVersion(db, procedureVersionId);
  if (!version) throw new CongsoError('NOT_FOUND');
  const now = ctx.now();
  const saved = await db.transaction(async (tx) => {
    // One editor at a time per procedure version (the first period has no row to lock yet).
    await queryRows(tx, sql`select pg_advisory_xact_lock(hashtext(${`fees:${procedureVersionId}`}))`);
    const current = await lockCurrentFeeSchedule(tx, procedureVersionId);
    if ((current?.version ?? 0) !== input.expectedVersion) {
      throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: current?.version ?? 0 } });
    }
    const values = { schedule: input.schedule, updatedBy: actor.id, updatedAt: now };
    let row: Awaited<ReturnType<typeof insertFeeSchedule>>;
    if (current && current.validFrom === input.validFrom) {
      row = await updateFeeSchedule(tx, current.id, values);
    } else {
      if (current && input.validFrom < current.validFrom) {
        throw new CongsoError('VALIDATION_FAILED', {
          details: [
            {
              path: 'validFrom',
              code: 'range',
              message: {
                vi: `Ngày hiệu lực không được trước ngày hiệu lực hiện tại (${current.validFrom}).`,
                en: `The date cannot be before the current period's (${current.validFrom}).`,
              },
            },
          ],
        });
      }
      if (current) await closeFeeSchedule(tx, current.id, dayBefore(input.validFrom));
      row = await insertFeeSchedule(tx, { procedureVersionId, validFrom: input.validFrom, ...values });
    }
    await recordAudit(tx, {
      occurredAt: now,
      actorId: actor.id,
      action: 'fee_schedule.save',
      entityType: 'procedure_version',
      entityId: procedureVersionId,
      reason: input.reason,
      data: {
        code: version.code,
        validFrom: input.validFrom,
        version: row.version,
        items: input.schedule.items.map((i) => ({ id: i.id, amounts: i.amounts })),
        exemptions: input.schedule.exemptions.map((e) => e.id),
        collector: input.schedule.collector.kind,
      },
      ...meta,
    });
    return row;
  });
  return {
    procedureVersionId,
    source: 'province',
    version: saved.version,
    validFrom: saved.validFrom,
    validTo: saved.validTo,
    schedule: saved.schedule,
  };
}

/** The schedule a dossier pays under: its procedure version's, in force today. */
export async function feeScheduleOfDossier(ctx: AppContext, row: DossierRow): Promise<ScheduleInForce> {
  const version = await getProcedureVersion(ctx.connection.db, row.procedureVersionId);
  if (!version) throw new CongsoError('NOT_FOUND');
  return feeScheduleOf(ctx, version, vnDateKey(ctx.now()));
}

/** Which payment moment a dossier is at: before receipt or during processing → filing, once issued → result. */
export function dueMomentOf(state: DossierState): FeeDueMoment {
  return state.status === 'processed' ? 'result' : 'filing';
}

/**
 * Asks the dossier's fee: assessed from the schedule for its channel and moment with the exemptions the
 * officer checked. Nothing left to pay (exempt, or nothing due now): an `exempt` row and its audit event,
 * the dossier unchanged. Otherwise the dossier's `request_payment` with the fee row, in one transaction.
 */
export async function requestFee(
  ctx: AppContext,
  actor: Actor,
  dossierId: string,
  input: { version: number; exemptionIds: readonly string[] },
  meta: RequestMeta,
  options: Pick<ActOptions, 'system'> = {},
) {
  const db = ctx.connection.db;
  const row = options.system
    ? await getDossierRow(db, { id: dossierId })
    : await loadDossierFor(ctx, actor, { id: dossierId });
  if (!row) throw new CongsoError('NOT_FOUND');
  const state = replay(await loadDossierEvents(db, dossierId));
  if (state.version !== input.version) {
    throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: state.version } });
  }
  if (!isActionPossible(state, 'request_payment')) {
    throw new CongsoError('INVALID_STATE', { details: { status: state.status, action: 'request_payment' } });
  }
  if (!canPerform(actor, state, 'request_payment')) throw new CongsoError('FORBIDDEN');
  const { schedule } = await feeScheduleOfDossier(ctx, row);
  const due = dueMomentOf(state);
  const assessment = assessFee(schedule, {
    channel: state.channel as Channel,
    exemptionIds: input.exemptionIds,
    due,
  });
  const fee = { assessment, due, collector: schedule.collector };
  if (assessment.total === 0) {
    const now = ctx.now();
    const saved = await db.transaction(async (tx) => {
      const inserted = await insertDossierFee(tx, {
        dossierId,
        requestVersion: null,
        due,
        channel: state.channel,
        assessment,
        collector: schedule.collector,
        status: 'exempt',
        requestedAt: now,
        requestedBy: actor.id,
      });
      await recordAudit(tx, {
        occurredAt: now,
        actorId: actor.id,
        action: 'dossier.fee_exempt',
        entityType: 'dossier',
        entityId: dossierId,
        agencyId: state.currentStep?.agencyId ?? state.receivingAgencyId,
        data: { code: state.code, lines: assessment.lines.map((l) => [l.itemId, l.exemption?.id ?? null]) },
        ...meta,
      });
      return inserted;
    });
    return { dossier: row, fee: saved };
  }
  const description = assessment.lines
    .filter((l) => l.amount > 0)
    .map((l) => `${l.name}: ${l.amount.toLocaleString('vi-VN')} đồng`)
    .join('; ');
  const dossier = await actOnDossier(
    ctx,
    actor,
    dossierId,
    input.version,
    { action: 'request_payment', amount: assessment.total, description: description.slice(0, 2000) },
    meta,
    { fee, system: options.system },
  );
  const fees = await listDossierFees(db, dossierId);
  return { dossier, fee: fees.find((f) => f.status === 'requested') ?? null };
}

/**
 * The fee at filing, asked by the installation right after a dossier is filed (online or at the counter) when
 * the procedure's schedule set by the province has an amount due at filing for the dossier's channel: the
 * dossier waits in `waiting_payment` (online: before the desk receives it, the clock not started; at the
 * counter: the clock paused as applicant time). A schedule only read from the catalogue's text is not enough:
 * nobody is asked money on an unreviewed reading. Exemptions the applicant proves are the desk's (waive_payment).
 * Returns the dossier's row after the request, or null when nothing was asked.
 */
export async function askFeeAtFiling(ctx: AppContext, row: DossierRow, meta: RequestMeta): Promise<DossierRow | null> {
  if (row.status !== 'receiving' && row.status !== 'received') return null;
  const schedule = await getFeeScheduleInForce(ctx.connection.db, row.procedureVersionId, vnDateKey(ctx.now()));
  if (!schedule) return null;
  const channel = ((row.state as DossierState).channel ?? 'online') as Channel;
  if (assessFee(schedule.schedule, { channel, due: 'filing' }).total === 0) return null;
  const { dossier } = await requestFee(ctx, SYSTEM_ACTOR, row.id, { version: row.version, exemptionIds: [] }, meta, {
    system: true,
  });
  return dossier;
}
