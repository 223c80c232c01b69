import { actionPerformers, type OfficerRole, officerRoles } from '@congso/core';
import type { Me } from '../identity/api';

/**
 * Who sees the desk. Kept apart from the desk's pages (which are loaded on demand) because the shell
 * imports it for its navigation.
 */

/** Officer roles that act on dossiers, from the core's table of who performs each action. */
export const deskRoles: ReadonlySet<OfficerRole> = new Set(
  officerRoles.filter((role) =>
    Object.values(actionPerformers).some((performers) => (performers as readonly string[]).includes(role)),
  ),
);

/** True for an officer holding at least one role that acts on dossiers (shows "Một cửa" in the shell). */
export function canUseDesk(me: Me | null | undefined): boolean {
  return !!me && me.kind === 'officer' && me.roles.some((role) => deskRoles.has(role));
}

export function isOneStopClerk(me: Me | null | undefined): boolean {
  return !!me && me.kind === 'officer' && me.roles.includes('one_stop_clerk');
}

/** The dossier book (form 07) is kept by the desk and read by the heads of the agency. */
export function seesDossierBook(me: Me | null | undefined): boolean {
  return (
    !!me &&
    me.kind === 'officer' &&
    me.roles.some((role) => role === 'one_stop_clerk' || role === 'department_head' || role === 'agency_leader')
  );
}
