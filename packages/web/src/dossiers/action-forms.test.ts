import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionPerformers, dossierActions, officerRoles, openingActions } from '@congso/core';
import { actionFormOf, actionForms, filingPage } from './action-forms';

const officerRoleSet: ReadonlySet<string> = new Set(officerRoles);

describe('action forms', () => {
  it('has an entry for every action of core, and no other', () => {
    assert.deepEqual(Object.keys(actionForms).sort(), [...dossierActions].sort());
  });

  it('has a desk form for every action an officer performs, and a portal form for every applicant action', () => {
    const missing: string[] = [];
    const extra: string[] = [];
    for (const action of dossierActions) {
      const performers: readonly string[] = actionPerformers[action];
      const byOfficer = performers.some((performer) => officerRoleSet.has(performer));
      const byApplicant = performers.includes('applicant');
      const desk = actionFormOf(action, 'desk');
      const portal = (actionForms as Record<string, { portal?: unknown }>)[action]?.portal;
      if (byOfficer && !desk) missing.push(`${action}: desk`);
      if (!byOfficer && desk) extra.push(`${action}: desk`);
      if (byApplicant && !portal) missing.push(`${action}: portal`);
      if (!byApplicant && portal) extra.push(`${action}: portal`);
    }
    assert.deepEqual(missing, []);
    assert.deepEqual(extra, []);
  });

  it('opens a dossier through the filing page, not a form on a dossier', () => {
    for (const action of openingActions) {
      const entry = actionForms[action] as { portal?: unknown };
      if (actionPerformers[action].some((p: string) => p === 'applicant')) assert.equal(entry.portal, filingPage);
    }
    assert.equal(actionFormOf('submit_online', 'portal'), undefined);
    assert.equal(typeof actionFormOf('withdraw', 'portal'), 'object');
    assert.equal(typeof actionFormOf('rate', 'desk'), 'undefined');
  });
});
