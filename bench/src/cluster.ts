import { execFileSync } from 'node:child_process';
import { connect, queryRows, sql } from '@congso/db';
import autocannon from 'autocannon';
import { type CongsoProcess, type Nginx, sleep, startCongso, startNginx } from '../../e2e/support/cluster';
import { type Filing, login, prepareFilings, prepareProvince } from '../../e2e/support/filings';

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
 * afterwards). Each process runs its job workers. The load generator runs in this process, on the same two
 * cores: the figures show how far more processes help on one machine, not the ceiling of a real cluster.
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
  const results: Figures[] = [];
  try {
    const { communeIds } = await prepareProvince(databaseUrl);
    const db = await connect({ databaseUrl, poolSize: 2 });
    // Enough prepared filings for the fastest run with room; each is used once.
    const filings: Filing[] = await prepareFilings(db, communeIds, Math.max(4_000, seconds * 1_500) * counts.length);
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
        const next = () => filings.pop() as Filing;
        const request = (): autocannon.Request => {
          const f = next();
          return {
            method: 'POST',
            path: '/api/v1/dossiers',
            headers: { ...headers, 'idempotency-key': f.key },
            body: f.body,
          };
        };
        const options = (duration: number): autocannon.Options => ({
          url: nginx?.url as string,
          connections: 10 * n,
          duration,
          requests: [{ ...request(), setupRequest: (req) => ({ ...req, ...request() }) }],
        });
        await autocannon(options(2)); // warm-up: connections, JIT, caches
        await sleep(500);
        const r = await autocannon(options(seconds));
        const figures: Figures = {
          processes: n,
          filingsPerSecond: Math.round(r.requests.average),
          p50Ms: r.latency.p50,
          p99Ms: r.latency.p99,
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
