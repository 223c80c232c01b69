/**
 * A CPU profile of one phase of a benchmark, when BENCH_PROFILE names a file: the V8 profiler of this process
 * (the server under test runs in it) started before the phase and written as a .cpuprofile after it (open it in
 * Chromium's DevTools, or summarise it with `npm run bench -- profile-summary FILE`).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

export async function profiled<T>(phase: () => Promise<T>): Promise<T> {
  const file = process.env.BENCH_PROFILE;
  if (!file) return phase();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await phase();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    console.log(`CPU profile of the measured phase: ${file}`);
  }
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** Self and total time per function and per package of a .cpuprofile, the largest first. */
export function summariseProfile(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const totalTime = [...self.values()].reduce((a, b) => a + b, 0);
  const area = (n: ProfileNode) => {
    const { url, functionName } = n.callFrame;
    if (!url) return functionName.startsWith('(') ? functionName : '(native)';
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (m) return m[1] as string;
    const p = /packages\/([^/]+)\/src\/([^/]+)/.exec(url);
    if (p) return `congso/${p[1]}/${p[2]}`;
    return url.startsWith('node:') ? url : url.replace(/^.*\/work\/[^/]+\//, '');
  };
  const fnSelf = new Map<string, number>();
  const areaSelf = new Map<string, number>();
  const fnTotal = new Map<string, number>();
  for (const [id, t] of self) {
    const n = byId.get(id) as ProfileNode;
    const key = `${n.callFrame.functionName || '(anonymous)'} ${area(n)}:${n.callFrame.lineNumber + 1}`;
    fnSelf.set(key, (fnSelf.get(key) ?? 0) + t);
    areaSelf.set(area(n), (areaSelf.get(area(n)) ?? 0) + t);
    // Total: every distinct function on the sample's stack.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at) as ProfileNode;
      const k = `${f.callFrame.functionName || '(anonymous)'} ${area(f)}:${f.callFrame.lineNumber + 1}`;
      if (seen.has(k)) continue;
      seen.add(k);
      fnTotal.set(k, (fnTotal.get(k) ?? 0) + t);
    }
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, t]) => `${((t / totalTime) * 100).toFixed(1).padStart(5)} %  ${k}`);
  return {
    totalMs: totalTime / 1000,
    areas: top(areaSelf, 25),
    self: top(fnSelf, 30),
    total: top(fnTotal, Number(process.env.BENCH_PROFILE_TOP ?? 40)),
  };
}
