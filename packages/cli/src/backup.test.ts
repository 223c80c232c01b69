/**
 * `congso backup`, `congso restore` and `congso db export-to-postgres`, run as the operator runs them (a child
 * process per command). The embedded database is seeded once (the demo province, a stored file with its
 * bytes, a queued job); with DATABASE_URL, it is then moved to PostgreSQL. No program of the system runs here:
 * PostgreSQL's backup and restore (pg_dump, pg_restore, psql) are checked in e2e/faults/backup.fault.ts.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  acquireDataDirLock,
  type Connection,
  connect,
  type Fingerprints,
  getPersonByUsername,
  insertFile,
  queryRows,
  sql,
  tableFingerprints,
} from '@congso/db';
import { buildApp, createContext, loadConfig } from '@congso/server';
import pg from 'pg';
import type { BackupManifest } from './backup/archive';
import { listTar, readEntry, TarWriter } from './backup/tar';

const root = new URL('../../..', import.meta.url).pathname;
const bin = join(root, 'packages/cli/bin/congso.mjs');
const work = mkdtempSync(join(tmpdir(), 'congso-backup-test-'));
const dataDir = join(work, 'data');
const pdf = readFileSync(join(root, 'packages/core/src/files/fixtures/sample.pdf'));
let storageKey: string;
const embeddedEnv: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
delete embeddedEnv.DATABASE_URL;
const databases: string[] = [];

function congso(env: NodeJS.ProcessEnv, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: work, env, encoding: 'utf8', timeout: 600_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

async function withEmbedded<T>(dir: string, fn: (c: Connection) => Promise<T>): Promise<T> {
  const c = await connect({ dataDir: dir });
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}
const embeddedFigures = (dir = dataDir) => withEmbedded(dir, (c) => tableFingerprints(c));

async function manifestOf(path: string): Promise<BackupManifest> {
  const entry = (await listTar(path)).find((e) => e.name === 'manifest.json');
  assert.ok(entry, 'manifest.json in the archive');
  const chunks: Buffer[] = [];
  for await (const c of readEntry(path, entry)) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as BackupManifest;
}

/** A well-formed archive (every hash right) whose database dump is cut short: only the restore can notice. */
async function truncatedDumpArchive(from: string, to: string) {
  const manifest = await manifestOf(from);
  const entries = await listTar(from);
  const read = async (name: string) => {
    const chunks: Buffer[] = [];
    for await (const c of readEntry(from, entries.find((e) => e.name === name) as never)) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  };
  const dump = await read(manifest.database.entry);
  const tar = new TarWriter(createWriteStream(to, { flags: 'wx' }));
  const written = await tar.addBuffer(manifest.database.entry, dump.subarray(0, Math.floor(dump.length * 0.6)));
  for (const f of manifest.files.entries) await tar.addBuffer(`files/${f.key}`, await read(`files/${f.key}`));
  manifest.database = { ...manifest.database, size: written.size, sha256: written.sha256 };
  await tar.addBuffer('manifest.json', Buffer.from(JSON.stringify(manifest)));
  await tar.finish();
}

before(async () => {
  const seeded = congso(embeddedEnv, 'seed');
  assert.equal(seeded.status, 0, seeded.out);
  // A stored file (bytes in FILES_DIR, its row) and a queued e-mail job, as the server would leave them.
  await withEmbedded(dataDir, async (c) => {
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, { envFile: false });
    const ctx = await createContext(c, config, { workers: false });
    try {
      const citizen = await getPersonByUsername(c.db, '072090001234');
      storageKey = await ctx.storage.put(pdf);
      await c.db.transaction(async (tx) => {
        await insertFile(tx, {
          id: '7c0e7a5e-2f4b-4e8e-9d7a-3b1f0c2d4e5f',
          ownerId: citizen?.id as string,
          name: 'giấy khai sinh.pdf',
          mediaType: 'application/pdf',
          size: pdf.length,
          sha256: createHash('sha256').update(pdf).digest('hex'),
          storageKey,
          createdAt: new Date('2026-11-23T02:00:00Z'),
        });
        await ctx.jobs.send(tx, 'notification.email', { notificationId: 'queued-before-the-move' });
      });
    } finally {
      await ctx.jobs.stop();
    }
  });
});

after(async () => {
  if (databases.length > 0) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    for (const name of databases) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
  rmSync(work, { recursive: true, force: true });
});

let embeddedArchive: string;
let original: Fingerprints;

test('embedded: refused while a server holds the folder; backup, wipe, restore; a non-empty database needs --yes', async () => {
  original = await embeddedFigures();
  assert.equal(original['pgboss.job']?.rows, 1);
  assert.equal(original['public.files']?.rows, 1);

  // A running server holds the data folder's lock (here: this process does).
  const lock = acquireDataDirLock(dataDir);
  try {
    const refused = congso(embeddedEnv, 'backup', '--out', join(work, 'locked.tar'));
    assert.equal(refused.status, 75, refused.out);
    assert.match(refused.out, /Stop the Congso server first/);
    assert.match(refused.out, /Hãy dừng máy chủ Congso trước/);
    assert.deepEqual(
      readdirSync(work).filter((f) => f.startsWith('locked') || f.startsWith('.congso-backup-')),
      [],
      'no archive, no partial file, no work folder left',
    );
    const restoring = congso(embeddedEnv, 'restore', join(work, 'none.tar'));
    assert.equal(restoring.status, 2, 'a missing file is reported before anything else');
  } finally {
    lock.release();
  }

  const backup = congso(embeddedEnv, 'backup');
  assert.equal(backup.status, 0, backup.out);
  const name = readdirSync(work).find((f) => /^congso-backup-\d{8}-\d{6}\.tar$/.test(f));
  assert.ok(name, `default name in the working folder: ${readdirSync(work).join(', ')}`);
  embeddedArchive = join(work, name);
  assert.match(backup.out, /uploaded files: 1 \(/);
  const manifest = await manifestOf(embeddedArchive);
  assert.equal(manifest.engine, 'pglite');
  assert.deepEqual(manifest.tables, original);
  assert.deepEqual(
    manifest.files.entries.map((f) => f.key),
    [storageKey],
  );
  assert.equal(manifest.migrations.unknown, 0);
  assert.equal(congso(embeddedEnv, 'backup', '--out', embeddedArchive).status, 2, 'never overwrites');
  assert.deepEqual(
    readdirSync(work).filter((f) => f.startsWith('.congso-backup-') || f.endsWith('.part')),
    [],
  );

  // Wipe: the database and the files are gone; the restore needs no --yes.
  rmSync(join(dataDir, 'pglite'), { recursive: true });
  rmSync(join(dataDir, 'files'), { recursive: true });
  const restore = congso(embeddedEnv, 'restore', embeddedArchive);
  assert.equal(restore.status, 0, restore.out);
  assert.match(restore.out, /identical/);
  assert.match(restore.out, /pgboss\.job\s+1\s+1\s+[0-9a-f]{16} ✓/);
  assert.deepEqual(await embeddedFigures(), original);
  assert.deepEqual(readFileSync(join(dataDir, 'files', storageKey)), pdf);

  // A changed, non-empty database is replaced only with --yes; the previous one is kept aside.
  const add = congso(
    embeddedEnv,
    'user',
    'add',
    '-u',
    'sau.sao.luu',
    '-n',
    'Sau',
    '-a',
    '000.00.04.H59',
    '-r',
    'viewer',
  );
  assert.equal(add.status, 0, add.out);
  const changed = await embeddedFigures();
  assert.equal(changed['public.people']?.rows, (original['public.people']?.rows ?? 0) + 1);
  const refused = congso(embeddedEnv, 'restore', embeddedArchive);
  assert.equal(refused.status, 2, refused.out);
  // The refusal names the first tables with their rows (the demo's history puts dossiers among them).
  assert.match(
    refused.out,
    new RegExp(
      `The target database is not empty .*public\\.agencies \\(142\\).*public\\.dossiers \\(${changed['public.dossiers']?.rows}\\)`,
    ),
  );
  assert.deepEqual(await embeddedFigures(), changed);
  const forced = congso(embeddedEnv, 'restore', embeddedArchive, '--yes');
  assert.equal(forced.status, 0, forced.out);
  assert.match(forced.out, /The previous database is kept in .*pglite\.before-restore-/);
  assert.deepEqual(await embeddedFigures(), original);
});

test('STORAGE=s3: the archive holds the database and says the files are not in it', async () => {
  const s3 = {
    STORAGE: 's3',
    S3_ENDPOINT: 'http://127.0.0.1:9',
    S3_BUCKET: 'congso-files',
    S3_ACCESS_KEY_ID: 'key',
    S3_SECRET_ACCESS_KEY: 'secret',
  };
  const archive = join(work, 's3.tar');
  const backup = congso({ ...embeddedEnv, ...s3 }, 'backup', '--out', archive);
  assert.equal(backup.status, 0, backup.out);
  assert.match(backup.out, /Uploaded files are in the S3 bucket and NOT in this archive \(1 files\)/);
  const manifest = await manifestOf(archive);
  assert.deepEqual(manifest.files, { storage: 's3', included: false, recorded: 1, entries: [], missing: [] });
  assert.deepEqual(
    (await listTar(archive)).map((e) => e.name),
    ['database/pglite-datadir.tar.gz', 'manifest.json'],
  );
});

test('a damaged, truncated, foreign or undumpable archive is refused and nothing changes', async () => {
  const before = await embeddedFigures();
  const bytes = readFileSync(embeddedArchive);
  const flipped = Buffer.from(bytes);
  flipped[100_000] = (flipped[100_000] as number) ^ 0xff; // inside the database dump
  const cases: [string, Buffer | string, RegExp, number][] = [
    ['flipped.tar', flipped, /database\/pglite-datadir\.tar\.gz does not match its SHA-256/, 2],
    ['short.tar', bytes.subarray(0, bytes.length - 5000), /truncated/, 2],
    ['foreign.tar', readFileSync(join(root, 'package.json')), /is not a valid Congso backup/, 2],
  ];
  for (const [file, content, message, status] of cases) {
    writeFileSync(join(work, file), content);
    const r = congso(embeddedEnv, 'restore', join(work, file), '--yes');
    assert.equal(r.status, status, `${file}: ${r.out}`);
    assert.match(r.out, message, file);
    assert.match(r.out, /nothing was changed/, file);
  }
  await truncatedDumpArchive(embeddedArchive, join(work, 'bogus.tar'));
  const bogus = congso(embeddedEnv, 'restore', join(work, 'bogus.tar'), '--yes');
  assert.equal(bogus.status, 1, bogus.out);
  assert.match(bogus.out, /Cannot load the embedded database of the backup/);
  assert.ok(!existsSync(join(dataDir, 'pglite.restoring')), 'the staging copy is removed');
  assert.deepEqual(await embeddedFigures(), before);
});

// PostgreSQL's own backup and restore run pg_dump, pg_restore and psql, programs of the system: they are
// checked in the fault suite (e2e/faults/backup.fault.ts), which CI installs them for.
test('export-to-postgres; an embedded archive is not restored into PostgreSQL (DATABASE_URL only)', {
  skip: !process.env.DATABASE_URL,
}, async () => {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  const urlOf = (name: string) => {
    const u = new URL(process.env.DATABASE_URL as string);
    u.pathname = `/${name}`;
    u.password = 's3cret-pw';
    return u.toString();
  };
  const fresh = async () => {
    const name = `congso_t_${randomBytes(6).toString('hex')}`;
    await admin.query(`create database ${name}`);
    databases.push(name);
    return name;
  };
  try {
    const target = await fresh();
    const url = urlOf(target);
    const moved = congso(embeddedEnv, 'db', 'export-to-postgres', '--to', url);
    assert.equal(moved.status, 0, moved.out);
    assert.match(moved.out, /tables, [\d,]+ rows: identical/);
    assert.match(moved.out, /Uploaded files stay in .*data\/files/);
    const compared = ['public', 'drizzle', 'pgboss.job'];
    const source = await withEmbedded(dataDir, (c) => tableFingerprints(c, compared));
    const pgEnv = { ...embeddedEnv, DATABASE_URL: url };
    const db = await connect({ databaseUrl: url, poolSize: 2 });
    try {
      assert.deepEqual(await tableFingerprints(db, compared), source);
      const [job] = await queryRows<{ state: string; data: unknown }>(db.db, sql`select state, data from pgboss.job`);
      assert.deepEqual(job, { state: 'created', data: { notificationId: 'queued-before-the-move' } });
      // The server code runs on the moved data: a demo login works, the file's row is there.
      const config = loadConfig({ DATABASE_URL: url, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, { envFile: false });
      const ctx = await createContext(db, config, { workers: false });
      const { app } = await buildApp(ctx);
      try {
        const login = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          headers: { 'x-congso-request': '1' },
          payload: { username: 'motcua.tanninh', password: 'Congso@2026' },
        });
        assert.equal(login.statusCode, 200, login.body);
      } finally {
        await app.close();
        await ctx.jobs.stop();
      }
    } finally {
      await db.close();
    }
    const again = congso(embeddedEnv, 'db', 'export-to-postgres', '--to', url);
    assert.equal(again.status, 2, again.out);
    assert.match(again.out, /The target database is not empty/);

    // Engines do not cross: the embedded archive is refused by PostgreSQL with the way to do it.
    const cross = congso(pgEnv, 'restore', embeddedArchive, '--yes');
    assert.equal(cross.status, 2, cross.out);
    assert.match(cross.out, /export-to-postgres/);
  } finally {
    await admin.end();
  }
});
