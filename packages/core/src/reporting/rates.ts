/**
 * The reporting rate and the on-time reporting rate of an agency: of the reports due (an assignment and a
 * period whose deadline has passed), how many were submitted at all, and how many for the first time no later
 * than their deadline day. Shares in percent with one decimal; null when nothing was due.
 */
import type { DateKey } from '../calendar/calendar-types';
import { deadlinePassesAt } from './periods';

export interface DueReport {
  deadline: DateKey;
  firstSubmittedAt: Date | null;
}

export interface ReportingRate {
  due: number;
  submitted: number;
  onTime: number;
  rate: number | null;
  onTimeRate: number | null;
}

export function reportingRate(reports: readonly DueReport[], now: Date): ReportingRate {
  const due = reports.filter((r) => deadlinePassesAt(r.deadline).getTime() <= now.getTime());
  const submitted = due.filter((r) => r.firstSubmittedAt !== null);
  const onTime = submitted.filter(
    (r) => (r.firstSubmittedAt as Date).getTime() < deadlinePassesAt(r.deadline).getTime(),
  );
  const share = (n: number) => (due.length === 0 ? null : Math.round((n / due.length) * 1000) / 10);
  return {
    due: due.length,
    submitted: submitted.length,
    onTime: onTime.length,
    rate: share(submitted.length),
    onTimeRate: share(onTime.length),
  };
}
