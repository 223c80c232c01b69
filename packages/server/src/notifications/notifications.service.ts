import { randomUUID } from 'node:crypto';
import { type DossierEvent, type DossierState, dossierNotice, type LocalizedText } from '@congso/core';
import { type Executor, getNotifications, insertNotification, setEmailOutcomes } from '@congso/db';
import { isUuid } from '../http/schemas';
import type { Settled } from '../platform/batcher';
import type { AppContext } from '../platform/context';
import type { JobItem, JobRun } from '../platform/jobs';

/** The notification row of a change to a dossier (null when the applicant is not told of it). */
export function applicantNotice(
  event: DossierEvent,
  state: DossierState,
  email: string | null | undefined,
): Parameters<typeof insertNotification>[1] | null {
  const notice = dossierNotice(event, state);
  if (!notice) return null;
  return {
    id: randomUUID(),
    personId: state.applicantId,
    dossierId: state.id,
    dossierVersion: event.version,
    title: notice.title,
    body: notice.body,
    createdAt: event.at,
    emailTo: email || null,
    emailStatus: email ? 'queued' : null,
  };
}

/** Queues the e-mail of a notification written in the transaction `tx` (when it has an address). */
export async function queueNoticeEmail(
  ctx: AppContext,
  tx: Executor,
  notice: { id: string; emailTo?: string | null },
): Promise<void> {
  // The batch insert the filings use (one prepared statement) rather than pg-boss's send, which looks its
  // queue up first: the job still commits with the change, for a round trip less in every notified action.
  if (notice.emailTo) await ctx.jobs.sendMany(tx, 'notification.email', [{ notificationIds: [notice.id] }]);
}

/**
 * Tells the applicant of a change to their dossier: an in-app notification and, when they gave an
 * e-mail address, an e-mail sent by a job. Called inside the transaction of the change, so the notice,
 * its job and the change commit together or not at all.
 */
export async function notifyApplicant(
  ctx: AppContext,
  tx: Executor,
  event: DossierEvent,
  state: DossierState,
  email: string | null | undefined,
): Promise<void> {
  const notice = applicantNotice(event, state, email);
  if (!notice) return;
  await insertNotification(tx, notice);
  await queueNoticeEmail(ctx, tx, { id: notice.id as string, emailTo: notice.emailTo ?? null });
}

/** An e-mail as the mailer sends it. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

export function mailText(title: LocalizedText, body: LocalizedText): MailMessage['text'] {
  return `${title.vi}\n\n${body.vi}\n\n---\n${title.en}\n\n${body.en}\n\nCongso — Cổng dịch vụ công / Public service portal`;
}

/** Most notifications one `notification.email` job carries (a batch of filings queues one job per this many). */
export const EMAILS_PER_JOB = 10;

/** E-mails sent to the SMTP server at once. */
const SMTP_CONCURRENCY = 10;

/** The notifications a `notification.email` job is for: `notificationIds` (a list) or `notificationId` (one). */
function notificationIdsOf(data: Record<string, unknown>): string[] {
  return Array.isArray(data.notificationIds) ? data.notificationIds.map(String) : [String(data.notificationId ?? '')];
}

/**
 * The `notification.email` jobs of a batch: each e-mail not sent yet is sent through SMTP when one is
 * configured (a few side by side); without one (the demo) they are kept in the outbox for administrators to
 * read. One query reads the notifications and one records what became of them. Each job is answered on its
 * own: a job with a failed e-mail fails (and is retried), and its retry sends only what was not sent.
 */
export async function deliverNotificationEmails(ctx: AppContext, jobs: readonly JobItem[]): Promise<Settled<void>[]> {
  const db = ctx.connection.db;
  const idsOfJob = jobs.map((j) => notificationIdsOf(j.data));
  const runOf = new Map<string, JobRun>();
  idsOfJob.forEach((ids, i) => {
    for (const id of ids) if (!runOf.has(id)) runOf.set(id, (jobs[i] as JobItem).run);
  });
  const known = await getNotifications(
    db,
    [...runOf.keys()].filter((id) => isUuid(id)),
  );
  const due = known.filter((r) => r.emailTo && r.emailStatus !== 'sent' && r.emailStatus !== 'kept');
  const errors = new Map<string, unknown>();
  const outcomes: Parameters<typeof setEmailOutcomes>[1][number][] = [];
  const mailer = ctx.mailer;
  if (!mailer) {
    for (const row of due) outcomes.push({ id: row.id, status: 'kept', at: ctx.now() });
  } else {
    const queue = [...due];
    const sendNext = async (): Promise<void> => {
      for (let row = queue.shift(); row; row = queue.shift()) {
        const title = row.title as LocalizedText;
        try {
          await mailer.send({
            to: row.emailTo as string,
            subject: title.vi,
            text: mailText(title, row.body as LocalizedText),
          });
          outcomes.push({ id: row.id, status: 'sent', at: ctx.now() });
        } catch (error) {
          // Still queued while the queue will retry; failed (for an administrator to see) after the last try.
          outcomes.push({
            id: row.id,
            status: runOf.get(row.id)?.lastAttempt ? 'failed' : 'queued',
            at: ctx.now(),
            error: error instanceof Error ? error.message.slice(0, 500) : String(error),
          });
          errors.set(row.id, error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(SMTP_CONCURRENCY, queue.length) }, sendNext));
  }
  await setEmailOutcomes(db, outcomes);
  return idsOfJob.map((ids) => {
    const failed = ids.find((id) => errors.has(id));
    return failed === undefined ? { ok: true, value: undefined } : { ok: false, error: errors.get(failed) };
  });
}

/** One `notification.email` job (see `deliverNotificationEmails`); throws when its e-mail failed. */
export async function deliverNotificationEmail(
  ctx: AppContext,
  data: Record<string, unknown>,
  run: JobRun = { attempt: 1, lastAttempt: false },
): Promise<void> {
  const [result] = await deliverNotificationEmails(ctx, [{ data, run }]);
  if (result && !result.ok) throw result.error;
}
