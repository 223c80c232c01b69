import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RunningServer {
  baseUrl: string;
  /** The server's output so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/** A free loopback port (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

/** Whether a server answers `GET /readyz` with 200. */
export async function isReady(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Starts the Congso server (`tsx packages/server/src/main.ts`) on a free port with a fresh data
 * directory, so it migrates and seeds the demo province, and waits until `GET /readyz` answers 200.
 * Set CONGSO_BASE_URL to test a server that is already running instead.
 */
export async function startServer(
  options: {
    timeoutMs?: number;
    env?: Record<string, string>;
    /** PUBLIC_BASE_URL = the server's own address (addresses sent elsewhere come back to it: payment returns). */
    publicBaseUrl?: boolean;
    /** The port to listen on (a free one chosen before, when another server must know the address first). */
    port?: number;
  } = {},
): Promise<RunningServer> {
  const external = process.env.CONGSO_BASE_URL;
  if (external) {
    const baseUrl = external.replace(/\/$/, '');
    if (!(await isReady(baseUrl))) throw new Error(`CONGSO_BASE_URL ${baseUrl} is not ready (GET /readyz)`);
    return { baseUrl, output: () => '', stop: async () => {} };
  }

  const timeoutMs = options.timeoutMs ?? 120_000;
  const port = options.port ?? (await freePort());
  const dataDir = await mkdtemp(join(tmpdir(), 'congso-e2e-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  const tsxCli = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  let log = '';
  const child = spawn(process.execPath, [tsxCli, 'packages/server/src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      ...(options.publicBaseUrl ? { PUBLIC_BASE_URL: baseUrl } : {}),
      ...options.env,
    },
    // Its own process group, so that stopping it also stops tsx's child process.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const append = (chunk: Buffer) => {
    log += chunk.toString('utf8');
    if (log.length > 200_000) log = log.slice(-100_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);

  const signal = (name: NodeJS.Signals) => {
    if (child.pid === undefined || exited(child)) return;
    try {
      process.kill(-child.pid, name);
    } catch {
      child.kill(name);
    }
  };

  const stop = async () => {
    if (!exited(child)) {
      const done = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), 10_000);
      await done;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  const started = Date.now();
  while (!(await isReady(baseUrl))) {
    if (exited(child)) {
      await rm(dataDir, { recursive: true, force: true });
      throw new Error(`The server exited (code ${child.exitCode}) before it was ready:\n${log}`);
    }
    if (Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`The server was not ready within ${timeoutMs / 1000} s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { baseUrl, output: () => log, stop };
}
