/**
 * What the index needs to know of one dossier (its fact), derived from the dossier's action log, and what a
 * fact adds to the counters of each scope and period (`contributionsOf`). Aggregates are kept as the sum of
 * the contributions of every fact: when a dossier changes, the difference between its new and old
 * contributions is applied (`contributionDelta`), so they never need a scan of all dossiers.
 */

import type { Outcome } from '../calendar/calendar-types';
import type { ServiceMode } from '../catalog/procedure';
import type { DossierDigitisationFlags } from '../digitisation/data-store';
import { SYSTEM_ACTOR_ID } from '../dossiers/actions';
import { type DossierEvent, replay } from '../dossiers/dossier-state';
import type { DossierChannel, DossierStatus, Rating } from '../dossiers/statuses';
import type { IocMeasure } from './measures';
import { periodsEndingBetween, periodsOf } from './periods';

export const iocScopeKinds = ['province', 'agency', 'commune', 'field'] as const;
export type IocScopeKind = (typeof iocScopeKinds)[number];

/** Instants are ISO text (the fact is stored as JSON). */
export interface IocDossierFact {
  dossierId: string;
  code: string;
  procedureCode: string;
  procedureName: string;
  field: string;
  serviceMode: ServiceMode;
  provinceId: string;
  /** The agency answerable for the dossier: the handling agency once forwarded, the receiving one before. */
  agencyId: string;
  /** The commune whose People's Committee (or one of its units) is that agency; null otherwise. */
  communeId: string | null;
  channel: DossierChannel;
  status: DossierStatus;
  receivedAt: string | null;
  dueAt: string | null;
  /**
   * End of processing (QĐ 766): the first of processed, returned, stopped or refused; a withdrawal after the
   * receipt ends it too. Null while in progress, and for dossiers never received.
   */
  endedAt: string | null;
  outcome: Outcome | null;
  supplementCount: number;
  /** More supplement requests than the dossier's rules allow on time (QĐ 766: more than one). */
  lateBySupplements: boolean;
  /** Apology letters that count the dossier late (the dossier's rules). */
  lateApologies: number;
  /** Waiting for a supplement since (the request), while the applicant has not answered. */
  waitingSince: string | null;
  resultIssuedAt: string | null;
  resultElectronic: boolean;
  /** The dossier's documents came as files (the e-form's, files of a supplement, or papers digitised). */
  documentsAsFiles: boolean;
  /** A document was taken from the applicant's data store (the opening's `reused`, or the dossier's flag). */
  reusedData?: boolean;
  rating: Rating | null;
  /**
   * A fee was asked of the dossier (an amount above zero) and not waived: the dossier has a financial
   * obligation (QĐ 766 indicator 3.6's denominator). Absent in facts stored before it existed: false.
   */
  feeDue?: boolean;
  /**
   * When the fee was paid online (the payment platform confirmed it: `confirm_payment` by the installation);
   * null when paid at the counter, waived, or not paid. Indicator 3.6's numerator; the national portal's
   * DuocThanhToanTrucTuyen. Absent in facts stored before it existed: null.
   */
  paidOnlineAt?: string | null;
  /** When the national portal first accepted the dossier (its creation synced); null: not yet. */
  portalSyncedAt?: string | null;
}

/** What the log does not say: the procedure's field and service mode, and where the agency sits. */
export interface IocFactContext {
  procedureName: string;
  field: string;
  serviceMode: ServiceMode;
  provinceOf(agencyId: string): string;
  communeOf(agencyId: string): string | null;
  /** When the national portal first accepted the dossier's creation (the sync's fact), if it did. */
  portalSyncedAt?: Date | null;
  /** The dossier's digitisation flags, set by the changes that made them true (not in the action log). */
  flags?: DossierDigitisationFlags;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The fact of a dossier from its action log (oldest first). */
export function factOf(events: readonly DossierEvent[], context: IocFactContext): IocDossierFact {
  const state = replay(events);
  const agencyId = state.handlingAgencyId ?? state.receivingAgencyId;
  const lateBySupplements = state.supplementCount > state.rules.maxSupplementRequestsOnTime;
  const lateApologies = state.rules.apologyCountsAsLate ? state.apologies.length : 0;
  let endedAt = state.finishedAt;
  let outcome = state.outcome;
  if (!endedAt && state.status === 'withdrawn' && state.receivedAt) {
    // A withdrawal ends processing (REFERENCES 1.2, 2.1): on time unless already late by the same rules.
    endedAt = state.updatedAt;
    const pastDue = state.dueAt !== null && endedAt.getTime() > state.dueAt.getTime();
    outcome = lateBySupplements || lateApologies > 0 || pastDue ? 'late' : 'on_time';
  }
  let feeDue = false;
  let paidOnlineAt: string | null = null;
  const flags = context.flags;
  let documentsAsFiles = Boolean(flags?.digitisedAt);
  let reusedData = Boolean(flags?.reusedDataAt);
  for (const e of events) {
    if (e.action === 'request_payment' && e.data.amount > 0) feeDue = true;
    if (e.action === 'waive_payment') feeDue = false;
    if (isPaidOnline(e) && !paidOnlineAt) paidOnlineAt = iso(e.at);
    if ((e.action === 'submit_online' || e.action === 'receive') && e.data.opening?.documents) {
      if (e.data.opening.documents.some((d) => d.fileIds.length > 0)) documentsAsFiles = true;
      if (e.data.opening.documents.some((d) => (d.reused?.length ?? 0) > 0)) reusedData = true;
    }
    if (e.action === 'submit_supplement' && (e.data.fileIds?.length ?? 0) > 0) documentsAsFiles = true;
  }
  const pending = state.pending;
  return {
    dossierId: state.id,
    code: state.code,
    procedureCode: state.procedure.code,
    procedureName: context.procedureName,
    field: context.field,
    serviceMode: context.serviceMode,
    provinceId: context.provinceOf(agencyId),
    agencyId,
    communeId: context.communeOf(agencyId),
    channel: state.channel,
    status: state.status,
    receivedAt: iso(state.receivedAt),
    dueAt: iso(state.dueAt),
    endedAt: iso(endedAt),
    outcome: endedAt ? outcome : null,
    supplementCount: state.supplementCount,
    lateBySupplements,
    lateApologies,
    waitingSince: pending?.kind === 'supplement' && !endedAt ? iso(pending.requestedAt) : null,
    resultIssuedAt: iso(state.result?.issuedAt),
    resultElectronic:
      Boolean(state.result && flags?.resultElectronicAt) ||
      (state.result?.documents.some((d) => Boolean(d.fileId)) ?? false),
    documentsAsFiles,
    reusedData,
    rating: state.rating?.value ?? null,
    feeDue: feeDue || paidOnlineAt !== null,
    paidOnlineAt,
    portalSyncedAt: iso(context.portalSyncedAt),
  };
}

/**
 * Whether an event is a fee paid online: confirmed by the installation, which confirms only what the payment
 * platform reported paid (callback or reconciliation); a clerk's confirmation is a payment at the counter.
 */
export function isPaidOnline(event: DossierEvent): boolean {
  return event.action === 'confirm_payment' && event.actor.id === SYSTEM_ACTOR_ID;
}

const ms = (text: string) => Date.parse(text);

/** Whether a dossier was received before `at` and had not ended by then. */
export function isOpenAt(fact: IocDossierFact, at: Date): boolean {
  if (!fact.receivedAt || ms(fact.receivedAt) >= at.getTime()) return false;
  return fact.endedAt === null || ms(fact.endedAt) >= at.getTime();
}

/**
 * Whether a dossier in progress at `at` counts as late then: too many supplement requests, an apology, or
 * past its return date. A single supplement request still unanswered ends the count at the request (QĐ 766).
 */
export function isLateWhileOpen(fact: IocDossierFact, at: Date): boolean {
  if (fact.lateBySupplements || fact.lateApologies > 0) return true;
  if (!fact.dueAt) return false;
  const end = fact.waitingSince && ms(fact.waitingSince) <= at.getTime() ? ms(fact.waitingSince) : at.getTime();
  return end > ms(fact.dueAt);
}

export interface IocCell {
  scopeKind: IocScopeKind;
  scopeId: string;
  periodKind: 'month' | 'quarter' | 'year';
  periodKey: string;
  measure: IocMeasure;
}

/** A cell as one text key (`scopeKind|scopeId|periodKind|periodKey|measure`). */
export function cellKey(c: IocCell): string {
  return `${c.scopeKind}|${c.scopeId}|${c.periodKind}|${c.periodKey}|${c.measure}`;
}

export function parseCellKey(key: string): IocCell {
  const [scopeKind, scopeId, periodKind, periodKey, measure] = key.split('|') as [
    IocScopeKind,
    string,
    IocCell['periodKind'],
    string,
    IocMeasure,
  ];
  return { scopeKind, scopeId, periodKind, periodKey, measure };
}

export function scopesOf(fact: IocDossierFact): [IocScopeKind, string][] {
  const scopes: [IocScopeKind, string][] = [
    ['province', fact.provinceId],
    ['agency', fact.agencyId],
    ['field', fact.field],
  ];
  if (fact.communeId) scopes.push(['commune', fact.communeId]);
  return scopes;
}

/**
 * What a fact adds to the counters: cell key → count. Counts of period ends (`open_end*`) are included
 * only for periods ending at or before `horizon` (the sealed ones); later ones are counted live.
 */
export function contributionsOf(fact: IocDossierFact, horizon: Date): Map<string, number> {
  const out = new Map<string, number>();
  const scopes = scopesOf(fact);
  const addAt = (periods: ReturnType<typeof periodsOf>, measures: IocMeasure[]) => {
    for (const p of periods) {
      for (const [scopeKind, scopeId] of scopes) {
        for (const measure of measures) {
          const key = cellKey({ scopeKind, scopeId, periodKind: p.kind, periodKey: p.key, measure });
          out.set(key, (out.get(key) ?? 0) + 1);
        }
      }
    }
  };
  if (fact.receivedAt) {
    const m: IocMeasure[] = ['received', fact.channel === 'online' ? 'received_online' : 'received_offline'];
    // QĐ 766 indicator 1.4 counts a synced dossier in the period of its receipt (REFERENCES 1.2).
    if (fact.portalSyncedAt) m.push('portal_synced');
    if (fact.reusedData) m.push('reused');
    if (fact.serviceMode === 'full_online') {
      m.push('full_online_eligible');
      if (fact.channel === 'online') m.push('full_online');
    }
    if (fact.feeDue) {
      m.push('fee_due');
      if (fact.paidOnlineAt) m.push('paid_online');
    }
    addAt(periodsOf(new Date(fact.receivedAt)), m);
  }
  if (fact.endedAt && fact.outcome) {
    const m: IocMeasure[] = ['finished', `finished_${fact.outcome}`];
    if (fact.lateBySupplements) m.push('late_supplements');
    if (fact.status === 'stopped') m.push('stopped');
    if (fact.status === 'withdrawn') m.push('withdrawn');
    if (fact.rating) m.push('rated');
    if (fact.rating === 'not_satisfied') m.push('rated_not_satisfied');
    addAt(periodsOf(new Date(fact.endedAt)), m);
  }
  if (fact.resultIssuedAt) {
    const m: IocMeasure[] = ['results'];
    if (fact.resultElectronic) m.push('results_electronic');
    if (fact.resultElectronic && fact.documentsAsFiles) m.push('digitised');
    addAt(periodsOf(new Date(fact.resultIssuedAt)), m);
  }
  if (fact.receivedAt) {
    const upTo = fact.endedAt && ms(fact.endedAt) < horizon.getTime() ? new Date(fact.endedAt) : horizon;
    for (const p of periodsEndingBetween(new Date(fact.receivedAt), upTo)) {
      if (!isOpenAt(fact, p.end)) continue;
      addAt([p], isLateWhileOpen(fact, p.end) ? ['open_end', 'open_end_late'] : ['open_end']);
    }
  }
  return out;
}

/** new − old, without the zeros (either side may be null: a new dossier, a removed one). */
export function contributionDelta(
  before: IocDossierFact | null,
  after: IocDossierFact | null,
  horizon: Date,
  horizonAfter: Date = horizon,
): Map<string, number> {
  const delta = after ? contributionsOf(after, horizonAfter) : new Map<string, number>();
  if (before) {
    for (const [k, v] of contributionsOf(before, horizon)) delta.set(k, (delta.get(k) ?? 0) - v);
  }
  for (const [k, v] of delta) if (v === 0) delta.delete(k);
  return delta;
}
