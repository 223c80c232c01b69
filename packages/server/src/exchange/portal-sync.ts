/**
 * The sync to the national public service portal (Cổng DVCQG, REFERENCES 2.1): the outbox rows written with each
 * dossier change (`portal_sync_outbox`, db/src/exchange/portal-sync.queries.ts) are delivered here, in order per
 * dossier, with the portal's services. A worker claims the oldest undelivered row of each dossier (a hold that a
 * killed worker's rows outlive by `LEASE_MS` on the server's clock), builds the body from the log up to the
 * row's version on the first attempt (kept, so every attempt sends the same body), authenticates, posts with the
 * row's `Idempotency-Key`, and marks it delivered; a network error or 5xx waits with backoff; the portal's refusal
 * (a payload it will not take) or the last attempt makes the row dead, for an administrator to inspect and replay.
 */
import {
  CongsoError,
  type PortalAnswer,
  type PortalDossierSource,
  type PortalRequest,
  type PortalSyncFee,
  portalAnswerOk,
  roleLabels,
  toPortalDossier,
  toPortalProgress,
} from '@congso/core';
import {
  type Connection,
  claimPortalSync,
  getPortalSyncRow,
  loadDossierEvents,
  markPortalSyncDelivered,
  markPortalSyncFailed,
  type PortalSyncRow,
  queryRows,
  queuePortalResync,
  recordAudit,
  replayPortalSync,
  savePortalSyncPayload,
  sql,
} from '@congso/db';
import type { Config } from '../config';
import type { AppContext } from '../platform/context';

export interface PortalSyncSettings {
  url: string;
  authPath: string;
  sharePath: string;
  username: string;
  password: string;
  maxAttempts: number;
  timeoutMs: number;
}

/** The settings when the sync is configured and enabled; null otherwise (the outbox still records). */
export function portalSyncSettingsOf(config: Config): PortalSyncSettings | null {
  if (!config.PORTAL_SYNC_ENABLED || !config.PORTAL_SYNC_URL) return null;
  return {
    url: config.PORTAL_SYNC_URL.replace(/\/+$/, ''),
    authPath: config.PORTAL_SYNC_AUTH_PATH,
    sharePath: config.PORTAL_SYNC_SHARE_PATH,
    username: config.PORTAL_SYNC_USERNAME ?? '',
    password: config.PORTAL_SYNC_PASSWORD ?? '',
    maxAttempts: config.PORTAL_SYNC_MAX_ATTEMPTS,
    timeoutMs: config.PORTAL_SYNC_TIMEOUT_SECONDS * 1000,
  };
}

/** A worker holds a claimed row this long; after it, another worker sends it again (the portal deduplicates). */
export const LEASE_MS = 120_000;

/** Wait after the n-th failed attempt (n ≥ 1): 5 s doubling, at most 15 minutes. */
export function backoffMs(attempt: number): number {
  return Math.min(5_000 * 2 ** (attempt - 1), 15 * 60_000);
}

/** A failure worth trying again later (network, timeout, 5xx, the portal's session). */
export class PortalUnavailable extends Error {}
/** The portal refused the payload: sending it again would not change its answer. */
export class PortalRefused extends Error {
  constructor(readonly answer: PortalAnswer) {
    super(typeof answer.message === 'string' ? answer.message : `error_code ${String(answer.error_code)}`);
  }
}

/** The portal's client: the session from `auth`, kept until the portal refuses it. */
export class PortalClient {
  private session: string | null = null;
  constructor(private readonly settings: PortalSyncSettings) {}

  private async post(
    path: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<PortalAnswer & Record<string, unknown>> {
    let response: Response;
    try {
      response = await fetch(`${this.settings.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (error) {
      throw new PortalUnavailable(`portal unreachable: ${error instanceof Error ? error.message : String(error)}`);
    }
    const text = await response.text().catch(() => '');
    if (response.status >= 500 || response.status === 408 || response.status === 429)
      throw new PortalUnavailable(`portal answered ${response.status}`);
    let answer: PortalAnswer & Record<string, unknown>;
    try {
      answer = JSON.parse(text) as PortalAnswer & Record<string, unknown>;
    } catch {
      throw new PortalUnavailable(`portal answered ${response.status} without JSON`);
    }
    if (response.status === 401) {
      this.session = null;
      throw new PortalUnavailable('portal session refused');
    }
    return answer;
  }

  private async login(): Promise<string> {
    if (this.session) return this.session;
    const answer = await this.post(
      this.settings.authPath,
      { username: this.settings.username, password: this.settings.password },
      {},
    );
    if (!portalAnswerOk(answer) || typeof answer.session !== 'string')
      throw new PortalUnavailable(`portal sign-in refused: ${String(answer.message ?? answer.error_code)}`);
    this.session = answer.session;
    return answer.session;
  }

  /** Sends one request; resolves when the portal took it (or had already taken the same key). */
  async send(request: PortalRequest, idempotencyKey: string): Promise<PortalAnswer> {
    const session = await this.login();
    const answer = await this.post(this.settings.sharePath, request, {
      session,
      'idempotency-key': idempotencyKey,
    });
    if (portalAnswerOk(answer)) return answer;
    // A creation the portal already has ("đã tồn tại", error_code ±3, as PASETO handles it): sent as an update.
    if (request.service === 'DongBoHoSoMC' && !request.isUpdating && alreadyExists(answer))
      return this.send({ ...request, isUpdating: true }, idempotencyKey);
    throw new PortalRefused(answer);
  }
}

function alreadyExists(answer: PortalAnswer): boolean {
  return (
    ['3', '-3'].includes(String(answer.error_code)) ||
    (typeof answer.message === 'string' && answer.message.includes('đã tồn tại'))
  );
}

const clients = new WeakMap<AppContext, PortalClient>();
function clientOf(ctx: AppContext, settings: PortalSyncSettings): PortalClient {
  let client = clients.get(ctx);
  if (!client) {
    client = new PortalClient(settings);
    clients.set(ctx, client);
  }
  return client;
}

interface SourceRow {
  code: string;
  procedure_code: string;
  procedure_name: string;
  field: string | null;
  applicant: { fullName?: string; nationalId?: string | null; phone?: string | null; email?: string | null };
  applicant_kind: string | null;
  tax_code: string | null;
  /** The fee paid online through the payment platform (payflow's fact), or null. */
  paid_online_at: Date | string | null;
  /** The applicant's account was signed in through VNeID (sso's fact). */
  vneid_verified: boolean;
  /** Filed for an organisation: the organisation's account (the dossier's owner, its representative filed it). */
  org_name: string | null;
  org_tax_code: string | null;
  org_email: string | null;
  org_phone: string | null;
}

/**
 * What the mapping reads of a dossier, up to `version`. Facts Congso does not record yet (documents digitised,
 * reused or taken from the data store; population data used) are sent as the portal's "no"; an account verified
 * with VNeID is `people.vneid_verified`, paid online the payments or `dossiers.paid_online_at`.
 */
export async function portalSourceOf(
  ctx: AppContext,
  dossierId: string,
  version: number,
): Promise<PortalDossierSource> {
  const db = ctx.connection.db;
  const events = (await loadDossierEvents(db, dossierId)).filter((e) => e.version <= version);
  const [d] = await queryRows<SourceRow>(
    db,
    sql`select d.code, d.procedure_code, d.procedure_name, pv.field, d.applicant, p.kind as applicant_kind, p.tax_code,
          d.paid_online_at, coalesce(p.vneid_verified, false) as vneid_verified,
          o.full_name as org_name, o.tax_code as org_tax_code, o.email as org_email, o.phone as org_phone
        from dossiers d
        left join procedure_versions pv on pv.id = d.procedure_version_id
        left join people p on p.id = d.applicant_id
        left join people o on o.id = d.organisation_id
        where d.id = ${dossierId}::uuid`,
  );
  if (!d || events.length === 0) throw new Error(`portal sync: dossier ${dossierId} not found`);
  const actorIds = [...new Set(events.map((e) => e.actor.id))];
  const agencyIds = [
    ...new Set(
      events.flatMap((e) => {
        const opening = 'opening' in e.data ? e.data.opening : undefined;
        return [e.actor.agencyId, opening?.receivingAgencyId, 'agencyId' in e.data ? e.data.agencyId : undefined];
      }),
    ),
  ].filter((id): id is string => typeof id === 'string');
  const fileIds = [
    ...new Set(
      events.flatMap((e) => {
        const opening = 'opening' in e.data ? e.data.opening : undefined;
        return [
          ...(opening?.documents ?? []).flatMap((doc) => doc.fileIds),
          ...(e.action === 'submit_supplement' ? (e.data.fileIds ?? []) : []),
        ];
      }),
    ),
  ];
  const [people, agencies, files, fees] = await Promise.all([
    queryRows<{ id: string; full_name: string }>(
      db,
      sql`select id, full_name from people where id = any(${sql.param(actorIds)}::uuid[])`,
    ),
    queryRows<{ id: string; code: string; name: string }>(
      db,
      sql`select id, code, name from agencies where id = any(${sql.param(agencyIds)}::uuid[])`,
    ),
    queryRows<{ id: string; name: string }>(
      db,
      sql`select id, name from files where id = any(${sql.param(fileIds)}::uuid[])`,
    ),
    queryRows<{
      request_version: number | null;
      lines: { itemId: string; name: string; amount: number }[];
      status: PortalSyncFee['status'];
      paid_online: boolean;
    }>(
      db,
      sql`select f.request_version, f.lines, f.status,
            exists (select 1 from payments p where p.dossier_fee_id = f.id and p.status = 'paid'
                    and p.provider = 'national_platform') as paid_online
          from dossier_fees f where f.dossier_id = ${dossierId}::uuid
            and (f.request_version is null or f.request_version <= ${version})
          order by f.requested_at`,
    ),
  ]);
  const roleOf = new Map(events.map((e) => [e.actor.id, e.actor.roles[0]]));
  const applicant = d.applicant;
  return {
    events,
    procedure: { code: d.procedure_code, name: d.procedure_name, fieldCode: null, fieldName: d.field ?? '' },
    // Filed for an organisation: the organisation is the dossier's owner (ChuHoSo, a business: its tax code),
    // the citizen who filed it its representative; else the applicant as filed.
    applicant:
      d.org_name !== null
        ? {
            kind: 'organisation',
            fullName: d.org_name,
            nationalId: null,
            taxCode: d.org_tax_code,
            email: d.org_email ?? applicant.email ?? null,
            phone: d.org_phone ?? applicant.phone ?? null,
            vneidVerified: d.vneid_verified === true,
            representative: { fullName: applicant.fullName ?? '', nationalId: applicant.nationalId ?? null },
          }
        : {
            kind: d.applicant_kind === 'organisation' ? 'organisation' : 'citizen',
            fullName: applicant.fullName ?? '',
            nationalId: applicant.nationalId ?? null,
            taxCode: d.tax_code,
            email: applicant.email ?? null,
            phone: applicant.phone ?? null,
            vneidVerified: d.vneid_verified === true,
          },
    agencies: new Map(agencies.map((a) => [a.id, { code: a.code, name: a.name }])),
    people: new Map(
      people.map((p) => {
        const role = roleOf.get(p.id);
        return [p.id, { name: p.full_name, title: role ? roleLabels[role].vi : '' }];
      }),
    ),
    files: new Map(
      files.map((f) => [f.id, { id: f.id, name: f.name, digitised: false, reused: false, fromDataStore: false }]),
    ),
    fees: fees.map((f) => ({
      requestVersion: f.request_version,
      lines: f.lines.map((l) => ({ itemId: l.itemId, name: l.name, amount: l.amount })),
      status: f.status,
      paidOnline: f.paid_online || (f.status === 'paid' && d.paid_online_at !== null) ? 'nationalPortal' : 'none',
    })),
    populationData: false,
  };
}

/** The body of a row's call. */
export async function portalRequestOf(ctx: AppContext, row: PortalSyncRow): Promise<PortalRequest> {
  const source = await portalSourceOf(ctx, row.dossierId, row.version);
  return row.service === 'DongBoHoSoMC'
    ? { service: 'DongBoHoSoMC', isUpdating: row.isUpdating, data: [toPortalDossier(source)] }
    : { service: 'CapNhatTienDoHoSoMC', isUpdating: false, data: [toPortalProgress(source, row.version)] };
}

export interface PortalSyncRun {
  delivered: number;
  retried: number;
  dead: number;
}

async function deliverRow(
  ctx: AppContext,
  settings: PortalSyncSettings,
  row: PortalSyncRow,
  outcome: PortalSyncRun,
): Promise<void> {
  const db = ctx.connection.db;
  try {
    let request = row.payload as PortalRequest | null;
    if (!request) {
      request = await portalRequestOf(ctx, row);
      await savePortalSyncPayload(db, row.id, request);
    }
    await clientOf(ctx, settings).send(request, row.idempotencyKey);
    await markPortalSyncDelivered(db, row.id, ctx.now());
    outcome.delivered++;
  } catch (error) {
    const attempt = row.attempts + 1;
    const refused = error instanceof PortalRefused;
    const last = refused || attempt >= settings.maxAttempts;
    const detail = refused
      ? { kind: 'refused', message: error.message, answer: error.answer }
      : { kind: 'unavailable', message: error instanceof Error ? error.message : String(error) };
    await markPortalSyncFailed(
      db,
      row.id,
      { ...detail, attempt, at: ctx.now().toISOString() },
      last ? null : new Date(ctx.now().getTime() + backoffMs(attempt)),
    );
    if (last) outcome.dead++;
    else outcome.retried++;
  }
}

/**
 * Delivers what is due now: claims the head row of up to `batch` dossiers, sends them side by side (one call
 * per dossier at a time, so each dossier's order holds), and goes on while rows come, at most `rounds` times.
 */
export async function runPortalSync(
  ctx: AppContext,
  options: { batch?: number; rounds?: number; settings?: PortalSyncSettings | null } = {},
): Promise<PortalSyncRun> {
  const outcome: PortalSyncRun = { delivered: 0, retried: 0, dead: 0 };
  const settings = options.settings === undefined ? portalSyncSettingsOf(ctx.config) : options.settings;
  if (!settings) return outcome;
  const batch = options.batch ?? 50;
  for (let round = 0; round < (options.rounds ?? 100); round++) {
    const now = ctx.now();
    const rows = await claimPortalSync(ctx.connection.db, now, new Date(now.getTime() + LEASE_MS), batch);
    if (rows.length === 0) break;
    await Promise.all(rows.map((row) => deliverRow(ctx, settings, row, outcome)));
  }
  return outcome;
}

/**
 * An administrator puts a dead row back in the queue (its body is built again from the log, so a mapping
 * corrected since is used), with the audit event, in one transaction.
 */
export async function replayPortalSyncRow(
  ctx: AppContext,
  input: { id: number; actorId: string; ip: string | null; requestId: string },
): Promise<PortalSyncRow> {
  return ctx.connection.db.transaction(async (tx) => {
    const before = await getPortalSyncRow(tx, input.id);
    if (!before) throw new CongsoError('NOT_FOUND');
    if (before.state !== 'dead') {
      throw new CongsoError('INVALID_STATE', {
        messages: {
          vi: 'Chỉ gửi lại được thay đổi đã chuyển vào danh sách lỗi.',
          en: 'Only a dead change can be replayed.',
        },
      });
    }
    await replayPortalSync(tx, [input.id]);
    await recordAudit(tx, {
      occurredAt: ctx.now(),
      actorId: input.actorId,
      action: 'exchange.portal_sync_replayed',
      entityType: 'portal_sync',
      entityId: String(input.id),
      data: { dossierId: before.dossierId, attempts: before.attempts, error: before.lastError },
      ip: input.ip,
      requestId: input.requestId,
    });
    return (await getPortalSyncRow(tx, input.id)) as PortalSyncRow;
  });
}

/** `congso exchange resync --since`: every dossier changed since then is sent whole again (one row each). */
export async function resyncPortal(
  db: Connection['db'],
  input: { since: Date; actorId: string | null; now: Date },
): Promise<{ dossiers: number }> {
  return db.transaction(async (tx) => {
    const dossiers = await queuePortalResync(tx, input.since, input.now.toISOString());
    await recordAudit(tx, {
      occurredAt: input.now,
      actorId: input.actorId,
      action: 'exchange.portal_resync',
      entityType: 'portal_sync',
      entityId: 'resync',
      data: { since: input.since.toISOString(), dossiers },
    });
    return { dossiers };
  });
}
