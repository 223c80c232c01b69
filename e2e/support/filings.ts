import { randomUUID } from 'node:crypto';
import {
  type Connection,
  connect,
  importProcedures,
  loadDemoCatalog,
  migrate,
  queryRows,
  seedDemoProvince,
  sql,
} from '@congso/db';
import { hashPassword } from '@congso/server';
import { DEMO_PASSWORD } from '../../packages/server/src/testing';

/**
 * Online filings for load and fault tests: a province seeded on a database, the citizen's uploaded files
 * prepared in bulk (uploading is its own request, not what these tests stress: each filing still attaches
 * its own files in its transaction), and a loop of concurrent filers that records what each request got.
 */

export const PROCEDURE = '1.001193';
export const CITIZEN = '072090001234';

export async function prepareProvince(databaseUrl: string): Promise<{ communeIds: string[] }> {
  const connection = await connect({ databaseUrl, poolSize: 2 });
  try {
    await migrate(connection);
    await seedDemoProvince(connection.db, { hashPassword, now: new Date() });
    await importProcedures(
      connection.db,
      loadDemoCatalog().filter((p) => p.code === PROCEDURE),
      { validFrom: '2025-07-01', now: new Date(), actorId: null, source: 'tests' },
    );
    const communes = await queryRows<{ id: string }>(
      connection.db,
      sql`select id from agencies where kind = 'commune' and valid_to is null order by code`,
    );
    return { communeIds: communes.map((c) => c.id) };
  } finally {
    await connection.close();
  }
}

export interface Filing {
  key: string;
  body: string;
}

/** `count` filings, each with its own Idempotency-Key and its own (already uploaded) files. */
export async function prepareFilings(connection: Connection, communeIds: string[], count: number): Promise<Filing[]> {
  const [owner] = await queryRows<{ id: string }>(
    connection.db,
    sql`select id from people where username = ${CITIZEN}`,
  );
  const procedure = loadDemoCatalog().find((p) => p.code === PROCEDURE);
  const mandatory = (procedure?.requiredDocuments ?? []).flatMap((d, index) =>
    d.mandatory ? [{ index, name: d.name }] : [],
  );
  const ids = await queryRows<{ id: string }>(
    connection.db,
    sql`insert into files (id, owner_id, name, media_type, size, sha256, storage_key, created_at)
        select gen_random_uuid(), ${owner?.id}::uuid, 'scan.pdf', 'application/pdf', 1000, repeat('0', 64),
               '2026/01/' || gen_random_uuid(), now()
        from generate_series(1, ${count * mandatory.length}) returning id`,
  );
  // Statistics for the planner after the bulk insert, as autovacuum would give them a minute later: without
  // them the files table looks empty and attaching files scans it whole (a filing took 200 ms, not 16).
  await queryRows(connection.db, sql`analyze files`);
  const pool = ids.map((r) => r.id);
  return Array.from({ length: count }, (_, i) => ({
    key: randomUUID(),
    body: JSON.stringify({
      procedureCode: PROCEDURE,
      receivingAgencyId: communeIds[i % communeIds.length],
      applicant: { phone: '0912345678', address: 'Phường Tân Ninh', email: 'nguoi.nop@example.vn' },
      documents: mandatory.map((d) => ({ index: d.index, name: d.name, fileIds: [pool.pop() as string] })),
    }),
  }));
}

export async function login(baseUrl: string, username = CITIZEN): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-congso-request': '1' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
}

export interface Outcome {
  filing: Filing;
  /** HTTP status, or 0 when the connection failed. */
  status: number;
  dossierId?: string;
  code?: string;
  /** The error code of a refused filing (or the start of a non-JSON body), or the network error's code. */
  error?: string;
  /** How many times it was sent again after its connection closed with no answer (`resend` option). */
  resent?: number;
}

/** The connection closed before any answer came (not a timeout, not a refused connection). */
const closedWithoutAnswer = (error?: string) => error === 'UND_ERR_SOCKET' || error === 'ECONNRESET';

async function fileOnce(baseUrl: string, cookie: string, filing: Filing): Promise<Outcome> {
  try {
    const response = await fetch(`${baseUrl}/api/v1/dossiers`, {
      method: 'POST',
      headers: {
        cookie,
        'content-type': 'application/json',
        'x-congso-request': '1',
        'idempotency-key': filing.key,
      },
      body: filing.body,
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    if (response.status === 200 || response.status === 201) {
      const dossier = JSON.parse(text) as { id: string; code: string };
      return { filing, status: response.status, dossierId: dossier.id, code: dossier.code };
    }
    let error = text.slice(0, 80);
    try {
      error = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? error;
    } catch {}
    return { filing, status: response.status, error };
  } catch (e) {
    const error = e as Error & { cause?: { code?: string } };
    return { filing, status: 0, error: error.cause?.code ?? error.name };
  }
}

/**
 * One online filing. With `resend`, a filing whose keep-alive connection was closed with no answer at all is
 * sent again with its Idempotency-Key (at most 3 times), as browsers resend a request on a reused connection
 * that closes before any answer (and the web app retries a filing with its key); a timeout, a refused
 * connection or any HTTP answer (502 and 503 included) is kept as it is.
 */
export async function file(
  baseUrl: string,
  cookie: string,
  filing: Filing,
  options: { resend?: boolean } = {},
): Promise<Outcome> {
  let outcome = await fileOnce(baseUrl, cookie, filing);
  let resent = 0;
  while (options.resend && resent < 3 && outcome.status === 0 && closedWithoutAnswer(outcome.error)) {
    resent++;
    outcome = await fileOnce(baseUrl, cookie, filing);
  }
  return resent > 0 ? { ...outcome, resent } : outcome;
}

/**
 * Files with `concurrency` clients until `stop()` or the filings run out; each filing is sent once. With
 * `perSecond`, the clients together start at most that many filings a second, so a test's load (and the work
 * it leaves, e-mail jobs) is the same on a fast machine and a slow one.
 */
export function startLoad(
  baseUrl: string,
  cookie: string,
  filings: Filing[],
  concurrency: number,
  perSecond = 0,
  options: { resend?: boolean } = {},
) {
  const outcomes: Outcome[] = [];
  let next = 0;
  let stopped = false;
  const interval = perSecond > 0 ? (concurrency * 1000) / perSecond : 0;
  const worker = async () => {
    while (!stopped && next < filings.length) {
      const filing = filings[next++] as Filing;
      const started = Date.now();
      outcomes.push(await file(baseUrl, cookie, filing, options));
      const rest = interval - (Date.now() - started);
      if (rest > 0 && !stopped) await new Promise((r) => setTimeout(r, rest));
    }
  };
  const done = Promise.all(Array.from({ length: concurrency }, worker));
  return {
    outcomes,
    async stop() {
      stopped = true;
      await done;
      return outcomes;
    },
  };
}

export const ok = (o: Outcome) => o.status === 200 || o.status === 201;
