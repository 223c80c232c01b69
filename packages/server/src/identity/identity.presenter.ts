import { type Actor, permissionsOf } from '@congso/core';
import type { AgencyListItem, AgencyRow, PersonRow } from '@congso/db';
import { z } from 'zod';
import type { CurrentSession } from '../http/auth';

/** Explicit serializers: no database row reaches the API as it is. */
const ref = z.object({ id: z.string(), name: z.string() });
export const agencyBriefSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
});

export const agencySummarySchema = z.object({
  id: z.string(),
  code: z.string(),
  codeLevel: z.number(),
  name: z.string(),
  shortName: z.string(),
  kind: z.string(),
  parentId: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  isDemoCode: z.boolean(),
  adminUnitCode: z.string().nullable(),
  adminUnitName: z.string().nullable(),
  childCount: z.number(),
  path: z.array(ref).optional(),
});

export const agencyDetailSchema = agencySummarySchema.extend({
  parent: ref.nullable(),
  path: z.array(ref),
  predecessors: z.array(
    z.object({ id: z.string(), name: z.string(), code: z.string(), validTo: z.string().nullable(), kind: z.string() }),
  ),
  successors: z.array(
    z.object({ id: z.string(), name: z.string(), code: z.string(), validFrom: z.string(), kind: z.string() }),
  ),
  officerCount: z.number(),
  version: z.number(),
});

export function presentAgencySummary(
  a: AgencyListItem | (AgencyRow & { childCount: number; path?: { id: string; name: string }[] }),
) {
  return {
    id: a.id,
    code: a.code,
    codeLevel: a.codeLevel,
    name: a.name,
    shortName: a.shortName,
    kind: a.kind,
    parentId: a.parentId,
    validFrom: a.validFrom,
    validTo: a.validTo,
    isDemoCode: a.isDemoCode,
    adminUnitCode: a.adminUnitCode,
    adminUnitName: a.adminUnitName,
    childCount: a.childCount,
    ...(a.path ? { path: a.path } : {}),
  };
}

export function presentAgencyDetail(d: {
  agency: AgencyRow;
  path: { id: string; name: string }[];
  predecessors: { id: string; name: string; code: string; validTo: string | null; kind: string }[];
  successors: { id: string; name: string; code: string; validFrom: string; kind: string }[];
  officerCount: number;
  childCount: number;
}) {
  const parent = d.path.length > 1 ? (d.path[d.path.length - 2] ?? null) : null;
  return {
    ...presentAgencySummary({ ...d.agency, childCount: d.childCount }),
    parent,
    path: d.path,
    predecessors: d.predecessors,
    successors: d.successors,
    officerCount: d.officerCount,
    version: d.agency.version,
  };
}

export const officerSchema = z.object({
  id: z.string(),
  username: z.string(),
  fullName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  agency: agencyBriefSchema,
  roles: z.array(z.string()),
  active: z.boolean(),
  version: z.number(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});

export function presentOfficer(row: {
  person: PersonRow;
  agency: { id: string; code: string; name: string; shortName: string };
}) {
  const p = row.person;
  return {
    id: p.id,
    username: p.username,
    fullName: p.fullName,
    email: p.email,
    phone: p.phone,
    agency: row.agency,
    roles: p.roles,
    active: p.active,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    lastLoginAt: p.lastLoginAt?.toISOString() ?? null,
  };
}

export const meSchema = z.object({
  id: z.string(),
  kind: z.enum(['officer', 'citizen', 'organisation']),
  username: z.string(),
  fullName: z.string(),
  /** The account's e-mail, to prefill forms (a citizen's contact when filing). */
  email: z.string().nullable(),
  agency: agencyBriefSchema.nullable(),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
});

export function presentMe(s: CurrentSession) {
  const actor: Actor = s.actor;
  return {
    id: actor.id,
    kind: actor.kind,
    username: s.username,
    fullName: s.fullName,
    email: s.email,
    agency: s.agency,
    roles: actor.kind === 'officer' ? [...actor.roles] : [],
    permissions: permissionsOf(actor),
  };
}
