import { execFileSync } from 'node:child_process';
import { connect, queryRows, sql } from '@congso/db';
import { type CongsoProcess, type Nginx, sleep, startCongso, startNginx } from '../../e2e/support/cluster';
import { type Filing, login, prepareFilings, prepareProvince } from '../../e2e/support/filings';
import { load } from './load';

type Figures = {
  processes: number;
  filingsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
};

/**
 * Full online filings through nginx (Debian's, with deploy/nginx/congso-proxy.conf) to 1, 2 and 3 Congso
 * processes on one PostgreSQL server (DATABASE_URL's server, else 127.0.0.1:5432; a fresh database, dropped
 * afterwards). Each process runs its job workers. The load generator (64 clients, BENCH_CONNECTIONS) runs in a
 * process of its own on the same two cores: the figures show how far more processes help on one machine, not
 * the ceiling of a real cluster.
 */
export async function cluster() {
  const server = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const name = `congso_bench_cluster_${Date.now()}`;
  const psql = (command: string) =>
    execFileSync('psql', [
      '-h',
      server.hostname,
      '-p',
      server.port || '5432',
      '-U',
      server.username || 'postgres',
      '-qc',
      command,
    ]);
  psql(`create database ${name}`);
  const target = new URL(server);
  target.pathname = `/${name}`;
  const databaseUrl = target.toString();
  const seconds = Number(process.env.BENCH_SECONDS ?? 8);
  const counts = (process.env.BENCH_PROCESSES ?? '1,2,3').split(',').map(Number);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 64);
  const results: Figures[] = [];
  try {
    const { communeIds } = await prepareProvince(databaseUrl);
    const db = await connect({ databaseUrl, poolSize: 2 });
    // Enough prepared filings for the fastest run with room; each is used once.
    const filings: Filing[] = await prepareFilings(db, communeIds, (4_000 + seconds * 3_000) * counts.length);
    await db.close();
    const env = { DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: '10', TRUST_PROXY: 'true' };
    for (const n of counts) {
      const processes: CongsoProcess[] = [];
      let nginx: Nginx | undefined;
      try {
        for (let i = 0; i < n; i++) processes.push(await startCongso(env));
        nginx = await startNginx(processes.map((p) => p.port));
        const cookie = await login(nginx.url);
        const headers = { cookie, 'content-type': 'application/json', 'x-congso-request': '1' };
        const run = (seconds: number, count: number) =>
          load({
            url: nginx?.url as string,
            method: 'POST',
            headers,
            requests: filings
              .splice(0, count)
              .map((f) => ({ path: '/api/v1/dossiers', body: f.body, headers: { 'idempotency-key': f.key } })),
            connections,
            seconds,
          });
        await run(2, 4_000); // warm-up: connections, JIT, caches
        await sleep(500);
        const r = await run(seconds, Math.min(filings.length, seconds * 3_000));
        const figures: Figures = {
          processes: n,
          filingsPerSecond: r.requestsPerSecond,
          p50Ms: r.p50Ms,
          p99Ms: r.p99Ms,
          non2xx: r.non2xx,
          errors: r.errors,
        };
        results.push(figures);
        console.log(
          `${n} process${n > 1 ? 'es' : ''} behind nginx: ${figures.filingsPerSecond} filings/s, p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms, non-2xx ${figures.non2xx}, errors ${figures.errors}`,
        );
      } finally {
        nginx?.stop();
        await Promise.all(processes.map((p) => p.terminate()));
      }
    }
    const check = await connect({ databaseUrl, poolSize: 1 });
    const [{ n: written }] = (await queryRows<{ n: number }>(
      check.db,
      sql`select count(*)::int as n from dossiers`,
    )) as [{ n: number }];
    await check.close();
    const one = results.find((r) => r.processes === 1)?.filingsPerSecond ?? 0;
    const scaling = Object.fromEntries(
      results.map((r) => [`x${r.processes}`, one ? Math.round((r.filingsPerSecond / one) * 100) / 100 : null]),
    );
    console.log(`scaling against one process: ${JSON.stringify(scaling)}; dossiers written: ${written}`);
    return { engine: 'postgres', runs: results, scaling, dossiersWritten: written, seconds };
  } finally {
    psql(`drop database if exists ${name} with (force)`);
  }
}
