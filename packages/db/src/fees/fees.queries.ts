import type { FeeAssessment, FeeCollector, FeeDueMoment, FeeSchedule } from '@congso/core';
import { and, asc, desc, eq, gte, isNull, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../connection';
import { dossierFees, feeSchedules } from '../schema/index';

export type FeeScheduleRow = Omit<typeof feeSchedules.$inferSelect, 'schedule'> & { schedule: FeeSchedule };
export type DossierFeeRow = Omit<typeof dossierFees.$inferSelect, 'lines' | 'collector'> & {
  lines: FeeAssessment['lines'];
  collector: FeeCollector;
};
export type DossierFeeStatus = 'requested' | 'paid' | 'waived' | 'cancelled' | 'exempt';

/** The province's schedule of a procedure version in force on a date (YYYY-MM-DD), if it set one. */
export async function getFeeScheduleInForce(
  db: Executor,
  procedureVersionId: string,
  on: string,
): Promise<FeeScheduleRow | undefined> {
  const [row] = await db
    .select()
    .from(feeSchedules)
    .where(
      and(
        eq(feeSchedules.procedureVersionId, procedureVersionId),
        lte(feeSchedules.validFrom, on),
        or(isNull(feeSchedules.validTo), gte(feeSchedules.validTo, on)),
      ),
    )
    .orderBy(desc(feeSchedules.validFrom))
    .limit(1);
  return row as FeeScheduleRow | undefined;
}

/** Every period the province set for a procedure version, oldest first. */
export async function listFeeSchedules(db: Executor, procedureVersionId: string): Promise<FeeScheduleRow[]> {
  const rows = await db
    .select()
    .from(feeSchedules)
    .where(eq(feeSchedules.procedureVersionId, procedureVersionId))
    .orderBy(asc(feeSchedules.validFrom));
  return rows as FeeScheduleRow[];
}

/** The open period (no end), locked for the edit. */
export async function lockCurrentFeeSchedule(tx: Executor, procedureVersionId: string) {
  const [row] = await tx
    .select()
    .from(feeSchedules)
    .where(and(eq(feeSchedules.procedureVersionId, procedureVersionId), isNull(feeSchedules.validTo)))
    .for('update')
    .limit(1);
  return row as FeeScheduleRow | undefined;
}

/** Replaces the schedule of a period (its version + 1). */
export async function updateFeeSchedule(
  tx: Executor,
  id: string,
  values: { schedule: FeeSchedule; updatedBy: string; updatedAt: Date },
) {
  const [row] = await tx
    .update(feeSchedules)
    .set({ ...values, version: sql`${feeSchedules.version} + 1` })
    .where(eq(feeSchedules.id, id))
    .returning();
  return row as FeeScheduleRow;
}

/** Ends a period the day before the next one starts. */
export async function closeFeeSchedule(tx: Executor, id: string, validTo: string) {
  await tx.update(feeSchedules).set({ validTo }).where(eq(feeSchedules.id, id));
}

export async function insertFeeSchedule(
  tx: Executor,
  values: { procedureVersionId: string; validFrom: string; schedule: FeeSchedule; updatedBy: string; updatedAt: Date },
) {
  const [row] = await tx.insert(feeSchedules).values(values).returning();
  return row as FeeScheduleRow;
}

export interface NewDossierFee {
  dossierId: string;
  requestVersion: number | null;
  due: FeeDueMoment;
  channel: string;
  assessment: FeeAssessment;
  collector: FeeCollector;
  status: 'requested' | 'exempt';
  requestedAt: Date;
  requestedBy: string | null;
}

export async function insertDossierFee(tx: Executor, fee: NewDossierFee): Promise<DossierFeeRow> {
  const [row] = await tx
    .insert(dossierFees)
    .values({
      dossierId: fee.dossierId,
      requestVersion: fee.requestVersion,
      due: fee.due,
      channel: fee.channel,
      lines: fee.assessment.lines,
      total: fee.assessment.total,
      collector: fee.collector,
      status: fee.status,
      requestedAt: fee.requestedAt,
      requestedBy: fee.requestedBy,
      settledAt: fee.status === 'exempt' ? fee.requestedAt : null,
    })
    .returning();
  return row as DossierFeeRow;
}

/** Settles the dossier's open fee request (paid, waived, or cancelled when the dossier ends). */
export async function settleDossierFee(
  tx: Executor,
  dossierId: string,
  status: 'paid' | 'waived' | 'cancelled',
  at: Date,
): Promise<DossierFeeRow | undefined> {
  const [row] = await tx
    .update(dossierFees)
    .set({ status, settledAt: at })
    .where(and(eq(dossierFees.dossierId, dossierId), eq(dossierFees.status, 'requested')))
    .returning();
  return row as DossierFeeRow | undefined;
}

export async function listDossierFees(db: Executor, dossierId: string): Promise<DossierFeeRow[]> {
  const rows = await db
    .select()
    .from(dossierFees)
    .where(eq(dossierFees.dossierId, dossierId))
    .orderBy(asc(dossierFees.requestedAt));
  return rows as DossierFeeRow[];
}

export async function getDossierFee(db: Executor, id: string): Promise<DossierFeeRow | undefined> {
  const [row] = await db.select().from(dossierFees).where(eq(dossierFees.id, id)).limit(1);
  return row as DossierFeeRow | undefined;
}
