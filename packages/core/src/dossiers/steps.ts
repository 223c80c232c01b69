/**
 * A procedure's step template and the per-step deadline arithmetic. All time arithmetic is the
 * calendar's (`WorkingCalendar`); this file only chains it.
 */
import type { Instant, Outcome, PauseInterval } from '../calendar/calendar-types';
import type { WorkingCalendar } from '../calendar/working-calendar';
import { type OfficerRole, officerRoles } from '../identity/roles';
import type { FieldIssue, LocalizedText } from '../shared/errors';

export const stepNames = ['receive', 'examine', 'approve', 'issue', 'return'] as const;
export type StepName = (typeof stepNames)[number];

export const stepLabels = {
  receive: { vi: 'Tiếp nhận hồ sơ', en: 'Receive' },
  examine: { vi: 'Thẩm định, xử lý', en: 'Examine' },
  approve: { vi: 'Phê duyệt, ký', en: 'Approve and sign' },
  issue: { vi: 'Vào sổ, phát hành', en: 'Register and issue' },
  return: { vi: 'Trả kết quả', en: 'Return the result' },
} as const satisfies Record<StepName, LocalizedText>;

/**
 * One step of a procedure's template (plain data: the catalog provides it). `agencyId` is set for a step
 * done by a fixed agency (an inter-agency step, or approval by a higher agency); otherwise the step is
 * done by the receiving agency (`receive`, `return`) or the handling agency (the others).
 */
export interface DossierStepTemplate {
  step: StepName;
  /** The role that does the step (informative: the policy per action decides who may act). */
  role?: OfficerRole;
  agencyId?: string;
  /** The step's share of the deadline, in working hours (8 = one working day). */
  hours: number;
}

/** The step the dossier is at now. */
export interface CurrentStep {
  name: StepName;
  /** Position in the template, or null for a step that is not in it (e.g. an unplanned inter-agency step). */
  templateIndex: number | null;
  /** The last template position reached (where the search for the next step starts), -1 before any. */
  cursor: number;
  agencyId: string;
  role: OfficerRole | null;
  assigneeId: string | null;
  /** Working hours allowed, or null when the step has no share of the deadline. */
  allowedHours: number | null;
  startedAt: Date;
  /** Null while the clock has not started (an online dossier not received yet) or without a share. */
  dueAt: Date | null;
  /** Working hours spent waiting for the applicant (supplement, payment) during this step. */
  pausedHours: number;
  /** True while the step is in another agency's queue (sent with send_to_agency). */
  interAgency: boolean;
}

/** A finished step, as the control slip (form 06) lists it. */
export interface FinishedStep extends CurrentStep {
  finishedAt: Date;
  /** Working hours used, waiting time excluded. */
  usedHours: number;
  outcome: Outcome | null;
}

/** A planned step with its cumulative due time (for the receipt and the control slip). */
export interface PlannedStep extends DossierStepTemplate {
  startsAt: Date;
  dueAt: Date;
}

/**
 * The planned due time of each step when every step takes exactly its share: step i starts when step
 * i - 1 is due. The first step starts at the next working instant of `start`.
 */
export function planSteps(
  calendar: WorkingCalendar,
  steps: readonly DossierStepTemplate[],
  start: Instant,
): PlannedStep[] {
  let startsAt = calendar.nextWorkingInstant(start);
  return steps.map((step) => {
    const dueAt = calendar.addWorkingHours(startsAt, step.hours);
    const planned: PlannedStep = { ...step, startsAt, dueAt };
    startsAt = dueAt;
    return planned;
  });
}

/** The due time of a step started at `startedAt` with `allowedHours`, extended for the applicant's pauses. */
export function stepDueAt(
  calendar: WorkingCalendar,
  startedAt: Instant,
  allowedHours: number,
  pauses: readonly PauseInterval[] = [],
): Date {
  return calendar.extendForPauses(calendar.addWorkingHours(startedAt, allowedHours), pauses);
}

/** Working hours a step used from `startedAt` to `finishedAt`, less the working time of pauses inside it. */
export function stepUsedHours(
  calendar: WorkingCalendar,
  startedAt: Instant,
  finishedAt: Instant,
  pauses: readonly PauseInterval[] = [],
): number {
  const from = new Date(startedAt).getTime();
  const to = new Date(finishedAt).getTime();
  let paused = 0;
  let covered = from; // pauses are clipped to [from, to] and counted once where they overlap
  const sorted = pauses
    .map((p) => ({ start: new Date(p.start).getTime(), end: new Date(p.end).getTime() }))
    .sort((a, b) => a.start - b.start);
  for (const p of sorted) {
    const start = Math.max(p.start, covered);
    const end = Math.min(p.end, to);
    if (end > start) {
      paused += calendar.workingHoursBetween(start, end);
      covered = end;
    }
  }
  return calendar.workingHoursBetween(from, to) - paused;
}

/**
 * Early / on time / late of a step: early if it used less than its share, on time if exactly its share,
 * late if more — the calendar's `classifyOutcome` against the step's due time (already extended for
 * pauses), to the minute. Null when the step has no due time.
 */
export function stepOutcome(
  calendar: WorkingCalendar,
  step: { dueAt: Date | null },
  finishedAt: Instant,
): Outcome | null {
  return step.dueAt ? calendar.classifyOutcome(finishedAt, step.dueAt) : null;
}

/** The first template position after `after` whose step matches, or null. */
export function findTemplateStep(
  steps: readonly DossierStepTemplate[],
  after: number,
  match: (step: DossierStepTemplate) => boolean,
): number | null {
  for (let i = Math.max(after + 1, 0); i < steps.length; i++) {
    if (match(steps[i] as DossierStepTemplate)) return i;
  }
  return null;
}

/** Problems of a step template, as field issues under `path`. */
export function validateStepTemplate(steps: readonly DossierStepTemplate[], path = 'procedure.steps'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!Array.isArray(steps)) {
    return [{ path, code: 'type', message: { vi: 'Quy trình phải là danh sách bước.', en: 'Steps must be a list.' } }];
  }
  steps.forEach((step, i) => {
    if (!stepNames.includes(step?.step)) {
      issues.push({
        path: `${path}.${i}.step`,
        code: 'enum',
        message: { vi: 'Tên bước không hợp lệ.', en: 'Unknown step.' },
      });
    }
    if (typeof step?.hours !== 'number' || !Number.isFinite(step.hours) || step.hours < 0) {
      issues.push({
        path: `${path}.${i}.hours`,
        code: 'range',
        message: { vi: 'Thời gian của bước phải là số giờ không âm.', en: 'Hours must be a number ≥ 0.' },
      });
    }
    if (step?.role !== undefined && !officerRoles.includes(step.role)) {
      issues.push({
        path: `${path}.${i}.role`,
        code: 'enum',
        message: { vi: 'Vai trò không hợp lệ.', en: 'Unknown role.' },
      });
    }
    if (step?.agencyId !== undefined && (typeof step.agencyId !== 'string' || step.agencyId.trim() === '')) {
      issues.push({
        path: `${path}.${i}.agencyId`,
        code: 'required',
        message: { vi: 'Thiếu cơ quan thực hiện bước.', en: 'The agency is empty.' },
      });
    }
  });
  return issues;
}
