import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isCongsoError } from '@congso/core';
import { connect } from './connection';
import { acquireDataDirLock } from './lock';

const dirs: string[] = [];
function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'congso-lock-'));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('a second process opening the same embedded data folder gets a clear error', async () => {
  const dir = join(tempDir(), 'nested', 'data'); // parent folders are created
  const first = await connect({ dataDir: dir });
  try {
    const script = `
      import { connect } from './packages/db/src/connection.ts';
      try { await connect({ dataDir: ${JSON.stringify(dir)} }); console.log('OPENED'); process.exit(0); }
      catch (e) { console.log(JSON.stringify({ code: e.code, vi: e.messages?.vi, en: e.messages?.en })); process.exit(3); }
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: new URL('../../..', import.meta.url).pathname,
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(child.status, 3, `child said: ${child.stdout} ${child.stderr}`);
    const reported = JSON.parse(child.stdout.trim().split('\n').pop() as string);
    assert.equal(reported.code, 'DATABASE_LOCKED');
    assert.match(reported.en, /in use by another Congso process \(pid \d+\)/);
    assert.match(reported.vi, /đang được tiến trình Congso khác/);
  } finally {
    await first.close();
  }
  // Released on close: it opens again.
  const again = await connect({ dataDir: dir });
  await again.close();
});

test('a lock left by a process that died is taken over', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'congso.lock'), '999999999\n');
  const lock = acquireDataDirLock(dir);
  lock.release();
});

test('the same process cannot open the folder twice either', () => {
  const dir = tempDir();
  const lock = acquireDataDirLock(dir);
  try {
    assert.throws(
      () => acquireDataDirLock(dir),
      (e) => isCongsoError(e) && e.code === 'DATABASE_LOCKED',
    );
  } finally {
    lock.release();
  }
});
