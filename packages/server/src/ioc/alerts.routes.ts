/**
 * The operations center's alerts under /api/v1/ioc (session cookie): the alerts in the caller's reach
 * (`ioc.read`) and their acknowledgement; the alert rules, edited by administrators (`alert.manage`, for their
 * agency and below; `version`: 409 on a stale edit). Every change is one transaction with its audit event.
 */
import { randomUUID } from 'node:crypto';
import { type Actor, alertKinds, alertRuleSpecSchema, CongsoError, can } from '@congso/core';
import {
  acknowledgeAlert,
  agencyPath,
  getAlert,
  getAlertRule,
  insertAlertRule,
  listAlertRules,
  listAlerts,
  loadAgencyTree,
  recordAudit,
  updateAlertRule,
} from '@congso/db';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestMeta, requireSession } from '../http/auth';
import { booleanQuery, errorSchema, idParams, paging, text } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { reachOf, subtreeOf } from './ioc-views';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
const localized = z.object({ vi: z.string(), en: z.string() });

const alertSchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  agencyId: z.string(),
  subjectKind: z.string(),
  subjectId: z.string(),
  subjectName: z.string(),
  windowKey: z.string(),
  value: z.number(),
  threshold: z.number(),
  message: localized,
  firstSeenAt: z.date(),
  lastSeenAt: z.date(),
  resolvedAt: z.date().nullable(),
  acknowledgedAt: z.date().nullable(),
  version: z.number(),
});

const ruleSchema = z.object({
  id: z.string(),
  agencyId: z.string(),
  kind: z.enum(alertKinds),
  name: z.string(),
  params: z.record(z.string(), z.unknown()),
  enabled: z.boolean(),
  version: z.number(),
  updatedAt: z.date(),
});

const ruleBody = {
  name: text(200),
  kind: z.enum(alertKinds),
  params: z.record(z.string(), z.unknown()),
  enabled: z.boolean().default(true),
};

/** The rule's kind and parameters checked by core's schema; a problem is a 400 on `params`. */
function specOf(kind: string, params: unknown) {
  const parsed = alertRuleSpecSchema.safeParse({ kind, params });
  if (!parsed.success) {
    throw new CongsoError('VALIDATION_FAILED', {
      details: parsed.error.issues.map((i) => ({ path: ['body', ...i.path.map(String)].join('.'), code: i.code })),
    });
  }
  return parsed.data;
}

async function manageable(ctx: AppContext, actor: Actor, agencyId: string) {
  const path = (await agencyPath(ctx.connection.db, agencyId)).map((a) => a.id);
  if (path.length === 0 || !can(actor, 'alert.manage', { agencyPath: path })) throw new CongsoError('NOT_FOUND');
}

function requireManager(actor: Actor) {
  if (!actor.agencyId || !can(actor, 'alert.manage')) throw new CongsoError('FORBIDDEN');
}

export function registerAlertRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.connection.db;

  /** The agencies whose alerts the actor reads: null for the whole province. */
  async function alertReach(actor: Actor): Promise<string[] | null> {
    const reach = await reachOf(ctx, actor);
    if (reach.province) return null;
    return subtreeOf(await loadAgencyTree(db), actor.agencyId as string);
  }

  r.get(
    '/api/v1/ioc/alerts',
    {
      schema: {
        tags: ['ioc'],
        summary:
          "Alerts raised by the rules in the caller's reach, newest first (open=true: still found and not acknowledged)",
        querystring: z.object({ open: booleanQuery.optional(), ...paging }),
        response: { 200: z.object({ items: z.array(alertSchema), total: z.number() }), ...errors },
      },
    },
    async (request) => {
      const agencyIds = await alertReach(requireSession(request).actor);
      const q = request.query;
      const result = await listAlerts(ctx.connection.readDb ?? db, {
        agencyIds,
        open: q.open ?? false,
        limit: q.limit,
        offset: q.offset,
      });
      return {
        ...result,
        items: result.items.map((a) => ({ ...a, message: a.message as { vi: string; en: string } })),
      };
    },
  );

  r.post(
    '/api/v1/ioc/alerts/:id/acknowledge',
    {
      schema: {
        tags: ['ioc'],
        summary: 'Acknowledges an alert (at the version read: 409 VERSION_CONFLICT when it changed meanwhile)',
        params: idParams,
        body: z.strictObject({ version: z.number().int().min(1) }),
        response: { 200: alertSchema, ...errors },
      },
    },
    async (request) => {
      const { actor } = requireSession(request);
      const agencyIds = await alertReach(actor);
      const alert = await getAlert(db, request.params.id);
      if (!alert || (agencyIds && !agencyIds.includes(alert.agencyId))) throw new CongsoError('NOT_FOUND');
      const now = ctx.now();
      const updated = await db.transaction(async (tx) => {
        const row = await acknowledgeAlert(tx, alert.id, request.body.version, actor.id, now);
        if (!row) throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: alert.version } });
        await recordAudit(tx, {
          occurredAt: now,
          actorId: actor.id,
          action: 'alert.acknowledged',
          entityType: 'alert',
          entityId: alert.id,
          agencyId: alert.agencyId,
          ...requestMeta(request),
        });
        return row;
      });
      return { ...updated, message: updated.message as { vi: string; en: string } };
    },
  );

  r.get(
    '/api/v1/ioc/alert-rules',
    {
      schema: {
        tags: ['ioc'],
        summary: "The alert rules of the administrator's agency and below",
        response: { 200: z.object({ items: z.array(ruleSchema) }), ...errors },
      },
    },
    async (request) => {
      const { actor } = requireSession(request);
      requireManager(actor);
      const ids = subtreeOf(await loadAgencyTree(db), actor.agencyId as string);
      const rows = await listAlertRules(db, ids);
      return {
        items: rows.map((x) => ({
          ...x,
          kind: x.kind as (typeof alertKinds)[number],
          params: x.params as Record<string, unknown>,
        })),
      };
    },
  );

  r.post(
    '/api/v1/ioc/alert-rules',
    {
      schema: {
        tags: ['ioc'],
        summary: "Adds an alert rule for an agency (default: the administrator's own) and its sub-units",
        body: z.strictObject({ ...ruleBody, agencyId: z.uuid().optional() }),
        response: { 201: ruleSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { actor } = requireSession(request);
      requireManager(actor);
      const body = request.body;
      const agencyId = body.agencyId ?? (actor.agencyId as string);
      await manageable(ctx, actor, agencyId);
      const spec = specOf(body.kind, body.params);
      const now = ctx.now();
      const row = await db.transaction(async (tx) => {
        const inserted = await insertAlertRule(tx, {
          id: randomUUID(),
          agencyId,
          kind: spec.kind,
          name: body.name,
          params: spec.params,
          enabled: body.enabled,
          createdAt: now,
          updatedAt: now,
        });
        await recordAudit(tx, {
          occurredAt: now,
          actorId: actor.id,
          action: 'alert_rule.created',
          entityType: 'alert_rule',
          entityId: inserted.id,
          agencyId,
          data: { kind: spec.kind, params: spec.params },
          ...requestMeta(request),
        });
        return inserted;
      });
      reply.code(201);
      return { ...row, kind: spec.kind, params: row.params as Record<string, unknown> };
    },
  );

  r.put(
    '/api/v1/ioc/alert-rules/:id',
    {
      schema: {
        tags: ['ioc'],
        summary: 'Edits an alert rule at the version read (409 VERSION_CONFLICT when it changed meanwhile)',
        params: idParams,
        body: z.strictObject({ ...ruleBody, version: z.number().int().min(1) }),
        response: { 200: ruleSchema, ...errors },
      },
    },
    async (request) => {
      const { actor } = requireSession(request);
      requireManager(actor);
      const rule = await getAlertRule(db, request.params.id);
      if (!rule) throw new CongsoError('NOT_FOUND');
      await manageable(ctx, actor, rule.agencyId);
      const body = request.body;
      const spec = specOf(body.kind, body.params);
      const now = ctx.now();
      const row = await db.transaction(async (tx) => {
        const updated = await updateAlertRule(tx, rule.id, body.version, {
          name: body.name,
          kind: spec.kind,
          params: spec.params,
          enabled: body.enabled,
          updatedAt: now,
        });
        if (!updated) throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: rule.version } });
        await recordAudit(tx, {
          occurredAt: now,
          actorId: actor.id,
          action: 'alert_rule.updated',
          entityType: 'alert_rule',
          entityId: rule.id,
          agencyId: rule.agencyId,
          data: { kind: spec.kind, params: spec.params, enabled: body.enabled },
          ...requestMeta(request),
        });
        return updated;
      });
      return { ...row, kind: spec.kind, params: row.params as Record<string, unknown> };
    },
  );
}
