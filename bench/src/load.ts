import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';

/**
 * HTTP load from a process of its own, as clients are in life: the load generator's CPU is not spent on the
 * server's event loop (in the same process it took a third of it). Still the same two cores: the figures are
 * what the machine does with its clients on it, not a cluster's.
 */

export interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  /** Requests a second for all connections together; omitted: as fast as answers come. */
  perSecond?: number;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** The requests, each used once in turn (paths and bodies); when they run out, the last one repeats. */
  requests: { path: string; body?: string; headers?: Record<string, string> }[];
  /** Round and round the requests instead (reads). */
  cycle?: boolean;
  /** Stop after this many requests (each of `requests` once) instead of after `seconds`. */
  amount?: number;
  /** A request unanswered after this long counts as an error (autocannon's default: 10). */
  timeoutSeconds?: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

async function runHere(spec: LoadSpec): Promise<LoadResult> {
  let next = 0;
  const request = (): autocannon.Request => {
    const i = next++;
    const at = spec.cycle ? i % spec.requests.length : Math.min(i, spec.requests.length - 1);
    const r = spec.requests[at] as LoadSpec['requests'][number];
    return {
      method: spec.method,
      path: r.path,
      headers: { ...spec.headers, ...r.headers },
      ...(r.body === undefined ? {} : { body: r.body }),
    };
  };
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    ...(spec.perSecond ? { overallRate: spec.perSecond } : {}),
    ...(spec.amount ? { amount: spec.amount } : {}),
    ...(spec.timeoutSeconds ? { timeout: spec.timeoutSeconds } : {}),
    requests: [{ ...request(), setupRequest: (req) => ({ ...req, ...request() }) }],
  });
  return {
    // Requests over the run's own duration: autocannon's average is over whole-second buckets (a run of 4.6 s
    // with 1,004 requests read 251/s whatever happened in it).
    requestsPerSecond: Math.round(result.requests.total / Math.max(result.duration, 0.001)),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** Runs `spec` in a child process and gives its figures. */
export async function load(spec: LoadSpec): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'congso-load-'));
  try {
    const file = join(dir, 'spec.json');
    writeFileSync(file, JSON.stringify(spec));
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`load generator exited with ${code}: ${out}`);
    return JSON.parse(out.trim().split('\n').at(-1) as string) as LoadResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const spec = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as LoadSpec;
  console.log(JSON.stringify(await runHere(spec)));
}
