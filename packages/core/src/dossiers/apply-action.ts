/**
 * Applying an action: check the status (INVALID_STATE), the policy (FORBIDDEN) and the input
 * (VALIDATION_FAILED), compute due times and step changes with the calendar, and return the new state
 * with the event to append. `state === evolve(previous, event)` always.
 */

import type { z } from 'zod';
import type { Outcome } from '../calendar/calendar-types';
import { vnDateKey } from '../calendar/vn-time';
import type { WorkingCalendar } from '../calendar/working-calendar';
import type { Actor } from '../identity/policy';
import { CongsoError, type FieldIssue, type LocalizedText } from '../shared/errors';
import { fieldIssuesOf } from '../shared/field-issues';
import { actionInputOf, dossierActionInputSchemas, MAX_REASON_LENGTH, type ParsedActionOf } from './action-inputs';
import type { DossierAction, DossierActionInput } from './actions';
import { canOpen, canPerform } from './dossier.policy';
import { parseDossierCode } from './dossier-code';
import {
  DEFAULT_DOSSIER_RULES,
  type DossierEffects,
  type DossierEvent,
  type DossierEventData,
  type DossierOpening,
  type DossierRules,
  type DossierState,
  evolve,
  type ProcedureSnapshot,
  snapshotActor,
} from './dossier-state';
import type { OpeningDocument } from './filing-inputs';
import type { DossierStatus } from './statuses';
import { type CurrentStep, type FinishedStep, findTemplateStep, type StepName, validateStepTemplate } from './steps';
import { actionGuard, RESUME, transitionTarget } from './transitions';

export interface ActionContext {
  /** When the action happens (the server's clock). */
  at: Date;
  calendar: WorkingCalendar;
  actor: Actor;
}

export interface ActionResult {
  state: DossierState;
  event: DossierEvent;
}

/** Filing online (status 1, the clock does not run yet) or receiving at the counter / by post (status 2). */
export interface OpenDossierInput {
  action: 'submit_online' | 'receive';
  id: string;
  /** Allocated by the server from the counter of `dossierDayKey(agency code, at)`; its date must be `at`'s. */
  code: string;
  applicantId: string;
  receivingAgencyId: string;
  /** For `receive`: `counter` (default) or `postal`. `submit_online` is always `online`. */
  channel?: 'counter' | 'postal';
  procedure: ProcedureSnapshot;
  rules?: Partial<DossierRules>;
  /** The documents filed (the e-form's) or received at the counter, kept for the receipt. */
  documents?: readonly OpeningDocument[];
}

// -----------------------------------------------------------------------------------------------------
// Validation helpers

/** The problems of an opening's input (an action's are its schema's, see `validateInput`). */
class Issues {
  readonly list: FieldIssue[] = [];
  add(path: string, code: string, message: LocalizedText): void {
    this.list.push({ path, code, message });
  }
  /** A required text, trimmed. */
  text(path: string, value: unknown, max = MAX_REASON_LENGTH): string {
    if (typeof value !== 'string' || value.trim() === '') {
      this.add(path, 'required', { vi: 'Không được để trống.', en: 'Required.' });
      return '';
    }
    if (value.trim().length > max)
      this.add(path, 'too_long', { vi: `Tối đa ${max} ký tự.`, en: `At most ${max} characters.` });
    return value.trim();
  }
  throwIfAny(): void {
    if (this.list.length > 0) throw new CongsoError('VALIDATION_FAILED', { details: this.list });
  }
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && Number.isFinite(value.getTime());
}

function checkInstant(at: unknown, notBefore: Date | null): void {
  if (!isValidDate(at)) {
    throw new CongsoError('VALIDATION_FAILED', {
      details: [{ path: 'at', code: 'type', message: { vi: 'Thời điểm không hợp lệ.', en: 'Invalid time.' } }],
    });
  }
  if (notBefore && at.getTime() < notBefore.getTime()) {
    throw new CongsoError('VALIDATION_FAILED', {
      details: [
        {
          path: 'at',
          code: 'order',
          message: { vi: 'Thời điểm trước thao tác trước đó.', en: 'The time is before the previous action.' },
        },
      ],
    });
  }
}

// -----------------------------------------------------------------------------------------------------
// Steps

function agencyForStep(state: DossierState, name: StepName, fixed: string | undefined): string {
  if (fixed) return fixed;
  if (name === 'receive' || name === 'return') return state.receivingAgencyId;
  return state.handlingAgencyId ?? state.receivingAgencyId;
}

/** The step to enter: the template's next step matching `match` after the cursor, or an unplanned one. */
function enterStep(
  state: DossierState,
  calendar: WorkingCalendar,
  at: Date,
  options: {
    name: StepName;
    match?: (name: StepName, agencyId: string | undefined) => boolean;
    agencyId?: string;
    interAgency?: boolean;
    clockRunning?: boolean;
    from?: number;
  },
): CurrentStep {
  const template = state.procedure.steps;
  const cursor = options.from ?? state.currentStep?.cursor ?? -1;
  const match = options.match ?? ((name) => name === options.name);
  const index = findTemplateStep(template, cursor, (s) => match(s.step, s.agencyId));
  const planned = index === null ? undefined : template[index];
  const name = planned?.step ?? options.name;
  const allowedHours = planned ? planned.hours : null;
  const clockRunning = options.clockRunning ?? true;
  return {
    name,
    templateIndex: index,
    cursor: index ?? cursor,
    agencyId: options.agencyId ?? agencyForStep(state, name, planned?.agencyId),
    role: planned?.role ?? null,
    assigneeId: null,
    allowedHours,
    startedAt: at,
    dueAt: allowedHours !== null && clockRunning ? calendar.addWorkingHours(at, allowedHours) : null,
    pausedHours: 0,
    interAgency: options.interAgency ?? false,
  };
}

function finishStep(step: CurrentStep | null, calendar: WorkingCalendar, at: Date): FinishedStep | undefined {
  if (!step) return undefined;
  const usedHours = calendar.workingHoursBetween(step.startedAt, at) - step.pausedHours;
  const outcome = step.dueAt ? calendar.classifyOutcome(at, step.dueAt) : null;
  return { ...step, finishedAt: at, usedHours, outcome };
}

/** Finishes the current step and enters the next one. */
function moveStep(
  state: DossierState,
  calendar: WorkingCalendar,
  at: Date,
  next: Parameters<typeof enterStep>[3] | null,
): DossierEffects {
  const effects: DossierEffects = { currentStep: next ? enterStep(state, calendar, at, next) : null };
  const finished = finishStep(state.currentStep, calendar, at);
  if (finished) effects.finishedStep = finished;
  return effects;
}

// -----------------------------------------------------------------------------------------------------
// Deadlines and outcome

/**
 * Early / on time / late of a finished dossier (QĐ 766): late when there were more supplement requests
 * than the rules allow or (by default) an apology, otherwise the calendar's classification of the end of
 * processing against the return date (already extended for the applicant's waiting time).
 */
export function dossierOutcome(
  calendar: WorkingCalendar,
  state: Pick<DossierState, 'dueAt' | 'supplementCount' | 'apologies' | 'rules'>,
  finishedAt: Date,
): Outcome | null {
  if (!state.dueAt) return null;
  if (state.supplementCount > state.rules.maxSupplementRequestsOnTime) return 'late';
  if (state.rules.apologyCountsAsLate && state.apologies.length > 0) return 'late';
  return calendar.classifyOutcome(finishedAt, state.dueAt, { onTimeWindow: state.rules.onTimeWindow });
}

/** The return date of a dossier received at `receivedAt` under `deadline`. */
export function computeDueAt(
  calendar: WorkingCalendar,
  deadline: { unit: 'working_hours' | 'calendar_days'; value: number },
  receivedAt: Date,
): Date {
  return deadline.unit === 'calendar_days'
    ? calendar.addCalendarDays(receivedAt, deadline.value)
    : calendar.addWorkingHours(receivedAt, deadline.value);
}

/** Ends the open pause at `at`: the return date and the current step's due time move by the pause. */
function resumeEffects(state: DossierState, calendar: WorkingCalendar, at: Date): DossierEffects {
  const open = state.pauses.find((p) => p.end === null);
  if (!open) return {};
  const pause = { start: open.start, end: at };
  const effects: DossierEffects = {};
  if (state.dueAt) effects.dueAt = calendar.extendForPauses(state.dueAt, [pause]);
  const step = state.currentStep;
  if (step) {
    effects.currentStep = {
      ...step,
      dueAt: step.dueAt ? calendar.extendForPauses(step.dueAt, [pause]) : null,
      pausedHours: step.pausedHours + calendar.workingHoursBetween(open.start, at),
    };
  }
  return effects;
}

/** The state with a pause ended (the return date and the current step moved), to finish from. */
function withEffects(state: DossierState, effects: DossierEffects): DossierState {
  const next = { ...state };
  if (effects.dueAt !== undefined) next.dueAt = effects.dueAt;
  if (effects.currentStep !== undefined) next.currentStep = effects.currentStep;
  return next;
}

/** Ends processing at `at` (issue_result, refuse, stop; return_result if not yet): finishedAt and outcome, once. */
function finishEffects(state: DossierState, calendar: WorkingCalendar, at: Date): DossierEffects {
  if (state.finishedAt) return {};
  return { finishedAt: at, outcome: dossierOutcome(calendar, state, at) };
}

// -----------------------------------------------------------------------------------------------------
// Opening

function validateProcedure(issues: Issues, procedure: ProcedureSnapshot): void {
  if (!procedure || typeof procedure !== 'object') {
    issues.add('procedure', 'required', { vi: 'Thiếu thủ tục.', en: 'The procedure is missing.' });
    return;
  }
  issues.text('procedure.code', procedure.code, 100);
  issues.text('procedure.version', procedure.version, 100);
  const d = procedure.deadline;
  if (!d || (d.unit !== 'working_hours' && d.unit !== 'calendar_days')) {
    issues.add('procedure.deadline.unit', 'enum', {
      vi: 'Đơn vị thời hạn không hợp lệ.',
      en: 'Unknown deadline unit.',
    });
  } else {
    for (const key of ['counter', 'online'] as const) {
      const value = d[key];
      if (key === 'online' && value === undefined) continue;
      const ok =
        typeof value === 'number' &&
        Number.isFinite(value) &&
        value > 0 &&
        (d.unit === 'working_hours' || Number.isInteger(value));
      if (!ok) {
        issues.add(`procedure.deadline.${key}`, 'range', {
          vi: 'Thời hạn phải là số dương (số nguyên nếu tính theo ngày).',
          en: 'The deadline must be positive (whole days for calendar days).',
        });
      }
    }
  }
  issues.list.push(...validateStepTemplate(procedure.steps));
}

/** Opens a dossier: filed online (→ receiving) or received at the counter or by post (→ received). */
export function openDossier(input: OpenDossierInput, context: ActionContext): ActionResult {
  const { at, calendar, actor } = context;
  checkInstant(at, null);
  if (input.action !== 'submit_online' && input.action !== 'receive') {
    throw new CongsoError('INVALID_STATE', { details: { action: input.action } });
  }
  if (!canOpen(actor, input)) throw new CongsoError('FORBIDDEN');
  const issues = new Issues();
  const id = issues.text('id', input.id, 100);
  const applicantId = issues.text('applicantId', input.applicantId, 100);
  const receivingAgencyId = issues.text('receivingAgencyId', input.receivingAgencyId, 100);
  const parsed = parseDossierCode(input.code);
  if (!parsed.ok) {
    issues.add('code', parsed.problem, { vi: 'Mã hồ sơ không hợp lệ.', en: 'Invalid dossier code.' });
  } else if (parsed.value.date !== vnDateKey(at)) {
    issues.add('code', 'date', {
      vi: 'Ngày trong mã hồ sơ khác ngày nộp.',
      en: 'The code’s date is not the filing date.',
    });
  }
  const channel = input.action === 'submit_online' ? 'online' : (input.channel ?? 'counter');
  if (input.action === 'receive' && channel !== 'counter' && channel !== 'postal') {
    issues.add('channel', 'enum', { vi: 'Kênh nộp không hợp lệ.', en: 'Unknown channel.' });
  }
  validateProcedure(issues, input.procedure);
  const rules: DossierRules = { ...DEFAULT_DOSSIER_RULES, ...(input.rules ?? {}) };
  if (!Number.isInteger(rules.maxSupplementRequestsOnTime) || rules.maxSupplementRequestsOnTime < 0) {
    issues.add('rules.maxSupplementRequestsOnTime', 'range', {
      vi: 'Phải là số nguyên ≥ 0.',
      en: 'Must be an integer ≥ 0.',
    });
  }
  issues.throwIfAny();

  const d = input.procedure.deadline;
  const value = channel === 'online' && d.online !== undefined ? d.online : d.counter;
  const opening: DossierOpening = {
    id,
    code: parsed.ok ? parsed.value.code : input.code,
    channel,
    applicantId,
    receivingAgencyId,
    procedure: input.procedure,
    rules,
    deadline: { unit: d.unit, value },
    ...(input.documents ? { documents: input.documents } : {}),
  };
  const received = input.action === 'receive';
  // A blank state to compute the first step from (the event rebuilds it the same way).
  const blank = evolve(null, {
    dossierId: id,
    version: 1,
    at,
    actor: snapshotActor(actor),
    fromStatus: null,
    toStatus: received ? 'received' : 'receiving',
    action: 'submit_online',
    data: { opening },
    effects: {},
  });
  const effects: DossierEffects = {
    currentStep: enterStep(blank, calendar, at, { name: 'receive', clockRunning: received, from: -1 }),
  };
  if (received) effects.dueAt = computeDueAt(calendar, opening.deadline, at);
  const event = {
    dossierId: id,
    version: 1,
    at,
    actor: snapshotActor(actor),
    fromStatus: null,
    toStatus: received ? 'received' : 'receiving',
    action: input.action,
    data: { opening },
    effects,
  } as DossierEvent;
  return { state: evolve(null, event), event };
}

// -----------------------------------------------------------------------------------------------------
// Actions

type Data<A extends DossierAction> = DossierEventData[A];

/**
 * Validates and normalises the input of an action (VALIDATION_FAILED with field issues): its fields by the
 * action's schema (`dossierActionInputSchemas`, the API's contract), then what depends on the dossier.
 */
function validateInput(state: DossierState, input: DossierActionInput, at: Date): Data<DossierAction> {
  const schema = Object.hasOwn(dossierActionInputSchemas, input.action)
    ? (dossierActionInputSchemas[input.action] as z.ZodType)
    : undefined;
  if (!schema) throw new CongsoError('INVALID_STATE', { details: { status: state.status, action: input.action } });
  // The schema reads the wire format: the new date of an apology as an instant's text.
  const wire =
    input.action === 'apologize' && isValidDate(input.newDueAt)
      ? { ...input, newDueAt: input.newDueAt.toISOString() }
      : input;
  const parsed = schema.safeParse(wire);
  const issues: FieldIssue[] = parsed.success ? [] : fieldIssuesOf(parsed.error);
  const checked = parsed.success ? actionInputOf(parsed.data as ParsedActionOf<DossierAction>) : null;
  if (checked?.action === 'send_to_agency' && checked.agencyId === state.currentStep?.agencyId) {
    issues.push({
      path: 'agencyId',
      code: 'same_agency',
      message: {
        vi: 'Cơ quan liên thông phải khác cơ quan đang xử lý.',
        en: 'The other agency must differ from the current one.',
      },
    });
  }
  if (checked?.action === 'apologize') {
    const newDueAt = checked.newDueAt;
    if (newDueAt.getTime() <= at.getTime() || (state.dueAt && newDueAt.getTime() <= state.dueAt.getTime())) {
      issues.push({
        path: 'newDueAt',
        code: 'range',
        message: {
          vi: 'Ngày hẹn mới phải sau ngày hẹn hiện tại và sau thời điểm xin lỗi.',
          en: 'The new date must be after the current return date and after now.',
        },
      });
    }
  }
  if (issues.length > 0 || !checked) throw new CongsoError('VALIDATION_FAILED', { details: issues });
  const { action: _action, ...data } = checked;
  return data as Data<DossierAction>;
}

/** The state changes the calendar computes for an action (due times, steps, end of processing). */
function computeEffects(
  state: DossierState,
  input: DossierActionInput,
  data: Data<DossierAction>,
  calendar: WorkingCalendar,
  at: Date,
): DossierEffects {
  switch (input.action) {
    case 'receive':
      // The receive step restarts: its time counts from the receipt, not from the online filing.
      return {
        currentStep: enterStep(state, calendar, at, { name: 'receive', from: -1 }),
        dueAt: computeDueAt(calendar, state.deadline, at),
      };
    case 'refuse_receipt':
    case 'withdraw': {
      const resumed = resumeEffects(state, calendar, at);
      return { ...resumed, ...moveStep(withEffects(state, resumed), calendar, at, null) };
    }
    case 'forward':
      return moveStep(state, calendar, at, { name: 'examine', agencyId: (data as Data<'forward'>).agencyId });
    case 'assign': {
      const step = state.currentStep as CurrentStep;
      return { currentStep: { ...step, assigneeId: (data as Data<'assign'>).assigneeId } };
    }
    case 'propose_approval':
    case 'propose_refusal':
      return moveStep(state, calendar, at, { name: 'approve' });
    case 'approve':
      return moveStep(state, calendar, at, { name: 'issue' });
    case 'refuse':
    case 'stop': {
      const resumed = resumeEffects(state, calendar, at);
      const current = withEffects(state, resumed);
      return { ...resumed, ...moveStep(current, calendar, at, null), ...finishEffects(current, calendar, at) };
    }
    case 'issue_result':
      return {
        ...moveStep(state, calendar, at, { name: 'return' }),
        ...finishEffects(state, calendar, at),
      };
    case 'return_result':
      return { ...moveStep(state, calendar, at, null), ...finishEffects(state, calendar, at) };
    case 'submit_supplement':
    case 'confirm_payment':
    case 'waive_payment':
      return resumeEffects(state, calendar, at);
    case 'apologize':
      return { dueAt: (data as Data<'apologize'>).newDueAt };
    case 'send_to_agency': {
      const agencyId = (data as Data<'send_to_agency'>).agencyId;
      return moveStep(state, calendar, at, {
        name: 'examine',
        match: (_, fixed) => fixed === agencyId,
        agencyId,
        interAgency: true,
      });
    }
    case 'return_from_agency':
      return moveStep(state, calendar, at, {
        name: 'examine',
        match: (name, fixed) => name === 'examine' && (fixed === undefined || fixed === state.handlingAgencyId),
        agencyId: state.handlingAgencyId ?? state.receivingAgencyId,
      });
    case 'request_supplement':
    case 'request_payment':
    case 'rate':
    case 'submit_online':
      return {};
  }
}

/**
 * Applies an action to a dossier. Throws CongsoError: INVALID_STATE (not allowed in the status or by a
 * guard), FORBIDDEN (policy), VALIDATION_FAILED (input, or a time before the last action).
 */
export function applyAction(state: DossierState, input: DossierActionInput, context: ActionContext): ActionResult {
  const { at, calendar, actor } = context;
  checkInstant(at, state.updatedAt);
  const action = input?.action;
  const target = transitionTarget(state.status, action);
  if (target === null) {
    throw new CongsoError('INVALID_STATE', { details: { status: state.status, action } });
  }
  const guard = actionGuard(state, action);
  if (guard) throw new CongsoError('INVALID_STATE', { messages: guard, details: { status: state.status, action } });
  if (!canPerform(actor, state, action)) throw new CongsoError('FORBIDDEN', { details: { action } });
  const data = validateInput(state, input, at);
  const toStatus: DossierStatus = target === RESUME ? (state.pending?.resumeStatus ?? state.status) : target;
  const event = {
    dossierId: state.id,
    version: state.version + 1,
    at,
    actor: snapshotActor(actor),
    fromStatus: state.status,
    toStatus,
    action,
    data,
    effects: computeEffects(state, input, data, calendar, at),
  } as DossierEvent;
  return { state: evolve(state, event), event };
}
