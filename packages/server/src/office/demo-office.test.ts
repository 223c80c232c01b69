import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { previousReportingPeriod, reportingPeriodHolding, vnDateKey } from '@congso/core';
import { queryRows, sql } from '@congso/db';
import { seedDemoReporting } from '../reporting/demo-reporting';
import { createTestApp, type TestApp } from '../testing';
import { seedDemoOffice } from './demo-office';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

it('seeds Sở Tư pháp’s office once: the year’s closed work files, today’s incoming documents at each stage, drafts in review', async () => {
  // 23 documents in Sở Tư pháp's 14 work files and 6 in phường Tân Ninh's 5, then today's 4 incoming and 2 drafts.
  assert.deepEqual(await seedDemoOffice(t.ctx), { documents: 35, workFiles: 19 });
  assert.equal(await seedDemoOffice(t.ctx), null);
  const db = t.db.connection.db;
  const rows = await queryRows<{ direction: string; status: string; number: number | null }>(
    db,
    sql`select direction, status, number from office_documents where created_at = ${t.clock.now.toISOString()}
        order by direction, number, status desc`,
  );
  // Today's documents follow the 21 registered in 2026 for the work files (2 more were registered in December 2025).
  assert.deepEqual(
    rows.map((r) => [r.direction, r.status, r.number]),
    [
      ['incoming', 'assigned', 22],
      ['incoming', 'assigned', 23],
      ['incoming', 'assigned', 24],
      ['incoming', 'registered', 25],
      ['outgoing', 'in_review', null],
      ['outgoing', 'draft', null],
    ],
  );
  // The clerk's queue: the documents still to handle first (soonest due first, then the newest), the year's done
  // ones after them, newest first.
  const queue = await t.call('GET', '/api/v1/office/incoming?limit=8', { cookie: await t.login('vanthu.stp') });
  assert.deepEqual(
    queue.json().items.map((d: { status: string; number: number }) => [d.status, d.number]),
    [
      ['assigned', 24],
      ['assigned', 23],
      ['assigned', 22],
      ['registered', 25],
      ['done', 21],
      ['done', 20],
      ['done', 19],
      ['done', 18],
    ],
  );
  const cookie = await t.login('chuyenvien.stp');
  const mine = await t.call('GET', '/api/v1/office/incoming?mine=true&status=assigned', { cookie });
  assert.deepEqual(
    mine.json().items.map((d: { notation: string }) => d.notation),
    ['4821/BTP-KSTT'],
  );
  const found = await t.call('GET', `/api/v1/office/search?q=${encodeURIComponent('chuyen doi so')}`, { cookie });
  assert.deepEqual(
    found.json().items.map((d: { notation: string }) => d.notation),
    ['2150/QĐ-UBND'],
  );
});

it('the closed work files of the last twelve months: every document filed, some handled entirely online', async () => {
  const db = t.db.connection.db;
  const files = await queryRows<{ agency: string; year: number; closed: number; online: number; open: number }>(
    db,
    sql`select a.name as agency, f.year,
               count(*) filter (where f.closed_at is not null)::int as closed,
               count(*) filter (where f.closed_at is not null and not exists (
                 select 1 from office_documents d where d.work_file_id = f.id and d.medium = 'paper'))::int as online,
               count(*) filter (where f.closed_at is null)::int as open
        from office_work_files f join agencies a on a.id = f.agency_id
        group by a.name, f.year order by a.name, f.year`,
  );
  // Opened from December 2025 (the clock is 23/11/2026) to September 2026, each closed three to four weeks later.
  assert.deepEqual(
    files.map((f) => [f.agency, f.year, f.closed, f.online, f.open]),
    [
      ['Sở Tư pháp', 2025, 1, 1, 0],
      ['Sở Tư pháp', 2026, 13, 9, 0],
      ['Ủy ban nhân dân phường Tân Ninh', 2025, 1, 1, 0],
      ['Ủy ban nhân dân phường Tân Ninh', 2026, 4, 2, 0],
    ],
  );
  const [unfiled] = await queryRows<{ n: number; notDone: number }>(
    db,
    sql`select count(*) filter (where work_file_id is null)::int as n,
               count(*) filter (where work_file_id is not null and status <> 'done')::int as "notDone"
        from office_documents where direction = 'incoming' and created_at < ${t.clock.now.toISOString()}`,
  );
  assert.deepEqual(unfiled, { n: 0, notDone: 0 });
  // The office's own figure: the director reads Sở Tư pháp's share of 2026, 9 of 13.
  const share = await t.call('GET', '/api/v1/office/online-share?year=2026', { cookie: await t.login('giamdoc.stp') });
  assert.equal(share.statusCode, 200, share.body);
  const stp = share.json().agencies.find((a: { agencyName: string }) => a.agencyName === 'Sở Tư pháp');
  assert.deepEqual([stp.closed, stp.online, stp.share], [13, 9, 0.6923]);
  // The listed work files of 2026, all closed.
  const list = await t.call('GET', '/api/v1/office/work-files?year=2026', { cookie: await t.login('chuyenvien.stp') });
  assert.equal(list.json().items.length, 13);
  assert.equal(
    list.json().items.every((f: { closedAt: string | null }) => f.closedAt !== null),
    true,
  );
});

it('the demo’s reporting fills the indicator “work files handled online” from them', async () => {
  assert.notEqual(await seedDemoReporting(t.ctx), null);
  const cookie = await t.login('chuyenvien.stp');
  const list = (await t.call('GET', '/api/v1/reporting/reports', { cookie })).json();
  const quarterly = list.items.find((r: { templateCode: string }) => r.templateCode === 'BC-CDS-QUY');
  assert.equal(quarterly.period.key, '2026-Q3');
  const report = (await t.call('GET', `/api/v1/reporting/reports/${quarterly.id}`, { cookie })).json();
  const value = (code: string) =>
    report.rows.find((r: { indicator: { code: string } }) => r.indicator.code === code).value;
  // 9 of Sở Tư pháp's 13 work files of 2026 were handled entirely online; in July-September 2026 it registered 7
  // incoming documents for them, 4 received electronically (the court's notice, a citizen's letter and the
  // Sở Ngoại vụ's letter came on paper).
  assert.equal(value('CDS.02'), 69.2);
  assert.equal(value('CDS.01'), 4);
});

it('the demo’s monthly template has two revisions: the later reports on the revised one, its changes listed', async () => {
  const now = vnDateKey(t.clock.now);
  const current = reportingPeriodHolding('month', now);
  const p1 = previousReportingPeriod(current);
  const p2 = previousReportingPeriod(p1);
  const p3 = previousReportingPeriod(p2);
  const res = await t.call('GET', '/api/v1/reporting/templates/BC-TTHC-THANG/revisions', {
    cookie: await t.login('admin'),
  });
  assert.equal(res.statusCode, 200, res.body);
  const [rev2, rev1] = res.json().items;
  assert.deepEqual(
    [rev2, rev1].map((r) => [r.revision, r.reports, r.firstPeriod.key, r.lastPeriod.key, r.createdBy.name]),
    [
      // Tân Ninh's last month (returned), Sở Tư pháp's last month and this month's draft.
      [2, 3, p1.key, current.key, 'Quản trị hệ thống'],
      // Tân Ninh three and two months back, Sở Tư pháp two months back.
      [1, 3, p3.key, p2.key, 'Quản trị hệ thống'],
    ],
  );
  assert.equal(new Date(t.clock.now).getTime() - new Date(rev1.createdAt).getTime(), 120 * 86_400_000);
  assert.deepEqual(
    [
      rev2.changes.added.map((i: { code: string; required: boolean }) => [i.code, i.required]),
      rev2.changes.removed,
      rev2.changes.required.map((c: { indicator: { code: string }; to: boolean }) => [c.indicator.code, c.to]),
      rev2.changes.range.map((c: { indicator: { code: string }; from: object; to: object }) => [
        c.indicator.code,
        c.from,
        c.to,
      ]),
    ],
    [[['TTHC.08', false]], [], [['TTHC.07', true]], [['TTHC.06', { min: 0, max: 10000 }, { min: 0, max: 2000 }]]],
  );
});
