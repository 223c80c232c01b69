/**
 * How the API shows office documents, registers and work files (explicit serializers: no row leaks).
 * The detail's `state` is core's IncomingState / OutgoingState as JSON (instants as ISO text).
 */
import {
  type Actor,
  assignableLevels,
  availableIncomingActions,
  availableOutgoingActions,
  documentTypeOf,
  isIncomingOverdue,
  overdueWorkingDays,
  receiptOnTime,
} from '@congso/core';
import type {
  exchangeOfDocument,
  OfficeDeliveryRow,
  OfficeDocumentRow,
  OfficeRegisterRow,
  OfficeWorkFileRow,
  PersonName,
} from '@congso/db';
import { z } from 'zod';
import { calendar } from './office-common';
import { incomingStateOf, outgoingStateOf } from './state-json';

const instant = z.string().meta({ format: 'date-time' });
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export const documentSummarySchema = z.object({
  id: z.string(),
  direction: z.enum(['incoming', 'outgoing']),
  status: z.string(),
  version: z.number(),
  number: z.number().nullable(),
  notation: z.string().nullable(),
  typeCode: z.string(),
  typeName: z.object({ vi: z.string(), en: z.string() }),
  subject: z.string(),
  organName: z.string(),
  issuedDate: z.string().nullable(),
  priority: z.number(),
  medium: z.string(),
  source: z.string().nullable(),
  fileId: z.string(),
  arrivedAt: instant.nullable(),
  registeredAt: instant.nullable(),
  dueAt: instant.nullable(),
  doneAt: instant.nullable(),
  holderId: z.string().nullable(),
  holderName: z.string().nullable(),
  drafterId: z.string().nullable(),
  workFileId: z.string().nullable(),
  overdue: z.boolean(),
  overdueWorkingDays: z.number(),
  createdAt: instant,
  updatedAt: instant,
});
export type DocumentSummary = z.infer<typeof documentSummarySchema>;

export function presentSummary(row: OfficeDocumentRow, now: Date, names: Map<string, PersonName>): DocumentSummary {
  const due = { status: row.status as 'done', dueAt: row.dueAt, doneAt: row.doneAt };
  const incoming = row.direction === 'incoming';
  return {
    id: row.id,
    direction: row.direction as 'incoming',
    status: row.status,
    version: row.version,
    number: row.number,
    notation: row.notation,
    typeCode: row.typeCode,
    typeName: documentTypeOf(row.typeCode)?.name ?? { vi: row.typeCode, en: row.typeCode },
    subject: row.subject,
    organName: row.organName,
    issuedDate: row.issuedDate,
    priority: row.priority,
    medium: row.medium,
    source: row.source,
    fileId: row.fileId,
    arrivedAt: iso(row.arrivedAt),
    registeredAt: iso(row.registeredAt),
    dueAt: iso(row.dueAt),
    doneAt: iso(row.doneAt),
    holderId: row.holderId,
    holderName: row.holderId ? (names.get(row.holderId)?.fullName ?? null) : null,
    drafterId: row.drafterId,
    workFileId: row.workFileId,
    overdue: incoming && isIncomingOverdue(due, now),
    overdueWorkingDays: incoming ? overdueWorkingDays(due, now, calendar) : 0,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const eventSchema = z.object({
  version: z.number(),
  action: z.string(),
  at: instant,
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  data: z.record(z.string(), z.unknown()),
});

export const documentDetailSchema = documentSummarySchema.extend({
  state: z.record(z.string(), z.unknown()),
  receiptOnTime: z.boolean().nullable(),
  events: z.array(eventSchema),
  availableActions: z.array(z.string()),
  /** Incoming: the levels the caller may assign to now. */
  assignableLevels: z.array(z.string()),
  /** Outgoing: where it went inside Congso and whether it was registered there. */
  deliveries: z.array(
    z.object({
      id: z.string(),
      recipientAgencyId: z.string(),
      sentAt: instant,
      registeredAt: instant.nullable(),
      /** The recipient's clerk refused it (with the reason) instead of registering it. */
      refusedAt: instant.nullable(),
      refusalReason: z.string().nullable(),
    }),
  ),
  /**
   * Outgoing: the edXML packages to agencies of other installations (one per installation: queued, delivered,
   * refused or failed) and the status messages their recipients sent back (01 arrived, 03 registered, ...).
   */
  exchange: z.array(
    z.object({
      messageId: z.string(),
      peerName: z.string(),
      organIds: z.array(z.string()),
      state: z.string(),
      attempts: z.number(),
      error: z.unknown(),
      deliveredAt: instant.nullable(),
      statuses: z.array(
        z.object({
          organId: z.string(),
          statusCode: z.string(),
          statusAt: instant.nullable(),
          description: z.string().nullable(),
        }),
      ),
    }),
  ),
  names: z.record(z.string(), z.string()),
});
export type DocumentDetail = z.infer<typeof documentDetailSchema>;

export function presentDetail(
  row: OfficeDocumentRow,
  input: {
    now: Date;
    actor: Actor;
    events: { version: number; action: string; at: Date; actorId: string | null; event: unknown }[];
    names: Map<string, PersonName>;
    deliveries: (OfficeDeliveryRow & { refusedAt: Date | null; refusalReason: string | null })[];
    exchange?: Awaited<ReturnType<typeof exchangeOfDocument>>;
  },
): DocumentDetail {
  const summary = presentSummary(row, input.now, input.names);
  const name = (id: string | null) => (id ? (input.names.get(id)?.fullName ?? null) : null);
  const incoming = row.direction === 'incoming';
  const inState = incoming ? incomingStateOf(row.state) : null;
  const outState = incoming ? null : outgoingStateOf(row.state);
  return {
    ...summary,
    state: JSON.parse(JSON.stringify(row.state)) as Record<string, unknown>,
    receiptOnTime: inState ? receiptOnTime(inState) : null,
    events: input.events.map((e) => {
      const ev = e.event as { fromStatus?: string | null; toStatus?: string; data?: Record<string, unknown> };
      return {
        version: e.version,
        action: e.action,
        at: e.at.toISOString(),
        actorId: e.actorId,
        actorName: name(e.actorId),
        fromStatus: ev.fromStatus ?? null,
        toStatus: ev.toStatus ?? row.status,
        data: ev.data ?? {},
      };
    }),
    availableActions: inState
      ? availableIncomingActions(input.actor, inState)
      : availableOutgoingActions(input.actor, outState as NonNullable<typeof outState>),
    assignableLevels: inState && inState.status !== 'done' ? assignableLevels(input.actor, inState) : [],
    deliveries: input.deliveries.map((d) => ({
      id: d.id,
      recipientAgencyId: d.recipientAgencyId,
      sentAt: d.sentAt.toISOString(),
      registeredAt: iso(d.registeredAt),
      refusedAt: iso(d.refusedAt),
      refusalReason: d.refusalReason,
    })),
    exchange: (input.exchange?.packages ?? []).map((m) => ({
      messageId: m.id,
      peerName: m.peerName,
      organIds: m.toOrganIds,
      state: m.state,
      attempts: m.attempts,
      error: m.error ?? null,
      deliveredAt: iso(m.deliveredAt),
      statuses: (input.exchange?.statuses ?? [])
        .filter((st) => m.toOrganIds.includes(st.fromOrganId))
        .map((st) => ({
          organId: st.fromOrganId,
          statusCode: st.statusCode ?? '',
          statusAt: iso(st.statusAt),
          description: st.description,
        })),
    })),
    names: Object.fromEntries([...input.names].map(([id, n]) => [id, n.fullName])),
  };
}

/** The people a document names (holder, routing, opinions, drafter, reviewers, actors). */
export function namedPeople(row: OfficeDocumentRow, eventActors: (string | null)[]): string[] {
  const ids = new Set<string>(eventActors.filter((x): x is string => !!x));
  for (const id of [row.holderId, row.drafterId]) if (id) ids.add(id);
  if (row.direction === 'incoming') {
    const s = incomingStateOf(row.state);
    for (const r of s.routing) ids.add(r.toId).add(r.fromId);
    for (const o of s.opinions) ids.add(o.authorId);
  } else {
    const s = outgoingStateOf(row.state);
    for (const r of s.reviews) ids.add(r.byId);
    if (s.signerId) ids.add(s.signerId);
  }
  return [...ids];
}

export const registerSchema = z.object({
  id: z.string(),
  agencyId: z.string(),
  kind: z.enum(['incoming', 'outgoing']),
  year: z.number(),
  lastNumber: z.number(),
  closedAt: instant.nullable(),
  version: z.number(),
});

export function presentRegister(row: OfficeRegisterRow) {
  return {
    id: row.id,
    agencyId: row.agencyId,
    kind: row.kind as 'incoming',
    year: row.year,
    lastNumber: row.lastNumber,
    closedAt: iso(row.closedAt),
    version: row.version,
  };
}

export const workFileSchema = z.object({
  id: z.string(),
  agencyId: z.string(),
  code: z.string(),
  title: z.string(),
  year: z.number(),
  retention: z.union([z.number(), z.literal('permanent')]),
  note: z.string().nullable(),
  openedAt: instant,
  openedById: z.string(),
  closedAt: instant.nullable(),
  version: z.number(),
  documents: z.number().optional(),
  handledOnline: z.boolean().nullable().optional(),
});

export function presentWorkFile(row: OfficeWorkFileRow & { documents?: number; paper?: number }) {
  return {
    id: row.id,
    agencyId: row.agencyId,
    code: row.code,
    title: row.title,
    year: row.year,
    retention: row.retention === 'permanent' ? ('permanent' as const) : Number(row.retention),
    note: row.note,
    openedAt: row.openedAt.toISOString(),
    openedById: row.openedById,
    closedAt: iso(row.closedAt),
    version: row.version,
    ...(row.documents !== undefined
      ? {
          documents: row.documents,
          handledOnline: row.closedAt ? row.documents > 0 && (row.paper ?? 0) === 0 : null,
        }
      : {}),
  };
}
