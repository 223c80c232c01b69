import { type Actor, authorize, CongsoError, can, type OfficerRole, scopeOf } from '@congso/core';
import {
  agencyPath,
  deleteSessionsOfPerson,
  getAgencyById,
  getOfficerWithAgency,
  insertPerson,
  listOfficers,
  recordAudit,
  setPasswordHash,
  updatePerson,
} from '@congso/db';
import { databaseErrorCode } from '../http/errors';
import type { AppContext } from '../platform/context';
import { assertStrongPassword, normalizeUsername } from './auth';
import { hashPassword } from './passwords';

interface Meta {
  ip: string | null;
  requestId: string;
}

async function currentAgencyTarget(ctx: AppContext, agencyId: string) {
  const agency = await getAgencyById(ctx.connection.db, agencyId);
  if (!agency) {
    throw new CongsoError('VALIDATION_FAILED', {
      messages: { vi: 'Không tìm thấy cơ quan.', en: 'The agency does not exist.' },
      details: [{ path: 'agencyId', code: 'not_found' }],
    });
  }
  if (agency.validTo) {
    throw new CongsoError('VALIDATION_FAILED', {
      messages: { vi: 'Cơ quan này đã hết hiệu lực.', en: 'This agency is no longer in force.' },
      details: [{ path: 'agencyId', code: 'historical' }],
    });
  }
  return { agency, target: { agencyPath: (await agencyPath(ctx.connection.db, agencyId)).map((a) => a.id) } };
}

/** An officer just written, read back with the agency (it exists: this request wrote it). */
async function writtenOfficer(ctx: AppContext, id: string) {
  const row = await getOfficerWithAgency(ctx.connection.db, id);
  if (!row) throw new CongsoError('INTERNAL', { details: { reason: 'officer missing after write', id } });
  return row;
}

export async function listOfficersFor(
  ctx: AppContext,
  actor: Actor,
  input: { agencyId?: string; includeSubAgencies: boolean; q?: string; role?: string; limit: number; offset: number },
) {
  const db = ctx.connection.db;
  const scope = scopeOf(actor, 'officer.read');
  if (!scope) throw new CongsoError('FORBIDDEN');
  const base = input.agencyId ?? (actor.agencyId as string);
  const path = (await agencyPath(db, base)).map((a) => a.id);
  if (path.length === 0) throw new CongsoError('NOT_FOUND');
  authorize(actor, 'officer.read', { agencyPath: path });
  // A head reads only the own agency, whatever was asked.
  const where =
    scope === 'own'
      ? { agencyIds: [actor.agencyId as string] }
      : input.includeSubAgencies
        ? { underAgencyId: base }
        : { agencyIds: [base] };
  return listOfficers(db, { ...where, q: input.q, role: input.role, limit: input.limit, offset: input.offset });
}

export async function getOfficerFor(ctx: AppContext, actor: Actor, id: string) {
  const row = await getOfficerWithAgency(ctx.connection.db, id);
  if (!row) throw new CongsoError('NOT_FOUND');
  const path = (await agencyPath(ctx.connection.db, row.agency.id)).map((a) => a.id);
  // Not allowed to see it: answer as if it did not exist.
  if (!can(actor, 'officer.read', { agencyPath: path })) throw new CongsoError('NOT_FOUND');
  return row;
}

export async function createOfficer(
  ctx: AppContext,
  actor: Actor,
  input: {
    username: string;
    fullName: string;
    email?: string | null;
    phone?: string | null;
    agencyId: string;
    roles: OfficerRole[];
    password: string;
  },
  meta: Meta,
) {
  const { agency, target } = await currentAgencyTarget(ctx, input.agencyId);
  authorize(actor, 'officer.manage', target);
  const username = normalizeUsername(input.username);
  assertStrongPassword(input.password, username);
  const passwordHash = await hashPassword(input.password);
  const now = ctx.now();
  const id = await ctx.connection.db.transaction(async (tx) => {
    try {
      const person = await insertPerson(tx, {
        kind: 'officer',
        username,
        fullName: input.fullName,
        email: input.email ?? null,
        phone: input.phone ?? null,
        agencyId: agency.id,
        roles: [...new Set(input.roles)],
        passwordHash,
        passwordChangedAt: now,
      });
      await recordAudit(tx, {
        occurredAt: now,
        actorId: actor.id,
        action: 'officer.created',
        entityType: 'person',
        entityId: person.id,
        agencyId: agency.id,
        data: { username, roles: person.roles },
        ...meta,
      });
      return person.id;
    } catch (error) {
      if (databaseErrorCode(error) === '23505') {
        throw new CongsoError('ALREADY_EXISTS', {
          messages: { vi: `Tên đăng nhập "${username}" đã được sử dụng.`, en: `The username "${username}" is taken.` },
          details: [{ path: 'username', code: 'taken' }],
        });
      }
      throw error;
    }
  });
  return writtenOfficer(ctx, id);
}

export async function updateOfficer(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: {
    version: number;
    fullName?: string;
    email?: string | null;
    phone?: string | null;
    roles?: OfficerRole[];
    active?: boolean;
    agencyId?: string;
  },
  meta: Meta,
) {
  const existing = await getOfficerFor(ctx, actor, id);
  const path = (await agencyPath(ctx.connection.db, existing.agency.id)).map((a) => a.id);
  authorize(actor, 'officer.manage', { agencyPath: path });
  if (input.agencyId && input.agencyId !== existing.agency.id) {
    const { target } = await currentAgencyTarget(ctx, input.agencyId);
    authorize(actor, 'officer.manage', target);
  }
  if (id === actor.id && (input.active === false || (input.roles && !input.roles.includes('admin')))) {
    throw new CongsoError('INVALID_STATE', {
      messages: {
        vi: 'Bạn không thể tự khóa tài khoản hoặc tự bỏ quyền quản trị của mình.',
        en: 'You cannot disable your own account or remove your own administrator role.',
      },
    });
  }
  const now = ctx.now();
  const changes = {
    ...(input.fullName !== undefined && { fullName: input.fullName }),
    ...(input.email !== undefined && { email: input.email }),
    ...(input.phone !== undefined && { phone: input.phone }),
    ...(input.roles !== undefined && { roles: [...new Set(input.roles)] }),
    ...(input.active !== undefined && { active: input.active }),
    ...(input.agencyId !== undefined && { agencyId: input.agencyId }),
  };
  await ctx.connection.db.transaction(async (tx) => {
    const updated = await updatePerson(tx, id, input.version, changes, now);
    if (!updated) throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: existing.person.version } });
    if (input.active === false) await deleteSessionsOfPerson(tx, id);
    await recordAudit(tx, {
      occurredAt: now,
      actorId: actor.id,
      action: 'officer.updated',
      entityType: 'person',
      entityId: id,
      agencyId: updated.agencyId,
      data: { changes, fromVersion: input.version },
      ...meta,
    });
  });
  return writtenOfficer(ctx, id);
}

export async function resetOfficerPassword(ctx: AppContext, actor: Actor, id: string, newPassword: string, meta: Meta) {
  const existing = await getOfficerFor(ctx, actor, id);
  const path = (await agencyPath(ctx.connection.db, existing.agency.id)).map((a) => a.id);
  authorize(actor, 'officer.manage', { agencyPath: path });
  assertStrongPassword(newPassword, existing.person.username);
  const hash = await hashPassword(newPassword);
  const now = ctx.now();
  await ctx.connection.db.transaction(async (tx) => {
    await setPasswordHash(tx, id, hash, now);
    await deleteSessionsOfPerson(tx, id);
    await recordAudit(tx, {
      occurredAt: now,
      actorId: actor.id,
      action: 'officer.password_reset',
      entityType: 'person',
      entityId: id,
      agencyId: existing.agency.id,
      ...meta,
    });
  });
}
