import { portalApi } from './api';

/**
 * The search session of this tab, for the search's learning: which query led to which procedure (so that a
 * filing of it counts as that query's choice), and when a search was replaced at once by another without a
 * result opened ("refined at once"). Kept in the tab only (sessionStorage); every report is best effort.
 */
const key = 'congso.search.chosen';
/** A filing counts for the query that led to the procedure within this time. */
const filingWindowMs = 2 * 3_600_000;
/** A search shown at least this long and replaced within the next bound was refined at once (not still typed). */
export const refinedAfterMs = 2_000;
export const refinedWithinMs = 60_000;

export function rememberChoice(query: string, code: string, now = Date.now()) {
  try {
    sessionStorage.setItem(key, JSON.stringify({ query, code, at: now }));
  } catch {
    // Storage full or refused: learning is never in the citizen's way.
  }
  portalApi.searchChoice(query, code).catch(() => undefined);
}

/** After a filing: the query that led to this procedure, if recent, counts the filing as its choice (once). */
export function reportFiling(code: string, dossierId: string, now = Date.now()) {
  try {
    const raw = sessionStorage.getItem(key);
    if (!raw) return;
    const chosen = JSON.parse(raw) as { query?: string; code?: string; at?: number };
    if (chosen.code !== code || !chosen.query || now - (chosen.at ?? 0) > filingWindowMs) return;
    sessionStorage.removeItem(key);
    portalApi.searchChoice(chosen.query, code, dossierId).catch(() => undefined);
  } catch {
    // A broken entry is ignored.
  }
}

/** Follows the searches shown on the page and reports the ones refined at once. */
export class RefinementTracker {
  private shown: { query: string; at: number; opened: boolean } | null = null;

  /** A search's results are on screen. */
  shownResults(query: string, now = Date.now()) {
    const previous = this.shown;
    if (previous && previous.query === query) return;
    if (
      previous &&
      query !== '' &&
      !previous.opened &&
      now - previous.at >= refinedAfterMs &&
      now - previous.at <= refinedWithinMs
    ) {
      portalApi.searchRefined(previous.query).catch(() => undefined);
    }
    this.shown = query ? { query, at: now, opened: false } : null;
  }

  /** A result (or an answer to the search's question) was chosen: the search helped. */
  opened() {
    if (this.shown) this.shown.opened = true;
  }
}
