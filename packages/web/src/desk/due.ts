import type { DossierStatus, Outcome } from '@congso/core';

/**
 * How a dossier stands against its return date, for the colours of the queue and the dossier page.
 * Pure: `now` is passed in. Days are Vietnam's (Asia/Ho_Chi_Minh, UTC+7 all year, no daylight saving).
 */
export type DueTone =
  | 'late'
  | 'today'
  | 'on_time'
  | 'paused'
  | 'finished_late'
  | 'finished_on_time'
  | 'finished_early'
  | 'ended'
  | 'none';

const vietnamOffsetMs = 7 * 60 * 60 * 1000;

/** The Vietnam calendar day of an instant, "YYYY-MM-DD". */
export function vietnamDay(instant: Date): string {
  return new Date(instant.getTime() + vietnamOffsetMs).toISOString().slice(0, 10);
}

const endedStatuses: ReadonlySet<DossierStatus> = new Set(['denied', 'withdrawn', 'stopped', 'returned']);
const pausedStatuses: ReadonlySet<DossierStatus> = new Set(['waiting_supplement', 'waiting_payment']);

export interface DueInput {
  status: DossierStatus;
  dueAt: string | null;
  finishedAt: string | null;
  outcome: Outcome | null;
}

export function classifyDue(dossier: DueInput, now: Date): DueTone {
  if (dossier.outcome) return `finished_${dossier.outcome}`;
  if (dossier.finishedAt || endedStatuses.has(dossier.status)) return 'ended';
  if (!dossier.dueAt) return 'none';
  // Waiting for the applicant stops the clock: the due time moves when they come back.
  if (pausedStatuses.has(dossier.status)) return 'paused';
  const due = new Date(dossier.dueAt);
  if (Number.isNaN(due.getTime())) return 'none';
  if (now.getTime() > due.getTime()) return 'late';
  return vietnamDay(now) === vietnamDay(due) ? 'today' : 'on_time';
}
