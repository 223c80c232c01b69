import { sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../connection';

/**
 * The security view's events from the audit trail: failed sign-ins (and those that locked an account or an
 * address: `data.locked`), administrator changes (agencies, officers, certificates, exchange peers, fee
 * schedules, alert rules, search synonyms). Refused accesses and exports are not in the audit trail yet.
 */
export const securityActions = {
  sign_in_failed: ['auth.login_failed'],
  admin_change: [
    'agency.created',
    'agency.renamed',
    'agency.merged',
    'officer.created',
    'officer.updated',
    'officer.password_reset',
    'certificate.issued',
    'certificate.revoked',
    'certificate_authority.created',
    'exchange.peer_created',
    'exchange.peer_updated',
    'fee_schedule.save',
    'alert_rule.created',
    'alert_rule.updated',
    'search.synonyms_updated',
  ],
} as const;

export type SecurityKind = 'sign_in_failed' | 'lockout' | 'admin_change';

const allActions = [...securityActions.sign_in_failed, ...securityActions.admin_change];

export interface SecurityEvent {
  id: number;
  occurredAt: Date;
  kind: SecurityKind;
  action: string;
  actorName: string | null;
  entityType: string;
  entityId: string;
  agencyId: string | null;
  agencyName: string | null;
  ip: string | null;
}

const kindSql = sql`case when e.action = 'auth.login_failed' and coalesce((e.data->>'locked')::boolean, false) then 'lockout'
  when e.action = 'auth.login_failed' then 'sign_in_failed' else 'admin_change' end`;

/** Counts per Vietnam day and kind in [from, to), for the agencies given (null: all, with events of none). */
export async function securityCounts(
  db: Executor,
  q: { from: Date; to: Date; agencyIds: readonly string[] | null },
): Promise<{ day: string; kind: SecurityKind; agencyId: string | null; n: number }[]> {
  const rows = await queryRows<{ day: string; kind: SecurityKind; agency_id: string | null; n: number | string }>(
    db,
    sql`select to_char(e.occurred_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') as day, ${kindSql} as kind,
          e.agency_id, count(*) as n
        from audit_events e
        where e.occurred_at >= ${q.from.toISOString()}::timestamptz and e.occurred_at < ${q.to.toISOString()}::timestamptz
          and e.action = any(${sql.param(allActions)}::text[])
          ${q.agencyIds === null ? sql`` : sql`and e.agency_id = any(${sql.param([...q.agencyIds])}::uuid[])`}
        group by 1, 2, 3 order by 1, 2`,
  );
  return rows.map((r) => ({ day: r.day, kind: r.kind, agencyId: r.agency_id, n: Number(r.n) }));
}

/** The latest events in [from, to), newest first. */
export async function securityEvents(
  db: Executor,
  q: { from: Date; to: Date; agencyIds: readonly string[] | null; limit: number },
): Promise<SecurityEvent[]> {
  const rows = await queryRows<{
    id: number | string;
    occurred_at: Date | string;
    kind: SecurityKind;
    action: string;
    actor_name: string | null;
    entity_type: string;
    entity_id: string;
    agency_id: string | null;
    agency_name: string | null;
    ip: string | null;
  }>(
    db,
    sql`select e.id, e.occurred_at, ${kindSql} as kind, e.action, p.full_name as actor_name, e.entity_type,
          e.entity_id, e.agency_id, a.name as agency_name, e.ip
        from audit_events e left join people p on p.id = e.actor_id left join agencies a on a.id = e.agency_id
        where e.occurred_at >= ${q.from.toISOString()}::timestamptz and e.occurred_at < ${q.to.toISOString()}::timestamptz
          and e.action = any(${sql.param(allActions)}::text[])
          ${q.agencyIds === null ? sql`` : sql`and e.agency_id = any(${sql.param([...q.agencyIds])}::uuid[])`}
        order by e.occurred_at desc, e.id desc limit ${q.limit}`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    occurredAt: new Date(r.occurred_at),
    kind: r.kind,
    action: r.action,
    actorName: r.actor_name,
    entityType: r.entity_type,
    entityId: r.entity_id,
    agencyId: r.agency_id,
    agencyName: r.agency_name,
    ip: r.ip,
  }));
}
