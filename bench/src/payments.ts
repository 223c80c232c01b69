/**
 * `npm run bench -- payments`: the national payment platform's callbacks per second through verification and the
 * dossier's update (signature, reference, amount; the payment paid once, its receipt numbered, the dossier's
 * confirm_payment, the fee row, the audit events) vs the same run's one-row insert endpoint. Of the callbacks,
 * 10% arrive twice and 10% never arrive: the reconciliation then asks the platform (its stand-in) and must find
 * exactly those; at the end every payment is paid once, every dossier has one confirmation and one receipt, and
 * each agency's receipt numbers run 1..n without a gap. BENCH_PAYMENTS (default 1,000) dossiers.
 */
import { type Actor, SYSTEM_ACTOR } from '@congso/core';
import { importProcedures, loadDemoCatalog, queryRows, seedDemoProvince, sql } from '@congso/db';
import { createTestDatabase } from '@congso/db/testing';
import {
  actOnDossier,
  buildApp,
  createContext,
  hashPassword,
  loadConfig,
  reconcilePayments,
  startOnlinePayment,
  startPaymentPlatformStandIn,
} from '@congso/server';
import { prepareFilings } from '../../e2e/support/filings';
import { load } from './load';
import { profiled } from './profile';

const SECRET = 'bench-payment-secret-0123456789';

/** A seeded random generator (mulberry32): the same duplicates and losses every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function inBatches<T>(items: readonly T[], size: number, each: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(each));
}

export async function payments() {
  const total = Number(process.env.BENCH_PAYMENTS ?? 1000);
  const seconds = Number(process.env.BENCH_SECONDS ?? 8);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
  const standIn = await startPaymentPlatformStandIn({ secret: SECRET });
  const db = await createTestDatabase();
  await seedDemoProvince(db.connection.db, { hashPassword, now: new Date() });
  await importProcedures(
    db.connection.db,
    loadDemoCatalog().filter((p) => p.code === '1.001193'),
    {
      validFrom: '2025-07-01',
      now: new Date(),
      actorId: null,
      source: 'bench',
    },
  );
  await queryRows(
    db.connection.db,
    sql`create table bench_baseline (id bigserial primary key, at timestamptz not null default now(), note text)`,
  );
  const config = loadConfig(
    {
      LOG_LEVEL: 'silent',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_POOL_SIZE: '20',
      PAYMENT_PLATFORM_URL: standIn.url,
      PAYMENT_PLATFORM_SECRET: SECRET,
      PAYMENT_RECONCILE_EVERY_SECONDS: '0',
    },
    { envFile: false },
  );
  const ctx = await createContext(db.connection, config, { workers: false });
  const { app } = await buildApp(ctx);
  app.post('/bench/baseline', async () => {
    await queryRows(db.connection.db, sql`insert into bench_baseline (note) values ('x')`);
    return { ok: true };
  });
  // What the round trips alone cost: a transaction of as many one-row statements as a confirmation sends (a read,
  // begin, 7 writes, commit: PostgreSQL's statement log of one callback), with nothing else done.
  app.post('/bench/round-trips', async () => {
    await queryRows(db.connection.db, sql`select id from bench_baseline order by id desc limit 1`);
    await db.connection.db.transaction(async (tx) => {
      for (let i = 0; i < 7; i++) await queryRows(tx, sql`insert into bench_baseline (note) values ('y')`);
    });
    return { ok: true };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  try {
    // The dossiers: filed online at the province's communes, the fee asked, the payment started on the platform.
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
    await load({
      url,
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'x-congso-request': '1' },
      requests: filings.map((f) => ({ path: '/api/v1/dossiers', body: f.body, headers: { 'idempotency-key': f.key } })),
      connections: 16,
      seconds: 600,
      amount: filings.length,
    });
    const dossiers = await queryRows<{ id: string; applicant_id: string }>(
      db.connection.db,
      sql`select id, applicant_id from dossiers order by code`,
    );
    const meta = { ip: null, requestId: 'bench' };
    const references: string[] = [];
    await inBatches(dossiers, 8, async (d) => {
      await actOnDossier(ctx, SYSTEM_ACTOR, d.id, 1, { action: 'request_payment', amount: 25000 }, meta, {
        system: true,
      });
      const applicant: Actor = { id: d.applicant_id, kind: 'citizen', active: true, agencyId: null, roles: [] };
      const started = await startOnlinePayment(ctx, applicant, d.id, 'national_platform', meta);
      references.push(started.payment.reference);
    });
    // The payers pay; the platform's callbacks: 10% lost, 10% sent twice (the second later, in the same run).
    const next = random(2026);
    const bodies: string[] = [];
    const repeats: string[] = [];
    let lost = 0;
    for (const reference of references) {
      await standIn.complete(reference, { callbacks: 0 });
      const roll = next();
      if (roll < 0.1) {
        lost++;
        continue;
      }
      const body = JSON.stringify(standIn.callbackBody(reference));
      bodies.push(body);
      if (roll < 0.2) repeats.push(body);
    }
    const callbacks = [...bodies, ...repeats].map((body) => ({ path: '/api/v1/payments/callback', body }));
    const headers = { 'content-type': 'application/json' };
    const baseline = await load({
      url,
      method: 'POST',
      headers: { ...headers, 'x-congso-request': '1' },
      requests: [{ path: '/bench/baseline', body: '{}' }],
      connections,
      seconds,
    });
    const roundTrips = await load({
      url,
      method: 'POST',
      headers: { ...headers, 'x-congso-request': '1' },
      requests: [{ path: '/bench/round-trips', body: '{}' }],
      connections,
      seconds,
    });
    const measured = await profiled(() =>
      load({
        url,
        method: 'POST',
        headers,
        requests: callbacks,
        connections,
        seconds: 600,
        amount: callbacks.length,
        timeoutSeconds: 120,
      }),
    );
    const reconciliation = await reconcilePayments(ctx, { olderThanSeconds: 0, limit: total });
    const count = async (query: ReturnType<typeof sql>) =>
      ((await queryRows<{ n: number }>(db.connection.db, query)) as [{ n: number }])[0].n;
    const paid = await count(sql`select count(*)::int as n from payments where status = 'paid' and settled_dossier`);
    const confirmations = await count(
      sql`select count(*)::int as n from dossier_events where action = 'confirm_payment'`,
    );
    const receipts = await count(sql`select count(*)::int as n from receipts`);
    const feesPaid = await count(sql`select count(*)::int as n from dossier_fees where status = 'paid'`);
    const gaps = await count(
      sql`select count(*)::int as n from (select agency_id, year, count(*) as c, max(number) as m from receipts group by 1, 2) s where c <> m`,
    );
    const filed = dossiers.length;
    const ratio = Math.round((measured.requestsPerSecond / Math.max(1, baseline.requestsPerSecond)) * 100);
    console.log(
      `baseline (one-row insert): ${baseline.requestsPerSecond} req/s, p50 ${baseline.p50Ms} ms, p99 ${baseline.p99Ms} ms`,
    );
    console.log(
      `the same round trips alone (a read, then begin, 7 one-row inserts, commit): ${roundTrips.requestsPerSecond} req/s (${Math.round((roundTrips.requestsPerSecond / Math.max(1, baseline.requestsPerSecond)) * 100)}% of baseline), p50 ${roundTrips.p50Ms} ms`,
    );
    console.log(
      `callbacks (${callbacks.length}: ${repeats.length} repeated, ${lost} never sent), ${connections} clients: ${measured.requestsPerSecond}/s (${ratio}% of baseline), p50 ${measured.p50Ms} ms, p99 ${measured.p99Ms} ms, non-2xx ${measured.non2xx}`,
    );
    console.log(
      `reconciliation: ${JSON.stringify(reconciliation)}; paid ${paid}/${filed} dossiers filed, confirmations ${confirmations}, receipts ${receipts}, fees paid ${feesPaid}, series with a gap ${gaps}`,
    );
    return {
      engine: db.connection.kind,
      connections,
      payments: filed,
      callbacksSent: callbacks.length,
      repeated: repeats.length,
      lost,
      callbacks: measured,
      baseline,
      percentOfBaseline: ratio,
      roundTripsAlone: roundTrips,
      reconciliation,
      paidOnce: paid === filed && confirmations === filed && receipts === filed && feesPaid === filed,
      // Every lost callback is found (and any callback that failed under load: none should be pending after).
      lostFoundByReconciliation: reconciliation.confirmed >= lost && reconciliation.pending === 0,
      stillPending: await count(sql`select count(*)::int as n from payments where status = 'pending'`),
      receiptSeriesWithGaps: gaps,
    };
  } finally {
    await app.close();
    await ctx.jobs.stop();
    await db.drop();
    await standIn.close();
  }
}
