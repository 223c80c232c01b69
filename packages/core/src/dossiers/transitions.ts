/**
 * The transition table: for each status, the actions allowed and the status they lead to. `RESUME`
 * means "back to the status the dossier had when the supplement or payment was requested".
 * A few actions have a guard on top of the status (see `actionGuard`).
 */
import type { LocalizedText } from '../shared/errors';
import { type DossierAction, dossierActions } from './actions';
import type { DossierState } from './dossier-state';
import type { DossierStatus } from './statuses';

export const RESUME = 'resume';
export type TransitionTarget = DossierStatus | typeof RESUME;

export const transitionTable = {
  receiving: {
    receive: 'received',
    request_payment: 'waiting_payment',
    refuse_receipt: 'denied',
    withdraw: 'withdrawn',
  },
  received: {
    forward: 'processing',
    request_supplement: 'waiting_supplement',
    request_payment: 'waiting_payment',
    apologize: 'received',
    stop: 'stopped',
    withdraw: 'withdrawn',
  },
  denied: {},
  processing: {
    assign: 'processing',
    propose_approval: 'processing',
    propose_refusal: 'processing',
    approve: 'processing',
    refuse: 'stopped',
    request_supplement: 'waiting_supplement',
    request_payment: 'waiting_payment',
    issue_result: 'processed',
    apologize: 'processing',
    stop: 'stopped',
    withdraw: 'withdrawn',
    send_to_agency: 'processing',
    return_from_agency: 'processing',
  },
  waiting_supplement: {
    submit_supplement: RESUME,
    stop: 'stopped',
    withdraw: 'withdrawn',
  },
  waiting_payment: {
    confirm_payment: RESUME,
    waive_payment: RESUME,
    refuse_receipt: 'denied',
    stop: 'stopped',
    withdraw: 'withdrawn',
  },
  withdrawn: {},
  stopped: {},
  processed: {
    request_payment: 'waiting_payment',
    return_result: 'returned',
  },
  returned: {
    rate: 'returned',
  },
} as const satisfies Record<DossierStatus, Partial<Record<DossierAction, TransitionTarget>>>;

/** Where the action leads from the status, or null when the table does not allow it. */
export function transitionTarget(status: DossierStatus, action: DossierAction): TransitionTarget | null {
  const row: Partial<Record<DossierAction, TransitionTarget>> | undefined = transitionTable[status];
  // Own keys only: an unknown action such as `toString` must not match the prototype.
  return row && Object.hasOwn(row, action) ? (row[action] ?? null) : null;
}

/** The actions the table allows in a status, in the order of `dossierActions`. */
export function actionsAllowedIn(status: DossierStatus): DossierAction[] {
  return dossierActions.filter((a) => transitionTarget(status, a) !== null);
}

const guardMessages = {
  decided: { vi: 'Hồ sơ đã có quyết định phê duyệt hoặc từ chối.', en: 'The dossier has already been decided.' },
  proposed: { vi: 'Hồ sơ đã được trình.', en: 'A proposal has already been made.' },
  notApproved: { vi: 'Hồ sơ chưa được phê duyệt.', en: 'The dossier has not been approved.' },
  away: {
    vi: 'Hồ sơ đang ở cơ quan liên thông, cần được trả về trước.',
    en: 'The dossier is at another agency; it must come back first.',
  },
  notAway: { vi: 'Hồ sơ không ở cơ quan liên thông.', en: 'The dossier is not at another agency.' },
  rated: { vi: 'Hồ sơ đã được đánh giá.', en: 'The dossier has already been rated.' },
  notReceived: {
    vi: 'Hồ sơ chưa được tiếp nhận: chỉ có thể từ chối tiếp nhận hoặc rút.',
    en: 'The dossier has not been received: it can only be refused or withdrawn.',
  },
  received: { vi: 'Hồ sơ đã được tiếp nhận.', en: 'The dossier has already been received.' },
  paid: {
    vi: 'Hồ sơ đã nộp phí, lệ phí cho bước này.',
    en: 'The fee for this stage has already been paid.',
  },
} as const satisfies Record<string, LocalizedText>;

/**
 * Whether a fee was settled (paid or waived) at or after `since`. The state may come from the dossier row's
 * JSON (the desk's available actions), where instants are ISO text: compared through `Date` either way.
 */
function paidSince(state: DossierState, since: Date | string | undefined): boolean {
  if (since === undefined) return false;
  const from = new Date(since).getTime();
  return state.payments.some((p) => new Date(p.confirmedAt).getTime() >= from);
}

/**
 * Conditions beyond the status, or null when there is none that fails:
 * - propose_approval / propose_refusal: no proposal and no decision yet, not at another agency;
 * - approve / refuse: no decision yet, not at another agency;
 * - issue_result: approved, not at another agency;
 * - return_from_agency: the current step is at another agency;
 * - rate: not rated yet;
 * - while waiting for a fee asked before receipt (filed online, fee due at filing): refuse_receipt, not
 *   stop; once received, stop, not refuse_receipt;
 * - request_payment after the result is issued (fee due before the return): once.
 */
export function actionGuard(state: DossierState, action: DossierAction): LocalizedText | null {
  const away = state.currentStep?.interAgency === true;
  switch (action) {
    case 'propose_approval':
    case 'propose_refusal':
      if (state.decision) return guardMessages.decided;
      if (state.proposal) return guardMessages.proposed;
      return away ? guardMessages.away : null;
    case 'approve':
    case 'refuse':
      if (state.decision) return guardMessages.decided;
      return away ? guardMessages.away : null;
    case 'issue_result':
      if (state.decision?.kind !== 'approved') return guardMessages.notApproved;
      return away ? guardMessages.away : null;
    case 'return_from_agency':
      return away ? null : guardMessages.notAway;
    case 'rate':
      return state.rating ? guardMessages.rated : null;
    case 'refuse_receipt':
      if (state.status === 'waiting_payment') {
        return state.pending?.resumeStatus === 'receiving' ? null : guardMessages.received;
      }
      return null;
    case 'stop':
      return state.status === 'waiting_payment' && state.pending?.resumeStatus === 'receiving'
        ? guardMessages.notReceived
        : null;
    case 'request_payment':
      return state.status === 'processed' && paidSince(state, state.result?.issuedAt) ? guardMessages.paid : null;
    default:
      return null;
  }
}

/** The table and the guards: whether the action is possible now (whoever asks). */
export function isActionPossible(state: DossierState, action: DossierAction): boolean {
  return transitionTarget(state.status, action) !== null && actionGuard(state, action) === null;
}
