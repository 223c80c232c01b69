/**
 * `npm run bench -- <scenario>`: benchmarks that print their figures and a same-run baseline, as the last
 * line one JSON object. Not tests: nothing here passes or fails on a number.
 *   startup  time from process start to /readyz on an empty embedded data folder, then on the seeded one
 *   search   public catalogue search over HTTP (citizens' phrasings, typos, codes) vs GET /healthz, same server;
 *            then the citizens' query set (bench/data/search-queries.tsv): hit@1, hit@3, p95 on its tuned and
 *            held-out parts, and the second and third held-out sets (search-queries-unseen.tsv, -unseen2.tsv) each
 *            on its own
 *   agencies agency search over HTTP (administration) vs GET /healthz
 *   intake   full online filings over HTTP vs a one-row insert endpoint on the same server (use PostgreSQL)
 *   lookup   public lookup by dossier code + phone digits vs GET /healthz
 *   cluster  full online filings through nginx to 1, 2 and 3 server processes on one PostgreSQL (scaling ratio)
 *   sign     PAdES signatures per second (signer then seal, RSA-2048, timestamped) vs raw RSA-2048 signing with
 *            node:crypto (target ≥ 25 %); verifications per second; where one signature's time goes
 *   numbering  outgoing numbers per second under 50 concurrent issuers, checked gap-free and unique (office.ts)
 *   documents  search over 1,000,000 registered documents vs a naive ILIKE scan (office.ts)
 *   payments   payment platform callbacks per second (verified, the dossier updated, the receipt numbered) vs a
 *              one-row insert; 10% repeated, 10% lost and found by the reconciliation (payments.ts)
 *   sync       national portal sync under a filing load: outbox events delivered per second to the portal's
 *              stand-in, lag commit → delivery p50/p99, the backlog each second (sync.ts)
 *   ioc        the province dashboard's index, rankings and late list over a generated history vs a naive scan
 *              of the dossiers for the same figures (ioc.ts; PostgreSQL)
 *   gateway    calls per second through the data-sharing gateway (token, right, rate limit, forwarding, the
 *              chained log entry committed) to a trivial service vs calling it directly (gateway.ts)
 * The database is PostgreSQL when DATABASE_URL is set (a fresh database is made and dropped), else PGlite.
 * BENCH_PROFILE=FILE writes a CPU profile of the measured phase (payments, gateway); `npm run bench --
 * profile-summary FILE` prints where its time went, by package and by function.
 */
import { readFileSync } from 'node:fs';

import { cluster } from './cluster';
import { intake, lookup } from './dossiers';
import { gateway } from './gateway';
import { ioc } from './ioc';
import { documents, numbering } from './office';
import { payments } from './payments';
import { summariseProfile } from './profile';
import { agencies, search } from './search';
import { sign } from './sign';
import { startup } from './startup';
import { sync } from './sync';

const scenarios: Record<string, () => Promise<Record<string, unknown>>> = {
  startup,
  search,
  agencies,
  intake,
  lookup,
  cluster,
  sign,
  numbering,
  documents,
  payments,
  sync,
  ioc,
  gateway,
};
const name = process.argv[2];
if (name === 'profile-summary' && process.argv[3]) {
  const summary = summariseProfile(JSON.parse(readFileSync(process.argv[3], 'utf8')));
  console.log(`${summary.totalMs.toFixed(0)} ms sampled\n\nself time by package:\n${summary.areas.join('\n')}`);
  console.log(
    `\nself time by function:\n${summary.self.join('\n')}\n\ntotal time by function:\n${summary.total.join('\n')}`,
  );
  process.exit(0);
}
const run = name ? scenarios[name] : undefined;
if (!run) {
  console.error(`usage: npm run bench -- <${Object.keys(scenarios).join('|')}>`);
  process.exit(2);
}
const result = await run();
console.log(JSON.stringify({ scenario: name, ...result }));
process.exit(0);
