/** The queues of dossiers: a citizen's own, an officer's agency's (the desk), the steps an officer holds. */
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../connection';
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

/** A page of a queue: a citizen's newest first, an officer's soonest due first. */
export async function listDossiers(db: Executor, input: ListDossiersInput) {
  const where = queueWhere(input, input.statuses);
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
