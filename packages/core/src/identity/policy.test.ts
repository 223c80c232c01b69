import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CongsoError } from '../shared/errors';
import { type Actor, authorize, can, type Permission, permissions, permissionsOf } from './policy';
import { type OfficerRole, officerRoles } from './roles';

// A small tree: province P with department D (unit U below it) and commune C.
const P = 'p';
const D = 'd';
const U = 'u';
const C = 'c';
const paths: Record<string, string[]> = { [P]: [P], [D]: [P, D], [U]: [P, D, U], [C]: [P, C] };
const target = (agency: string) => ({ agencyPath: paths[agency] as string[] });

function officer(role: OfficerRole, agencyId: string): Actor {
  return { id: `${role}@${agencyId}`, kind: 'officer', active: true, agencyId, roles: [role] };
}

/**
 * The expected answer for an officer of department D, per role and permission, for targets:
 * own (D), below (U), above (P), other (C).
 */
type Row = [own: boolean, below: boolean, above: boolean, other: boolean];
const matrix: Record<Permission, Record<OfficerRole, Row>> = {
  'agency.read': Object.fromEntries(officerRoles.map((r) => [r, [true, true, true, true]])) as Record<OfficerRole, Row>,
  'agency.manage': {
    one_stop_clerk: [false, false, false, false],
    specialist: [false, false, false, false],
    department_head: [false, false, false, false],
    agency_leader: [false, false, false, false],
    document_clerk: [false, false, false, false],
    admin: [true, true, false, false],
    viewer: [false, false, false, false],
    accountant: [false, false, false, false],
  },
  'officer.read': {
    one_stop_clerk: [false, false, false, false],
    specialist: [false, false, false, false],
    department_head: [true, false, false, false],
    agency_leader: [true, true, false, false],
    document_clerk: [false, false, false, false],
    admin: [true, true, false, false],
    viewer: [false, false, false, false],
    accountant: [false, false, false, false],
  },
  'officer.manage': {
    one_stop_clerk: [false, false, false, false],
    specialist: [false, false, false, false],
    department_head: [false, false, false, false],
    agency_leader: [false, false, false, false],
    document_clerk: [false, false, false, false],
    admin: [true, true, false, false],
    viewer: [false, false, false, false],
    accountant: [false, false, false, false],
  },
  'catalog.manage': {
    one_stop_clerk: [false, false, false, false],
    specialist: [false, false, false, false],
    department_head: [false, false, false, false],
    agency_leader: [false, false, false, false],
    document_clerk: [false, false, false, false],
    admin: [true, true, false, false],
    viewer: [false, false, false, false],
    accountant: [false, false, false, false],
  },
  'certificate.read': {
    one_stop_clerk: [false, false, false, false],
    specialist: [false, false, false, false],
    department_head: [false, false, false, false],
    agency_leader: [false, false, false, false],
    document_clerk: [false, false, false, false],
    admin: [true, true, false, false],
    viewer: [false, false, false, false],
    accountant: [false, false, false, false],
  },
  'certificate.manage': {
    one_stop_clerk: [false, false, false, false],
    specialist: [false, false, false, false],
    department_head: [false, false, false, false],
    agency_leader: [false, false, false, false],
    document_clerk: [false, false, false, false],
    admin: [true, true, false, false],
    viewer: [false, false, false, false],
    accountant: [false, false, false, false],
  },
  'office.read': {
    one_stop_clerk: [false, false, false, false],
    specialist: [true, false, false, false],
    department_head: [true, false, false, false],
    agency_leader: [true, false, false, false],
    document_clerk: [true, false, false, false],
    admin: [false, false, false, false],
    viewer: [false, false, false, false],
    accountant: [false, false, false, false],
  },
  'office.register': {
    one_stop_clerk: [false, false, false, false],
    specialist: [false, false, false, false],
    department_head: [false, false, false, false],
    agency_leader: [false, false, false, false],
    document_clerk: [true, false, false, false],
    admin: [false, false, false, false],
    viewer: [false, false, false, false],
    accountant: [false, false, false, false],
  },
  'office.draft': {
    one_stop_clerk: [false, false, false, false],
    specialist: [true, false, false, false],
    department_head: [true, false, false, false],
    agency_leader: [true, false, false, false],
    document_clerk: [false, false, false, false],
    admin: [false, false, false, false],
    viewer: [false, false, false, false],
    accountant: [false, false, false, false],
  },
  'office.report': {
    one_stop_clerk: [false, false, false, false],
    specialist: [false, false, false, false],
    department_head: [false, false, false, false],
    agency_leader: [true, true, false, false],
    document_clerk: [false, false, false, false],
    admin: [true, true, false, false],
    viewer: [true, true, true, true],
    accountant: [false, false, false, false],
  },
  'payment.report': {
    one_stop_clerk: [false, false, false, false],
    specialist: [false, false, false, false],
    department_head: [false, false, false, false],
    agency_leader: [false, false, false, false],
    document_clerk: [false, false, false, false],
    admin: [true, true, false, false],
    viewer: [false, false, false, false],
    accountant: [true, true, false, false],
  },
  'ioc.read': {
    one_stop_clerk: [false, false, false, false],
    specialist: [false, false, false, false],
    department_head: [false, false, false, false],
    agency_leader: [true, true, false, false],
    document_clerk: [false, false, false, false],
    admin: [true, true, false, false],
    viewer: [true, true, true, true],
    accountant: [false, false, false, false],
  },
  'reporting.read': {
    one_stop_clerk: [false, false, false, false],
    specialist: [true, false, false, false],
    department_head: [true, false, false, false],
    agency_leader: [true, true, false, false],
    document_clerk: [false, false, false, false],
    admin: [true, true, false, false],
    viewer: [true, true, true, true],
    accountant: [false, false, false, false],
  },
  'reporting.enter': {
    one_stop_clerk: [false, false, false, false],
    specialist: [true, false, false, false],
    department_head: [true, false, false, false],
    agency_leader: [true, false, false, false],
    document_clerk: [false, false, false, false],
    admin: [false, false, false, false],
    viewer: [false, false, false, false],
    accountant: [false, false, false, false],
  },
  'reporting.review': {
    one_stop_clerk: [false, false, false, false],
    specialist: [false, false, false, false],
    department_head: [false, false, false, false],
    agency_leader: [true, true, false, false],
    document_clerk: [false, false, false, false],
    admin: [true, true, false, false],
    viewer: [false, false, false, false],
    accountant: [false, false, false, false],
  },
  'alert.manage': {
    one_stop_clerk: [false, false, false, false],
    specialist: [false, false, false, false],
    department_head: [false, false, false, false],
    agency_leader: [false, false, false, false],
    document_clerk: [false, false, false, false],
    admin: [true, true, false, false],
    viewer: [false, false, false, false],
    accountant: [false, false, false, false],
  },
  'security.read': {
    one_stop_clerk: [false, false, false, false],
    specialist: [false, false, false, false],
    department_head: [false, false, false, false],
    agency_leader: [false, false, false, false],
    document_clerk: [false, false, false, false],
    admin: [true, true, false, false],
    viewer: [false, false, false, false],
    accountant: [false, false, false, false],
  },
  'reporting.manage': {
    one_stop_clerk: [false, false, false, false],
    specialist: [false, false, false, false],
    department_head: [false, false, false, false],
    agency_leader: [false, false, false, false],
    document_clerk: [false, false, false, false],
    admin: [true, true, false, false],
    viewer: [false, false, false, false],
    accountant: [false, false, false, false],
  },
  'audit.read': {
    one_stop_clerk: [false, false, false, false],
    specialist: [false, false, false, false],
    department_head: [false, false, false, false],
    agency_leader: [false, false, false, false],
    document_clerk: [false, false, false, false],
    admin: [true, true, false, false],
    viewer: [false, false, false, false],
    accountant: [false, false, false, false],
  },
  'exchange.manage': {
    one_stop_clerk: [false, false, false, false],
    specialist: [false, false, false, false],
    department_head: [false, false, false, false],
    agency_leader: [false, false, false, false],
    document_clerk: [false, false, false, false],
    admin: [true, true, false, false],
    viewer: [false, false, false, false],
    accountant: [false, false, false, false],
  },
  'gateway.manage': {
    one_stop_clerk: [false, false, false, false],
    specialist: [false, false, false, false],
    department_head: [false, false, false, false],
    agency_leader: [false, false, false, false],
    document_clerk: [false, false, false, false],
    admin: [true, true, false, false],
    viewer: [false, false, false, false],
    accountant: [false, false, false, false],
  },
};

describe('policy matrix: role × own / below / above / other agency', () => {
  for (const permission of permissions) {
    for (const role of officerRoles) {
      test(`${role} ${permission}`, () => {
        const actor = officer(role, D);
        const got: Row = [
          can(actor, permission, target(D)),
          can(actor, permission, target(U)),
          can(actor, permission, target(P)),
          can(actor, permission, target(C)),
        ];
        assert.deepEqual(got, matrix[permission][role]);
      });
    }
  }
});

describe('who holds nothing', () => {
  test('a province admin reaches every agency', () => {
    const admin = officer('admin', P);
    for (const a of [P, D, U, C]) assert.ok(can(admin, 'officer.manage', target(a)));
  });
  test('citizens, organisations, inactive officers and officers without an agency hold no officer permission', () => {
    const citizen: Actor = { id: 'x', kind: 'citizen', active: true, agencyId: null, roles: [] };
    const org: Actor = { ...citizen, kind: 'organisation' };
    const inactive: Actor = { ...officer('admin', P), active: false };
    const stray: Actor = { ...officer('admin', P), agencyId: null };
    const forged: Actor = { ...citizen, roles: ['admin'], agencyId: P }; // roles on a citizen mean nothing
    for (const actor of [citizen, org, inactive, stray, forged]) {
      assert.deepEqual(permissionsOf(actor), []);
      for (const p of permissions) assert.equal(can(actor, p, target(P)), false);
    }
  });
  test('roles combine to the widest scope', () => {
    const both: Actor = { ...officer('department_head', D), roles: ['department_head', 'agency_leader'] };
    assert.ok(can(both, 'officer.read', target(U)));
  });
  test('authorize throws UNAUTHENTICATED without an actor and FORBIDDEN when not allowed', () => {
    assert.throws(
      () => authorize(null, 'agency.read'),
      (e) => e instanceof CongsoError && e.code === 'UNAUTHENTICATED' && e.status === 401,
    );
    assert.throws(
      () => authorize(officer('viewer', D), 'officer.manage', target(D)),
      (e) => e instanceof CongsoError && e.code === 'FORBIDDEN' && e.status === 403,
    );
    authorize(officer('admin', D), 'officer.manage', target(U));
  });
});
