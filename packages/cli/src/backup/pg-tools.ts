import { type ChildProcess, spawn } from 'node:child_process';
import { redactUrl } from '@congso/db';
import { CliError } from '../errors';

/**
 * Runs PostgreSQL's client programs (pg_dump, pg_restore, psql) against a DATABASE_URL without ever putting
 * the password on a command line (where `ps` shows it) or in a message: it goes in PGPASSWORD.
 */
export interface PgTarget {
  /** The URL without its password, for `--dbname`. */
  dbname: string;
  env: NodeJS.ProcessEnv;
  redacted: string;
  scrub(text: string): string;
}

export function pgTarget(databaseUrl: string): PgTarget {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  const env: NodeJS.ProcessEnv = { ...process.env, PGAPPNAME: 'congso-cli' };
  delete env.PGPASSWORD;
  if (password) env.PGPASSWORD = password;
  return {
    dbname: url.toString(),
    env,
    redacted: redactUrl(databaseUrl),
    scrub: (text) => (password ? text.split(password).join('***') : text),
  };
}

export interface ToolRun {
  child: ChildProcess;
  /** Resolves when the program ends; rejects (CliError, vi/en) if it cannot start or exits non-zero. */
  done: Promise<void>;
}

/** Starts a PostgreSQL client program; `what` names the step in messages (vi / en). */
export function runTool(
  program: 'pg_dump' | 'pg_restore' | 'psql',
  args: string[],
  target: PgTarget,
  what: { vi: string; en: string },
  stdio: { stdin?: 'pipe' | 'ignore'; stdout?: 'pipe' | 'ignore' } = {},
): ToolRun {
  const child = spawn(program, args, {
    env: target.env,
    stdio: [stdio.stdin ?? 'ignore', stdio.stdout ?? 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 20_000) stderr += chunk.toString('utf8');
  });
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new CliError(
          error.code === 'ENOENT'
            ? `Không tìm thấy chương trình ${program}: hãy cài gói postgresql-client cùng phiên bản với máy chủ / ${program} not found: install postgresql-client of the server's version`
            : `${what.vi}: không chạy được ${program} / ${what.en}: cannot run ${program}: ${error.message}`,
        ),
      );
    });
    child.once('close', (code, signal) => {
      if (code === 0) {
        resolve();
        return;
      }
      const message = target.scrub(stderr.trim()) || `exit ${code ?? signal}`;
      const hint = /server version mismatch|aborting because of server version/i.test(message)
        ? `\n  ${program} cũ hơn máy chủ PostgreSQL: hãy cài ${program} cùng phiên bản với máy chủ / ${program} is older than the PostgreSQL server: install the server's version of ${program}`
        : '';
      reject(
        new CliError(
          `${what.vi} thất bại / ${what.en} failed (${program}, ${target.redacted}):\n  ${message.replace(/\n/g, '\n  ')}${hint}`,
        ),
      );
    });
  });
  return { child, done };
}

/** `pg_dump --version` → "15.20", or null when it is not installed. */
export async function toolVersion(program: 'pg_dump' | 'pg_restore' | 'psql'): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn(program, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
    });
    child.once('error', () => resolve(null));
    child.once('close', () => resolve(/(\d+(?:\.\d+)*)/.exec(out)?.[1] ?? null));
  });
}
