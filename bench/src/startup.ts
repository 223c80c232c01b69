import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;

/** Starts the server as `npm start` does (without the web build) and returns ms until /readyz answers 200. */
async function timeStart(dataDir: string, port: number): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'packages/server/src/main.ts')], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/readyz`);
        if (res.status === 200) return performance.now() - started;
      } catch {}
      if (performance.now() - started > 120_000) throw new Error('server did not become ready in 120 s');
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

export async function startup() {
  const dir = mkdtempSync(join(tmpdir(), 'congso-bench-start-'));
  try {
    const empty = await timeStart(dir, 3901);
    const seeded: number[] = [];
    for (let i = 0; i < 3; i++) seeded.push(await timeStart(dir, 3902 + i));
    seeded.sort((a, b) => a - b);
    const r = (n: number) => Math.round(n);
    console.log(`start on an empty data folder (migrate + seed): ${r(empty)} ms`);
    console.log(`start on the seeded folder (median of 3): ${r(seeded[1] as number)} ms`);
    return { engine: 'pglite', emptyMs: r(empty), seededMedianMs: r(seeded[1] as number), seededRunsMs: seeded.map(r) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
