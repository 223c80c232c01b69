import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '@congso/db/testing';

const root = new URL('../../..', import.meta.url).pathname;
const bin = join(root, 'packages/cli/bin/congso.mjs');
let env: NodeJS.ProcessEnv;
let cleanup: () => Promise<void>;

before(async () => {
  if (process.env.DATABASE_URL) {
    const db: TestDatabase = await createTestDatabase({ migrate: false });
    await db.connection.close();
    env = { ...process.env, DATABASE_URL: db.databaseUrl };
    cleanup = async () => {
      const pg = (await import('pg')).default;
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${new URL(db.databaseUrl as string).pathname.slice(1)} with (force)`);
      await c.end();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'congso-cli-'));
    env = { ...process.env, DATA_DIR: dir };
    delete env.DATABASE_URL;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
});
after(async () => {
  await cleanup?.();
});

function congso(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test('congso: help, migrate, seed twice, add a user, refuse bad input', () => {
  const help = congso('--help');
  assert.equal(help.status, 0);
  for (const c of ['db', 'seed', 'user', 'serve']) assert.match(help.out, new RegExp(`\\n  ${c} `));
  assert.match(congso('user', 'add', '--help').out, /--agency <code>/);
  assert.equal(congso('db', 'migrate').status, 0);
  const first = congso('seed');
  assert.equal(first.status, 0, first.out);
  assert.match(first.out, /142 agencies and 20 people added/);
  assert.match(first.out, /admin\s+admin\s+Ủy ban nhân dân tỉnh Tây Ninh/);
  assert.match(congso('seed').out, /0 agencies and 0 people added/);
  const add = congso(
    'user',
    'add',
    '-u',
    'Tran.Binh',
    '-n',
    'Trần Bình',
    '-a',
    '000.00.04.H59',
    '-r',
    'specialist',
    'document_clerk',
  );
  assert.equal(add.status, 0, add.out);
  assert.match(add.out, /Created tran\.binh \(specialist, document_clerk\) in Sở Tư pháp/);
  assert.match(add.out, /Initial password: \S{10,}/);
  const again = congso('user', 'add', '-u', 'tran.binh', '-n', 'X', '-a', '000.00.04.H59', '-r', 'viewer');
  assert.equal(again.status, 2);
  assert.match(again.out, /Username taken/);
  assert.equal(congso('user', 'add', '-u', 'x.y', '-n', 'X', '-a', '000.00.99.H59', '-r', 'viewer').status, 2);
  assert.equal(congso('user', 'add', '-u', 'x.y', '-n', 'X', '-a', 'H59', '-r', 'viewer').status, 2);
  assert.notEqual(congso('user', 'add', '-u', 'x.y', '-n', 'X', '-a', '000.00.04.H59', '-r', 'emperor').status, 0);
});
