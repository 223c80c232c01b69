import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { periodOf } from '@congso/core';
import { demoHistoryProcedureCodes, seedDemoHistory } from '../dossiers/demo-history';
import { createTestApp, type TestApp } from '../testing';

let t: TestApp;
let leader: string;
let giamdoc: string;
let chutich: string;
let clerk: string;

before(async () => {
  t = await createTestApp();
  await t.importDemoProcedures(...demoHistoryProcedureCodes);
  await seedDemoHistory(t.ctx.connection, { now: t.clock.now });
  [leader, giamdoc, chutich, clerk] = await Promise.all([
    t.login('lanhdao.tinh'),
    t.login('giamdoc.stp'),
    t.login('chutich.tanninh'),
    t.login('motcua.tanninh'),
  ]);
});
after(() => t.close());

describe('GET /api/v1/ioc/*', () => {
  test("the province's leader reads the province's index: no data where the platform cannot measure", async () => {
    const res = await t.call('GET', '/api/v1/ioc/index?period=month&key=2026-10', { cookie: leader });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.scope.kind, 'province');
    assert.equal(body.scope.name, 'Ủy ban nhân dân tỉnh Tây Ninh');
    assert.equal(body.period.live, false);
    assert.equal(body.index.points, 100);
    const byCode = new Map(
      body.index.groups.flatMap((g: { indicators: { code: string }[] }) => g.indicators.map((i) => [i.code, i])),
    );
    assert.equal((byCode.get('1.1') as { status: string }).status, 'no_data');
    // 3.4 (12 points) counts dossiers of full-online procedures: the demo history's have none.
    assert.equal(body.counts.full_online_eligible, 0);
    assert.equal((byCode.get('3.4') as { status: string }).status, 'nothing_to_count');
    assert.equal(body.index.measuredPoints, 36);
    const onTime = byCode.get('2.1') as { status: string; numerator: number; denominator: number; score: number };
    assert.equal(onTime.status, 'scored');
    assert.equal(onTime.denominator, body.counts.finished + body.counts.open_end);
    assert.equal(
      onTime.numerator,
      body.counts.finished_early + body.counts.finished_on_time + body.counts.open_end - body.counts.open_end_late,
    );
    assert.ok(body.counts.received > 50 && body.counts.open_end > 0, JSON.stringify(body.counts));
    assert.deepEqual(
      body.trend.map((x: { key: string }) => x.key),
      ['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'],
    );
    assert.equal(body.trend[5].score, body.index.score);
  });

  test('the drill-down lists exactly the dossiers of a figure, with their reasons', async () => {
    const index = (await t.call('GET', '/api/v1/ioc/index?period=month&key=2026-10', { cookie: leader })).json();
    for (const measure of ['finished_late', 'open_end_late', 'received_online', 'results_electronic'] as const) {
      const res = await t.call('GET', `/api/v1/ioc/dossiers?period=month&key=2026-10&measure=${measure}&limit=200`, {
        cookie: leader,
      });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.total, index.counts[measure], measure);
      assert.equal(body.items.length, Math.min(200, body.total));
    }
    const late = (
      await t.call('GET', '/api/v1/ioc/dossiers?period=month&key=2026-10&measure=finished_late', { cookie: leader })
    ).json();
    assert.ok(late.items.length > 0);
    for (const item of late.items) assert.match(item.reason.vi, /^Quá hạn: /);
    const open = (
      await t.call('GET', '/api/v1/ioc/dossiers?period=month&measure=open_end_late', { cookie: leader })
    ).json();
    for (const item of open.items) assert.match(item.reason.vi, /^Đang giải quyết, quá hạn: /);
    const current = (await t.call('GET', '/api/v1/ioc/index?period=month', { cookie: leader })).json();
    assert.equal(current.period.key, periodOf('month', t.clock.now).key);
    assert.equal(current.period.live, true);
    assert.equal(open.total, current.counts.open_end_late);
  });

  test('agencies see their own, ranked; a scope out of reach is 404; others 403', async () => {
    const own = await t.call('GET', '/api/v1/ioc/index?period=quarter&key=2026-Q4', { cookie: giamdoc });
    assert.equal(own.statusCode, 200, own.body);
    assert.equal(own.json().scope.kind, 'agency');
    assert.equal(own.json().scope.name, 'Sở Tư pháp');
    assert.equal((await t.call('GET', '/api/v1/ioc/index?scope=province', { cookie: giamdoc })).statusCode, 404);
    const commune = (await t.call('GET', '/api/v1/ioc/index', { cookie: chutich })).json();
    assert.equal(
      (await t.call('GET', `/api/v1/ioc/index?scope=agency&id=${own.json().scope.id}`, { cookie: chutich })).statusCode,
      404,
    );
    assert.equal(
      (await t.call('GET', `/api/v1/ioc/index?scope=commune&id=${commune.scope.id}`, { cookie: chutich })).statusCode,
      200,
    );
    assert.equal((await t.call('GET', '/api/v1/ioc/index', { cookie: clerk })).statusCode, 403);
    assert.equal((await t.call('GET', '/api/v1/ioc/index')).statusCode, 401);

    const ranking = (await t.call('GET', '/api/v1/ioc/ranking?period=quarter&key=2026-Q4', { cookie: leader })).json();
    assert.ok(ranking.rows.length >= 3, JSON.stringify(ranking));
    const scores = ranking.rows.map((r: { score: number | null }) => r.score ?? -1);
    assert.deepEqual(
      scores,
      [...scores].sort((a: number, b: number) => b - a),
    );
    const mine = (await t.call('GET', '/api/v1/ioc/ranking?period=quarter&key=2026-Q4', { cookie: giamdoc })).json();
    assert.deepEqual(
      mine.rows.map((r: { name: string }) => r.name),
      ['Sở Tư pháp'],
    );
  });

  test('bad input is a 400 with a message, never a 500', async () => {
    for (const q of ['period=month&key=2026-13', 'period=week', 'scope=field', 'scope=agency&id=nope']) {
      const res = await t.call('GET', `/api/v1/ioc/index?${q}`, { cookie: leader });
      assert.ok([400, 404].includes(res.statusCode), `${q}: ${res.statusCode} ${res.body}`);
      assert.ok(res.json().error.message.vi, q);
    }
    const res = await t.call('GET', '/api/v1/ioc/dossiers?measure=nothing', { cookie: leader });
    assert.equal(res.statusCode, 400);
  });
});
