import { seedDemoProvince } from '@congso/db';
import { createTestDatabase } from '@congso/db/testing';
import { buildApp, createContext, hashPassword, loadConfig, seedDemoCatalog, seedIfWanted } from '@congso/server';
import autocannon from 'autocannon';
import { evaluateSearch, loadSearchQueries, UNSEEN_QUERIES, UNSEEN2_QUERIES } from './search-eval';

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

async function load(url: string, paths: string[], headers: Record<string, string>, seconds: number, connections = 10) {
  const result = await autocannon({
    url,
    connections,
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

const agencyQueries = queries;
const catalogQueries = [
  'dang ky khai sinh',
  'làm giấy khai sinh cho con',
  'dang ki khai sinhh',
  'đăng ký kết hôn',
  'xac nhan tinh trang hon nhan',
  'giay phep xay dung',
  'chung thuc ban sao',
  'dang ky thuong tru',
  'thanh lap doanh nghiep',
  'tro cap that nghiep',
  '1.001193',
  'ho tich',
];

async function run(kind: 'agencies' | 'catalog') {
  const db = await createTestDatabase();
  try {
    const config = loadConfig({ LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0' }, { envFile: false });
    // The catalogue search ranks with the province's filings (popularity from the dossiers, as the product reads
    // them): the bench seeds what `npm start` seeds, the demo's recent weeks and its generated year of dossiers
    // (BENCH_SEARCH_DOSSIERS=none: the province and the catalogue only, no filings, every popularity 0).
    const withDossiers = kind === 'catalog' && process.env.BENCH_SEARCH_DOSSIERS !== 'none';
    if (withDossiers) await seedIfWanted(db.connection, { ...config, SEED_DEMO: 'true' }, new Date());
    else {
      await seedDemoProvince(db.connection.db, { hashPassword, now: new Date() });
      if (kind === 'catalog') await seedDemoCatalog(db.connection, new Date());
    }
    const { app } = await buildApp(await createContext(db.connection, config));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address() as { port: number };
    const url = `http://127.0.0.1:${address.port}`;
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-congso-request': '1' },
      body: JSON.stringify({ username: 'admin', password: 'Congso@2026' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const headers: Record<string, string> = kind === 'agencies' ? { cookie } : {};
    const seconds = Number(process.env.BENCH_SECONDS ?? 8);
    const paths =
      kind === 'agencies'
        ? agencyQueries.map((q) => `/api/v1/agencies?q=${encodeURIComponent(q)}&limit=20`)
        : catalogQueries.map((q) => `/api/v1/procedures?q=${encodeURIComponent(q)}&limit=20`);
    await load(url, paths.slice(0, 2), headers, 1); // warm up (index build, JIT)
    const baseline = await load(url, ['/healthz'], headers, seconds);
    const measured = await load(url, paths, headers, seconds);
    const single = await load(url, paths, headers, Math.max(2, Math.round(seconds / 2)), 1);
    // The citizens' query set, one query at a time over HTTP: is the right procedure first, in the top three?
    const searchOverHttp = async (q: string) => {
      const res = await fetch(`${url}/api/v1/procedures?q=${encodeURIComponent(q)}&limit=3`);
      const body = (await res.json()) as { items: { code: string }[] };
      return body.items.map((i) => i.code);
    };
    const quality = kind === 'catalog' ? await evaluateSearch(loadSearchQueries(), searchOverHttp) : null;
    // The second held-out set: all of it held out, reported on its own.
    const unseen =
      kind === 'catalog'
        ? (await evaluateSearch(loadSearchQueries(UNSEEN_QUERIES, { allHeldOut: true }), searchOverHttp)).heldOut
        : null;
    // The third held-out set, likewise.
    const unseen2 =
      kind === 'catalog'
        ? (await evaluateSearch(loadSearchQueries(UNSEEN2_QUERIES, { allHeldOut: true }), searchOverHttp)).heldOut
        : null;
    await app.close();
    const label = kind === 'agencies' ? 'agency search (with paths)' : 'catalogue search (public)';
    console.log(
      `baseline GET /healthz: ${baseline.requestsPerSecond} req/s, p50 ${baseline.p50Ms} ms, p99 ${baseline.p99Ms} ms`,
    );
    console.log(
      `${label}, ${paths.length} queries, 20 results: ${measured.requestsPerSecond} req/s, p50 ${measured.p50Ms} ms, p97.5 ${measured.p95Ms} ms, p99 ${measured.p99Ms} ms`,
    );
    console.log(
      `${label}, one connection at a time: ${single.requestsPerSecond} req/s, p50 ${single.p50Ms} ms, p97.5 ${single.p95Ms} ms`,
    );
    if (quality) {
      for (const [part, f] of Object.entries(quality)) {
        console.log(
          `query set, ${part} part (${f.queries} queries): hit@1 ${f.hitAt1}, hit@3 ${f.hitAt3}, p50 ${f.p50Ms} ms, p95 ${f.p95Ms} ms`,
        );
      }
      if (unseen)
        console.log(
          `second held-out set (${unseen.queries} queries): hit@1 ${unseen.hitAt1}, hit@3 ${unseen.hitAt3}, p50 ${unseen.p50Ms} ms, p95 ${unseen.p95Ms} ms`,
        );
      if (unseen2)
        console.log(
          `third held-out set (${unseen2.queries} queries): hit@1 ${unseen2.hitAt1}, hit@3 ${unseen2.hitAt3}, p50 ${unseen2.p50Ms} ms, p95 ${unseen2.p95Ms} ms`,
        );
      // Only the tuned part's misses are shown: the held-out parts are not looked into.
      if (process.env.BENCH_VERBOSE) for (const miss of quality.tuned.misses) console.log(`  miss: ${miss}`);
    }
    const figures = (f: NonNullable<typeof quality>['tuned']) => ({
      queries: f.queries,
      hitAt1: f.hitAt1,
      hitAt3: f.hitAt3,
      p50Ms: f.p50Ms,
      p95Ms: f.p95Ms,
    });
    return {
      ...(quality
        ? {
            hitAt1: quality.tuned.hitAt1,
            hitAt3: quality.tuned.hitAt3,
            p95Ms: quality.tuned.p95Ms,
            tuned: figures(quality.tuned),
            heldOut: figures(quality.heldOut),
            ...(unseen ? { unseen: figures(unseen) } : {}),
            ...(unseen2 ? { unseen2: figures(unseen2) } : {}),
          }
        : {}),
      engine: db.connection.kind,
      ...(kind === 'catalog' ? { dossiers: withDossiers ? 'demo' : 'none' } : {}),
      connections: 10,
      seconds,
      search: measured,
      searchOneConnection: single,
      baseline,
    };
  } finally {
    await db.drop();
  }
}

/** Catalogue search over HTTP (the citizen's search box). */
export const search = () => run('catalog');
/** Agency search over HTTP (the administration's tree). */
export const agencies = () => run('agencies');
