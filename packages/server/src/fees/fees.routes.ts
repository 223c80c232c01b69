/**
 * Fees over HTTP: the schedule of a procedure in force (public: what to pay and why), the province's edit of
 * a procedure version's schedule (province administrators: catalog.manage), a dossier's fees (whoever reads
 * the dossier) and the fee request with the exemptions the officer checked.
 */
import {
  authorize,
  CongsoError,
  type FeeSchedule,
  feeCollectorSchema,
  feeDueMoments,
  feeItemKinds,
  feeReviewCodes,
  feeScheduleSchema,
  type Procedure,
  vnDateKey,
} from '@congso/core';
import {
  type DossierFeeRow,
  getProcedureInForce,
  getProcedureVersion,
  getProvinceRoot,
  getProvinceSetting,
  listDossierFees,
  listFeeSchedules,
} from '@congso/db';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loadDossierFor } from '../dossiers/read-access';
import { requestMeta, requireSession } from '../http/auth';
import { errorSchema, id, idParams, isoDate, text } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { feeScheduleOf, feeScheduleOfDossier, requestFee, saveFeeSchedule } from './fees.service';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

const amounts = z.object({
  counter: z.number().optional(),
  online: z.number().optional(),
  postal: z.number().optional(),
});
const scheduleOut = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(feeItemKinds),
      name: z.string(),
      amounts,
      unit: z.string(),
      due: z.enum(feeDueMoments),
    }),
  ),
  exemptions: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['exemption', 'reduction']),
      description: z.string(),
      percent: z.number(),
      legalBasis: z.string(),
      itemIds: z.array(z.string()).nullable(),
    }),
  ),
  collector: feeCollectorSchema,
  review: z.array(z.enum(feeReviewCodes)),
});

const inForceSchema = z.object({
  procedureVersionId: z.string(),
  source: z.enum(['province', 'catalog']).describe('province: set by the province; catalog: read from its text'),
  version: z.number().describe('the period’s version, 0 when the province never set one'),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  schedule: scheduleOut,
});

const lineSchema = z.object({
  itemId: z.string(),
  kind: z.enum(feeItemKinds),
  name: z.string(),
  unit: z.string(),
  due: z.enum(feeDueMoments),
  baseAmount: z.number(),
  exemption: z
    .object({
      id: z.string(),
      kind: z.enum(['exemption', 'reduction']),
      description: z.string(),
      percent: z.number(),
      legalBasis: z.string(),
    })
    .nullable(),
  amount: z.number(),
});

export const dossierFeeSchema = z.object({
  id: z.string(),
  status: z.enum(['requested', 'paid', 'waived', 'cancelled', 'exempt']),
  due: z.enum(feeDueMoments),
  channel: z.string(),
  lines: z.array(lineSchema),
  total: z.number(),
  collector: feeCollectorSchema,
  requestVersion: z.number().nullable(),
  requestedAt: z.string(),
  settledAt: z.string().nullable(),
});

export function presentDossierFee(row: DossierFeeRow): z.infer<typeof dossierFeeSchema> {
  return {
    id: row.id,
    status: row.status as z.infer<typeof dossierFeeSchema>['status'],
    due: row.due as z.infer<typeof dossierFeeSchema>['due'],
    channel: row.channel,
    lines: row.lines,
    total: row.total,
    collector: row.collector,
    requestVersion: row.requestVersion,
    requestedAt: row.requestedAt.toISOString(),
    settledAt: row.settledAt ? row.settledAt.toISOString() : null,
  };
}

export function registerFeeRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = ctx.connection.db;

  const requireCatalogManager = async (request: Parameters<typeof requireSession>[0]) => {
    const actor = requireSession(request).actor;
    const province = await getProvinceSetting(db);
    const rootAgency = province ? await getProvinceRoot(db, province.code) : undefined;
    authorize(actor, 'catalog.manage', { agencyPath: rootAgency ? [rootAgency.id] : [] });
    return actor;
  };

  app.get(
    '/api/v1/procedures/:code/fees',
    {
      schema: {
        tags: ['fees'],
        summary: 'The fee schedule of a procedure in force today (public): what to pay, when, exemptions',
        params: z.strictObject({ code: z.string().regex(/^\d+\.\d{6}$/) }),
        response: { 200: inForceSchema, ...errors },
      },
    },
    async (request) => {
      const on = vnDateKey(ctx.now());
      const version = await getProcedureInForce(db, request.params.code, on);
      if (!version) throw new CongsoError('NOT_FOUND');
      return feeScheduleOf(ctx, version, on);
    },
  );

  app.get(
    '/api/v1/fee-schedules/:id',
    {
      schema: {
        tags: ['fees'],
        summary: 'A procedure version’s fee schedule for the province to edit: in force, periods, catalogue text',
        params: idParams,
        response: {
          200: z.object({
            procedure: z.object({ id: z.string(), code: z.string(), name: z.string(), version: z.number() }),
            inForce: inForceSchema,
            periods: z.array(
              z.object({
                validFrom: z.string(),
                validTo: z.string().nullable(),
                version: z.number(),
                schedule: scheduleOut,
              }),
            ),
            catalogText: z.record(z.string(), z.string()).describe('the catalogue’s fee text per channel'),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      await requireCatalogManager(request);
      const version = await getProcedureVersion(db, request.params.id);
      if (!version) throw new CongsoError('NOT_FOUND');
      const data = version.data as Procedure;
      const periods = await listFeeSchedules(db, version.id);
      return {
        procedure: { id: version.id, code: version.code, name: version.name, version: version.version },
        inForce: await feeScheduleOf(ctx, version, vnDateKey(ctx.now())),
        periods: periods.map((p) => ({
          validFrom: p.validFrom,
          validTo: p.validTo,
          version: p.version,
          schedule: p.schedule,
        })),
        catalogText: Object.fromEntries(Object.entries(data.fees ?? {}).map(([c, f]) => [c, f?.text ?? ''])),
      };
    },
  );

  app.put(
    '/api/v1/fee-schedules/:id',
    {
      schema: {
        tags: ['fees'],
        summary:
          'Set a procedure version’s fee schedule from a date (province administrators; version check, audit event)',
        params: idParams,
        body: z.strictObject({
          expectedVersion: z.number().int().min(0).describe('the open period’s version; 0 when there is none'),
          validFrom: isoDate,
          reason: text(500),
          schedule: feeScheduleSchema,
        }),
        response: { 200: inForceSchema, ...errors },
      },
    },
    async (request) => {
      const actor = await requireCatalogManager(request);
      const { schedule, ...rest } = request.body;
      return saveFeeSchedule(
        ctx,
        actor,
        request.params.id,
        { ...rest, schedule: schedule as FeeSchedule },
        requestMeta(request),
      );
    },
  );

  app.get(
    '/api/v1/dossiers/:id/fees',
    {
      schema: {
        tags: ['fees'],
        summary: 'A dossier’s fees: what was asked and why, and how it was settled; the schedule it pays under',
        params: idParams,
        response: {
          200: z.object({ items: z.array(dossierFeeSchema), schedule: inForceSchema }),
          ...errors,
        },
      },
    },
    async (request) => {
      const actor = requireSession(request).actor;
      const row = await loadDossierFor(ctx, actor, { id: request.params.id });
      const fees = await listDossierFees(db, row.id);
      return { items: fees.map(presentDossierFee), schedule: await feeScheduleOfDossier(ctx, row) };
    },
  );

  app.post(
    '/api/v1/dossiers/:id/fees',
    {
      schema: {
        tags: ['fees'],
        summary:
          'Ask the dossier’s fee from its schedule, with the exemptions the applicant proved (one-stop clerk, specialist)',
        params: idParams,
        body: z.strictObject({
          version: z.number().int().min(1),
          exemptionIds: z.array(z.string().max(40)).max(50).default([]),
        }),
        response: {
          200: z.object({ dossierId: id, version: z.number(), status: z.string(), fee: dossierFeeSchema.nullable() }),
          ...errors,
        },
      },
    },
    async (request) => {
      const actor = requireSession(request).actor;
      const { dossier, fee } = await requestFee(ctx, actor, request.params.id, request.body, requestMeta(request));
      return {
        dossierId: dossier.id,
        version: dossier.version,
        status: dossier.status,
        fee: fee ? presentDossierFee(fee) : null,
      };
    },
  );
}
