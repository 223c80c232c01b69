import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Actor } from '../identity/policy';
import { type OfficerRole, officerRoles } from '../identity/roles';
import { isCongsoError } from '../shared/errors';
import { type DossierAction, dossierActions, SYSTEM_ACTOR, SYSTEM_ACTOR_ID } from './actions';
import { applyAction, openDossier } from './apply-action';
import {
  applicant,
  at,
  calendar,
  DEPT,
  DESK,
  FOREIGN,
  Journey,
  OTHER,
  officer,
  openingInput,
  otherCitizen,
  sampleInputs,
} from './dossier.fixtures';
import { availableActions, canOpen, canPerform } from './dossier.policy';

type Who = OfficerRole | 'applicant';

/** Who may perform each action, written out by hand. */
const allowed: Record<DossierAction, readonly Who[]> = {
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
  request_payment: ['one_stop_clerk', 'specialist'],
  confirm_payment: ['one_stop_clerk'],
  waive_payment: ['one_stop_clerk'],
  issue_result: ['document_clerk'],
  return_result: ['one_stop_clerk'],
  apologize: ['department_head', 'agency_leader'],
  stop: ['agency_leader'],
  withdraw: ['applicant', 'one_stop_clerk'],
  rate: ['applicant'],
  send_to_agency: ['specialist', 'department_head', 'agency_leader'],
  return_from_agency: ['specialist', 'department_head', 'agency_leader'],
};

/** Desk actions: a one-stop clerk of the receiving agency, wherever the step is. */
const desk = new Set<DossierAction>([
  'receive',
  'refuse_receipt',
  'forward',
  'submit_supplement',
  'confirm_payment',
  'waive_payment',
  'return_result',
  'withdraw',
]);

const start = at('2026-03-09', '08:00');
const processing = () => new Journey(start).do('forward');

/** A dossier where the action is possible (status and guards), and the agency of its current step. */
const where: Record<DossierAction, () => Journey> = {
  submit_online: () => new Journey(start, {}, 'submit_online'),
  receive: () => new Journey(start, {}, 'submit_online'),
  refuse_receipt: () => new Journey(start, {}, 'submit_online'),
  forward: () => new Journey(start),
  assign: processing,
  request_supplement: processing,
  submit_supplement: () => processing().do('request_supplement'),
  propose_approval: processing,
  propose_refusal: processing,
  approve: processing,
  refuse: processing,
  request_payment: processing,
  confirm_payment: () => processing().do('request_payment'),
  waive_payment: () => processing().do('request_payment'),
  issue_result: () => processing().do('approve'),
  return_result: () => processing().do('approve').do('issue_result'),
  apologize: processing,
  stop: processing,
  withdraw: processing,
  rate: () => processing().do('approve').do('issue_result').do('return_result'),
  send_to_agency: processing,
  return_from_agency: () => processing().do('send_to_agency'),
};

function tryAction(j: Journey, action: DossierAction, actor: Actor): string {
  try {
    applyAction(j.state, sampleInputs[action], { at: new Date(j.now.getTime() + 60_000), calendar, actor });
    return 'ok';
  } catch (e) {
    return isCongsoError(e) ? e.code : String(e);
  }
}

describe('canPerform: roles per action', () => {
  for (const action of dossierActions) {
    if (action === 'submit_online') continue; // opening only: see canOpen
    it(`${action}: ${allowed[action].join(', ')}`, () => {
      const j = where[action]();
      const agency = j.state.currentStep?.agencyId as string;
      for (const role of officerRoles) {
        const home: string = role === 'one_stop_clerk' && desk.has(action) ? DESK : agency;
        const actor = officer(role, home);
        const expected = allowed[action].includes(role);
        assert.equal(canPerform(actor, j.state, action), expected, `${role}@${home}`);
        assert.equal(tryAction(j, action, actor), expected ? 'ok' : 'FORBIDDEN', `${role}@${home}`);
        // The same role in an unrelated agency is always refused.
        assert.equal(canPerform(officer(role, FOREIGN), j.state, action), false, `${role}@foreign`);
      }
      const byApplicant = allowed[action].includes('applicant');
      assert.equal(canPerform(applicant, j.state, action), byApplicant, 'applicant');
      assert.equal(tryAction(j, action, applicant), byApplicant ? 'ok' : 'FORBIDDEN', 'applicant');
      assert.equal(canPerform(otherCitizen, j.state, action), false, 'other citizen');
      assert.equal(tryAction(j, action, otherCitizen), 'FORBIDDEN', 'other citizen');
    });
  }
});

describe('canPerform: agencies, assignment, conflicts', () => {
  it('requires officers of the agency that holds the current step', () => {
    const j = processing();
    assert.equal(j.state.currentStep?.agencyId, DEPT);
    assert.equal(canPerform(officer('agency_leader', DEPT), j.state, 'approve'), true);
    assert.equal(canPerform(officer('agency_leader', DESK), j.state, 'approve'), false);
    // The desk's clerk may not request a supplement on a step held by the department...
    assert.equal(canPerform(officer('one_stop_clerk', DESK), j.state, 'request_supplement'), false);
    // ...but takes the supplement at the counter.
    const waiting = processing().do('request_supplement');
    assert.equal(canPerform(officer('one_stop_clerk', DESK), waiting.state, 'submit_supplement'), true);
    assert.equal(canPerform(officer('one_stop_clerk', DEPT), waiting.state, 'submit_supplement'), false);
  });

  it('moves the queue to the other agency during an inter-agency step', () => {
    const j = processing().do('send_to_agency');
    assert.equal(j.state.currentStep?.agencyId, OTHER);
    assert.equal(tryAction(j, 'assign', officer('department_head', DEPT)), 'FORBIDDEN');
    assert.equal(tryAction(j, 'assign', officer('department_head', OTHER)), 'ok');
    assert.equal(tryAction(j, 'return_from_agency', officer('specialist', DEPT)), 'FORBIDDEN');
    assert.equal(tryAction(j, 'return_from_agency', officer('specialist', OTHER)), 'ok');
  });

  it('lets a specialist act only on a step assigned to them (or not yet assigned)', () => {
    const unassigned = processing();
    assert.equal(canPerform(officer('specialist', DEPT, 'sp-a'), unassigned.state, 'propose_approval'), true);
    const j = processing().do({ action: 'assign', assigneeId: 'sp-a' });
    assert.equal(canPerform(officer('specialist', DEPT, 'sp-a'), j.state, 'propose_approval'), true);
    assert.equal(canPerform(officer('specialist', DEPT, 'sp-b'), j.state, 'propose_approval'), false);
    assert.equal(tryAction(j, 'propose_approval', officer('specialist', DEPT, 'sp-b')), 'FORBIDDEN');
    // A head is not bound by the assignment.
    assert.equal(canPerform(officer('department_head', DEPT, 'head'), j.state, 'propose_approval'), true);
  });

  it('refuses inactive people, officers without an agency, and officers acting on their own dossier', () => {
    const j = processing();
    const leader = officer('agency_leader', DEPT);
    assert.equal(canPerform({ ...leader, active: false }, j.state, 'approve'), false);
    assert.equal(canPerform({ ...leader, agencyId: null }, j.state, 'approve'), false);
    assert.equal(canPerform({ ...applicant, active: false }, j.state, 'withdraw'), false);
    const own = new Journey(start, { applicantId: 'leader-1' }).do('forward');
    const leaderApplicant: Actor = { ...leader, id: 'leader-1' };
    assert.equal(canPerform(leaderApplicant, own.state, 'approve'), false);
    assert.equal(canPerform(leaderApplicant, own.state, 'withdraw'), true); // as the applicant
  });

  it('lists the actions available to an actor now', () => {
    const j = processing();
    assert.deepEqual(availableActions(officer('agency_leader', DEPT), j.state), [
      'assign',
      'approve',
      'refuse',
      'apologize',
      'stop',
      'send_to_agency',
    ]);
    assert.deepEqual(availableActions(applicant, j.state), ['withdraw']);
    assert.deepEqual(availableActions(officer('one_stop_clerk', DESK), j.state), ['withdraw']);
    assert.deepEqual(availableActions(otherCitizen, j.state), []);
  });
});

describe('the system actor', () => {
  it('asks for and confirms a fee, and does nothing else', () => {
    const j = processing();
    const may = (state: typeof j.state) => dossierActions.filter((a) => canPerform(SYSTEM_ACTOR, state, a));
    assert.deepEqual(may(j.state), ['request_payment', 'confirm_payment']);
    assert.deepEqual(availableActions(SYSTEM_ACTOR, j.state), ['request_payment']);
    const waiting = processing().do('request_payment', { actor: SYSTEM_ACTOR });
    assert.equal(waiting.events.at(-1)?.actor.id, SYSTEM_ACTOR_ID);
    assert.deepEqual(availableActions(SYSTEM_ACTOR, waiting.state), ['confirm_payment']);
    assert.equal(tryAction(waiting, 'waive_payment', SYSTEM_ACTOR), 'FORBIDDEN');
    assert.equal(tryAction(waiting, 'confirm_payment', SYSTEM_ACTOR), 'ok');
    assert.equal(canPerform({ ...SYSTEM_ACTOR, active: false }, j.state, 'request_payment'), false);
    // A person's id is never the nil UUID, and a person's roles give no system action.
    assert.equal(tryAction(waiting, 'confirm_payment', applicant), 'FORBIDDEN');
    assert.equal(tryAction(waiting, 'confirm_payment', officer('specialist', DEPT)), 'FORBIDDEN');
  });
});

describe('canOpen', () => {
  const when = at('2026-03-09', '08:00');
  it('lets the applicant file online and a clerk of the receiving agency receive at the counter', () => {
    const online = { action: 'submit_online' as const, applicantId: applicant.id, receivingAgencyId: DESK };
    const counter = { ...online, action: 'receive' as const };
    assert.equal(canOpen(applicant, online), true);
    assert.equal(canOpen(otherCitizen, online), false);
    assert.equal(canOpen(officer('one_stop_clerk', DESK), counter), true);
    assert.equal(canOpen(officer('one_stop_clerk', DEPT), counter), false);
    assert.equal(canOpen(officer('specialist', DESK), counter), false);
    assert.equal(canOpen(applicant, counter), false);
    assert.throws(
      () => openDossier(openingInput(when), { at: when, calendar, actor: officer('one_stop_clerk', FOREIGN) }),
      (e) => isCongsoError(e) && e.code === 'FORBIDDEN',
    );
    assert.throws(
      () => openDossier(openingInput(when, {}, 'submit_online'), { at: when, calendar, actor: otherCitizen }),
      (e) => isCongsoError(e) && e.code === 'FORBIDDEN',
    );
  });
});

describe('the available actions of a state read back from the dossier row (JSON: instants as text)', () => {
  it('a processed dossier whose fee was paid: the fee guard compares the instants, nothing throws', () => {
    const clerk = officer('one_stop_clerk', DESK);
    const asStored = (j: Journey) => JSON.parse(JSON.stringify(j.state)) as typeof j.state;
    // Paid before the result: a fee may still be asked before the return.
    const paidBefore = processing().do('request_payment').do('confirm_payment').do('approve').do('issue_result');
    assert.equal(typeof asStored(paidBefore).payments[0]?.confirmedAt, 'string');
    assert.deepEqual(availableActions(clerk, asStored(paidBefore)), availableActions(clerk, paidBefore.state));
    assert.ok(availableActions(clerk, asStored(paidBefore)).includes('request_payment'));
    // Paid after the result: asked once, so not again.
    const paidAfter = processing().do('approve').do('issue_result').do('request_payment').do('confirm_payment');
    assert.deepEqual(availableActions(clerk, asStored(paidAfter)), availableActions(clerk, paidAfter.state));
    assert.ok(!availableActions(clerk, asStored(paidAfter)).includes('request_payment'));
  });
});
