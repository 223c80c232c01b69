/**
 * Keeping the service-quality index's counters (ADR: docs/ARCHITECTURE.md "Operations center"). Every
 * dossier change marks the dossier in `ioc_pending` in its own transaction (filing, acting, the demo history);
 * `catchUpIoc` takes marked dossiers in batches, replays their logs into facts (core `factOf`) and adds the
 * difference between each new and old fact's contributions to the counters, all in one transaction per batch.
 * It also seals period ends as time passes (the horizon). One consumer at a time (the state row's lock);
 * another caller finds it busy and returns. `rebuildIoc` empties everything and counts every dossier again.
 */

import {
  contributionDelta,
  factOf,
  type IocDossierFact,
  type IocFactContext,
  type ServiceMode,
  sealedHorizon,
  serviceModes,
} from '@congso/core';
import {
  addIocCounts,
  bumpIocGeneration,
  countIocCells,
  type Database,
  type Executor,
  loadAgencyTree,
  loadEventsOfDossiers,
  loadIocContexts,
  loadIocFacts,
  loadIocFactsOpenBetween,
  lockIocState,
  resetIoc,
  saveIocFacts,
  setIocHorizon,
  takeIocPending,
} from '@congso/db';

/** Where an agency sits: its province (the root of its tree) and its commune, if it is one or under one. */
export interface AgencyPlaces {
  provinceOf(agencyId: string): string;
  communeOf(agencyId: string): string | null;
}

export async function loadAgencyPlaces(db: Executor): Promise<AgencyPlaces> {
  const rows = await loadAgencyTree(db);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const walk = (id: string) => {
    const chain = [];
    let cur = byId.get(id);
    for (let guard = 0; cur && guard < 20; guard++) {
      chain.push(cur);
      cur = cur.parentId ? byId.get(cur.parentId) : undefined;
    }
    return chain;
  };
  return {
    provinceOf: (id) => walk(id).at(-1)?.id ?? id,
    communeOf: (id) => walk(id).find((a) => a.kind === 'commune')?.id ?? null,
  };
}

export interface CatchUpReport {
  /** Dossiers whose facts were computed. */
  dossiers: number;
  /** The horizon moved (period ends sealed). */
  sealed: boolean;
  /** Another consumer was at work: nothing done here. */
  busy: boolean;
}

const isServiceMode = (m: string): m is ServiceMode => (serviceModes as readonly string[]).includes(m);

/** Counts every marked dossier and seals the period ends up to `now`. */
export async function catchUpIoc(db: Database, now: Date, options: { batch?: number } = {}): Promise<CatchUpReport> {
  const batch = options.batch ?? 500;
  const report: CatchUpReport = { dossiers: 0, sealed: false, busy: false };
  let places: AgencyPlaces | null = null;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const state = await lockIocState(tx);
      if (!state) {
        report.busy = true;
        return true;
      }
      const target = sealedHorizon(now);
      let horizon = state.horizon;
      if (!horizon) {
        horizon = target;
        await setIocHorizon(tx, horizon);
      } else if (target > horizon) {
        // Period ends between the old and the new horizon: only dossiers in progress across them change.
        const delta = new Map<string, number>();
        for (const fact of await loadIocFactsOpenBetween(tx, horizon, target)) {
          for (const [k, v] of contributionDelta(fact, fact, horizon, target)) delta.set(k, (delta.get(k) ?? 0) + v);
        }
        await addIocCounts(tx, delta);
        await setIocHorizon(tx, target);
        await bumpIocGeneration(tx);
        horizon = target;
        report.sealed = true;
      }
      const ids = await takeIocPending(tx, batch);
      if (ids.length === 0) return true;
      places ??= await loadAgencyPlaces(tx);
      const [events, contexts, before] = await Promise.all([
        loadEventsOfDossiers(tx, ids),
        loadIocContexts(tx, ids),
        loadIocFacts(tx, ids),
      ]);
      const delta = new Map<string, number>();
      const facts: IocDossierFact[] = [];
      for (const id of ids) {
        const log = events.get(id);
        const context = contexts.get(id);
        if (!log || log.length === 0 || !context) continue;
        const factContext: IocFactContext = {
          procedureName: context.procedureName,
          field: context.field,
          serviceMode: isServiceMode(context.serviceMode) ? context.serviceMode : 'offline',
          provinceOf: (places as AgencyPlaces).provinceOf,
          communeOf: (places as AgencyPlaces).communeOf,
          portalSyncedAt: context.portalSyncedAt,
          flags: context.flags,
        };
        const fact = factOf(log, factContext);
        facts.push(fact);
        for (const [k, v] of contributionDelta(before.get(id) ?? null, fact, horizon)) {
          delta.set(k, (delta.get(k) ?? 0) + v);
        }
      }
      await saveIocFacts(tx, facts);
      await addIocCounts(tx, delta);
      await bumpIocGeneration(tx);
      report.dossiers += ids.length;
      return false;
    });
    if (done) return report;
  }
}

/** `congso ioc rebuild`: empties the counters and facts and counts every dossier again from its events. */
export async function rebuildIoc(db: Database, now: Date, options: { batch?: number } = {}) {
  const marked = await db.transaction((tx) => resetIoc(tx, now));
  const report = await catchUpIoc(db, now, options);
  return { marked, ...report, rows: await countIocCells(db) };
}
