/**
 * The life of an incoming document (văn bản đến): registered by the document clerk with an arrival number,
 * assigned with instructions and a deadline down the routing order leader → department → specialist (every
 * assignment is kept: the routing trace), handled with opinions, done. The deadline is counted in working
 * time with the Vietnam calendar; a document past it and not done is overdue.
 */
import type { z } from 'zod';
import { vnDateKey, vnInstant } from '../calendar/vn-time';
import type { WorkingCalendar } from '../calendar/working-calendar';
import type { Actor } from '../identity/policy';
import type { OfficerRole } from '../identity/roles';
import { CongsoError, type LocalizedText } from '../shared/errors';
import { fieldIssuesOf } from '../shared/field-issues';
import {
  type AssignmentLevel,
  type DocumentMedium,
  type IncomingAction,
  type IncomingSource,
  incomingActionInputSchemas,
  incomingActions,
} from './action-inputs';
import type { DocumentMetadata } from './metadata';

export const incomingStatuses = ['registered', 'assigned', 'handling', 'done'] as const;
export type IncomingStatus = (typeof incomingStatuses)[number];

export const incomingStatusLabels = {
  registered: { vi: 'Đã vào sổ', en: 'Registered' },
  assigned: { vi: 'Đã phân công', en: 'Assigned' },
  handling: { vi: 'Đang xử lý', en: 'Being handled' },
  done: { vi: 'Đã xử lý xong', en: 'Done' },
} as const satisfies Record<IncomingStatus, LocalizedText>;

export const incomingActionLabels = {
  assign: { vi: 'Phân công, chuyển xử lý', en: 'Assign' },
  opinion: { vi: 'Cho ý kiến xử lý', en: 'Give an opinion' },
  complete: { vi: 'Hoàn thành xử lý', en: 'Mark as done' },
} as const satisfies Record<IncomingAction, LocalizedText>;

export const incomingTransitions = {
  registered: { assign: 'assigned' },
  assigned: { assign: 'assigned', opinion: 'handling', complete: 'done' },
  handling: { assign: 'assigned', opinion: 'handling', complete: 'done' },
  done: {},
} as const satisfies Record<IncomingStatus, Partial<Record<IncomingAction, IncomingStatus>>>;

/** The role an assignee of each level must hold. */
export const levelRoles = {
  leader: 'agency_leader',
  department: 'department_head',
  specialist: 'specialist',
} as const satisfies Record<AssignmentLevel, OfficerRole>;

const levelRank: Record<AssignmentLevel, number> = { leader: 1, department: 2, specialist: 3 };

export interface RoutingStep {
  fromId: string;
  /** The level of the one who assigned (null: the document clerk at registration). */
  fromLevel: AssignmentLevel | null;
  toId: string;
  level: AssignmentLevel;
  instructions: string | null;
  dueAt: Date | null;
  at: Date;
}

export interface Opinion {
  authorId: string;
  text: string;
  at: Date;
}

export interface IncomingState {
  id: string;
  agencyId: string;
  registerYear: number;
  arrivalNumber: number;
  /** When the document reached the agency (upload: the registration; internal or edXML: its delivery). */
  arrivedAt: Date;
  registeredAt: Date;
  registeredById: string;
  source: IncomingSource;
  medium: DocumentMedium;
  metadata: DocumentMetadata;
  status: IncomingStatus;
  version: number;
  holderId: string | null;
  holderLevel: AssignmentLevel | null;
  routing: RoutingStep[];
  opinions: Opinion[];
  /** The handling deadline: the last assignment's, else the document's own due date. */
  dueAt: Date | null;
  doneAt: Date | null;
  doneNote: string | null;
}

export interface IncomingEvent {
  action: 'register' | IncomingAction;
  at: Date;
  actorId: string;
  fromStatus: IncomingStatus | null;
  toStatus: IncomingStatus;
  version: number;
  data: Record<string, unknown>;
}

export interface OfficeActionContext {
  at: Date;
  actor: Actor;
  calendar: WorkingCalendar;
}

/** The end of the working day of a date: its last working instant, or the next working day's if it is a day off. */
export function endOfWorkingDate(calendar: WorkingCalendar, date: string): Date {
  return calendar.addWorkingHours(vnInstant(date), 8);
}

export interface RegisterIncomingInput {
  id: string;
  agencyId: string;
  registerYear: number;
  arrivalNumber: number;
  arrivedAt?: Date;
  source: IncomingSource;
  medium: DocumentMedium;
  metadata: DocumentMetadata;
}

/** The first event: the clerk registers the document (the server gives the arrival number). */
export function registerIncoming(
  input: RegisterIncomingInput,
  ctx: OfficeActionContext,
): { state: IncomingState; event: IncomingEvent } {
  const { actor, at, calendar } = ctx;
  if (!isOfficerOf(actor, input.agencyId) || !actor.roles.includes('document_clerk')) {
    throw new CongsoError('FORBIDDEN', {
      messages: {
        vi: 'Chỉ văn thư của cơ quan nhận được vào sổ văn bản đến.',
        en: 'Only a document clerk of the receiving agency registers incoming documents.',
      },
    });
  }
  const arrivedAt = input.arrivedAt ?? at;
  if (arrivedAt.getTime() > at.getTime()) {
    throw new CongsoError('VALIDATION_FAILED', {
      messages: { vi: 'Thời điểm đến sau thời điểm vào sổ.', en: 'The arrival is after the registration.' },
    });
  }
  const state: IncomingState = {
    id: input.id,
    agencyId: input.agencyId,
    registerYear: input.registerYear,
    arrivalNumber: input.arrivalNumber,
    arrivedAt,
    registeredAt: at,
    registeredById: actor.id,
    source: input.source,
    medium: input.medium,
    metadata: input.metadata,
    status: 'registered',
    version: 1,
    holderId: null,
    holderLevel: null,
    routing: [],
    opinions: [],
    dueAt: input.metadata.dueDate ? endOfWorkingDate(calendar, input.metadata.dueDate) : null,
    doneAt: null,
    doneNote: null,
  };
  const event: IncomingEvent = {
    action: 'register',
    at,
    actorId: actor.id,
    fromStatus: null,
    toStatus: 'registered',
    version: 1,
    data: { arrivalNumber: input.arrivalNumber, registerYear: input.registerYear, source: input.source },
  };
  return { state, event };
}

function isOfficerOf(actor: Actor, agencyId: string): boolean {
  return actor.active && actor.kind === 'officer' && actor.agencyId === agencyId;
}

/** Whether the actor may perform the action on the document (agency, roles and position in the routing). */
export function canActOnIncoming(actor: Actor, state: IncomingState, action: IncomingAction): boolean {
  if (!isOfficerOf(actor, state.agencyId)) return false;
  const roles = actor.roles;
  const holds = state.holderId === actor.id;
  switch (action) {
    case 'assign':
      if (state.status === 'registered') return roles.includes('document_clerk') || roles.includes('agency_leader');
      // The holder passes it down; the agency's leader may always route it again.
      if (roles.includes('agency_leader')) return true;
      return holds && state.holderLevel !== 'specialist';
    case 'opinion':
      return holds || state.routing.some((r) => r.fromId === actor.id);
    case 'complete':
      return holds;
  }
}

/** The levels the actor may assign to now (deeper than the holder's; a leader may route to any level below). */
export function assignableLevels(actor: Actor, state: IncomingState): AssignmentLevel[] {
  if (!canActOnIncoming(actor, state, 'assign')) return [];
  const from = fromLevelOf(actor, state);
  return (['leader', 'department', 'specialist'] as const).filter(
    (l) => from === null || levelRank[l] > levelRank[from],
  );
}

/** The level an assigner acts at: the holder's level, a leader's own, or none (the clerk at registration). */
function fromLevelOf(actor: Actor, state: IncomingState): AssignmentLevel | null {
  if (state.holderId === actor.id && state.holderLevel) return state.holderLevel;
  if (actor.roles.includes('agency_leader')) return 'leader';
  return null;
}

export function incomingTransitionTarget(status: IncomingStatus, action: IncomingAction): IncomingStatus | null {
  const row: Partial<Record<IncomingAction, IncomingStatus>> = incomingTransitions[status];
  return Object.hasOwn(row, action) ? (row[action] ?? null) : null;
}

/** The actions the actor can take now. */
export function availableIncomingActions(actor: Actor, state: IncomingState): IncomingAction[] {
  return incomingActions.filter(
    (a) => incomingTransitionTarget(state.status, a) !== null && canActOnIncoming(actor, state, a),
  );
}

function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new CongsoError('VALIDATION_FAILED', { details: fieldIssuesOf(parsed.error) });
  return parsed.data;
}

/**
 * Applies an action: status (INVALID_STATE), policy (FORBIDDEN), input (VALIDATION_FAILED). For `assign`
 * the server checks that the assignee is an active officer of the agency holding `levelRoles[level]`.
 */
export function applyIncomingAction(
  state: IncomingState,
  rawInput: unknown,
  ctx: OfficeActionContext,
): { state: IncomingState; event: IncomingEvent } {
  const { at, actor, calendar } = ctx;
  const actionName = (rawInput as { action?: unknown } | null)?.action;
  if (typeof actionName !== 'string' || !(incomingActions as readonly string[]).includes(actionName)) {
    throw new CongsoError('VALIDATION_FAILED', {
      details: [{ path: 'action', code: 'enum', message: { vi: 'Thao tác không hợp lệ.', en: 'Unknown action.' } }],
    });
  }
  const action = actionName as IncomingAction;
  const last = state.routing.at(-1)?.at ?? state.registeredAt;
  if (at.getTime() < last.getTime()) {
    throw new CongsoError('VALIDATION_FAILED', {
      messages: { vi: 'Thời điểm trước thao tác trước.', en: 'The time is before the previous action.' },
    });
  }
  const to = incomingTransitionTarget(state.status, action);
  if (!to) throw new CongsoError('INVALID_STATE');
  if (!canActOnIncoming(actor, state, action)) throw new CongsoError('FORBIDDEN');
  const base = { at, actorId: actor.id, fromStatus: state.status, toStatus: to, version: state.version + 1 };
  const next: IncomingState = { ...state, status: to, version: state.version + 1 };
  switch (action) {
    case 'assign': {
      const input = validate(incomingActionInputSchemas.assign, rawInput);
      if (!assignableLevels(actor, state).includes(input.level)) {
        throw new CongsoError('VALIDATION_FAILED', {
          details: [
            {
              path: 'level',
              code: 'routing',
              message: {
                vi: 'Chỉ chuyển xuống theo thứ tự lãnh đạo → phòng → chuyên viên.',
                en: 'Documents go down the order leader → department → specialist.',
              },
            },
          ],
        });
      }
      if (input.assigneeId === actor.id) {
        throw new CongsoError('VALIDATION_FAILED', {
          details: [
            {
              path: 'assigneeId',
              code: 'self',
              message: { vi: 'Không tự phân công cho mình.', en: 'You cannot assign to yourself.' },
            },
          ],
        });
      }
      const dueAt =
        input.deadlineWorkingDays !== undefined
          ? calendar.addWorkingDays(at, input.deadlineWorkingDays)
          : input.dueDate !== undefined
            ? endOfWorkingDate(calendar, input.dueDate)
            : state.dueAt;
      if (input.dueDate !== undefined && input.dueDate < vnDateKey(at)) {
        throw new CongsoError('VALIDATION_FAILED', {
          details: [
            {
              path: 'dueDate',
              code: 'range',
              message: { vi: 'Hạn xử lý đã qua.', en: 'The deadline is in the past.' },
            },
          ],
        });
      }
      const step: RoutingStep = {
        fromId: actor.id,
        fromLevel: fromLevelOf(actor, state),
        toId: input.assigneeId,
        level: input.level,
        instructions: input.instructions ?? null,
        dueAt,
        at,
      };
      next.routing = [...state.routing, step];
      next.holderId = input.assigneeId;
      next.holderLevel = input.level;
      next.dueAt = dueAt;
      return {
        state: next,
        event: {
          ...base,
          action,
          data: {
            assigneeId: step.toId,
            level: step.level,
            instructions: step.instructions,
            dueAt: dueAt?.toISOString() ?? null,
          },
        },
      };
    }
    case 'opinion': {
      const input = validate(incomingActionInputSchemas.opinion, rawInput);
      next.opinions = [...state.opinions, { authorId: actor.id, text: input.text, at }];
      return { state: next, event: { ...base, action, data: { text: input.text } } };
    }
    case 'complete': {
      const input = validate(incomingActionInputSchemas.complete, rawInput);
      next.doneAt = at;
      next.doneNote = input.note ?? null;
      return { state: next, event: { ...base, action, data: { note: next.doneNote } } };
    }
  }
}

/** Whether the document is past its deadline and not done at `now`. */
export function isIncomingOverdue(state: Pick<IncomingState, 'status' | 'dueAt'>, now: Date): boolean {
  return state.status !== 'done' && state.dueAt !== null && now.getTime() > state.dueAt.getTime();
}

/**
 * Working days past the deadline (a started working day counts as one): 0 when not overdue. A document done
 * counts up to its `doneAt`.
 */
export function overdueWorkingDays(
  state: Pick<IncomingState, 'dueAt' | 'doneAt'>,
  now: Date,
  calendar: WorkingCalendar,
): number {
  if (!state.dueAt) return 0;
  const end = state.doneAt ?? now;
  if (end.getTime() <= state.dueAt.getTime()) return 0;
  const hours = calendar.workingHoursBetween(state.dueAt, end);
  return hours <= 0 ? 0 : Math.ceil(hours / 8 - 1e-9);
}

/** Receipt is confirmed the same day (Vietnam date) the document arrived. */
export function receiptOnTime(state: Pick<IncomingState, 'arrivedAt' | 'registeredAt'>): boolean {
  return vnDateKey(state.arrivedAt) === vnDateKey(state.registeredAt);
}
