/**
 * Shared by the security suite's files that need a real server process (sqlmap, Chromium): a server
 * started with `startServer` on 127.0.0.1 with the demo province and catalogue, on PGlite (default) or —
 * when DATABASE_URL names a PostgreSQL server — on a fresh database created there and dropped afterwards;
 * and a small API client that signs in and sends the CSRF proof as the web app does.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase } from '@congso/db/testing';
import { DEMO_PASSWORD } from '../../packages/server/src/testing';
import { type RunningServer, repoRoot, startServer } from '../support/server';

export { DEMO_PASSWORD };

/** Starts a server (and its fresh PostgreSQL database when DATABASE_URL is set); `stop` removes both. */
export async function startSecurityServer(env: Record<string, string> = {}): Promise<RunningServer> {
  if (!process.env.DATABASE_URL) return startServer({ env: { ...env, DATABASE_URL: '' }, timeoutMs: 180_000 });
  const database = await createTestDatabase({ migrate: false });
  try {
    const server = await startServer({
      env: { ...env, DATABASE_URL: database.databaseUrl ?? '', SEED_DEMO: 'true' },
      timeoutMs: 180_000,
    });
    return {
      ...server,
      stop: async () => {
        await server.stop();
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/** Builds the web app once when packages/web/dist is missing (the browser checks and the page checks need it). */
export async function ensureWebBuilt(): Promise<string> {
  const dist = join(repoRoot, 'packages', 'web', 'dist');
  if (!existsSync(join(dist, 'index.html')))
    execFileSync('npm', ['run', 'build:web'], { cwd: repoRoot, stdio: 'ignore' });
  return dist;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field in the tests
  json: any;
  text: string;
  ms: number;
}

/** A tiny client of the real server's API: JSON in and out, the CSRF header on unsafe methods, a cookie. */
export function apiClient(baseUrl: string) {
  async function call(
    method: string,
    path: string,
    options: { cookie?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse> {
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(method);
    const started = performance.now();
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(unsafe ? { 'x-congso-request': '1' } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.cookie ? { cookie: `congso_session=${options.cookie}` } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await res.text();
    const ms = performance.now() - started;
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: res.status, headers: res.headers, json, text, ms };
  }
  async function login(username: string, password = DEMO_PASSWORD): Promise<string> {
    const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'x-congso-request': '1', 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('congso_session='));
    if (res.status !== 200 || !cookie) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    return cookie.slice('congso_session='.length).split(';')[0] ?? '';
  }
  async function upload(cookie: string, name: string, bytes: Uint8Array): Promise<ApiResponse> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), name);
    const res = await fetch(`${baseUrl}/api/v1/files`, {
      method: 'POST',
      headers: { 'x-congso-request': '1', cookie: `congso_session=${cookie}` },
      body: form,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, json: JSON.parse(text), text, ms: 0 };
  }
  return { call, login, upload };
}
