import { randomUUID } from 'node:crypto';
import { type DossierEvent, type DossierState, dossierNotice, type LocalizedText } from '@congso/core';
import { type Executor, getNotification, insertNotification, setEmailOutcome } from '@congso/db';
import type { AppContext } from '../platform/context';
import type { JobRun } from '../platform/jobs';

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
  if (notice.emailTo) await ctx.jobs.send(tx, 'notification.email', { notificationId: notice.id });
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

/**
 * The `notification.email` job: sends the e-mail through SMTP when one is configured; without one (the
 * demo) keeps it in the outbox for administrators to read. A failure is thrown so the queue retries it.
 */
export async function deliverNotificationEmail(
  ctx: AppContext,
  data: Record<string, unknown>,
  run: JobRun = { attempt: 1, lastAttempt: false },
): Promise<void> {
  const db = ctx.connection.db;
  const row = await getNotification(db, String(data.notificationId ?? ''));
  if (!row?.emailTo || row.emailStatus === 'sent' || row.emailStatus === 'kept') return;
  if (!ctx.mailer) {
    await setEmailOutcome(db, row.id, { status: 'kept', at: ctx.now() });
    return;
  }
  const title = row.title as LocalizedText;
  try {
    await ctx.mailer.send({ to: row.emailTo, subject: title.vi, text: mailText(title, row.body as LocalizedText) });
  } catch (error) {
    // Still queued while the queue will retry; failed (for an administrator to see) after the last try.
    await setEmailOutcome(db, row.id, {
      status: run.lastAttempt ? 'failed' : 'queued',
      at: ctx.now(),
      error: error instanceof Error ? error.message.slice(0, 500) : String(error),
    });
    throw error;
  }
  await setEmailOutcome(db, row.id, { status: 'sent', at: ctx.now() });
}
