import {
  answerAbout,
  assessSearch,
  closestFields,
  dossierStatusInfo,
  learningKey,
  type Procedure,
  parseRequest,
  searchCatalog,
} from '@congso/core';
import { listDossiers } from '@congso/db';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { lookupDossier } from '../dossiers/lookup.routes';
import { rateLimited, WindowCounters } from '../http/rate-limit';
import { errorSchema } from '../http/schemas';
import type { AppContext } from '../platform/context';

const message = z.object({ vi: z.string(), en: z.string() });
const link = z.object({ label: message, href: z.string() });

export const assistantReply = z.object({
  intent: z.enum(['documents', 'duration', 'fee', 'where', 'status', 'file', 'about']),
  /** answer: facts about one procedure; question: which of a few (answer with `procedure`); none: nothing fits;
   * need_code: a dossier code and phone digits (or signing in) are needed; status: dossiers found. */
  kind: z.enum(['answer', 'question', 'none', 'need_code', 'status']),
  text: message,
  /** Each line in both languages: the guide's words translated, the catalogue's text (names) as published. */
  facts: z.array(z.object({ label: message, lines: z.array(message) })),
  procedure: z.object({ code: z.string(), name: z.string() }).nullable(),
  question: z
    .object({
      text: message,
      options: z.array(z.object({ label: message, code: z.string() })),
    })
    .nullable(),
  dossiers: z.array(
    z.object({ code: z.string(), procedureName: z.string(), status: message, href: z.string().nullable() }),
  ),
  /** Where each answer comes from: the procedure's page, the dossier. */
  sources: z.array(link),
  /** Filing the procedure chosen, when it can be filed online. */
  fileHref: z.string().nullable(),
});
type Reply = z.infer<typeof assistantReply>;

const empty = (intent: Reply['intent'], kind: Reply['kind'], text: Reply['text']): Reply => ({
  intent,
  kind,
  text,
  facts: [],
  procedure: null,
  question: null,
  dossiers: [],
  sources: [],
  fileHref: null,
});

/** Text that reads the same in both languages (a date, the catalogue's names). */
const same = (text: string) => ({ vi: text, en: text });

const statusOf = (status: string) =>
  dossierStatusInfo[status as keyof typeof dossierStatusInfo]?.labels ?? { vi: status, en: status };

/**
 * The guide (`assistant`): a citizen's question in Vietnamese answered from the catalogue and the dossiers, no
 * external service. Public; the dossier status with a code and phone digits follows the public lookup's rules
 * (the same wrong-answer limit per code, and a per-address limit of its own at the lookup's rate).
 */
export function registerAssistantRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const cache = ctx.memory.catalog;
  const perMinute = ctx.config.LOOKUP_RATE_LIMIT_PER_MINUTE;
  const lookups = perMinute > 0 ? new WindowCounters(ctx.now, 60_000) : null;

  app.get(
    '/api/v1/assistant',
    {
      schema: {
        tags: ['assistant'],
        summary:
          'The guide: what papers, how long, how much, where for a procedure, or what is happening with a dossier (public; asked in Vietnamese or English, answered in both: `vi` and `en`, the catalogue’s names as published)',
        description:
          '`procedure` answers the guide’s question (the code chosen). A dossier is looked up with `dossierCode` and `phone` (the last 4 digits) under the public lookup’s limits (429 RATE_LIMITED), or listed for the signed-in applicant.',
        querystring: z.object({
          message: z.string().trim().min(1).max(500),
          procedure: z
            .string()
            .regex(/^\d+\.\d{6}$/)
            .optional(),
          dossierCode: z.string().min(10).max(40).optional(),
          phone: z
            .string()
            .regex(/^\d{4}$/)
            .optional(),
        }),
        response: { 200: assistantReply, 400: errorSchema, 404: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply): Promise<Reply> => {
      const q = request.query;
      const parsed = parseRequest(q.message);
      const intent = q.dossierCode ? 'status' : parsed.intent;

      if (intent === 'status') {
        const code = q.dossierCode ?? parsed.dossierCode;
        const phone = q.phone ?? parsed.phoneDigits;
        if (code && phone) {
          if (lookups) {
            const { count, ttlMs } = lookups.hit(request.ip);
            if (count > perMinute) throw rateLimited(ttlMs, undefined, reply);
          }
          const found = await lookupDossier(ctx, code, phone, reply);
          return {
            ...empty('status', 'status', {
              vi: `Hồ sơ ${found.code} (${found.procedureName}): ${statusOf(found.status).vi}.`,
              en: `Dossier ${found.code} (${found.procedureName}): ${statusOf(found.status).en}.`,
            }),
            dossiers: [
              { code: found.code, procedureName: found.procedureName, status: statusOf(found.status), href: null },
            ],
            facts: found.dueAt
              ? [{ label: { vi: 'Hẹn trả kết quả', en: 'Due' }, lines: [same(vietnamDateTime(found.dueAt))] }]
              : [],
            sources: [{ label: { vi: 'Tra cứu hồ sơ', en: 'Dossier lookup' }, href: '/tra-cuu' }],
          };
        }
        const session = request.currentSession;
        if (session && session.actor.kind !== 'officer') {
          const mine = await listDossiers(ctx.connection.db, { applicantId: session.actor.id, limit: 3, offset: 0 });
          if (mine.items.length > 0) {
            return {
              ...empty('status', 'status', {
                vi: `Các hồ sơ gần nhất của bạn (${mine.total} hồ sơ):`,
                en: `Your latest dossiers (${mine.total} in all):`,
              }),
              dossiers: mine.items.map((d) => ({
                code: d.code,
                procedureName: d.procedureName,
                status: statusOf(d.status),
                href: `/ho-so-cua-toi/${d.id}`,
              })),
              sources: mine.items.map((d) => ({ label: { vi: d.code, en: d.code }, href: `/ho-so-cua-toi/${d.id}` })),
            };
          }
          return empty('status', 'status', { vi: 'Bạn chưa nộp hồ sơ nào.', en: 'You have not filed any dossier.' });
        }
        return empty('status', 'need_code', {
          vi: 'Để xem hồ sơ, hãy cho biết mã hồ sơ (in trên giấy tiếp nhận) và 4 số cuối điện thoại đã khai, hoặc đăng nhập.',
          en: 'To see a dossier, give its code (on the receipt) and the last 4 digits of the phone given, or sign in.',
        });
      }

      const { index } = await cache.get();
      let code = q.procedure;
      if (!code) {
        const subject = parsed.subject || q.message;
        const learned = await cache.learnedFor(learningKey(index, subject));
        const result = searchCatalog(index, subject, { limit: 10, popularity: cache.popularityPrior(), learned });
        const assessment = assessSearch(result.hits);
        if (assessment.quality === 'none') {
          const fields = closestFields(result.hits);
          return {
            ...empty(intent, 'none', {
              vi: 'Tôi chưa tìm được thủ tục nào khớp với điều bạn hỏi. Bạn thử nói tên việc cần làm theo cách khác, ví dụ “đăng ký khai sinh”, “xin giấy phép xây dựng”.',
              en: 'I found no procedure that fits. Try naming what you need to do another way, as the catalogue names it in Vietnamese, e.g. “đăng ký khai sinh” (birth registration).',
            }),
            facts: fields.length
              ? [{ label: { vi: 'Lĩnh vực gần nhất', en: 'Nearest fields' }, lines: fields.map(same) }]
              : [],
            sources: [
              { label: { vi: 'Danh mục thủ tục', en: 'Procedure catalogue' }, href: '/thu-tuc' },
              { label: { vi: 'Tra cứu hồ sơ', en: 'Dossier lookup' }, href: '/tra-cuu' },
            ],
          };
        }
        if (assessment.quality === 'close' && assessment.question) {
          const names = new Map(result.hits.map((h) => [h.entry.code, h.entry.name]));
          return {
            ...empty(intent, 'question', assessment.question.text),
            question: {
              text: assessment.question.text,
              options: assessment.question.options.map((o) => ({ label: o.label, code: o.codes[0] as string })),
            },
            sources: assessment.question.options.flatMap((o) =>
              o.codes.slice(0, 1).map((c) => ({
                label: { vi: names.get(c) ?? c, en: names.get(c) ?? c },
                href: `/thu-tuc/${c}`,
              })),
            ),
          };
        }
        code = result.hits[0]?.entry.code;
      }
      const version = code ? await cache.versionInForce(code) : undefined;
      if (!code || !version) {
        return empty(intent, 'none', {
          vi: 'Thủ tục này hiện không còn áp dụng.',
          en: 'This procedure is no longer in force.',
        });
      }
      const procedure = version.data as Procedure;
      const answer = answerAbout(intent, procedure);
      const online = procedure.channels.includes('online') && procedure.serviceMode !== 'offline';
      return {
        intent,
        kind: 'answer',
        text: answer.text,
        facts: answer.facts,
        procedure: { code, name: procedure.name },
        question: null,
        dossiers: [],
        sources: [{ label: { vi: procedure.name, en: procedure.name }, href: `/thu-tuc/${code}` }],
        fileHref: online ? `/thu-tuc/${code}/nop-ho-so` : null,
      };
    },
  );
}

/** An instant as Vietnam's local date and time ("14:30 25/11/2026"). */
function vietnamDateTime(iso: string): string {
  const local = new Date(new Date(iso).getTime() + 7 * 3_600_000).toISOString();
  return `${local.slice(11, 16)} ${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)}`;
}
