import type { AlertFinding } from '@congso/core';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../connection';
import { alertDigests, alertRules, alerts } from '../schema/index';

export type AlertRuleRow = typeof alertRules.$inferSelect;
export type AlertRow = typeof alerts.$inferSelect;

export async function listAlertRules(db: Executor, agencyIds: readonly string[] | null): Promise<AlertRuleRow[]> {
  const where = agencyIds === null ? undefined : inArray(alertRules.agencyId, [...agencyIds]);
  return db.select().from(alertRules).where(where).orderBy(asc(alertRules.createdAt), asc(alertRules.id));
}

export async function getAlertRule(db: Executor, id: string): Promise<AlertRuleRow | null> {
  const [row] = await db.select().from(alertRules).where(eq(alertRules.id, id));
  return row ?? null;
}

export async function insertAlertRule(tx: Executor, row: typeof alertRules.$inferInsert): Promise<AlertRuleRow> {
  const [inserted] = await tx.insert(alertRules).values(row).returning();
  return inserted as AlertRuleRow;
}

/** Updates a rule at the version read; null when it moved meanwhile (the caller answers 409). */
export async function updateAlertRule(
  tx: Executor,
  id: string,
  version: number,
  values: Pick<AlertRuleRow, 'name' | 'kind' | 'params' | 'enabled' | 'updatedAt'>,
): Promise<AlertRuleRow | null> {
  const [row] = await tx
    .update(alertRules)
    .set({ ...values, version: version + 1 })
    .where(and(eq(alertRules.id, id), eq(alertRules.version, version)))
    .returning();
  return row ?? null;
}

/**
 * Keeps a rule's alerts in line with its findings at `now`: a new finding is inserted, one still found is
 * refreshed (value, message, last seen), and an unresolved alert no longer found is resolved. Returns the
 * number of alerts raised and resolved.
 */
export async function applyAlertFindings(
  tx: Executor,
  rule: { id: string; agencyId: string },
  findings: readonly AlertFinding[],
  now: Date,
  newId: () => string,
): Promise<{ raised: number; resolved: number }> {
  let raised = 0;
  for (const f of findings) {
    const rows = await queryRows<{ inserted: boolean }>(
      tx,
      sql`insert into alerts (id, rule_id, agency_id, subject_kind, subject_id, subject_name, window_key, value,
            threshold, message, first_seen_at, last_seen_at)
          values (${newId()}, ${rule.id}, ${rule.agencyId}, ${f.subjectKind}, ${f.subjectId}, ${f.subjectName},
            ${f.windowKey}, ${f.value}, ${f.threshold}, ${JSON.stringify(f.message)}::jsonb, ${now.toISOString()}::timestamptz,
            ${now.toISOString()}::timestamptz)
          on conflict (rule_id, subject_id, window_key) do update set value = excluded.value,
            threshold = excluded.threshold, message = excluded.message, subject_name = excluded.subject_name,
            last_seen_at = excluded.last_seen_at, resolved_at = null
          returning (xmax = 0) as inserted`,
    );
    if (rows[0]?.inserted) raised++;
  }
  const keep = findings.map((f) => `${f.subjectId}|${f.windowKey}`);
  const resolved = await queryRows<{ id: string }>(
    tx,
    sql`update alerts set resolved_at = ${now.toISOString()}::timestamptz
        where rule_id = ${rule.id} and resolved_at is null
          and not (subject_id || '|' || window_key = any(${sql.param(keep)}::text[]))
        returning id`,
  );
  return { raised, resolved: resolved.length };
}

export interface AlertListQuery {
  agencyIds: readonly string[] | null;
  /** Only those still found and not acknowledged. */
  open: boolean;
  limit: number;
  offset: number;
}

export async function listAlerts(db: Executor, q: AlertListQuery): Promise<{ items: AlertRow[]; total: number }> {
  const conditions = [
    q.agencyIds === null ? undefined : inArray(alerts.agencyId, [...q.agencyIds]),
    q.open ? isNull(alerts.resolvedAt) : undefined,
    q.open ? isNull(alerts.acknowledgedAt) : undefined,
  ].filter((c) => c !== undefined);
  const where = conditions.length ? and(...conditions) : undefined;
  const [items, [count]] = await Promise.all([
    db
      .select()
      .from(alerts)
      .where(where)
      .orderBy(desc(alerts.lastSeenAt), asc(alerts.id))
      .limit(q.limit)
      .offset(q.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(alerts).where(where),
  ]);
  return { items, total: Number(count?.n ?? 0) };
}

export async function getAlert(db: Executor, id: string): Promise<AlertRow | null> {
  const [row] = await db.select().from(alerts).where(eq(alerts.id, id));
  return row ?? null;
}

/** Acknowledges an alert at the version read; null when it moved meanwhile (409). */
export async function acknowledgeAlert(
  tx: Executor,
  id: string,
  version: number,
  by: string,
  at: Date,
): Promise<AlertRow | null> {
  const [row] = await tx
    .update(alerts)
    .set({ acknowledgedAt: at, acknowledgedBy: by, version: version + 1 })
    .where(and(eq(alerts.id, id), eq(alerts.version, version)))
    .returning();
  return row ?? null;
}

/** Claims the digest of a person and day; false when it was already sent (one a day). */
export async function claimAlertDigest(
  tx: Executor,
  row: { personId: string; day: string; notificationId: string | null; alerts: number },
): Promise<boolean> {
  const inserted = await tx.insert(alertDigests).values(row).onConflictDoNothing().returning();
  return inserted.length > 0;
}

/** Officers who read the index and get the digest: leaders and administrators with an e-mail address. */
export async function alertDigestRecipients(
  db: Executor,
): Promise<{ id: string; agencyId: string; email: string; fullName: string }[]> {
  return queryRows<{ id: string; agencyId: string; email: string; fullName: string }>(
    db,
    sql`select id, agency_id as "agencyId", email, full_name as "fullName" from people
        where kind = 'officer' and active and agency_id is not null and email is not null and email <> ''
          and (roles && array['agency_leader', 'admin']::text[])
        order by id`,
  );
}

/** The instants of failed sign-ins in [from, to] (the audit trail). */
export async function signInFailuresBetween(db: Executor, from: Date, to: Date): Promise<Date[]> {
  const rows = await queryRows<{ at: Date | string }>(
    db,
    sql`select occurred_at as at from audit_events where action = 'auth.login_failed'
          and occurred_at > ${from.toISOString()}::timestamptz and occurred_at <= ${to.toISOString()}::timestamptz`,
  );
  return rows.map((r) => new Date(r.at));
}
