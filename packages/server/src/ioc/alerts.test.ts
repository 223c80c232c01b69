import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { queryRows } from '@congso/db';
import { sql } from 'drizzle-orm';
import { demoHistoryProcedureCodes, seedDemoHistory } from '../dossiers/demo-history';
import { createTestApp, type TestApp } from '../testing';
import { evaluateAlerts, sendAlertDigests } from './alerts';
import { catchUpIoc } from './ioc-upkeep';

let t: TestApp;
let admin: string;
let leader: string;
let chutich: string;
let clerk: string;

interface Alert {
  id: string;
  ruleId: string;
  subjectKind: string;
  subjectId: string;
  subjectName: string;
  value: number;
  version: number;
  resolvedAt: string | null;
  acknowledgedAt: string | null;
  message: { vi: string; en: string };
}

before(async () => {
  t = await createTestApp();
  await t.importDemoProcedures(...demoHistoryProcedureCodes);
  await seedDemoHistory(t.ctx.connection, { now: t.clock.now });
  await catchUpIoc(t.ctx.connection.db, t.clock.now);
  [admin, leader, chutich, clerk] = await Promise.all([
    t.login('admin'),
    t.login('lanhdao.tinh'),
    t.login('chutich.tanninh'),
    t.login('motcua.tanninh'),
  ]);
});
after(() => t.close());

const alertsOf = async (ruleId: string, cookie = leader): Promise<Alert[]> =>
  (await t.call('GET', '/api/v1/ioc/alerts?limit=200', { cookie }))
    .json()
    .items.filter((a: Alert) => a.ruleId === ruleId);

describe('alert rules', () => {
  test('on-time rate below 90 % this month: exactly the agencies of the ranking under it, resolved when eased', async () => {
    const created = await t.call('POST', '/api/v1/ioc/alert-rules', {
      cookie: admin,
      body: { name: 'Đúng hạn dưới 90%', kind: 'on_time_below', params: { threshold: 90 } },
    });
    assert.equal(created.statusCode, 201, created.body);
    const rule = created.json();
    assert.deepEqual(rule.params, { threshold: 90, period: 'month', minDossiers: 5 });
    const ranking = (await t.call('GET', '/api/v1/ioc/ranking?scope=agency&period=month', { cookie: leader })).json();
    const expected = ranking.rows
      .filter(
        (r: { onTime: number | null; finished: number; inProgress: number }) =>
          r.onTime !== null && r.finished + r.inProgress >= 5 && Math.round(r.onTime * 1000) / 10 < 90,
      )
      .map((r: { id: string }) => r.id)
      .sort();
    assert.ok(expected.length >= 1, JSON.stringify(ranking.rows));
    const first = await evaluateAlerts(t.ctx, t.clock.now);
    assert.equal(first.raised, expected.length);
    const alerts = await alertsOf(rule.id);
    assert.deepEqual(alerts.map((a) => a.subjectId).sort(), expected);
    const tanNinh = alerts.find((a) => a.subjectName === 'Ủy ban nhân dân phường Tân Ninh');
    assert.ok(tanNinh, 'Tân Ninh is late more than 10 % of the time');
    assert.match(
      tanNinh.message.vi,
      /^Ủy ban nhân dân phường Tân Ninh: tỷ lệ đúng hạn kỳ \d{4}-\d{2} là [\d,]+ %, dưới ngưỡng 90 %/,
    );

    // Evaluated again: the same alerts, refreshed, none raised twice.
    assert.equal((await evaluateAlerts(t.ctx, t.clock.now)).raised, 0);
    assert.equal((await alertsOf(rule.id)).length, expected.length);

    // Eased to 0 %: every alert of the rule is resolved; a stale edit is a 409.
    const eased = await t.call('PUT', `/api/v1/ioc/alert-rules/${rule.id}`, {
      cookie: admin,
      body: { version: 1, name: rule.name, kind: 'on_time_below', params: { threshold: 0 }, enabled: true },
    });
    assert.equal(eased.statusCode, 200, eased.body);
    assert.equal(eased.json().version, 2);
    const stale = await t.call('PUT', `/api/v1/ioc/alert-rules/${rule.id}`, {
      cookie: admin,
      body: { version: 1, name: rule.name, kind: 'on_time_below', params: { threshold: 50 }, enabled: true },
    });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().error.code, 'VERSION_CONFLICT');
    const run = await evaluateAlerts(t.ctx, t.clock.now);
    assert.equal(run.resolved, expected.length);
    assert.ok((await alertsOf(rule.id)).every((a) => a.resolvedAt !== null));
    // Disabled so that it stays out of the tests below.
    await t.call('PUT', `/api/v1/ioc/alert-rules/${rule.id}`, {
      cookie: admin,
      body: { version: 2, name: rule.name, kind: 'on_time_below', params: { threshold: 0 }, enabled: false },
    });
  });

  test('dossiers late more than 2 days: one alert per dossier, as many as the drill-down shows', async () => {
    const rule = (
      await t.call('POST', '/api/v1/ioc/alert-rules', {
        cookie: admin,
        body: { name: 'Quá hạn trên 2 ngày', kind: 'late_over_days', params: { days: 2 } },
      })
    ).json();
    const late = (
      await t.call('GET', '/api/v1/ioc/dossiers?period=month&measure=open_end_late&limit=200', { cookie: leader })
    ).json();
    const now = t.clock.now.getTime();
    const expected = late.items
      .filter((d: { dueAt: string | null }) => d.dueAt && Math.floor((now - Date.parse(d.dueAt)) / 86_400_000) > 2)
      .map((d: { code: string }) => d.code)
      .sort();
    assert.ok(expected.length >= 1, 'the demo history has dossiers more than two days late');
    await evaluateAlerts(t.ctx, t.clock.now);
    const alerts = await alertsOf(rule.id);
    assert.deepEqual(alerts.map((a) => a.subjectName).sort(), expected);
    assert.ok(alerts.every((a) => a.subjectKind === 'dossier' && a.value > 2));

    // The commune's leader sees the alerts of the commune's dossiers only; a clerk none.
    const mine = await alertsOf(rule.id, chutich);
    assert.ok(mine.length < alerts.length);
    assert.equal((await t.call('GET', '/api/v1/ioc/alerts', { cookie: clerk })).statusCode, 403);

    // Acknowledged at its version; the same version again is a 409; gone from the open list.
    const target = alerts[0] as Alert;
    const ack = await t.call('POST', `/api/v1/ioc/alerts/${target.id}/acknowledge`, {
      cookie: leader,
      body: { version: target.version },
    });
    assert.equal(ack.statusCode, 200, ack.body);
    assert.ok(ack.json().acknowledgedAt);
    const again = await t.call('POST', `/api/v1/ioc/alerts/${target.id}/acknowledge`, {
      cookie: leader,
      body: { version: target.version },
    });
    assert.equal(again.statusCode, 409);
    const open = (await t.call('GET', '/api/v1/ioc/alerts?open=true&limit=200', { cookie: leader })).json();
    assert.equal(
      open.items.some((a: Alert) => a.id === target.id),
      false,
    );
    const [audit] = await queryRows<{ n: number }>(
      t.ctx.connection.db,
      sql`select count(*)::int as n from audit_events where action = 'alert.acknowledged' and entity_id = ${target.id}`,
    );
    assert.equal(audit?.n, 1);
  });

  test('a burst of failed sign-ins: 3 within 10 minutes raises one alert with the count', async () => {
    const rule = (
      await t.call('POST', '/api/v1/ioc/alert-rules', {
        cookie: admin,
        body: { name: 'Đăng nhập sai', kind: 'sign_in_failures', params: { count: 3, minutes: 10 } },
      })
    ).json();
    for (const username of ['khong.co.1', 'khong.co.2']) {
      const res = await t.call('POST', '/api/v1/auth/login', { body: { username, password: 'sai mật khẩu' } });
      assert.equal(res.statusCode, 401);
    }
    await evaluateAlerts(t.ctx, t.clock.now);
    assert.deepEqual(await alertsOf(rule.id), []);
    await t.call('POST', '/api/v1/auth/login', { body: { username: 'khong.co.3', password: 'sai' } });
    await evaluateAlerts(t.ctx, t.clock.now);
    const alerts = await alertsOf(rule.id);
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]?.value, 3);
    assert.equal(alerts[0]?.message.en, '3 failed sign-ins within 10 minutes (threshold 3).');
    // Eleven minutes later the burst is over: resolved.
    await evaluateAlerts(t.ctx, new Date(t.clock.now.getTime() + 11 * 60_000));
    assert.ok((await alertsOf(rule.id))[0]?.resolvedAt);
  });

  test('the daily digest: from 07:00 Vietnam time, once a day, an in-app notification and its e-mail', async () => {
    await t.ctx.connection.db.execute(
      sql`update people set email = 'lanhdao@tayninh.gov.vn' where username = 'lanhdao.tinh'`,
    );
    const day = new Date(t.clock.now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    const at = (vnTime: string) => new Date(`${day}T${vnTime}+07:00`);
    assert.equal(await sendAlertDigests(t.ctx, at('06:59')), 0);
    const sent = await sendAlertDigests(t.ctx, at('07:00'));
    assert.ok(sent >= 1);
    assert.equal(await sendAlertDigests(t.ctx, at('15:00')), 0);
    const rows = await queryRows<{ title: { vi: string }; body: { vi: string }; email_status: string }>(
      t.ctx.connection.db,
      sql`select n.title, n.body, n.email_status from notifications n join people p on p.id = n.person_id
          where p.username = 'lanhdao.tinh'`,
    );
    assert.equal(rows.length, 1);
    assert.match(rows[0]?.title.vi ?? '', new RegExp(`^Cảnh báo điều hành ngày ${day}: \\d+$`));
    assert.match(rows[0]?.body.vi ?? '', /^- Hồ sơ .* quá hạn \d+ ngày\./m);
    assert.equal(rows[0]?.email_status, 'queued');
  });

  test('rules are checked: a bad parameter is a 400 naming it; others than administrators 403', async () => {
    const bad = await t.call('POST', '/api/v1/ioc/alert-rules', {
      cookie: admin,
      body: { name: 'Sai', kind: 'on_time_below', params: { threshold: 150 } },
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.details[0].path, 'body.params.threshold');
    const res = await t.call('POST', '/api/v1/ioc/alert-rules', {
      cookie: leader,
      body: { name: 'X', kind: 'late_over_days', params: { days: 1 } },
    });
    assert.equal(res.statusCode, 403);
  });
});
