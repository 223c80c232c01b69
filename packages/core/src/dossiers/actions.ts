import type { Actor } from '../identity/policy';
import type { OfficerRole } from '../identity/roles';
import type { LocalizedText } from '../shared/errors';
import type { Rating, ReturnMethod } from './statuses';

/** One-stop actions on a dossier (verb_noun). See README.md for who does what and when. */
export const dossierActions = [
  'submit_online',
  'receive',
  'refuse_receipt',
  'forward',
  'assign',
  'request_supplement',
  'submit_supplement',
  'propose_approval',
  'propose_refusal',
  'approve',
  'refuse',
  'request_payment',
  'confirm_payment',
  'waive_payment',
  'issue_result',
  'return_result',
  'apologize',
  'stop',
  'withdraw',
  'rate',
  'send_to_agency',
  'return_from_agency',
] as const;
export type DossierAction = (typeof dossierActions)[number];

/** Actions that create a dossier (the first event of its log). `receive` is also an ordinary action. */
export const openingActions = ['submit_online', 'receive'] as const;
export type OpeningAction = (typeof openingActions)[number];

export const actionLabels = {
  submit_online: { vi: 'Nộp hồ sơ trực tuyến', en: 'File online' },
  receive: { vi: 'Tiếp nhận hồ sơ', en: 'Receive' },
  refuse_receipt: { vi: 'Từ chối tiếp nhận', en: 'Refuse to receive' },
  forward: { vi: 'Chuyển xử lý', en: 'Forward for processing' },
  assign: { vi: 'Phân công xử lý', en: 'Assign' },
  request_supplement: { vi: 'Yêu cầu bổ sung hồ sơ', en: 'Request a supplement' },
  submit_supplement: { vi: 'Nộp bổ sung hồ sơ', en: 'Submit the supplement' },
  propose_approval: { vi: 'Trình phê duyệt', en: 'Propose approval' },
  propose_refusal: { vi: 'Đề xuất từ chối giải quyết', en: 'Propose refusal' },
  approve: { vi: 'Phê duyệt', en: 'Approve' },
  refuse: { vi: 'Từ chối giải quyết', en: 'Refuse' },
  request_payment: { vi: 'Yêu cầu thanh toán phí, lệ phí', en: 'Request payment' },
  confirm_payment: { vi: 'Xác nhận đã thanh toán', en: 'Confirm payment' },
  waive_payment: { vi: 'Miễn nộp phí, lệ phí', en: 'Waive the fee' },
  issue_result: { vi: 'Vào sổ, phát hành kết quả', en: 'Issue the result' },
  return_result: { vi: 'Trả kết quả', en: 'Return the result' },
  apologize: { vi: 'Xin lỗi và hẹn lại ngày trả kết quả', en: 'Apologize and set a new date' },
  stop: { vi: 'Dừng xử lý', en: 'Stop processing' },
  withdraw: { vi: 'Rút hồ sơ', en: 'Withdraw' },
  rate: { vi: 'Đánh giá mức độ hài lòng', en: 'Rate' },
  send_to_agency: { vi: 'Chuyển liên thông', en: 'Send to another agency' },
  return_from_agency: { vi: 'Trả về từ cơ quan liên thông', en: 'Return from the other agency' },
} as const satisfies Record<DossierAction, LocalizedText>;

/**
 * Who may perform an action: officer roles, `applicant` (the dossier's own applicant), or `system`: the
 * installation itself (`SYSTEM_ACTOR`), which asks for the fee at filing and confirms a payment the payment
 * platform reported. No person has its id, so no request can act as it.
 */
export type Performer = OfficerRole | 'applicant' | 'system';

/** The id the installation acts under (the nil UUID; audit rows and events name it). */
export const SYSTEM_ACTOR_ID = '00000000-0000-0000-0000-000000000000';

/** The installation as an actor: performs only the actions whose performers include `system`. */
export const SYSTEM_ACTOR = {
  id: SYSTEM_ACTOR_ID,
  kind: 'officer',
  active: true,
  agencyId: null,
  roles: [],
} as const satisfies Actor;

export const actionPerformers = {
  submit_online: ['applicant'],
  receive: ['one_stop_clerk'],
  refuse_receipt: ['one_stop_clerk'],
  forward: ['one_stop_clerk'],
  assign: ['department_head', 'agency_leader'],
  request_supplement: ['one_stop_clerk', 'specialist', 'department_head'],
  submit_supplement: ['applicant', 'one_stop_clerk'],
  propose_approval: ['specialist', 'department_head'],
  propose_refusal: ['specialist', 'department_head'],
  approve: ['agency_leader'],
  refuse: ['agency_leader'],
  request_payment: ['one_stop_clerk', 'specialist', 'system'],
  confirm_payment: ['one_stop_clerk', 'system'],
  waive_payment: ['one_stop_clerk'],
  issue_result: ['document_clerk'],
  return_result: ['one_stop_clerk'],
  apologize: ['department_head', 'agency_leader'],
  stop: ['agency_leader'],
  withdraw: ['applicant', 'one_stop_clerk'],
  rate: ['applicant'],
  send_to_agency: ['specialist', 'department_head', 'agency_leader'],
  return_from_agency: ['specialist', 'department_head', 'agency_leader'],
} as const satisfies Record<DossierAction, readonly Performer[]>;

/**
 * Actions a one-stop clerk performs at the desk of the receiving agency, wherever the dossier's current
 * step is (a citizen brings the supplement, the fee or a withdrawal request to the counter). Every other
 * officer action needs an officer of the agency that holds the current step.
 */
export const deskActions: ReadonlySet<DossierAction> = new Set<DossierAction>([
  'receive',
  'refuse_receipt',
  'forward',
  'submit_supplement',
  'confirm_payment',
  'waive_payment',
  'return_result',
  'withdraw',
]);

/** A result document registered by the document clerk (a decision, a certificate, ...). */
export interface DossierResultDocument {
  name: string;
  /** Number and notation in the outgoing register, e.g. `123/QĐ-UBND`. */
  number?: string;
  /** Stored file (the electronic result). */
  fileId?: string;
}

/**
 * The input of an action on an existing dossier (the opening input is `OpenDossierInput`); its fields and
 * their rules are `dossierActionInputSchemas` (action-inputs.ts), the API's wire format.
 */
export type DossierActionInput =
  | { action: 'submit_online' }
  | { action: 'receive' }
  | { action: 'refuse_receipt'; reason: string }
  | { action: 'forward'; agencyId: string; note?: string }
  | { action: 'assign'; assigneeId: string; note?: string }
  | { action: 'request_supplement'; items: readonly string[]; reason: string }
  | { action: 'submit_supplement'; fileIds?: readonly string[]; note?: string }
  | { action: 'propose_approval'; note?: string }
  | { action: 'propose_refusal'; reason: string }
  | { action: 'approve'; note?: string }
  | { action: 'refuse'; reason: string }
  | { action: 'request_payment'; amount: number; description?: string }
  | { action: 'confirm_payment'; reference?: string }
  | { action: 'waive_payment'; reason: string; legalBasis: string }
  | { action: 'issue_result'; results: readonly DossierResultDocument[] }
  | { action: 'return_result'; method: ReturnMethod }
  | { action: 'apologize'; reason: string; newDueAt: Date }
  | { action: 'stop'; reason: string }
  | { action: 'withdraw'; reason?: string }
  | { action: 'rate'; rating: Rating; comment?: string }
  | { action: 'send_to_agency'; agencyId: string; note?: string }
  | { action: 'return_from_agency'; note?: string };

export type ActionInputOf<A extends DossierAction> = Extract<DossierActionInput, { action: A }>;
