import {
  buildCatalogIndex,
  type CatalogIndex,
  type ChoiceRow,
  CITIZEN_PHRASES,
  compilePhrases,
  LEARNING,
  learnedBoosts,
  type Procedure,
  searchEntryOf,
} from '@congso/core';
import {
  catalogRevision,
  getProcedureVersion,
  getSearchSynonyms,
  listProceduresInForce,
  listSearchChoices,
  mostFiledProcedures,
  type ProcedureVersionRow,
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
  /** The choices that can boost (count ≥ the minimum), by query key, read at most once a minute. */
  private choices = new Map<string, ChoiceRow[]>();
  private choicesAt = 0;
  private readingChoices: Promise<void> | null = null;

  constructor(private readonly ctx: AppContext) {}

  /** The popularity prior (from the dossiers, refreshed with the index: at least daily). */
  popularityPrior(): ReadonlyMap<string, number> {
    return this.popularity;
  }

  /**
   * What people who searched this query key chose: from the rows that can boost, all kept in memory and read
   * again at most once a minute (no database read per search).
   */
  async learnedFor(queryKey: string): Promise<Map<string, number>> {
    if (!queryKey) return new Map();
    if (Date.now() - this.choicesAt > 60_000) {
      this.readingChoices ??= listSearchChoices(this.ctx.connection.db, LEARNING.minimumCount)
        .then((rows) => {
          const byKey = new Map<string, ChoiceRow[]>();
          for (const r of rows) byKey.set(r.queryKey, [...(byKey.get(r.queryKey) ?? []), r]);
          this.choices = byKey;
          this.choicesAt = Date.now();
        })
        .finally(() => {
          this.readingChoices = null;
        });
      await this.readingChoices;
    }
    // Only the rows that reached the minimum are kept, but a query's share counts all its choices: the others
    // are below the minimum and are left out of the total (a little more boost, still capped).
    return learnedBoosts(this.choices.get(queryKey) ?? [], this.ctx.now());
  }

  /** Check the catalogue's revision on the next read (after a change made by this process). */
  invalidate() {
    this.checkedAt = 0;
  }

  /** Read the choices again on the next search (after recording one, so that the process that took it sees it). */
  forgetLearned() {
    this.choicesAt = 0;
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
    for (const { requiredDocuments: _d, results: _r, applicantKinds: _a, ...r } of rows) {
      summaries.set(r.id, { ...r, versionId: r.id });
      byCode.set(r.code, r.id);
    }
    this.inForceByCode = byCode;
    // The province's synonyms once it has edited them, else the seed (both bump the catalogue's revision).
    const synonyms = await getSearchSynonyms(this.ctx.connection.db);
    this.index = buildCatalogIndex(
      rows.map((r) => searchEntryOf(r.id, r)),
      { phrases: compilePhrases(synonyms?.phrases ?? CITIZEN_PHRASES) },
    );
    const filed = await mostFiledProcedures(
      this.ctx.connection.db,
      new Date(this.ctx.now().getTime() - 365 * 86_400_000),
    );
    const counts = new Map(filed.map((f) => [f.code, f.filings]));
    const most = Math.max(0, ...counts.values());
    this.popularity = new Map([...counts].map(([code, n]) => [code, most > 0 ? Math.log1p(n) / Math.log1p(most) : 0]));
    this.summaries = summaries;
    this.key = key;
  }
}
