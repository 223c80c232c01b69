import {
  assessSearch,
  authorize,
  CITIZEN_PHRASES,
  CongsoError,
  closestFields,
  decayed,
  foldForSearch,
  LEARNING,
  learningKey,
  type Procedure,
  procedureLevels,
  procedureSchema,
  receivingAgencyKinds,
  searchCatalog,
  serviceModes,
} from '@congso/core';
import {
  getDossierRow,
  getProcedureInForce,
  getProvinceRoot,
  getProvinceSetting,
  getSearchSynonyms,
  insertProcedureVersion,
  listProcedureFields,
  listProcedureVersions,
  listReceivingAgencies,
  listSearchLearning,
  listSearchMisses,
  mostFiledProcedures,
  recordSearchChoice,
  recordSearchFiling,
  recordSearchMiss,
  saveSearchSynonyms,
} from '@congso/db';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../http/auth';
import { rateLimited, WindowCounters } from '../http/rate-limit';
import { errorSchema, isoDate, listOf, paging, text } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { type ProcedureSummary, vietnamDate } from './catalog-index';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
const procedureCode = z.string().regex(/^\d+\.\d{6}$/);
const deadline = z.object({ amount: z.number(), unit: z.string(), calendarDays: z.boolean(), text: z.string() });
const fee = z.object({ amountVnd: z.number().nullable(), text: z.string() });
const channelMap = <T extends z.ZodType>(v: T) =>
  z.object({ counter: v.optional(), online: v.optional(), postal: v.optional() });

const summarySchema = z.object({
  code: z.string(),
  name: z.string(),
  field: z.string(),
  levels: z.array(z.string()),
  serviceMode: z.string(),
  implementingAgencies: z.string(),
  version: z.number(),
  validFrom: z.string(),
  deadlines: channelMap(deadline),
  fees: channelMap(fee),
});

function presentSummary(s: ProcedureSummary) {
  return {
    code: s.code,
    name: s.name,
    field: s.field,
    levels: s.levels,
    serviceMode: s.serviceMode,
    implementingAgencies: s.implementingAgencies,
    version: s.version,
    validFrom: s.validFrom,
    deadlines: s.deadlines,
    fees: s.fees,
  };
}

const detailSchema = z.object({
  versionId: z.string(),
  version: z.number(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  procedure: z.unknown(),
});

/** A query key as kept for the province's review: no word holding a digit (codes, phone or card numbers). */
const missKey = (key: string) =>
  key
    .split(' ')
    .filter((w) => w && !/\d/.test(w))
    .join(' ');

const message = z.object({ vi: z.string(), en: z.string() });
const questionSchema = z.object({
  facet: z.string(),
  text: message,
  options: z.array(z.object({ label: message, codes: z.array(z.string()) })),
});

const phraseSchema = z.strictObject({
  says: z.array(z.string().trim().min(1).max(100)).min(1).max(30),
  means: z.string().trim().min(1).max(200),
});

export function registerCatalogRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const cache = ctx.memory.catalog;
  const db = ctx.connection.db;

  app.get(
    '/api/v1/procedures',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Search the procedures in force (public): without diacritics, with typos, in plain words',
        querystring: z.object({
          q: z.string().max(300).optional(),
          field: z.string().max(200).optional(),
          level: z.enum(procedureLevels).optional(),
          serviceMode: z.enum(serviceModes).optional(),
          agency: z.string().max(200).optional(),
          ...paging,
        }),
        response: {
          200: listOf(summarySchema).extend({
            quality: z.enum(['good', 'close', 'none']).nullable(),
            question: questionSchema.nullable(),
            closestFields: z.array(z.string()),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { q, limit, offset, ...filters } = request.query;
      const { index, summaries } = await cache.get();
      const learned = q ? await cache.learnedFor(learningKey(index, q)) : undefined;
      const result = searchCatalog(index, q ?? '', {
        ...filters,
        limit,
        offset,
        popularity: cache.popularityPrior(),
        learned,
      });
      // On the first page of a search: whether it fits well, is close between a few (with the question that
      // separates them), or fits nothing (with the fields nearest to what was asked).
      const assessment = q?.trim() && offset === 0 ? assessSearch(result.hits) : null;
      const unfiltered = !filters.field && !filters.level && !filters.serviceMode;
      if (q && (result.total === 0 || assessment?.quality === 'none') && offset === 0 && unfiltered) {
        const key = missKey(learningKey(index, q));
        if (key) await recordSearchMiss(db, key, 'empty', ctx.now());
      }
      return {
        total: result.total,
        items: result.hits.map((h) => presentSummary(summaries.get(h.entry.id) as ProcedureSummary)),
        quality: assessment?.quality ?? null,
        question: assessment?.question ?? null,
        closestFields: assessment?.quality === 'none' ? closestFields(result.hits) : [],
      };
    },
  );

  // The home page of every visitor asks for it: counted at most once a minute per process and window.
  const popular = new Map<string, { at: number; items: Promise<{ code: string; filings: number }[]> }>();
  app.get(
    '/api/v1/procedures/popular',
    {
      schema: {
        tags: ['catalog'],
        summary:
          'The procedures most filed in the province in the last `days` days (public), most first, with their filings; counted at most once a minute',
        querystring: z.object({
          days: z.coerce.number().int().min(1).max(366).default(30),
          limit: z.coerce.number().int().min(1).max(20).default(8),
        }),
        response: {
          200: z.object({
            days: z.number(),
            items: z.array(summarySchema.extend({ filings: z.number() })),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { days, limit } = request.query;
      const key = `${days}:${limit}`;
      const now = ctx.now().getTime();
      let entry = popular.get(key);
      if (!entry || now - entry.at > 60_000 || now < entry.at) {
        entry = { at: now, items: mostFiledProcedures(db, new Date(now - days * 86_400_000), limit) };
        popular.set(key, entry);
        entry.items.catch(() => popular.delete(key));
      }
      const counted = await entry.items;
      const { summaries } = await cache.get();
      const byCode = new Map<string, ProcedureSummary>();
      const wanted = new Set(counted.map((c) => c.code));
      for (const s of summaries.values()) if (wanted.has(s.code)) byCode.set(s.code, s);
      // A procedure no longer in force is left out: the citizen could not file it.
      const items = counted.flatMap((c) => {
        const summary = byCode.get(c.code);
        return summary ? [{ ...presentSummary(summary), filings: c.filings }] : [];
      });
      return { days, items };
    },
  );

  // The anonymous learning signals, limited per client address (like the public lookup; both routes count
  // together): with the minimum count and the cap of the boost, a bot from one address cannot steer what
  // everyone finds. In this process's memory, on the server's clock (nginx `limit_req` complements it).
  root.register(async (scope) => {
    const perMinute = ctx.config.SEARCH_SIGNALS_PER_MINUTE;
    const counters = perMinute > 0 ? new WindowCounters(ctx.now, 60_000) : null;
    const limited = {
      preHandler: async (request: { ip: string }, reply: FastifyReply) => {
        if (!counters) return;
        const { count, ttlMs } = counters.hit(request.ip);
        if (count > perMinute) throw rateLimited(ttlMs, undefined, reply);
      },
    };
    const signals = scope.withTypeProvider<ZodTypeProvider>();
    signals.post(
      '/api/v1/procedures/search-choices',
      {
        schema: {
          tags: ['catalog'],
          summary:
            'Record that a procedure was chosen after a search (public; kept per normalised query and code, no personal data). With `dossierId`, that it was filed (the applicant, signed in, within a day of filing; once per dossier)',
          description: 'Limited per client address per minute: 429 RATE_LIMITED with Retry-After.',
          body: z.strictObject({
            query: z.string().min(1).max(300),
            code: procedureCode,
            dossierId: z.uuid().optional(),
          }),
          response: { 204: z.null(), ...errors, 429: errorSchema },
        },
        ...limited,
      },
      async (request, reply) => {
        const { query, code, dossierId } = request.body;
        const { index } = await cache.get();
        if (dossierId) {
          // A filing counts when the one who filed it says so, for the procedure filed, soon after.
          const actor = requireSession(request).actor;
          const dossier = await getDossierRow(db, { id: dossierId });
          const recent = dossier && ctx.now().getTime() - dossier.submittedAt.getTime() <= 86_400_000;
          if (!dossier || dossier.applicantId !== actor.id || dossier.procedureCode !== code || !recent)
            throw new CongsoError('NOT_FOUND');
          const key = learningKey(index, query);
          if (key) {
            await recordSearchFiling(ctx.connection.db, {
              dossierId,
              queryKey: key,
              code,
              at: ctx.now(),
              weight: LEARNING.filingWeight,
            });
            cache.forgetLearned();
          }
          return reply.status(204).send(null);
        }
        if (!(await cache.versionInForce(code))) throw new CongsoError('NOT_FOUND');
        const key = learningKey(index, query);
        if (key) {
          await recordSearchChoice(db, key, code, ctx.now());
          cache.forgetLearned();
        }
        return reply.status(204).send(null);
      },
    );

    signals.post(
      '/api/v1/procedures/search-misses',
      {
        schema: {
          tags: ['catalog'],
          summary: 'Record that a search was replaced at once by another (public; kept per normalised query)',
          description: 'Limited per client address per minute: 429 RATE_LIMITED with Retry-After.',
          body: z.strictObject({ query: z.string().min(1).max(300), kind: z.enum(['refined']) }),
          response: { 204: z.null(), ...errors, 429: errorSchema },
        },
        ...limited,
      },
      async (request, reply) => {
        const { index } = await cache.get();
        const key = missKey(learningKey(index, request.body.query));
        if (key) await recordSearchMiss(db, key, request.body.kind, ctx.now());
        return reply.status(204).send(null);
      },
    );
  });

  const requireCatalogManager = async (request: Parameters<typeof requireSession>[0]) => {
    const actor = requireSession(request).actor;
    const province = await getProvinceSetting(db);
    const rootAgency = province ? await getProvinceRoot(db, province.code) : undefined;
    authorize(actor, 'catalog.manage', { agencyPath: rootAgency ? [rootAgency.id] : [] });
    return actor;
  };

  app.get(
    '/api/v1/search/synonyms',
    {
      schema: {
        tags: ['catalog'],
        summary: "The province's search synonyms (citizens' phrases → the catalogue's words), with their version",
        response: {
          200: z.object({ version: z.number(), edited: z.boolean(), phrases: z.array(phraseSchema) }),
          ...errors,
        },
      },
    },
    async (request) => {
      await requireCatalogManager(request);
      const saved = await getSearchSynonyms(db);
      return saved
        ? {
            version: saved.version,
            edited: true,
            phrases: saved.phrases.map((p) => ({ says: [...p.says], means: p.means })),
          }
        : { version: 0, edited: false, phrases: CITIZEN_PHRASES.map((p) => ({ says: [...p.says], means: p.means })) };
    },
  );

  app.put(
    '/api/v1/search/synonyms',
    {
      schema: {
        tags: ['catalog'],
        summary: "Replace the province's search synonyms (province administrators; one audit event, a new version)",
        body: z.strictObject({
          expectedVersion: z.number().int().min(0),
          reason: text(500),
          phrases: z.array(phraseSchema).max(1000),
        }),
        response: { 200: z.object({ version: z.number() }), ...errors },
      },
    },
    async (request) => {
      const actor = await requireCatalogManager(request);
      const { expectedVersion, reason, phrases } = request.body;
      const empty = phrases.flatMap((p, i) =>
        [
          ...p.says.map((s, j) => ({ text: s, path: `phrases.${i}.says.${j}` })),
          { text: p.means, path: `phrases.${i}.means` },
        ]
          .filter((x) => foldForSearch(x.text) === '')
          .map((x) => ({
            path: x.path,
            code: 'no_words',
            message: { vi: 'Cần có chữ hoặc số.', en: 'Needs letters or digits.' },
          })),
      );
      if (empty.length > 0) throw new CongsoError('VALIDATION_FAILED', { details: empty });
      const result = await saveSearchSynonyms(ctx.connection.db, {
        phrases,
        expectedVersion,
        actorId: actor.id,
        now: ctx.now(),
        reason,
      });
      cache.invalidate();
      if (result === 'stale') {
        const current = await getSearchSynonyms(db);
        throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: current?.version ?? 0 } });
      }
      return result;
    },
  );

  app.get(
    '/api/v1/search/misses',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Searches that found nothing or were refined at once, most frequent first (province administrators)',
        response: {
          200: z.object({
            items: z.array(z.object({ query: z.string(), kind: z.string(), count: z.number(), lastAt: z.string() })),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      await requireCatalogManager(request);
      const rows = await listSearchMisses(db);
      return {
        items: rows.map((r) => ({ query: r.queryKey, kind: r.kind, count: r.count, lastAt: r.lastAt.toISOString() })),
      };
    },
  );

  app.get(
    '/api/v1/search/learning',
    {
      schema: {
        tags: ['catalog'],
        summary:
          'What people chose after searching (opened or filed), per normalised query and procedure, most chosen first (province administrators)',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                query: z.string(),
                code: z.string(),
                name: z.string().nullable(),
                weight: z.number(),
                filings: z.number(),
                boosts: z.boolean(),
                lastAt: z.string(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      await requireCatalogManager(request);
      const rows = await listSearchLearning(db);
      const now = ctx.now();
      const items = await Promise.all(
        rows.map(async (r) => {
          const weight = decayed(r.weight, r.updatedAt, now);
          return {
            query: r.queryKey,
            code: r.code,
            name: (await cache.versionInForce(r.code))?.name ?? null,
            weight: Math.round(weight * 10) / 10,
            filings: r.filings,
            boosts: weight >= LEARNING.minimumCount,
            lastAt: r.updatedAt.toISOString(),
          };
        }),
      );
      return { items };
    },
  );

  app.get(
    '/api/v1/procedure-fields',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Fields (lĩnh vực) of the procedures in force, with counts (public)',
        response: { 200: z.object({ items: z.array(z.object({ field: z.string(), count: z.number() })) }), ...errors },
      },
    },
    async () => ({ items: await listProcedureFields(db, vietnamDate(ctx.now())) }),
  );

  app.get(
    '/api/v1/procedures/:code',
    {
      schema: {
        tags: ['catalog'],
        summary: 'A procedure as in force today (or on ?on=YYYY-MM-DD): documents, fees, deadlines, steps',
        params: z.strictObject({ code: procedureCode }),
        querystring: z.object({ on: isoDate.optional() }),
        response: { 200: detailSchema, ...errors },
      },
    },
    async (request) => {
      const row = await getProcedureInForce(db, request.params.code, request.query.on ?? vietnamDate(ctx.now()));
      if (!row) throw new CongsoError('NOT_FOUND');
      return {
        versionId: row.id,
        version: row.version,
        validFrom: row.validFrom,
        validTo: row.validTo,
        procedure: row.data,
      };
    },
  );

  app.get(
    '/api/v1/procedures/:code/receiving-agencies',
    {
      schema: {
        tags: ['catalog'],
        summary:
          'Where a procedure in force is filed (public): the communes for commune-level procedures, the departments and the service centre for province-level ones',
        params: z.strictObject({ code: procedureCode }),
        querystring: z.object({
          q: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: listOf(z.object({ id: z.string(), code: z.string(), name: z.string(), kind: z.string() })),
          ...errors,
        },
      },
    },
    async (request) => {
      const row = await cache.versionInForce(request.params.code);
      if (!row) throw new CongsoError('NOT_FOUND');
      const kinds = receivingAgencyKinds((row.data as Procedure).levels);
      return listReceivingAgencies(db, { kinds, q: request.query.q, limit: request.query.limit });
    },
  );

  app.get(
    '/api/v1/procedures/:code/versions',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Every version of a procedure, oldest first',
        params: z.strictObject({ code: procedureCode }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                version: z.number(),
                validFrom: z.string(),
                validTo: z.string().nullable(),
                name: z.string(),
                createdAt: z.string(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const rows = await listProcedureVersions(db, request.params.code);
      if (rows.length === 0) throw new CongsoError('NOT_FOUND');
      return { items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
    },
  );

  app.post(
    '/api/v1/procedures/:code/versions',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Edit a procedure from a date: creates a new version (province administrators)',
        params: z.strictObject({ code: procedureCode }),
        body: z.strictObject({
          expectedVersion: z.number().int().min(1),
          validFrom: isoDate,
          reason: text(500),
          changes: z.strictObject({
            name: text(500).optional(),
            serviceMode: z.enum(serviceModes).optional(),
            deadlines: z.unknown().optional(),
            fees: z.unknown().optional(),
            channels: z.unknown().optional(),
            requiredDocuments: z.unknown().optional(),
            results: z.unknown().optional(),
            steps: z.unknown().optional(),
          }),
        }),
        response: { 201: detailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireSession(request).actor;
      const province = await getProvinceSetting(db);
      const rootAgency = province ? await getProvinceRoot(db, province.code) : undefined;
      authorize(actor, 'catalog.manage', { agencyPath: rootAgency ? [rootAgency.id] : [] });
      const { code } = request.params;
      const { expectedVersion, validFrom, reason, changes } = request.body;
      const versions = await listProcedureVersions(db, code);
      const latest = versions[versions.length - 1];
      if (!latest) throw new CongsoError('NOT_FOUND');
      const current = await getProcedureInForce(db, code, latest.validFrom);
      const merged = {
        ...(current?.data as Procedure),
        ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
      };
      const parsed = procedureSchema.safeParse(merged);
      if (!parsed.success) {
        throw new CongsoError('VALIDATION_FAILED', {
          details: parsed.error.issues.map((i) => ({
            path: `changes.${i.path.join('.')}`,
            code: i.code,
            message: { vi: 'Giá trị không hợp lệ.', en: i.message },
          })),
        });
      }
      const result = await insertProcedureVersion(ctx.connection.db, parsed.data as Procedure, {
        validFrom,
        now: ctx.now(),
        actorId: actor.id,
        reason,
        expectedVersion,
      });
      if (result === 'missing') throw new CongsoError('NOT_FOUND');
      if (result === 'stale')
        throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: latest.version } });
      if (result === 'too_early') {
        throw new CongsoError('VALIDATION_FAILED', {
          messages: {
            vi: 'Ngày hiệu lực mới phải sau ngày hiệu lực của phiên bản hiện tại.',
            en: 'The new version must start after the current one.',
          },
          details: [{ path: 'validFrom', code: 'too_early' }],
        });
      }
      return reply.status(201).send({
        versionId: result.id,
        version: result.version,
        validFrom: result.validFrom,
        validTo: result.validTo,
        procedure: result.data,
      });
    },
  );
}
