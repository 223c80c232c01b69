import { importProcedures, loadDemoCatalog, queryRows, seedDemoProvince, sql } from '@congso/db';
import { createTestDatabase } from '@congso/db/testing';
import { buildApp, createContext, hashPassword, loadConfig } from '@congso/server';
import { file, prepareFilings } from '../../e2e/support/filings';
import { load } from './load';

/**
 * The public lookup's limits (30 per address per minute, 10 wrong answers per code per hour) would turn a load
 * from one address into 429s: the bench raises them out of reach, explicitly, and says so. They are raised,
 * not turned off, so the limiters' own cost stays in the figures.
 */
const benchLimits = { LOOKUP_RATE_LIMIT_PER_MINUTE: '1000000000', LOOKUP_CODE_FAILURES_PER_HOUR: '1000000000' };

async function setup() {
  const db = await createTestDatabase();
  await seedDemoProvince(db.connection.db, { hashPassword, now: new Date() });
  await importProcedures(
    db.connection.db,
    loadDemoCatalog().filter((p) => p.code === '1.001193'),
    { validFrom: '2025-07-01', now: new Date(), actorId: null, source: 'bench' },
  );
  // The baseline: the cheapest write the same server can do, one row through the same pool.
  await queryRows(
    db.connection.db,
    sql`create table bench_baseline (id bigserial primary key, at timestamptz not null default now(), note text)`,
  );
  const config = loadConfig(
    { LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', DATABASE_POOL_SIZE: '20', ...benchLimits },
    { envFile: false },
  );
  // The job workers run in the same process as in production (BENCH_WORKERS=0: without them).
  const ctx = await createContext(db.connection, config, { workers: process.env.BENCH_WORKERS !== '0' });
  const { app } = await buildApp(ctx);
  app.post('/bench/baseline', async () => {
    await queryRows(db.connection.db, sql`insert into bench_baseline (note) values ('x')`);
    return { ok: true };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-congso-request': '1' },
    body: JSON.stringify({ username: '072090001234', password: 'Congso@2026' }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const communes = await queryRows<{ id: string }>(
    db.connection.db,
    sql`select id from agencies where kind = 'commune' and valid_to is null order by code`,
  );
  return {
    db,
    ctx,
    app,
    url,
    cookie,
    agencyId: (communes[0] as { id: string }).id,
    communeIds: communes.map((c) => c.id),
  };
}

/** Filings in a run at most: the machine's ceiling times the runs' seconds, with room. */
const maxFilings = (seconds: number) => Math.max(5_000, seconds * 2 * 3_000);

/**
 * Clients at once for the throughput runs: many citizens file at the same time in life, and filings that
 * arrive together are written together, so the rate a server reaches depends on how many are waiting.
 * BENCH_CONNECTIONS sets it (the paced run keeps 20).
 */
const connections = Number(process.env.BENCH_CONNECTIONS ?? 64);

/** Full online filings (validation, e-form files, code, dossier, action log, audit, notification + its job) vs the one-row insert baseline. */
export async function intake() {
  const ready = await setup();
  const { db, app, url, cookie, agencyId, communeIds } = ready;
  const spread = process.env.BENCH_ONE_AGENCY !== '1';
  try {
    const seconds = Number(process.env.BENCH_SECONDS ?? 8);
    // Each filing attaches its own, already uploaded files (e2e/support/filings.ts), spread over the province's
    // communes as they arrive in life (BENCH_ONE_AGENCY=1: all to one, which serialises on that agency's
    // gap-free daily counter by design).
    const prepared = await prepareFilings(db.connection, spread ? communeIds : [agencyId], maxFilings(seconds));
    const headers = { cookie, 'content-type': 'application/json', 'x-congso-request': '1' };
    const baseline = await load({
      url,
      method: 'POST',
      headers,
      requests: [{ path: '/bench/baseline', body: '{}' }],
      connections,
      seconds,
    });
    // Each request a new filing: its own body and its own Idempotency-Key (each with an e-mail, so each also
    // queues its notification job in its transaction).
    const filings = (count: number) =>
      prepared
        .splice(0, count)
        .map((f) => ({ path: '/api/v1/dossiers', body: f.body, headers: { 'idempotency-key': f.key } }));
    const ceiling = Math.floor(prepared.length / 2);
    const measured = await load({
      url,
      method: 'POST',
      headers,
      requests: filings(ceiling),
      connections,
      seconds,
    });
    const paced = await load({
      url,
      method: 'POST',
      headers,
      requests: filings(ceiling),
      connections: 20,
      seconds,
      perSecond: 500,
    });
    const [{ n }] = (await queryRows<{ n: number }>(
      db.connection.db,
      sql`select count(*)::int as n from dossiers`,
    )) as [{ n: number }];
    const ratio = Math.round((measured.requestsPerSecond / Math.max(1, baseline.requestsPerSecond)) * 100);
    console.log(
      `baseline (one-row insert): ${baseline.requestsPerSecond} req/s, p50 ${baseline.p50Ms} ms, p99 ${baseline.p99Ms} ms`,
    );
    console.log(
      `online filing, ${connections} clients: ${measured.requestsPerSecond} filings/s (${ratio}% of baseline), p50 ${measured.p50Ms} ms, p99 ${measured.p99Ms} ms, non-2xx ${measured.non2xx}`,
    );
    console.log(
      `online filing paced at 500/s, 20 clients: ${paced.requestsPerSecond}/s, p50 ${paced.p50Ms} ms, p99 ${paced.p99Ms} ms; dossiers written: ${n}`,
    );
    return {
      engine: db.connection.kind,
      connections,
      agencies: spread ? communeIds.length : 1,
      filing: measured,
      filingAt500: paced,
      baseline,
      percentOfBaseline: ratio,
      dossiersWritten: n,
    };
  } finally {
    await app.close();
    await ready.ctx.jobs.stop();
    await db.drop();
  }
}

/** Public lookup by code + phone digits vs GET /healthz. */
export async function lookup() {
  const ready = await setup();
  const { db, app, url, cookie, agencyId } = ready;
  try {
    const codes: string[] = [];
    for (const filing of await prepareFilings(db.connection, [agencyId], 200)) {
      const outcome = await file(url, cookie, filing);
      codes.push(outcome.code as string);
    }
    const seconds = Number(process.env.BENCH_SECONDS ?? 8);
    const headers = {};
    const baseline = await load({
      url,
      method: 'GET',
      headers,
      requests: [{ path: '/healthz' }],
      connections: 20,
      seconds,
    });
    const measured = await load({
      url,
      method: 'GET',
      headers,
      requests: codes.map((c) => ({ path: `/api/v1/lookup?code=${c}&phone=5678` })),
      cycle: true,
      connections: 20,
      seconds,
    });
    console.log(
      `lookup limits raised for the bench (still counted): ${Object.entries(benchLimits)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
    );
    console.log(`baseline GET /healthz: ${baseline.requestsPerSecond} req/s, p50 ${baseline.p50Ms} ms`);
    console.log(
      `public lookup: ${measured.requestsPerSecond} req/s, p50 ${measured.p50Ms} ms, p99 ${measured.p99Ms} ms, non-2xx ${measured.non2xx}`,
    );
    return { engine: db.connection.kind, lookup: measured, baseline, limits: benchLimits };
  } finally {
    await app.close();
    await ready.ctx.jobs.stop();
    await db.drop();
  }
}
