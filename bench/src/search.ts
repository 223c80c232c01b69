import { seedDemoProvince } from '@congso/db';
import { createTestDatabase } from '@congso/db/testing';
import { buildApp, hashPassword, loadConfig } from '@congso/server';
import autocannon from 'autocannon';

const queries = [
  'tan ninh',
  'phuong tan ninh',
  'so tu phap',
  'xa tan bien',
  'hoa thanh',
  'trung tam phuc vu',
  'tay ninh',
  'so tu phapp',
  '000.00.04.H59',
  'ninh thanh',
];

async function load(url: string, paths: string[], headers: Record<string, string>, seconds: number) {
  const result = await autocannon({
    url,
    connections: 10,
    duration: seconds,
    requests: paths.map((path) => ({ method: 'GET', path, headers })),
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p95Ms: (result.latency as unknown as Record<string, number>).p97_5 ?? result.latency.p99,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

export async function search() {
  const db = await createTestDatabase();
  try {
    await seedDemoProvince(db.connection.db, { hashPassword, now: new Date() });
    const config = loadConfig({ LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0' }, { envFile: false });
    const { app } = await buildApp({ connection: db.connection, config, now: () => new Date() });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address() as { port: number };
    const url = `http://127.0.0.1:${address.port}`;
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-congso-request': '1' },
      body: JSON.stringify({ username: 'admin', password: 'Congso@2026' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const headers = { cookie };
    const seconds = Number(process.env.BENCH_SECONDS ?? 8);
    const baseline = await load(url, ['/healthz'], headers, seconds);
    const searchPaths = queries.map((q) => `/api/v1/agencies?q=${encodeURIComponent(q)}&limit=20`);
    const measured = await load(url, searchPaths, headers, seconds);
    await app.close();
    console.log(
      `baseline GET /healthz: ${baseline.requestsPerSecond} req/s, p50 ${baseline.p50Ms} ms, p99 ${baseline.p99Ms} ms`,
    );
    console.log(
      `agency search (${queries.length} queries, 20 results with paths): ${measured.requestsPerSecond} req/s, p50 ${measured.p50Ms} ms, p97.5 ${measured.p95Ms} ms, p99 ${measured.p99Ms} ms`,
    );
    return { engine: db.connection.kind, connections: 10, seconds, search: measured, baseline };
  } finally {
    await db.drop();
  }
}
