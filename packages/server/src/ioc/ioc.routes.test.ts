import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { periodOf } from '@congso/core';
import { queryRows } from '@congso/db';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { demoHistoryProcedureCodes, seedDemoHistory } from '../dossiers/demo-history';
import { pdfText } from '../dossiers/forms/forms.test-helpers';
import { createTestApp, type TestApp } from '../testing';
import { IocChangeFeed } from './ioc-live';
import { catchUpIoc } from './ioc-upkeep';

let t: TestApp;
let leader: string;
let giamdoc: string;
let chutich: string;
let clerk: string;

before(async () => {
  t = await createTestApp();
  await t.importDemoProcedures(...demoHistoryProcedureCodes);
  await seedDemoHistory(t.ctx.connection, { now: t.clock.now });
  // The counters are kept by the server's timer, never by a view: counted here once.
  await catchUpIoc(t.ctx.connection.db, t.clock.now);
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
    // 1.4 (6 points): the dossiers synced to the national portal, received in the period: none here (no sync).
    const synced = byCode.get('1.4') as { status: string; numerator: number; denominator: number };
    assert.deepEqual([synced.status, synced.numerator, synced.denominator], ['scored', 0, body.counts.received]);
    // 4.3 (2 points): dossiers reusing data-store documents over those received, measured since digitisation.
    const reused = byCode.get('4.3') as { status: string; denominator: number };
    assert.deepEqual([reused.status, reused.denominator], ['scored', body.counts.received]);
    assert.equal(body.index.measuredPoints, 50);
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
    // All in progress: counted and paged in SQL as the live figure counts them; pages follow each other.
    const all = (
      await t.call('GET', '/api/v1/ioc/dossiers?period=month&measure=open_end&limit=5', { cookie: leader })
    ).json();
    assert.equal(all.total, current.counts.open_end);
    assert.equal(all.items.length, Math.min(5, all.total));
    const next = (
      await t.call('GET', '/api/v1/ioc/dossiers?period=month&measure=open_end&limit=5&offset=5', { cookie: leader })
    ).json();
    assert.equal(next.total, all.total);
    const codes = [...all.items, ...next.items].map((i: { code: string }) => i.code);
    assert.equal(new Set(codes).size, codes.length, 'no dossier on two pages');
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

  test("an agency's figures include its sub-units': the province's own agency adds up to the province", async () => {
    const province = (await t.call('GET', '/api/v1/ioc/index?period=quarter&key=2026-Q4', { cookie: leader })).json();
    const root = await t.call(
      'GET',
      `/api/v1/ioc/index?scope=agency&id=${province.scope.id}&period=quarter&key=2026-Q4`,
      {
        cookie: leader,
      },
    );
    assert.equal(root.statusCode, 200, root.body);
    assert.deepEqual(root.json().counts, province.counts);
    assert.ok(province.counts.received > 50);
    const late = await t.call(
      'GET',
      `/api/v1/ioc/dossiers?scope=agency&id=${province.scope.id}&period=quarter&key=2026-Q4&measure=received&limit=1`,
      { cookie: leader },
    );
    assert.equal(late.json().total, province.counts.received);
    // The departments' rows of the ranking add up their units'; the province's own agency has no row.
    const ranking = (await t.call('GET', '/api/v1/ioc/ranking?period=quarter&key=2026-Q4', { cookie: leader })).json();
    assert.equal(
      ranking.rows.some((r: { id: string }) => r.id === province.scope.id),
      false,
    );
  });

  test('a view does not count: dossiers changed since the last count wait for the timer', async () => {
    const before = (await t.call('GET', '/api/v1/ioc/index?period=year&key=2026', { cookie: leader })).json();
    await t.ctx.connection.db.execute(sql`insert into ioc_pending (dossier_id)
      select id from dossiers order by id limit 3 on conflict do nothing`);
    const again = (await t.call('GET', '/api/v1/ioc/index?period=year&key=2026', { cookie: leader })).json();
    assert.deepEqual(again.counts, before.counts);
    const [row] = await queryRows<{ n: number }>(t.ctx.connection.db, sql`select count(*)::int as n from ioc_pending`);
    assert.equal(row?.n, 3);
    assert.equal((await catchUpIoc(t.ctx.connection.db, t.clock.now)).dossiers, 3);
  });

  test('a view exports as XLSX and PDF with the figures on the screen', async () => {
    const index = (await t.call('GET', '/api/v1/ioc/index?period=quarter&key=2026-Q4', { cookie: leader })).json();
    const ranking = (await t.call('GET', '/api/v1/ioc/ranking?period=quarter&key=2026-Q4', { cookie: leader })).json();
    const xlsx = await t.call('GET', '/api/v1/ioc/export.xlsx?period=quarter&key=2026-Q4', { cookie: leader });
    assert.equal(xlsx.statusCode, 200, xlsx.body);
    assert.match(String(xlsx.headers['content-disposition']), /chi-so-phuc-vu-2026-Q4\.xlsx/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const counts = workbook.getWorksheet('Số liệu');
    const received = counts?.getRows(2, 19)?.find((r) => r.getCell(1).value === 'Hồ sơ tiếp nhận');
    assert.equal(received?.getCell(2).value, index.counts.received);
    const agencies = workbook.getWorksheet('Xếp hạng cơ quan');
    assert.equal((agencies?.rowCount ?? 0) - 1, ranking.rows.length);
    assert.equal(agencies?.getRow(2).getCell(2).value, ranking.rows[0].name);
    const indicators = index.index.groups.flatMap((g: { indicators: unknown[] }) => g.indicators).length;
    assert.equal((workbook.getWorksheet('Chỉ số')?.rowCount ?? 0) - 4, indicators);

    const pdf = await t.call('GET', '/api/v1/ioc/export.pdf?period=quarter&key=2026-Q4', { cookie: leader });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    const text = await pdfText(pdf.rawPayload);
    assert.match(text, /CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP — Ủy ban nhân dân tỉnh Tây Ninh/);
    assert.match(text, /Quý 2026-Q4/);
    assert.ok(text.includes(ranking.rows[0].name), 'the ranking is in the PDF');
    assert.equal((await t.call('GET', '/api/v1/ioc/export.pdf', { cookie: clerk })).statusCode, 403);
  });

  test('the live-update signal: the generation moves with each count that changed something', async () => {
    const first = (await t.call('GET', '/api/v1/ioc/events', { cookie: leader })).json();
    await catchUpIoc(t.ctx.connection.db, t.clock.now);
    assert.equal((await t.call('GET', '/api/v1/ioc/events', { cookie: leader })).json().generation, first.generation);
    await t.ctx.connection.db.execute(sql`insert into ioc_pending (dossier_id)
      select id from dossiers order by id limit 1 on conflict do nothing`);
    await catchUpIoc(t.ctx.connection.db, t.clock.now);
    assert.equal(
      (await t.call('GET', '/api/v1/ioc/events', { cookie: leader })).json().generation,
      first.generation + 1,
    );
    assert.equal((await t.call('GET', '/api/v1/ioc/events', { cookie: clerk })).statusCode, 403);
  });

  test('the change feed tells its listeners once per moved generation', async () => {
    let generation = 4;
    const feed = new IocChangeFeed(async () => generation, 3_600_000);
    const heard: number[] = [];
    const stop = feed.subscribe((g) => heard.push(g));
    await feed.tick(); // the first read sets the baseline
    assert.deepEqual(heard, []);
    generation = 7;
    assert.equal(await feed.tick(), true);
    assert.equal(await feed.tick(), false);
    generation = 8;
    await feed.tick();
    assert.deepEqual(heard, [7, 8]);
    stop();
    assert.equal(feed.size, 0);
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
