import { agencyKinds, authorize, CongsoError, emailSchema, officerRoles, phoneSchema } from '@congso/core';
import {
  agencyDetails,
  agencyPath,
  countCurrentAgencies,
  getCurrentAgencyByCode,
  getProvinceSetting,
  listAgencies,
  searchAgencies,
} from '@congso/db';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clearSessionCookie, loadSession, requestMeta, requireSession, setSessionCookie } from '../http/auth';
import { booleanQuery, errorSchema, id, idParams, isoDate, listOf, optionalText, paging, text } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { createAgency, mergeAgencies, renameAgency } from './agencies';
import { changePassword, login, logout } from './auth';
import {
  agencyBriefSchema,
  agencyDetailSchema,
  agencySummarySchema,
  meSchema,
  officerSchema,
  presentAgencyDetail,
  presentAgencySummary,
  presentMe,
  presentOfficer,
} from './identity.presenter';
import { createOfficer, getOfficerFor, listOfficersFor, resetOfficerPassword, updateOfficer } from './officers';

const errors = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
  429: errorSchema,
};
const roles = z.array(z.enum(officerRoles)).min(1).max(officerRoles.length);
const password = z.string().min(1).max(200);
/** An empty field means "none". */
const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);
const email = z.preprocess(blankToNull, emailSchema.nullish());
const phone = z.preprocess(blankToNull, phoneSchema.nullish());

export function registerIdentityRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = ctx.connection.db;

  app.get(
    '/api/v1/province',
    {
      schema: {
        tags: ['identity'],
        summary: 'The province this installation serves (public)',
        response: {
          200: z.object({
            code: z.string(),
            name: z.string(),
            fullName: z.string(),
            nameEn: z.string(),
            agency: agencyBriefSchema.nullable(),
            communeCount: z.number(),
            agencyCount: z.number(),
          }),
          ...errors,
        },
      },
    },
    async () => {
      const province = await getProvinceSetting(db);
      if (!province)
        throw new CongsoError('NOT_FOUND', {
          messages: { vi: 'Chưa cấu hình tỉnh.', en: 'No province is configured yet.' },
        });
      const rootAgency = await getCurrentAgencyByCode(db, province.rootAgencyCode);
      const counts = await countCurrentAgencies(db, province.code);
      return {
        code: province.code,
        name: province.name,
        fullName: province.fullName,
        nameEn: province.nameEn,
        agency: rootAgency
          ? { id: rootAgency.id, code: rootAgency.code, name: rootAgency.name, shortName: rootAgency.shortName }
          : null,
        communeCount: counts.commune ?? 0,
        agencyCount: Object.values(counts).reduce((a, b) => a + b, 0),
      };
    },
  );

  // ---- Authentication
  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags: ['identity'],
        summary: 'Sign in; sets the session cookie',
        body: z.strictObject({ username: z.string().trim().min(1).max(100), password }),
        response: { 200: z.object({ user: meSchema }), ...errors },
      },
    },
    async (request, reply) => {
      const { token } = await login(ctx, {
        username: request.body.username,
        password: request.body.password,
        ip: request.ip ?? null,
        userAgent: request.headers['user-agent'] ?? null,
        requestId: String(request.id),
        previousSessionId: request.currentSession?.id ?? null,
      });
      setSessionCookie(reply, ctx, token);
      const session = await loadSession(ctx, token);
      if (!session) throw new CongsoError('INTERNAL');
      return { user: presentMe(session) };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      schema: {
        tags: ['identity'],
        summary: 'Sign out (ends this session)',
        body: z.strictObject({}).optional(),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const session = request.currentSession;
      if (session) await logout(ctx, session.id, session.actor.id, requestMeta(request));
      clearSessionCookie(reply, ctx);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      schema: {
        tags: ['identity'],
        summary: 'Who is signed in',
        response: { 200: z.object({ user: meSchema }), ...errors },
      },
    },
    async (request) => ({ user: presentMe(requireSession(request)) }),
  );

  app.post(
    '/api/v1/auth/password',
    {
      schema: {
        tags: ['identity'],
        summary: 'Change one’s own password (ends the other sessions)',
        body: z.strictObject({ currentPassword: password, newPassword: password }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const session = requireSession(request);
      await changePassword(ctx, {
        personId: session.actor.id,
        sessionId: session.id,
        ...request.body,
        ...requestMeta(request),
      });
      return reply.status(204).send(null);
    },
  );

  // ---- Agencies
  app.get(
    '/api/v1/agencies',
    {
      schema: {
        tags: ['identity'],
        summary: 'Browse the agency tree (children of parentId, or the roots) or search it with q',
        querystring: z.object({
          q: z.string().max(200).optional(),
          parentId: id.optional(),
          kind: z.enum(agencyKinds).optional(),
          includeHistory: booleanQuery.default(false),
          ...paging,
        }),
        response: { 200: listOf(agencySummarySchema), ...errors },
      },
    },
    async (request) => {
      authorize(requireSession(request).actor, 'agency.read');
      const { q, parentId, kind, includeHistory, limit, offset } = request.query;
      const query = q?.normalize('NFC').trim();
      const result = query
        ? await searchAgencies(db, { q: query, kind, includeHistory, limit, offset })
        : await listAgencies(db, { parentId: parentId ?? null, kind, includeHistory, limit, offset });
      return { items: result.items.map(presentAgencySummary), total: result.total };
    },
  );

  app.get(
    '/api/v1/agencies/:id',
    {
      schema: {
        tags: ['identity'],
        summary: 'One agency with its path and history',
        params: idParams,
        response: { 200: agencyDetailSchema, ...errors },
      },
    },
    async (request) => {
      authorize(requireSession(request).actor, 'agency.read');
      const details = await agencyDetails(db, request.params.id);
      if (!details) throw new CongsoError('NOT_FOUND');
      return presentAgencyDetail(details);
    },
  );

  app.get(
    '/api/v1/agencies/:id/children',
    {
      schema: {
        tags: ['identity'],
        summary: 'The current units directly under an agency',
        params: idParams,
        querystring: z.object({ includeHistory: booleanQuery.default(false), ...paging }),
        response: { 200: listOf(agencySummarySchema), ...errors },
      },
    },
    async (request) => {
      authorize(requireSession(request).actor, 'agency.read');
      if ((await agencyPath(db, request.params.id)).length === 0) throw new CongsoError('NOT_FOUND');
      const result = await listAgencies(db, { parentId: request.params.id, ...request.query });
      return { items: result.items.map(presentAgencySummary), total: result.total };
    },
  );

  app.post(
    '/api/v1/agencies',
    {
      schema: {
        tags: ['identity'],
        summary: 'Add an agency under a parent',
        body: z.strictObject({
          code: z.string().max(20),
          name: text(300),
          shortName: text(30),
          kind: z.enum(agencyKinds),
          parentId: id,
          validFrom: isoDate,
          adminUnitCode: z
            .string()
            .regex(/^\d{5}$/)
            .nullish(),
          adminUnitName: optionalText(200),
        }),
        response: { 201: agencyDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const details = await createAgency(ctx, requireSession(request).actor, request.body, requestMeta(request));
      return reply.status(201).send(presentAgencyDetail(details));
    },
  );

  app.post(
    '/api/v1/agencies/:id/rename',
    {
      schema: {
        tags: ['identity'],
        summary: 'Rename (or re-code) an agency from a date, keeping its history',
        params: idParams,
        body: z.strictObject({
          version: z.number().int().min(1),
          name: text(300),
          shortName: text(30).optional(),
          code: z.string().max(20).optional(),
          validFrom: isoDate,
          reason: text(500),
        }),
        response: { 200: agencyDetailSchema, ...errors },
      },
    },
    async (request) => {
      const details = await renameAgency(
        ctx,
        requireSession(request).actor,
        request.params.id,
        request.body,
        requestMeta(request),
      );
      return presentAgencyDetail(details);
    },
  );

  app.post(
    '/api/v1/agencies/merge',
    {
      schema: {
        tags: ['identity'],
        summary: 'Merge agencies into a new one from a date, keeping their history',
        body: z.strictObject({
          sources: z
            .array(z.strictObject({ id, version: z.number().int().min(1) }))
            .min(1)
            .max(50),
          into: z.strictObject({
            code: z.string().max(20),
            name: text(300),
            shortName: text(30),
            kind: z.enum(agencyKinds),
            parentId: id,
          }),
          validFrom: isoDate,
          reason: text(500),
        }),
        response: { 201: agencyDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const details = await mergeAgencies(ctx, requireSession(request).actor, request.body, requestMeta(request));
      return reply.status(201).send(presentAgencyDetail(details));
    },
  );

  // ---- Officers
  app.get(
    '/api/v1/officers',
    {
      schema: {
        tags: ['identity'],
        summary: 'Officers of an agency (and its sub-agencies)',
        querystring: z.object({
          agencyId: id.optional(),
          includeSubAgencies: booleanQuery.default(true),
          q: z.string().max(200).optional(),
          role: z.enum(officerRoles).optional(),
          ...paging,
        }),
        response: { 200: listOf(officerSchema), ...errors },
      },
    },
    async (request) => {
      const q = request.query.q?.normalize('NFC').trim() || undefined;
      const result = await listOfficersFor(ctx, requireSession(request).actor, { ...request.query, q });
      return { items: result.items.map(presentOfficer), total: result.total };
    },
  );

  app.get(
    '/api/v1/officers/:id',
    {
      schema: {
        tags: ['identity'],
        summary: 'One officer',
        params: idParams,
        response: { 200: officerSchema, ...errors },
      },
    },
    async (request) => presentOfficer(await getOfficerFor(ctx, requireSession(request).actor, request.params.id)),
  );

  app.post(
    '/api/v1/officers',
    {
      schema: {
        tags: ['identity'],
        summary: 'Create an officer account',
        body: z.strictObject({
          username: z
            .string()
            .trim()
            .toLowerCase()
            .regex(/^[a-z0-9][a-z0-9._-]{2,49}$/),
          fullName: text(200),
          email,
          phone,
          agencyId: id,
          roles,
          password,
        }),
        response: { 201: officerSchema, ...errors },
      },
    },
    async (request, reply) => {
      const row = await createOfficer(ctx, requireSession(request).actor, request.body, requestMeta(request));
      return reply.status(201).send(presentOfficer(row));
    },
  );

  app.patch(
    '/api/v1/officers/:id',
    {
      schema: {
        tags: ['identity'],
        summary: 'Change an officer (optimistic concurrency on version)',
        params: idParams,
        body: z.strictObject({
          version: z.number().int().min(1),
          fullName: text(200).optional(),
          email,
          phone,
          roles: roles.optional(),
          active: z.boolean().optional(),
          agencyId: id.optional(),
        }),
        response: { 200: officerSchema, ...errors },
      },
    },
    async (request) => {
      const row = await updateOfficer(
        ctx,
        requireSession(request).actor,
        request.params.id,
        request.body,
        requestMeta(request),
      );
      return presentOfficer(row);
    },
  );

  app.post(
    '/api/v1/officers/:id/reset-password',
    {
      schema: {
        tags: ['identity'],
        summary: 'Set a new password for an officer (ends their sessions)',
        params: idParams,
        body: z.strictObject({ newPassword: password }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await resetOfficerPassword(
        ctx,
        requireSession(request).actor,
        request.params.id,
        request.body.newPassword,
        requestMeta(request),
      );
      return reply.status(204).send(null);
    },
  );
}
