/**
 * National-database lookups (the population database, the business registration database) behind interfaces,
 * each reached THROUGH THE GATEWAY: Congso's one-stop is a consumer (`congso-mot-cua`) with rights to the two
 * services, so a lookup from a filing is checked, rate limited and logged in the chained exchange log like any
 * other consumer's call. The endpoints come from POPULATION_DB_URL and BUSINESS_REGISTRY_URL (the services are
 * registered, and their URL kept in step, on first use and at start).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  type Actor,
  type CitizenRecord,
  CongsoError,
  citizenRecordSchema,
  type EnterpriseRecord,
  enterpriseRecordSchema,
  FILING_PURPOSE,
} from '@congso/core';
import {
  findGatewayConsumerByCode,
  findGatewayServiceByCode,
  type GatewayConsumerRow,
  getPersonById,
  insertGatewayConsumer,
  insertGatewayService,
  insertPopulationLookup,
  recordAudit,
  setGatewayRight,
  updateGatewayService,
} from '@congso/db';
import type { AppContext } from '../platform/context';
import { callService, forgetGatewayRegistry } from './gateway.service';
import { sha256Hex } from './gateway-log';

export const POPULATION_SERVICE = 'csdl-dan-cu';
export const BUSINESS_SERVICE = 'dang-ky-doanh-nghiep';
export const ONE_STOP_CONSUMER = 'congso-mot-cua';

/** Who looks up, why and for which dossier: what the exchange log records of a lookup. */
export interface LookupContext {
  purpose: string;
  dossierId: string | null;
}

export interface PopulationDatabase {
  findCitizen(nationalId: string, context: LookupContext): Promise<{ citizen: CitizenRecord; logId: string }>;
}

export interface BusinessRegistry {
  findEnterprise(code: string, context: LookupContext): Promise<{ enterprise: EnterpriseRecord; logId: string }>;
}

const POPULATION_OPENAPI = {
  openapi: '3.0.3',
  info: { title: 'CSDL quốc gia về dân cư — tra cứu công dân (giao diện Congso dùng)', version: '1.0' },
  paths: {
    '/citizens/{nationalId}': {
      get: {
        summary: 'Thông tin công dân theo số định danh cá nhân',
        parameters: [
          { name: 'nationalId', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d{12}$' } },
        ],
        responses: { '200': { description: 'Công dân' }, '404': { description: 'Không có' } },
      },
    },
  },
};

const BUSINESS_OPENAPI = {
  openapi: '3.0.3',
  info: { title: 'CSDL quốc gia về đăng ký doanh nghiệp — tra cứu doanh nghiệp', version: '1.0' },
  paths: {
    '/enterprises/{code}': {
      get: {
        summary: 'Doanh nghiệp theo mã số doanh nghiệp',
        parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'Doanh nghiệp' }, '404': { description: 'Không có' } },
      },
    },
  },
};

const ensured = new WeakMap<AppContext, Promise<GatewayConsumerRow>>();

/**
 * Registers the national services (at the configured URLs) and the one-stop consumer with its rights, once per
 * process (idempotent: a second process, or a restart, finds them; a changed URL is written back).
 */
export function ensureNationalServices(ctx: AppContext): Promise<GatewayConsumerRow> {
  let p = ensured.get(ctx);
  if (!p) {
    p = doEnsure(ctx);
    p.catch(() => ensured.delete(ctx));
    ensured.set(ctx, p);
  }
  return p;
}

async function doEnsure(ctx: AppContext): Promise<GatewayConsumerRow> {
  const now = ctx.now();
  const wanted = [
    {
      code: POPULATION_SERVICE,
      name: 'CSDL quốc gia về dân cư',
      url: ctx.config.POPULATION_DB_URL,
      openapi: POPULATION_OPENAPI,
      description: 'Tra cứu thông tin công dân theo số định danh cá nhân (Bộ Công an).',
    },
    {
      code: BUSINESS_SERVICE,
      name: 'CSDL quốc gia về đăng ký doanh nghiệp',
      url: ctx.config.BUSINESS_REGISTRY_URL,
      openapi: BUSINESS_OPENAPI,
      description: 'Tra cứu doanh nghiệp theo mã số doanh nghiệp (Bộ Kế hoạch và Đầu tư).',
    },
  ];
  const consumer = await ctx.connection.db.transaction(async (tx) => {
    let c = await findGatewayConsumerByCode(tx, ONE_STOP_CONSUMER);
    if (!c) {
      c = await insertGatewayConsumer(tx, {
        id: randomUUID(),
        code: ONE_STOP_CONSUMER,
        name: 'Hệ thống một cửa điện tử Congso',
        agencyId: null,
        clientId: `${ONE_STOP_CONSUMER}.${randomBytes(6).toString('hex')}`,
        // Calls in process: its secret is never shown (an administrator may rotate it to call over HTTP).
        secretHash: sha256Hex(randomBytes(32).toString('base64url')),
        secretSetAt: now,
        rateLimitPerMinute: 6000,
        createdAt: now,
        updatedAt: now,
      });
    }
    for (const w of wanted) {
      const baseUrl = w.url ?? 'http://national-db.invalid';
      let s = await findGatewayServiceByCode(tx, w.code);
      if (!s) {
        s = await insertGatewayService(tx, {
          id: randomUUID(),
          code: w.code,
          name: w.name,
          kind: 'external',
          baseUrl,
          description: w.description,
          openapi: w.openapi,
          active: Boolean(w.url),
          createdAt: now,
          updatedAt: now,
        });
        await setGatewayRight(tx, { consumerId: c.id, serviceId: s.id, granted: true, at: now, by: null });
        await recordAudit(tx, {
          occurredAt: now,
          actorId: null,
          action: 'gateway.service_created',
          entityType: 'gateway_service',
          entityId: s.id,
          data: { code: s.code, baseUrl: s.baseUrl, consumer: c.code },
        });
      } else if (w.url && s.baseUrl !== w.url) {
        await updateGatewayService(tx, s.id, s.version, { baseUrl: w.url, active: true, updatedAt: now });
      }
    }
    return c;
  });
  forgetGatewayRegistry(ctx);
  return consumer;
}

async function getJson(
  ctx: AppContext,
  service: string,
  path: string,
  subject: string | null,
  context: LookupContext,
  notFound: 'CITIZEN_NOT_FOUND' | 'ENTERPRISE_NOT_FOUND',
) {
  const consumer = await ensureNationalServices(ctx);
  let answer: Awaited<ReturnType<typeof callService>>;
  try {
    answer = await callService(ctx, consumer, {
      serviceCode: service,
      method: 'GET',
      path,
      headers: { accept: 'application/json' },
      purpose: context.purpose,
      dossierId: context.dossierId,
      subjectNationalId: subject,
    });
  } catch (error) {
    if (error instanceof CongsoError && ['GATEWAY_UPSTREAM_FAILED', 'GATEWAY_SERVICE_NOT_FOUND'].includes(error.code))
      throw new CongsoError('NATIONAL_DB_UNAVAILABLE');
    throw error;
  }
  if (answer.status === 404) throw new CongsoError(notFound);
  if (answer.status !== 200) throw new CongsoError('NATIONAL_DB_UNAVAILABLE');
  try {
    return { json: JSON.parse(answer.body.toString('utf8')) as unknown, logId: answer.logId };
  } catch {
    throw new CongsoError('NATIONAL_DB_UNAVAILABLE');
  }
}

export function gatewayPopulationDatabase(ctx: AppContext): PopulationDatabase {
  return {
    async findCitizen(nationalId, context) {
      const { json, logId } = await getJson(
        ctx,
        POPULATION_SERVICE,
        `/citizens/${encodeURIComponent(nationalId)}`,
        nationalId,
        context,
        'CITIZEN_NOT_FOUND',
      );
      const parsed = citizenRecordSchema.safeParse(json);
      if (!parsed.success) throw new CongsoError('NATIONAL_DB_UNAVAILABLE');
      return { citizen: parsed.data, logId };
    },
  };
}

export function gatewayBusinessRegistry(ctx: AppContext): BusinessRegistry {
  return {
    async findEnterprise(code, context) {
      const { json, logId } = await getJson(
        ctx,
        BUSINESS_SERVICE,
        `/enterprises/${encodeURIComponent(code)}`,
        null,
        context,
        'ENTERPRISE_NOT_FOUND',
      );
      const parsed = enterpriseRecordSchema.safeParse(json);
      if (!parsed.success) throw new CongsoError('NATIONAL_DB_UNAVAILABLE');
      return { enterprise: parsed.data, logId };
    },
  };
}

/**
 * A lookup of an applicant for a filing, with the applicant's consent: a citizen looks up only their own
 * national id; a one-stop clerk looks up the applicant at the counter. Recorded (population_lookups: consent
 * time, the log entry) so the filing that uses it marks the dossier.
 */
export async function lookupApplicantForFiling(
  ctx: AppContext,
  actor: Actor,
  nationalId: string,
  meta: { ip?: string | null; requestId?: string | null },
) {
  if (actor.kind === 'citizen') {
    const me = await getPersonById(ctx.connection.db, actor.id);
    if (!me || (me.nationalId ?? me.username) !== nationalId) throw new CongsoError('LOOKUP_NOT_YOURS');
  } else if (actor.kind !== 'officer' || !actor.roles.includes('one_stop_clerk')) {
    throw new CongsoError('FORBIDDEN');
  }
  const consentAt = ctx.now();
  const { citizen, logId } = await gatewayPopulationDatabase(ctx).findCitizen(nationalId, {
    purpose: FILING_PURPOSE,
    dossierId: null,
  });
  const now = ctx.now();
  const lookup = await ctx.connection.db.transaction(async (tx) => {
    const row = await insertPopulationLookup(tx, {
      id: randomUUID(),
      requestedBy: actor.id,
      subjectNationalId: nationalId,
      consentAt,
      logId,
      data: citizen,
      at: now,
    });
    await recordAudit(tx, {
      occurredAt: now,
      actorId: actor.id,
      action: 'gateway.population_lookup',
      entityType: 'population_lookup',
      entityId: row.id,
      data: { consent: true, logId },
      ...meta,
    });
    return row;
  });
  return { lookupId: lookup.id, consentAt: lookup.consentAt, citizen };
}
