/**
 * Registers: the caller's agency's registers of a year (created on first look), closing at year end, and
 * the register's view with the columns of Nghị định 30/2020, Phụ lục IV (JSON, PDF, XLSX).
 */
import {
  type Actor,
  CongsoError,
  can,
  closeRegisterCheck,
  documentTypeOf,
  incomingStatusLabels,
  outgoingStatusLabels,
  registerTitle,
  registerYearOf,
  vnDateKey,
} from '@congso/core';
import {
  closeRegisterRow,
  ensureRegister,
  getAgencyById,
  getRegister,
  type OfficeRegisterRow,
  personNames,
  recordAudit,
  registerDocuments,
} from '@congso/db';
import { isUuid } from '../http/schemas';
import type { AppContext } from '../platform/context';
import { officeAgencyOf, type RequestMeta } from './office-common';
import type { RegisterEntry, RegisterView } from './office-renderers';
import { incomingStateOf, outgoingStateOf } from './state-json';

/** Both registers of the year for the caller's agency. */
export async function registersOfYear(ctx: AppContext, actor: Actor, year?: number): Promise<OfficeRegisterRow[]> {
  const agency = await officeAgencyOf(ctx, actor, 'office.read');
  const at = ctx.now();
  const y = year ?? registerYearOf(at);
  const db = ctx.connection.db;
  return Promise.all(
    (['incoming', 'outgoing'] as const).map((kind) => ensureRegister(db, { agencyId: agency.id, kind, year: y, at })),
  );
}

export async function registerFor(ctx: AppContext, actor: Actor, id: string): Promise<OfficeRegisterRow> {
  const row = isUuid(id) ? await getRegister(ctx.connection.db, id) : undefined;
  if (!row || row.agencyId !== actor.agencyId || !can(actor, 'office.read')) throw new CongsoError('NOT_FOUND');
  return row;
}

/** Closes a register from 31 December of its year on (the document clerk). */
export async function closeRegister(
  ctx: AppContext,
  actor: Actor,
  id: string,
  expectedVersion: number,
  meta: RequestMeta,
): Promise<OfficeRegisterRow> {
  const register = await registerFor(ctx, actor, id);
  await officeAgencyOf(ctx, actor, 'office.register');
  if (register.version !== expectedVersion) {
    throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: register.version } });
  }
  const at = ctx.now();
  closeRegisterCheck(register, at);
  return ctx.connection.db.transaction(async (tx) => {
    const closed = await closeRegisterRow(tx, { id, expectedVersion, at, actorId: actor.id });
    if (!closed) throw new CongsoError('VERSION_CONFLICT', { details: { currentVersion: null } });
    await recordAudit(tx, {
      occurredAt: at,
      actorId: actor.id,
      action: 'office.register.close',
      entityType: 'office_register',
      entityId: id,
      agencyId: register.agencyId,
      data: { kind: register.kind, year: register.year, lastNumber: register.lastNumber },
      ...meta,
    });
    return closed;
  });
}

const vnDate = (at: Date | string | null | undefined): string | null => {
  if (!at) return null;
  const key = typeof at === 'string' ? at : vnDateKey(at);
  const [y, m, d] = key.split('-');
  return `${d}/${m}/${y}`;
};

/** The register's lines in number order, with the columns of Phụ lục IV. */
export async function registerView(ctx: AppContext, register: OfficeRegisterRow): Promise<RegisterView> {
  const db = ctx.connection.db;
  const [documents, agency] = await Promise.all([
    registerDocuments(db, register.id),
    getAgencyById(db, register.agencyId),
  ]);
  const parent = agency?.parentId ? await getAgencyById(db, agency.parentId) : undefined;
  const typeAndSubject = (typeCode: string, subject: string) =>
    `${documentTypeOf(typeCode)?.name.vi ?? typeCode}: ${subject}`;
  let entries: RegisterEntry[];
  if (register.kind === 'incoming') {
    const states = documents.map((d) => incomingStateOf(d.state));
    const names = await personNames(
      db,
      states.map((s) => s.routing[0]?.toId),
    );
    entries = documents.map((d, i) => {
      const s = states[i] as (typeof states)[number];
      const first = s.routing[0];
      return {
        id: d.id,
        arrivalDate: vnDate(s.arrivedAt),
        arrivalNumber: d.number,
        author: d.organName,
        notation: d.notation,
        date: vnDate(d.issuedDate),
        typeAndSubject: typeAndSubject(d.typeCode, d.subject),
        assignedTo: first ? (names.get(first.toId)?.fullName ?? null) : null,
        forwardedDate: first ? vnDate(first.at) : null,
        receivedSignature: null,
        note: incomingStatusLabels[s.status].vi,
      };
    });
  } else {
    entries = documents.map((d) => {
      const s = outgoingStateOf(d.state);
      const sent = s.draft.recipients.filter((r) => r.kind !== 'note');
      const kept = s.draft.recipients.filter((r) => r.kind === 'note');
      return {
        id: d.id,
        notation: d.notation,
        date: vnDate(d.issuedDate),
        typeAndSubject: typeAndSubject(d.typeCode, d.subject),
        signer: s.draft.signer?.fullName ?? null,
        recipients: sent.map((r) => ('name' in r ? r.name : r.agencyId)).join('; ') || null,
        copyKeptBy: kept.map((r) => r.name).join('; ') || null,
        copies: s.draft.copies,
        sentDate: vnDate(s.sentAt),
        receivedSignature: null,
        note: outgoingStatusLabels[s.status].vi,
      };
    });
    // Internal recipients by name.
    const agencyIds = new Set(
      documents.flatMap((d) =>
        outgoingStateOf(d.state).draft.recipients.flatMap((r) => (r.kind === 'internal' ? [r.agencyId] : [])),
      ),
    );
    const agencyNames = new Map<string, string>();
    for (const id of agencyIds) agencyNames.set(id, (await getAgencyById(db, id))?.name ?? id);
    entries = entries.map((e, i) => {
      const s = outgoingStateOf((documents[i] as (typeof documents)[number]).state);
      const sent = s.draft.recipients.filter((r) => r.kind !== 'note');
      return {
        ...e,
        recipients:
          sent.map((r) => (r.kind === 'internal' ? (agencyNames.get(r.agencyId) ?? r.agencyId) : r.name)).join('; ') ||
          null,
      };
    });
  }
  return {
    kind: register.kind as 'incoming' | 'outgoing',
    year: register.year,
    title: registerTitle(register.kind as 'incoming' | 'outgoing', register.year).vi,
    agencyName: agency?.name ?? '',
    parentName: parent?.name ?? null,
    closedAt: register.closedAt,
    entries,
  };
}
