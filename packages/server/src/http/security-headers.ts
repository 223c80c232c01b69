import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';

/** Headers every response has anyway: not helmet's. */
const notHelmets = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive']);

/**
 * Security headers (helmet) on every response. @fastify/helmet builds helmet's middleware again on every
 * request (parsing the CSP directives each time: about 8% of the server's CPU on a small JSON route), yet with
 * a static configuration the headers never change. So they are computed once, by @fastify/helmet itself on a
 * throwaway instance with the same options, and set on each reply. Valid only for static options: no
 * directive may be a function of the request (nonces), and routes do not take their own helmet options.
 */
export async function registerSecurityHeaders(app: FastifyInstance, options: FastifyHelmetOptions) {
  const probe = Fastify({ logger: false });
  await probe.register(fastifyHelmet, options);
  probe.get('/', async () => 'probe');
  const res = await probe.inject({ method: 'GET', url: '/' });
  await probe.close();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (!notHelmets.has(name) && typeof value === 'string') headers[name] = value;
  }
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  return headers;
}
