/**
 * Who acts for an organisation (issue 13): a citizen confirms they are an organisation's legal representative
 * from the national business registration (through the gateway: the registry's answer names them by their
 * national id), a legal representative (or the organisation's own account) authorises another citizen until a
 * day, and a link is revoked (by the organisation, its legal representative, or its holder giving it up). A
 * link in force opens the organisation's data store and lets its holder file for it. Each change is one
 * transaction with its audit event.
 */
import { randomUUID } from 'node:crypto';
import { type Actor, CongsoError, MAX_AUTHORISATION_DAYS, parseInstant } from '@congso/core';
import {
  ensurePerson,
  getPersonById,
  getPersonByUsername,
  getRepresentation,
  insertRepresentation,
  listRepresentations,
  openRepresentation,
  type RepresentationListRow,
  type RepresentationRow,
  recordAudit,
  representationInForce,
  revokeRepresentation,
} from '@congso/db';
import type { RequestMeta } from '../dossiers/acting';
import { gatewayBusinessRegistry } from '../gateway/national-db';
import type { AppContext } from '../platform/context';

/** What the gateway's log records as the reason of the registry lookup. */
export const REPRESENTATION_PURPOSE = 'xác nhận người đại diện';

/**
 * Whether the actor may act for the organisation now: its own account, or a citizen whose link to it is in
 * force (checked at each request: a revoked or expired link loses access at once).
 */
export async function actsFor(ctx: AppContext, actor: Actor, organisationId: string): Promise<boolean> {
  if (actor.id === organisationId) return actor.kind === 'organisation';
  if (actor.kind !== 'citizen' || !actor.active) return false;
  return !!(await representationInForce(ctx.connection.db, actor.id, organisationId, ctx.now()));
}

/** Whether the actor manages who acts for the organisation: its own account or its legal representative. */
async function managesRepresentatives(ctx: AppContext, actor: Actor, organisationId: string): Promise<boolean> {
  if (actor.id === organisationId) return actor.kind === 'organisation';
  if (actor.kind !== 'citizen' || !actor.active) return false;
  const link = await representationInForce(ctx.connection.db, actor.id, organisationId, ctx.now());
  return link?.role === 'legal_representative';
}

/** The caller's own links (a citizen's organisations; an organisation's representatives). */
export async function myRepresentations(ctx: AppContext, actor: Actor): Promise<RepresentationListRow[]> {
  const db = ctx.connection.db;
  if (actor.kind === 'organisation') return listRepresentations(db, { organisationId: actor.id });
  if (actor.kind !== 'citizen') return [];
  return listRepresentations(db, { personId: actor.id });
}

/** An organisation's links, for its account and its legal representative in force; 404 for anyone else. */
export async function organisationRepresentations(
  ctx: AppContext,
  actor: Actor,
  organisationId: string,
): Promise<RepresentationListRow[]> {
  if (!(await managesRepresentatives(ctx, actor, organisationId))) throw new CongsoError('NOT_FOUND');
  return listRepresentations(ctx.connection.db, { organisationId });
}

async function listed(ctx: AppContext, row: RepresentationRow): Promise<RepresentationListRow> {
  const rows = await listRepresentations(ctx.connection.db, { organisationId: row.organisationId });
  return rows.find((r) => r.id === row.id) as RepresentationListRow;
}

/**
 * A citizen confirms they are the legal representative of the enterprise `code`: the national business
 * registration (through the gateway, logged) must name them by their national id. The organisation's account
 * is made when Congso meets it first (no password: it signs in later with its own means). A link of theirs
 * already in force as legal representative is answered again (nothing written); an authorisation they held is
 * closed by it; another person's legal-representative link to the organisation ends (the registry names
 * someone else now).
 */
export async function confirmLegalRepresentative(
  ctx: AppContext,
  actor: Actor,
  code: string,
  meta: RequestMeta,
): Promise<{ link: RepresentationListRow; created: boolean }> {
  if (actor.kind !== 'citizen' || !actor.active) {
    throw new CongsoError('FORBIDDEN', {
      messages: {
        vi: 'Chỉ công dân xác nhận mình là người đại diện của doanh nghiệp.',
        en: 'Only a citizen confirms being an enterprise’s representative.',
      },
    });
  }
  const db = ctx.connection.db;
  const me = await getPersonById(db, actor.id);
  const nationalId = me?.nationalId ?? null;
  if (!me || !nationalId) throw new CongsoError('NOT_LEGAL_REPRESENTATIVE');
  const { enterprise, logId } = await gatewayBusinessRegistry(ctx).findEnterprise(code, {
    purpose: REPRESENTATION_PURPOSE,
    dossierId: null,
  });
  if (!enterprise.legalRepresentativeNationalId || enterprise.legalRepresentativeNationalId !== nationalId) {
    throw new CongsoError('NOT_LEGAL_REPRESENTATIVE', { details: { code } });
  }
  const now = ctx.now();
  const result = await db.transaction(async (tx) => {
    const organisation = await ensurePerson(tx, {
      kind: 'organisation',
      username: code,
      taxCode: code,
      fullName: enterprise.name,
    });
    if (organisation.kind !== 'organisation' || organisation.taxCode !== code) {
      throw new CongsoError('VALIDATION_FAILED', {
        details: [{ path: 'organisationCode', code: 'not_an_organisation' }],
      });
    }
    const open = await openRepresentation(tx, actor.id, organisation.id);
    if (open?.role === 'legal_representative') return { row: open, created: false };
    const closed: string[] = [];
    if (open) {
      closed.push(await endLink(tx, open, actor.id, now, 'Thay bằng quan hệ người đại diện theo pháp luật'));
    }
    for (const other of await listRepresentations(tx, { organisationId: organisation.id })) {
      if (other.role !== 'legal_representative' || other.revokedAt || other.personId === actor.id) continue;
      closed.push(
        await endLink(
          tx,
          other,
          actor.id,
          now,
          'CSDL quốc gia về đăng ký doanh nghiệp ghi người đại diện theo pháp luật khác',
        ),
      );
    }
    const row = await insertRepresentation(tx, {
      id: randomUUID(),
      organisationId: organisation.id,
      personId: actor.id,
      role: 'legal_representative',
      basis: 'business_registration',
      grantedBy: null,
      registryLogId: logId,
      validFrom: now,
      validUntil: null,
      createdAt: now,
    });
    await recordAudit(tx, {
      occurredAt: now,
      actorId: actor.id,
      action: 'representation.confirm',
      entityType: 'organisation_representative',
      entityId: row.id,
      data: { organisationId: organisation.id, code, logId, closed },
      ...meta,
    });
    return { row, created: true };
  });
  return { link: await listed(ctx, result.row), created: result.created };
}

/** The end of a calendar day in Vietnam, the instant an authorisation runs to. */
function endOfDay(day: string): Date {
  return parseInstant(`${day}T23:59:59`);
}

/**
 * The organisation's account or its legal representative authorises a citizen (by national id; they have an
 * account) to act for it until the end of `validUntil` (at most MAX_AUTHORISATION_DAYS ahead). An expired
 * authorisation of theirs is closed by the new one; one in force is 409 REPRESENTATION_EXISTS.
 */
export async function grantRepresentation(
  ctx: AppContext,
  actor: Actor,
  body: { organisationId: string; nationalId: string; validUntil: string },
  meta: RequestMeta,
): Promise<RepresentationListRow> {
  if (!(await managesRepresentatives(ctx, actor, body.organisationId))) throw new CongsoError('NOT_FOUND');
  const db = ctx.connection.db;
  const now = ctx.now();
  const until = endOfDay(body.validUntil);
  const latest = now.getTime() + MAX_AUTHORISATION_DAYS * 86_400_000;
  if (until.getTime() <= now.getTime() || until.getTime() > latest) {
    throw new CongsoError('VALIDATION_FAILED', {
      messages: {
        vi: `Ngày hết hạn ủy quyền phải sau hôm nay và không quá ${MAX_AUTHORISATION_DAYS} ngày.`,
        en: `The authorisation must end after today and within ${MAX_AUTHORISATION_DAYS} days.`,
      },
      details: [{ path: 'validUntil', code: 'out_of_range' }],
    });
  }
  const grantee = await getPersonByUsername(db, body.nationalId);
  if (grantee?.kind !== 'citizen' || !grantee.active) {
    throw new CongsoError('VALIDATION_FAILED', {
      messages: {
        vi: 'Không có tài khoản công dân với số định danh này (người được ủy quyền cần đăng nhập Congso một lần trước).',
        en: 'No citizen account with this ID number (the authorised person signs in to Congso once first).',
      },
      details: [{ path: 'nationalId', code: 'not_found' }],
    });
  }
  if (grantee.id === actor.id) {
    throw new CongsoError('VALIDATION_FAILED', { details: [{ path: 'nationalId', code: 'yourself' }] });
  }
  const row = await db.transaction(async (tx) => {
    const open = await openRepresentation(tx, grantee.id, body.organisationId);
    const closed: string[] = [];
    if (open) {
      if (open.validUntil === null || open.validUntil.getTime() > now.getTime()) {
        throw new CongsoError('REPRESENTATION_EXISTS', { details: { id: open.id, role: open.role } });
      }
      closed.push(await endLink(tx, open, actor.id, now, 'Hết hạn, thay bằng ủy quyền mới'));
    }
    const inserted = await insertRepresentation(tx, {
      id: randomUUID(),
      organisationId: body.organisationId,
      personId: grantee.id,
      role: 'authorised_person',
      basis: 'granted',
      grantedBy: actor.id,
      registryLogId: null,
      validFrom: now,
      validUntil: until,
      createdAt: now,
    });
    await recordAudit(tx, {
      occurredAt: now,
      actorId: actor.id,
      action: 'representation.grant',
      entityType: 'organisation_representative',
      entityId: inserted.id,
      data: {
        organisationId: body.organisationId,
        personId: grantee.id,
        validUntil: until.toISOString(),
        closed,
      },
      ...meta,
    });
    return inserted;
  });
  return listed(ctx, row);
}

/**
 * Ends a link another change replaces, at the version just read: a link changed meanwhile is a 409
 * VERSION_CONFLICT (the transaction rolls back), never a second open link for the unique index to refuse.
 */
async function endLink(
  tx: Parameters<typeof revokeRepresentation>[0],
  link: RepresentationRow,
  by: string,
  at: Date,
  reason: string,
): Promise<string> {
  const revoked = await revokeRepresentation(tx, { id: link.id, expectedVersion: link.version, at, by, reason });
  if (!revoked) throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: link.version } });
  return link.id;
}

/**
 * Revokes a link at once, version-checked, with the reason: the organisation's account and its legal
 * representative revoke authorisations (the account any link), and a holder gives up their own. 404 for
 * anyone else; 409 REPRESENTATION_NOT_IN_FORCE when it was revoked already.
 */
export async function revokeRepresentationLink(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: { version: number; reason: string },
  meta: RequestMeta,
): Promise<RepresentationListRow> {
  const db = ctx.connection.db;
  const link = await getRepresentation(db, id);
  if (!link) throw new CongsoError('NOT_FOUND');
  const own = actor.id === link.personId;
  const manager = !own && (await managesRepresentatives(ctx, actor, link.organisationId));
  if (!own && !manager) throw new CongsoError('NOT_FOUND');
  if (manager && actor.id !== link.organisationId && link.role === 'legal_representative') {
    throw new CongsoError('FORBIDDEN', {
      messages: {
        vi: 'Người đại diện theo pháp luật được xác nhận từ đăng ký doanh nghiệp; chỉ tài khoản của tổ chức thu hồi được.',
        en: 'A legal representative is confirmed from the business registration; only the organisation’s account revokes it.',
      },
    });
  }
  if (link.revokedAt) throw new CongsoError('REPRESENTATION_NOT_IN_FORCE', { details: { id } });
  const now = ctx.now();
  const row = await db.transaction(async (tx) => {
    const revoked = await revokeRepresentation(tx, {
      id,
      expectedVersion: body.version,
      at: now,
      by: actor.id,
      reason: body.reason,
    });
    if (!revoked) throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: link.version } });
    await recordAudit(tx, {
      occurredAt: now,
      actorId: actor.id,
      action: 'representation.revoke',
      entityType: 'organisation_representative',
      entityId: id,
      reason: body.reason,
      data: { organisationId: link.organisationId, personId: link.personId, role: link.role },
      ...meta,
    });
    return revoked;
  });
  return listed(ctx, row);
}
