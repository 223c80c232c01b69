import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatVnDateTime } from '../calendar/vn-time';
import { isCongsoError } from '../shared/errors';
import type { DossierActionInput } from './actions';
import { applyAction, openDossier } from './apply-action';
import {
  applicant,
  at,
  calendar,
  DEPT,
  DESK,
  DESK_CODE,
  Journey,
  officer,
  openingInput,
  procedure,
} from './dossier.fixtures';
import { formatDossierCode } from './dossier-code';
import type { ProcedureSnapshot } from './dossier-state';

const fmt = (d: Date | null | undefined) => (d ? formatVnDateTime(d) : null);
const code = (e: unknown) => (isCongsoError(e) ? e.code : String(e));
const failsWith = (expected: string, fn: () => unknown) => assert.throws(fn, (e) => code(e) === expected);
const fieldsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (e) {
    if (isCongsoError(e) && e.code === 'VALIDATION_FAILED') return (e.details as { path: string }[]).map((i) => i.path);
    throw e;
  }
  assert.fail('expected VALIDATION_FAILED');
};

const threeDays: ProcedureSnapshot = { ...procedure, deadline: { unit: 'working_hours', counter: 24 } };

describe('the clock: receipt and deadline', () => {
  it('received on Friday 16:30 before Tết 2026 with 3 working days: due Wednesday 25/2 16:30', () => {
    const j = new Journey(at('2026-02-13', '16:30'), { procedure: threeDays });
    assert.equal(j.state.status, 'received');
    assert.equal(fmt(j.state.receivedAt), '2026-02-13 16:30');
    // Friday 0.5 h, Tết 14-22/2 off, Monday 23/2 8 h, Tuesday 8 h, Wednesday 7.5 h.
    assert.equal(fmt(j.state.dueAt), '2026-02-25 16:30');
    // The receive step (4 h): Friday 0.5 h, then Monday 07:00 + 3.5 h.
    assert.equal(fmt(j.state.currentStep?.dueAt), '2026-02-23 10:30');
    assert.equal(j.state.currentStep?.agencyId, DESK);
    assert.deepEqual(j.state.deadline, { unit: 'working_hours', value: 24 });
  });

  it('starts the clock of an online dossier at its receipt, with the online deadline', () => {
    // Filed online on Saturday 14/2 (Tết), received Monday 23/2 09:00; online deadline 32 h (counter 40 h).
    const j = new Journey(at('2026-02-14', '10:00'), {}, 'submit_online');
    assert.equal(j.state.status, 'receiving');
    assert.equal(j.state.channel, 'online');
    assert.equal(j.state.dueAt, null);
    assert.equal(j.state.currentStep?.dueAt, null);
    assert.equal(j.state.code, '000.00.00.H56-260214-0001');
    j.do('receive', { when: at('2026-02-23', '09:00') });
    assert.deepEqual(j.state.deadline, { unit: 'working_hours', value: 32 });
    assert.equal(fmt(j.state.dueAt), '2026-02-27 09:00');
    assert.equal(fmt(j.state.currentStep?.startedAt), '2026-02-23 09:00');
    assert.equal(fmt(j.state.currentStep?.dueAt), '2026-02-23 15:00');
    assert.deepEqual(j.state.steps, []);
  });

  it('counts calendar days for procedures that do, moving a day off to the next working day', () => {
    const calendarDays: ProcedureSnapshot = { ...procedure, deadline: { unit: 'calendar_days', counter: 15 } };
    const j = new Journey(at('2026-02-02', '09:00'), { procedure: calendarDays });
    assert.equal(fmt(j.state.dueAt), '2026-02-23 17:00'); // 17/2 is Mùng 1 Tết
  });

  it('keeps postal intake apart from the counter', () => {
    const j = new Journey(at('2026-03-09', '09:00'), { channel: 'postal' });
    assert.equal(j.state.channel, 'postal');
    assert.equal(fmt(j.state.dueAt), '2026-03-16 09:00');
  });
});

describe('the clock: supplement pauses', () => {
  // Received Monday 9/3/2026 09:00, 5 working days: due Monday 16/3 09:00.
  const forwarded = () => new Journey(at('2026-03-09', '09:00')).do('forward', { when: at('2026-03-09', '10:00') });

  it('stops the clock over the weekend and resumes it at the resubmission', () => {
    const j = forwarded();
    assert.equal(fmt(j.state.dueAt), '2026-03-16 09:00');
    j.do('request_supplement', { when: at('2026-03-13', '15:00') }); // Friday: 4 working hours left
    assert.equal(j.state.status, 'waiting_supplement');
    assert.equal(j.state.supplementCount, 1);
    assert.deepEqual(j.state.pending, {
      kind: 'supplement',
      items: ['Bản sao CCCD của người đi khai'],
      reason: 'Thiếu giấy tờ',
      requestedAt: at('2026-03-13', '15:00'),
      resumeStatus: 'processing',
    });
    assert.equal(fmt(j.state.dueAt), '2026-03-16 09:00'); // unchanged while waiting
    j.do('submit_supplement', { when: at('2026-03-16', '10:00') });
    assert.equal(j.state.status, 'processing');
    assert.equal(j.state.pending, null);
    assert.deepEqual(j.state.pauses, [
      { kind: 'supplement', start: at('2026-03-13', '15:00'), end: at('2026-03-16', '10:00') },
    ]);
    // 4 h from Monday 10:00: 10:00-11:30, 13:30-16:00.
    assert.equal(fmt(j.state.dueAt), '2026-03-16 16:00');
    // The examine step was due Thursday 12/3 10:00, before the pause: it stays due then.
    assert.equal(fmt(j.state.currentStep?.dueAt), '2026-03-12 10:00');
    assert.equal(j.state.currentStep?.pausedHours, 5); // Friday 15-17, Monday 07-10
  });

  it('resumes on Monday 07:00 when the supplement comes in on Saturday', () => {
    const j = forwarded()
      .do('request_supplement', { when: at('2026-03-13', '15:00') })
      .do('submit_supplement', { when: at('2026-03-14', '10:00') });
    assert.equal(fmt(j.state.dueAt), '2026-03-16 11:00');
  });

  it('extends the current step too when the pause starts before the step is due', () => {
    const j = forwarded()
      .do('request_supplement', { when: at('2026-03-10', '10:00') }) // examine due Thu 12/3 10:00
      .do('submit_supplement', { when: at('2026-03-11', '10:00') }); // one working day later
    assert.equal(fmt(j.state.currentStep?.dueAt), '2026-03-13 10:00');
    assert.equal(fmt(j.state.dueAt), '2026-03-17 09:00');
  });

  it('stopping a waiting dossier ends the pause and the processing', () => {
    const j = forwarded()
      .do('request_supplement', { when: at('2026-03-10', '10:00') })
      .do('stop', { when: at('2026-03-11', '10:00') });
    assert.equal(j.state.status, 'stopped');
    assert.equal(j.state.pauses[0]?.end?.getTime(), at('2026-03-11', '10:00').getTime());
    assert.equal(fmt(j.state.dueAt), '2026-03-17 09:00');
    assert.equal(fmt(j.state.finishedAt), '2026-03-11 10:00');
    assert.equal(j.state.outcome, 'early');
    assert.equal(j.state.endReason, 'Có tranh chấp');
    assert.equal(j.state.currentStep, null);
  });

  it('a withdrawn dossier has no end of processing and no outcome', () => {
    const j = forwarded().do('request_supplement').do('withdraw');
    assert.equal(j.state.status, 'withdrawn');
    assert.equal(j.state.finishedAt, null);
    assert.equal(j.state.outcome, null);
    assert.equal(j.state.pending, null);
    assert.equal(
      j.state.pauses.every((p) => p.end !== null),
      true,
    );
  });
});

describe('the clock: payment', () => {
  const forwarded = () => new Journey(at('2026-03-09', '09:00')).do('forward', { when: at('2026-03-09', '10:00') });

  it('waiting for the payment is applicant time: the return date moves', () => {
    const j = forwarded()
      .do('request_payment', { when: at('2026-03-10', '09:00') })
      .do('confirm_payment', { when: at('2026-03-12', '09:00') });
    assert.equal(j.state.status, 'processing');
    assert.equal(fmt(j.state.dueAt), '2026-03-18 09:00'); // + 16 working hours
    assert.deepEqual(j.state.payments, [
      {
        amount: 50_000,
        reference: 'BL-0001',
        requestedAt: at('2026-03-10', '09:00'),
        confirmedAt: at('2026-03-12', '09:00'),
      },
    ]);
  });

  it('does not move the return date when the rules say payment does not pause the clock', () => {
    const j = new Journey(at('2026-03-09', '09:00'), { rules: { paymentPausesClock: false } })
      .do('request_payment', { when: at('2026-03-10', '09:00') })
      .do('confirm_payment', { when: at('2026-03-12', '09:00') });
    assert.equal(j.state.status, 'received');
    assert.equal(fmt(j.state.dueAt), '2026-03-16 09:00');
    assert.deepEqual(j.state.pauses, []);
  });
});

describe('the clock: outcome (QĐ 766)', () => {
  // Due Monday 16/3/2026 09:00.
  const approved = () => new Journey(at('2026-03-09', '09:00')).do('forward').do('approve');
  const issueAt = (time: string) => approved().do('issue_result', { when: at('2026-03-16', time) }).state;

  it('is early before the return date, on time at it, late after it', () => {
    assert.equal(issueAt('08:59').outcome, 'early');
    assert.equal(issueAt('09:00').outcome, 'on_time');
    assert.equal(issueAt('09:01').outcome, 'late');
    const s = issueAt('09:00');
    assert.equal(s.status, 'processed');
    assert.equal(fmt(s.finishedAt), '2026-03-16 09:00');
  });

  it('ends processing at the issue: returning later does not change the end or the outcome', () => {
    const j = approved()
      .do('issue_result', { when: at('2026-03-13', '10:00') })
      .do({ action: 'return_result', method: 'postal' }, { when: at('2026-03-20', '10:00') });
    assert.equal(j.state.status, 'returned');
    assert.equal(fmt(j.state.finishedAt), '2026-03-13 10:00');
    assert.equal(j.state.outcome, 'early');
    assert.deepEqual(j.state.returned, { method: 'postal', at: at('2026-03-20', '10:00') });
  });

  it('counts a refusal as the end of processing', () => {
    const j = new Journey(at('2026-03-09', '09:00')).do('forward').do('refuse', { when: at('2026-03-17', '09:00') });
    assert.equal(j.state.status, 'stopped');
    assert.equal(j.state.outcome, 'late');
    assert.deepEqual(j.state.decision, {
      kind: 'refused',
      reason: 'Không đủ điều kiện theo quy định',
      by: 'agency_leader@dept',
      at: at('2026-03-17', '09:00'),
    });
  });

  it('makes a dossier with two supplement requests late, even when it finishes early', () => {
    const once = new Journey(at('2026-03-09', '09:00'))
      .do('forward')
      .do('request_supplement')
      .do('submit_supplement')
      .do('approve')
      .do('issue_result');
    assert.equal(once.state.outcome, 'early');
    const twice = new Journey(at('2026-03-09', '09:00'))
      .do('forward')
      .do('request_supplement')
      .do('submit_supplement')
      .do('request_supplement')
      .do('submit_supplement')
      .do('approve')
      .do('issue_result');
    assert.equal(twice.state.supplementCount, 2);
    assert.ok(twice.now.getTime() < (twice.state.dueAt as Date).getTime());
    assert.equal(twice.state.outcome, 'late');
  });
});

describe('apology and new date', () => {
  const forwarded = () => new Journey(at('2026-03-09', '09:00')).do('forward');
  const apology: DossierActionInput = {
    action: 'apologize',
    reason: 'Cần xác minh thêm',
    newDueAt: at('2026-03-20', '17:00'),
  };

  it('sets a new return date without changing the status', () => {
    const j = forwarded().do(apology, { when: at('2026-03-13', '10:00') });
    assert.equal(j.state.status, 'processing');
    assert.equal(fmt(j.state.dueAt), '2026-03-20 17:00');
    assert.deepEqual(j.state.apologies, [
      {
        reason: 'Cần xác minh thêm',
        previousDueAt: at('2026-03-16', '09:00'),
        newDueAt: at('2026-03-20', '17:00'),
        at: at('2026-03-13', '10:00'),
        by: 'department_head@dept',
      },
    ]);
  });

  it('counts the dossier late by default, and against the new date when the rules say so', () => {
    const finish = (rules = {}) =>
      new Journey(at('2026-03-09', '09:00'), { rules })
        .do('forward')
        .do(apology, { when: at('2026-03-13', '10:00') })
        .do('approve')
        .do('issue_result', { when: at('2026-03-18', '10:00') }).state.outcome;
    assert.equal(finish(), 'late');
    assert.equal(finish({ apologyCountsAsLate: false }), 'early');
  });

  it('moves a later supplement pause from the new date', () => {
    const j = forwarded()
      .do(apology, { when: at('2026-03-13', '10:00') })
      .do('request_supplement', { when: at('2026-03-16', '07:00') })
      .do('submit_supplement', { when: at('2026-03-17', '07:00') }); // one working day
    assert.equal(fmt(j.state.dueAt), '2026-03-23 17:00');
  });

  it('needs a date after the current return date, a reason, and the head or the leader', () => {
    const j = forwarded();
    const attempt =
      (input: DossierActionInput, actor = officer('agency_leader', DEPT)) =>
      () =>
        applyAction(j.state, input, { at: at('2026-03-13', '10:00'), calendar, actor });
    assert.deepEqual(fieldsOf(attempt({ ...apology, newDueAt: at('2026-03-16', '09:00') })), ['newDueAt']);
    assert.deepEqual(fieldsOf(attempt({ ...apology, newDueAt: new Date(Number.NaN) })), ['newDueAt']);
    assert.deepEqual(fieldsOf(attempt({ ...apology, reason: ' ' })), ['reason']);
    failsWith('FORBIDDEN', attempt(apology, officer('specialist', DEPT)));
    assert.equal(attempt(apology)().state.apologies[0]?.by, 'agency_leader@dept');
  });
});

describe('steps along the way', () => {
  it('records each step with its agency, used hours and outcome (control slip)', () => {
    const j = new Journey(at('2026-03-09', '09:00'))
      .do('forward', { when: at('2026-03-09', '13:00') })
      .do('assign', { when: at('2026-03-10', '08:00') })
      .do('propose_approval', { when: at('2026-03-12', '16:00') })
      .do('approve', { when: at('2026-03-13', '09:00') })
      .do('issue_result', { when: at('2026-03-13', '15:00') })
      .do('return_result', { when: at('2026-03-16', '08:00') });
    assert.deepEqual(
      j.state.steps.map((s) => [
        s.name,
        s.agencyId,
        s.assigneeId,
        fmt(s.startedAt),
        fmt(s.dueAt),
        fmt(s.finishedAt),
        s.usedHours,
        s.outcome,
      ]),
      [
        ['receive', DESK, null, '2026-03-09 09:00', '2026-03-09 15:00', '2026-03-09 13:00', 2.5, 'early'],
        ['examine', DEPT, 'specialist-7', '2026-03-09 13:00', '2026-03-12 11:30', '2026-03-12 16:00', 26.5, 'late'],
        ['approve', DEPT, null, '2026-03-12 16:00', '2026-03-13 10:00', '2026-03-13 09:00', 3, 'early'],
        ['issue', DEPT, null, '2026-03-13 09:00', '2026-03-13 15:00', '2026-03-13 15:00', 4, 'on_time'],
        ['return', DESK, null, '2026-03-13 15:00', '2026-03-16 09:00', '2026-03-16 08:00', 3, 'early'],
      ],
    );
    assert.equal(j.state.currentStep, null);
    assert.equal(j.state.handlingAgencyId, DEPT);
    assert.equal(j.state.outcome, 'early');
  });

  it('routes inter-agency steps through the template, and unplanned ones without a share', () => {
    const interAgency: ProcedureSnapshot = {
      ...procedure,
      steps: [
        { step: 'receive', hours: 4 },
        { step: 'examine', hours: 16 },
        { step: 'examine', agencyId: 'tax', hours: 8 },
        { step: 'approve', hours: 4 },
        { step: 'issue', hours: 4 },
        { step: 'return', hours: 4 },
      ],
    };
    const j = new Journey(at('2026-03-09', '09:00'), { procedure: interAgency })
      .do('forward', { when: at('2026-03-09', '10:00') })
      .do({ action: 'send_to_agency', agencyId: 'tax' }, { when: at('2026-03-10', '10:00') });
    const step = j.state.currentStep;
    assert.deepEqual(
      [step?.name, step?.agencyId, step?.templateIndex, step?.allowedHours, step?.interAgency, fmt(step?.dueAt)],
      ['examine', 'tax', 2, 8, true, '2026-03-11 10:00'],
    );
    j.do('return_from_agency', { when: at('2026-03-11', '09:00') });
    assert.deepEqual(
      [j.state.currentStep?.name, j.state.currentStep?.agencyId, j.state.currentStep?.templateIndex],
      ['examine', DEPT, null],
    );
    assert.equal(j.state.currentStep?.allowedHours, null);
    j.do('propose_approval');
    assert.deepEqual([j.state.currentStep?.name, j.state.currentStep?.templateIndex], ['approve', 3]);
    // A step sent to an agency the template does not name has no share of the deadline.
    const adHoc = new Journey(at('2026-03-09', '09:00'))
      .do('forward')
      .do({ action: 'send_to_agency', agencyId: 'land' });
    assert.deepEqual(
      [adHoc.state.currentStep?.agencyId, adHoc.state.currentStep?.templateIndex, adHoc.state.currentStep?.dueAt],
      ['land', null, null],
    );
  });
});

describe('input validation', () => {
  const j = new Journey(at('2026-03-09', '09:00')).do('forward');
  const run =
    (input: DossierActionInput, state = j.state) =>
    () =>
      applyAction(state, input, {
        at: at('2026-03-10', '09:00'),
        calendar,
        actor:
          input.action === 'refuse' || input.action === 'stop'
            ? officer('agency_leader', DEPT)
            : officer('department_head', DEPT),
      });

  it('requires reasons, items and ids, trimmed', () => {
    assert.deepEqual(fieldsOf(run({ action: 'refuse', reason: '   ' })), ['reason']);
    assert.deepEqual(fieldsOf(run({ action: 'stop', reason: 'x'.repeat(2001) })), ['reason']);
    assert.deepEqual(fieldsOf(run({ action: 'request_supplement', items: [], reason: '' })), ['items', 'reason']);
    assert.deepEqual(fieldsOf(run({ action: 'request_supplement', items: ['CCCD', ' '], reason: 'x' })), ['items.1']);
    assert.deepEqual(fieldsOf(run({ action: 'assign', assigneeId: '' })), ['assigneeId']);
    assert.deepEqual(fieldsOf(run({ action: 'send_to_agency', agencyId: DEPT })), ['agencyId']);
    const trimmed = run({ action: 'refuse', reason: '  Không đủ điều kiện  ' })();
    assert.equal(trimmed.state.endReason, 'Không đủ điều kiện');
    assert.deepEqual(trimmed.event.data, { reason: 'Không đủ điều kiện' });
  });

  it('checks amounts, result documents, return methods and ratings', () => {
    const clerk = officer('one_stop_clerk', DEPT);
    const payment = (amount: number) => () =>
      applyAction(
        j.state,
        { action: 'request_payment', amount },
        { at: at('2026-03-10', '09:00'), calendar, actor: clerk },
      );
    assert.deepEqual(fieldsOf(payment(0)), ['amount']);
    assert.deepEqual(fieldsOf(payment(1.5)), ['amount']);
    const approved = new Journey(at('2026-03-09', '09:00')).do('forward').do('approve');
    const issue = (results: { name: string }[]) => () =>
      applyAction(
        approved.state,
        { action: 'issue_result', results },
        { at: at('2026-03-10', '09:00'), calendar, actor: officer('document_clerk', DEPT) },
      );
    assert.deepEqual(fieldsOf(issue([])), ['results']);
    assert.deepEqual(fieldsOf(issue([{ name: '' }])), ['results.0.name']);
    const processed = approved.do('issue_result');
    assert.deepEqual(
      fieldsOf(() =>
        applyAction(
          processed.state,
          { action: 'return_result', method: 'fax' as 'postal' },
          { at: at('2026-03-12', '09:00'), calendar, actor: officer('one_stop_clerk', DESK) },
        ),
      ),
      ['method'],
    );
    const returned = processed.do('return_result');
    const rate = (rating: string, comment?: string) => () =>
      applyAction(
        returned.state,
        { action: 'rate', rating: rating as 'satisfied', ...(comment === undefined ? {} : { comment }) },
        { at: at('2026-03-20', '09:00'), calendar, actor: applicant },
      );
    assert.deepEqual(fieldsOf(rate('meh')), ['rating']);
    assert.deepEqual(fieldsOf(rate('satisfied', 'x'.repeat(1001))), ['comment']);
    assert.deepEqual(rate('not_satisfied', ' ')().state.rating, {
      value: 'not_satisfied',
      comment: null,
      at: at('2026-03-20', '09:00'),
    });
  });

  it('refuses a time before the last action', () => {
    const leader = officer('agency_leader', DEPT);
    assert.deepEqual(
      fieldsOf(() =>
        applyAction(j.state, { action: 'approve' }, { at: at('2026-03-09', '08:00'), calendar, actor: leader }),
      ),
      ['at'],
    );
  });

  it('checks the opening: the code and its date, the procedure', () => {
    const when = at('2026-03-09', '09:00');
    const clerk = officer('one_stop_clerk', DESK);
    const open = (overrides: Parameters<typeof openingInput>[1]) => () =>
      openDossier(openingInput(when, overrides), { at: when, calendar, actor: clerk });
    assert.deepEqual(fieldsOf(open({ code: 'H56-1' })), ['code']);
    assert.deepEqual(fieldsOf(open({ code: formatDossierCode(DESK_CODE, at('2026-03-08', '23:59'), 1) })), ['code']);
    assert.deepEqual(fieldsOf(open({ id: '' })), ['id']);
    assert.deepEqual(fieldsOf(open({ channel: 'online' as 'postal' })), ['channel']);
    assert.deepEqual(
      fieldsOf(open({ procedure: { ...procedure, deadline: { unit: 'calendar_days', counter: 1.5 } } })),
      ['procedure.deadline.counter'],
    );
    assert.deepEqual(
      fieldsOf(open({ procedure: { ...procedure, steps: [{ step: 'sign' as 'approve', hours: -1 }] } })),
      ['procedure.steps.0.step', 'procedure.steps.0.hours'],
    );
    const ok = open({ code: ' 000.00.00.h56-260309-0001 ' })();
    assert.equal(ok.state.code, '000.00.00.H56-260309-0001');
    assert.equal(ok.event.action, 'receive');
    assert.equal(ok.event.fromStatus, null);
  });
});
