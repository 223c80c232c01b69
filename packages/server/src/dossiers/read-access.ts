/**
 * Who reads a dossier, and what they may do with it: the applicant (and the organisation filed for), and officers of the agencies it has been
 * at (or above them). Everything else is a 404, never a 403: a dossier's existence is not told.
 */
import { type Actor, availableActions, CongsoError, type DossierState, replay } from '@congso/core';
import { agencyPath, type DossierRow, getDossierRow, loadDossierEvents } from '@congso/db';
import { actsFor } from '../identity/representatives';
import type { AppContext } from '../platform/context';

/**
 * The applicant, the organisation a dossier was filed for (its account, a representative in force), and officers
 * of the receiving, handling or current agency, or of an agency above them, read a dossier.
 */
export async function canReadDossier(ctx: AppContext, actor: Actor, row: DossierRow): Promise<boolean> {
  if (actor.id === row.applicantId) return true;
  // A dossier filed for an organisation: its account, and who acts for it now.
  if (row.organisationId && actor.kind !== 'officer') return actsFor(ctx, actor, row.organisationId);
  if (actor.kind !== 'officer' || !actor.active || !actor.agencyId) return false;
  const state = row.state as DossierState;
  const agencies = new Set(
    [row.receivingAgencyId, row.currentAgencyId, state.handlingAgencyId].filter((a): a is string => !!a),
  );
  for (const agency of agencies) {
    if ((await agencyPath(ctx.connection.db, agency)).some((a) => a.id === actor.agencyId)) return true;
  }
  return false;
}

/** The dossier by id or code if the actor may read it; NOT_FOUND otherwise. */
export async function loadDossierFor(ctx: AppContext, actor: Actor, where: { id: string } | { code: string }) {
  const row = await getDossierRow(ctx.connection.db, where);
  if (!row || !(await canReadDossier(ctx, actor, row))) throw new CongsoError('NOT_FOUND');
  return row;
}

/** The dossier the caller may read (404 otherwise), its action log and the state replayed from it. */
export async function loadDossierWithLog(ctx: AppContext, actor: Actor, id: string) {
  const row = await loadDossierFor(ctx, actor, { id });
  const events = await loadDossierEvents(ctx.connection.db, row.id);
  return { row, events, state: replay(events) };
}

/** The actions the actor may take on the dossier now. */
export function actionsFor(actor: Actor, row: DossierRow) {
  return availableActions(actor, row.state as DossierState);
}
