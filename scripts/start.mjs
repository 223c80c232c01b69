#!/usr/bin/env node
// `npm start`: builds the web app when it is missing or older than its sources, then runs the server.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const web = join(root, 'packages/web');
const dist = join(web, 'dist/index.html');

function newest(dir) {
  let t = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

if (existsSync(join(web, 'index.html'))) {
  const stale =
    !existsSync(dist) ||
    newest(join(web, 'src')) > statSync(dist).mtimeMs ||
    statSync(join(web, 'index.html')).mtimeMs > statSync(dist).mtimeMs;
  if (stale) {
    console.log('Đang build giao diện web / Building the web app…');
    const r = spawnSync('npm', ['run', 'build', '-w', '@congso/web', '--silent'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}

const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'packages/server/src/main.ts')], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
