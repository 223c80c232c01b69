#!/usr/bin/env node
// `npm start`: builds the web app when it is missing or older than its sources, then runs the server. For the
// demo (no PAYMENT_PLATFORM_URL, SEED_DEMO not `false`) it also runs the national payment platform's STAND-IN
// (a fake platform, red banner on every page) on 127.0.0.1:PAYMENT_STAND_IN_PORT (4600) and points the server
// at it, so that paying a fee online works in the demo end to end.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

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

// The settings as the server reads them: the environment over the working directory's .env.
const dotEnv = existsSync(join(process.cwd(), '.env'))
  ? parseEnv(readFileSync(join(process.cwd(), '.env'), 'utf8'))
  : {};
const setting = (name) => process.env[name] ?? dotEnv[name];
const env = { ...process.env };
let standIn = null;
if (!setting('PAYMENT_PLATFORM_URL') && setting('SEED_DEMO') !== 'false') {
  const port = setting('PAYMENT_STAND_IN_PORT') ?? '4600';
  standIn = spawn(process.execPath, ['--import', 'tsx', join(root, 'packages/server/src/payments/stand-in/main.ts')], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PAYMENT_STAND_IN_PORT: port },
  });
  env.PAYMENT_PLATFORM_URL = `http://127.0.0.1:${port}`;
  console.log(
    `Thanh toán trực tuyến của bản minh họa qua BẢN GIẢ LẬP nền tảng thanh toán (${env.PAYMENT_PLATFORM_URL}); đặt PAYMENT_PLATFORM_URL để dùng nền tảng thật / the demo pays through the payment platform's STAND-IN; set PAYMENT_PLATFORM_URL for the real one.`,
  );
} else if (!setting('PAYMENT_PLATFORM_URL')) {
  console.log(
    'Chưa kết nối nền tảng thanh toán (PAYMENT_PLATFORM_URL): công dân chỉ chuyển khoản VietQR hoặc nộp tại Một cửa / no payment platform (PAYMENT_PLATFORM_URL): citizens pay by VietQR transfer or at the counter.',
  );
}

const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'packages/server/src/main.ts')], {
  cwd: root,
  stdio: 'inherit',
  env,
});
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    standIn?.kill(signal);
    child.kill(signal);
  });
child.on('exit', (code, signal) => {
  standIn?.kill('SIGTERM');
  process.exit(code ?? (signal ? 1 : 0));
});
