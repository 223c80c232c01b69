/**
 * A report's lifecycle: the agency enters figures in a draft and submits it; the province approves it or
 * returns it for correction with a reason; a returned report is corrected and submitted again; an approved
 * report is locked (no change afterwards). Every (status, action) pair is in the table: a pair not allowed is
 * INVALID_STATE.
 */
import { CongsoError, type LocalizedText } from '../shared/errors';

export const reportStatuses = ['draft', 'submitted', 'returned', 'approved', 'locked'] as const;
export type ReportStatus = (typeof reportStatuses)[number];

export const reportActions = ['save', 'submit', 'return', 'approve', 'lock'] as const;
export type ReportAction = (typeof reportActions)[number];

/** Who performs an action: the reporting agency, or the province reviewing it. */
export const reportActionSide: Record<ReportAction, 'agency' | 'reviewer'> = {
  save: 'agency',
  submit: 'agency',
  return: 'reviewer',
  approve: 'reviewer',
  lock: 'reviewer',
};

export const reportTransitions: Record<ReportStatus, Partial<Record<ReportAction, ReportStatus>>> = {
  draft: { save: 'draft', submit: 'submitted' },
  submitted: { return: 'returned', approve: 'approved' },
  returned: { save: 'returned', submit: 'submitted' },
  approved: { lock: 'locked' },
  locked: {},
};

export const reportStatusLabels = {
  draft: { vi: 'Đang nhập', en: 'Draft' },
  submitted: { vi: 'Đã gửi', en: 'Submitted' },
  returned: { vi: 'Trả lại để chỉnh sửa', en: 'Returned for correction' },
  approved: { vi: 'Đã duyệt', en: 'Approved' },
  locked: { vi: 'Đã khóa', en: 'Locked' },
} as const satisfies Record<ReportStatus, LocalizedText>;

export const reportActionLabels = {
  save: { vi: 'Lưu', en: 'Save' },
  submit: { vi: 'Gửi báo cáo', en: 'Submit' },
  return: { vi: 'Trả lại', en: 'Return' },
  approve: { vi: 'Duyệt', en: 'Approve' },
  lock: { vi: 'Khóa', en: 'Lock' },
} as const satisfies Record<ReportAction, LocalizedText>;

/** The status after an action, or INVALID_STATE. A return needs a reason (VALIDATION_FAILED at `reason`). */
export function nextReportStatus(
  status: ReportStatus,
  action: ReportAction,
  input: { reason?: string } = {},
): ReportStatus {
  const next = reportTransitions[status][action];
  if (!next) {
    throw new CongsoError('INVALID_STATE', {
      messages: {
        vi: `Không thể "${reportActionLabels[action].vi}" báo cáo ở trạng thái "${reportStatusLabels[status].vi}".`,
        en: `A report that is "${reportStatusLabels[status].en}" cannot be "${reportActionLabels[action].en}".`,
      },
      details: { status, action },
    });
  }
  if (action === 'return' && !input.reason?.trim()) {
    throw new CongsoError('VALIDATION_FAILED', {
      messages: { vi: 'Cần nêu lý do trả lại.', en: 'A reason for returning is required.' },
      details: [
        { path: 'reason', code: 'required', message: { vi: 'Cần nêu lý do trả lại.', en: 'A reason is required.' } },
      ],
    });
  }
  return next;
}

/** The actions open from a status. */
export function reportActionsFrom(status: ReportStatus): ReportAction[] {
  return reportActions.filter((a) => reportTransitions[status][a] !== undefined);
}

/** Whether the agency may change figures. */
export const isReportEditable = (status: ReportStatus) => status === 'draft' || status === 'returned';

/** Whether the report counts as submitted (for the reporting rate). */
export const isReportSubmitted = (status: ReportStatus) => status !== 'draft' && status !== 'returned';
