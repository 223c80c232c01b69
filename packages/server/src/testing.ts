import { seedDemoProvince } from '@congso/db';
import { createTestDatabase, type TestDatabase } from '@congso/db/testing';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from './app';
import { loadConfig } from './config';
import { hashPassword } from './identity/passwords';
import type { AppContext } from './platform/context';

export const DEMO_PASSWORD = 'Congso@2026';

/** A seeded app on a fresh database, with a clock the test moves, and request helpers. */
export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  db: TestDatabase;
  clock: { now: Date; advance(ms: number): void };
  login(username: string, password?: string): Promise<string>;
  call(
    method: string,
    url: string,
    options?: { cookie?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const clock = {
    now: new Date('2026-11-23T02:00:00Z'),
    advance(ms: number) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
  await seedDemoProvince(db.connection.db, { hashPassword, now: clock.now });
  const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env }, { envFile: false });
  const ctx: AppContext = { connection: db.connection, config, now: () => clock.now };
  const { app } = await buildApp(ctx);
  await app.ready();
  const call: TestApp['call'] = (method, url, options = {}) => {
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(method);
    return app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(unsafe ? { 'x-congso-request': '1' } : {}),
        ...(options.cookie ? { cookie: `congso_session=${options.cookie}` } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { payload: options.body as object } : {}),
    });
  };
  return {
    app,
    ctx,
    db,
    clock,
    call,
    async login(username, password = DEMO_PASSWORD) {
      const res = await call('POST', '/api/v1/auth/login', { body: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'congso_session');
      if (!cookie) throw new Error('no session cookie');
      return cookie.value;
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
