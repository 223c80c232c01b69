/** The queues of dossiers: a citizen's own, an officer's agency's (the desk), the steps an officer holds. */
import { foldVietnamese } from '@congso/core';
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { type Executor, likeEscape } from '../connection';
import { dossiers } from '../schema/index';

/** Whose dossiers a queue holds. */
export interface DossierQueueScope {
  applicantId?: string;
  /** The desk's queue: dossiers whose current step is at one of these agencies, or received by them. */
  agencyIds?: string[];
  /** Only the dossiers whose current step this officer holds. */
  assigneeId?: string;
}

export interface ListDossiersInput extends DossierQueueScope {
  statuses?: string[];
  /**
   * What a clerk types to find one dossier of the queue: part of its code ("0012", "h56-240315"), part of the
   * applicant's name with or without marks ("nguyen van a", "Lộc"), or the applicant's whole national id (CCCD).
   */
  q?: string;
  limit: number;
  offset: number;
}

/** The condition of a queue (its scope, and the statuses asked for): the list and the counts share it. */
function queueWhere(scope: DossierQueueScope, statuses?: readonly string[]): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (scope.applicantId) conditions.push(eq(dossiers.applicantId, scope.applicantId));
  if (scope.agencyIds) {
    conditions.push(
      sql`(${inArray(dossiers.currentAgencyId, scope.agencyIds)} or ${inArray(dossiers.receivingAgencyId, scope.agencyIds)})`,
    );
  }
  if (statuses && statuses.length > 0) conditions.push(inArray(dossiers.status, [...statuses]));
  if (scope.assigneeId) conditions.push(eq(dossiers.assigneeId, scope.assigneeId));
  return and(...conditions);
}

/** The dossiers of a queue that match what was typed (see ListDossiersInput.q). */
function matching(q: string): SQL {
  const typed = q.normalize('NFC').trim();
  const folded = foldVietnamese(typed);
  const pattern = `%${likeEscape(folded)}%`;
  const code = `%${likeEscape(typed.toLowerCase())}%`;
  return sql`(lower(${dossiers.code}) like ${code}
    or lower(f_unaccent(${dossiers.applicant}->>'fullName')) like ${pattern}
    or ${dossiers.applicant}->>'nationalId' = ${typed})`;
}

/** A page of a queue: a citizen's newest first, an officer's soonest due first. */
export async function listDossiers(db: Executor, input: ListDossiersInput) {
  const where = and(queueWhere(input, input.statuses), input.q ? matching(input.q) : undefined);
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

/** How many dossiers per status a queue holds (the officer's agency, or a citizen's own). */
export async function countDossiersByStatus(db: Executor, scope: DossierQueueScope): Promise<Map<string, number>> {
  const rows = await db
    .select({ status: dossiers.status, n: sql<number>`count(*)::int` })
    .from(dossiers)
    .where(queueWhere(scope))
    .groupBy(dossiers.status);
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
}
