import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { queryRows, seedDemoProvince, sql } from '@congso/db';
import { createTestDatabase } from '@congso/db/testing';
import {
  buildApp,
  createContext,
  gatewayLogBatcher,
  gatewayTimings,
  hashPassword,
  loadConfig,
  verifyGatewayLogOfRegistry,
} from '@congso/server';
import { requestUpstream } from '../../packages/server/src/gateway/upstream';
import { load } from './load';
import { profiled } from './profile';

/**
 * Calls per second through the data-sharing gateway (bearer token, right and rate checks, forwarding, and the
 * chained log entry committed before the answer) to a trivial service (a process of its own), vs the same service
 * called directly (the same run's baseline, the same load generator, also a process of its own). Target: ≥ 50 % of the direct rate, every call logged.
 */
export async function gateway() {
  const seconds = Number(process.env.BENCH_SECONDS ?? 8);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
  // The trivial service in a process of its own, as a real service is (not on the gateway's event loop).
  const trivial = spawn(
    process.execPath,
    [
      '-e',
      `const s = require('node:http').createServer((q, r) => { r.writeHead(200, { 'content-type': 'application/json' }); r.end('{"ok":true}'); });
       s.keepAliveTimeout = 30000; s.listen(0, '127.0.0.1', () => console.log(s.address().port));`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const trivialPort = await new Promise<string>((resolve, reject) => {
    trivial.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    trivial.once('exit', (code) => reject(new Error(`the trivial service exited with ${code}`)));
  });
  const trivialUrl = `http://127.0.0.1:${trivialPort}`;
  const db = await createTestDatabase();
  await seedDemoProvince(db.connection.db, { hashPassword, now: new Date() });
  const config = loadConfig(
    { LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', DATABASE_POOL_SIZE: '20' },
    { envFile: false },
  );
  const ctx = await createContext(db.connection, config, { workers: false });
  const { app } = await buildApp(ctx);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-congso-request': '1' },
      body: JSON.stringify({ username: 'admin', password: 'Congso@2026' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const admin = async (method: string, path: string, body: unknown) => {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-congso-request': '1', cookie },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      // biome-ignore lint/suspicious/noExplicitAny: the admin API's JSON, read by field below
      return (await res.json()) as any;
    };
    const service = await admin('POST', '/api/v1/gateway/services', {
      code: 'bench-echo',
      name: 'Dịch vụ đo',
      kind: 'external',
      baseUrl: trivialUrl,
    });
    const { consumer, clientSecret } = await admin('POST', '/api/v1/gateway/consumers', {
      code: 'bench',
      name: 'Bộ đo',
      rateLimitPerMinute: 1_000_000,
    });
    await admin('PUT', '/api/v1/gateway/rights', { consumerId: consumer.id, serviceId: service.id, granted: true });
    const tokenRes = await fetch(`${url}/gateway/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: consumer.clientId,
        client_secret: clientSecret,
      }).toString(),
    });
    const token = ((await tokenRes.json()) as { access_token: string }).access_token;

    // The same load for each of the three: GET calls on `connections` connections for `seconds`.
    const loadOf = (url: string, path: string, headers: Record<string, string> = {}) =>
      load({ url, connections, seconds, method: 'GET', headers, requests: [{ path }], cycle: true });
    const direct = await loadOf(trivialUrl, '/ping');
    // The floor of any gateway in one Node process: a bare proxy that forwards each call with the gateway's own
    // upstream client (keep-alive agent) and answers with what came back, with no token, right, rate or log.
    const bare = createServer((req, res) => {
      requestUpstream(`${trivialUrl}${req.url ?? '/'}`, { method: 'GET', headers: {}, timeoutMs: 10_000 }).then(
        (answer) => {
          res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' });
          res.end(answer.body);
        },
        () => {
          res.writeHead(502);
          res.end();
        },
      );
    });
    bare.keepAliveTimeout = 30_000;
    await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
    const bareProxy = await loadOf(`http://127.0.0.1:${(bare.address() as AddressInfo).port}`, '/ping');
    await new Promise((r) => bare.close(r));
    const before = await logged(db);
    const batcher = gatewayLogBatcher(ctx);
    const runsBefore = batcher.runs;
    const itemsBefore = batcher.items;
    const timings = gatewayTimings(ctx);
    const timingsBefore = { ...timings };
    const elu = performance.eventLoopUtilization();
    const through = await profiled(() =>
      loadOf(url, '/gateway/bench-echo/ping', {
        authorization: `Bearer ${token}`,
        'x-gateway-purpose': encodeURIComponent('đo hiệu năng'),
      }),
    );
    const busy = performance.eventLoopUtilization(elu).utilization;
    const entries = (await logged(db)) - before;
    // Where a call's time went (means per answered call, ms), measured inside the server.
    const calls = Math.max(1, timings.calls - timingsBefore.calls);
    const per = (k: keyof typeof timings) => Math.round(((timings[k] - timingsBefore[k]) / calls) * 100) / 100;
    const phases = {
      auth: per('authMs'),
      registry: per('registryMs'),
      rate: per('rateMs'),
      forward: per('forwardMs'),
      log: per('logMs'),
      handler: per('handlerMs'),
    };
    // The log's group commit: one transaction at a time (the chain's order), so a call waits for the run in flight
    // and then its own; with the load's connections all waiting, calls per second ≈ connections ÷ that wait.
    const logRuns = batcher.runs - runsBefore;
    const meanBatch = logRuns > 0 ? Math.round(((batcher.items - itemsBefore) / logRuns) * 10) / 10 : 0;
    const msPerRun = logRuns > 0 ? Math.round((seconds * 1000) / logRuns) : 0;
    const msInRun = logRuns > 0 ? Math.round(((timings.commitMs - timingsBefore.commitMs) / logRuns) * 100) / 100 : 0;
    const report = await verifyGatewayLogOfRegistry({ connection: db.connection, config, now: () => new Date() });
    const ratio = Math.round((through.requestsPerSecond / Math.max(1, direct.requestsPerSecond)) * 1000) / 1000;
    console.log(
      `gateway: ${through.requestsPerSecond}/s (p50 ${through.p50Ms} ms, p99 ${through.p99Ms} ms) vs direct ${direct.requestsPerSecond}/s = ${Math.round(ratio * 100)} %; ${entries} log entries for ~${through.requestsPerSecond * seconds} calls; chain ${report.ok ? 'intact' : 'BROKEN'} (${report.entries} rows); log commits ${logRuns} of ${meanBatch} entries, one per ${msPerRun} ms, ${msInRun} ms each`,
    );
    console.log(
      `a bare proxy in one process (the same upstream client, nothing else): ${bareProxy.requestsPerSecond}/s = ${Math.round((bareProxy.requestsPerSecond / Math.max(1, direct.requestsPerSecond)) * 100)} % of direct; the gateway is ${Math.round((through.requestsPerSecond / Math.max(1, bareProxy.requestsPerSecond)) * 100)} % of it`,
    );
    console.log(
      `gateway per call (ms, server side): auth ${phases.auth}, rights ${phases.registry}, rate ${phases.rate}, forward ${phases.forward}, log wait ${phases.log}; handler ${phases.handler} of p50 ${through.p50Ms} at the client; server event loop busy ${Math.round(busy * 100)} %`,
    );
    const uptime = execFileSync('uptime', { encoding: 'utf8' }).trim();
    console.log(`uptime: ${uptime}`);
    return {
      engine: db.connection.kind,
      seconds,
      connections,
      directPerSecond: direct.requestsPerSecond,
      bareProxyPerSecond: bareProxy.requestsPerSecond,
      gatewayPerSecond: through.requestsPerSecond,
      ratio,
      target: 0.5,
      gatewayP50Ms: through.p50Ms,
      gatewayP99Ms: through.p99Ms,
      non2xx: through.non2xx,
      errors: through.errors,
      logEntries: entries,
      logCommits: logRuns,
      meanEntriesPerCommit: meanBatch,
      msPerCommit: msPerRun,
      msInCommit: msInRun,
      phasesMs: phases,
      serverEventLoopBusy: Math.round(busy * 100) / 100,
      loadAverage: uptime.replace(/.*load average: /, ''),
      chainIntact: report.ok,
    };
  } finally {
    await app.close();
    trivial.kill();
    await db.drop();
  }
}

async function logged(db: Awaited<ReturnType<typeof createTestDatabase>>): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db.connection.db, sql`select count(*)::int as n from gateway_log`);
  return row?.n ?? 0;
}
