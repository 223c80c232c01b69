/**
 * Fault tests of the production layout: three Congso processes behind nginx on one PostgreSQL server (our own,
 * on loopback, fsync on), under a filing load. Faults: kill -9 of one process and its restart; kill -9 of all
 * of them at once; a rolling restart as deploy/rolling-restart.sh does it (each process out of nginx's
 * upstream before its SIGTERM: no request may fail); PostgreSQL crashed (immediate stop) and started again in
 * the middle of a load.
 * Afterwards: every filing acknowledged with a 2xx exists exactly once; a filing that failed either does not
 * exist at all or exists whole (retried with its Idempotency-Key it gives the same dossier, never a second);
 * no dossier is half-written (its event, audit row, notification, files and e-mail job are all there); codes
 * have no duplicates; every queued e-mail job runs.
 */
import assert from 'node:assert/strict';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type Connection, connect, queryRows, sql } from '@congso/db';
import {
  type CongsoProcess,
  type Nginx,
  type PostgresServer,
  sleep,
  startCongso,
  startNginx,
  startPostgres,
} from '../support/cluster';
import {
  type Filing,
  file,
  login,
  type Outcome,
  ok,
  prepareFilings,
  prepareProvince,
  startLoad,
} from '../support/filings';

let pg: PostgresServer;
let databaseUrl: string;
let db: Connection;
let communeIds: string[];
let env: Record<string, string>;
const processes: CongsoProcess[] = [];
let nginx: Nginx;
/** An SMTP server that accepts connections and never answers: the e-mail jobs of the first processes hang. */
let blackHole: Server;
const heldSockets: Socket[] = [];

const count = async (query: ReturnType<typeof sql>) =>
  ((await queryRows<{ n: number }>(db.db, query))[0] as { n: number }).n;

before(async () => {
  pg = await startPostgres();
  databaseUrl = await pg.createDatabase('congso_faults');
  ({ communeIds } = await prepareProvince(databaseUrl));
  db = await connect({ databaseUrl, poolSize: 2 });
  env = {
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '8',
    TRUST_PROXY: 'true',
    // E-mail jobs failed by a crash are retried after seconds here, not the production 30 s.
    JOB_RETRY_DELAY_SECONDS: '1',
  };
  blackHole = createServer((socket) => {
    heldSockets.push(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((r) => blackHole.listen(0, '127.0.0.1', r));
  const smtpPort = (blackHole.address() as AddressInfo).port;
  // The first three processes hang in their e-mail jobs (a dead SMTP server): when they are killed, jobs are
  // really held by a dead process. Every process started after them sends no e-mail (the outbox keeps it).
  const hanging = { ...env, SMTP_URL: `smtp://127.0.0.1:${smtpPort}` };
  for (let i = 0; i < 3; i++) processes.push(await startCongso(hanging));
  nginx = await startNginx(processes.map((p) => p.port));
});

after(async () => {
  nginx?.stop();
  for (const socket of heldSockets) socket.destroy();
  blackHole?.close();
  await Promise.all(processes.map((p) => p.terminate()));
  await db?.close().catch(() => {});
  pg?.stop();
});

/** The load: 8 clients, at most 200 filings a second (a busy province's peak many times over). */
const CLIENTS = 8;
const PER_SECOND = 200;
/** Prepared filings per test: more than the load sends in its time. */
const FILINGS = 10_000;

/** Retries each failed filing with its own key until it gets a 2xx: the answer is the one dossier of that key. */
async function settle(outcomes: Outcome[], cookie: string): Promise<Map<string, Outcome>> {
  const byKey = new Map<string, Outcome>();
  for (const o of outcomes) if (ok(o)) byKey.set(o.filing.key, o);
  const failed = outcomes.filter((o) => !ok(o));
  let next = 0;
  const retrier = async () => {
    while (next < failed.length) {
      const o = failed[next++] as Outcome;
      let again: Outcome = o;
      for (let attempt = 0; attempt < 10 && !ok(again); attempt++) {
        again = await file(nginx.url, cookie, o.filing);
        if (!ok(again)) await sleep(500);
      }
      assert.ok(ok(again), `a failed filing could not be completed by its retry: ${again.status}`);
      byKey.set(o.filing.key, again);
    }
  };
  await Promise.all(Array.from({ length: 6 }, retrier));
  return byKey;
}

/** The checks after every fault. */
async function checkNothingLostOrHalfWritten(sent: Outcome[], byKey: Map<string, Outcome>, label: string) {
  const acknowledged = sent.filter(ok);
  // Every 2xx answer is the dossier the key has now: the retry of an acknowledged filing never made a second.
  for (const o of acknowledged)
    assert.equal(byKey.get(o.filing.key)?.dossierId, o.dossierId, `${label}: ${o.filing.key}`);
  const keys = [...byKey.keys()];
  const rows = await queryRows<{ key: string; id: string; n: number }>(
    db.db,
    sql`select idempotency_key as key, min(id::text) as id, count(*)::int as n from dossiers
        where idempotency_key in (select jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb))
        group by idempotency_key`,
  );
  assert.equal(rows.length, keys.length, `${label}: every filing exists`);
  for (const r of rows) {
    assert.equal(r.n, 1, `${label}: key ${r.key} exists once`);
    assert.equal(r.id, byKey.get(r.key)?.dossierId, `${label}: key ${r.key} is the acknowledged dossier`);
  }
  assert.equal(
    await count(sql`select count(*)::int as n from (select code from dossiers group by code having count(*) > 1) d`),
    0,
    `${label}: duplicate codes`,
  );
  // Whole: each dossier has its filing event, its audit event, its notification, all its files and its job.
  const half = await queryRows<{ id: string; events: number; audits: number; notes: number; files: number }>(
    db.db,
    sql`select d.id,
          (select count(*)::int from dossier_events e where e.dossier_id = d.id) as events,
          (select count(*)::int from audit_events a where a.entity_type = 'dossier' and a.entity_id = d.id::text) as audits,
          (select count(*)::int from notifications n where n.dossier_id = d.id) as notes,
          (select count(*)::int from files f where f.dossier_id = d.id) as files
        from dossiers d`,
  );
  for (const h of half) {
    assert.ok(
      h.events >= 1 && h.audits >= 1 && h.notes >= 1 && h.files >= 1,
      `${label}: half-written dossier ${JSON.stringify(h)}`,
    );
  }
  const withoutJob = await count(
    sql`select count(*)::int as n from notifications n where n.email_to is not null
        and not exists (select 1 from pgboss.job j where j.name = 'notification.email'
          and (j.data->>'notificationId' = n.id::text or j.data->'notificationIds' ? n.id::text))`,
  );
  assert.equal(withoutJob, 0, `${label}: a notification without its e-mail job`);
  return { acknowledged: acknowledged.length, failed: sent.length - acknowledged.length, dossiers: half.length };
}

/** Every queued e-mail job runs: all notifications with an address end `kept` (no SMTP here). */
async function waitForJobs(label: string, timeoutMs = 150_000) {
  const started = Date.now();
  for (;;) {
    const pending = await count(
      sql`select count(*)::int as n from notifications where email_to is not null and email_status <> 'kept'`,
    );
    if (pending === 0) return Date.now() - started;
    if (Date.now() - started > timeoutMs) {
      const states = await queryRows(db.db, sql`select state, count(*)::int as n from pgboss.job group by state`);
      assert.fail(`${label}: ${pending} e-mails still pending after ${timeoutMs / 1000} s: ${JSON.stringify(states)}`);
    }
    await sleep(1_000);
  }
}

describe('three processes behind nginx on PostgreSQL', () => {
  test('kill -9 one process under load and restart it, then kill -9 all at once', async () => {
    const filings = await prepareFilings(db, communeIds, FILINGS);
    const cookie = await login(nginx.url);
    const load = startLoad(nginx.url, cookie, filings, CLIENTS, PER_SECOND);
    await sleep(3_000);
    const victim = processes[0] as CongsoProcess;
    victim.kill();
    await sleep(2_000);
    processes[0] = await startCongso(env, victim.port);
    await sleep(2_000);
    const beforeAll = load.outcomes.filter(ok).length;
    const heldAtKill = await count(sql`select count(*)::int as n from pgboss.job where state = 'active'`);
    for (const p of processes) p.kill();
    await sleep(1_500);
    const sent = await load.stop();
    assert.ok(sent.length < filings.length, 'the load lasted until the end (prepare more filings)');
    for (let i = 0; i < processes.length; i++) {
      processes[i] = await startCongso(env, (processes[i] as CongsoProcess).port);
    }
    const failedStatuses = sent.filter((o) => !ok(o)).map((o) => o.status);
    const byKey = await settle(sent, cookie);
    const figures = await checkNothingLostOrHalfWritten(sent, byKey, 'kill -9');
    const jobsMs = await waitForJobs('kill -9');
    console.log(
      `kill -9: ${sent.length} filings sent, ${figures.acknowledged} acknowledged (${beforeAll} before killing all), ${figures.failed} failed (statuses ${[...new Set(failedStatuses)].join(',')}) and completed by their retry; ${figures.dossiers} dossiers, each once and whole; e-mail jobs all ran ${Math.round(jobsMs / 1000)} s after the restart (${heldAtKill} were held by the killed processes)`,
    );
    assert.ok(heldAtKill > 0, 'jobs were running in the processes killed');
    assert.ok(figures.acknowledged > 50, 'the load really ran');
    assert.ok(figures.failed > 0, 'the faults really hit requests');
  });

  test('a rolling restart through deploy/rolling-restart.sh under load loses no request', async () => {
    const filings = await prepareFilings(db, communeIds, FILINGS);
    const cookie = await login(nginx.url);
    // Each nginx reload closes the idle keep-alive connections of its previous workers: a POST sent on one at
    // that instant meets a closed connection with no answer. Browsers send it again (and over HTTP/2 nginx
    // says GOAWAY first); node's fetch does not, so the load does it, with the filing's Idempotency-Key.
    // Every answer counts as it is: a 502 or 503 fails the test.
    const load = startLoad(nginx.url, cookie, filings, CLIENTS, PER_SECOND, { resend: true });
    await sleep(1_500);
    const exitCodes: (number | null)[] = [];
    const steps: string[] = [];
    // The production procedure, step by step (the script restarts through systemd, this harness by itself):
    // out of nginx's upstream and nothing in flight, SIGTERM, a new process, ready, back in the upstream.
    for (let i = 0; i < processes.length; i++) {
      const old = processes[i] as CongsoProcess;
      steps.push(await nginx.takeOut(old.port));
      exitCodes.push(await old.terminate());
      processes[i] = await startCongso(env, old.port);
      steps.push(await nginx.putBack(old.port));
      await sleep(1_000);
    }
    console.log(steps.join('\n'));
    const sent = await load.stop();
    assert.ok(sent.length < filings.length, 'the load lasted until the end (prepare more filings)');
    const failed = sent.filter((o) => !ok(o));
    const resent = sent.filter((o) => (o.resent ?? 0) > 0).length;
    const byKey = await settle(sent, cookie);
    const figures = await checkNothingLostOrHalfWritten(sent, byKey, 'rolling restart');
    console.log(
      `rolling restart: exit codes ${exitCodes.join(',')}; ${sent.length} filings sent, ${figures.acknowledged} acknowledged, ${failed.length} failed (${[...new Set(failed.map((o) => `${o.status} ${o.error ?? ''}`))].join(', ')}); ${resent} sent again after nginx's reload closed their connection, each one dossier`,
    );
    assert.deepEqual(exitCodes, [0, 0, 0], 'each process stopped cleanly');
    assert.equal(failed.length, 0, 'no request failed during the rolling restart');
  });

  test('PostgreSQL crashes and restarts under load: not ready meanwhile, recovers by itself, loses nothing acknowledged', async () => {
    const filings: Filing[] = await prepareFilings(db, communeIds, FILINGS);
    await db.close();
    const cookie = await login(nginx.url);
    const load = startLoad(nginx.url, cookie, filings, CLIENTS, PER_SECOND);
    await sleep(2_500);
    pg.crash();
    await sleep(500);
    const readyWhileDown = await Promise.all(
      processes.map(async (p) => {
        const r = await fetch(`${p.url}/readyz`, { signal: AbortSignal.timeout(5_000) }).catch(() => null);
        assert.ok(r, `process ${p.port} answers while the database is down:\n${p.output().slice(-3_000)}`);
        return r.status;
      }),
    );
    await sleep(2_000);
    pg.start();
    // Each process recovers by itself: /readyz answers 200 again without a restart.
    const started = Date.now();
    for (const p of processes) {
      for (;;) {
        const r = await fetch(`${p.url}/readyz`, { signal: AbortSignal.timeout(5_000) }).catch(() => null);
        if (r?.status === 200) break;
        assert.ok(Date.now() - started < 60_000, `process ${p.port} not ready again within 60 s`);
        await sleep(250);
      }
    }
    const recoveredMs = Date.now() - started;
    await sleep(2_000);
    const sent = await load.stop();
    assert.ok(sent.length < filings.length, 'the load lasted until the end (prepare more filings)');
    for (const p of processes) {
      assert.ok(p.alive(), `process ${p.port} survived the database restart:\n${p.output().slice(-3_000)}`);
    }
    db = await connect({ databaseUrl, poolSize: 2 });
    const byKey = await settle(sent, cookie);
    const afterRestart = sent.filter(ok).length;
    const statuses = [...new Set(sent.filter((o) => !ok(o)).map((o) => o.status))].sort();
    // The outage is told as such (503 from the server, 502 from nginx while a process has no answer), never as a 500.
    assert.ok(
      statuses.every((s) => s === 0 || s === 502 || s === 503),
      `statuses during the outage: ${statuses}; errors ${[...new Set(sent.map((o) => o.error).filter(Boolean))]}\n${processes
        .map((p) =>
          p
            .output()
            .split('\n')
            .filter((l) => /"level":50|error/i.test(l))
            .slice(-5)
            .join('\n'),
        )
        .join('\n')}`,
    );
    const figures = await checkNothingLostOrHalfWritten(sent, byKey, 'PostgreSQL restart');
    const jobsMs = await waitForJobs('PostgreSQL restart');
    console.log(
      `PostgreSQL crash: /readyz while down ${readyWhileDown.join(',')}; all ready ${recoveredMs} ms after the start; ${sent.length} filings sent, ${afterRestart} acknowledged, ${figures.failed} failed (statuses ${statuses.join(',')}) and completed by their retry; ${figures.dossiers} dossiers in all, each once and whole; e-mail jobs all ran ${Math.round(jobsMs / 1000)} s later`,
    );
    assert.deepEqual(readyWhileDown, [503, 503, 503]);
    assert.ok(figures.failed > 0, 'the crash really hit requests');
  });
});
