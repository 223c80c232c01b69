/**
 * `npm run bench -- ioc`: the province dashboard's queries (the service-quality index of the current month,
 * quarter and year, the ranking of agencies and of communes, the late list) through the functions the API uses
 * (server/src/ioc/ioc-views.ts), p50/p95 over repeats, against the same run's naive full scan of `dossiers`
 * computing the same kind of figures (received, finished on time / late, open and open late per agency) for the
 * same periods. Needs PostgreSQL (DATABASE_URL): a fresh database gets BENCH_IOC_DOSSIERS (default 100,000)
 * dossiers over BENCH_IOC_YEARS (default 2) from the history generator (`congso seed --dossiers`); or
 * BENCH_IOC_DATABASE_URL names a database already generated (kept as it is).
 */

import type { Actor, OfficerRole } from '@congso/core';
import {
  connect,
  getPersonByUsername,
  importProcedures,
  loadDemoCatalog,
  migrate,
  queryRows,
  seedDemoProvince,
} from '@congso/db';
import { createTestDatabase } from '@congso/db/testing';
import { type AppContext, drillDown, generateHistory, hashPassword, indexView, rankingView } from '@congso/server';
import { sql } from 'drizzle-orm';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

export async function ioc() {
  const given = process.env.BENCH_IOC_DATABASE_URL;
  if (!given && !process.env.DATABASE_URL) throw new Error('the ioc bench needs PostgreSQL (DATABASE_URL)');
  const repeats = Number(process.env.BENCH_IOC_REPEATS ?? 30);
  const now = new Date();
  let drop = async () => {};
  let connection: Awaited<ReturnType<typeof connect>>;
  let generated: Record<string, unknown> = {};
  if (given) {
    connection = await connect({ databaseUrl: given, poolSize: 4 });
    await migrate(connection);
  } else {
    const db = await createTestDatabase();
    connection = db.connection;
    drop = () => db.drop();
    const total = Number(process.env.BENCH_IOC_DOSSIERS ?? 100_000);
    await seedDemoProvince(connection.db, { hashPassword, now });
    await importProcedures(connection.db, loadDemoCatalog(), {
      validFrom: '2025-07-01',
      now,
      actorId: null,
      source: 'bench',
    });
    const report = await generateHistory(connection, {
      dossiers: total,
      years: Number(process.env.BENCH_IOC_YEARS ?? 2),
      seed: 1,
      now,
      onProgress: (done, all) => {
        if (done % Math.max(1, Math.floor(all / 10)) === 0) console.error(`generated ${done}/${all}`);
      },
    });
    generated = { generatedMs: Math.round(report.timings.total), timings: report.timings };
  }
  try {
    const db = connection.db;
    await queryRows(db, sql`analyze`);
    const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from dossiers`);
    const [{ cells } = { cells: 0 }] = await queryRows<{ cells: number }>(
      db,
      sql`select count(*)::int as cells from ioc_counts`,
    );
    const leader = await getPersonByUsername(db, 'lanhdao.tinh');
    if (!leader?.agencyId) throw new Error('lanhdao.tinh is missing');
    const actor: Actor = {
      id: leader.id,
      kind: 'officer',
      active: true,
      agencyId: leader.agencyId,
      roles: leader.roles as OfficerRole[],
    };
    const ctx = { connection, now: () => now } as unknown as AppContext;

    // The dashboard: what the province's page asks for.
    const dashboard: Record<string, () => Promise<unknown>> = {
      indexMonth: () => indexView(ctx, actor, { period: 'month' }),
      indexQuarter: () => indexView(ctx, actor, { period: 'quarter' }),
      indexYear: () => indexView(ctx, actor, { period: 'year' }),
      rankingAgencies: () => rankingView(ctx, actor, { scope: 'agency', period: 'month' }),
      rankingCommunes: () => rankingView(ctx, actor, { scope: 'commune', period: 'month' }),
      lateList: () => drillDown(ctx, actor, { period: 'month', measure: 'open_end_late', limit: 50, offset: 0 }),
    };
    for (const run of Object.values(dashboard)) await run(); // warm-up (and the upkeep catches up once)
    const samples: Record<string, number[]> = {};
    const all: number[] = [];
    const pageTimes: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const page0 = performance.now();
      for (const [name, run] of Object.entries(dashboard)) {
        const t0 = performance.now();
        await run();
        const ms = performance.now() - t0;
        all.push(ms);
        const list = samples[name] ?? [];
        list.push(ms);
        samples[name] = list;
      }
      pageTimes.push(performance.now() - page0);
    }
    const perQuery: Record<string, { p50: number; p95: number }> = {};
    for (const [name, list] of Object.entries(samples)) {
      list.sort((a, b) => a - b);
      perQuery[name] = { p50: round(percentile(list, 50)), p95: round(percentile(list, 95)) };
    }
    all.sort((a, b) => a - b);
    pageTimes.sort((a, b) => a - b);

    // The floor under this machine's load: one round trip of `select 1`.
    const trips: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      await queryRows(db, sql`select 1`);
      trips.push(performance.now() - t0);
    }
    trips.sort((a, b) => a - b);

    // The naive way: the same figures scanned from the dossiers, per agency, for the month, quarter and year.
    const vn = new Date(now.getTime() + 7 * 3_600_000);
    const y = vn.getUTCFullYear();
    const m = vn.getUTCMonth();
    const start = (yy: number, mm: number) => new Date(Date.UTC(yy, mm, 1) - 7 * 3_600_000).toISOString();
    const periods = [
      [start(y, m), start(y, m + 1)],
      [start(y, m - (m % 3)), start(y, m - (m % 3) + 3)],
      [start(y, 0), start(y + 1, 0)],
    ] as const;
    const naive = async () => {
      for (const [from, to] of periods) {
        await queryRows(
          db,
          sql`select coalesce(current_agency_id, receiving_agency_id) as agency,
                count(*) filter (where received_at >= ${from}::timestamptz and received_at < ${to}::timestamptz) as received,
                count(*) filter (where received_at >= ${from}::timestamptz and received_at < ${to}::timestamptz
                                 and channel = 'online') as received_online,
                count(*) filter (where finished_at >= ${from}::timestamptz and finished_at < ${to}::timestamptz) as finished,
                count(*) filter (where finished_at >= ${from}::timestamptz and finished_at < ${to}::timestamptz
                                 and outcome = 'late') as finished_late,
                count(*) filter (where received_at is not null and finished_at is null) as open,
                count(*) filter (where received_at is not null and finished_at is null
                                 and due_at < ${now.toISOString()}::timestamptz) as open_late
              from dossiers group by 1`,
        );
      }
    };
    await naive();
    const naiveTimes: number[] = [];
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      await naive();
      naiveTimes.push(performance.now() - t0);
    }
    naiveTimes.sort((a, b) => a - b);
    const naiveMedian = naiveTimes[1] as number;
    const p95 = percentile(all, 95);
    const load = (await import('node:os')).loadavg();
    console.log(
      `dossiers ${n}, counter cells ${cells}, ${repeats} repeats of the dashboard's ${Object.keys(dashboard).length} queries`,
    );
    for (const [name, q] of Object.entries(perQuery))
      console.log(`  ${name.padEnd(16)} p50 ${q.p50} ms  p95 ${q.p95} ms`);
    console.log(
      `  one query: p50 ${round(percentile(all, 50))} ms, p95 ${round(p95)} ms; the whole page p50 ${round(percentile(pageTimes, 50))} ms`,
    );
    console.log(`naive scan of dossiers for the same periods (median of 3): ${round(naiveMedian)} ms`);
    console.log(
      `one round trip (select 1): p50 ${round(percentile(trips, 50))} ms, p95 ${round(percentile(trips, 95))} ms`,
    );
    console.log(`machine load average ${load.map((l) => l.toFixed(1)).join(' ')}`);
    return {
      dossiers: n,
      cells,
      repeats,
      perQuery,
      queryP50Ms: round(percentile(all, 50)),
      queryP95Ms: round(p95),
      pageP50Ms: round(percentile(pageTimes, 50)),
      pageP95Ms: round(percentile(pageTimes, 95)),
      naiveMs: round(naiveMedian),
      naiveOverPageP50: round(naiveMedian / percentile(pageTimes, 50)),
      naiveOverQueryP95: round(naiveMedian / p95),
      roundTripP50Ms: round(percentile(trips, 50)),
      loadAverage: load.map((l) => round(l, 2)),
      ...generated,
    };
  } finally {
    // drop() closes the generated database's connection itself; closing it twice throws (and lost the JSON line).
    if (given) await connection.close();
    else await drop();
  }
}
