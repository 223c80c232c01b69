import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { vnDateKey } from '@congso/core';
import { createTestApp, type TestApp } from '../testing';

let t: TestApp;

before(async () => {
  t = await createTestApp();
});
after(() => t.close());

describe('GET /api/v1/ioc/security', () => {
  test('failed sign-ins and administrator changes per day and agency, for administrators in reach', async () => {
    const admin = await t.login('admin');
    for (let i = 0; i < 2; i++) {
      const res = await t.call('POST', '/api/v1/auth/login', { body: { username: 'motcua.tanninh', password: 'sai' } });
      assert.equal(res.statusCode, 401);
    }
    const rule = await t.call('POST', '/api/v1/ioc/alert-rules', {
      cookie: admin,
      body: { name: 'Quá hạn', kind: 'late_over_days', params: { days: 3 } },
    });
    assert.equal(rule.statusCode, 201);
    const res = await t.call('GET', '/api/v1/ioc/security', { cookie: admin });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    const today = vnDateKey(t.clock.now);
    assert.equal(body.to, today);
    assert.deepEqual(
      body.days.find((d: { day: string }) => d.day === today),
      { day: today, sign_in_failed: 2, lockout: 0, admin_change: 1 },
    );
    const tanNinh = body.agencies.find((a: { name: string | null }) => a.name === 'Ủy ban nhân dân phường Tân Ninh');
    assert.deepEqual({ failed: tanNinh?.sign_in_failed, changes: tanNinh?.admin_change }, { failed: 2, changes: 0 });
    assert.deepEqual(
      body.events.slice(0, 3).map((e: { kind: string; action: string }) => `${e.kind} ${e.action}`),
      ['admin_change alert_rule.created', 'sign_in_failed auth.login_failed', 'sign_in_failed auth.login_failed'],
    );

    // Sở Tư pháp's administrator sees its own subtree: nothing of Tân Ninh's.
    const stp = (await t.call('GET', '/api/v1/ioc/security', { cookie: await t.login('admin.stp') })).json();
    assert.equal(stp.agencies.length, 0);
    assert.equal(stp.events.length, 0);
    assert.equal(
      (await t.call('GET', '/api/v1/ioc/security', { cookie: await t.login('lanhdao.tinh') })).statusCode,
      403,
    );
    assert.equal((await t.call('GET', '/api/v1/ioc/security')).statusCode, 401);
    assert.equal(
      (await t.call('GET', '/api/v1/ioc/security?from=2026-12-10&to=2026-12-01', { cookie: admin })).statusCode,
      400,
    );
  });
});
