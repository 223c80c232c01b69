import { CongsoError } from '@congso/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { setSessionCookie } from '../http/auth';
import { errorSchema } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { configuredSsoProviders, finishSso, ssoProviders, startSso } from './sso';

/** The state of the sign-in this browser started (httpOnly, only sent back to the callback). */
export const SSO_STATE_COOKIE = 'congso_oidc_state';
const COOKIE_PATH = '/api/v1/auth/oidc';

export function registerSsoRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const provider = z.strictObject({ provider: z.enum(ssoProviders) });

  app.get(
    '/api/v1/auth/providers',
    {
      schema: {
        tags: ['identity'],
        summary: 'The external identity providers one may sign in with (public)',
        response: {
          200: z.object({
            providers: z.array(z.object({ id: z.enum(ssoProviders), displayName: z.string() })),
          }),
        },
      },
    },
    async () => ({ providers: configuredSsoProviders(ctx.config) }),
  );

  app.get(
    '/api/v1/auth/oidc/:provider/start',
    {
      schema: {
        tags: ['identity'],
        summary: 'Starts a sign-in at the provider (redirects there; binds the state to this browser)',
        params: provider,
        querystring: z.object({ next: z.string().max(500).optional() }),
        response: { 302: z.null(), 404: errorSchema, 401: errorSchema },
      },
    },
    async (request, reply) => {
      const { url, state } = await startSso(ctx, request.params.provider, request.query.next ?? null);
      reply.setCookie(SSO_STATE_COOKIE, state, {
        path: COOKIE_PATH,
        httpOnly: true,
        // Lax: the provider's redirect back is a top-level GET navigation, which carries it.
        sameSite: 'lax',
        secure: ctx.config.COOKIE_SECURE,
        maxAge: 600,
      });
      reply.header('cache-control', 'no-store');
      return reply.redirect(url, 302);
    },
  );

  app.get(
    '/api/v1/auth/oidc/:provider/callback',
    {
      schema: {
        tags: ['identity'],
        summary:
          "The provider's redirect back: checks state (this browser's), code with PKCE, ID token; opens a session and redirects",
        params: provider,
        response: { 302: z.null() },
      },
    },
    async (request, reply) => {
      const { provider: which } = request.params;
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
      reply.clearCookie(SSO_STATE_COOKIE, {
        path: COOKIE_PATH,
        httpOnly: true,
        sameSite: 'lax',
        secure: ctx.config.COOKIE_SECURE,
      });
      reply.header('cache-control', 'no-store');
      try {
        const { token, next } = await finishSso(ctx, which, {
          query,
          browserState: request.cookies[SSO_STATE_COOKIE] ?? null,
          ip: request.ip ?? null,
          userAgent: request.headers['user-agent'] ?? null,
          requestId: String(request.id),
          previousSessionId: request.currentSession?.id ?? null,
        });
        setSessionCookie(reply, ctx, token);
        return reply.redirect(next, 302);
      } catch (error) {
        // A browser arrives here: it goes back to the sign-in page, which says what failed (vi/en by the code).
        const code = error instanceof CongsoError ? error.code : 'SSO_FAILED';
        if (!(error instanceof CongsoError)) request.log.error({ err: error }, 'sso callback failed');
        return reply.redirect(`/login?sso_error=${encodeURIComponent(code)}`, 302);
      }
    },
  );
}
