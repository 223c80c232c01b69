import { timingSafeEqual } from 'node:crypto';
import { CongsoError, dossierStatusInfo } from '@congso/core';
import { type DossierLookupRow, getDossierForLookup } from '@congso/db';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clockedRateLimitStore, rateLimited, WindowCounters } from '../http/rate-limit';
import { errorSchema } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { maskName } from './dossiers.presenter';

export const lookupResponse = z.object({
  code: z.string(),
  procedureName: z.string(),
  applicant: z.string(),
  status: z.string(),
  statusNumber: z.number(),
  receivedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  outcome: z.string().nullable(),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The presenter: exactly the fields of `lookupResponse`, in its order (the route serialises it as is). */
function presentLookup(row: NonNullable<DossierLookupRow>): z.infer<typeof lookupResponse> {
  return {
    code: row.code,
    procedureName: row.procedureName,
    applicant: maskName(row.applicantName ?? ''),
    status: row.status,
    statusNumber: dossierStatusInfo[row.status as keyof typeof dossierStatusInfo]?.nationalCode ?? 0,
    receivedAt: iso(row.receivedAt),
    dueAt: iso(row.dueAt),
    finishedAt: iso(row.finishedAt),
    outcome: row.outcome,
  };
}

const codeLocked = {
  vi: 'Mã hồ sơ này đã bị tra cứu sai quá nhiều lần. Vui lòng thử lại sau.',
  en: 'Too many wrong lookups of this dossier code. Please try again later.',
};

/**
 * The public lookup of a dossier by its code and the last 4 digits of the applicant's phone (no sign-in):
 * the portal's "Tra cứu hồ sơ". Two limits keep codes from being enumerated with the 4-digit factor:
 * requests per client address per minute (@fastify/rate-limit), and wrong answers per code per hour, after
 * which the code answers 429 whatever the address. Unknown codes count like known ones, so the 429 says
 * nothing about whether a code exists. Both are in this process's memory (see WindowCounters).
 */
/** Per server context: wrong answers per code (shared by the lookup route and the guide's lookups). */
const failureCounters = new WeakMap<AppContext, WindowCounters | null>();
function failuresOf(ctx: AppContext): WindowCounters | null {
  let counters = failureCounters.get(ctx);
  if (counters === undefined) {
    const perHour = ctx.config.LOOKUP_CODE_FAILURES_PER_HOUR;
    counters = perHour > 0 ? new WindowCounters(ctx.now, 3_600_000) : null;
    failureCounters.set(ctx, counters);
  }
  return counters;
}

/**
 * A dossier by its code and the last 4 digits of its applicant's phone, under the lookup's rules: the same 404
 * for an unknown code and a wrong phone, and the wrong answers per code per hour (then 429 to every address).
 * The caller applies its per-address limit.
 */
export async function lookupDossier(
  ctx: AppContext,
  codeGiven: string,
  phone: string,
  reply?: FastifyReply,
): Promise<z.infer<typeof lookupResponse>> {
  const failures = failuresOf(ctx);
  const code = codeGiven.trim();
  // Counted before the read, so guesses sent at once count too; a right answer takes its count back.
  if (failures) {
    const { count, ttlMs } = failures.hit(code);
    if (count > ctx.config.LOOKUP_CODE_FAILURES_PER_HOUR) throw rateLimited(ttlMs, codeLocked, reply);
  }
  let row: DossierLookupRow;
  try {
    row = await getDossierForLookup(ctx.connection.db, code);
  } catch (error) {
    failures?.unhit(code);
    throw error;
  }
  const given = Buffer.from(phone);
  const expected = Buffer.from((row?.lookupSecret ?? '----').padStart(4, '-').slice(-4));
  // Same answer for an unknown code and a wrong phone: codes cannot be enumerated.
  if (!row || given.length !== expected.length || !timingSafeEqual(given, expected)) throw new CongsoError('NOT_FOUND');
  failures?.unhit(code);
  return presentLookup(row);
}

export function registerLookupRoutes(root: FastifyInstance, ctx: AppContext) {
  const perMinute = ctx.config.LOOKUP_RATE_LIMIT_PER_MINUTE;

  root.register(async (scope) => {
    if (perMinute > 0) {
      await scope.register(fastifyRateLimit, {
        global: false,
        // Keyed by request.ip (X-Forwarded-For only with TRUST_PROXY), IPv6 by /64, on the server's clock.
        store: clockedRateLimitStore(ctx.now),
        errorResponseBuilder: (_request, context) => rateLimited(context.ttl),
      });
    }
    const app = scope.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/api/v1/lookup',
      {
        schema: {
          tags: ['dossiers'],
          summary: 'Public lookup of a dossier by its code and the last 4 digits of the applicant’s phone',
          description:
            'Limited per client address per minute and per dossier code (wrong answers per hour): 429 RATE_LIMITED with Retry-After.',
          querystring: z.object({ code: z.string().min(10).max(40), phone: z.string().regex(/^\d{4}$/) }),
          response: { 200: lookupResponse, 400: errorSchema, 404: errorSchema, 429: errorSchema },
        },
        ...(perMinute > 0 ? { config: { rateLimit: { max: perMinute, timeWindow: 60_000 } } } : {}),
        // The busiest anonymous route: its bodies (the explicit presenter above, or errorBody) are written with
        // JSON.stringify instead of being parsed again by zod; the schemas above still document it.
        serializerCompiler: () => (data) => JSON.stringify(data),
      },
      async (request, reply) => lookupDossier(ctx, request.query.code, request.query.phone, reply),
    );
  });
}
