/**
 * Test fixtures for the dossiers context (used by the *.test.ts files; not exported from the package).
 * Agencies: DESK (the one-stop desk that receives), DEPT (the handling department), OTHER (an agency of
 * an inter-agency step), FOREIGN (an unrelated agency).
 */

import { createVietnamCalendar } from '../calendar/vietnam-calendar';
import { vnInstant } from '../calendar/vn-time';
import type { Actor } from '../identity/policy';
import type { OfficerRole } from '../identity/roles';
import { actionPerformers, type DossierAction, type DossierActionInput, deskActions } from './actions';
import { type ActionResult, applyAction, type OpenDossierInput, openDossier } from './apply-action';
import { formatDossierCode } from './dossier-code';
import type { DossierEvent, DossierState, ProcedureSnapshot } from './dossier-state';

export const calendar = createVietnamCalendar();
export const at = (date: string, time = '00:00') => vnInstant(date, time);

export const DESK = 'desk';
export const DEPT = 'dept';
export const OTHER = 'other';
export const FOREIGN = 'foreign';
export const DESK_CODE = '000.00.00.H56';

export const applicant: Actor = { id: 'citizen-1', kind: 'citizen', active: true, agencyId: null, roles: [] };
export const otherCitizen: Actor = { id: 'citizen-2', kind: 'citizen', active: true, agencyId: null, roles: [] };

export function officer(role: OfficerRole, agencyId: string, id = `${role}@${agencyId}`): Actor {
  return { id, kind: 'officer', active: true, agencyId, roles: [role] };
}

/** 5 working days: receive 4 h, examine 24 h, approve 4 h, issue 4 h, return 4 h. */
export const procedure: ProcedureSnapshot = {
  code: '1.001193',
  version: '2025-07-01',
  deadline: { unit: 'working_hours', counter: 40, online: 32 },
  steps: [
    { step: 'receive', role: 'one_stop_clerk', hours: 4 },
    { step: 'examine', role: 'specialist', hours: 24 },
    { step: 'approve', role: 'agency_leader', hours: 4 },
    { step: 'issue', role: 'document_clerk', hours: 4 },
    { step: 'return', role: 'one_stop_clerk', hours: 4 },
  ],
};

/** Opening input with a code of the date of `when`. */
export function openingInput(
  when: Date,
  overrides: Partial<OpenDossierInput> = {},
  action: OpenDossierInput['action'] = 'receive',
): OpenDossierInput {
  return {
    action,
    id: 'dossier-1',
    code: formatDossierCode(DESK_CODE, when, 1),
    applicantId: applicant.id,
    receivingAgencyId: DESK,
    procedure,
    ...overrides,
  };
}

/** An actor allowed by the policy to perform `action` on `state` (the first role listed for it). */
export function actorFor(action: DossierAction, state: DossierState): Actor {
  const performers = actionPerformers[action] as readonly string[];
  if (performers.includes('applicant')) return applicant;
  const role = performers[0] as OfficerRole;
  if (role === 'one_stop_clerk' && deskActions.has(action)) return officer(role, state.receivingAgencyId);
  const step = state.currentStep;
  const agency = step?.agencyId ?? FOREIGN;
  if (role === 'specialist' && step?.assigneeId) return officer(role, agency, step.assigneeId);
  return officer(role, agency);
}

/** A valid input for each action. */
export const sampleInputs: { [A in DossierAction]: Extract<DossierActionInput, { action: A }> } = {
  submit_online: { action: 'submit_online' },
  receive: { action: 'receive' },
  refuse_receipt: { action: 'refuse_receipt', reason: 'Hồ sơ không thuộc thẩm quyền' },
  forward: { action: 'forward', agencyId: DEPT },
  assign: { action: 'assign', assigneeId: 'specialist-7' },
  request_supplement: {
    action: 'request_supplement',
    items: ['Bản sao CCCD của người đi khai'],
    reason: 'Thiếu giấy tờ',
  },
  submit_supplement: { action: 'submit_supplement', fileIds: ['file-9'] },
  propose_approval: { action: 'propose_approval', note: 'Đủ điều kiện' },
  propose_refusal: { action: 'propose_refusal', reason: 'Không đủ điều kiện' },
  approve: { action: 'approve' },
  refuse: { action: 'refuse', reason: 'Không đủ điều kiện theo quy định' },
  request_payment: { action: 'request_payment', amount: 50_000, description: 'Lệ phí' },
  confirm_payment: { action: 'confirm_payment', reference: 'BL-0001' },
  waive_payment: { action: 'waive_payment', reason: 'Người thuộc hộ nghèo', legalBasis: 'Thông tư 106/2021/TT-BTC' },
  issue_result: { action: 'issue_result', results: [{ name: 'Giấy khai sinh', number: '12/GKS-UBND' }] },
  return_result: { action: 'return_result', method: 'counter' },
  apologize: { action: 'apologize', reason: 'Cần xác minh thêm', newDueAt: at('2026-04-30', '17:00') },
  stop: { action: 'stop', reason: 'Có tranh chấp' },
  withdraw: { action: 'withdraw', reason: 'Không còn nhu cầu' },
  rate: { action: 'rate', rating: 'very_satisfied', comment: 'Nhanh' },
  send_to_agency: { action: 'send_to_agency', agencyId: OTHER },
  return_from_agency: { action: 'return_from_agency', note: 'Đã có ý kiến' },
};

/** Drives a dossier through actions, one working hour apart by default, keeping the log. */
export class Journey {
  state: DossierState;
  readonly events: DossierEvent[] = [];
  readonly states: DossierState[] = [];
  private clock: Date;

  constructor(start: Date, opening: Partial<OpenDossierInput> = {}, action: OpenDossierInput['action'] = 'receive') {
    const actor = action === 'receive' ? officer('one_stop_clerk', DESK) : applicant;
    const result = openDossier(openingInput(start, opening, action), { at: start, calendar, actor });
    this.state = result.state;
    this.record(result);
    this.clock = start;
  }

  private record(result: ActionResult): void {
    this.state = result.state;
    this.events.push(result.event);
    this.states.push(result.state);
  }

  /** Applies an action at `when` (default: one hour after the last), by `actor` (default: actorFor). */
  do(input: DossierActionInput | DossierAction, options: { when?: Date; actor?: Actor } = {}): this {
    const action = typeof input === 'string' ? sampleInputs[input] : input;
    const when = options.when ?? new Date(this.clock.getTime() + 3_600_000);
    const actor = options.actor ?? actorFor(action.action, this.state);
    this.record(applyAction(this.state, action, { at: when, calendar, actor }));
    this.clock = when;
    return this;
  }

  get now(): Date {
    return this.clock;
  }
}
