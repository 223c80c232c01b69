import { CongsoError } from '../shared/errors';
import type { OfficerRole, PersonKind } from './roles';

/**
 * Authorization as pure predicates. Each permission says which roles hold it and how far it reaches
 * from the officer's own agency: `own` (that agency only), `subtree` (it and every unit below it) or
 * `any` (every agency in the province).
 */
export type Scope = 'own' | 'subtree' | 'any';

export const permissions = [
  'agency.read',
  'agency.manage',
  'officer.read',
  'officer.manage',
  'audit.read',
  'catalog.manage',
  'exchange.manage',
  'gateway.manage',
  'certificate.read',
  'certificate.manage',
  'office.read',
  'office.register',
  'office.draft',
  'office.report',
  'ioc.read',
  'payment.report',
  'reporting.read',
  'reporting.enter',
  'reporting.review',
  'reporting.manage',
  'alert.manage',
  'security.read',
] as const;
export type Permission = (typeof permissions)[number];

type Grant = Partial<Record<OfficerRole, Scope>>;

export const permissionTable = {
  'agency.read': {
    one_stop_clerk: 'any',
    specialist: 'any',
    department_head: 'any',
    agency_leader: 'any',
    document_clerk: 'any',
    admin: 'any',
    viewer: 'any',
    accountant: 'any',
  },
  'agency.manage': { admin: 'subtree' },
  'officer.read': { admin: 'subtree', agency_leader: 'subtree', department_head: 'own' },
  'officer.manage': { admin: 'subtree' },
  'audit.read': { admin: 'subtree' },
  // The catalogue is the province's: checked against the root agency, so only province administrators.
  'catalog.manage': { admin: 'subtree' },
  // Exchange peers and the exchange log are the province's: checked against the root agency.
  'exchange.manage': { admin: 'subtree' },
  // The data-sharing gateway (services, consumers, rights, the exchange log) is the province's: the root agency.
  'gateway.manage': { admin: 'subtree' },
  // The certificate registry is the province CA's: checked against the root agency, so only province administrators.
  'certificate.read': { admin: 'subtree' },
  'certificate.manage': { admin: 'subtree' },
  // The documents office: an agency's own officers read its registers and documents; the document clerk
  // (văn thư) registers incoming documents, issues and sends outgoing ones and closes the registers;
  // specialists, heads and leaders draft. Who acts on one document is core/office's policy (routing, roles).
  'office.read': { document_clerk: 'own', specialist: 'own', department_head: 'own', agency_leader: 'own' },
  'office.register': { document_clerk: 'own' },
  'office.draft': { specialist: 'own', department_head: 'own', agency_leader: 'own' },
  // The share of work files handled online: leaders and administrators for their subtree, viewers anywhere.
  'office.report': { agency_leader: 'subtree', admin: 'subtree', viewer: 'any' },
  // The service-quality index: leaders and administrators for their agency and below (the province's leaders
  // for the province), viewers (the operations center's screens) anywhere.
  'ioc.read': { agency_leader: 'subtree', admin: 'subtree', viewer: 'any' },
  // The daily reconciliation of fees collected is the province's: checked against the root agency, so the
  // province's accountants (kế toán) and administrators.
  'payment.report': { accountant: 'subtree', admin: 'subtree' },
  // Periodic reports (NĐ 09/2019): an agency's specialists, heads and leaders enter and submit its reports;
  // its leaders and administrators read those of their subtree, viewers everything. Reviewing (approve,
  // return, lock) and the catalogue, templates, assignments and the digital-transformation programme are the
  // province's: checked against the root agency, so only the province's leaders (review) and administrators.
  'reporting.read': {
    specialist: 'own',
    department_head: 'own',
    agency_leader: 'subtree',
    admin: 'subtree',
    viewer: 'any',
  },
  'reporting.enter': { specialist: 'own', department_head: 'own', agency_leader: 'own' },
  'reporting.review': { agency_leader: 'subtree', admin: 'subtree' },
  'reporting.manage': { admin: 'subtree' },
  // The operations center's alert rules: administrators for their agency and below.
  'alert.manage': { admin: 'subtree' },
  // The security view of the audit trail (sign-in failures, refusals, exports, administrator changes):
  // administrators for their agency and below.
  'security.read': { admin: 'subtree' },
} as const satisfies Record<Permission, Grant>;

export interface Actor {
  id: string;
  kind: PersonKind;
  active: boolean;
  agencyId: string | null;
  roles: readonly OfficerRole[];
}

/** Where the thing acted on sits: the ids from the root of the tree down to its agency, inclusive. */
export interface AgencyTarget {
  agencyPath: readonly string[];
}

const scopeRank: Record<Scope, number> = { own: 1, subtree: 2, any: 3 };

/** The widest scope the actor holds for a permission, or null. */
export function scopeOf(actor: Actor, permission: Permission): Scope | null {
  if (!actor.active || actor.kind !== 'officer' || !actor.agencyId) return null;
  const grant: Grant = permissionTable[permission];
  let best: Scope | null = null;
  for (const role of actor.roles) {
    const scope = grant[role];
    if (scope && (!best || scopeRank[scope] > scopeRank[best])) best = scope;
  }
  return best;
}

export function can(actor: Actor, permission: Permission, target?: AgencyTarget): boolean {
  const scope = scopeOf(actor, permission);
  if (!scope) return false;
  if (!target || scope === 'any') return true;
  const own = actor.agencyId as string;
  const path = target.agencyPath;
  if (scope === 'own') return path[path.length - 1] === own;
  return path.includes(own);
}

export function authorize(actor: Actor | null, permission: Permission, target?: AgencyTarget): void {
  if (!actor) throw new CongsoError('UNAUTHENTICATED');
  if (!can(actor, permission, target)) throw new CongsoError('FORBIDDEN');
}

/** All permissions an actor holds anywhere (what the UI may offer). */
export function permissionsOf(actor: Actor): Permission[] {
  return permissions.filter((p) => scopeOf(actor, p) !== null);
}
