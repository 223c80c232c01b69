/**
 * The dossier's state and its action log. The state is a left fold of the events (`evolve`); an event
 * carries what the actor said (`data`) and what was computed with the calendar at the time (`effects`:
 * due times, step changes, outcome), so replaying a log never depends on today's calendar or policy.
 */

import type { Outcome } from '../calendar/calendar-types';
import type { OnTimeWindow } from '../calendar/working-calendar';
import type { Actor } from '../identity/policy';
import type { OfficerRole, PersonKind } from '../identity/roles';
import { CongsoError } from '../shared/errors';
import type { Wire } from '../shared/wire';
import type { ActionInputOf, DossierAction, DossierResultDocument } from './actions';
import type { OpeningDocument } from './filing-inputs';
import type { DossierChannel, DossierStatus, Rating, ReturnMethod } from './statuses';
import type { CurrentStep, DossierStepTemplate, FinishedStep } from './steps';

/** A procedure's deadline: in working hours (8 per working day) or in calendar days. */
export type DossierDeadlineUnit = 'working_hours' | 'calendar_days';

export interface ProcedureDeadline {
  unit: DossierDeadlineUnit;
  /** Counter and postal filings. */
  counter: number;
  /** Online filings, when the procedure sets a different (usually shorter) deadline. */
  online?: number;
}

/** What a dossier keeps of the procedure version under which it was filed. */
export interface ProcedureSnapshot {
  code: string;
  version: string;
  deadline: ProcedureDeadline;
  steps: readonly DossierStepTemplate[];
}

/** Counting rules (QĐ 766 practice): data, so a province can correct them; kept per dossier. */
export interface DossierRules {
  /** More supplement requests than this make the dossier late (QĐ 766: more than one). */
  maxSupplementRequestsOnTime: number;
  /** Waiting for the applicant to pay stops the clock, like a supplement (applicant waiting time). */
  paymentPausesClock: boolean;
  /** A dossier with an apology letter counts as late (the letter admits the date is missed). */
  apologyCountsAsLate: boolean;
  onTimeWindow: OnTimeWindow;
}

export const DEFAULT_DOSSIER_RULES: DossierRules = {
  maxSupplementRequestsOnTime: 1,
  paymentPausesClock: true,
  apologyCountsAsLate: true,
  onTimeWindow: 'working_minute',
};

export interface Pause {
  kind: 'supplement' | 'payment';
  start: Date;
  /** Null while the dossier waits. */
  end: Date | null;
}

export type PendingRequest =
  | { kind: 'supplement'; items: readonly string[]; reason: string; requestedAt: Date; resumeStatus: DossierStatus }
  | {
      kind: 'payment';
      amount: number;
      description: string | null;
      requestedAt: Date;
      resumeStatus: DossierStatus;
    };

export interface Apology {
  reason: string;
  previousDueAt: Date | null;
  newDueAt: Date;
  at: Date;
  by: string;
}

export interface DossierState {
  id: string;
  code: string;
  procedure: ProcedureSnapshot;
  rules: DossierRules;
  applicantId: string;
  channel: DossierChannel;
  receivingAgencyId: string;
  /** The agency the dossier was forwarded to (null until forwarded). */
  handlingAgencyId: string | null;
  status: DossierStatus;
  /** 1 after the opening event, +1 per event (optimistic concurrency). */
  version: number;
  /** The deadline that applies (the channel's), from the procedure snapshot. */
  deadline: { unit: DossierDeadlineUnit; value: number };
  submittedAt: Date;
  receivedAt: Date | null;
  /** The return date: from receivedAt, extended for pauses, replaced by an apology's new date. */
  dueAt: Date | null;
  pauses: readonly Pause[];
  pending: PendingRequest | null;
  currentStep: CurrentStep | null;
  steps: readonly FinishedStep[];
  supplementCount: number;
  proposal: { kind: 'approval' | 'refusal'; reason: string | null; by: string; at: Date } | null;
  decision: { kind: 'approved' | 'refused'; reason: string | null; by: string; at: Date } | null;
  apologies: readonly Apology[];
  /** Fee requests settled: paid (`reference`: the payment's), or waived for an exemption (`waived`). */
  payments: readonly {
    amount: number;
    reference: string | null;
    requestedAt: Date;
    confirmedAt: Date;
    waived?: { reason: string; legalBasis: string };
  }[];
  result: { documents: readonly DossierResultDocument[]; issuedAt: Date } | null;
  returned: { method: ReturnMethod; at: Date } | null;
  /** The reason of a refusal to receive, a refusal, a stop or a withdrawal. */
  endReason: string | null;
  /** End of processing (QĐ 766): the first of processed, returned, stopped (refused or stopped). */
  finishedAt: Date | null;
  outcome: Outcome | null;
  rating: { value: Rating; comment: string | null; at: Date } | null;
  /** Time of the last event. */
  updatedAt: Date;
}

/** What a new dossier is made of (the data of its opening event). */
export interface DossierOpening {
  id: string;
  code: string;
  channel: DossierChannel;
  applicantId: string;
  receivingAgencyId: string;
  procedure: ProcedureSnapshot;
  rules: DossierRules;
  deadline: { unit: DossierDeadlineUnit; value: number };
  /** What was handed over (absent in dossiers opened before it was kept): the receipt lists it. */
  documents?: readonly OpeningDocument[];
}

/** Values computed when the action was applied (with the calendar of that time). */
export interface DossierEffects {
  /** The step this action finished. */
  finishedStep?: FinishedStep;
  /** The new current step; null: no step any more; absent: unchanged. */
  currentStep?: CurrentStep | null;
  dueAt?: Date | null;
  finishedAt?: Date;
  outcome?: Outcome | null;
}

/** Who acted, as recorded (roles at the time). */
export interface ActorSnapshot {
  id: string;
  kind: PersonKind;
  agencyId: string | null;
  roles: readonly OfficerRole[];
}

export function snapshotActor(actor: Actor): ActorSnapshot {
  return { id: actor.id, kind: actor.kind, agencyId: actor.agencyId, roles: [...actor.roles] };
}

type InputData<A extends DossierAction> = Omit<ActionInputOf<A>, 'action'>;

/** The `data` of each action's event: the actor's input, normalised. */
export interface DossierEventData {
  submit_online: { opening: DossierOpening };
  /** With `opening` when the dossier is received at the counter (filed and received at once). */
  receive: { opening?: DossierOpening };
  refuse_receipt: InputData<'refuse_receipt'>;
  forward: InputData<'forward'>;
  assign: InputData<'assign'>;
  request_supplement: InputData<'request_supplement'>;
  submit_supplement: InputData<'submit_supplement'>;
  propose_approval: InputData<'propose_approval'>;
  propose_refusal: InputData<'propose_refusal'>;
  approve: InputData<'approve'>;
  refuse: InputData<'refuse'>;
  request_payment: InputData<'request_payment'>;
  confirm_payment: InputData<'confirm_payment'>;
  waive_payment: InputData<'waive_payment'>;
  issue_result: InputData<'issue_result'>;
  return_result: InputData<'return_result'>;
  apologize: InputData<'apologize'>;
  stop: InputData<'stop'>;
  withdraw: InputData<'withdraw'>;
  rate: InputData<'rate'>;
  send_to_agency: InputData<'send_to_agency'>;
  return_from_agency: InputData<'return_from_agency'>;
}

interface DossierEventBase {
  dossierId: string;
  /** The dossier's version after this event (1 for the opening event). */
  version: number;
  at: Date;
  actor: ActorSnapshot;
  /** Null for the opening event. */
  fromStatus: DossierStatus | null;
  toStatus: DossierStatus;
  effects: DossierEffects;
}

/** One entry of the append-only action log. */
export type DossierEvent = {
  [A in DossierAction]: DossierEventBase & { action: A; data: DossierEventData[A] };
}[DossierAction];

function corrupt(message: string, details?: unknown): CongsoError {
  return new CongsoError('INVALID_STATE', { messages: { en: `Action log: ${message}` }, details });
}

function closePause(pauses: readonly Pause[], at: Date): Pause[] {
  return pauses.map((p) => (p.end === null ? { ...p, end: at } : p));
}

function initialState(event: DossierEvent, opening: DossierOpening): DossierState {
  return {
    id: opening.id,
    code: opening.code,
    procedure: opening.procedure,
    rules: opening.rules,
    applicantId: opening.applicantId,
    channel: opening.channel,
    receivingAgencyId: opening.receivingAgencyId,
    handlingAgencyId: null,
    status: event.toStatus,
    version: 0,
    deadline: opening.deadline,
    submittedAt: event.at,
    receivedAt: event.action === 'receive' ? event.at : null,
    dueAt: null,
    pauses: [],
    pending: null,
    currentStep: null,
    steps: [],
    supplementCount: 0,
    proposal: null,
    decision: null,
    apologies: [],
    payments: [],
    result: null,
    returned: null,
    endReason: null,
    finishedAt: null,
    outcome: null,
    rating: null,
    updatedAt: event.at,
  };
}

/** Applies one event to the state (null before the opening event). Pure; no calendar, no policy. */
export function evolve(state: DossierState | null, event: DossierEvent): DossierState {
  let next: DossierState;
  if (state === null) {
    const opening = event.action === 'submit_online' || event.action === 'receive' ? event.data.opening : undefined;
    if (!opening || event.fromStatus !== null || event.version !== 1) {
      throw corrupt('the first event must open the dossier.', { action: event.action, version: event.version });
    }
    next = initialState(event, opening);
  } else {
    if (event.dossierId !== state.id) throw corrupt('event of another dossier.', { dossierId: event.dossierId });
    if (event.version !== state.version + 1 || event.fromStatus !== state.status) {
      throw corrupt('event out of order.', { version: event.version, expected: state.version + 1 });
    }
    next = { ...state };
    const by = event.actor.id;
    const at = event.at;
    switch (event.action) {
      case 'submit_online':
        throw corrupt('a dossier is opened once.');
      case 'receive':
        if (event.data.opening) throw corrupt('a dossier is opened once.');
        next.receivedAt = at;
        break;
      case 'forward':
        next.handlingAgencyId = event.data.agencyId;
        break;
      case 'request_supplement':
        next.supplementCount = state.supplementCount + 1;
        next.pending = {
          kind: 'supplement',
          items: event.data.items,
          reason: event.data.reason,
          requestedAt: at,
          resumeStatus: state.status,
        };
        next.pauses = [...state.pauses, { kind: 'supplement', start: at, end: null }];
        break;
      case 'request_payment':
        next.pending = {
          kind: 'payment',
          amount: event.data.amount,
          description: event.data.description ?? null,
          requestedAt: at,
          resumeStatus: state.status,
        };
        if (state.rules.paymentPausesClock) next.pauses = [...state.pauses, { kind: 'payment', start: at, end: null }];
        break;
      case 'submit_supplement':
        next.pending = null;
        next.pauses = closePause(state.pauses, at);
        break;
      case 'confirm_payment':
      case 'waive_payment': {
        const pending = state.pending;
        if (pending?.kind !== 'payment') throw corrupt('no payment was requested.');
        next.pending = null;
        next.pauses = closePause(state.pauses, at);
        const settled = { amount: pending.amount, requestedAt: pending.requestedAt, confirmedAt: at };
        next.payments = [
          ...state.payments,
          event.action === 'confirm_payment'
            ? { ...settled, reference: event.data.reference ?? null }
            : { ...settled, reference: null, waived: { reason: event.data.reason, legalBasis: event.data.legalBasis } },
        ];
        break;
      }
      case 'propose_approval':
        next.proposal = { kind: 'approval', reason: null, by, at };
        break;
      case 'propose_refusal':
        next.proposal = { kind: 'refusal', reason: event.data.reason, by, at };
        break;
      case 'approve':
        next.decision = { kind: 'approved', reason: null, by, at };
        break;
      case 'refuse':
        next.decision = { kind: 'refused', reason: event.data.reason, by, at };
        next.endReason = event.data.reason;
        break;
      case 'issue_result':
        // Logs written before the field was named `results` call it `documents`.
        next.result = {
          documents: event.data.results ?? (event.data as { documents?: DossierResultDocument[] }).documents ?? [],
          issuedAt: at,
        };
        break;
      case 'return_result':
        next.returned = { method: event.data.method, at };
        break;
      case 'apologize':
        next.apologies = [
          ...state.apologies,
          { reason: event.data.reason, previousDueAt: state.dueAt, newDueAt: event.data.newDueAt, at, by },
        ];
        break;
      case 'refuse_receipt':
        next.endReason = event.data.reason;
        next.pending = null;
        next.pauses = closePause(state.pauses, at);
        break;
      case 'stop':
      case 'withdraw':
        next.endReason = event.data.reason ?? null;
        next.pending = null;
        next.pauses = closePause(state.pauses, at);
        break;
      case 'rate':
        next.rating = { value: event.data.rating, comment: event.data.comment ?? null, at };
        break;
      case 'assign':
      case 'send_to_agency':
      case 'return_from_agency':
        break; // effects only
    }
  }
  const fx = event.effects;
  if (fx.finishedStep) next.steps = [...next.steps, fx.finishedStep];
  if (fx.currentStep !== undefined) next.currentStep = fx.currentStep;
  if (fx.dueAt !== undefined) next.dueAt = fx.dueAt;
  if (fx.finishedAt !== undefined) next.finishedAt = fx.finishedAt;
  if (fx.outcome !== undefined) next.outcome = fx.outcome;
  next.status = event.toStatus;
  next.version = event.version;
  next.updatedAt = event.at;
  return next;
}

/** The state of a dossier from its whole action log (oldest first). */
export function replay(events: readonly DossierEvent[]): DossierState {
  if (events.length === 0) throw corrupt('no events.');
  let state: DossierState | null = null;
  for (const event of events) state = evolve(state, event);
  return state as DossierState;
}

/** The state as the API sends it (the dossier detail's `state`): instants as ISO text. */
export type DossierStateWire = Wire<DossierState>;
/** An event as the API sends it, before the actor's name is added. */
export type DossierEventWire = Wire<DossierEvent>;
