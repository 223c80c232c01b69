#!/usr/bin/env node
// `npm run typecheck`: tsc --noEmit for every package that has a tsconfig.json.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const projects = [...readdirSync(join(root, 'packages')).map((p) => join('packages', p)), 'e2e', 'bench'].filter((p) =>
  existsSync(join(root, p, 'tsconfig.json')),
);
let failed = false;
for (const p of projects) {
  const r = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', p, '--noEmit'], {
    cwd: root,
    stdio: 'inherit',
  });
  console.log(`${r.status === 0 ? 'ok  ' : 'FAIL'} ${p}`);
  failed ||= r.status !== 0;
}
process.exit(failed ? 1 : 0);
