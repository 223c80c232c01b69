/**
 * How the API shows a dossier: the list's summary, the detail (with its files, history and the caller's
 * actions), and the response schemas that document them (/docs/json). The state is core's `DossierState`
 * as JSON (instants as ISO text).
 */
import {
  type ActorSnapshot,
  type DossierEvent,
  type DossierState,
  type DossierStateWire,
  dossierActions,
  dossierChannels,
  dossierStatuses,
  dossierStatusInfo,
  officerRoles,
  personKinds,
  ratings,
  returnMethods,
  stepNames,
} from '@congso/core';
import type { DossierRow, FileRow, PersonName } from '@congso/db';
import { z } from 'zod';

// -----------------------------------------------------------------------------------------------------
// Schemas

const instant = z.string().meta({ format: 'date-time' });
const outcome = z.enum(['early', 'on_time', 'late']);
const role = z.enum(officerRoles);

/** What a dossier keeps of the applicant (the filing's `applicant`). */
export const applicantSchema = z.object({
  fullName: z.string(),
  nationalId: z.string().optional(),
  phone: z.string(),
  email: z.string().nullish(),
  address: z.string(),
});

const stepSchema = z.object({
  name: z.enum(stepNames),
  templateIndex: z.number().nullable(),
  cursor: z.number(),
  agencyId: z.string(),
  role: role.nullable(),
  assigneeId: z.string().nullable(),
  allowedHours: z.number().nullable(),
  startedAt: instant,
  dueAt: instant.nullable(),
  pausedHours: z.number(),
  interAgency: z.boolean(),
});

const decisionOf = <K extends readonly [string, ...string[]]>(kinds: K) =>
  z.object({ kind: z.enum(kinds), reason: z.string().nullable(), by: z.string(), at: instant });

/** Core's `DossierState` as JSON. */
export const dossierStateSchema = z.object({
  id: z.string(),
  code: z.string(),
  procedure: z.object({
    code: z.string(),
    version: z.string(),
    deadline: z.object({
      unit: z.enum(['working_hours', 'calendar_days']),
      counter: z.number(),
      online: z.number().optional(),
    }),
    steps: z.array(
      z.object({ step: z.enum(stepNames), role: role.optional(), agencyId: z.string().optional(), hours: z.number() }),
    ),
  }),
  rules: z.object({
    maxSupplementRequestsOnTime: z.number(),
    paymentPausesClock: z.boolean(),
    apologyCountsAsLate: z.boolean(),
    onTimeWindow: z.enum(['working_minute', 'working_day']),
  }),
  applicantId: z.string(),
  channel: z.enum(dossierChannels),
  receivingAgencyId: z.string(),
  handlingAgencyId: z.string().nullable(),
  status: z.enum(dossierStatuses),
  version: z.number(),
  deadline: z.object({ unit: z.enum(['working_hours', 'calendar_days']), value: z.number() }),
  submittedAt: instant,
  receivedAt: instant.nullable(),
  dueAt: instant.nullable(),
  pauses: z.array(z.object({ kind: z.enum(['supplement', 'payment']), start: instant, end: instant.nullable() })),
  pending: z
    .discriminatedUnion('kind', [
      z.object({
        kind: z.literal('supplement'),
        items: z.array(z.string()),
        reason: z.string(),
        requestedAt: instant,
        resumeStatus: z.enum(dossierStatuses),
      }),
      z.object({
        kind: z.literal('payment'),
        amount: z.number(),
        description: z.string().nullable(),
        requestedAt: instant,
        resumeStatus: z.enum(dossierStatuses),
      }),
    ])
    .nullable(),
  currentStep: stepSchema.nullable(),
  steps: z.array(stepSchema.extend({ finishedAt: instant, usedHours: z.number(), outcome: outcome.nullable() })),
  supplementCount: z.number(),
  proposal: decisionOf(['approval', 'refusal'] as const).nullable(),
  decision: decisionOf(['approved', 'refused'] as const).nullable(),
  apologies: z.array(
    z.object({
      reason: z.string(),
      previousDueAt: instant.nullable(),
      newDueAt: instant,
      at: instant,
      by: z.string(),
    }),
  ),
  payments: z.array(
    z.object({
      amount: z.number(),
      reference: z.string().nullable(),
      requestedAt: instant,
      confirmedAt: instant,
      waived: z.object({ reason: z.string(), legalBasis: z.string() }).optional(),
    }),
  ),
  result: z
    .object({
      documents: z.array(z.object({ name: z.string(), number: z.string().optional(), fileId: z.string().optional() })),
      issuedAt: instant,
    })
    .nullable(),
  returned: z.object({ method: z.enum(returnMethods), at: instant }).nullable(),
  endReason: z.string().nullable(),
  finishedAt: instant.nullable(),
  outcome: outcome.nullable(),
  rating: z.object({ value: z.enum(ratings), comment: z.string().nullable(), at: instant }).nullable(),
  updatedAt: instant,
});

export const dossierSummarySchema = z.object({
  id: z.string(),
  code: z.string(),
  procedure: z.object({ code: z.string(), name: z.string() }),
  status: z.enum(dossierStatuses),
  statusNumber: z.number(),
  channel: z.enum(dossierChannels),
  applicantName: z.string(),
  submittedAt: instant,
  receivedAt: instant.nullable(),
  dueAt: instant.nullable(),
  finishedAt: instant.nullable(),
  outcome: outcome.nullable(),
  version: z.number(),
});

export const dossierFileSchema = z.object({
  id: z.string(),
  name: z.string(),
  mediaType: z.string(),
  size: z.number(),
  purpose: z.enum(['document', 'supplement', 'result']),
  documentIndex: z.number().nullable(),
  documentName: z.string().nullable(),
  addedAt: instant,
});

/** Who acted, as recorded, with their name today. */
export const eventActorSchema = z.object({
  id: z.string(),
  kind: z.enum(personKinds),
  agencyId: z.string().nullable(),
  roles: z.array(role),
  fullName: z.string().nullable(),
});

export const dossierEventSchema = z.object({
  version: z.number(),
  action: z.enum(dossierActions),
  at: instant,
  actor: eventActorSchema,
  fromStatus: z.enum(dossierStatuses).nullable(),
  toStatus: z.enum(dossierStatuses),
  data: z
    .record(z.string(), z.unknown())
    .describe('The action’s input as the domain normalised it (core’s DossierEventData of the action)'),
});

export const dossierDetailSchema = dossierSummarySchema.extend({
  files: z.array(dossierFileSchema),
  receivingAgency: z.object({ id: z.string(), name: z.string() }),
  /** The officer who holds the current step, when assigned. */
  assignee: z.object({ id: z.string(), fullName: z.string() }).nullable(),
  applicant: applicantSchema,
  /** The organisation the applicant filed for as its representative (the dossier's owner), else null. */
  organisation: z.object({ id: z.string(), name: z.string() }).nullable(),
  state: dossierStateSchema,
  availableActions: z.array(z.enum(dossierActions)),
  events: z.array(dossierEventSchema),
});

export type DossierSummary = z.infer<typeof dossierSummarySchema>;
export type DossierDetail = z.infer<typeof dossierDetailSchema>;
export type DossierStateJson = z.infer<typeof dossierStateSchema>;

// The documented state is core's (a field of DossierState missing here would be left out of every answer).
type Missing =
  | Exclude<keyof DossierStateWire, keyof DossierStateJson>
  | Exclude<keyof DossierStateJson, keyof DossierStateWire>;
const sameFieldsAsCore: [Missing] extends [never] ? true : Missing = true;
void sameFieldsAsCore;

// -----------------------------------------------------------------------------------------------------
// Presenters

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The state as JSON: a row read back holds it so already; a dossier just written holds Dates. */
function stateJson(state: DossierState | DossierStateJson): DossierStateJson {
  return typeof state.submittedAt === 'string'
    ? (state as DossierStateJson)
    : (JSON.parse(JSON.stringify(state)) as DossierStateJson);
}

export function presentSummary(row: DossierRow): DossierSummary {
  return {
    id: row.id,
    code: row.code,
    procedure: { code: row.procedureCode, name: row.procedureName },
    status: row.status as DossierSummary['status'],
    statusNumber: dossierStatusInfo[row.status as keyof typeof dossierStatusInfo]?.nationalCode ?? 0,
    channel: row.channel as DossierSummary['channel'],
    applicantName: (row.applicant as { fullName?: string }).fullName ?? '',
    submittedAt: row.submittedAt.toISOString(),
    receivedAt: iso(row.receivedAt),
    dueAt: iso(row.dueAt),
    finishedAt: iso(row.finishedAt),
    outcome: row.outcome as DossierSummary['outcome'],
    version: row.version,
  };
}

/** What the detail shows of a file (a stored row, or one a new filing just attached). */
export type DetailFile = Pick<
  FileRow,
  'id' | 'name' | 'mediaType' | 'size' | 'purpose' | 'documentIndex' | 'documentName' | 'attachedAt' | 'createdAt'
>;

export function presentFile(f: DetailFile): DossierDetail['files'][number] {
  return {
    id: f.id,
    name: f.name,
    mediaType: f.mediaType,
    size: f.size,
    purpose: (f.purpose ?? 'document') as DossierDetail['files'][number]['purpose'],
    documentIndex: f.documentIndex,
    documentName: f.documentName,
    addedAt: (f.attachedAt ?? f.createdAt).toISOString(),
  };
}

export function presentEvent(e: DossierEvent, names: ReadonlyMap<string, PersonName>) {
  const actor: ActorSnapshot = e.actor;
  return {
    version: e.version,
    action: e.action,
    at: e.at.toISOString(),
    actor: { ...actor, roles: [...actor.roles], fullName: names.get(actor.id)?.fullName ?? null },
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    data: e.data as Record<string, unknown>,
  } satisfies DossierDetail['events'][number];
}

/** The detail of a dossier, from what was read of it (the caller reads the files, events and names). */
export function presentDetail(
  row: DossierRow,
  read: {
    agencyName: string;
    events: readonly DossierEvent[];
    files: readonly DetailFile[];
    names: ReadonlyMap<string, PersonName>;
    availableActions: DossierDetail['availableActions'];
  },
): DossierDetail {
  const state = stateJson(row.state as DossierState);
  const assigneeId = state.currentStep?.assigneeId ?? null;
  return {
    ...presentSummary(row),
    files: read.files.map(presentFile),
    receivingAgency: { id: row.receivingAgencyId, name: read.agencyName },
    assignee: assigneeId ? { id: assigneeId, fullName: read.names.get(assigneeId)?.fullName ?? '' } : null,
    applicant: row.applicant as DossierDetail['applicant'],
    organisation: row.organisationId
      ? { id: row.organisationId, name: read.names.get(row.organisationId)?.fullName ?? '' }
      : null,
    state,
    availableActions: read.availableActions,
    events: read.events.map((e) => presentEvent(e, read.names)),
  };
}

/** The applicant's name as the public lookup shows it: "Nguyễn T. H." */
export function maskName(fullName: string): string {
  const parts = fullName.trim().split(/\s+/);
  if (parts.length <= 1) return `${fullName.slice(0, 1)}.`;
  return [parts[0], ...parts.slice(1).map((p) => `${p.slice(0, 1)}.`)].join(' ');
}
