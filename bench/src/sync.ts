/**
 * `npm run bench -- sync`: the sync to the national portal under a filing load. Online filings arrive over HTTP
 * at BENCH_RATE a second (default 100) for BENCH_SECONDS (default 10), while the portal sync worker runs in the
 * same server process, delivering to the portal's stand-in (real HTTP, every payload validated). Figures: outbox
 * events delivered per second, the lag commit → delivery (p50, p99: the row's `created_at`, its transaction's
 * time, to `delivered_at`), the backlog sampled every second during the load (growing or not), and the time the
 * backlog took to drain after the load. Every event must be delivered exactly once (the stand-in's record).
 */
import { importProcedures, loadDemoCatalog, queryRows, seedDemoProvince, sql } from '@congso/db';
import { createTestDatabase } from '@congso/db/testing';
import { buildApp, createContext, hashPassword, loadConfig, runPortalSync } from '@congso/server';
import { prepareFilings } from '../../e2e/support/filings';
import { startPortalStandIn } from '../../packages/server/src/exchange/portal-stand-in/portal-stand-in';
import { load } from './load';

export async function sync() {
  const rate = Number(process.env.BENCH_RATE ?? 100);
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
  const total = rate * seconds;
  const standIn = await startPortalStandIn({ username: 'bench', password: 'bench-portal-password' });
  const db = await createTestDatabase();
  await seedDemoProvince(db.connection.db, { hashPassword, now: new Date() });
  await importProcedures(
    db.connection.db,
    loadDemoCatalog().filter((p) => p.code === '1.001193'),
    { validFrom: '2025-07-01', now: new Date(), actorId: null, source: 'bench' },
  );
  const config = loadConfig(
    {
      LOG_LEVEL: 'silent',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_POOL_SIZE: '20',
      PORTAL_SYNC_URL: standIn.url,
      PORTAL_SYNC_USERNAME: 'bench',
      PORTAL_SYNC_PASSWORD: 'bench-portal-password',
    },
    { envFile: false },
  );
  const ctx = await createContext(db.connection, config, { workers: false });
  const { app } = await buildApp(ctx);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const count = async (query: ReturnType<typeof sql>) =>
    ((await queryRows<{ n: number }>(db.connection.db, query)) as [{ n: number }])[0].n;
  const pending = () => count(sql`select count(*)::int as n from portal_sync_outbox where state <> 'delivered'`);
  try {
    const communes = await queryRows<{ id: string }>(
      db.connection.db,
      sql`select id from agencies where kind = 'commune' and valid_to is null order by code`,
    );
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-congso-request': '1' },
      body: JSON.stringify({ username: '072090001234', password: 'Congso@2026' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const filings = await prepareFilings(
      db.connection,
      communes.map((c) => c.id),
      total,
    );
    // The worker, as the server runs it: a run whenever the last ended (here without the 1 s pause between runs).
    let running = true;
    const worker = (async () => {
      while (running) {
        const run = await runPortalSync(ctx, { batch: 100 });
        if (run.delivered === 0) await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const backlog: number[] = [];
    const sampler = setInterval(() => {
      pending().then(
        (n) => backlog.push(n),
        () => {},
      );
    }, 1000);
    const filed = await load({
      url,
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'x-congso-request': '1' },
      requests: filings.map((f) => ({ path: '/api/v1/dossiers', body: f.body, headers: { 'idempotency-key': f.key } })),
      connections,
      seconds: seconds + 60,
      perSecond: rate,
      amount: filings.length,
      timeoutSeconds: 60,
    });
    const loadEnded = Date.now();
    clearInterval(sampler);
    while ((await pending()) > 0 && Date.now() - loadEnded < 120_000) await new Promise((r) => setTimeout(r, 100));
    const drainMs = Date.now() - loadEnded;
    running = false;
    await worker;
    const [lag] = await queryRows<{ p50: number; p99: number; max: number; n: number; first: string; last: string }>(
      db.connection.db,
      sql`select percentile_cont(0.5) within group (order by extract(epoch from delivered_at - created_at)) * 1000 as p50,
            percentile_cont(0.99) within group (order by extract(epoch from delivered_at - created_at)) * 1000 as p99,
            max(extract(epoch from delivered_at - created_at)) * 1000 as max, count(*)::int as n,
            min(created_at) as first, max(delivered_at) as last
          from portal_sync_outbox where state = 'delivered'`,
    );
    const events = await count(sql`select count(*)::int as n from portal_sync_outbox`);
    const dossiers = await count(sql`select count(*)::int as n from dossiers`);
    const keys = new Set(standIn.received.map((r) => r.idempotencyKey));
    const spanSeconds = (new Date(lag?.last as string).getTime() - new Date(lag?.first as string).getTime()) / 1000;
    const perSecond = Math.round((lag?.n ?? 0) / Math.max(spanSeconds, 0.001));
    const half = Math.floor(backlog.length / 2);
    const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
    const growing = avg(backlog.slice(half)) > 2 * Math.max(avg(backlog.slice(0, half)), 10);
    const round = (x: number | undefined) => Math.round(Number(x ?? 0));
    console.log(
      `filings: ${rate}/s asked for ${seconds} s: ${filed.requestsPerSecond}/s served, p99 ${filed.p99Ms} ms, non-2xx ${filed.non2xx}, errors ${filed.errors}; ${dossiers} dossiers`,
    );
    console.log(
      `sync: ${lag?.n}/${events} events delivered (${keys.size} distinct keys recorded by the stand-in, ${standIn.counts.repeated} repeats), ${perSecond} events/s over ${spanSeconds.toFixed(1)} s; lag commit → delivery p50 ${round(lag?.p50)} ms, p99 ${round(lag?.p99)} ms, max ${round(lag?.max)} ms`,
    );
    console.log(`backlog each second during the load: ${backlog.join(' ')}; drained ${drainMs} ms after the load`);
    return {
      engine: db.connection.kind,
      note: 'shared 2-core machine under load from other work; modest rate',
      filingRateAsked: rate,
      seconds,
      filings: filed,
      dossiers,
      events,
      delivered: lag?.n ?? 0,
      deliveredOnce: keys.size === (lag?.n ?? 0) && standIn.received.length === keys.size,
      eventsPerSecond: perSecond,
      lagP50Ms: round(lag?.p50),
      lagP99Ms: round(lag?.p99),
      lagMaxMs: round(lag?.max),
      backlog,
      backlogGrowing: growing,
      drainMsAfterLoad: drainMs,
    };
  } finally {
    await app.close();
    await ctx.jobs.stop();
    await db.drop();
    await standIn.close();
  }
}
