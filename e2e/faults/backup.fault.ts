/**
 * Fault test of backups: a real server files dossiers (at the counter and online, with an uploaded file),
 * stops; `congso backup`; the database and the files folder are wiped (PostgreSQL: the database dropped and
 * created again; embedded: the data folder emptied); `congso restore`. Afterwards every table has the same
 * row count and content hash as before the backup, the uploaded file has the same bytes on disk, and a server
 * started on the restored data serves the dossier's file. On PostgreSQL (DATABASE_URL, or the local server at
 * 127.0.0.1:5432) and on the embedded database. On PostgreSQL, a backup taken while the server keeps filing
 * is restored too and must match its own manifest (one consistent instant), and the restore's refusals run
 * (a non-empty database, another connection, a dump pg_restore cannot read: nothing changes), with the
 * password never shown. The archives are checked with GNU tar both ways (the format is the system's).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { type Connection, connect, type Fingerprints, queryRows, sql, tableFingerprints } from '@congso/db';
import pg from 'pg';
import { type BackupManifest, openArchive } from '../../packages/cli/src/backup/archive';
import { listTar, readEntry, TarWriter } from '../../packages/cli/src/backup/tar';
import { login } from '../support/filings';
import { repoRoot, startServer } from '../support/server';

const CITIZEN = '072090001234';
const CLERK = 'motcua.tanninh';
const PROCEDURE = '1.001193';
const pdf = readFileSync(join(repoRoot, 'packages/core/src/files/fixtures/sample.pdf'));
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const work = mkdtempSync(join(tmpdir(), 'congso-backup-fault-'));
const databases: string[] = [];

after(async () => {
  if (databases.length > 0) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    for (const name of databases) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
  rmSync(work, { recursive: true, force: true });
});

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', ...env };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  return childEnv;
}

/** `congso …` without blocking this process (so that it can keep a server busy meanwhile). */
function congsoAsync(env: Record<string, string>, ...args: string[]): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, 'packages/cli/bin/congso.mjs'), ...args], {
      cwd: work,
      env: cliEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      out += c.toString('utf8');
    });
    child.on('close', (status) => resolve({ status, out }));
  });
}

function congso(env: Record<string, string>, ...args: string[]) {
  const childEnv = cliEnv(env);
  const r = spawnSync(process.execPath, [join(repoRoot, 'packages/cli/bin/congso.mjs'), ...args], {
    cwd: work,
    env: childEnv,
    encoding: 'utf8',
    timeout: 300_000,
  });
  const out = `${r.stdout}${r.stderr}`;
  assert.equal(r.status, 0, `congso ${args.join(' ')}:\n${out}`);
  return out;
}

async function call(baseUrl: string, method: string, path: string, options: { cookie?: string; body?: unknown } = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      'x-congso-request': '1',
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.body !== undefined && !(options.body instanceof FormData)
        ? { 'content-type': 'application/json' }
        : {}),
    },
    ...(options.body !== undefined
      ? { body: options.body instanceof FormData ? options.body : JSON.stringify(options.body) }
      : {}),
  });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}
const json = (r: { bytes: Buffer }) => JSON.parse(r.bytes.toString('utf8'));

/** Files at the counter (two dossiers) and online (one, with an uploaded PDF per mandatory document). */
async function fileDossiers(baseUrl: string): Promise<{ fileId: string; codes: string[] }> {
  const clerk = await login(baseUrl, CLERK);
  const agencyId = json(await call(baseUrl, 'GET', '/api/v1/auth/me', { cookie: clerk })).user.agency.id as string;
  const codes: string[] = [];
  for (const [i, nationalId] of ['072085009876', '072085009877'].entries()) {
    const r = await call(baseUrl, 'POST', '/api/v1/desk/dossiers', {
      cookie: clerk,
      body: {
        procedureCode: PROCEDURE,
        receivingAgencyId: agencyId,
        applicant: { fullName: `Phạm Văn Lộc ${i}`, nationalId, phone: '0988 111 222', address: 'Ấp 3, xã Tân Biên' },
      },
    });
    assert.equal(r.status, 201, r.bytes.toString());
    codes.push(json(r).code);
  }
  const citizen = await login(baseUrl, CITIZEN);
  const procedure = json(await call(baseUrl, 'GET', `/api/v1/procedures/${PROCEDURE}`)).procedure as {
    requiredDocuments: { name: string; mandatory: boolean }[];
  };
  const documents: { index: number; name: string; fileIds: string[] }[] = [];
  for (const [index, d] of procedure.requiredDocuments.entries()) {
    if (!d.mandatory) continue;
    const form = new FormData();
    form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'giay-to.pdf');
    const upload = await call(baseUrl, 'POST', '/api/v1/files', { cookie: citizen, body: form });
    assert.equal(upload.status, 201, upload.bytes.toString());
    documents.push({ index, name: d.name, fileIds: [json(upload).id] });
  }
  assert.ok(documents.length > 0, 'the procedure asks for at least one document');
  const online = await call(baseUrl, 'POST', '/api/v1/dossiers', {
    cookie: citizen,
    body: {
      procedureCode: PROCEDURE,
      receivingAgencyId: agencyId,
      applicant: { phone: '0912 345 678', address: 'Phường Tân Ninh', email: 'nguoi.nop@example.vn' },
      documents,
    },
  });
  assert.equal(online.status, 201, online.bytes.toString());
  codes.push(json(online).code);
  return { fileId: documents[0]?.fileIds[0] as string, codes };
}

function printFigures(label: string, before: Fingerprints, after: Fingerprints) {
  const lines = [`${label}: table, rows before backup / after restore, sha256`];
  for (const table of Object.keys(before).sort()) {
    const b = before[table];
    const a = after[table];
    lines.push(
      `  ${table.padEnd(34)} ${String(b?.rows).padStart(6)} ${String(a?.rows).padStart(6)}  ${b?.hash.slice(0, 16)} ${b?.hash === a?.hash ? '=' : '≠'} ${a?.hash.slice(0, 16)}`,
    );
  }
  console.log(lines.join('\n'));
}

async function figuresOf(open: () => Promise<Connection>) {
  const c = await open();
  try {
    const fingerprints = await tableFingerprints(c);
    // The citizen's upload (the demo's own files, such as the office's signed PDFs, come before it).
    const [file] = await queryRows<{ storage_key: string }>(
      c.db,
      sql`select storage_key from files where sha256 = ${createHash('sha256').update(pdf).digest('hex')}
          order by created_at limit 1`,
    );
    return { fingerprints, storageKey: file?.storage_key as string };
  } finally {
    await c.close();
  }
}

/**
 * A backup taken while the server keeps filing (PostgreSQL only: the embedded database is locked by its
 * server): restored into another database, it matches its own manifest, i.e. the dump, the row counts and
 * hashes and the file list are of one instant. Returns how many filings were answered during the backup.
 */
async function hotBackup(baseUrl: string, env: Record<string, string>): Promise<number> {
  const clerk = await login(baseUrl, CLERK);
  const agencyId = json(await call(baseUrl, 'GET', '/api/v1/auth/me', { cookie: clerk })).user.agency.id as string;
  let running = true;
  let filed = 0;
  const load = (async () => {
    for (let i = 0; running && i < 500; i++) {
      const r = await call(baseUrl, 'POST', '/api/v1/desk/dossiers', {
        cookie: clerk,
        body: {
          procedureCode: PROCEDURE,
          receivingAgencyId: agencyId,
          applicant: { fullName: `Người nộp ${i}`, nationalId: '072085001111', phone: '0988 111 333', address: 'Ấp 1' },
        },
      });
      assert.equal(r.status, 201, r.bytes.toString());
      filed++;
    }
  })();
  const archive = join(work, 'hot.tar');
  const startedAt = filed;
  const backup = await congsoAsync(env, 'backup', '--out', archive);
  const during = filed - startedAt;
  running = false;
  await load;
  assert.equal(backup.status, 0, backup.out);

  const name = `congso_fault_${randomBytes(5).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  databases.push(name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const restore = congso(
    { DATABASE_URL: url.toString(), FILES_DIR: join(work, 'hot-files'), DATA_DIR: join(work, 'hot-data') },
    'restore',
    archive,
  );
  assert.match(restore, /rows: identical/);
  console.log(`hot backup: ${during} filings answered while it ran; its restore matches its manifest`);
  return during;
}

async function bytesOf(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The archive is a tar file for GNU tar too: `tar tf` lists our entries in order, `tar xOf` gives the same
 * manifest, and the entries GNU tar extracts, packed again by GNU tar (pax format), make an archive whose
 * every entry matches the manifest's SHA-256 when Congso opens it.
 */
async function checkWithGnuTar(label: string, archive: string): Promise<void> {
  const entries = await listTar(archive);
  assert.equal(execFileSync('tar', ['tf', archive], { encoding: 'utf8' }), entries.map((e) => `${e.name}\n`).join(''));
  const manifest = entries.find((e) => e.name === 'manifest.json');
  assert.ok(manifest);
  const ours = await bytesOf(readEntry(archive, manifest));
  assert.deepEqual(execFileSync('tar', ['xOf', archive, 'manifest.json'], { maxBuffer: 64 * 1024 * 1024 }), ours);
  const dir = join(work, `gnu-${label}`);
  mkdirSync(dir);
  execFileSync('tar', ['xf', archive, '-C', dir]);
  const repacked = join(work, `gnu-${label}.tar`);
  execFileSync('tar', ['--format=pax', '-cf', repacked, '-C', dir, ...entries.map((e) => e.name)]);
  const opened = await openArchive(repacked);
  assert.deepEqual(opened.manifest, JSON.parse(ours.toString('utf8')));
  console.log(
    `${label}: GNU tar lists and extracts the archive (${entries.length} entries); repacked by GNU tar, it opens and checks`,
  );
}

/** A well-formed archive (every hash right) whose database dump is cut short: only the restore can notice. */
async function truncatedDumpArchive(from: string, to: string) {
  const entries = await listTar(from);
  const read = (name: string) => bytesOf(readEntry(from, entries.find((e) => e.name === name) as never));
  const manifest = JSON.parse((await read('manifest.json')).toString('utf8')) as BackupManifest;
  const dump = await read(manifest.database.entry);
  const tar = new TarWriter(createWriteStream(to, { flags: 'wx' }));
  const written = await tar.addBuffer(manifest.database.entry, dump.subarray(0, Math.floor(dump.length * 0.6)));
  for (const f of manifest.files.entries) await tar.addBuffer(`files/${f.key}`, await read(`files/${f.key}`));
  manifest.database = { ...manifest.database, size: written.size, sha256: written.sha256 };
  await tar.addBuffer('manifest.json', Buffer.from(JSON.stringify(manifest)));
  await tar.finish();
}

/**
 * PostgreSQL's restore refuses what it must and changes nothing then: a non-empty database without --yes,
 * another connection open, a dump pg_restore cannot read (inside one transaction); with --yes it restores.
 * The password given in DATABASE_URL never shows, from pg_dump's run or pg_restore's error.
 */
async function postgresRefusals(databaseUrl: string, filesDir: string) {
  const url = new URL(databaseUrl);
  url.password = 's3cret-pw'; // the server trusts loopback here, so any password connects
  const env = { DATABASE_URL: url.toString(), FILES_DIR: filesDir, DATA_DIR: join(work, 'pg-data') };
  const archive = join(work, 'pg-password.tar');
  const backup = await congsoAsync(env, 'backup', '--out', archive);
  assert.equal(backup.status, 0, backup.out);
  assert.match(backup.out, /postgres:\*\*\*@/);
  const expected = (await openArchive(archive)).manifest.tables;
  const figures = async () => (await figuresOf(() => connect({ databaseUrl, poolSize: 1 }))).fingerprints;
  assert.deepEqual(await figures(), expected);

  const refused = await congsoAsync(env, 'restore', archive);
  assert.equal(refused.status, 2, refused.out);
  assert.match(refused.out, /not empty/);
  const other = new pg.Client({ connectionString: databaseUrl });
  await other.connect();
  try {
    const busy = await congsoAsync(env, 'restore', archive, '--yes');
    assert.equal(busy.status, 75, busy.out);
    assert.match(busy.out, /1 other connections: stop every Congso server/);
  } finally {
    await other.end();
  }
  await truncatedDumpArchive(archive, join(work, 'pg-bogus.tar'));
  const bogus = await congsoAsync(env, 'restore', join(work, 'pg-bogus.tar'), '--yes');
  assert.equal(bogus.status, 1, bogus.out);
  assert.match(bogus.out, /Database restore failed \(pg_restore, postgres:\/\/postgres:\*\*\*@/);
  assert.deepEqual(await figures(), expected);
  const forced = await congsoAsync(env, 'restore', archive, '--yes');
  assert.equal(forced.status, 0, forced.out);
  assert.match(forced.out, /identical/);
  assert.deepEqual(await figures(), expected);
  assert.doesNotMatch(`${backup.out}${refused.out}${bogus.out}${forced.out}`, /s3cret-pw/);
  console.log(
    'PostgreSQL restore: not empty → 2, another connection → 75, unreadable dump → 1 and unchanged, --yes → identical',
  );
}

/** The whole cycle for one engine; `wipe` empties the database and the files folder. */
async function cycle(
  label: string,
  env: Record<string, string>,
  open: () => Promise<Connection>,
  wipe: () => Promise<void>,
  options: { hot?: boolean } = {},
) {
  const filesDir = env.FILES_DIR as string;
  const server = await startServer({ env: { SEED_DEMO: 'true', ...env }, timeoutMs: 240_000 });
  let filed: { fileId: string; codes: string[] };
  try {
    filed = await fileDossiers(server.baseUrl);
    if (options.hot) assert.ok((await hotBackup(server.baseUrl, env)) > 0, 'filings ran during the hot backup');
  } finally {
    await server.stop();
  }
  const before = await figuresOf(open);
  assert.ok((before.fingerprints['public.dossiers']?.rows ?? 0) >= 3);
  assert.ok((before.fingerprints['public.files']?.rows ?? 0) >= 1);
  assert.deepEqual(readFileSync(join(filesDir, before.storageKey)), pdf);

  const archive = join(work, `${label}.tar`);
  const backup = congso(env, 'backup', '--out', archive);
  console.log(backup.trim());
  await checkWithGnuTar(label, archive);
  await wipe();
  rmSync(filesDir, { recursive: true, force: true });

  const restore = congso(env, 'restore', archive);
  console.log(restore.trim());
  assert.match(restore, /rows: identical/);
  const restored = await figuresOf(open);
  printFigures(label, before.fingerprints, restored.fingerprints);
  assert.deepEqual(restored.fingerprints, before.fingerprints);
  assert.deepEqual(readFileSync(join(filesDir, restored.storageKey)), pdf, 'the uploaded bytes are identical');

  // A server on the restored data serves the dossier's file to its applicant.
  const again = await startServer({ env: { SEED_DEMO: 'false', ...env }, timeoutMs: 240_000 });
  try {
    const citizen = await login(again.baseUrl, CITIZEN);
    const file = await call(again.baseUrl, 'GET', `/api/v1/files/${filed.fileId}`, { cookie: citizen });
    assert.equal(file.status, 200, file.bytes.toString());
    assert.equal(createHash('sha256').update(file.bytes).digest('hex'), createHash('sha256').update(pdf).digest('hex'));
    const lookup = await call(
      again.baseUrl,
      'GET',
      `/api/v1/lookup?code=${encodeURIComponent(filed.codes[2] as string)}&phone=5678`,
    );
    assert.equal(lookup.status, 200, lookup.bytes.toString());
  } finally {
    await again.stop();
  }
}

test('PostgreSQL: file dossiers and a file, backup, drop the database, restore: identical; the refusals', async () => {
  const name = `congso_fault_${randomBytes(5).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  databases.push(name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  await cycle(
    'postgres',
    { DATABASE_URL: databaseUrl, FILES_DIR: join(work, 'pg-files'), DATA_DIR: join(work, 'pg-data') },
    () => connect({ databaseUrl, poolSize: 1 }),
    async () => {
      await admin(async (c) => {
        await c.query(`drop database ${name} with (force)`);
        await c.query(`create database ${name}`);
      });
    },
    { hot: true },
  );
  await postgresRefusals(databaseUrl, join(work, 'pg-files'));
});

test('embedded: file dossiers and a file, backup, empty the data folder, restore: identical', async () => {
  const dataDir = join(work, 'embedded');
  await cycle(
    'embedded',
    { DATABASE_URL: '', DATA_DIR: dataDir, FILES_DIR: join(dataDir, 'files') },
    () => connect({ dataDir }),
    async () => {
      rmSync(join(dataDir, 'pglite'), { recursive: true, force: true });
    },
  );
});
