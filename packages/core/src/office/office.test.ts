import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createVietnamCalendar } from '../calendar/vietnam-calendar';
import { vnInstant } from '../calendar/vn-time';
import type { Actor } from '../identity/policy';
import type { OfficerRole } from '../identity/roles';
import { CongsoError } from '../shared/errors';
import { fieldIssuesOf } from '../shared/field-issues';
import { incomingActionBodySchema, incomingActions, outgoingActionBodySchema, outgoingActions } from './action-inputs';
import { copyKinds, documentTypeOf, documentTypes } from './document-types';
import {
  applyIncomingAction,
  assignableLevels,
  availableIncomingActions,
  type IncomingState,
  incomingStatuses,
  incomingTransitions,
  isIncomingOverdue,
  overdueWorkingDays,
  receiptOnTime,
  registerIncoming,
} from './incoming';
import { documentMetadataSchema, outgoingDraftSchema } from './metadata';
import { buildNotation, formatDocumentNumber, numberOfNotation } from './notation';
import {
  applyOutgoingAction,
  availableOutgoingActions,
  createOutgoing,
  latestIssueDate,
  type OutgoingState,
  outgoingStatuses,
  outgoingTransitions,
} from './outgoing';
import { closeRegisterCheck, nextRegisterNumber, registerTitle, registerYearOf } from './registers';
import { onlineShare, retentionEnd, workFileHandledOnline } from './work-files';

const calendar = createVietnamCalendar();
const at = (date: string, time = '00:00') => vnInstant(date, time);
const AGENCY = 'agency-1';
const officer = (role: OfficerRole, id: string = role, agencyId = AGENCY): Actor => ({
  id,
  kind: 'officer',
  active: true,
  agencyId,
  roles: [role],
});
const clerk = officer('document_clerk', 'clerk');
const leader = officer('agency_leader', 'leader');
const head = officer('department_head', 'head');
const specialist = officer('specialist', 'spec');
const outsider = officer('agency_leader', 'other-leader', 'agency-2');

/** The error a function throws, as code + details. */
function failure(fn: () => unknown): { code: string; details: unknown; vi: string } {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof CongsoError, String(error));
    return { code: error.code, details: error.details, vi: error.messages.vi };
  }
  assert.fail('expected a CongsoError');
}

const metadata = documentMetadataSchema.parse({
  organId: '000.00.04.H59',
  organName: 'Sở Tư pháp tỉnh Tây Ninh',
  typeCode: 'cong_van',
  number: '512',
  notation: 'STP-VP',
  issuedDate: '2026-11-20',
  subject: 'Về việc rà soát thủ tục hành chính lĩnh vực hộ tịch',
  signer: { position: 'Giám đốc', fullName: 'Huỳnh Thanh Sơn' },
  recipients: ['UBND tỉnh Tây Ninh'],
});

describe('document types (Phụ lục III)', () => {
  it('lists the 27 types with their abbreviations and the công văn without one', () => {
    assert.equal(documentTypes.length, 28);
    assert.equal(new Set(documentTypes.map((t) => t.code)).size, 28);
    assert.deepEqual(
      documentTypes.map((t) => t.abbreviation),
      [
        'NQ',
        'QĐ',
        'CT',
        'QC',
        'QyĐ',
        'TC',
        'TB',
        'HD',
        'CTr',
        'KH',
        'PA',
        'ĐA',
        'DA',
        'BC',
        'BB',
        'TTr',
        'HĐ',
        'CĐ',
        'BGN',
        'BTT',
        'GUQ',
        'GM',
        'GGT',
        'GNP',
        'PG',
        'PC',
        'PB',
        null,
      ],
    );
    assert.deepEqual(documentTypeOf('to_trinh')?.name, { vi: 'Tờ trình', en: 'Submission' });
    assert.equal(documentTypeOf('toString'), undefined);
    assert.deepEqual(
      copyKinds.map((c) => c.abbreviation),
      ['SY', 'TrS', 'SL'],
    );
  });
});

describe('notation', () => {
  it('builds number/type-issuer and number/issuer-unit for a công văn', () => {
    assert.equal(buildNotation({ number: 123, typeCode: 'quyet_dinh', issuer: 'UBND' }), '123/QĐ-UBND');
    assert.equal(buildNotation({ number: 45, typeCode: 'cong_van', issuer: 'UBND', unit: 'VP' }), '45/UBND-VP');
    assert.equal(buildNotation({ number: 1, typeCode: 'quy_dinh', issuer: 'STP' }), '01/QyĐ-STP');
    assert.equal(buildNotation({ number: 7, typeCode: 'to_trinh', issuer: 'STP', unit: 'HCTP' }), '07/TTr-STP-HCTP');
    assert.equal(formatDocumentNumber(9), '09');
    assert.equal(formatDocumentNumber(10), '10');
    assert.equal(numberOfNotation('123/QĐ-UBND'), 123);
    assert.equal(numberOfNotation('QĐ-UBND'), null);
  });
  it('refuses a công văn without its unit, unknown types, bad abbreviations and numbers', () => {
    const noUnit = failure(() => buildNotation({ number: 45, typeCode: 'cong_van', issuer: 'UBND' }));
    assert.equal(noUnit.code, 'VALIDATION_FAILED');
    assert.equal((noUnit.details as { path: string }[])[0]?.path, 'unit');
    assert.equal(
      failure(() => buildNotation({ number: 1, typeCode: 'memo', issuer: 'UBND' })).code,
      'VALIDATION_FAILED',
    );
    assert.equal(
      (
        failure(() => buildNotation({ number: 1, typeCode: 'quyet_dinh', issuer: 'U BND' })).details as {
          path: string;
        }[]
      )[0]?.path,
      'issuer',
    );
    for (const n of [0, -1, 1.5, 1_000_000])
      assert.equal(failure(() => formatDocumentNumber(n)).code, 'VALIDATION_FAILED');
  });
});

describe('metadata (Phụ lục VI)', () => {
  it('fills the defaults', () => {
    assert.equal(metadata.priority, 0);
    assert.equal(metadata.pages, 1);
    assert.equal(metadata.copies, 1);
    assert.equal(metadata.language, undefined);
  });
  it('names each problem in vi and en', () => {
    const result = documentMetadataSchema.safeParse({
      organId: '000.00.00.X',
      organName: ' ',
      typeCode: 'memo',
      number: '1',
      notation: 'QĐ-UBND',
      issuedDate: '2026-02-30',
      subject: 'a'.repeat(501),
      priority: 5,
      pages: 0,
    });
    assert.equal(result.success, false);
    const issues = fieldIssuesOf(result.error as never);
    assert.deepEqual(
      issues.map((i) => [i.path, i.code, i.message.vi]),
      [
        ['organId', 'invalid_format', 'Mã định danh cơ quan không đúng định dạng của Quyết định 20/2020/QĐ-TTg.'],
        ['organName', 'required', 'Không được để trống.'],
        ['typeCode', 'enum', 'Loại văn bản không hợp lệ.'],
        ['issuedDate', 'invalid_format', 'Ngày không hợp lệ (định dạng YYYY-MM-DD).'],
        ['subject', 'too_long', 'Tối đa 500 ký tự.'],
        ['pages', 'range', 'Phải là số nguyên từ 1 đến 10000.'],
        [
          'priority',
          'enum',
          'Độ khẩn phải là 0 (thường), 1 (khẩn), 2 (thượng khẩn), 3 (hỏa tốc) hoặc 4 (hỏa tốc hẹn giờ).',
        ],
      ].sort((a, b) => issues.findIndex((i) => i.path === a[0]) - issues.findIndex((i) => i.path === b[0])),
    );
    assert.equal(issues.find((i) => i.path === 'subject')?.message.en, 'At most 500 characters.');
    assert.equal(documentMetadataSchema.safeParse({ ...metadata, subject: 'a'.repeat(500) }).success, true);
  });
  it('an outgoing draft takes internal, external and note recipients', () => {
    const draft = outgoingDraftSchema.parse({
      typeCode: 'quyet_dinh',
      subject: 'Quyết định',
      recipients: [
        { kind: 'internal', agencyId: 'a' },
        { kind: 'external', name: 'Bộ Tư pháp', organId: '000.00.00.G12' },
        { kind: 'note', name: 'Lưu: VT, VP' },
      ],
    });
    assert.equal(draft.recipients.length, 3);
    assert.equal(
      outgoingDraftSchema.safeParse({ typeCode: 'quyet_dinh', subject: 'x', recipients: [{ kind: 'x' }] }).success,
      false,
    );
  });
});

describe('registers', () => {
  it('the year is Vietnam’s: 31/12 23:59 is the old register, 1/1 00:00 a new one starting at 01', () => {
    assert.equal(registerYearOf(at('2026-12-31', '23:59')), 2026);
    assert.equal(registerYearOf(at('2027-01-01', '00:00')), 2027);
    assert.equal(registerYearOf(new Date('2026-12-31T17:00:00Z')), 2027);
    const old = { year: 2026, lastNumber: 1234, closedAt: null };
    assert.equal(nextRegisterNumber(old, '2026-12-31'), 1235);
    const fresh = { year: 2027, lastNumber: 0, closedAt: null };
    assert.equal(formatDocumentNumber(nextRegisterNumber(fresh, '2027-01-01')), '01');
    assert.equal(failure(() => nextRegisterNumber(old, '2027-01-01')).code, 'INVALID_STATE');
    assert.equal(
      failure(() => nextRegisterNumber({ ...old, closedAt: at('2026-12-31') }, '2026-12-31')).code,
      'INVALID_STATE',
    );
    assert.equal(
      failure(() => nextRegisterNumber({ ...old, lastNumber: 999_999 }, '2026-12-31')).code,
      'INVALID_STATE',
    );
    assert.deepEqual(registerTitle('outgoing', 2026), {
      vi: 'Sổ đăng ký văn bản đi năm 2026',
      en: 'Outgoing documents register 2026',
    });
  });
  it('closes from 31 December on, once', () => {
    assert.equal(
      failure(() => closeRegisterCheck({ year: 2026, closedAt: null }, at('2026-12-30', '17:00'))).code,
      'INVALID_STATE',
    );
    closeRegisterCheck({ year: 2026, closedAt: null }, at('2026-12-31', '16:00'));
    closeRegisterCheck({ year: 2026, closedAt: null }, at('2027-01-05', '08:00'));
    assert.equal(
      failure(() => closeRegisterCheck({ year: 2026, closedAt: at('2027-01-02') }, at('2027-01-05'))).code,
      'INVALID_STATE',
    );
  });
});

function registered(time = at('2026-11-23', '08:00')): IncomingState {
  return registerIncoming(
    {
      id: 'in-1',
      agencyId: AGENCY,
      registerYear: 2026,
      arrivalNumber: 17,
      source: 'upload',
      medium: 'electronic',
      metadata,
    },
    { at: time, actor: clerk, calendar },
  ).state;
}

describe('incoming documents', () => {
  it('the transition table covers every status with known actions; done is final', () => {
    assert.deepEqual(Object.keys(incomingTransitions), [...incomingStatuses]);
    for (const row of Object.values(incomingTransitions))
      for (const a of Object.keys(row)) assert.ok((incomingActions as readonly string[]).includes(a));
    assert.deepEqual(incomingTransitions.done, {});
  });

  it('goes registered → assigned (leader → department → specialist) → handling → done with its routing trace', () => {
    let s = registered();
    assert.equal(s.status, 'registered');
    assert.equal(s.arrivalNumber, 17);
    assert.equal(s.dueAt, null);
    assert.deepEqual(availableIncomingActions(clerk, s), ['assign']);
    assert.deepEqual(availableIncomingActions(specialist, s), []);
    assert.deepEqual(assignableLevels(clerk, s), ['leader', 'department', 'specialist']);

    const ctx = (actor: Actor, time: Date) => ({ at: time, actor, calendar });
    const r = applyIncomingAction(
      s,
      { action: 'assign', assigneeId: 'leader', level: 'leader', instructions: 'Kính trình', deadlineWorkingDays: 5 },
      ctx(clerk, at('2026-11-23', '08:30')),
    );
    s = r.state;
    assert.equal(s.status, 'assigned');
    assert.equal(s.version, 2);
    assert.equal(s.dueAt?.toISOString(), at('2026-11-30', '08:30').toISOString());
    assert.deepEqual(r.event.data, {
      assigneeId: 'leader',
      level: 'leader',
      instructions: 'Kính trình',
      dueAt: at('2026-11-30', '08:30').toISOString(),
    });
    assert.deepEqual(assignableLevels(leader, s), ['department', 'specialist']);

    s = applyIncomingAction(
      s,
      {
        action: 'assign',
        assigneeId: 'head',
        level: 'department',
        instructions: 'Phòng HCTP chủ trì',
        dueDate: '2026-11-27',
      },
      ctx(leader, at('2026-11-23', '10:00')),
    ).state;
    assert.equal(s.dueAt?.toISOString(), at('2026-11-27', '17:00').toISOString());
    // The head cannot send it back up.
    const up = failure(() =>
      applyIncomingAction(
        s,
        { action: 'assign', assigneeId: 'leader', level: 'leader' },
        ctx(head, at('2026-11-23', '11:00')),
      ),
    );
    assert.equal(up.code, 'VALIDATION_FAILED');
    assert.equal((up.details as { path: string; code: string }[])[0]?.code, 'routing');

    s = applyIncomingAction(
      s,
      { action: 'opinion', text: 'Giao chuyên viên Khoa' },
      ctx(head, at('2026-11-23', '14:00')),
    ).state;
    assert.equal(s.status, 'handling');
    s = applyIncomingAction(
      s,
      { action: 'assign', assigneeId: 'spec', level: 'specialist' },
      ctx(head, at('2026-11-23', '14:05')),
    ).state;
    assert.equal(s.status, 'assigned');
    // No new deadline: the department's stays.
    assert.equal(s.dueAt?.toISOString(), at('2026-11-27', '17:00').toISOString());
    assert.deepEqual(availableIncomingActions(specialist, s), ['opinion', 'complete']);
    assert.deepEqual(availableIncomingActions(head, s), ['opinion']);
    // The leader may give an opinion (in the trace) and route again.
    assert.deepEqual(availableIncomingActions(leader, s), ['assign', 'opinion']);

    s = applyIncomingAction(
      s,
      { action: 'complete', note: 'Đã tham mưu văn bản trả lời' },
      ctx(specialist, at('2026-11-26', '09:00')),
    ).state;
    assert.equal(s.status, 'done');
    assert.equal(s.version, 6);
    assert.deepEqual(
      s.routing.map((r) => [r.fromId, r.fromLevel, r.toId, r.level]),
      [
        ['clerk', null, 'leader', 'leader'],
        ['leader', 'leader', 'head', 'department'],
        ['head', 'department', 'spec', 'specialist'],
      ],
    );
    assert.deepEqual(
      s.opinions.map((o) => o.text),
      ['Giao chuyên viên Khoa'],
    );
    assert.equal(s.doneNote, 'Đã tham mưu văn bản trả lời');
    assert.equal(isIncomingOverdue(s, at('2026-12-10')), false);
    assert.equal(overdueWorkingDays(s, at('2026-12-10'), calendar), 0);
    assert.equal(
      failure(() =>
        applyIncomingAction(s, { action: 'opinion', text: 'x' }, ctx(specialist, at('2026-11-26', '10:00'))),
      ).code,
      'INVALID_STATE',
    );
  });

  it('refuses others, bad input and time running backwards', () => {
    const s = registered();
    const c = (actor: Actor, time = at('2026-11-23', '09:00')) => ({ at: time, actor, calendar });
    assert.equal(
      failure(() => applyIncomingAction(s, { action: 'assign', assigneeId: 'x', level: 'leader' }, c(specialist))).code,
      'FORBIDDEN',
    );
    assert.equal(
      failure(() => applyIncomingAction(s, { action: 'assign', assigneeId: 'x', level: 'leader' }, c(outsider))).code,
      'FORBIDDEN',
    );
    assert.equal(failure(() => applyIncomingAction(s, { action: 'complete' }, c(clerk))).code, 'INVALID_STATE');
    const both = failure(() =>
      applyIncomingAction(
        s,
        { action: 'assign', assigneeId: 'leader', level: 'leader', deadlineWorkingDays: 3, dueDate: '2026-12-01' },
        c(clerk),
      ),
    );
    assert.deepEqual(
      (both.details as { path: string; code: string }[]).map((d) => [d.path, d.code]),
      [['dueDate', 'range']],
    );
    const past = failure(() =>
      applyIncomingAction(
        s,
        { action: 'assign', assigneeId: 'leader', level: 'leader', dueDate: '2026-11-20' },
        c(clerk),
      ),
    );
    assert.equal((past.details as { code: string }[])[0]?.code, 'range');
    assert.equal(
      failure(() => applyIncomingAction(s, { action: 'assign', assigneeId: 'clerk', level: 'leader' }, c(clerk))).code,
      'VALIDATION_FAILED',
    );
    assert.equal(failure(() => applyIncomingAction(s, { action: 'toString' }, c(clerk))).code, 'VALIDATION_FAILED');
    assert.equal(
      failure(() =>
        applyIncomingAction(s, { action: 'assign', assigneeId: 'leader', level: 'leader' }, c(clerk, at('2026-11-22'))),
      ).code,
      'VALIDATION_FAILED',
    );
    assert.equal(
      failure(() =>
        registerIncoming(
          {
            id: 'x',
            agencyId: AGENCY,
            registerYear: 2026,
            arrivalNumber: 1,
            source: 'upload',
            medium: 'paper',
            metadata,
          },
          { at: at('2026-11-23'), actor: leader, calendar },
        ),
      ).code,
      'FORBIDDEN',
    );
  });

  it('counts overdue working days with the calendar and checks the same-day receipt', () => {
    const s = applyIncomingAction(
      registered(),
      { action: 'assign', assigneeId: 'leader', level: 'leader', deadlineWorkingDays: 5 },
      { at: at('2026-11-23', '08:00'), actor: clerk, calendar },
    ).state;
    assert.equal(s.dueAt?.toISOString(), at('2026-11-30', '08:00').toISOString());
    assert.equal(isIncomingOverdue(s, at('2026-11-30', '08:00')), false);
    assert.equal(isIncomingOverdue(s, at('2026-11-30', '08:01')), true);
    // Mon 08:00 → 17:00 is 7 working hours, Tue 07:00 → 10:00 three more: 10 h = 2 started working days.
    assert.equal(overdueWorkingDays(s, at('2026-12-01', '10:00'), calendar), 2);
    assert.equal(overdueWorkingDays(s, at('2026-11-30', '15:00'), calendar), 1);
    // The weekend does not count: Fri 17:00 → Mon 07:00 adds nothing.
    assert.equal(
      overdueWorkingDays(s, at('2026-12-04', '17:00'), calendar),
      overdueWorkingDays(s, at('2026-12-07', '07:00'), calendar),
    );
    assert.equal(receiptOnTime(s), true);
    const late = registerIncoming(
      {
        id: 'in-2',
        agencyId: AGENCY,
        registerYear: 2026,
        arrivalNumber: 18,
        arrivedAt: at('2026-11-20', '16:00'),
        source: 'internal',
        medium: 'electronic',
        metadata: { ...metadata, dueDate: '2026-11-28' },
      },
      { at: at('2026-11-23', '08:00'), actor: clerk, calendar },
    ).state;
    assert.equal(receiptOnTime(late), false);
    // The document's own due date (a Saturday) is due at the end of the next working day.
    assert.equal(late.dueAt?.toISOString(), at('2026-11-30', '17:00').toISOString());
  });

  it('the body schema takes each action with its version', () => {
    assert.equal(incomingActionBodySchema.safeParse({ action: 'opinion', text: 'ok', version: 2 }).success, true);
    assert.equal(incomingActionBodySchema.safeParse({ action: 'opinion', text: 'ok' }).success, false);
    assert.equal(
      incomingActionBodySchema.safeParse({ action: 'assign', assigneeId: 'a', level: 'boss', version: 1 }).success,
      false,
    );
  });
});

function drafted(): OutgoingState {
  return createOutgoing(
    {
      id: 'out-1',
      agencyId: AGENCY,
      issuerAbbreviation: 'UBND',
      fileId: 'file-draft',
      draft: outgoingDraftSchema.parse({
        typeCode: 'cong_van',
        unit: 'VP',
        subject: 'Về việc trả lời Sở Tư pháp',
        signer: { position: 'Chủ tịch', fullName: 'Nguyễn Văn Thành' },
        recipients: [
          { kind: 'internal', agencyId: 'agency-stp' },
          { kind: 'external', name: 'Bộ Tư pháp' },
          { kind: 'note', name: 'Lưu: VT, VP' },
        ],
      }),
    },
    { at: at('2026-11-23', '09:00'), actor: specialist },
  ).state;
}

describe('outgoing documents', () => {
  it('the transition table covers every status; sent is final', () => {
    assert.deepEqual(Object.keys(outgoingTransitions), [...outgoingStatuses]);
    for (const row of Object.values(outgoingTransitions))
      for (const a of Object.keys(row)) assert.ok((outgoingActions as readonly string[]).includes(a));
    assert.deepEqual(outgoingTransitions.sent, {});
  });

  it('draft → review (returned once) → approved → signed → issued on the signing date → sent', () => {
    const c = (actor: Actor, date: string, time: string) => ({ at: at(date, time), actor, calendar });
    let s = drafted();
    assert.deepEqual(availableOutgoingActions(specialist, s), ['update', 'submit']);
    assert.deepEqual(availableOutgoingActions(head, s), []);
    s = applyOutgoingAction(s, { action: 'submit' }, c(specialist, '2026-11-23', '10:00')).state;
    assert.deepEqual(availableOutgoingActions(head, s), ['return', 'approve']);
    s = applyOutgoingAction(s, { action: 'return', reason: 'Sửa trích yếu' }, c(head, '2026-11-23', '11:00')).state;
    assert.equal(s.status, 'draft');
    s = applyOutgoingAction(
      s,
      { action: 'update', draft: { ...s.draft, subject: 'Về việc góp ý dự thảo quy chế' }, fileId: 'file-draft-2' },
      c(specialist, '2026-11-23', '14:00'),
    ).state;
    assert.equal(s.fileId, 'file-draft-2');
    s = applyOutgoingAction(s, { action: 'submit' }, c(specialist, '2026-11-23', '14:10')).state;
    s = applyOutgoingAction(s, { action: 'approve', note: 'Đồng ý' }, c(leader, '2026-11-26', '09:00')).state;
    assert.equal(s.status, 'approved');
    assert.equal(
      failure(() => applyOutgoingAction(s, { action: 'sign' }, c(head, '2026-11-27', '16:00'))).code,
      'FORBIDDEN',
    );
    s = applyOutgoingAction(s, { action: 'sign' }, c(leader, '2026-11-27', '16:00'), {
      signedFileId: 'file-signed',
    }).state;
    assert.equal(s.fileId, 'file-signed');
    assert.equal(s.signerId, 'leader');
    assert.equal(latestIssueDate(s.signedAt as Date, calendar), '2026-11-30');
    assert.equal(
      failure(() => applyOutgoingAction(s, { action: 'issue' }, c(clerk, '2026-12-01', '08:00'), { number: 45 })).code,
      'INVALID_STATE',
    );
    const issued = applyOutgoingAction(s, { action: 'issue' }, c(clerk, '2026-11-30', '08:00'), { number: 45 });
    s = issued.state;
    assert.deepEqual(
      { ...s.issue, issuedAt: s.issue?.issuedAt.toISOString() },
      {
        number: 45,
        notation: '45/UBND-VP',
        issuedDate: '2026-11-27',
        issuedAt: at('2026-11-30', '08:00').toISOString(),
        registerYear: 2026,
        issuedById: 'clerk',
      },
    );
    const sent = applyOutgoingAction(s, { action: 'send' }, c(clerk, '2026-11-30', '08:05'));
    assert.equal(sent.state.status, 'sent');
    assert.deepEqual(sent.event.data.recipients, [
      { kind: 'internal', agencyId: 'agency-stp' },
      { kind: 'external', name: 'Bộ Tư pháp' },
    ]);
    assert.equal(sent.state.version, 9);
    assert.deepEqual(
      sent.state.reviews.map((r) => [r.byId, r.decision]),
      [
        ['spec', 'submitted'],
        ['head', 'returned'],
        ['spec', 'submitted'],
        ['leader', 'approved'],
      ],
    );
  });

  it('signed on 31 December, issued on the next working day in the old year’s register', () => {
    assert.equal(latestIssueDate(at('2026-12-31', '16:00'), calendar), '2027-01-04');
    const s: OutgoingState = {
      ...drafted(),
      status: 'signed',
      signedAt: at('2026-12-31', '16:00'),
      signerId: 'leader',
    };
    const r = applyOutgoingAction(
      s,
      { action: 'issue' },
      { at: at('2027-01-04', '08:00'), actor: clerk, calendar },
      { number: 1532 },
    );
    assert.equal(r.state.issue?.notation, '1532/UBND-VP');
    assert.equal(r.state.issue?.issuedDate, '2026-12-31');
    assert.equal(r.state.issue?.registerYear, 2026);
  });

  it('refuses bad drafts, others’ drafts and sending without recipients', () => {
    const s = drafted();
    const c = (actor: Actor) => ({ at: at('2026-11-23', '10:00'), actor, calendar });
    assert.equal(failure(() => applyOutgoingAction(s, { action: 'submit' }, c(head))).code, 'FORBIDDEN');
    assert.equal(failure(() => applyOutgoingAction(s, { action: 'approve' }, c(leader))).code, 'INVALID_STATE');
    const noUnit = failure(() =>
      applyOutgoingAction(s, { action: 'update', draft: { ...s.draft, unit: undefined } }, c(specialist)),
    );
    assert.equal((noUnit.details as { path: string }[])[0]?.path, 'unit');
    assert.equal(
      failure(() =>
        createOutgoing(
          { id: 'x', agencyId: AGENCY, issuerAbbreviation: 'UBND', fileId: 'f', draft: s.draft },
          c(clerk),
        ),
      ).code,
      'FORBIDDEN',
    );
    const issued: OutgoingState = {
      ...s,
      status: 'issued',
      draft: { ...s.draft, recipients: [{ kind: 'note', name: 'Lưu: VT' }] },
    };
    assert.equal(failure(() => applyOutgoingAction(issued, { action: 'send' }, c(clerk))).code, 'VALIDATION_FAILED');
    assert.equal(outgoingActionBodySchema.safeParse({ action: 'return', version: 3 }).success, false);
  });
});

describe('work files and the share handled online', () => {
  it('retention ends on 31 December of the closing year + the years', () => {
    assert.equal(retentionEnd({ closedAt: at('2026-11-23'), retention: 10 }), '2036-12-31');
    assert.equal(retentionEnd({ closedAt: at('2026-11-23'), retention: 'permanent' }), null);
    assert.equal(retentionEnd({ closedAt: null, retention: 5 }), null);
  });
  it('a closed file with only electronic documents is handled online', () => {
    const closed = { closedAt: at('2026-11-23') };
    assert.equal(workFileHandledOnline(closed, [{ medium: 'electronic' }, { medium: 'electronic' }]), true);
    assert.equal(workFileHandledOnline(closed, [{ medium: 'electronic' }, { medium: 'paper' }]), false);
    assert.equal(workFileHandledOnline(closed, []), false);
    assert.equal(workFileHandledOnline({ closedAt: null }, [{ medium: 'electronic' }]), false);
  });
  it('computes the share per agency and level against the targets', () => {
    const result = onlineShare([
      { agencyId: 'p1', level: 'province', closed: 10, online: 9 },
      { agencyId: 'p2', level: 'province', closed: 3, online: 2 },
      { agencyId: 'c1', level: 'commune', closed: 5, online: 3 },
      { agencyId: 'c2', level: 'commune', closed: 0, online: 0 },
    ]);
    assert.deepEqual(
      result.agencies.map((a) => [a.agencyId, a.share, a.target, a.meetsTarget]),
      [
        ['p1', 0.9, 0.9, true],
        ['p2', 0.6667, 0.9, false],
        ['c1', 0.6, 0.6, true],
        ['c2', null, 0.6, null],
      ],
    );
    assert.deepEqual(result.levels, [
      { level: 'province', closed: 13, online: 11, agencies: 2, share: 0.8462, target: 0.9, meetsTarget: false },
      { level: 'commune', closed: 5, online: 3, agencies: 2, share: 0.6, target: 0.6, meetsTarget: true },
    ]);
  });
});
