/**
 * The life of an outgoing document (văn bản đi): drafted (an uploaded PDF or composed text), submitted for
 * review, approved or returned, signed by the competent person, numbered and issued by the document clerk
 * on the day of signing (at the latest the next working day: the issue date stays the signing date), sent
 * to its recipients inside Congso (they arrive in the recipient's incoming queue) and outside (edXML).
 */
import type { z } from 'zod';
import { vnDateKey, vnInstant } from '../calendar/vn-time';
import type { Actor } from '../identity/policy';
import type { OfficerRole } from '../identity/roles';
import { CongsoError, type LocalizedText } from '../shared/errors';
import { fieldIssuesOf } from '../shared/field-issues';
import { type OutgoingAction, outgoingActionInputSchemas, outgoingActions } from './action-inputs';
import { documentTypeOf } from './document-types';
import type { OfficeActionContext } from './incoming';
import type { OutgoingDraft } from './metadata';
import { buildNotation, notationSuffix } from './notation';
import { registerYearOfDate } from './registers';

export const outgoingStatuses = ['draft', 'in_review', 'approved', 'signed', 'issued', 'sent'] as const;
export type OutgoingStatus = (typeof outgoingStatuses)[number];

export const outgoingStatusLabels = {
  draft: { vi: 'Dự thảo', en: 'Draft' },
  in_review: { vi: 'Đang trình duyệt', en: 'In review' },
  approved: { vi: 'Đã duyệt', en: 'Approved' },
  signed: { vi: 'Đã ký', en: 'Signed' },
  issued: { vi: 'Đã ban hành', en: 'Issued' },
  sent: { vi: 'Đã gửi', en: 'Sent' },
} as const satisfies Record<OutgoingStatus, LocalizedText>;

export const outgoingActionLabels = {
  update: { vi: 'Sửa dự thảo', en: 'Edit the draft' },
  submit: { vi: 'Trình duyệt', en: 'Submit for review' },
  return: { vi: 'Trả lại dự thảo', en: 'Return the draft' },
  approve: { vi: 'Duyệt', en: 'Approve' },
  sign: { vi: 'Ký số', en: 'Sign' },
  issue: { vi: 'Cấp số, ban hành', en: 'Number and issue' },
  send: { vi: 'Phát hành, gửi', en: 'Send' },
} as const satisfies Record<OutgoingAction, LocalizedText>;

export const outgoingTransitions = {
  draft: { update: 'draft', submit: 'in_review' },
  in_review: { return: 'draft', approve: 'approved' },
  approved: { sign: 'signed', return: 'draft' },
  signed: { issue: 'issued' },
  issued: { send: 'sent' },
  sent: {},
} as const satisfies Record<OutgoingStatus, Partial<Record<OutgoingAction, OutgoingStatus>>>;

/** Who performs each action (an officer of the document's agency). */
export const outgoingPerformers = {
  update: ['specialist', 'department_head', 'agency_leader'],
  submit: ['specialist', 'department_head', 'agency_leader'],
  return: ['department_head', 'agency_leader'],
  approve: ['department_head', 'agency_leader'],
  sign: ['agency_leader'],
  issue: ['document_clerk'],
  send: ['document_clerk'],
} as const satisfies Record<OutgoingAction, readonly OfficerRole[]>;

export interface Review {
  byId: string;
  decision: 'submitted' | 'approved' | 'returned';
  note: string | null;
  at: Date;
}

export interface IssueInfo {
  number: number;
  /** `123/QĐ-UBND`. */
  notation: string;
  /** The issue date (ngày ban hành): the signing date, Vietnam. */
  issuedDate: string;
  issuedAt: Date;
  registerYear: number;
  issuedById: string;
}

export interface OutgoingState {
  id: string;
  agencyId: string;
  /** The issuing agency's abbreviation as the notation prints it (its short name, `UBND`). */
  issuerAbbreviation: string;
  draft: OutgoingDraft;
  drafterId: string;
  createdAt: Date;
  /** The current PDF (the draft's, then the signed one). */
  fileId: string;
  status: OutgoingStatus;
  version: number;
  reviews: Review[];
  signedAt: Date | null;
  signerId: string | null;
  issue: IssueInfo | null;
  sentAt: Date | null;
}

export interface OutgoingEvent {
  action: 'create' | OutgoingAction;
  at: Date;
  actorId: string;
  fromStatus: OutgoingStatus | null;
  toStatus: OutgoingStatus;
  version: number;
  data: Record<string, unknown>;
}

/** What the server supplies to an action that the domain cannot decide itself. */
export interface OutgoingActionExtras {
  /** `issue`: the next number of the register of the signing date's year (taken under a row lock). */
  number?: number;
  /** `sign`: the signed PDF the signing service returned. */
  signedFileId?: string;
}

export interface CreateOutgoingInput {
  id: string;
  agencyId: string;
  issuerAbbreviation: string;
  draft: OutgoingDraft;
  fileId: string;
}

function officerOf(actor: Actor, agencyId: string): boolean {
  return actor.active && actor.kind === 'officer' && actor.agencyId === agencyId;
}

function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new CongsoError('VALIDATION_FAILED', { details: fieldIssuesOf(parsed.error) });
  return parsed.data;
}

/** A công văn needs the drafting unit; the notation must be buildable before anyone signs. */
function checkDraft(draft: OutgoingDraft, issuer: string): void {
  notationSuffix({ typeCode: draft.typeCode, issuer, unit: draft.unit ?? null });
}

export function createOutgoing(
  input: CreateOutgoingInput,
  ctx: Pick<OfficeActionContext, 'at' | 'actor'>,
): { state: OutgoingState; event: OutgoingEvent } {
  const { actor, at } = ctx;
  if (!officerOf(actor, input.agencyId) || !actor.roles.some((r) => outgoingPerformers.update.includes(r as never))) {
    throw new CongsoError('FORBIDDEN', {
      messages: {
        vi: 'Chỉ chuyên viên, trưởng phòng hoặc lãnh đạo của cơ quan được soạn dự thảo.',
        en: 'Only a specialist, department head or leader of the agency drafts documents.',
      },
    });
  }
  checkDraft(input.draft, input.issuerAbbreviation);
  const state: OutgoingState = {
    id: input.id,
    agencyId: input.agencyId,
    issuerAbbreviation: input.issuerAbbreviation,
    draft: input.draft,
    drafterId: actor.id,
    createdAt: at,
    fileId: input.fileId,
    status: 'draft',
    version: 1,
    reviews: [],
    signedAt: null,
    signerId: null,
    issue: null,
    sentAt: null,
  };
  const event: OutgoingEvent = {
    action: 'create',
    at,
    actorId: actor.id,
    fromStatus: null,
    toStatus: 'draft',
    version: 1,
    data: { fileId: input.fileId, typeCode: input.draft.typeCode },
  };
  return { state, event };
}

export function outgoingTransitionTarget(status: OutgoingStatus, action: OutgoingAction): OutgoingStatus | null {
  const row: Partial<Record<OutgoingAction, OutgoingStatus>> = outgoingTransitions[status];
  return Object.hasOwn(row, action) ? (row[action] ?? null) : null;
}

/** Roles and agency; the drafter edits and submits their own draft; nobody approves their own draft. */
export function canActOnOutgoing(actor: Actor, state: OutgoingState, action: OutgoingAction): boolean {
  if (!officerOf(actor, state.agencyId)) return false;
  const performers: readonly OfficerRole[] = outgoingPerformers[action];
  if (!actor.roles.some((r) => performers.includes(r))) return false;
  if (action === 'update' || action === 'submit') return actor.id === state.drafterId;
  if (action === 'approve' || action === 'return')
    return actor.id !== state.drafterId || actor.roles.includes('agency_leader');
  return true;
}

export function availableOutgoingActions(actor: Actor, state: OutgoingState): OutgoingAction[] {
  return outgoingActions.filter(
    (a) => outgoingTransitionTarget(state.status, a) !== null && canActOnOutgoing(actor, state, a),
  );
}

/**
 * The day a signed document may still be issued on: the signing date, or the next working day. Issuing later
 * is refused (the document must be signed again).
 */
export function latestIssueDate(signedAt: Date, calendar: OfficeActionContext['calendar']): string {
  const dayMs = 24 * 60 * 60 * 1000;
  let ms = vnInstant(vnDateKey(signedAt)).getTime() + dayMs;
  // The longest run of days off (Tết) is well under 60 days.
  for (let i = 0; i < 60; i++, ms += dayMs) {
    const key = vnDateKey(new Date(ms));
    if (calendar.isWorkingDay(key)) return key;
  }
  return vnDateKey(new Date(ms));
}

export function applyOutgoingAction(
  state: OutgoingState,
  rawInput: unknown,
  ctx: OfficeActionContext,
  extras: OutgoingActionExtras = {},
): { state: OutgoingState; event: OutgoingEvent } {
  const { at, actor, calendar } = ctx;
  const actionName = (rawInput as { action?: unknown } | null)?.action;
  if (typeof actionName !== 'string' || !(outgoingActions as readonly string[]).includes(actionName)) {
    throw new CongsoError('VALIDATION_FAILED', {
      details: [{ path: 'action', code: 'enum', message: { vi: 'Thao tác không hợp lệ.', en: 'Unknown action.' } }],
    });
  }
  const action = actionName as OutgoingAction;
  const to = outgoingTransitionTarget(state.status, action);
  if (!to) throw new CongsoError('INVALID_STATE');
  if (!canActOnOutgoing(actor, state, action)) throw new CongsoError('FORBIDDEN');
  const next: OutgoingState = { ...state, status: to, version: state.version + 1 };
  const base = { at, actorId: actor.id, fromStatus: state.status, toStatus: to, version: state.version + 1 };
  switch (action) {
    case 'update': {
      const input = validate(outgoingActionInputSchemas.update, rawInput);
      if (input.draft) {
        checkDraft(input.draft, state.issuerAbbreviation);
        next.draft = input.draft;
      }
      if (input.fileId) next.fileId = input.fileId;
      return {
        state: next,
        event: { ...base, action, data: { draft: input.draft ?? null, fileId: input.fileId ?? null } },
      };
    }
    case 'submit': {
      const input = validate(outgoingActionInputSchemas.submit, rawInput);
      const review: Review = { byId: actor.id, decision: 'submitted', note: input.note ?? null, at };
      next.reviews = [...state.reviews, review];
      return { state: next, event: { ...base, action, data: { note: review.note } } };
    }
    case 'return': {
      const input = validate(outgoingActionInputSchemas.return, rawInput);
      next.reviews = [...state.reviews, { byId: actor.id, decision: 'returned', note: input.reason, at }];
      return { state: next, event: { ...base, action, data: { reason: input.reason } } };
    }
    case 'approve': {
      const input = validate(outgoingActionInputSchemas.approve, rawInput);
      next.reviews = [...state.reviews, { byId: actor.id, decision: 'approved', note: input.note ?? null, at }];
      return { state: next, event: { ...base, action, data: { note: input.note ?? null } } };
    }
    case 'sign': {
      validate(outgoingActionInputSchemas.sign, rawInput);
      next.signedAt = at;
      next.signerId = actor.id;
      if (extras.signedFileId) next.fileId = extras.signedFileId;
      return { state: next, event: { ...base, action, data: { fileId: next.fileId } } };
    }
    case 'issue': {
      validate(outgoingActionInputSchemas.issue, rawInput);
      const signedAt = state.signedAt as Date;
      const issuedDate = vnDateKey(signedAt);
      if (vnDateKey(at) > latestIssueDate(signedAt, calendar)) {
        throw new CongsoError('INVALID_STATE', {
          messages: {
            vi: 'Văn bản phải được ban hành trong ngày ký, chậm nhất ngày làm việc tiếp theo.',
            en: 'A document is issued on the day it is signed, at the latest the next working day.',
          },
        });
      }
      if (extras.number === undefined) throw new Error('issue needs the register number');
      const notation = buildNotation({
        number: extras.number,
        typeCode: state.draft.typeCode,
        issuer: state.issuerAbbreviation,
        unit: state.draft.unit ?? null,
      });
      next.issue = {
        number: extras.number,
        notation,
        issuedDate,
        issuedAt: at,
        registerYear: registerYearOfDate(issuedDate),
        issuedById: actor.id,
      };
      return { state: next, event: { ...base, action, data: { number: extras.number, notation, issuedDate } } };
    }
    case 'send': {
      validate(outgoingActionInputSchemas.send, rawInput);
      if (state.draft.recipients.every((r) => r.kind === 'note')) {
        throw new CongsoError('VALIDATION_FAILED', {
          details: [
            {
              path: 'recipients',
              code: 'required',
              message: {
                vi: 'Văn bản chưa có nơi nhận để gửi.',
                en: 'The document has no recipient to send to.',
              },
            },
          ],
        });
      }
      next.sentAt = at;
      return {
        state: next,
        event: { ...base, action, data: { recipients: state.draft.recipients.filter((r) => r.kind !== 'note') } },
      };
    }
  }
}

/** The document type's name, for registers and listings. */
export function outgoingTypeName(state: Pick<OutgoingState, 'draft'>): LocalizedText {
  return documentTypeOf(state.draft.typeCode)?.name ?? { vi: state.draft.typeCode, en: state.draft.typeCode };
}
