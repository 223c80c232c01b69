import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { alertRuleSpecSchema, lateDaysFindings, onTimeFindings, signInFindings, vnHourKey } from './alerts';

describe('alert rules', () => {
  test('a rule is checked: kinds, ranges, defaults, no stray fields', () => {
    assert.deepEqual(alertRuleSpecSchema.parse({ kind: 'on_time_below', params: { threshold: 90 } }), {
      kind: 'on_time_below',
      params: { threshold: 90, period: 'month', minDossiers: 5 },
    });
    for (const bad of [
      { kind: 'on_time_below', params: { threshold: 120 } },
      { kind: 'late_over_days', params: { days: -1 } },
      { kind: 'sign_in_failures', params: { count: 10, minutes: 0 } },
      { kind: 'sign_in_failures', params: { count: 10, minutes: 5, extra: 1 } },
      { kind: 'nothing', params: {} },
    ]) {
      assert.equal(alertRuleSpecSchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });

  test('on-time rate below 90 %: exactly the agencies under the threshold with enough dossiers', () => {
    const params = { threshold: 90, period: 'month' as const, minDossiers: 5 };
    const rows = [
      { id: 'a', name: 'Sở A', onTime: 0.85, dossiers: 20 }, // 85 % < 90: found
      { id: 'b', name: 'Sở B', onTime: 0.9, dossiers: 20 }, // exactly 90: not below
      { id: 'c', name: 'Sở C', onTime: 0.5, dossiers: 4 }, // too few dossiers
      { id: 'd', name: 'Sở D', onTime: null, dossiers: 0 }, // nothing to count
      { id: 'e', name: 'Sở E', onTime: 0.8994, dossiers: 5 }, // 89.9 %: found
    ];
    const found = onTimeFindings(params, '2026-12', rows);
    assert.deepEqual(
      found.map((f) => [f.subjectId, f.value, f.windowKey]),
      [
        ['a', 85, '2026-12'],
        ['e', 89.9, '2026-12'],
      ],
    );
    assert.equal(found[0]?.message.vi, 'Sở A: tỷ lệ đúng hạn kỳ 2026-12 là 85 %, dưới ngưỡng 90 % (20 hồ sơ).');
  });

  test('late more than 3 days: whole days past the return date, at the evaluation instant', () => {
    const now = new Date('2026-12-07T02:00:00Z');
    const open = [
      { dossierId: '1', code: 'H1', procedureName: 'P', dueAt: '2026-12-03T02:00:00Z' }, // 4 days: found
      { dossierId: '2', code: 'H2', procedureName: 'P', dueAt: '2026-12-04T02:00:01Z' }, // 2.99 days: no
      { dossierId: '3', code: 'H3', procedureName: 'P', dueAt: '2026-12-04T02:00:00Z' }, // exactly 3: no
      { dossierId: '4', code: 'H4', procedureName: 'P', dueAt: null }, // no return date
      { dossierId: '5', code: 'H5', procedureName: 'P', dueAt: '2026-11-01T00:00:00Z' }, // 36 days: found
    ];
    const found = lateDaysFindings({ days: 3 }, open, now);
    assert.deepEqual(
      found.map((f) => [f.subjectName, f.value]),
      [
        ['H1', 4],
        ['H5', 36],
      ],
    );
    assert.equal(found[0]?.message.en, 'Dossier H1 (P) is 4 days late.');
  });

  test('a burst of failed sign-ins: at least N within the last M minutes, keyed by the Vietnam hour', () => {
    const now = new Date('2026-12-07T02:30:00Z');
    const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
    const failures = [at(0), at(1), at(4), at(9.9), at(10), at(30)];
    // Within 10 minutes: 0, 1, 4, 9.9 (10 minutes ago is outside).
    assert.deepEqual(signInFindings({ count: 5, minutes: 10 }, failures, now), []);
    const found = signInFindings({ count: 4, minutes: 10 }, failures, now);
    assert.equal(found.length, 1);
    assert.equal(found[0]?.value, 4);
    assert.equal(found[0]?.windowKey, '2026-12-07T09');
    assert.equal(vnHourKey(new Date('2026-12-07T17:00:00Z')), '2026-12-08T00');
  });
});
