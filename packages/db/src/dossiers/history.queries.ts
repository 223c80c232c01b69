import type { DossierEvent, DossierState } from '@congso/core';
import { sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../connection';
import { queuePortalSync } from '../exchange/portal-sync.queries';
import { dossierRecord, markIocPending } from './dossiers.queries';

/**
 * A dossier made by running its actions at times in the past (the demo's history): its last state, every
 * event, and what each event wrote beside it (the applicant's notifications, the audit events).
 */
export interface HistoricDossier {
  state: DossierState;
  events: readonly DossierEvent[];
  procedureVersionId: string;
  procedureName: string;
  applicant: Record<string, unknown>;
  lookupSecret: string;
  notifications: readonly {
    id: string;
    personId: string;
    dossierVersion: number;
    title: unknown;
    body: unknown;
    createdAt: Date;
    readAt: Date | null;
    emailTo: string | null;
  }[];
  /** One per event: the agency it happened at and what it changed. */
  audits: readonly {
    occurredAt: Date;
    actorId: string | null;
    action: string;
    agencyId: string | null;
    data: unknown;
  }[];
}

/** A citizen account made for the history (a citizen first met at the counter: no password). */
export interface HistoricPerson {
  id: string;
  kind: 'citizen' | 'organisation';
  username: string;
  fullName: string;
  nationalId: string | null;
  taxCode: string | null;
  phone: string | null;
  email: string | null;
  createdAt: Date;
}

const instant = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The ids of the people with these usernames. */
export async function personIdsByUsername(db: Executor, usernames: readonly string[]): Promise<Map<string, string>> {
  if (usernames.length === 0) return new Map();
  const rows = await queryRows<{ id: string; username: string }>(
    db,
    sql`select p.id, p.username from people p
        join jsonb_array_elements_text(${JSON.stringify(usernames)}::jsonb) u(username) on u.username = p.username`,
  );
  return new Map(rows.map((r) => [r.username, r.id]));
}

/** The last number taken of each of these days' counters (0 when there is none). */
export async function dossierCounterValues(db: Executor, dayKeys: readonly string[]): Promise<Map<string, number>> {
  if (dayKeys.length === 0) return new Map();
  const rows = await queryRows<{ day_key: string; last: number | string }>(
    db,
    sql`select c.day_key, c.last from dossier_code_counters c
        join jsonb_array_elements_text(${JSON.stringify(dayKeys)}::jsonb) k(day_key) on k.day_key = c.day_key`,
  );
  return new Map(rows.map((r) => [r.day_key, Number(r.last)]));
}

/**
 * Writes a history of dossiers in five statements, whatever their number (the caller holds the transaction):
 * the people, the dossiers, their events, the notifications and the audit events, each as one JSON recordset.
 * Then the days' counters are moved to at least the last sequence used, so a later filing continues after
 * them. `sequences` gives, per day key, the highest sequence the history used.
 */
export async function insertDossierHistory(
  tx: Executor,
  input: {
    people: readonly HistoricPerson[];
    dossiers: readonly HistoricDossier[];
    sequences: ReadonlyMap<string, number>;
  },
): Promise<void> {
  if (input.people.length > 0) {
    const people = input.people.map((p) => ({
      id: p.id,
      kind: p.kind,
      username: p.username,
      full_name: p.fullName,
      national_id: p.nationalId,
      tax_code: p.taxCode,
      phone: p.phone,
      email: p.email,
      created_at: instant(p.createdAt),
    }));
    await queryRows(
      tx,
      sql`insert into people (id, kind, username, full_name, national_id, tax_code, phone, email,
        created_at, updated_at)
      select id, kind, username, full_name, national_id, tax_code, phone, email, created_at, created_at
      from jsonb_to_recordset(${JSON.stringify(people)}::jsonb) as x(id uuid, kind text, username text,
        full_name text, national_id text, tax_code text, phone text, email text, created_at timestamptz)`,
    );
  }
  if (input.dossiers.length === 0) return;
  const dossierRows = input.dossiers.map((d) => ({
    ...dossierRecord(d),
    created_at: instant(d.state.submittedAt),
  }));
  await queryRows(
    tx,
    sql`insert into dossiers (id, code, procedure_version_id, procedure_code, procedure_name,
      receiving_agency_id, applicant_id, applicant, lookup_secret, channel, submitted_at, status, version,
      current_agency_id, assignee_id, received_at, due_at, finished_at, outcome, state, created_at, updated_at)
    select id, code, procedure_version_id, procedure_code, procedure_name, receiving_agency_id, applicant_id,
      applicant, lookup_secret, channel, submitted_at, status, version, current_agency_id, assignee_id,
      received_at, due_at, finished_at, outcome, state, created_at, updated_at
    from jsonb_to_recordset(${JSON.stringify(dossierRows)}::jsonb) as x(id uuid, code text,
      procedure_version_id uuid, procedure_code text, procedure_name text, receiving_agency_id uuid,
      applicant_id uuid, applicant jsonb, lookup_secret text, channel text, submitted_at timestamptz,
      status text, version integer, current_agency_id uuid, assignee_id uuid, received_at timestamptz,
      due_at timestamptz, finished_at timestamptz, outcome text, state jsonb, created_at timestamptz,
      updated_at timestamptz)`,
  );
  const events = input.dossiers.flatMap((d) =>
    d.events.map((e) => ({
      dossier_id: d.state.id,
      version: e.version,
      action: e.action,
      at: instant(e.at),
      actor_id: e.actor.id,
      event: e,
    })),
  );
  await queryRows(
    tx,
    sql`insert into dossier_events (dossier_id, version, action, at, actor_id, event)
    select dossier_id, version, action, at, actor_id, event
    from jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as x(dossier_id uuid, version integer, action text,
      at timestamptz, actor_id uuid, event jsonb)`,
  );
  await markIocPending(
    tx,
    input.dossiers.map((d) => d.state.id),
  );
  await queuePortalSync(
    tx,
    input.dossiers.flatMap((d) => d.events.map((e) => ({ dossierId: d.state.id, version: e.version }))),
  );
  const notifications = input.dossiers.flatMap((d) =>
    d.notifications.map((n) => ({
      id: n.id,
      person_id: n.personId,
      dossier_id: d.state.id,
      dossier_version: n.dossierVersion,
      title: n.title,
      body: n.body,
      created_at: instant(n.createdAt),
      read_at: instant(n.readAt),
      email_to: n.emailTo,
      // No SMTP in the demo: the e-mail was kept in the outbox when it was written.
      email_status: n.emailTo ? 'kept' : null,
      email_sent_at: n.emailTo ? instant(n.createdAt) : null,
    })),
  );
  if (notifications.length > 0) {
    await queryRows(
      tx,
      sql`insert into notifications (id, person_id, dossier_id, dossier_version, title, body,
        created_at, read_at, email_to, email_status, email_sent_at)
      select id, person_id, dossier_id, dossier_version, title, body, created_at, read_at, email_to, email_status,
        email_sent_at
      from jsonb_to_recordset(${JSON.stringify(notifications)}::jsonb) as x(id uuid, person_id uuid, dossier_id uuid,
        dossier_version integer, title jsonb, body jsonb, created_at timestamptz, read_at timestamptz,
        email_to text, email_status text, email_sent_at timestamptz)`,
    );
  }
  const audits = input.dossiers.flatMap((d) =>
    d.audits.map((a) => ({
      occurred_at: instant(a.occurredAt),
      actor_id: a.actorId,
      action: a.action,
      entity_id: d.state.id,
      agency_id: a.agencyId,
      data: a.data,
    })),
  );
  await queryRows(
    tx,
    sql`insert into audit_events (occurred_at, actor_id, action, entity_type, entity_id, agency_id, data)
    select occurred_at, actor_id, action, 'dossier', entity_id, agency_id, data
    from jsonb_to_recordset(${JSON.stringify(audits)}::jsonb) as x(occurred_at timestamptz, actor_id uuid,
      action text, entity_id text, agency_id uuid, data jsonb)
    order by occurred_at`,
  );
  const counters = [...input.sequences].map(([day_key, last]) => ({ day_key, last }));
  await queryRows(
    tx,
    sql`insert into dossier_code_counters (day_key, last)
    select day_key, last from jsonb_to_recordset(${JSON.stringify(counters)}::jsonb) as x(day_key text, last integer)
    order by day_key
    on conflict (day_key) do update set last = greatest(dossier_code_counters.last, excluded.last)`,
  );
}

/** Whether any dossier exists (the demo history is written only into an empty dossier book). */
export async function hasAnyDossier(db: Executor): Promise<boolean> {
  const rows = await queryRows<{ found: boolean }>(db, sql`select exists (select 1 from dossiers) as found`);
  return Boolean(rows[0]?.found);
}
