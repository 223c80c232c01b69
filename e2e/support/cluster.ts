import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, isReady, repoRoot } from './server';

/**
 * The production layout on loopback, for the fault tests and the cluster benchmark: a PostgreSQL server of
 * our own (so it can be killed and restarted without touching the machine's), N Congso processes started as
 * `node --import tsx packages/server/src/main.ts` (one OS process each, so kill -9 is real), and Debian's
 * nginx in front with the proxy settings shipped in deploy/nginx.
 */

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, log = () => '') {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs / 1000} s\n${log()}`);
    await sleep(200);
  }
}

function postgresBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(base, v, 'bin', 'pg_ctl'))) return join(base, v, 'bin');
  throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)');
}

/** Runs a PostgreSQL binary as the postgres user when we are root (initdb and postgres refuse root). */
function asPostgres(bin: string, args: string[]) {
  const isRoot = process.getuid?.() === 0;
  const [cmd, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 }).toString();
}

export interface PostgresServer {
  port: number;
  url(database: string): string;
  createDatabase(name: string): Promise<string>;
  /** `pg_ctl stop -m immediate` (a crash: no checkpoint, recovery at the next start). */
  crash(): void;
  start(): void;
  stop(): void;
  isUp(): boolean;
}

/** A throwaway PostgreSQL cluster on a free loopback port, fsync on (durability is what is tested). */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBin();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'congso-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const socketDir = join(dir, 'run');
  mkdirSync(socketDir);
  chmodSync(socketDir, 0o777);
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres', dir]);
  asPostgres(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const options = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=128MB`;
  const pgctl = (args: string[]) => asPostgres(join(bin, 'pg_ctl'), ['-D', data, ...args]);
  const server: PostgresServer = {
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async createDatabase(name) {
      execFileSync('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-qc', `create database ${name}`]);
      return server.url(name);
    },
    crash: () => pgctl(['stop', '-m', 'immediate', '-w']),
    start: () => pgctl(['start', '-w', '-t', '60', '-l', join(dir, 'log'), '-o', options]),
    stop: () => {
      try {
        pgctl(['stop', '-m', 'fast', '-w']);
      } catch {}
      rmSync(dir, { recursive: true, force: true });
    },
    isUp: () => {
      try {
        execFileSync('pg_isready', ['-h', '127.0.0.1', '-p', String(port), '-q']);
        return true;
      } catch {
        return false;
      }
    },
  };
  server.start();
  return server;
}

export interface CongsoProcess {
  port: number;
  url: string;
  child: ChildProcess;
  output(): string;
  /** kill -9: no shutdown hook runs. */
  kill(): void;
  /** SIGTERM and wait for the exit (graceful shutdown). */
  terminate(): Promise<number | null>;
  alive(): boolean;
}

/** One Congso process on `port` (a fresh free one when omitted), ready when this resolves. */
export async function startCongso(env: Record<string, string>, port?: number): Promise<CongsoProcess> {
  const p = port ?? (await freePort());
  const url = `http://127.0.0.1:${p}`;
  let log = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      COOKIE_SECURE: 'false',
      HOST: '127.0.0.1',
      PORT: String(p),
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      SIGNING_KEY_PASSPHRASE: 'cluster-test-passphrase',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const append = (chunk: Buffer) => {
    log += chunk.toString('utf8');
    if (log.length > 100_000) log = log.slice(-50_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const alive = () => child.exitCode === null && child.signalCode === null;
  const proc: CongsoProcess = {
    port: p,
    url,
    child,
    output: () => log,
    kill: () => {
      if (alive()) child.kill('SIGKILL');
    },
    terminate: async () => {
      if (!alive()) return child.exitCode;
      const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      return exit;
    },
    alive,
  };
  await waitFor(
    `Congso on port ${p} ready`,
    async () => {
      if (!alive()) throw new Error(`Congso on port ${p} exited (${child.exitCode ?? child.signalCode}):\n${log}`);
      return isReady(url);
    },
    120_000,
    () => log,
  );
  return proc;
}

export interface Nginx {
  url: string;
  /**
   * deploy/rolling-restart.sh --take-out: the port marked `down` in the upstream, nginx reloaded, and back
   * once nothing is connected to the process any more. Returns the script's output.
   */
  takeOut(port: number): Promise<string>;
  /** deploy/rolling-restart.sh --put-back: once the port's /readyz answers 200, back in the upstream. */
  putBack(port: number): Promise<string>;
  stop(): void;
}

const run = promisify(execFile);

/**
 * Debian's nginx as a load balancer over the given ports, with deploy/nginx/congso-proxy.conf (the shipped
 * proxy settings) included, on a free loopback port. Runs in the foreground of its own process. The
 * upstream's server lines are in their own file, as in deploy/nginx, so that deploy/rolling-restart.sh
 * takes processes out and puts them back exactly as in production.
 */
export async function startNginx(upstreamPorts: number[]): Promise<Nginx> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'congso-nginx-'));
  const proxy = process.env.CONGSO_NGINX_PROXY_CONF ?? join(repoRoot, 'deploy', 'nginx', 'congso-proxy.conf');
  if (!existsSync(proxy)) throw new Error(`missing ${proxy}`);
  const conf = join(dir, 'nginx.conf');
  const upstream = join(dir, 'congso-upstream.conf');
  writeFileSync(upstream, upstreamPorts.map((p) => `server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;\n`).join(''));
  const isRoot = process.getuid?.() === 0;
  writeFileSync(
    conf,
    `${isRoot ? 'user root;\n' : ''}worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  client_max_body_size 12m;
  upstream congso {
    include ${upstream};
    keepalive 64;
    keepalive_timeout 2s;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://congso;
      include ${proxy};
    }
  }
}
`,
  );
  execFileSync('nginx', ['-t', '-q', '-p', dir, '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  const child = spawn('nginx', ['-p', dir, '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    'nginx listening',
    async () => {
      try {
        const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) });
        await r.body?.cancel();
        return true;
      } catch {
        return false;
      }
    },
    20_000,
  );
  const script = join(repoRoot, 'deploy', 'rolling-restart.sh');
  const step = async (what: '--take-out' | '--put-back', port: number) => {
    const options = [
      '--upstream',
      upstream,
      '--nginx',
      `nginx -p ${dir} -c ${conf}`,
      '--nginx-pid',
      join(dir, 'nginx.pid'),
    ];
    const { stdout, stderr } = await run('bash', [script, ...options, what, String(port)], { timeout: 180_000 });
    return `${stdout}${stderr}`.trim();
  };
  return {
    url,
    takeOut: (port) => step('--take-out', port),
    putBack: (port) => step('--put-back', port),
    stop: () => {
      child.kill('SIGQUIT');
      setTimeout(() => {
        child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
      }, 2_000).unref();
    },
  };
}
