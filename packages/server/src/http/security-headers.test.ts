import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify from 'fastify';
import { registerSecurityHeaders } from './security-headers';

const options: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      frameAncestors: ["'none'"],
      upgradeInsecureRequests: [],
    },
  },
  strictTransportSecurity: true,
  crossOriginEmbedderPolicy: false,
};

async function headersOf(register: (app: ReturnType<typeof Fastify>) => Promise<unknown>) {
  const app = Fastify();
  await register(app);
  app.get('/ok', async () => ({ ok: true }));
  app.get('/fails', async () => {
    throw new Error('boom');
  });
  const seen: Record<string, unknown>[] = [];
  for (const url of ['/ok', '/fails', '/missing']) {
    const res = await app.inject({ method: 'GET', url });
    const { date: _date, 'content-length': _length, ...rest } = res.headers;
    seen.push({ url, status: res.statusCode, ...rest });
  }
  await app.close();
  return seen;
}

describe('security headers', () => {
  test('computed once, they are exactly what @fastify/helmet sets on every response', async () => {
    const helmet = await headersOf((app) => app.register(fastifyHelmet, options));
    const once = await headersOf((app) => registerSecurityHeaders(app, options));
    assert.deepEqual(once, helmet);
    assert.match(String(once[0]?.['content-security-policy']), /frame-ancestors 'none'/);
    assert.ok(once[0]?.['strict-transport-security']);
  });
});
