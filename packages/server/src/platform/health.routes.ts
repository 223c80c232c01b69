import { CongsoError } from '@congso/core';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { AppContext } from './context';

export interface Readiness {
  shuttingDown: boolean;
}

/** Liveness, readiness (reflects the database) and Prometheus metrics. */
export function registerHealthRoutes(app: FastifyInstance, ctx: AppContext, readiness: Readiness) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'congso_' });
  const duration = new Histogram({
    name: 'congso_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  // Group commit (platform/batcher.ts), per kind of work: runs and items since the start (their rates' ratio is
  // the mean group size) and what waits now.
  const groups = (name: string, help: string, read: (b: { runs: number; items: number; pending: number }) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['work'] as const,
      registers: [registry],
      collect() {
        for (const [work, batcher] of Object.entries(ctx.memory.batchers)) this.set({ work }, read(batcher));
      },
    });
  groups('congso_group_runs', 'Groups written together since the start (group commit), by work', (b) => b.runs);
  groups('congso_group_items', 'Items written in groups since the start, by work', (b) => b.items);
  groups('congso_group_waiting', 'Items waiting for a group now, by work', (b) => b.pending);
  // Shutting down: every answer sent from now on closes its connection (decided when the answer is sent, so a
  // request that began before the drain closes its connection too), and the load balancer's keep-alive
  // connections end cleanly after a response instead of being cut under a request it has just sent.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (readiness.shuttingDown) reply.header('connection', 'close');
    done(null, payload);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  const hide = { schema: { hide: true } };
  app.get('/healthz', hide, async () => ({ status: 'ok' }));
  app.get('/readyz', hide, async (_request, reply) => {
    if (readiness.shuttingDown) throw new CongsoError('SERVICE_UNAVAILABLE', { details: { reason: 'shutting down' } });
    try {
      await Promise.race([
        ctx.connection.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('database ping timed out')), 2_000).unref()),
      ]);
    } catch {
      throw new CongsoError('SERVICE_UNAVAILABLE', { details: { reason: 'database unreachable' } });
    }
    return reply.send({ status: 'ready', database: ctx.connection.kind });
  });
  app.get('/metrics', hide, async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}
