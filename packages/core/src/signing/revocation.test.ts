import assert from 'node:assert/strict';
import { test } from 'node:test';
import { revocationReasonCodes, revocationReasonLabels, revocationReasonOf, revocationReasons } from './revocation';

test('CRLReason codes read back to their names; 7 and unknown codes have none', () => {
  for (const [name, code] of Object.entries(revocationReasonCodes)) assert.equal(revocationReasonOf(code), name);
  assert.equal(revocationReasonOf(7), undefined);
  assert.equal(revocationReasonOf(11), undefined);
  assert.equal(revocationReasonOf(-1), undefined);
});

test('an administrator may give every final reason, never hold or removeFromCRL', () => {
  assert.deepEqual(revocationReasons, [
    'unspecified',
    'keyCompromise',
    'cACompromise',
    'affiliationChanged',
    'superseded',
    'cessationOfOperation',
    'privilegeWithdrawn',
  ]);
  assert.equal(revocationReasonLabels.keyCompromise.vi, 'Lộ khóa bí mật');
});
