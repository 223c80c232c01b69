import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCongsoError } from '../shared/errors';
import { type DossierAction, dossierActions, SYSTEM_ACTOR } from './actions';
import { applyAction } from './apply-action';
import { actorFor, at, calendar, DEPT, Journey, sampleInputs } from './dossier.fixtures';
import type { DossierState } from './dossier-state';
import { type DossierStatus, dossierStatuses, dossierStatusInfo, statusFromNationalCode } from './statuses';
import { actionsAllowedIn, RESUME, transitionTable } from './transitions';

/**
 * The expected lifecycle, written out by hand (independently of transitionTable): for each status, the
 * allowed actions and the status they lead to from the canonical dossier in that status (below).
 * Every action absent from a row must be refused with INVALID_STATE.
 */
const expected: Record<DossierStatus, Partial<Record<DossierAction, DossierStatus>>> = {
  receiving: {
    receive: 'received',
    refuse_receipt: 'denied',
    withdraw: 'withdrawn',
    request_payment: 'waiting_payment',
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
  // The canonical waiting dossiers were requested from `processing`, so they resume to it.
  waiting_supplement: { submit_supplement: 'processing', stop: 'stopped', withdraw: 'withdrawn' },
  waiting_payment: {
    confirm_payment: 'processing',
    waive_payment: 'processing',
    stop: 'stopped',
    withdraw: 'withdrawn',
  },
  withdrawn: {},
  stopped: {},
  processed: { return_result: 'returned', request_payment: 'waiting_payment' },
  returned: { rate: 'returned' },
};

/**
 * Actions the table allows in a status that a guard refuses for the canonical dossier there: refusing to
 * receive while waiting for a fee is for a fee asked before receipt (the canonical one was asked later).
 */
const guardedInCanonical: Partial<Record<DossierStatus, readonly DossierAction[]>> = {
  waiting_payment: ['refuse_receipt'],
};

const start = at('2026-03-09', '08:00'); // Monday

/** The canonical dossier in each status, built with real actions. */
const canonical: Record<DossierStatus, () => Journey> = {
  receiving: () => new Journey(start, {}, 'submit_online'),
  received: () => new Journey(start),
  denied: () => new Journey(start, {}, 'submit_online').do('refuse_receipt'),
  processing: () => new Journey(start).do('forward').do('assign'),
  waiting_supplement: () => canonical.processing().do('request_supplement'),
  waiting_payment: () => canonical.processing().do('request_payment'),
  withdrawn: () => canonical.processing().do('withdraw'),
  stopped: () => canonical.processing().do('stop'),
  processed: () => canonical.processing().do('approve').do('issue_result'),
  returned: () => canonical.processed().do('return_result'),
};

/** Actions with a guard beyond the status get the dossier into the right sub-state first. */
const prepare: Partial<Record<DossierAction, (j: Journey) => Journey>> = {
  issue_result: (j) => j.do('approve'),
  return_from_agency: (j) => j.do('send_to_agency'),
};

function attempt(status: DossierStatus, action: DossierAction): DossierState {
  let journey = canonical[status]();
  const setUp = expected[status][action] ? prepare[action] : undefined;
  if (setUp) journey = setUp(journey);
  const when = new Date(journey.now.getTime() + 3_600_000);
  const input = sampleInputs[action];
  return applyAction(journey.state, input, { at: when, calendar, actor: actorFor(action, journey.state) }).state;
}

describe('statuses', () => {
  it('numbers the statuses 1-10 as the national portal does', () => {
    assert.deepEqual(
      dossierStatuses.map((s) => [s, dossierStatusInfo[s].nationalCode, dossierStatusInfo[s].portalName]),
      [
        ['receiving', 1, 'receiving'],
        ['received', 2, 'new'],
        ['denied', 3, 'denied'],
        ['processing', 4, 'processing'],
        ['waiting_supplement', 5, 'waiting'],
        ['waiting_payment', 6, 'paying'],
        ['withdrawn', 7, 'cancelled'],
        ['stopped', 8, 'unresolved'],
        ['processed', 9, 'releasing'],
        ['returned', 10, 'done'],
      ],
    );
    assert.equal(statusFromNationalCode(5), 'waiting_supplement');
    assert.equal(statusFromNationalCode(11), null);
  });

  it('has a final flag matching the table: final statuses allow no status change', () => {
    for (const status of dossierStatuses) {
      const changes = Object.values(transitionTable[status]).some((to) => to !== status);
      assert.equal(!changes, dossierStatusInfo[status].final, status);
    }
  });
});

describe('transition table', () => {
  it('allows exactly the expected actions in each status', () => {
    for (const status of dossierStatuses) {
      assert.deepEqual(
        actionsAllowedIn(status).sort(),
        [...Object.keys(expected[status]), ...(guardedInCanonical[status] ?? [])].sort(),
        status,
      );
    }
  });

  it('resumes to the previous status only from the waiting statuses', () => {
    const resumes = dossierStatuses.flatMap((s) =>
      Object.entries(transitionTable[s])
        .filter(([, to]) => to === RESUME)
        .map(([a]) => `${s}:${a}`),
    );
    assert.deepEqual(resumes, [
      'waiting_supplement:submit_supplement',
      'waiting_payment:confirm_payment',
      'waiting_payment:waive_payment',
    ]);
  });

  it('resumes a supplement requested before forwarding to received', () => {
    const j = new Journey(start).do('request_supplement').do('submit_supplement');
    assert.equal(j.state.status, 'received');
    assert.equal(j.do('forward').state.status, 'processing');
  });

  it('never opens a dossier twice: submit_online is refused in every status', () => {
    for (const status of dossierStatuses) assert.equal(expected[status].submit_online, undefined);
  });
});

for (const status of dossierStatuses) {
  describe(`every action from ${status}`, () => {
    for (const action of dossierActions) {
      const to = expected[status][action];
      if (to) {
        it(`${action} → ${to}`, () => {
          assert.equal(attempt(status, action).status, to);
        });
      } else {
        it(`${action} is refused (INVALID_STATE)`, () => {
          assert.throws(
            () => attempt(status, action),
            (e) => isCongsoError(e) && e.code === 'INVALID_STATE',
          );
        });
      }
    }
  });
}

describe('guards beyond the status', () => {
  const processing = () => canonical.processing();
  const refusedState = (fn: () => unknown) => assert.throws(fn, (e) => isCongsoError(e) && e.code === 'INVALID_STATE');

  it('issues a result only after approval', () => {
    refusedState(() => processing().do('issue_result'));
    refusedState(() => processing().do('propose_refusal').do('issue_result'));
    assert.equal(processing().do('propose_approval').do('approve').do('issue_result').state.status, 'processed');
  });

  it('decides once and proposes once', () => {
    refusedState(() => processing().do('approve').do('approve'));
    refusedState(() => processing().do('approve').do('refuse'));
    refusedState(() => processing().do('approve').do('propose_approval'));
    refusedState(() => processing().do('propose_approval').do('propose_refusal'));
    // The leader may decide against the proposal.
    assert.equal(processing().do('propose_refusal').do('approve').state.decision?.kind, 'approved');
  });

  it('returns from another agency only when the dossier is there, and decides only when it is back', () => {
    refusedState(() => processing().do('return_from_agency'));
    refusedState(() => processing().do('send_to_agency').do('approve'));
    refusedState(() => processing().do('send_to_agency').do('propose_approval'));
    const back = processing().do('send_to_agency').do('return_from_agency');
    assert.equal(back.state.currentStep?.agencyId, DEPT);
    assert.equal(back.do('approve').state.decision?.kind, 'approved');
  });

  it('rates once, and only a returned dossier', () => {
    refusedState(() => canonical.processed().do('rate'));
    refusedState(() => canonical.stopped().do('rate'));
    const rated = canonical.returned().do('rate');
    assert.deepEqual(rated.state.rating, { value: 'very_satisfied', comment: 'Nhanh', at: rated.now });
    refusedState(() => rated.do('rate'));
  });

  it('refuses withdrawal once the result is issued', () => {
    refusedState(() => canonical.processed().do('withdraw'));
    refusedState(() => canonical.returned().do('withdraw'));
    assert.equal(canonical.processing().do('approve').do('withdraw').state.status, 'withdrawn');
  });
});

describe('fees: waiting for payment at filing, during processing and before the return', () => {
  const refusedState = (fn: () => unknown) => assert.throws(fn, (e) => isCongsoError(e) && e.code === 'INVALID_STATE');
  const filedOnline = () => new Journey(start, {}, 'submit_online');

  it('a fee due at filing: the online dossier waits before receipt, then the desk receives it', () => {
    const j = filedOnline().do('request_payment', { actor: SYSTEM_ACTOR });
    assert.equal(j.state.status, 'waiting_payment');
    assert.equal(j.state.pending?.kind === 'payment' && j.state.pending.resumeStatus, 'receiving');
    assert.equal(j.state.dueAt, null);
    // Not received: it can be refused or withdrawn, not stopped, not received before it is paid.
    refusedState(() => filedOnline().do('request_payment', { actor: SYSTEM_ACTOR }).do('stop'));
    refusedState(() => filedOnline().do('request_payment', { actor: SYSTEM_ACTOR }).do('receive'));
    assert.equal(
      filedOnline().do('request_payment', { actor: SYSTEM_ACTOR }).do('refuse_receipt').state.status,
      'denied',
    );
    const paid = j.do('confirm_payment', { actor: SYSTEM_ACTOR });
    assert.equal(paid.state.status, 'receiving');
    assert.equal(paid.state.dueAt, null);
    const received = paid.do('receive');
    // The clock starts at the receipt, as for any online filing: the wait before it costs the agency nothing.
    assert.equal(received.state.receivedAt?.toISOString(), received.now.toISOString());
    assert.deepEqual(
      received.state.payments.map((p) => [p.amount, p.reference]),
      [[50_000, 'BL-0001']],
    );
  });

  it('a fee asked during processing pauses the clock until it is paid or waived', () => {
    const asked = canonical.processing().do('request_payment');
    const due = asked.state.dueAt?.getTime() ?? 0;
    // Paid two working hours later: the return date moves by two working hours.
    const paid = canonical
      .processing()
      .do('request_payment')
      .do('confirm_payment', { when: at('2026-03-09', '13:30') });
    const waived = canonical
      .processing()
      .do('request_payment')
      .do('waive_payment', { when: at('2026-03-09', '13:30') });
    assert.equal(paid.state.status, 'processing');
    assert.equal(waived.state.status, 'processing');
    assert.equal(paid.state.dueAt?.getTime(), waived.state.dueAt?.getTime());
    assert.ok((paid.state.dueAt?.getTime() ?? 0) > due);
    assert.deepEqual(waived.state.payments.at(-1)?.waived, {
      reason: 'Người thuộc hộ nghèo',
      legalBasis: 'Thông tư 106/2021/TT-BTC',
    });
    assert.equal(paid.state.payments.at(-1)?.waived, undefined);
    assert.deepEqual(
      paid.state.pauses.map((p) => [p.kind, p.end !== null]),
      [['payment', true]],
    );
  });

  it('a fee due before the return: once after the result is issued, then the result is handed over', () => {
    const issued = canonical.processed();
    const finishedAt = issued.state.finishedAt?.toISOString();
    const paid = canonical.processed().do('request_payment').do('confirm_payment');
    assert.equal(paid.state.status, 'processed');
    // The end of processing (and so the outcome) is the issue, not the payment.
    assert.equal(paid.state.finishedAt?.toISOString(), finishedAt);
    assert.equal(paid.state.outcome, issued.state.outcome);
    refusedState(() => canonical.processed().do('request_payment').do('confirm_payment').do('request_payment'));
    refusedState(() => canonical.processed().do('request_payment').do('return_result'));
    assert.equal(paid.do('return_result').state.status, 'returned');
    // Waived instead: the same.
    refusedState(() => canonical.processed().do('request_payment').do('waive_payment').do('request_payment'));
  });

  it('a waiver needs its reason and legal basis', () => {
    const waiting = canonical.processing().do('request_payment');
    assert.throws(
      () => waiting.do({ action: 'waive_payment', reason: 'Hộ nghèo', legalBasis: ' ' }),
      (e) => isCongsoError(e) && e.code === 'VALIDATION_FAILED' && JSON.stringify(e.details).includes('legalBasis'),
    );
  });
});

describe('unknown input', () => {
  it('refuses unknown actions, including prototype names', () => {
    const j = canonical.processing();
    for (const action of ['toString', 'constructor', '__proto__', 'approve_all', undefined]) {
      assert.throws(
        () =>
          applyAction(j.state, { action } as unknown as typeof sampleInputs.approve, {
            at: at('2026-03-20', '09:00'),
            calendar,
            actor: actorFor('approve', j.state),
          }),
        (e) => isCongsoError(e) && e.code === 'INVALID_STATE',
        String(action),
      );
    }
  });
});
