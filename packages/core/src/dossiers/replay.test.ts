import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCongsoError } from '../shared/errors';
import { at, DEPT, DESK, Journey, OTHER, officer } from './dossier.fixtures';
import { type DossierEvent, evolve, replay } from './dossier-state';

/** A long journey through most actions: online filing, supplement, payment, inter-agency, apology. */
function longJourney(): Journey {
  return new Journey(at('2026-02-12', '16:00'), {}, 'submit_online')
    .do('receive', { when: at('2026-02-13', '08:00') })
    .do('request_supplement', { when: at('2026-02-13', '09:00') })
    .do('submit_supplement', { when: at('2026-02-18', '10:00') }) // during Tết
    .do('forward', { when: at('2026-02-23', '08:00') })
    .do({ action: 'assign', assigneeId: 'sp-1' })
    .do('send_to_agency')
    .do({ action: 'assign', assigneeId: 'sp-9' })
    .do('return_from_agency', { actor: officer('specialist', OTHER, 'sp-9') })
    .do('request_payment')
    .do('confirm_payment')
    .do('apologize')
    .do('propose_approval')
    .do('approve')
    .do('issue_result')
    .do({ action: 'return_result', method: 'electronic' })
    .do('rate');
}

const corrupt = (fn: () => unknown) => assert.throws(fn, (e) => isCongsoError(e) && e.code === 'INVALID_STATE');

describe('replay', () => {
  it('gives the same state as applying the actions, after every event', () => {
    const j = longJourney();
    assert.equal(j.state.status, 'returned');
    assert.equal(j.events.length, 17);
    for (let i = 0; i < j.events.length; i++) {
      assert.deepEqual(replay(j.events.slice(0, i + 1)), j.states[i], `after event ${i + 1}`);
    }
  });

  it('keeps an append-only log: versions 1..n, from/to statuses chained, actors recorded', () => {
    const j = longJourney();
    assert.deepEqual(
      j.events.map((e) => e.version),
      j.events.map((_, i) => i + 1),
    );
    assert.equal(j.events[0]?.fromStatus, null);
    for (let i = 1; i < j.events.length; i++) {
      assert.equal(j.events[i]?.fromStatus, j.events[i - 1]?.toStatus);
    }
    assert.deepEqual(
      j.events.map((e) => `${e.action}:${e.toStatus}`),
      [
        'submit_online:receiving',
        'receive:received',
        'request_supplement:waiting_supplement',
        'submit_supplement:received',
        'forward:processing',
        'assign:processing',
        'send_to_agency:processing',
        'assign:processing',
        'return_from_agency:processing',
        'request_payment:waiting_payment',
        'confirm_payment:processing',
        'apologize:processing',
        'propose_approval:processing',
        'approve:processing',
        'issue_result:processed',
        'return_result:returned',
        'rate:returned',
      ],
    );
    assert.deepEqual(j.events[4]?.actor, {
      id: 'one_stop_clerk@desk',
      kind: 'officer',
      agencyId: DESK,
      roles: ['one_stop_clerk'],
    });
    assert.deepEqual(
      j.state.steps.map((s) => `${s.name}@${s.agencyId}`),
      ['receive@desk', 'examine@dept', 'examine@other', 'examine@dept', 'approve@dept', 'issue@dept', 'return@desk'],
    );
    assert.equal(j.state.handlingAgencyId, DEPT);
    assert.equal(j.state.version, 17);
  });

  it('survives a JSON round trip of the log (no calendar needed to replay)', () => {
    const j = longJourney();
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
    const stored: DossierEvent[] = JSON.parse(JSON.stringify(j.events), (_, v) =>
      typeof v === 'string' && iso.test(v) ? new Date(v) : v,
    );
    assert.deepEqual(replay(stored), j.state);
  });

  it('refuses a broken log', () => {
    const events = longJourney().events;
    corrupt(() => replay([]));
    corrupt(() => replay(events.slice(1)));
    corrupt(() => replay([events[0] as DossierEvent, events[2] as DossierEvent]));
    corrupt(() => replay([events[0] as DossierEvent, events[0] as DossierEvent]));
    corrupt(() => evolve(replay(events.slice(0, 1)), { ...(events[1] as DossierEvent), dossierId: 'other' }));
  });
});
