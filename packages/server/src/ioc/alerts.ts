/**
 * Alert rules (data in `alert_rules`, core `ioc/alerts.ts`): evaluated by the server's one-minute timer after
 * the index's catch-up (`evaluateAlerts`), each rule in its own transaction with its audit event when it
 * raised or resolved alerts; the daily digest (`sendAlertDigests`, from 07:00 Vietnam time) tells each leader
 * and administrator with an e-mail address of the open alerts in their reach, as an in-app notification and
 * its e-mail through the notifications' job queue, once a day.
 */
import { randomUUID } from 'node:crypto';
import {
  type AlertFinding,
  alertRuleSpecSchema,
  isLateWhileOpen,
  isOpenAt,
  lateDaysFindings,
  onTimeFindings,
  periodOf,
  signInFindings,
  vnDateKey,
} from '@congso/core';
import {
  alertDigestRecipients,
  applyAlertFindings,
  claimAlertDigest,
  findIocFacts,
  insertNotification,
  listAlertRules,
  listAlerts,
  loadAgencyTree,
  recordAudit,
  signInFailuresBetween,
} from '@congso/db';
import { queueNoticeEmail } from '../notifications/notifications.service';
import type { AppContext } from '../platform/context';
import { rankingRows, subtreeOf } from './ioc-views';

export interface AlertRun {
  rules: number;
  raised: number;
  resolved: number;
}

function rootOf(agencies: { id: string; parentId: string | null }[], id: string): string {
  const byId = new Map(agencies.map((a) => [a.id, a]));
  let cur = byId.get(id);
  for (let guard = 0; cur?.parentId && guard < 50; guard++) cur = byId.get(cur.parentId);
  return cur?.id ?? id;
}

/** Evaluates every enabled rule at `now` (ctx.now()) and keeps its alerts in line with what it finds. */
export async function evaluateAlerts(ctx: AppContext, now: Date): Promise<AlertRun> {
  const db = ctx.connection.db;
  const read = ctx.connection.readDb ?? db;
  const rules = (await listAlertRules(db, null)).filter((r) => r.enabled);
  const agencies = await loadAgencyTree(read);
  const run: AlertRun = { rules: 0, raised: 0, resolved: 0 };
  for (const rule of rules) {
    const spec = alertRuleSpecSchema.safeParse({ kind: rule.kind, params: rule.params });
    if (!spec.success) continue;
    let findings: AlertFinding[];
    if (spec.data.kind === 'on_time_below') {
      const period = periodOf(spec.data.params.period, now);
      const rows = await rankingRows(ctx, {
        provinceId: rootOf(agencies, rule.agencyId),
        under: rule.agencyId,
        scope: 'agency',
        period,
      });
      findings = onTimeFindings(
        spec.data.params,
        period.key,
        rows.map((r) => ({ id: r.id, name: r.name, onTime: r.onTime, dossiers: r.finished + r.inProgress })),
      );
    } else if (spec.data.kind === 'late_over_days') {
      const facts = await findIocFacts(read, {
        scopeKind: 'agency',
        scopeId: subtreeOf(agencies, rule.agencyId),
        on: 'open_at',
        from: new Date(0),
        to: now,
        limit: 5000,
      });
      findings = lateDaysFindings(
        spec.data.params,
        facts.filter((f) => isOpenAt(f, now) && isLateWhileOpen(f, now)),
        now,
      );
    } else {
      const from = new Date(now.getTime() - spec.data.params.minutes * 60_000);
      findings = signInFindings(spec.data.params, await signInFailuresBetween(read, from, now), now);
    }
    await db.transaction(async (tx) => {
      const result = await applyAlertFindings(tx, rule, findings, now, randomUUID);
      if (result.raised + result.resolved > 0) {
        await recordAudit(tx, {
          occurredAt: now,
          actorId: null,
          action: 'alert.evaluated',
          entityType: 'alert_rule',
          entityId: rule.id,
          agencyId: rule.agencyId,
          data: { raised: result.raised, resolved: result.resolved },
        });
      }
      run.raised += result.raised;
      run.resolved += result.resolved;
    });
    run.rules++;
  }
  return run;
}

/** The hour (Vietnam time) from which the day's digest goes out. */
export const DIGEST_HOUR = 7;

/**
 * The daily digest at `now`: from 07:00 Vietnam time, each recipient with open alerts in reach gets one
 * notification (and its e-mail) for the day; a second call the same day sends nothing again.
 */
export async function sendAlertDigests(ctx: AppContext, now: Date): Promise<number> {
  const vnHour = new Date(now.getTime() + 7 * 3_600_000).getUTCHours();
  if (vnHour < DIGEST_HOUR) return 0;
  const db = ctx.connection.db;
  const day = vnDateKey(now);
  const agencies = await loadAgencyTree(db);
  let sent = 0;
  for (const person of await alertDigestRecipients(db)) {
    const { items, total } = await listAlerts(db, {
      agencyIds: subtreeOf(agencies, person.agencyId),
      open: true,
      limit: 20,
      offset: 0,
    });
    if (total === 0) continue;
    const id = randomUUID();
    const lines = (lang: 'vi' | 'en') =>
      items.map((a) => `- ${(a.message as { vi: string; en: string })[lang]}`).join('\n') +
      (total > items.length
        ? lang === 'vi'
          ? `\n… và ${total - items.length} cảnh báo khác.`
          : `\n… and ${total - items.length} more.`
        : '');
    await db.transaction(async (tx) => {
      if (!(await claimAlertDigest(tx, { personId: person.id, day, notificationId: id, alerts: total }))) return;
      await insertNotification(tx, {
        id,
        personId: person.id,
        title: { vi: `Cảnh báo điều hành ngày ${day}: ${total}`, en: `Operations alerts for ${day}: ${total}` },
        body: { vi: lines('vi'), en: lines('en') },
        createdAt: now,
        emailTo: person.email,
        emailStatus: 'queued',
      });
      await queueNoticeEmail(ctx, tx, { id, emailTo: person.email });
      await recordAudit(tx, {
        occurredAt: now,
        actorId: null,
        action: 'alert.digest_sent',
        entityType: 'person',
        entityId: person.id,
        agencyId: person.agencyId,
        data: { day, alerts: total },
      });
      sent++;
    });
  }
  return sent;
}
