import type { DossierEvent, DossierState } from '@congso/core';
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../connection';
import { runPrepared } from '../prepared';
import { dossierCodeCounters, dossierEvents, dossiers } from '../schema/index';

export type DossierRow = typeof dossiers.$inferSelect;

/**
 * The next sequence number of a receiving agency's day. The row lock taken by the upsert serialises
 * concurrent filings of that agency and day until their transactions end; a rollback returns the number.
 */
export async function nextDossierSequence(tx: Executor, dayKey: string): Promise<number> {
  const [row] = await tx
    .insert(dossierCodeCounters)
    .values({ dayKey, last: 1 })
    .onConflictDoUpdate({ target: dossierCodeCounters.dayKey, set: { last: sql`${dossierCodeCounters.last} + 1` } })
    .returning({ last: dossierCodeCounters.last });
  return Number(row?.last);
}

function columnsOf(state: DossierState) {
  return {
    status: state.status,
    version: state.version,
    currentAgencyId: state.currentStep?.agencyId ?? state.handlingAgencyId ?? state.receivingAgencyId,
    assigneeId: state.currentStep?.assigneeId ?? null,
    receivedAt: state.receivedAt,
    dueAt: state.dueAt,
    finishedAt: state.finishedAt,
    outcome: state.outcome,
    state,
    updatedAt: state.updatedAt,
  };
}

export async function insertDossier(
  tx: Executor,
  values: {
    state: DossierState;
    event: DossierEvent;
    procedureVersionId: string;
    procedureName: string;
    applicant: Record<string, unknown>;
    lookupSecret: string;
    idempotencyKey: string | null;
  },
) {
  const { state, event } = values;
  const [row] = await tx
    .insert(dossiers)
    .values({
      id: state.id,
      code: state.code,
      procedureVersionId: values.procedureVersionId,
      procedureCode: state.procedure.code,
      procedureName: values.procedureName,
      receivingAgencyId: state.receivingAgencyId,
      applicantId: state.applicantId,
      applicant: values.applicant,
      lookupSecret: values.lookupSecret,
      channel: state.channel,
      submittedAt: state.submittedAt,
      idempotencyKey: values.idempotencyKey,
      ...columnsOf(state),
    })
    .returning();
  await tx.insert(dossierEvents).values({
    dossierId: state.id,
    version: event.version,
    action: event.action,
    at: event.at,
    actorId: event.actor.id,
    event,
  });
  return row as DossierRow;
}

/** Saves a state reached from `expectedVersion`; false when someone else saved first (nothing written). */
export async function saveDossierState(
  tx: Executor,
  state: DossierState,
  event: DossierEvent,
  expectedVersion: number,
): Promise<boolean> {
  const rows = await tx
    .update(dossiers)
    .set(columnsOf(state))
    .where(and(eq(dossiers.id, state.id), eq(dossiers.version, expectedVersion)))
    .returning({ id: dossiers.id });
  if (rows.length === 0) return false;
  await tx.insert(dossierEvents).values({
    dossierId: state.id,
    version: event.version,
    action: event.action,
    at: event.at,
    actorId: event.actor.id,
    event,
  });
  return true;
}

export async function getDossierRow(
  db: Executor,
  where: { id: string } | { code: string },
): Promise<DossierRow | undefined> {
  const [row] = await db
    .select()
    .from(dossiers)
    .where('id' in where ? eq(dossiers.id, where.id) : eq(dossiers.code, where.code))
    .limit(1);
  return row;
}

export async function findDossierByIdempotencyKey(db: Executor, applicantId: string, key: string) {
  const [row] = await db
    .select()
    .from(dossiers)
    .where(and(eq(dossiers.applicantId, applicantId), eq(dossiers.idempotencyKey, key)))
    .limit(1);
  return row;
}

const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Events as stored (JSON), with their instants back as Dates. */
export async function loadDossierEvents(db: Executor, dossierId: string): Promise<DossierEvent[]> {
  const rows = await db
    .select({ event: dossierEvents.event })
    .from(dossierEvents)
    .where(eq(dossierEvents.dossierId, dossierId))
    .orderBy(asc(dossierEvents.version));
  return rows.map(
    (r) =>
      JSON.parse(JSON.stringify(r.event), (_, v) =>
        typeof v === 'string' && iso.test(v) ? new Date(v) : v,
      ) as DossierEvent,
  );
}

export interface ListDossiersInput {
  applicantId?: string;
  /** The desk's queue: dossiers whose current step is at one of these agencies, or received by them. */
  agencyIds?: string[];
  statuses?: string[];
  limit: number;
  offset: number;
}

export async function listDossiers(db: Executor, input: ListDossiersInput) {
  const conditions: (SQL | undefined)[] = [];
  if (input.applicantId) conditions.push(eq(dossiers.applicantId, input.applicantId));
  if (input.agencyIds) {
    conditions.push(
      sql`(${inArray(dossiers.currentAgencyId, input.agencyIds)} or ${inArray(dossiers.receivingAgencyId, input.agencyIds)})`,
    );
  }
  if (input.statuses && input.statuses.length > 0) conditions.push(inArray(dossiers.status, input.statuses));
  const where = and(...conditions);
  const items = await db
    .select()
    .from(dossiers)
    .where(where)
    .orderBy(input.applicantId ? desc(dossiers.submittedAt) : sql`${dossiers.dueAt} asc nulls last`, asc(dossiers.code))
    .limit(input.limit)
    .offset(input.offset);
  const [total] = await db.select({ n: sql<number>`count(*)::int` }).from(dossiers).where(where);
  return { items, total: Number(total?.n ?? 0) };
}

/** Just what the public lookup shows (no state, no personal data beyond the name). */
/** What the public lookup reads of a dossier: only the columns it shows, and the secret it checks. */
function lookupQuery(db: Executor) {
  return db
    .select({
      code: dossiers.code,
      procedureName: dossiers.procedureName,
      applicantName: sql<string>`${dossiers.applicant} ->> 'fullName'`,
      lookupSecret: dossiers.lookupSecret,
      status: dossiers.status,
      receivedAt: dossiers.receivedAt,
      dueAt: dossiers.dueAt,
      finishedAt: dossiers.finishedAt,
      outcome: dossiers.outcome,
    })
    .from(dossiers)
    .where(eq(dossiers.code, sql.placeholder('code')))
    .limit(1);
}

export type DossierLookupRow = Awaited<ReturnType<typeof getDossierForLookup>>;

/** The public lookup (the busiest anonymous route): a prepared statement on the database handle. */
export async function getDossierForLookup(db: Executor, code: string) {
  const [row] = await runPrepared(db, 'congso_dossier_lookup', lookupQuery, { code });
  return row;
}
