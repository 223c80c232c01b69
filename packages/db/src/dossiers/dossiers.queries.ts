import type { DossierEvent, DossierState } from '@congso/core';
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../connection';
import { attachFilesStatement } from '../files/files.queries';
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

/**
 * The next sequence number of a receiving agency's day, only while that agency is in force (not closed) and
 * still has `agencyCode`: the check and the upsert are one statement, so an agency closed by anyone up to
 * this statement is refused. Also gives the agency's name. `undefined`: nothing was written (closed,
 * unknown, or another code).
 */
export async function nextDossierSequenceAtAgency(
  tx: Executor,
  values: { agencyId: string; agencyCode: string; dayKey: string },
): Promise<{ sequence: number; agencyName: string } | undefined> {
  const [row] = await queryRows<{ last: number | string; name: string }>(
    tx,
    sql`with a as (
          select name from agencies where id = ${values.agencyId}::uuid and code = ${values.agencyCode} and valid_to is null
        )
        insert into dossier_code_counters (day_key, last) select ${values.dayKey}, 1 from a
        on conflict (day_key) do update set last = dossier_code_counters.last + 1
        returning last, (select name from a) as name`,
  );
  return row ? { sequence: Number(row.last), agencyName: row.name } : undefined;
}

/** The `dossiers` columns that follow a state. */
export function dossierColumns(state: DossierState) {
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

/** A file attached by `insertOpenedDossier`, with what the dossier's detail shows of it. */
export interface AttachedFile {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  purpose: string;
  documentIndex: number | null;
  documentName: string | null;
  attachedAt: Date;
  createdAt: Date;
}

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

/**
 * Everything a new dossier writes after its code, in one statement (one round trip; a failure writes
 * nothing): the dossier, its first event, the e-form's files attached (only files `ownerId` uploaded and
 * did not attach yet), the applicant's notification when there is one, and the audit event. Returns the
 * files attached (fewer than asked: the caller rolls back) and the row's `created_at`. Written as a plain
 * SQL template (parameters bound) because building it with the query builder cost more than running it.
 */
export async function insertOpenedDossier(
  tx: Executor,
  values: {
    state: DossierState;
    event: DossierEvent;
    procedureVersionId: string;
    procedureName: string;
    applicant: Record<string, unknown>;
    lookupSecret: string;
    idempotencyKey: string | null;
    files: {
      ownerId: string;
      items: readonly { fileId: string; documentIndex: number | null; documentName: string | null }[];
    };
    notification: {
      id: string;
      personId: string;
      dossierVersion: number;
      title: unknown;
      body: unknown;
      createdAt: Date;
      emailTo: string | null;
      emailStatus: string | null;
    } | null;
    audit: {
      occurredAt: Date;
      actorId: string | null;
      action: string;
      agencyId: string | null;
      data: unknown;
      ip: string | null;
      requestId: string | null;
    };
  },
): Promise<{ createdAt: Date; files: AttachedFile[] }> {
  const { state, event, files: attach, notification: n, audit } = values;
  const c = dossierColumns(state);
  const at = event.at.toISOString();
  const instant = (d: Date | null) => (d ? d.toISOString() : null);
  const attachedFiles =
    attach.items.length > 0
      ? sql`, f as (${attachFilesStatement({
          dossierId: state.id,
          ownerId: attach.ownerId,
          purpose: 'document',
          at: event.at,
          items: attach.items,
        })})`
      : sql``;
  const notice = n
    ? sql`, n as (
          insert into notifications (id, person_id, dossier_id, dossier_version, title, body, created_at, email_to, email_status)
          values (${n.id}::uuid, ${n.personId}::uuid, ${state.id}::uuid, ${n.dossierVersion}::integer, ${json(n.title)},
            ${json(n.body)}, ${n.createdAt.toISOString()}::timestamptz, ${n.emailTo}::text, ${n.emailStatus}::text)
        )`
    : sql``;
  const rows = await queryRows<{
    created_at: Date | string;
    id: string | null;
    name: string;
    media_type: string;
    size: number | string;
    document_index: number | null;
    document_name: string | null;
    file_created_at: Date | string;
  }>(
    tx,
    sql`with d as (
          insert into dossiers (id, code, procedure_version_id, procedure_code, procedure_name, receiving_agency_id,
            applicant_id, applicant, lookup_secret, channel, submitted_at, idempotency_key, status, version,
            current_agency_id, assignee_id, received_at, due_at, finished_at, outcome, state, updated_at)
          values (${state.id}::uuid, ${state.code}::text, ${values.procedureVersionId}::uuid, ${state.procedure.code}::text,
            ${values.procedureName}::text, ${state.receivingAgencyId}::uuid, ${state.applicantId}::uuid,
            ${json(values.applicant)}, ${values.lookupSecret}::text, ${state.channel}::text,
            ${instant(state.submittedAt)}::timestamptz, ${values.idempotencyKey}::text, ${c.status}::text,
            ${c.version}::integer, ${c.currentAgencyId}::uuid, ${c.assigneeId}::uuid,
            ${instant(c.receivedAt)}::timestamptz, ${instant(c.dueAt)}::timestamptz,
            ${instant(c.finishedAt)}::timestamptz, ${c.outcome}::text, ${json(state)},
            ${instant(c.updatedAt)}::timestamptz)
          returning created_at
        ), e as (
          insert into dossier_events (dossier_id, version, action, at, actor_id, event)
          values (${state.id}::uuid, ${event.version}::integer, ${event.action}::text, ${at}::timestamptz,
            ${event.actor.id}::uuid, ${json(event)})
        ), au as (
          insert into audit_events (occurred_at, actor_id, action, entity_type, entity_id, agency_id, reason, data, ip, request_id)
          values (${audit.occurredAt.toISOString()}::timestamptz, ${audit.actorId}::uuid, ${audit.action}::text,
            'dossier', ${state.id}::text, ${audit.agencyId}::uuid, null, ${json(audit.data)}, ${audit.ip}::text,
            ${audit.requestId}::text)
        )${attachedFiles}${notice}
        ${
          attach.items.length > 0
            ? sql`select d.created_at, f.id, f.name, f.media_type, f.size, f.document_index, f.document_name,
                f.created_at as file_created_at
              from d left join f on true order by f.document_index, f.created_at`
            : sql`select d.created_at, null as id from d`
        }`,
  );
  const first = rows[0];
  if (!first) throw new Error('insertOpenedDossier: no row returned');
  const attachedAt = new Date(at);
  return {
    createdAt: new Date(first.created_at),
    files: rows.flatMap((r) =>
      r.id
        ? [
            {
              id: r.id,
              name: r.name,
              mediaType: r.media_type,
              size: Number(r.size),
              purpose: 'document',
              documentIndex: r.document_index,
              documentName: r.document_name,
              attachedAt,
              createdAt: new Date(r.file_created_at),
            },
          ]
        : [],
    ),
  };
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
    .set(dossierColumns(state))
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
  /** Only the dossiers whose current step this officer holds. */
  assigneeId?: string;
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
  if (input.assigneeId) conditions.push(eq(dossiers.assigneeId, input.assigneeId));
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

/** How many dossiers per status a queue holds (the officer's agency, or a citizen's own). */
export async function countDossiersByStatus(
  db: Executor,
  input: Pick<ListDossiersInput, 'agencyIds' | 'applicantId' | 'assigneeId'>,
): Promise<Map<string, number>> {
  const conditions: (SQL | undefined)[] = [];
  if (input.applicantId) conditions.push(eq(dossiers.applicantId, input.applicantId));
  if (input.agencyIds) {
    conditions.push(
      sql`(${inArray(dossiers.currentAgencyId, input.agencyIds)} or ${inArray(dossiers.receivingAgencyId, input.agencyIds)})`,
    );
  }
  if (input.assigneeId) conditions.push(eq(dossiers.assigneeId, input.assigneeId));
  const rows = await db
    .select({ status: dossiers.status, n: sql<number>`count(*)::int` })
    .from(dossiers)
    .where(and(...conditions))
    .groupBy(dossiers.status);
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
}

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
