/**
 * SQL injection, twice over:
 *
 * 1. In-process (createTestApp): classic payloads (quotes, comments, stacked queries, UNION, pg_sleep,
 *    backslash and Unicode quotes, NUL) in every string parameter of the main routes — path, query and body
 *    fields. No 5xx; searches return no more than the same words without the SQL; exact filters and the
 *    public lookup find nothing; sign-in never succeeds; pg_sleep never delays an answer; stored text comes
 *    back literally; every table is still there with its rows afterwards.
 * 2. Debian's sqlmap against a real server process (`startServer`, 127.0.0.1, PGlite or a fresh database on
 *    DATABASE_URL's server): the public lookup, the catalogue search and receiving agencies, sign-in, and
 *    with a session cookie the dossier list and the agency search. The server's own limits would turn
 *    sqlmap's hundreds of requests into 429s, so that server runs with LOOKUP_RATE_LIMIT_PER_MINUTE=0,
 *    LOOKUP_CODE_FAILURES_PER_HOUR=0 (off), LOGIN_MAX_FAILURES=100 and LOGIN_LOCK_MINUTES=0.01; state
 *    changes carry the CSRF proof `X-Congso-Request: 1` (--headers; no Origin is sent, which is allowed).
 *    Its output, results file, log and recorded traffic must show no injectable parameter and no 5xx.
 *
 * Run: node --import tsx --test e2e/security/injection.security.ts
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { queryRows, sql } from '@congso/db';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../../packages/server/src/testing';
import { apiClient, startSecurityServer } from './real-server';

const SLEEP_LIMIT_MS = 2_000;

/** Classic payloads; those with pg_sleep would each hold an injectable query for 2 s or more. */
const payloads = [
  "' OR 1=1--",
  "' OR '1'='1",
  '" OR "1"="1',
  "') OR ('a'='a",
  "'; drop table dossiers;--",
  '"; DROP TABLE people; --',
  '1; COMMIT; DROP TABLE sessions',
  '1) or pg_sleep(2)--',
  "' || pg_sleep(2) || '",
  "'; select pg_sleep(3);--",
  "1' AND (SELECT 1 FROM pg_sleep(2))::text='1",
  "' AND 1=(SELECT COUNT(*) FROM pg_sleep(10))--",
  "' UNION SELECT username, password_hash FROM people--",
  "' UNION ALL SELECT NULL,NULL,NULL,NULL,NULL--",
  "x' UNION SELECT id, token FROM sessions WHERE ''='",
  "\\'",
  "\\' OR 1=1 --",
  "E'\\x27 OR 1=1",
  '$$ OR 1=1 $$',
  '\u2019 OR \u20181\u2019=\u20181',
  '\u02bc OR 1=1--',
  '\uff07 OR \uff11\uff1d\uff11--',
  '/**/OR/**/1=1',
  "admin'--",
  "admin'/*",
  '%27%20OR%201%3D1--',
  "%' OR '%'='",
  '_%',
  "'\u0000 OR 1=1",
  '1 AND 1=CAST((SELECT version()) AS int)',
] as const;

const sleeps = (p: string) => /pg_sleep/i.test(p);
/**
 * The same words without the SQL: every character that is not a letter, digit or space becomes a space
 * (a payload of punctuation only is then an empty search, as the catalogue also reads it).
 */
const control = (p: string) =>
  p
    .replace(/[^\p{L}\p{N} ]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const q = encodeURIComponent;

let t: TestApp;
const tally = { requests: 0, slowest: 0, stored: 0, sqlmapRuns: 0, sqlmapRequests: 0, sqlmapParams: 0 };

async function timed(label: string, payload: string, request: () => Promise<LightMyRequestResponse>) {
  const started = performance.now();
  const res = await request();
  const ms = performance.now() - started;
  tally.requests++;
  tally.slowest = Math.max(tally.slowest, ms);
  assert.ok(res.statusCode < 500, `${label} ${JSON.stringify(payload)}: ${res.statusCode} ${res.body}`);
  if (sleeps(payload)) assert.ok(ms < SLEEP_LIMIT_MS, `${label} ${JSON.stringify(payload)} took ${Math.round(ms)} ms`);
  return res;
}

const TABLES = [
  'agencies',
  'people',
  'sessions',
  'dossiers',
  'dossier_events',
  'files',
  'audit_events',
  'procedures',
  'procedure_versions',
  'notifications',
  'login_throttle',
  'settings',
] as const;

async function tableCounts(): Promise<Record<string, number | null>> {
  const out: Record<string, number | null> = {};
  for (const table of TABLES) {
    const [exists] = await queryRows<{ t: string | null }>(
      t.db.connection.db,
      sql`select to_regclass(${`public.${table}`})::text as t`,
    );
    if (!exists?.t) {
      out[table] = null;
      continue;
    }
    const [row] = await queryRows<{ n: number }>(
      t.db.connection.db,
      sql`select count(*)::int as n from ${sql.identifier(table)}`,
    );
    out[table] = row?.n ?? null;
  }
  return out;
}

describe('SQL injection in every string parameter (in-process)', () => {
  let admin: string;
  let clerk: string;
  let tanNinh: string;
  let lookup: { code: string; phone: string };
  let countsBefore: Record<string, number | null>;

  before(async () => {
    // Sign-in failures are part of the test: the address must not be locked by its own payloads.
    t = await createTestApp({ LOGIN_MAX_FAILURES: '100', LOOKUP_RATE_LIMIT_PER_MINUTE: '0' });
    await t.importDemoProcedures('1.001193', '1.000894', '1.004873');
    admin = await t.login('admin');
    clerk = await t.login('motcua.tanninh');
    tanNinh = (await t.call('GET', '/api/v1/agencies?q=phuong%20tan%20ninh', { cookie: admin })).json().items[0].id;
    const filed = await t.call('POST', '/api/v1/desk/dossiers', {
      cookie: clerk,
      body: {
        procedureCode: '1.001193',
        applicant: { fullName: 'Phạm Văn Lộc', nationalId: '072085009876', phone: '0988 111 222', address: 'Ấp 3' },
      },
    });
    assert.equal(filed.statusCode, 201, filed.body);
    lookup = { code: filed.json().code, phone: '1222' };
    assert.equal((await t.call('GET', `/api/v1/lookup?code=${q(lookup.code)}&phone=1222`)).statusCode, 200);
    countsBefore = await tableCounts();
  });

  after(async () => {
    await t?.close();
    console.log(
      `injection (in-process): ${payloads.length} payloads, ${tally.requests} requests, no 5xx, ` +
        `${tally.stored} stored literally, slowest answer ${Math.round(tally.slowest)} ms`,
    );
  });

  test('public searches: no 5xx, never more results than the same words without the SQL', async () => {
    const searches: [string, (v: string) => string, string | undefined][] = [
      ['catalogue q', (v) => `/api/v1/procedures?q=${q(v)}`, undefined],
      ['catalogue field', (v) => `/api/v1/procedures?field=${q(v)}`, undefined],
      ['catalogue agency', (v) => `/api/v1/procedures?agency=${q(v)}`, undefined],
      ['receiving agencies q', (v) => `/api/v1/procedures/1.001193/receiving-agencies?q=${q(v)}`, undefined],
      ['agencies q', (v) => `/api/v1/agencies?q=${q(v)}`, 'admin'],
      ['officers q', (v) => `/api/v1/officers?q=${q(v)}`, 'admin'],
    ];
    for (const [label, url, who] of searches) {
      const cookie = who ? admin : undefined;
      const all = (await t.call('GET', url(''), { cookie })).json().total as number;
      for (const payload of payloads) {
        const res = await timed(label, payload, () => t.call('GET', url(payload), { cookie }));
        if (res.statusCode !== 200) {
          assert.equal(res.statusCode, 400, `${label} ${payload}: ${res.body}`);
          continue;
        }
        const plain = (await t.call('GET', url(control(payload)), { cookie })).json().total as number;
        const total = res.json().total as number;
        assert.ok(total <= plain, `${label} ${JSON.stringify(payload)}: ${total} results, ${plain} without the SQL`);
        if (plain < all) assert.ok(total < all, `${label} ${JSON.stringify(payload)}: everything came back`);
      }
    }
  });

  test('exact filters, path parameters, the public lookup and enums: nothing found, 400 or 404', async () => {
    for (const payload of payloads) {
      for (const filter of ['entityType', 'entityId', 'action']) {
        const res = await timed(`audit ${filter}`, payload, () =>
          t.call('GET', `/api/v1/audit-events?${filter}=${q(payload)}`, { cookie: admin }),
        );
        if (res.statusCode === 200) assert.equal(res.json().total, 0, `audit ${filter} ${payload}`);
        else assert.equal(res.statusCode, 400, res.body);
      }
      for (const code of [payload, `${lookup.code}${payload}`, `${payload}${lookup.code}`]) {
        const res = await timed('lookup code', payload, () =>
          t.call('GET', `/api/v1/lookup?code=${q(code)}&phone=${lookup.phone}`),
        );
        assert.ok([400, 404].includes(res.statusCode), `lookup ${code}: ${res.statusCode}`);
      }
      const phone = await timed('lookup phone', payload, () =>
        t.call('GET', `/api/v1/lookup?code=${q(lookup.code)}&phone=${q(payload)}`),
      );
      assert.equal(phone.statusCode, 400);
      const paths = [
        `/api/v1/procedures/${q(payload)}`,
        `/api/v1/procedures/1.001193?on=${q(payload)}`,
        `/api/v1/procedures/${q(payload)}/receiving-agencies`,
        `/api/v1/dossiers/${q(payload)}`,
        `/api/v1/dossiers/${q(payload)}/receipt.pdf`,
        `/api/v1/agencies/${q(payload)}`,
        `/api/v1/officers/${q(payload)}`,
        `/api/v1/files/${q(payload)}`,
        `/api/v1/dossiers?status=${q(payload)}`,
        `/api/v1/dossiers?open=${q(payload)}`,
        `/api/v1/dossiers?mine=${q(payload)}`,
        `/api/v1/dossiers?limit=${q(payload)}`,
        `/api/v1/dossiers?offset=${q(payload)}`,
        `/api/v1/dossiers/counts?mine=${q(payload)}`,
        `/api/v1/desk/dossier-book.xlsx?from=${q(payload)}`,
        `/api/v1/agencies?parentId=${q(payload)}`,
        `/api/v1/agencies?kind=${q(payload)}`,
      ];
      for (const path of paths) {
        const res = await timed(path.split('?')[0] ?? path, payload, () => t.call('GET', path, { cookie: clerk }));
        assert.ok([400, 404].includes(res.statusCode), `${path}: ${res.statusCode} ${res.body}`);
      }
    }
  });

  test('sign-in: a payload as username or password never signs anyone in', async () => {
    for (const payload of payloads) {
      for (const body of [
        { username: payload, password: 'x' },
        { username: `admin${payload}`, password: 'anything-1' },
        { username: 'admin', password: payload },
        { username: payload, password: payload },
      ]) {
        const res = await timed('login', payload, () => t.call('POST', '/api/v1/auth/login', { body }));
        assert.ok([400, 401, 429].includes(res.statusCode), `login ${JSON.stringify(body)}: ${res.statusCode}`);
        assert.equal(res.cookies.length, 0);
      }
    }
  });

  test('body fields: refused by their format or stored and returned literally', async () => {
    for (const [i, payload] of payloads.entries()) {
      const literal = payload.normalize('NFC').trim();
      // Fields with a format: refused.
      for (const applicant of [
        { fullName: 'Phạm Văn Lộc', nationalId: payload, phone: '0988 111 222', address: 'Ấp 3' },
        { fullName: 'Phạm Văn Lộc', nationalId: '072085009876', phone: payload, address: 'Ấp 3' },
        {
          fullName: 'Phạm Văn Lộc',
          nationalId: '072085009876',
          phone: '0988 111 222',
          address: 'Ấp 3',
          email: payload,
        },
      ]) {
        const res = await timed('desk intake (format)', payload, () =>
          t.call('POST', '/api/v1/desk/dossiers', { cookie: clerk, body: { procedureCode: '1.001193', applicant } }),
        );
        assert.equal(res.statusCode, 400, res.body);
      }
      const badCode = await timed('procedureCode', payload, () =>
        t.call('POST', '/api/v1/desk/dossiers', {
          cookie: clerk,
          body: {
            procedureCode: payload,
            applicant: { fullName: 'A B', nationalId: '072085009876', phone: '0988 111 222', address: 'Ấp 3' },
          },
        }),
      );
      assert.equal(badCode.statusCode, 400);
      const action = await timed('action', payload, () =>
        t.call('POST', `/api/v1/dossiers/00000000-0000-4000-8000-000000000000/actions`, {
          cookie: clerk,
          body: { version: 1, action: payload },
        }),
      );
      assert.equal(action.statusCode, 400);
      const read = await timed('notifications ids', payload, () =>
        t.call('POST', '/api/v1/notifications/read', { cookie: clerk, body: { ids: [payload] } }),
      );
      assert.equal(read.statusCode, 400);
      const username = await timed('officer username', payload, () =>
        t.call('POST', '/api/v1/officers', {
          cookie: admin,
          body: {
            username: payload,
            fullName: 'A',
            agencyId: tanNinh,
            roles: ['specialist'],
            password: 'Mật khẩu 2026 x',
          },
        }),
      );
      assert.equal(username.statusCode, 400);
      if (/\p{Cc}/u.test(payload)) continue; // free text refuses control characters (checked: 400 below)

      // Free text: stored as data and returned as it was given.
      const filed = await timed('desk intake (text)', payload, () =>
        t.call('POST', '/api/v1/desk/dossiers', {
          cookie: clerk,
          body: {
            procedureCode: '1.001193',
            applicant: { fullName: payload, nationalId: '072085009876', phone: '0988 111 222', address: payload },
          },
        }),
      );
      assert.equal(filed.statusCode, 201, filed.body);
      assert.equal(filed.json().applicantName, literal);
      assert.equal(filed.json().applicant.address, literal);
      const forwarded = await timed('forward note', payload, () =>
        t.call('POST', `/api/v1/dossiers/${filed.json().id}/actions`, {
          cookie: clerk,
          body: { version: filed.json().version, action: 'forward', agencyId: tanNinh, note: payload },
        }),
      );
      assert.equal(forwarded.statusCode, 200, forwarded.body);
      const read1 = (await t.call('GET', `/api/v1/dossiers/${filed.json().id}`, { cookie: clerk })).json();
      assert.equal(read1.applicantName, literal);
      assert.equal(read1.events.at(-1).data.note, literal);
      const officer = await timed('officer name', payload, () =>
        t.call('POST', '/api/v1/officers', {
          cookie: admin,
          body: {
            username: `inj.officer${i}`,
            fullName: payload,
            agencyId: tanNinh,
            roles: ['specialist'],
            password: 'Mật khẩu 2026 x',
          },
        }),
      );
      assert.equal(officer.statusCode, 201, officer.body);
      assert.equal(officer.json().fullName, literal);
      const patched = await timed('officer patch', payload, () =>
        t.call('PATCH', `/api/v1/officers/${officer.json().id}`, {
          cookie: admin,
          body: { version: officer.json().version, fullName: `${payload} 2` },
        }),
      );
      assert.equal(patched.statusCode, 200, patched.body);
      tally.stored += 4;
    }
    const withNul = await t.call('POST', '/api/v1/desk/dossiers', {
      cookie: clerk,
      body: {
        procedureCode: '1.001193',
        applicant: { fullName: "a'\u0000b", nationalId: '072085009876', phone: '0988 111 222', address: 'x' },
      },
    });
    assert.equal(withNul.statusCode, 400);
  });

  test('afterwards every table is there; only the expected rows were added; the stored payloads are data', async () => {
    const now = await tableCounts();
    for (const table of TABLES) assert.notEqual(now[table], null, `${table} still exists`);
    const textual = payloads.filter((p) => !/\p{Cc}/u.test(p)).length;
    assert.equal(now.agencies, countsBefore.agencies);
    assert.equal(now.procedures, countsBefore.procedures);
    assert.equal(now.procedure_versions, countsBefore.procedure_versions);
    assert.equal(now.dossiers, (countsBefore.dossiers ?? 0) + textual, 'one dossier per stored payload');
    assert.equal(now.people, (countsBefore.people ?? 0) + textual, 'one officer per stored payload');
    assert.ok((now.sessions ?? 0) >= (countsBefore.sessions ?? 0), 'sessions kept');
    // The lookup still answers as before, and the one dossier with the payload name is found by its code only.
    assert.equal((await t.call('GET', `/api/v1/lookup?code=${q(lookup.code)}&phone=1222`)).statusCode, 200);
    const stored = await queryRows<{ n: number }>(
      t.db.connection.db,
      sql`select count(*)::int as n from dossiers where applicant ->> 'fullName' = ${"'; drop table dossiers;--"}`,
    );
    assert.equal(stored[0]?.n, 1);
  });
});

// -----------------------------------------------------------------------------------------------------

interface SqlmapRun {
  label: string;
  args: string[];
  /** The status of sqlmap's first (unmodified) request: the route answered normally. */
  baseline: number;
}

function run(command: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Statuses of the responses in sqlmap's traffic file (-t), in order. */
function trafficStatuses(traffic: string): number[] {
  return [...traffic.matchAll(/^HTTP response \[#\d+\] \((\d{3})/gm)].map((m) => Number(m[1]));
}

describe('sqlmap against a real server', { skip: !existsSync('/usr/bin/sqlmap') && 'sqlmap is not installed' }, () => {
  const limits = {
    LOOKUP_RATE_LIMIT_PER_MINUTE: '0',
    LOOKUP_CODE_FAILURES_PER_HOUR: '0',
    LOGIN_MAX_FAILURES: '100',
    LOGIN_LOCK_MINUTES: '0.01',
  };
  let server: Awaited<ReturnType<typeof startSecurityServer>>;
  let work = '';

  before(
    async () => {
      server = await startSecurityServer(limits);
      work = await mkdtemp(join(tmpdir(), 'congso-sqlmap-'));
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await server?.stop();
    if (work) await rm(work, { recursive: true, force: true });
    console.log(
      `injection (sqlmap): ${tally.sqlmapRuns} runs, ${tally.sqlmapParams} parameters, ` +
        `${tally.sqlmapRequests} requests, no injectable parameter, no 5xx ` +
        `(server limits for the run: ${Object.entries(limits)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')})`,
    );
  });

  test('finds no injectable parameter on lookup, search, sign-in and the signed-in lists', {
    timeout: 600_000,
  }, async () => {
    const api = apiClient(server.baseUrl);
    const clerk = await api.login('motcua.tanninh');
    const filed = await api.call('POST', '/api/v1/desk/dossiers', {
      cookie: clerk,
      body: {
        procedureCode: '1.001193',
        applicant: { fullName: 'Phạm Văn Lộc', nationalId: '072085009876', phone: '0988 111 222', address: 'Ấp 3' },
      },
    });
    assert.equal(filed.status, 201, filed.text);
    const code = filed.json.code as string;
    const b = server.baseUrl;
    const runs: SqlmapRun[] = [
      {
        label: 'public lookup',
        args: ['-u', `${b}/api/v1/lookup?code=${q(code)}&phone=1222`, '-p', 'code'],
        baseline: 200,
      },
      {
        label: 'catalogue search',
        args: [
          '-u',
          `${b}/api/v1/procedures?q=khai+sinh&field=H%E1%BB%99+t%E1%BB%8Bch&agency=UBND`,
          '-p',
          'q,field,agency',
        ],
        baseline: 200,
      },
      {
        label: 'receiving agencies',
        args: ['-u', `${b}/api/v1/procedures/1.001193/receiving-agencies?q=tan+ninh`, '-p', 'q'],
        baseline: 200,
      },
      {
        label: 'sign-in',
        args: [
          '-u',
          `${b}/api/v1/auth/login`,
          '--data',
          JSON.stringify({ username: 'xem.tinh', password: 'Congso@2026' }),
          '--headers',
          'X-Congso-Request: 1',
          '-p',
          'username',
          '--ignore-code',
          '401',
        ],
        baseline: 200,
      },
      {
        label: 'dossier list (signed in)',
        args: [
          '-u',
          `${b}/api/v1/dossiers?status=received&open=true&limit=50`,
          '--cookie',
          `congso_session=${clerk}`,
          '-p',
          'status,open,limit',
        ],
        baseline: 200,
      },
      {
        label: 'agency search (signed in)',
        args: ['-u', `${b}/api/v1/agencies?q=tan+ninh`, '--cookie', `congso_session=${clerk}`, '-p', 'q'],
        baseline: 200,
      },
    ];
    for (const [i, r] of runs.entries()) {
      const dir = join(work, `run${i}`);
      const traffic = join(work, `traffic${i}.txt`);
      const { code: exit, output } = await run(
        '/usr/bin/sqlmap',
        [
          ...r.args,
          '--batch',
          '--level=2',
          '--risk=1',
          '--technique=BEUST',
          '--time-sec=2',
          '--threads=4',
          '--timeout=15',
          '--retries=1',
          '--drop-set-cookie',
          '--disable-coloring',
          `--output-dir=${dir}`,
          '-t',
          traffic,
        ],
        240_000,
      );
      const where = `${r.label}:\n${output.slice(-3000)}`;
      assert.equal(exit, 0, where);
      assert.match(output, /all tested parameters do not appear to be injectable/, where);
      assert.doesNotMatch(
        output,
        /identified the following injection point|appears to be '.*' injectable|is vulnerable/i,
        where,
      );
      assert.doesNotMatch(output, /\[CRITICAL\]|connection refused|unable to connect/i, where);
      // The results file lists injection points one a line below its header; the log holds what was found.
      const files = await readdir(dir);
      const csv = files.find((f) => f.endsWith('.csv'));
      if (csv) {
        const lines = (await readFile(join(dir, csv), 'utf8')).split('\n').filter((l) => l.trim());
        assert.deepEqual(lines.slice(1), [], `${r.label}: results`);
      }
      const log = join(dir, '127.0.0.1', 'log');
      if (existsSync(log)) assert.equal((await readFile(log, 'utf8')).trim(), '', `${r.label}: log`);
      const statuses = trafficStatuses(await readFile(traffic, 'utf8'));
      assert.equal(statuses[0], r.baseline, `${r.label}: the route answered normally first`);
      assert.ok(statuses.length >= 50, `${r.label}: only ${statuses.length} requests`);
      assert.deepEqual(
        statuses.filter((s) => s >= 500),
        [],
        `${r.label}: a payload caused a server error`,
      );
      const params = (r.args[r.args.indexOf('-p') + 1] ?? '').split(',').length;
      for (const p of (r.args[r.args.indexOf('-p') + 1] ?? '').split(',')) {
        assert.match(output, new RegExp(`parameter '(JSON )?${p}' does not seem to be injectable`), `${r.label}: ${p}`);
      }
      tally.sqlmapRuns++;
      tally.sqlmapParams += params;
      tally.sqlmapRequests += statuses.length;
    }
    assert.doesNotMatch(server.output(), /unhandled error/, 'the server logged no unhandled error');
  });
});
