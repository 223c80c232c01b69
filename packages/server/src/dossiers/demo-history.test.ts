import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type DossierState, dossierDayKey, dossierStatuses, parseDossierCode, replay } from '@congso/core';
import { loadDossierEvents, queryRows, seedDemoProvince } from '@congso/db';
import { createTestDatabase } from '@congso/db/testing';
import { sql } from 'drizzle-orm';
import { hashPassword } from '../identity/passwords';
import { createTestApp, type TestApp } from '../testing';
import { type DemoHistoryReport, demoHistoryProcedureCodes, seedDemoHistory } from './demo-history';

let t: TestApp;
let report: DemoHistoryReport | null;

interface Row {
  id: string;
  code: string;
  status: string;
  version: number;
  due_at: Date | null;
  finished_at: Date | null;
  outcome: string | null;
  assignee_id: string | null;
  current_agency_id: string | null;
  state: DossierState;
}

const demoCitizens = ['072090001234', '080195004321', '079203000111', '3909876544'];

before(async () => {
  t = await createTestApp();
  await t.importDemoProcedures(...demoHistoryProcedureCodes);
  report = await seedDemoHistory(t.ctx.connection, { now: t.clock.now });
});
after(() => t.close());

describe('the demo history', () => {
  test('holds some hundreds of dossiers in every status, returned late, rated and open past due among them', () => {
    assert.ok(report);
    assert.ok(report.dossiers >= 300 && report.dossiers <= 500, String(report.dossiers));
    for (const status of dossierStatuses) assert.ok((report.byStatus[status] ?? 0) > 0, `no ${status} dossier`);
    assert.ok(report.returnedLate > 0 && report.rated > 0 && report.openLate > 0, JSON.stringify(report));
  });

  test('each dossier is what replaying its events gives, with a valid unique code of its filing day', async () => {
    const db = t.ctx.connection.db;
    const rows = await queryRows<Row>(
      db,
      sql`select id, code, status, version, due_at, finished_at, outcome, assignee_id, current_agency_id, state
          from dossiers`,
    );
    assert.equal(rows.length, report?.dossiers);
    assert.equal(new Set(rows.map((r) => r.code)).size, rows.length, 'codes are unique');
    for (const row of rows) {
      const events = await loadDossierEvents(db, row.id);
      const state = replay(events);
      assert.equal(state.code, row.code);
      assert.ok(parseDossierCode(row.code).ok, row.code);
      assert.equal(dossierDayKey(row.code.split('-')[0] as string, state.submittedAt), row.code.replace(/-\d+$/, ''));
      assert.equal(state.status, row.status, row.code);
      assert.equal(state.version, row.version, row.code);
      assert.equal(state.version, events.length, row.code);
      assert.equal(state.dueAt?.getTime() ?? null, row.due_at ? new Date(row.due_at).getTime() : null, row.code);
      assert.equal(state.finishedAt?.getTime() ?? null, row.finished_at ? new Date(row.finished_at).getTime() : null);
      assert.equal(state.outcome, row.outcome, row.code);
      assert.equal(state.currentStep?.assigneeId ?? null, row.assignee_id, row.code);
      assert.deepEqual(JSON.parse(JSON.stringify(state)), row.state, row.code);
      assert.ok(state.updatedAt.getTime() <= t.clock.now.getTime(), 'nothing happens after now');
    }
  });

  test('a real filing after the history gets the next number of its day', async () => {
    const clerk = await t.login('motcua.tanninh');
    const db = t.ctx.connection.db;
    // A moment just after the desk's last filing of the history: that day's counter has numbers taken.
    const [last] = await queryRows<{ code: string; submitted_at: Date }>(
      db,
      sql`select d.code, d.submitted_at from dossiers d join people p on p.agency_id = d.receiving_agency_id
          where p.username = 'motcua.tanninh' order by d.submitted_at desc limit 1`,
    );
    assert.ok(last);
    const prefix = last.code.replace(/-\d+$/, '');
    const [seeded] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from dossiers where code like ${`${prefix}-%`}`,
    );
    const now = t.clock.now;
    t.clock.now = new Date(new Date(last.submitted_at).getTime() + 60_000);
    try {
      const filed = await t.call('POST', '/api/v1/desk/dossiers', {
        cookie: clerk,
        body: {
          procedureCode: '1.001193',
          applicant: { fullName: 'Phạm Văn Lộc', nationalId: '072085009876', phone: '0988 111 222', address: 'Ấp 3' },
        },
      });
      assert.equal(filed.statusCode, 201, filed.body);
      assert.equal(filed.json().code, `${prefix}-${String((seeded?.n ?? 0) + 1).padStart(4, '0')}`);
    } finally {
      t.clock.now = now;
    }
  });

  test('the demo citizens find their own dossiers, in several statuses, with notifications', async () => {
    for (const username of demoCitizens) {
      const cookie = await t.login(username);
      const mine = (await t.call('GET', '/api/v1/dossiers?limit=50', { cookie })).json();
      assert.ok(mine.total >= 3, `${username}: ${mine.total}`);
      const statuses = new Set(mine.items.map((d: { status: string }) => d.status));
      assert.ok(statuses.size >= 3, `${username}: ${[...statuses].join(', ')}`);
      const inbox = (await t.call('GET', '/api/v1/notifications', { cookie })).json();
      assert.ok(inbox.items.length >= 3, username);
    }
  });

  test("every demo officer's queue shows work; heads, specialists and leaders hold steps of their own", async () => {
    const queue = async (username: string, query: string) => {
      const cookie = await t.login(username);
      return (await t.call('GET', `/api/v1/dossiers?${query}`, { cookie })).json() as {
        total: number;
        items: { status: string; state?: unknown }[];
      };
    };
    for (const clerk of ['motcua.ttpvhcc', 'motcua.stp', 'motcua.tanninh']) {
      assert.ok((await queue(clerk, 'status=receiving')).total > 0 || clerk === 'motcua.ttpvhcc', clerk);
      assert.ok((await queue(clerk, 'status=received')).total > 0, clerk);
      assert.ok((await queue(clerk, 'status=processed')).total > 0, clerk);
    }
    for (const staff of ['stp', 'tanninh']) {
      const leader = staff === 'stp' ? 'giamdoc.stp' : 'chutich.tanninh';
      for (const officer of [`truongphong.${staff}`, `chuyenvien.${staff}`, leader]) {
        assert.ok((await queue(officer, 'mine=true&open=true')).total > 0, officer);
      }
      assert.ok((await queue(`vanthu.${staff}`, 'status=processing')).total > 0);
    }
    // Results to issue: approved and not issued yet, at each document clerk's agency.
    const toIssue = await queryRows<{ code: string; username: string }>(
      t.ctx.connection.db,
      sql`select d.code, p.username from dossiers d join people p on p.agency_id = d.current_agency_id
          where d.status = 'processing' and d.state -> 'decision' ->> 'kind' = 'approved'
            and p.username in ('vanthu.stp', 'vanthu.tanninh')`,
    );
    assert.deepEqual([...new Set(toIssue.map((r) => r.username))].sort(), ['vanthu.stp', 'vanthu.tanninh']);
  });

  test('the most filed procedures of the last days come from the dossiers, most first', async () => {
    const res = await t.call('GET', '/api/v1/procedures/popular?days=30&limit=5');
    assert.equal(res.statusCode, 200, res.body);
    const since = new Date(t.clock.now.getTime() - 30 * 86_400_000).toISOString();
    const expected = await queryRows<{ code: string; n: number }>(
      t.ctx.connection.db,
      sql`select procedure_code as code, count(*)::int as n from dossiers where submitted_at >= ${since}::timestamptz
          group by procedure_code order by count(*) desc, procedure_code limit 5`,
    );
    const body = res.json() as { days: number; items: { code: string; name: string; filings: number }[] };
    assert.equal(body.days, 30);
    assert.deepEqual(
      body.items.map((i) => [i.code, i.filings]),
      expected.map((e) => [e.code, e.n]),
    );
    assert.equal(body.items[0]?.code, '3.000333', 'the criminal record certificate is what the province files most');
    assert.ok(body.items.every((i) => i.name.length > 0));
    assert.equal((await t.call('GET', '/api/v1/procedures/popular?days=0')).statusCode, 400);
  });

  test('is written once, and the same seed gives the same history', async () => {
    assert.equal(await seedDemoHistory(t.ctx.connection, { now: t.clock.now }), null);
    const other = await createTestDatabase();
    try {
      await seedDemoProvince(other.connection.db, { hashPassword, now: t.clock.now });
      const { importProcedures, loadDemoCatalog } = await import('@congso/db');
      const wanted = new Set(demoHistoryProcedureCodes);
      await importProcedures(
        other.connection.db,
        loadDemoCatalog().filter((p) => wanted.has(p.code)),
        { validFrom: '2025-07-01', now: t.clock.now, actorId: null, source: 'test' },
      );
      const again = await seedDemoHistory(other.connection, { now: t.clock.now });
      assert.deepEqual(again, report);
      const list = (db: typeof other.connection.db) =>
        queryRows<{ code: string; status: string; due_at: Date | null }>(
          db,
          sql`select code, status, due_at from dossiers order by code`,
        );
      // The counter filing of the test above is not part of the history.
      const filedNow = await queryRows<{ code: string }>(
        t.ctx.connection.db,
        sql`select code from dossiers where applicant ->> 'nationalId' = '072085009876'`,
      );
      const extra = new Set(filedNow.map((r) => r.code));
      const ours = (await list(t.ctx.connection.db)).filter((r) => !extra.has(r.code));
      assert.deepEqual(await list(other.connection.db), ours);
    } finally {
      await other.drop();
    }
  });
});
