import { type DossierEvent, type DossierState, isPaidOnline } from '@congso/core';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Executor } from '../connection';
import { portalSyncInsertSql } from '../exchange/portal-sync.queries';
import { queryNamedRows, runPrepared } from '../prepared';
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
 * Sequence numbers for several receiving agencies' days at once: each group asks for `count` numbers of
 * `dayKey`, only while its agency is in force (not closed) and still has `agencyCode` — the check and the
 * upsert are one statement, so an agency closed by anyone up to this statement is refused. The counters are
 * taken in `dayKey` order, so two transactions taking several never wait on each other in a cycle. Gives, per
 * day key written, the last number taken (the group's numbers are `last - count + 1` … `last`) and the
 * agency's name; a group missing from the answer wrote nothing (closed, unknown, or another code).
 */
export async function nextDossierSequencesAtAgencies(
  tx: Executor,
  groups: readonly { agencyId: string; agencyCode: string; dayKey: string; count: number }[],
): Promise<Map<string, { last: number; agencyName: string }>> {
  const input = groups.map((g) => ({
    agency_id: g.agencyId,
    agency_code: g.agencyCode,
    day_key: g.dayKey,
    n: g.count,
  }));
  const rows = await queryNamedRows<{ day_key: string; last: number | string; name: string }>(
    tx,
    'congso_next_dossier_sequences',
    sql`with a as (
          select r.day_key, r.n, ag.name
          from jsonb_to_recordset(${JSON.stringify(input)}::jsonb) as r(agency_id uuid, agency_code text, day_key text, n integer)
          join agencies ag on ag.id = r.agency_id and ag.code = r.agency_code and ag.valid_to is null
        ), counted as (
          insert into dossier_code_counters (day_key, last)
          select day_key, n from a order by day_key
          on conflict (day_key) do update set last = dossier_code_counters.last + excluded.last
          returning day_key, last
        )
        select counted.day_key, counted.last, a.name from counted join a on a.day_key = counted.day_key`,
  );
  return new Map(rows.map((r) => [r.day_key, { last: Number(r.last), agencyName: r.name }]));
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

/** A new dossier and what it writes with it (see `insertOpenedDossiers`). */
export interface OpenedDossier {
  state: DossierState;
  event: DossierEvent;
  procedureVersionId: string;
  procedureName: string;
  applicant: Record<string, unknown>;
  lookupSecret: string;
  idempotencyKey: string | null;
  /** The organisation the applicant files for (one they represent), else null. */
  organisationId?: string | null;
  files: {
    ownerId: string;
    items: readonly { fileId: string; documentIndex: number | null; documentName: string | null }[];
  };
  /** Documents taken from the applicant's data store (the dossier's `reused_data_at` is its opening then). */
  reused?: readonly { itemId: string; documentIndex: number; fileId: string; sourceDossierId: string }[];
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
}

const instant = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * A dossier's row as the JSON recordsets of the bulk inserts carry it (snake_case columns, instants as ISO text):
 * the columns its state decides and those it is filed with.
 */
export function dossierRecord(d: {
  state: DossierState;
  procedureVersionId: string;
  procedureName: string;
  applicant: unknown;
  lookupSecret: string;
}) {
  const { state } = d;
  const c = dossierColumns(state);
  return {
    id: state.id,
    code: state.code,
    procedure_version_id: d.procedureVersionId,
    procedure_code: state.procedure.code,
    procedure_name: d.procedureName,
    receiving_agency_id: state.receivingAgencyId,
    applicant_id: state.applicantId,
    applicant: d.applicant,
    lookup_secret: d.lookupSecret,
    channel: state.channel,
    submitted_at: instant(state.submittedAt),
    status: c.status,
    version: c.version,
    current_agency_id: c.currentAgencyId,
    assignee_id: c.assigneeId,
    received_at: instant(c.receivedAt),
    due_at: instant(c.dueAt),
    finished_at: instant(c.finishedAt),
    outcome: c.outcome,
    state,
    updated_at: instant(c.updatedAt),
  };
}

/**
 * Everything new dossiers write after their codes, for any number of them in one statement (one round trip,
 * whatever the number; a failure writes nothing): each dossier, its first event, its e-form's files attached
 * (only files its owner uploaded and did not attach yet), the applicant's notification when there is one, and
 * the audit event. The rows travel as JSON arrays, so the statement's text is the same for one dossier or a
 * hundred. Returns, per dossier in the order given, its `created_at` and the files attached (fewer than asked:
 * the caller rolls back).
 */
export async function insertOpenedDossiers(
  tx: Executor,
  values: readonly OpenedDossier[],
): Promise<{ createdAt: Date; files: AttachedFile[] }[]> {
  if (values.length === 0) return [];
  const dossierRows = values.map((v) => {
    const { state, event, notification: n, audit } = v;
    return {
      ...dossierRecord({ ...v, state }),
      idempotency_key: v.idempotencyKey,
      organisation_id: v.organisationId ?? null,
      reused_data_at: v.reused && v.reused.length > 0 ? event.at.toISOString() : null,
      event_version: event.version,
      event_action: event.action,
      event_at: event.at.toISOString(),
      event_actor_id: event.actor.id,
      event,
      audit_occurred_at: audit.occurredAt.toISOString(),
      audit_actor_id: audit.actorId,
      audit_action: audit.action,
      audit_agency_id: audit.agencyId,
      audit_data: audit.data,
      audit_ip: audit.ip,
      audit_request_id: audit.requestId,
      n_id: n?.id ?? null,
      n_person_id: n?.personId ?? null,
      n_version: n?.dossierVersion ?? null,
      n_title: n?.title ?? null,
      n_body: n?.body ?? null,
      n_created_at: n ? n.createdAt.toISOString() : null,
      n_email_to: n?.emailTo ?? null,
      n_email_status: n?.emailStatus ?? null,
    };
  });
  const fileRows = values.flatMap((v) =>
    v.files.items.map((i) => ({
      dossier_id: v.state.id,
      owner_id: v.files.ownerId,
      file_id: i.fileId,
      document_index: i.documentIndex,
      document_name: i.documentName,
      at: v.event.at.toISOString(),
    })),
  );
  const reusedRows = values.flatMap((v) =>
    (v.reused ?? []).map((r) => ({
      dossier_id: v.state.id,
      item_id: r.itemId,
      document_index: r.documentIndex,
      file_id: r.fileId,
      source_dossier_id: r.sourceDossierId,
      at: v.event.at.toISOString(),
    })),
  );
  const rows = await queryNamedRows<{
    dossier_id: string;
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
    'congso_insert_opened_dossiers',
    sql`with input as (
          select * from jsonb_to_recordset(${JSON.stringify(dossierRows)}::jsonb) as x(
            id uuid, code text, procedure_version_id uuid, procedure_code text, procedure_name text,
            receiving_agency_id uuid, applicant_id uuid, applicant jsonb, lookup_secret text, channel text,
            submitted_at timestamptz, idempotency_key text, organisation_id uuid, reused_data_at timestamptz, status text, version integer, current_agency_id uuid,
            assignee_id uuid, received_at timestamptz, due_at timestamptz, finished_at timestamptz, outcome text,
            state jsonb, updated_at timestamptz,
            event_version integer, event_action text, event_at timestamptz, event_actor_id uuid, event jsonb,
            audit_occurred_at timestamptz, audit_actor_id uuid, audit_action text, audit_agency_id uuid,
            audit_data jsonb, audit_ip text, audit_request_id text,
            n_id uuid, n_person_id uuid, n_version integer, n_title jsonb, n_body jsonb, n_created_at timestamptz,
            n_email_to text, n_email_status text)
        ), d as (
          insert into dossiers (id, code, procedure_version_id, procedure_code, procedure_name, receiving_agency_id,
            applicant_id, applicant, lookup_secret, channel, submitted_at, idempotency_key, organisation_id,
            reused_data_at, status,
            version, current_agency_id, assignee_id, received_at, due_at, finished_at, outcome, state, updated_at)
          select id, code, procedure_version_id, procedure_code, procedure_name, receiving_agency_id,
            applicant_id, applicant, lookup_secret, channel, submitted_at, idempotency_key, organisation_id,
            reused_data_at, status,
            version, current_agency_id, assignee_id, received_at, due_at, finished_at, outcome, state, updated_at
          from input
          returning id, created_at
        ), e as (
          insert into dossier_events (dossier_id, version, action, at, actor_id, event)
          select id, event_version, event_action, event_at, event_actor_id, event from input
        ), r as (
          insert into dossier_reused_documents (dossier_id, item_id, document_index, file_id, source_dossier_id, reused_at)
          select i.dossier_id, i.item_id, i.document_index, i.file_id, i.source_dossier_id, i.at
          from jsonb_to_recordset(${JSON.stringify(reusedRows)}::jsonb) as i(dossier_id uuid, item_id uuid,
            document_index integer, file_id uuid, source_dossier_id uuid, at timestamptz)
        ), ioc as (
          insert into ioc_pending (dossier_id) select id from input where received_at is not null
          on conflict (dossier_id) do update set marks = ioc_pending.marks + 1
        ), ps as (
          ${portalSyncInsertSql(sql`(select id as dossier_id, event_version as version from input)`)}
        ), au as (
          insert into audit_events (occurred_at, actor_id, action, entity_type, entity_id, agency_id, reason, data, ip, request_id)
          select audit_occurred_at, audit_actor_id, audit_action, 'dossier', id::text, audit_agency_id, null, audit_data,
            audit_ip, audit_request_id
          from input
        ), n as (
          insert into notifications (id, person_id, dossier_id, dossier_version, title, body, created_at, email_to, email_status)
          select n_id, n_person_id, id, n_version, n_title, n_body, n_created_at, n_email_to, n_email_status
          from input where n_id is not null
        ), f as (
          update files set dossier_id = i.dossier_id, purpose = 'document', attached_at = i.at,
            document_index = i.document_index, document_name = i.document_name
          from jsonb_to_recordset(${JSON.stringify(fileRows)}::jsonb) as i(dossier_id uuid, owner_id uuid, file_id uuid,
            document_index integer, document_name text, at timestamptz)
          where files.id = i.file_id and files.owner_id = i.owner_id and files.dossier_id is null
          returning files.dossier_id, files.id, files.name, files.media_type, files.size, files.document_index,
            files.document_name, files.created_at
        )
        select d.id as dossier_id, d.created_at, f.id, f.name, f.media_type, f.size, f.document_index, f.document_name,
          f.created_at as file_created_at
        from d left join f on f.dossier_id = d.id
        order by d.id, f.document_index, f.created_at`,
  );
  const attachedAt = new Map(values.map((v) => [v.state.id, v.event.at]));
  const byDossier = new Map<string, { createdAt: Date; files: AttachedFile[] }>();
  for (const r of rows) {
    let entry = byDossier.get(r.dossier_id);
    if (!entry) {
      entry = { createdAt: new Date(r.created_at), files: [] };
      byDossier.set(r.dossier_id, entry);
    }
    if (r.id) {
      entry.files.push({
        id: r.id,
        name: r.name,
        mediaType: r.media_type,
        size: Number(r.size),
        purpose: 'document',
        documentIndex: r.document_index,
        documentName: r.document_name,
        attachedAt: attachedAt.get(r.dossier_id) as Date,
        createdAt: new Date(r.file_created_at),
      });
    }
  }
  return values.map((v) => {
    const entry = byDossier.get(v.state.id);
    if (!entry) throw new Error('insertOpenedDossiers: a dossier was not written');
    return entry;
  });
}

/** Saves a state reached from `expectedVersion`; false when someone else saved first (nothing written). */
export async function saveDossierState(
  tx: Executor,
  state: DossierState,
  event: DossierEvent,
  expectedVersion: number,
): Promise<boolean> {
  const c = dossierColumns(state);
  const at = (d: Date | null) => (d ? d.toISOString() : null);
  // One statement (every action of every dossier passes here): the row if its version is still the one read,
  // and only then its event, the index's mark and the portal sync's rows.
  const rows = await queryNamedRows<{ id: string }>(
    tx,
    'congso_save_dossier_state',
    sql`with u as (
          update dossiers set status = ${c.status}, version = ${c.version},
            current_agency_id = ${c.currentAgencyId}::uuid, assignee_id = ${c.assigneeId}::uuid,
            received_at = ${at(c.receivedAt)}::timestamptz, due_at = ${at(c.dueAt)}::timestamptz,
            finished_at = ${at(c.finishedAt)}::timestamptz, outcome = ${c.outcome}, state = ${JSON.stringify(state)}::jsonb,
            updated_at = ${at(c.updatedAt)}::timestamptz,
            -- Paid online: the fact with its time, kept once (a second fee paid online keeps the first time).
            paid_online_at = case when ${isPaidOnline(event)}::boolean
              then coalesce(paid_online_at, ${event.at.toISOString()}::timestamptz) else paid_online_at end
          where id = ${state.id}::uuid and version = ${expectedVersion}::int
          returning id
        ), e as (
          insert into dossier_events (dossier_id, version, action, at, actor_id, event)
          select id, ${event.version}::int, ${event.action}, ${event.at.toISOString()}::timestamptz,
            ${event.actor.id}::uuid, ${JSON.stringify(event)}::jsonb
          from u
        ), ioc as (
          insert into ioc_pending (dossier_id) select id from u
          on conflict (dossier_id) do update set marks = ioc_pending.marks + 1
        ), ps as (
          ${portalSyncInsertSql(sql`(select id as dossier_id, ${event.version}::int as version from u)`)}
        )
        select id from u`,
  );
  return rows.length > 0;
}

/**
 * Marks dossiers for the service-quality index, in the transaction that changed them (see `ioc_pending`):
 * the consumer recomputes their facts and counters. A dossier filed online and not yet received adds nothing
 * to any counter, so filings mark only what was received at once.
 */
export async function markIocPending(tx: Executor, dossierIds: readonly string[]): Promise<void> {
  if (dossierIds.length === 0) return;
  await tx.execute(
    sql`insert into ioc_pending (dossier_id) select unnest(${sql.param([...dossierIds])}::uuid[])
        on conflict (dossier_id) do update set marks = ioc_pending.marks + 1`,
  );
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

/** A citizen's online filing by its Idempotency-Key. */
export async function findDossierByIdempotencyKey(db: Executor, applicantId: string, key: string) {
  const [row] = await db
    .select()
    .from(dossiers)
    .where(and(eq(dossiers.applicantId, applicantId), eq(dossiers.idempotencyKey, key)))
    .limit(1);
  return row;
}

/**
 * A counter intake by its stored key (the officer's Idempotency-Key under the officer's id, see the
 * server's filing): never an online filing, whose key its citizen chose.
 */
export async function findDeskDossierByKey(db: Executor, storedKey: string) {
  const [row] = await db
    .select()
    .from(dossiers)
    .where(and(eq(dossiers.idempotencyKey, storedKey), ne(dossiers.channel, 'online')))
    .orderBy(asc(dossiers.createdAt))
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
  return dossierEventsFromJson(rows.map((r) => r.event));
}

/** Events read as JSON (a column or a `json_agg`), with their instants back as Dates. */
export function dossierEventsFromJson(events: readonly unknown[]): DossierEvent[] {
  return events.map((e) => withDates(e) as DossierEvent);
}

/** A copy of parsed JSON with every ISO instant as a Date (a walk: no second stringify and parse). */
function withDates(value: unknown): unknown {
  if (typeof value === 'string') return iso.test(value) ? new Date(value) : value;
  if (Array.isArray(value)) return value.map(withDates);
  // fromEntries defines own properties, as JSON.parse does (a key "__proto__" stays a key).
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withDates(v)]));
  }
  return value;
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
