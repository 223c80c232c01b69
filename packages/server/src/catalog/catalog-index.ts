import { buildCatalogIndex, type CatalogIndex, learnedBoosts, type Procedure, searchEntryOf } from '@congso/core';
import {
  catalogRevision,
  getProcedureVersion,
  listProceduresInForce,
  listSearchChoices,
  type ProcedureVersionRow,
  procedureFilingCounts,
} from '@congso/db';
import type { AppContext } from '../platform/context';

/** What a search result shows without loading the whole procedure. */
export interface ProcedureSummary {
  versionId: string;
  code: string;
  name: string;
  field: string;
  levels: string[];
  serviceMode: string;
  implementingAgencies: string;
  version: number;
  validFrom: string;
  deadlines: Procedure['deadlines'];
  fees: Procedure['fees'];
}

/** Vietnam's date (UTC+7) of an instant, as YYYY-MM-DD. */
export function vietnamDate(at: Date): string {
  return new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The search index of the procedures in force today, derived from the database and rebuilt when the
 * catalogue's revision or the date changes (checked at most once a second), so that every server
 * process answers from the same data.
 */
export class CatalogSearchCache {
  private index: CatalogIndex | null = null;
  private summaries = new Map<string, ProcedureSummary>();
  private inForceByCode = new Map<string, string>();
  /** Version rows by id: their content never changes once written, so they can be kept (bounded). */
  private versions = new Map<string, ProcedureVersionRow>();
  private key = '';
  private checkedAt = 0;
  private building: Promise<void> | null = null;
  /** Procedure code → how often it was filed in the last year, 0..1 (log scale), rebuilt with the index (daily). */
  private popularity = new Map<string, number>();
  /** Query key → its learned boosts and when they were read (kept a minute). */
  private learned = new Map<string, { at: number; boosts: Map<string, number> }>();

  constructor(private readonly ctx: AppContext) {}

  /** The popularity prior (from the dossiers, refreshed with the index: at least daily). */
  popularityPrior(): ReadonlyMap<string, number> {
    return this.popularity;
  }

  /** What people who searched this query key chose (read from the database at most once a minute per key). */
  async learnedFor(queryKey: string): Promise<Map<string, number>> {
    if (!queryKey) return new Map();
    const nowMs = Date.now();
    const kept = this.learned.get(queryKey);
    if (kept && nowMs - kept.at < 60_000) return kept.boosts;
    const boosts = learnedBoosts(await listSearchChoices(this.ctx.connection.db, queryKey), this.ctx.now());
    if (this.learned.size >= 5_000) this.learned.clear();
    this.learned.set(queryKey, { at: nowMs, boosts });
    return boosts;
  }

  /** Forget the learned boosts of a key (after recording a choice, so that the process that took it sees it). */
  forgetLearned(queryKey: string) {
    this.learned.delete(queryKey);
  }

  async get(): Promise<{ index: CatalogIndex; summaries: Map<string, ProcedureSummary> }> {
    const on = vietnamDate(this.ctx.now());
    const nowMs = Date.now();
    // The date is free to check on every call; the catalogue's revision costs a query, so once a second.
    if (!this.index || !this.key.endsWith(`@${on}`) || nowMs - this.checkedAt > 1_000) {
      this.checkedAt = nowMs;
      const key = `${await catalogRevision(this.ctx.connection.db)}@${on}`;
      if (key !== this.key || !this.index) {
        this.building ??= this.rebuild(on, key).finally(() => {
          this.building = null;
        });
        await this.building;
      }
    }
    return { index: this.index as CatalogIndex, summaries: this.summaries };
  }

  /** The version of a procedure in force today (from the index, rebuilt when the catalogue changes). */
  async versionInForce(code: string): Promise<ProcedureVersionRow | undefined> {
    await this.get();
    const id = this.inForceByCode.get(code);
    if (!id) return undefined;
    let row = this.versions.get(id);
    if (!row) {
      row = await getProcedureVersion(this.ctx.connection.db, id);
      if (!row) return undefined;
      if (this.versions.size >= 2_000) this.versions.delete(this.versions.keys().next().value as string);
      this.versions.set(id, row);
    }
    return row;
  }

  private async rebuild(on: string, key: string) {
    const rows = await listProceduresInForce(this.ctx.connection.db, on);
    const summaries = new Map<string, ProcedureSummary>();
    const byCode = new Map<string, string>();
    for (const { requiredDocuments: _d, results: _r, ...r } of rows) {
      summaries.set(r.id, { ...r, versionId: r.id });
      byCode.set(r.code, r.id);
    }
    this.inForceByCode = byCode;
    this.index = buildCatalogIndex(rows.map((r) => searchEntryOf(r.id, r)));
    const counts = await procedureFilingCounts(
      this.ctx.connection.db,
      new Date(this.ctx.now().getTime() - 365 * 86_400_000),
    );
    const most = Math.max(0, ...counts.values());
    this.popularity = new Map([...counts].map(([code, n]) => [code, most > 0 ? Math.log1p(n) / Math.log1p(most) : 0]));
    this.summaries = summaries;
    this.key = key;
  }
}

const caches = new WeakMap<AppContext, CatalogSearchCache>();

/** The one catalogue cache of an app (shared by the catalogue routes and filing). */
export function catalogCache(ctx: AppContext): CatalogSearchCache {
  let cache = caches.get(ctx);
  if (!cache) {
    cache = new CatalogSearchCache(ctx);
    caches.set(ctx, cache);
  }
  return cache;
}
