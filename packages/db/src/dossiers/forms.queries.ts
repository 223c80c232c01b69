/** What the one-stop forms read beyond one dossier: agency names, and an agency's dossier book (form 07). */
import { inArray } from 'drizzle-orm';
import { type Executor, queryRows, sql } from '../connection';
import { agencies } from '../schema/index';

/** Agency names by id, in one query (ids that are empty or repeated are asked once). */
export async function agencyNamesById(
  db: Executor,
  ids: Iterable<string | null | undefined>,
): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: agencies.id, name: agencies.name })
    .from(agencies)
    .where(inArray(agencies.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** One line of the dossier book, as read. */
export interface ReceivedDossierRow {
  code: string;
  procedureName: string;
  applicant: { fullName?: string; address?: string; phone?: string };
  receivedAt: Date;
  dueAt: Date | null;
  status: string;
  outcome: string | null;
  handlingAgencyId: string | null;
  returnedAt: Date | null;
  endReason: string | null;
}

interface ReceivedQueryRow {
  code: string;
  procedure_name: string;
  applicant: ReceivedDossierRow['applicant'] | string;
  received_at: Date | string;
  due_at: Date | string | null;
  status: string;
  outcome: string | null;
  handling_agency_id: string | null;
  returned_at: string | null;
  end_reason: string | null;
}

const toDate = (v: Date | string | null | undefined) => (v == null ? null : v instanceof Date ? v : new Date(v));

/**
 * Dossiers received by an agency in [from, to) (instants), in order of receipt; at most `limit` rows. The
 * state gives the handling agency, the return time and the reason of a refusal or stop.
 */
export async function dossiersReceivedBy(
  db: Executor,
  agencyId: string,
  from: Date,
  to: Date,
  limit: number,
): Promise<ReceivedDossierRow[]> {
  const rows = await queryRows<ReceivedQueryRow>(
    db,
    sql`select code, procedure_name, applicant, received_at, due_at, status, outcome,
               state ->> 'handlingAgencyId' as handling_agency_id,
               state -> 'returned' ->> 'at' as returned_at,
               state ->> 'endReason' as end_reason
          from dossiers
         where receiving_agency_id = ${agencyId}
           and received_at >= ${from.toISOString()}::timestamptz
           and received_at < ${to.toISOString()}::timestamptz
         order by received_at, code
         limit ${limit}`,
  );
  return rows.map((r) => ({
    code: r.code,
    procedureName: r.procedure_name,
    applicant: typeof r.applicant === 'string' ? JSON.parse(r.applicant) : r.applicant,
    receivedAt: toDate(r.received_at) as Date,
    dueAt: toDate(r.due_at),
    status: r.status,
    outcome: r.outcome,
    handlingAgencyId: r.handling_agency_id,
    returnedAt: toDate(r.returned_at),
    endReason: r.end_reason,
  }));
}
