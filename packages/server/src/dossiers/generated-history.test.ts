import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createVietnamCalendar, type DossierState, isPaidOnline, parseDossierCode, replay } from '@congso/core';
import {
  allIocCounts,
  importProcedures,
  loadDemoCatalog,
  loadDossierEvents,
  queryRows,
  seedDemoProvince,
} from '@congso/db';
import { createTestDatabase, type TestDatabase } from '@congso/db/testing';
import { sql } from 'drizzle-orm';
import { hashPassword } from '../identity/passwords';
import { rebuildIoc } from '../ioc/ioc-upkeep';
import { demoHistoryProcedureCodes } from './demo-history';
import { type GeneratedHistoryReport, generateHistory, HistoryAlreadyGenerated } from './generated-history';

const now = new Date('2026-11-18T03:00:00.000Z');
const calendar = createVietnamCalendar();
const options = { dossiers: 300, years: 1, seed: 7, now };
// The demo desks' procedures and a few more of the communes' and the departments' fields.
const codes = new Set([...demoHistoryProcedureCodes, '1.000689', '1.001022', '2.000635', '1.008901', '1.003583']);

async function province(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  await seedDemoProvince(db.connection.db, { hashPassword, now });
  await importProcedures(
    db.connection.db,
    loadDemoCatalog().filter((p) => codes.has(p.code)),
    { validFrom: '2025-07-01', now, actorId: null, source: 'test' },
  );
  return db;
}

interface Row {
  id: string;
  code: string;
  status: string;
  version: number;
  channel: string;
  submitted_at: Date;
  due_at: Date | null;
  finished_at: Date | null;
  paid_online_at: Date | null;
  outcome: string | null;
  state: DossierState;
}

const rowsOf = (db: TestDatabase) =>
  queryRows<Row>(
    db.connection.db,
    sql`select id, code, status, version, channel, submitted_at, due_at, finished_at, paid_online_at, outcome, state
        from dossiers order by code`,
  );

let a: TestDatabase;
let report: GeneratedHistoryReport;
let schemaBefore: string[];

/** The loaded tables' indexes and constraints as the catalogue defines them. */
const schemaOf = async (db: TestDatabase) =>
  (
    await queryRows<{ d: string }>(
      db.connection.db,
      sql`select t.relname || ' ' || pg_get_indexdef(i.indexrelid) as d from pg_index i
            join pg_class t on t.oid = i.indrelid
           where t.relname in ('dossiers', 'dossier_events', 'ioc_facts')
          union all
          select t.relname || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid) || ' ' || c.convalidated
            from pg_constraint c join pg_class t on t.oid = c.conrelid
           where t.relname in ('dossiers', 'dossier_events', 'ioc_facts')
          order by 1`,
    )
  ).map((r) => r.d);

before(async () => {
  a = await province();
  schemaBefore = await schemaOf(a);
  report = await generateHistory(a.connection, options);
});
after(() => a.drop());

describe('the generated history', () => {
  test('has the dossiers asked for, over the year, in every kind of ending', () => {
    assert.equal(report.dossiers, 300);
    assert.equal(report.finished + (report.dossiers - report.finished), 300);
    for (const status of ['returned', 'withdrawn', 'stopped']) {
      assert.ok((report.byStatus[status] ?? 0) > 0, `no ${status}: ${JSON.stringify(report.byStatus)}`);
    }
    assert.ok(report.byChannel.online && report.byChannel.counter, JSON.stringify(report.byChannel));
    assert.ok(report.finishedLate > 0 && report.finishedLate < report.finished / 4, JSON.stringify(report));
    assert.ok(report.supplements > 0 && report.paid > 0 && report.rated > 0, JSON.stringify(report));
    assert.ok(report.paidOnline > 0 && report.paidOnline < report.paid, JSON.stringify(report));
    assert.equal(report.from, '2025-11-17T17:00:00.000Z');
  });

  test('each dossier is what replaying its events gives; codes are gap-free per desk and day', async () => {
    const db = a.connection.db;
    const rows = await rowsOf(a);
    assert.equal(rows.length, 300);
    const sequences = new Map<string, number[]>();
    for (const row of rows) {
      const events = await loadDossierEvents(db, row.id);
      assert.equal(events.length, row.version, row.code);
      // Every event follows the one before: versions in order, each starting where the last one ended.
      events.forEach((e, i) => {
        assert.equal(e.version, i + 1, row.code);
        if (i > 0) assert.equal(e.fromStatus, events[i - 1]?.toStatus, row.code);
      });
      const state = replay(events);
      assert.deepEqual(JSON.parse(JSON.stringify(state)), row.state, row.code);
      assert.equal(state.status, row.status);
      assert.equal(state.dueAt?.getTime() ?? null, row.due_at ? new Date(row.due_at).getTime() : null);
      assert.equal(state.outcome, row.outcome);
      const paidOnline = events.find(isPaidOnline)?.at.getTime() ?? null;
      assert.equal(row.paid_online_at ? new Date(row.paid_online_at).getTime() : null, paidOnline, row.code);
      assert.ok(state.updatedAt.getTime() <= now.getTime(), 'nothing happens after now');
      // At the counter or by post only on working days; online any day.
      if (row.channel !== 'online') assert.ok(calendar.isWorkingDay(new Date(row.submitted_at)), row.code);
      const parsed = parseDossierCode(row.code);
      assert.ok(parsed.ok, row.code);
      const list = sequences.get(parsed.value.dayKey) ?? [];
      list.push(parsed.value.sequence);
      sequences.set(parsed.value.dayKey, list);
    }
    for (const [dayKey, list] of sequences) {
      assert.deepEqual(
        list.sort((x, y) => x - y),
        list.map((_, i) => i + 1),
        dayKey,
      );
    }
    const counters = await queryRows<{ day_key: string; last: number | string }>(
      db,
      sql`select day_key, last from dossier_code_counters`,
    );
    assert.deepEqual(
      Object.fromEntries(counters.map((c) => [c.day_key, Number(c.last)])),
      Object.fromEntries([...sequences].map(([k, l]) => [k, l.length])),
    );
  });

  test('its index counters and facts are what `ioc rebuild` computes from the events', async () => {
    const db = a.connection.db;
    const facts = () =>
      queryRows<{ k: string }>(
        db,
        sql`select dossier_id || ' ' || fact::text || late_flag::text || coalesce(commune_id::text, '-') as k
            from ioc_facts order by dossier_id`,
      );
    const counts = await allIocCounts(db);
    const before = await facts();
    assert.equal(before.length, 300);
    assert.equal(counts.length, report.cells);
    const rebuilt = await rebuildIoc(db, now);
    assert.equal(rebuilt.marked, 300);
    assert.deepEqual(await allIocCounts(db), counts);
    assert.deepEqual(await facts(), before);
  });

  test('leaves the indexes and foreign keys it dropped for the load as they were, checked', async () => {
    // The book was empty: the secondary indexes and foreign keys were put back after the rows.
    assert.ok(report.timings.indexes > 0);
    assert.ok(schemaBefore.some((d) => d.includes('ioc_facts_open_idx')));
    assert.ok(schemaBefore.some((d) => d.includes('FOREIGN KEY')));
    assert.deepEqual(await schemaOf(a), schemaBefore);
  });

  test('is written once per database', async () => {
    await assert.rejects(generateHistory(a.connection, options), HistoryAlreadyGenerated);
  });

  test('the same seed gives the same history, another seed another one', async () => {
    const b = await province();
    try {
      const again = await generateHistory(b.connection, options);
      assert.deepEqual({ ...again, timings: null }, { ...report, timings: null });
      const strip = (rows: Row[]) => rows.map((r) => [r.id, r.code, r.status, r.version, r.due_at, r.outcome]);
      assert.deepEqual(strip(await rowsOf(b)), strip(await rowsOf(a)));
    } finally {
      await b.drop();
    }
    const c = await province();
    try {
      const other = await generateHistory(c.connection, { ...options, seed: 8 });
      assert.equal(other.dossiers, 300);
      assert.notDeepEqual(other.byStatus, report.byStatus);
    } finally {
      await c.drop();
    }
  });
});
