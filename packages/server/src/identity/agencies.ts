import { type Actor, type AgencyKind, authorize, CongsoError, parseAgencyCode } from '@congso/core';
import {
  type AgencyRow,
  agencyDetails,
  agencyPath,
  closeAgency,
  getAgencyById,
  getCurrentAgencyByCode,
  insertAgency,
  linkSuccession,
  moveOfficers,
  recordAudit,
  reparentChildren,
} from '@congso/db';
import type { AppContext } from '../platform/context';

interface Meta {
  ip: string | null;
  requestId: string;
}

/** An agency just written, read back with its path and history (it exists: this transaction made it). */
async function writtenAgency(ctx: AppContext, id: string) {
  const details = await agencyDetails(ctx.connection.db, id);
  if (!details) throw new CongsoError('INTERNAL', { details: { reason: 'agency missing after write', id } });
  return details;
}

function dayBefore(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function checkedCode(code: string) {
  const parsed = parseAgencyCode(code);
  if (!parsed.ok) throw new CongsoError('INVALID_AGENCY_CODE', { details: [{ path: 'code', code: parsed.problem }] });
  return parsed.value;
}

async function pathIds(ctx: AppContext, id: string) {
  return (await agencyPath(ctx.connection.db, id)).map((a) => a.id);
}

async function currentAgency(ctx: AppContext, id: string): Promise<AgencyRow> {
  const agency = await getAgencyById(ctx.connection.db, id);
  if (!agency) throw new CongsoError('NOT_FOUND');
  if (agency.validTo) {
    throw new CongsoError('INVALID_STATE', {
      messages: { vi: 'Cơ quan này đã hết hiệu lực.', en: 'This agency is no longer in force.' },
    });
  }
  return agency;
}

async function assertCodeFree(ctx: AppContext, code: string, exceptIds: string[] = []) {
  const holder = await getCurrentAgencyByCode(ctx.connection.db, code);
  if (holder && !exceptIds.includes(holder.id)) {
    throw new CongsoError('ALREADY_EXISTS', {
      messages: {
        vi: `Mã ${code} đang được dùng cho ${holder.name}.`,
        en: `The code ${code} is already used by ${holder.name}.`,
      },
      details: [{ path: 'code', code: 'taken' }],
    });
  }
}

export async function createAgency(
  ctx: AppContext,
  actor: Actor,
  input: {
    code: string;
    name: string;
    shortName: string;
    kind: AgencyKind;
    parentId: string;
    validFrom: string;
    adminUnitCode?: string | null;
    adminUnitName?: string | null;
  },
  meta: Meta,
) {
  const parent = await currentAgency(ctx, input.parentId);
  authorize(actor, 'agency.manage', { agencyPath: await pathIds(ctx, parent.id) });
  const code = checkedCode(input.code);
  await assertCodeFree(ctx, code.code);
  const now = ctx.now();
  const row = await ctx.connection.db.transaction(async (tx) => {
    const created = await insertAgency(tx, {
      code: code.code,
      codeLevel: code.level,
      name: input.name,
      shortName: input.shortName,
      kind: input.kind,
      parentId: parent.id,
      provinceCode: parent.provinceCode,
      adminUnitCode: input.adminUnitCode ?? null,
      adminUnitName: input.adminUnitName ?? null,
      validFrom: input.validFrom,
    });
    await recordAudit(tx, {
      occurredAt: now,
      actorId: actor.id,
      action: 'agency.created',
      entityType: 'agency',
      entityId: created.id,
      agencyId: created.id,
      data: { code: created.code, name: created.name },
      ...meta,
    });
    return created;
  });
  return writtenAgency(ctx, row.id);
}

/**
 * Renames an agency from a date: the old row is closed the day before, a new row carries the new name
 * (same code, parent and kind unless given), children and officers move to it, and the two are linked.
 * Records made under the old name keep pointing at the old row.
 */
export async function renameAgency(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { version: number; name: string; shortName?: string; code?: string; validFrom: string; reason: string },
  meta: Meta,
) {
  const old = await currentAgency(ctx, id);
  authorize(actor, 'agency.manage', { agencyPath: await pathIds(ctx, id) });
  if (input.validFrom <= old.validFrom) {
    throw new CongsoError('VALIDATION_FAILED', {
      messages: {
        vi: 'Ngày hiệu lực mới phải sau ngày hiệu lực hiện tại.',
        en: 'The new date must be after the current one.',
      },
      details: [{ path: 'validFrom', code: 'too_early' }],
    });
  }
  const code = checkedCode(input.code ?? old.code);
  await assertCodeFree(ctx, code.code, [old.id]);
  const now = ctx.now();
  const created = await ctx.connection.db.transaction(async (tx) => {
    const closed = await closeAgency(tx, old.id, dayBefore(input.validFrom), input.version, now);
    if (!closed) throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: old.version } });
    const next = await insertAgency(tx, {
      code: code.code,
      codeLevel: code.level,
      name: input.name,
      shortName: input.shortName ?? old.shortName,
      kind: old.kind,
      parentId: old.parentId,
      provinceCode: old.provinceCode,
      adminUnitCode: old.adminUnitCode,
      adminUnitName: old.adminUnitName,
      validFrom: input.validFrom,
      isDemoCode: old.isDemoCode && code.code === old.code,
    });
    await linkSuccession(tx, {
      predecessorId: old.id,
      successorId: next.id,
      kind: 'rename',
      effectiveOn: input.validFrom,
      reason: input.reason,
    });
    await reparentChildren(tx, [old.id], next.id, now);
    await moveOfficers(tx, [old.id], next.id, now);
    await recordAudit(tx, {
      occurredAt: now,
      actorId: actor.id,
      action: 'agency.renamed',
      entityType: 'agency',
      entityId: next.id,
      agencyId: next.id,
      reason: input.reason,
      data: {
        from: { id: old.id, name: old.name, code: old.code },
        to: { name: next.name, code: next.code },
        validFrom: input.validFrom,
      },
      ...meta,
    });
    return next;
  });
  return writtenAgency(ctx, created.id);
}

/** Merges agencies into a new one from a date; the sources are closed and linked to it. */
export async function mergeAgencies(
  ctx: AppContext,
  actor: Actor,
  input: {
    sources: { id: string; version: number }[];
    into: { code: string; name: string; shortName: string; kind: AgencyKind; parentId: string };
    validFrom: string;
    reason: string;
  },
  meta: Meta,
) {
  const ids = [...new Set(input.sources.map((s) => s.id))];
  if (ids.length !== input.sources.length)
    throw new CongsoError('VALIDATION_FAILED', { details: [{ path: 'sources', code: 'duplicate' }] });
  const sources: AgencyRow[] = [];
  for (const s of input.sources) {
    const a = await currentAgency(ctx, s.id);
    authorize(actor, 'agency.manage', { agencyPath: await pathIds(ctx, a.id) });
    if (input.validFrom <= a.validFrom)
      throw new CongsoError('VALIDATION_FAILED', { details: [{ path: 'validFrom', code: 'too_early' }] });
    sources.push(a);
  }
  const parent = await currentAgency(ctx, input.into.parentId);
  if (ids.includes(parent.id))
    throw new CongsoError('VALIDATION_FAILED', { details: [{ path: 'into.parentId', code: 'is_a_source' }] });
  authorize(actor, 'agency.manage', { agencyPath: await pathIds(ctx, parent.id) });
  const code = checkedCode(input.into.code);
  await assertCodeFree(ctx, code.code, ids);
  const now = ctx.now();
  const created = await ctx.connection.db.transaction(async (tx) => {
    for (const s of input.sources) {
      const closed = await closeAgency(tx, s.id, dayBefore(input.validFrom), s.version, now);
      if (!closed) throw new CongsoError('VERSION_CONFLICT', { details: { id: s.id } });
    }
    const next = await insertAgency(tx, {
      code: code.code,
      codeLevel: code.level,
      name: input.into.name,
      shortName: input.into.shortName,
      kind: input.into.kind,
      parentId: parent.id,
      provinceCode: parent.provinceCode,
      validFrom: input.validFrom,
    });
    for (const s of sources)
      await linkSuccession(tx, {
        predecessorId: s.id,
        successorId: next.id,
        kind: 'merge',
        effectiveOn: input.validFrom,
        reason: input.reason,
      });
    await reparentChildren(tx, ids, next.id, now);
    await moveOfficers(tx, ids, next.id, now);
    await recordAudit(tx, {
      occurredAt: now,
      actorId: actor.id,
      action: 'agency.merged',
      entityType: 'agency',
      entityId: next.id,
      agencyId: next.id,
      reason: input.reason,
      data: { from: sources.map((s) => ({ id: s.id, name: s.name, code: s.code })), validFrom: input.validFrom },
      ...meta,
    });
    return next;
  });
  return writtenAgency(ctx, created.id);
}
