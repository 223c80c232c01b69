/**
 * Who may act on a dossier: pure predicates over identity's Actor.
 * - Applicant actions: the actor is the dossier's applicant (`actor.id === dossier.applicantId`).
 * - Officer actions: an active officer with one of the action's roles, belonging to the agency that holds
 *   the current step — or, for desk actions by a one-stop clerk, to the receiving agency.
 * - A specialist acts only on a step assigned to them (or not assigned yet).
 * - Nobody acts as an officer on their own dossier.
 */
import type { Actor } from '../identity/policy';
import type { OfficerRole } from '../identity/roles';
import {
  actionPerformers,
  type DossierAction,
  deskActions,
  dossierActions,
  type Performer,
  SYSTEM_ACTOR_ID,
} from './actions';
import type { DossierState } from './dossier-state';
import { isActionPossible } from './transitions';

/** The part of the dossier the policy looks at. */
export type DossierPolicyTarget = Pick<DossierState, 'applicantId' | 'receivingAgencyId' | 'currentStep'>;

function performersOf(action: DossierAction): readonly Performer[] {
  return actionPerformers[action];
}

function officerMay(role: OfficerRole, actor: Actor, dossier: DossierPolicyTarget, action: DossierAction): boolean {
  if (!performersOf(action).includes(role)) return false;
  const step = dossier.currentStep;
  if (role === 'one_stop_clerk' && deskActions.has(action)) return actor.agencyId === dossier.receivingAgencyId;
  if (!step || actor.agencyId !== step.agencyId) return false;
  if (role === 'specialist' && step.assigneeId !== null && step.assigneeId !== actor.id) return false;
  return true;
}

/** Whether the actor may perform the action on the dossier (roles and agency only; not the status). */
export function canPerform(actor: Actor, dossier: DossierPolicyTarget, action: DossierAction): boolean {
  if (!actor.active) return false;
  if (actor.id === SYSTEM_ACTOR_ID) return performersOf(action).includes('system');
  if (actor.id === dossier.applicantId) return performersOf(action).includes('applicant');
  if (actor.kind !== 'officer' || !actor.agencyId) return false;
  return actor.roles.some((role) => officerMay(role, actor, dossier, action));
}

/** Whether the actor may open a dossier this way (file online as the applicant, or receive at the desk). */
export function canOpen(
  actor: Actor,
  opening: { action: 'submit_online' | 'receive'; applicantId: string; receivingAgencyId: string },
): boolean {
  if (!actor.active) return false;
  if (opening.action === 'submit_online') return actor.id === opening.applicantId;
  return (
    actor.id !== opening.applicantId &&
    actor.kind === 'officer' &&
    actor.agencyId === opening.receivingAgencyId &&
    actor.roles.includes('one_stop_clerk')
  );
}

/** The actions the actor can perform now: allowed by the table and guards, and by the policy. */
export function availableActions(actor: Actor, dossier: DossierState): DossierAction[] {
  return dossierActions.filter((a) => isActionPossible(dossier, a) && canPerform(actor, dossier, a));
}
