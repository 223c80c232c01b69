import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CongsoError } from '@congso/core';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { registerAssistantRoutes } from './assistant/assistant.routes';
import { registerAuditRoutes } from './audit/audit.routes';
import { registerCatalogRoutes } from './catalog/catalog.routes';
import { registerDigitisationRoutes } from './digitisation/digitisation.routes';
import { registerDossierRoutes } from './dossiers/dossiers.routes';
import { registerDossierFormRoutes } from './dossiers/forms.routes';
import { registerLookupRoutes } from './dossiers/lookup.routes';
import { registerExchangeRoutes } from './exchange/exchange.routes';
import { registerPortalSyncRoutes } from './exchange/portal-sync.routes';
import { registerFeeRoutes } from './fees/fees.routes';
import { registerFileRoutes } from './files/files.routes';
import { registerGatewayRoutes } from './gateway/gateway.routes';
import { registerAuth } from './http/auth';
import { errorBody, frameworkError, registerErrorHandling } from './http/errors';
import { registerSecurityHeaders } from './http/security-headers';
import { registerIdentityRoutes } from './identity/identity.routes';
import { registerRepresentativeRoutes } from './identity/representatives.routes';
import { registerSsoRoutes } from './identity/sso.routes';
import { registerIocRoutes } from './ioc/ioc.routes';
import { registerNotificationRoutes } from './notifications/notifications.routes';
import { registerOfficeRoutes } from './office/office.routes';
import { registerPaymentRoutes } from './payments/payments.routes';
import { registerStatementRoutes } from './payments/statement.routes';
import type { AppContext } from './platform/context';
import { type Readiness, registerHealthRoutes } from './platform/health.routes';
import { registerReportingRoutes } from './reporting/reporting.routes';
import { registerCertificateRoutes } from './signing/certificates.routes';
import { registerTsaRoutes } from './signing/tsa/tsa.routes';
import { registerVerifyRoutes } from './signing/verify.routes';
import { registerWebhookRoutes } from './webhooks/webhooks.routes';

const defaultWebDist = resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist');

const noWebPage =
  '<!doctype html><html lang="vi"><meta charset="utf-8"><title>Congso</title><p>Congso đang chạy. Giao diện web chưa được build: chạy <code>npm run build:web</code>.</p><p>Congso is running. The web app is not built: run <code>npm run build:web</code>. API: <a href="/docs">/docs</a></p></html>';

export interface BuiltApp {
  app: FastifyInstance;
  readiness: Readiness;
}

export async function buildApp(ctx: AppContext): Promise<BuiltApp> {
  const readiness: Readiness = { shuttingDown: false };
  const app = Fastify({
    logger:
      ctx.config.LOG_LEVEL === 'silent'
        ? false
        : {
            level: ctx.config.LOG_LEVEL,
            redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
          },
    trustProxy: ctx.config.TRUST_PROXY,
    bodyLimit: 1024 * 1024,
    requestIdHeader: false,
    // A request that arrives on a kept-alive connection while closing is served, not refused with a 503 the
    // load balancer may not retry (a POST); the drain before closing makes such requests rare.
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    frameworkErrors: frameworkError,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  await registerSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: ctx.config.COOKIE_SECURE ? [] : null,
      },
    },
    strictTransportSecurity: ctx.config.COOKIE_SECURE,
    crossOriginEmbedderPolicy: false,
    // As the CSP's frame-ancestors 'none': no page of Congso is ever framed (older browsers read this one).
    frameguard: { action: 'deny' },
  });
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Congso API',
        description: 'Congso — chính quyền số cho tỉnh / digital government for Vietnamese provinces',
        version: '0.1.0',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'congso_session' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    // Installations on plain HTTP (a single office, a demo) must still load the page's own files.
    transformStaticCSP: (header) =>
      ctx.config.COOKIE_SECURE ? header : header.replace(/upgrade-insecure-requests;?\s*/, ''),
  });

  registerAuth(app, ctx);
  registerHealthRoutes(app, ctx, readiness);
  registerIdentityRoutes(app, ctx);
  registerSsoRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
  registerCatalogRoutes(app, ctx);
  registerDossierRoutes(app, ctx);
  registerDossierFormRoutes(app, ctx);
  registerFeeRoutes(app, ctx);
  registerDigitisationRoutes(app, ctx);
  registerRepresentativeRoutes(app, ctx);
  registerPaymentRoutes(app, ctx);
  await registerStatementRoutes(app, ctx);
  registerLookupRoutes(app, ctx);
  registerAssistantRoutes(app, ctx);
  await registerFileRoutes(app, ctx);
  registerNotificationRoutes(app, ctx);
  registerExchangeRoutes(app, ctx);
  registerPortalSyncRoutes(app, ctx);
  await registerVerifyRoutes(app, ctx);
  registerTsaRoutes(app, ctx);
  registerCertificateRoutes(app, ctx);
  registerOfficeRoutes(app, ctx);
  registerIocRoutes(app, ctx);
  registerReportingRoutes(app, ctx);
  registerWebhookRoutes(app, ctx);
  registerGatewayRoutes(app, ctx);

  const webDist = ctx.config.WEB_DIST ? resolve(ctx.config.WEB_DIST) : defaultWebDist;
  const hasWeb = existsSync(resolve(webDist, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDist, wildcard: false, index: false, maxAge: '1h' });
  const page = (reply: FastifyReply) =>
    hasWeb
      ? // The page names the hashed assets of this build: never kept from an earlier one (assets keep 1 h).
        reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false })
      : reply.type('text/html; charset=utf-8').send(noWebPage);
  app.get('/', { schema: { hide: true } }, (_request, reply) => page(reply));
  // Client-side routes (/login, /admin/...) get the app's page; everything else is a JSON 404.
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    // Only real asset extensions are files: /thu-tuc/1.001193 is a page (procedure codes end in digits).
    const isAsset = /\.(?:m?js|css|map|json|txt|xml|png|jpe?g|gif|webp|svg|ico|woff2?|ttf|pdf)$/i.test(path);
    const wantsPage = request.method === 'GET' && !path.startsWith('/api/') && !path.startsWith('/docs') && !isAsset;
    if (wantsPage) return page(reply);
    return reply
      .status(404)
      .send(errorBody(new CongsoError('NOT_FOUND', { details: { method: request.method, url: path } })));
  });
  return { app, readiness };
}
