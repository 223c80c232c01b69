/**
 * The reporting system under /api/v1/reporting (session cookie). Reading: `reporting.read` (an agency's
 * officers who enter reports, leaders and administrators for their subtree, viewers anywhere) or the
 * province's reviewers; entering and submitting: `reporting.enter` for the caller's own agency; approving,
 * returning, locking: `reporting.review` over the province; the catalogue, templates, assignments and the
 * programme: `reporting.manage` over the province. A report or agency out of reach is 404.
 */
import {
  aggregationRules,
  automaticSources,
  indicatorBodySchema,
  indicatorValueTypes,
  isReportEditable,
  projectBodySchema,
  projectStatuses,
  type ReportingPeriod,
  type ReportingPeriodKind,
  type ReportStatus,
  reportActionSide,
  reportActions,
  reportActionsFrom,
  reportEntrySchema,
  reportingPeriodKinds,
  reportStatuses,
  targetMetrics,
  templateBodySchema,
  vnDateKey,
  yearRankBodySchema,
} from '@congso/core';
import {
  getTemplate,
  listIndicators,
  listLatestTemplates,
  listReportingAssignments,
  listReports,
  type ReportingAssignmentRow,
  type ReportingIndicatorRow,
  type ReportingReportRow,
  type ReportingTemplateRow,
} from '@congso/db';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestMeta, requireSession } from '../http/auth';
import { contentDisposition } from '../http/content-disposition';
import { errorSchema, id, idParams, isoDate, optionalText, text } from '../http/schemas';
import type { AppContext } from '../platform/context';
import {
  assignTemplate,
  createIndicator,
  editIndicator,
  type RevisionIndicator,
  saveTemplate,
  setAssignmentActive,
  templateHistory,
} from './catalogue';
import { aggregateView, ii06aView, ratesView } from './overview';
import {
  deletePeriodOverrideFor,
  deletePeriodRuleFor,
  loadReportingPeriods,
  periodsView,
  savePeriodOverrideFor,
  savePeriodRuleFor,
} from './periods';
import { createProject, editProject, presentProject, programmeView, saveRank } from './programme';
import { renderIi06aPdf, renderIi06aXlsx, renderReportPdf, renderReportXlsx, reportDocument } from './report-documents';
import { rowsOf } from './report-rows';
import { isReviewer, pathIn, reachOf } from './reporting-access';
import { actOnReport, openReport, periodOfReport, reportFor, reportView, templateIndicators } from './reports';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const localized = z.object({ vi: z.string(), en: z.string() });
const figure = z.union([z.number(), z.string()]).nullable();
const version = z.number().int().min(1);

const indicatorSchema = z.object({
  id: z.string(),
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  unit: z.string(),
  valueType: z.enum(indicatorValueTypes),
  aggregation: z.enum(aggregationRules),
  responsibleAgencyId: z.string().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  source: z.enum(automaticSources).nullable(),
  note: z.string().nullable(),
  version: z.number(),
});
const presentIndicator = (r: ReportingIndicatorRow) => ({
  id: r.id,
  code: r.code,
  nameVi: r.nameVi,
  nameEn: r.nameEn,
  unit: r.unit,
  valueType: r.valueType as (typeof indicatorValueTypes)[number],
  aggregation: r.aggregation as (typeof aggregationRules)[number],
  responsibleAgencyId: r.responsibleAgencyId,
  min: r.min,
  max: r.max,
  source: r.source as (typeof automaticSources)[number] | null,
  note: r.note,
  version: r.version,
});

const templateSchema = z.object({
  id: z.string(),
  code: z.string(),
  revision: z.number(),
  nameVi: z.string(),
  nameEn: z.string(),
  periodKind: z.enum(reportingPeriodKinds),
  deadlineWorkingDays: z.number(),
  items: z.array(z.object({ indicatorId: z.string(), required: z.boolean() })),
  createdAt: z.date(),
});
const presentTemplate = (t: ReportingTemplateRow) => ({
  id: t.id,
  code: t.code,
  revision: t.revision,
  nameVi: t.nameVi,
  nameEn: t.nameEn,
  periodKind: t.periodKind as ReportingPeriodKind,
  deadlineWorkingDays: t.deadlineWorkingDays,
  items: t.items as { indicatorId: string; required: boolean }[],
  createdAt: t.createdAt,
});

const revisionIndicatorSchema = z.object({
  id: z.string(),
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  unit: z.string(),
  valueType: z.enum(indicatorValueTypes),
  min: z.number().nullable(),
  max: z.number().nullable(),
  required: z.boolean(),
  automatic: z.boolean(),
});
const rangeSchema = z.object({ min: z.number().nullable(), max: z.number().nullable() });
const presentRevisionIndicator = (i: RevisionIndicator) => ({
  ...i,
  valueType: i.valueType as (typeof indicatorValueTypes)[number],
});
const templateRevisionSchema = z.object({
  id: z.string(),
  revision: z.number(),
  latest: z.boolean(),
  nameVi: z.string(),
  nameEn: z.string(),
  periodKind: z.enum(reportingPeriodKinds),
  deadlineWorkingDays: z.number(),
  createdAt: z.date(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  reports: z.number(),
  firstPeriod: z.object({ key: z.string(), label: localized }).nullable(),
  lastPeriod: z.object({ key: z.string(), label: localized }).nullable(),
  indicators: z.array(revisionIndicatorSchema),
  changes: z.object({
    name: z.object({ from: localized, to: localized }).nullable(),
    periodKind: z.object({ from: z.enum(reportingPeriodKinds), to: z.enum(reportingPeriodKinds) }).nullable(),
    deadlineWorkingDays: z.object({ from: z.number(), to: z.number() }).nullable(),
    added: z.array(revisionIndicatorSchema),
    removed: z.array(revisionIndicatorSchema),
    required: z.array(z.object({ indicator: revisionIndicatorSchema, from: z.boolean(), to: z.boolean() })),
    range: z.array(z.object({ indicator: revisionIndicatorSchema, from: rangeSchema, to: rangeSchema })),
    reordered: z.boolean(),
  }),
});

const assignmentSchema = z.object({
  id: z.string(),
  templateCode: z.string(),
  agencyId: z.string(),
  agencyName: z.string(),
  active: z.boolean(),
  fromPeriodKey: z.string(),
  version: z.number(),
});

const periodSchema = z.object({
  kind: z.enum(reportingPeriodKinds),
  key: z.string(),
  label: localized,
  cutoffStart: z.string(),
  cutoffEnd: z.string(),
  /** Why the province set this period apart (its own window or deadline), or null. */
  adjustment: z.string().nullable(),
});
const presentPeriod = (p: ReportingPeriod) => ({
  kind: p.kind,
  key: p.key,
  label: p.label,
  cutoffStart: p.cutoffStart,
  cutoffEnd: p.cutoffEnd,
  adjustment: p.adjustment,
});

const reportSummarySchema = z.object({
  id: z.string(),
  templateCode: z.string(),
  templateName: localized,
  agencyId: z.string(),
  agencyName: z.string(),
  period: periodSchema,
  deadline: z.string(),
  status: z.enum(reportStatuses),
  overdue: z.boolean(),
  returnReason: z.string().nullable(),
  firstSubmittedAt: z.date().nullable(),
  submittedAt: z.date().nullable(),
  reviewedAt: z.date().nullable(),
  signed: z.boolean(),
  version: z.number(),
});

const reportDetailSchema = reportSummarySchema.extend({
  revision: z.number(),
  side: z.enum(['agency', 'reviewer']).nullable(),
  actions: z.array(z.enum(reportActions)),
  editable: z.boolean(),
  rows: z.array(
    z.object({
      indicator: z.object({
        id: z.string(),
        code: z.string(),
        nameVi: z.string(),
        nameEn: z.string(),
        unit: z.string(),
        valueType: z.enum(indicatorValueTypes),
        min: z.number().nullable(),
        max: z.number().nullable(),
        required: z.boolean(),
        automatic: z.boolean(),
      }),
      value: figure,
      note: z.string().nullable(),
      previous: figure,
      lastYear: figure,
      changePrevious: z.number().nullable(),
      changeLastYear: z.number().nullable(),
    }),
  ),
});

export function registerReportingRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = ctx.connection.db;

  async function summaries(rows: ReportingReportRow[], names: Map<string, string>) {
    const templates = new Map<string, ReportingTemplateRow>();
    for (const r of rows) {
      if (!templates.has(r.templateId))
        templates.set(r.templateId, (await getTemplate(db, r.templateId)) as ReportingTemplateRow);
    }
    const today = vnDateKey(ctx.now());
    const periods = await loadReportingPeriods(db);
    return rows.map((r) => {
      const t = templates.get(r.templateId) as ReportingTemplateRow;
      const p = periodOfReport(periods, r);
      return {
        id: r.id,
        templateCode: r.templateCode,
        templateName: { vi: t.nameVi, en: t.nameEn },
        agencyId: r.agencyId,
        agencyName: names.get(r.agencyId) ?? '',
        period: presentPeriod(p),
        deadline: r.deadline,
        status: r.status as ReportStatus,
        overdue: r.firstSubmittedAt === null && r.deadline < today,
        returnReason: r.returnReason,
        firstSubmittedAt: r.firstSubmittedAt,
        submittedAt: r.submittedAt,
        reviewedAt: r.reviewedAt,
        signed: r.signedPdfKey !== null,
        version: r.version,
      };
    });
  }

  async function detail(request: { currentSession?: unknown }, row: ReportingReportRow) {
    const actor = requireSession(request as never).actor;
    const reach = await reachOf(ctx, actor);
    const names = new Map(reach.tree.map((a) => [a.id, a.name]));
    const [summary] = await summaries([row], names);
    const view = await reportView(ctx, actor, row);
    const status = row.status as ReportStatus;
    const byId = new Map(view.indicators.map((i) => [i.id, i]));
    return {
      ...(summary as NonNullable<typeof summary>),
      revision: view.template.revision,
      side: view.side,
      actions: reportActionsFrom(status).filter((a) => reportActionSide[a] === view.side),
      editable: view.side === 'agency' && isReportEditable(status),
      rows: view.rows.map((r) => {
        const i = byId.get(r.indicatorId) as NonNullable<ReturnType<typeof byId.get>>;
        return {
          indicator: {
            id: i.id,
            code: i.code,
            nameVi: i.nameVi,
            nameEn: i.nameEn,
            unit: i.unit,
            valueType: i.valueType,
            min: i.min,
            max: i.max,
            required: i.required,
            automatic: i.source !== null,
          },
          value: r.value,
          note: r.note ?? null,
          previous: r.previous,
          lastYear: r.lastYear,
          changePrevious: r.changePrevious,
          changeLastYear: r.changeLastYear,
        };
      }),
    };
  }

  // ---- catalogue

  app.get(
    '/api/v1/reporting/indicators',
    {
      schema: {
        tags: ['reporting'],
        summary: 'The indicator catalogue',
        response: { 200: z.object({ items: z.array(indicatorSchema) }), ...errors },
      },
    },
    async (request) => {
      await reachOf(ctx, requireSession(request).actor);
      return { items: (await listIndicators(db)).map(presentIndicator) };
    },
  );

  app.post(
    '/api/v1/reporting/indicators',
    {
      schema: {
        tags: ['reporting'],
        summary: 'Add an indicator (province administrators)',
        body: indicatorBodySchema,
        response: { 201: indicatorSchema, ...errors },
      },
    },
    async (request, reply) => {
      const row = await createIndicator(ctx, requireSession(request).actor, request.body, requestMeta(request));
      return reply.status(201).send(presentIndicator(row));
    },
  );

  app.put(
    '/api/v1/reporting/indicators/:id',
    {
      schema: {
        tags: ['reporting'],
        summary: 'Edit an indicator (province administrators; version checked)',
        params: idParams,
        body: indicatorBodySchema.and(z.strictObject({ version })),
        response: { 200: indicatorSchema, ...errors },
      },
    },
    async (request) => {
      const body = request.body as z.output<typeof indicatorBodySchema> & { version: number };
      const row = await editIndicator(
        ctx,
        requireSession(request).actor,
        request.params.id,
        body,
        requestMeta(request),
      );
      return presentIndicator(row);
    },
  );

  app.get(
    '/api/v1/reporting/templates',
    {
      schema: {
        tags: ['reporting'],
        summary: 'Report templates (the latest revision of each)',
        response: { 200: z.object({ items: z.array(templateSchema) }), ...errors },
      },
    },
    async (request) => {
      await reachOf(ctx, requireSession(request).actor);
      return { items: (await listLatestTemplates(db)).map(presentTemplate) };
    },
  );

  app.post(
    '/api/v1/reporting/templates',
    {
      schema: {
        tags: ['reporting'],
        summary:
          'Save a template as a new revision (expectedRevision: the latest the editor saw, 0 for a new code; province administrators)',
        body: z.strictObject({ ...templateBodySchema.shape, expectedRevision: z.number().int().min(0) }),
        response: { 201: templateSchema, ...errors },
      },
    },
    async (request, reply) => {
      const row = await saveTemplate(ctx, requireSession(request).actor, request.body, requestMeta(request));
      return reply.status(201).send(presentTemplate(row));
    },
  );

  app.get(
    '/api/v1/reporting/templates/:code/revisions',
    {
      schema: {
        tags: ['reporting'],
        summary:
          "A template's revisions, newest first: who saved each and when, the reports made on it (first and last period), its indicators as they were then, and what changed from the revision before",
        params: z.object({ code: templateBodySchema.shape.code }),
        response: { 200: z.object({ code: z.string(), items: z.array(templateRevisionSchema) }), ...errors },
      },
    },
    async (request) => {
      const items = await templateHistory(ctx, requireSession(request).actor, request.params.code);
      return {
        code: request.params.code,
        items: items.map((r) => ({
          ...r,
          indicators: r.indicators.map(presentRevisionIndicator),
          changes: {
            ...r.changes,
            added: r.changes.added.map(presentRevisionIndicator),
            removed: r.changes.removed.map(presentRevisionIndicator),
            required: r.changes.required.map((c) => ({ ...c, indicator: presentRevisionIndicator(c.indicator) })),
            range: r.changes.range.map((c) => ({ ...c, indicator: presentRevisionIndicator(c.indicator) })),
          },
        })),
      };
    },
  );

  app.get(
    '/api/v1/reporting/assignments',
    {
      schema: {
        tags: ['reporting'],
        summary: 'Which agencies in reach report on which templates',
        response: { 200: z.object({ items: z.array(assignmentSchema) }), ...errors },
      },
    },
    async (request) => {
      const reach = await reachOf(ctx, requireSession(request).actor);
      const names = new Map(reach.tree.map((a) => [a.id, a.name]));
      const rows = await listReportingAssignments(db, { agencyIds: [...reach.readable] });
      return { items: rows.map((a) => presentAssignment(a, names)) };
    },
  );

  app.post(
    '/api/v1/reporting/assignments',
    {
      schema: {
        tags: ['reporting'],
        summary: 'Assign a template to an agency from a period on (province administrators)',
        body: z.strictObject({
          templateCode: z.string().min(1).max(30),
          agencyId: id,
          fromPeriodKey: z.string().min(4).max(7),
        }),
        response: { 201: assignmentSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireSession(request).actor;
      const row = await assignTemplate(ctx, actor, request.body, requestMeta(request));
      const reach = await reachOf(ctx, actor);
      return reply.status(201).send(presentAssignment(row, new Map(reach.tree.map((a) => [a.id, a.name]))));
    },
  );

  app.put(
    '/api/v1/reporting/assignments/:id',
    {
      schema: {
        tags: ['reporting'],
        summary: 'Stop or resume an assignment (province administrators; version checked)',
        params: idParams,
        body: z.strictObject({ active: z.boolean(), version }),
        response: { 200: assignmentSchema, ...errors },
      },
    },
    async (request) => {
      const actor = requireSession(request).actor;
      const row = await setAssignmentActive(ctx, actor, request.params.id, request.body, requestMeta(request));
      const reach = await reachOf(ctx, actor);
      return presentAssignment(row, new Map(reach.tree.map((a) => [a.id, a.name])));
    },
  );

  // ---- reports

  app.get(
    '/api/v1/reporting/reports',
    {
      schema: {
        tags: ['reporting'],
        summary:
          "Reports in the caller's reach (filter by status, period, agency), and the caller's agency's assignments with the periods open for entry",
        querystring: z.object({
          status: z.enum(reportStatuses).optional(),
          periodKey: z.string().max(7).optional(),
          agencyId: id.optional(),
        }),
        response: {
          200: z.object({
            items: z.array(reportSummarySchema),
            due: z.array(
              z.object({
                templateCode: z.string(),
                templateName: localized,
                period: periodSchema,
                reportId: z.string().nullable(),
              }),
            ),
            reviewer: z.boolean(),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const actor = requireSession(request).actor;
      const reach = await reachOf(ctx, actor);
      const names = new Map(reach.tree.map((a) => [a.id, a.name]));
      const q = request.query;
      const agencies = q.agencyId ? [...reach.readable].filter((a) => a === q.agencyId) : [...reach.readable];
      const rows = await listReports(db, {
        agencyIds: agencies,
        ...(q.status ? { statuses: [q.status] } : {}),
        ...(q.periodKey ? { periodKeys: [q.periodKey] } : {}),
        limit: 500,
      });
      const items = await summaries(rows, names);
      // The caller's agency's assignments: the period whose window holds today and the one before.
      const due = [];
      const own = actor.agencyId
        ? await listReportingAssignments(db, { agencyIds: [actor.agencyId], activeOnly: true })
        : [];
      const templates = new Map((await listLatestTemplates(db)).map((t) => [t.code, t]));
      const mine = actor.agencyId ? await listReports(db, { agencyIds: [actor.agencyId], limit: 500 }) : [];
      const periods = await loadReportingPeriods(db);
      for (const a of own) {
        const t = templates.get(a.templateCode);
        if (!t) continue;
        const current = periods.holding(t.periodKind as ReportingPeriodKind, vnDateKey(ctx.now()));
        for (const p of [periods.previous(current), current]) {
          const r = mine.find((x) => x.templateCode === t.code && x.periodKey === p.key);
          due.push({
            templateCode: t.code,
            templateName: { vi: t.nameVi, en: t.nameEn },
            period: presentPeriod(p),
            reportId: r?.id ?? null,
          });
        }
      }
      return { items, due, reviewer: isReviewer(actor, reach.rootId) };
    },
  );

  app.post(
    '/api/v1/reporting/reports',
    {
      schema: {
        tags: ['reporting'],
        summary:
          "Open the caller's agency's report on an assigned template for a period (the automatic indicators filled in); an existing one is returned",
        body: z.strictObject({ templateCode: z.string().min(1).max(30), periodKey: z.string().min(4).max(7) }),
        response: { 200: reportDetailSchema, 201: reportDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { row, created } = await openReport(ctx, requireSession(request).actor, request.body, requestMeta(request));
      return reply.status(created ? 201 : 200).send(await detail(request, row));
    },
  );

  app.get(
    '/api/v1/reporting/reports/:id',
    {
      schema: {
        tags: ['reporting'],
        summary: 'A report with its figures, the previous period, the same period last year and the changes',
        params: idParams,
        response: { 200: reportDetailSchema, ...errors },
      },
    },
    async (request) => detail(request, await reportFor(ctx, requireSession(request).actor, request.params.id)),
  );

  app.post(
    '/api/v1/reporting/reports/:id/actions',
    {
      schema: {
        tags: ['reporting'],
        summary:
          'Save figures, submit (sealed with the agency’s certificate), return with a reason, approve or lock a report (version checked)',
        params: idParams,
        body: z.strictObject({
          action: z.enum(reportActions),
          version,
          values: reportEntrySchema.optional(),
          reason: z.string().max(2000).optional(),
        }),
        response: { 200: reportDetailSchema, ...errors },
      },
    },
    async (request) => {
      const row = await actOnReport(
        ctx,
        requireSession(request).actor,
        request.params.id,
        request.body,
        requestMeta(request),
      );
      return detail(request, row);
    },
  );

  for (const format of ['pdf', 'xlsx'] as const) {
    app.get(
      `/api/v1/reporting/reports/:id/${format}`,
      {
        schema: {
          tags: ['reporting'],
          summary:
            format === 'pdf'
              ? 'The report as PDF: the copy sealed at its last submission, else printed now'
              : 'The report as XLSX',
          params: idParams,
          response: { 200: z.any().describe(format === 'pdf' ? 'application/pdf' : XLSX_TYPE), ...errors },
        },
      },
      async (request, reply: FastifyReply) => {
        const params = request.params as { id: string };
        const row = await reportFor(ctx, requireSession(request).actor, params.id);
        const name = `bao-cao-${row.templateCode}-${row.periodKey}.${format}`;
        let bytes: Buffer;
        if (format === 'pdf' && row.signedPdfKey) {
          const chunks: Buffer[] = [];
          for await (const c of await ctx.storage.read(row.signedPdfKey)) chunks.push(Buffer.from(c as Buffer));
          bytes = Buffer.concat(chunks);
        } else {
          const template = (await getTemplate(db, row.templateId)) as ReportingTemplateRow;
          const indicators = await templateIndicators(ctx, template);
          const { comparedRows, period } = await rowsOf(ctx, row, indicators);
          const doc = await reportDocument(ctx, row, template, period, comparedRows);
          bytes = format === 'pdf' ? (await renderReportPdf(doc, ctx.now())).pdf : await renderReportXlsx(doc);
        }
        return reply
          .type(format === 'pdf' ? 'application/pdf' : XLSX_TYPE)
          .header('content-disposition', contentDisposition(format === 'pdf' ? 'inline' : 'attachment', name))
          .send(bytes);
      },
    );
  }

  app.get(
    '/api/v1/reporting/rates',
    {
      schema: {
        tags: ['reporting'],
        summary:
          'Reporting rate and on-time reporting rate per agency in reach for a year (reports whose deadline has passed)',
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
        response: {
          200: z.object({
            year: z.number(),
            rows: z.array(
              z.object({
                agencyId: z.string(),
                agencyName: z.string(),
                due: z.number(),
                submitted: z.number(),
                onTime: z.number(),
                rate: z.number().nullable(),
                onTimeRate: z.number().nullable(),
              }),
            ),
            total: z.object({
              due: z.number(),
              submitted: z.number(),
              onTime: z.number(),
              rate: z.number().nullable(),
              onTimeRate: z.number().nullable(),
            }),
          }),
          ...errors,
        },
      },
    },
    async (request) =>
      ratesView(ctx, requireSession(request).actor, request.query.year ?? Number(vnDateKey(ctx.now()).slice(0, 4))),
  );

  app.get(
    '/api/v1/reporting/aggregate',
    {
      schema: {
        tags: ['reporting'],
        summary: "A template's figures for a period aggregated over an agency's subtree by each indicator's rule",
        querystring: z.object({
          template: z.string().min(1).max(30),
          period: z.string().min(4).max(7),
          agencyId: id.optional(),
        }),
        response: {
          200: z.object({
            templateCode: z.string(),
            period: periodSchema,
            agency: z.object({ id: z.string(), name: z.string() }),
            expected: z.number(),
            counted: z.number(),
            agencies: z.array(
              z.object({
                agencyId: z.string(),
                agencyName: z.string(),
                status: z.enum(reportStatuses).nullable(),
                reportId: z.string().nullable(),
              }),
            ),
            rows: z.array(
              z.object({
                indicatorId: z.string(),
                code: z.string(),
                nameVi: z.string(),
                nameEn: z.string(),
                unit: z.string(),
                aggregation: z.enum(aggregationRules),
                value: z.number().nullable(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const v = await aggregateView(ctx, requireSession(request).actor, {
        templateCode: q.template,
        periodKey: q.period,
        agencyId: q.agencyId,
      });
      const p = v.period;
      return {
        templateCode: v.template.code,
        period: presentPeriod(p),
        agency: v.agency,
        expected: v.expected,
        counted: v.counted,
        agencies: v.agencies.map((a) => ({ ...a, status: a.status as ReportStatus | null })),
        rows: v.rows,
      };
    },
  );

  app.get(
    '/api/v1/reporting/ii06a/:format',
    {
      schema: {
        tags: ['reporting'],
        summary:
          'Biểu II.06a/VPCP/KSTT of an agency and its units (default: the caller’s) for a period, from the service-quality index’s counters: json, pdf (A4 landscape) or xlsx',
        params: z.strictObject({ format: z.enum(['json', 'pdf', 'xlsx']) }),
        querystring: z.object({
          agencyId: id.optional(),
          periodKind: z.enum(reportingPeriodKinds).default('month'),
          key: z.string().min(4).max(7),
        }),
      },
    },
    async (request, reply: FastifyReply) => {
      const params = request.params as { format: 'json' | 'pdf' | 'xlsx' };
      const q = request.query as { agencyId?: string; periodKind: ReportingPeriodKind; key: string };
      const v = await ii06aView(ctx, requireSession(request).actor, q);
      if (params.format === 'json') {
        return reply.send({
          period: {
            kind: v.period.kind,
            key: v.period.key,
            label: v.period.label,
            cutoffStart: v.period.cutoffStart,
            cutoffEnd: v.period.cutoffEnd,
          },
          reportingUnit: v.unit,
          receivingUnit: v.receiving,
          rows: v.rows,
        });
      }
      const doc = {
        reportingUnit: v.unit,
        receivingUnit: v.receiving,
        period: v.period,
        rows: v.rows,
        place: '',
        at: ctx.now(),
      };
      const name = `bieu-II.06a-${v.period.key}.${params.format}`;
      const bytes = params.format === 'pdf' ? await renderIi06aPdf(doc) : await renderIi06aXlsx(doc);
      return reply
        .type(params.format === 'pdf' ? 'application/pdf' : XLSX_TYPE)
        .header('content-disposition', contentDisposition(params.format === 'pdf' ? 'inline' : 'attachment', name))
        .send(bytes);
    },
  );

  // ---- programme

  const projectSchema = z.object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    status: z.enum(projectStatuses),
    ownerAgencyId: z.string(),
    budgetVnd: z.number(),
    startDate: z.string(),
    endDate: z.string(),
    note: z.string().nullable(),
    version: z.number(),
  });

  app.get(
    '/api/v1/reporting/programme',
    {
      schema: {
        tags: ['reporting'],
        summary:
          'The digital-transformation programme: summary ("13 trên 34 dự án hoàn thành"), the platform’s measured figures of the current year, projects with targets tracked against them, DTI and service-quality ranks per year',
        response: {
          200: z.object({
            summary: z.object({
              total: z.number(),
              done: z.number(),
              byStatus: z.record(z.enum(projectStatuses), z.number()),
              text: localized,
            }),
            year: z.number(),
            figures: z.object({
              full_online_share: z.number().nullable(),
              dossiers_online_share: z.number().nullable(),
              work_files_online_share: z.number().nullable(),
              work_files_online_share_province: z.number().nullable(),
              work_files_online_share_district: z.number().nullable(),
              work_files_online_share_commune: z.number().nullable(),
            }),
            projects: z.array(
              projectSchema.extend({
                ownerAgencyName: z.string(),
                targets: z.array(
                  z.object({
                    name: z.string(),
                    metric: z.enum(targetMetrics),
                    target: z.number(),
                    actual: z.number().nullable(),
                    automatic: z.boolean(),
                    progress: z.number().nullable(),
                  }),
                ),
              }),
            ),
            ranks: z.array(
              z.object({
                year: z.number(),
                dtiRank: z.number().nullable(),
                dtiScore: z.number().nullable(),
                serviceRank: z.number().nullable(),
                serviceScore: z.number().nullable(),
                version: z.number(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const v = await programmeView(ctx, requireSession(request).actor);
      return {
        ...v,
        projects: v.projects.map((p) => ({
          ...p,
          targets: p.targets.map((t) => ({ ...t, actual: t.actual ?? null })),
        })),
        ranks: v.ranks.map((r) => ({
          year: r.year,
          dtiRank: r.dtiRank,
          dtiScore: r.dtiScore,
          serviceRank: r.serviceRank,
          serviceScore: r.serviceScore,
          version: r.version,
        })),
      };
    },
  );

  app.post(
    '/api/v1/reporting/projects',
    {
      schema: {
        tags: ['reporting'],
        summary: 'Add a digital-transformation project (province administrators)',
        body: projectBodySchema,
        response: { 201: projectSchema, ...errors },
      },
    },
    async (request, reply) => {
      const row = await createProject(ctx, requireSession(request).actor, request.body, requestMeta(request));
      return reply.status(201).send(presentProject(row));
    },
  );

  app.put(
    '/api/v1/reporting/projects/:id',
    {
      schema: {
        tags: ['reporting'],
        summary: 'Edit a project, its status and targets (province administrators; version checked)',
        params: idParams,
        body: projectBodySchema.and(z.strictObject({ version })),
        response: { 200: projectSchema, ...errors },
      },
    },
    async (request) => {
      const body = request.body as z.output<typeof projectBodySchema> & { version: number };
      const row = await editProject(ctx, requireSession(request).actor, request.params.id, body, requestMeta(request));
      return presentProject(row);
    },
  );

  app.put(
    '/api/v1/reporting/ranks/:year',
    {
      schema: {
        tags: ['reporting'],
        summary:
          "The province's DTI and service-quality rank and score of a year (province administrators; version 0 for a new year)",
        params: z.strictObject({ year: z.coerce.number().int().min(2015).max(2100) }),
        body: yearRankBodySchema,
        response: {
          200: z.object({
            year: z.number(),
            dtiRank: z.number().nullable(),
            dtiScore: z.number().nullable(),
            serviceRank: z.number().nullable(),
            serviceScore: z.number().nullable(),
            version: z.number(),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const r = await saveRank(
        ctx,
        requireSession(request).actor,
        request.params.year,
        request.body,
        requestMeta(request),
      );
      return {
        year: r.year,
        dtiRank: r.dtiRank,
        dtiScore: r.dtiScore,
        serviceRank: r.serviceRank,
        serviceScore: r.serviceScore,
        version: r.version,
      };
    },
  );

  // ---- periods: the province's rules and the periods it set apart

  const kindParam = z.enum(reportingPeriodKinds);
  const periodKeyParam = z.string().min(4).max(7);
  const ruleSchema = z.object({
    kind: z.enum(reportingPeriodKinds),
    fromPeriodKey: z.string(),
    cutoffEndDay: z.number(),
    note: z.string().nullable(),
    version: z.number(),
    updatedAt: z.date(),
  });
  const overrideSchema = z.object({
    kind: z.enum(reportingPeriodKinds),
    periodKey: z.string(),
    cutoffStart: z.string().nullable(),
    cutoffEnd: z.string().nullable(),
    deadline: z.string().nullable(),
    reason: z.string(),
    version: z.number(),
    updatedAt: z.date(),
  });

  app.get(
    '/api/v1/reporting/periods',
    {
      schema: {
        tags: ['reporting'],
        summary:
          "A year's reporting periods of every kind: cut-off windows under the province's rules, the periods set apart, and each template's deadline",
        querystring: z.strictObject({ year: z.coerce.number().int().min(2000).max(2099).optional() }),
        response: {
          200: z.object({
            year: z.number(),
            today: z.string(),
            manage: z.boolean(),
            rules: z.array(ruleSchema),
            overrides: z.array(overrideSchema),
            kinds: z.array(
              z.object({
                kind: z.enum(reportingPeriodKinds),
                periods: z.array(
                  periodSchema.extend({
                    cutoffEndDay: z.number(),
                    ruleFrom: z.string().nullable(),
                    current: z.boolean(),
                    closed: z.boolean(),
                    override: overrideSchema.nullable(),
                    deadlines: z.array(
                      z.object({ templateCode: z.string(), templateName: localized, deadline: z.string() }),
                    ),
                  }),
                ),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const year = request.query.year ?? Number(vnDateKey(ctx.now()).slice(0, 4));
      return periodsView(ctx, requireSession(request).actor, year);
    },
  );

  app.put(
    '/api/v1/reporting/period-rules/:kind/:fromPeriodKey',
    {
      schema: {
        tags: ['reporting'],
        summary:
          "From a period on, a kind's cut-off windows end on a day of the period's last month (31: its last day); the reports touched get their new deadline (province administrators; version 0 for a new rule)",
        params: z.strictObject({ kind: kindParam, fromPeriodKey: periodKeyParam }),
        body: z.strictObject({
          cutoffEndDay: z.number().int().min(1).max(31),
          note: optionalText(500),
          version: z.number().int().min(0),
        }),
        response: { 200: z.object({ rule: ruleSchema, movedReports: z.number() }), ...errors },
      },
    },
    async (request) =>
      savePeriodRuleFor(
        ctx,
        requireSession(request).actor,
        { ...request.params, ...request.body },
        requestMeta(request),
      ),
  );

  app.delete(
    '/api/v1/reporting/period-rules/:kind/:fromPeriodKey',
    {
      schema: {
        tags: ['reporting'],
        summary: 'Remove a rule whose first period has not closed (province administrators; version checked)',
        params: z.strictObject({ kind: kindParam, fromPeriodKey: periodKeyParam }),
        querystring: z.strictObject({ version: z.coerce.number().int().min(1) }),
        response: { 200: z.object({ movedReports: z.number() }), ...errors },
      },
    },
    async (request) =>
      deletePeriodRuleFor(
        ctx,
        requireSession(request).actor,
        { ...request.params, version: request.query.version },
        requestMeta(request),
      ),
  );

  app.put(
    '/api/v1/reporting/period-overrides/:kind/:periodKey',
    {
      schema: {
        tags: ['reporting'],
        summary:
          "Set one period apart: its own cut-off window and/or submission deadline (replacing templates' rules), with the reason; the period's reports get the new deadline (province administrators; version 0 for a new one)",
        params: z.strictObject({ kind: kindParam, periodKey: periodKeyParam }),
        body: z.strictObject({
          cutoffStart: isoDate.nullable(),
          cutoffEnd: isoDate.nullable(),
          deadline: isoDate.nullable(),
          reason: text(500),
          version: z.number().int().min(0),
        }),
        response: { 200: z.object({ override: overrideSchema, movedReports: z.number() }), ...errors },
      },
    },
    async (request) =>
      savePeriodOverrideFor(
        ctx,
        requireSession(request).actor,
        { ...request.params, ...request.body },
        requestMeta(request),
      ),
  );

  app.delete(
    '/api/v1/reporting/period-overrides/:kind/:periodKey',
    {
      schema: {
        tags: ['reporting'],
        summary: 'Put a period back under the rules (province administrators; version checked)',
        params: z.strictObject({ kind: kindParam, periodKey: periodKeyParam }),
        querystring: z.strictObject({ version: z.coerce.number().int().min(1) }),
        response: { 200: z.object({ movedReports: z.number() }), ...errors },
      },
    },
    async (request) =>
      deletePeriodOverrideFor(
        ctx,
        requireSession(request).actor,
        { ...request.params, version: request.query.version },
        requestMeta(request),
      ),
  );
}

function presentAssignment(a: ReportingAssignmentRow, names: Map<string, string>) {
  return {
    id: a.id,
    templateCode: a.templateCode,
    agencyId: a.agencyId,
    agencyName: names.get(a.agencyId) ?? '',
    active: a.active,
    fromPeriodKey: a.fromPeriodKey,
    version: a.version,
  };
}

export { pathIn };
