/**
 * Scoring the index from counters. An indicator with no formula the platform can compute, or with nothing
 * to count (a zero denominator), has no score ("no data"): it is left out of the measured points.
 */

import type { LocalizedText } from '../shared/errors';
import type { IocCounts, IocMeasure } from './measures';
import type { IocGroup, IocIndicator, IocScheme, IocScoring } from './scheme';

export type IndicatorStatus = 'scored' | 'no_data' | 'nothing_to_count';

export interface IndicatorScore {
  code: string;
  name: LocalizedText;
  formula: LocalizedText;
  note: LocalizedText | null;
  points: number;
  scoring: IocScoring;
  status: IndicatorStatus;
  numerator: number | null;
  denominator: number | null;
  /** 0..1, null without data. */
  ratio: number | null;
  /** Null without data; rounded to 2 decimals. */
  score: number | null;
}

export interface GroupScore {
  code: IocGroup['code'];
  name: LocalizedText;
  points: number;
  /** Sum of the points of the indicators with a score. */
  measuredPoints: number;
  score: number | null;
  indicators: IndicatorScore[];
}

export interface IndexScore {
  schemeId: string;
  points: number;
  measuredPoints: number;
  score: number | null;
  groups: GroupScore[];
}

const sum = (counts: IocCounts, measures: readonly IocMeasure[]) => measures.reduce((s, m) => s + counts[m], 0);
const round2 = (x: number) => Math.round(x * 100) / 100;

/** The points for a ratio (0..1) under a scoring rule. */
export function pointsFor(ratio: number, points: number, scoring: IocScoring): number {
  const r = Math.max(0, Math.min(1, ratio));
  if (scoring.kind === 'linear') return r * points;
  return r >= scoring.threshold ? points : (r / scoring.threshold) * points;
}

export function scoreIndicator(indicator: IocIndicator, counts: IocCounts): IndicatorScore {
  const base = {
    code: indicator.code,
    name: indicator.name,
    formula: indicator.formula,
    note: indicator.note ?? null,
    points: indicator.points,
    scoring: indicator.scoring,
  };
  const m = indicator.measure;
  if (!m) return { ...base, status: 'no_data', numerator: null, denominator: null, ratio: null, score: null };
  const denominator = sum(counts, m.denominator);
  let numerator: number;
  if (m.kind === 'ratio') numerator = sum(counts, m.numerator) - sum(counts, m.minus ?? []);
  else numerator = denominator - sum(counts, m.terms);
  if (denominator === 0) {
    return { ...base, status: 'nothing_to_count', numerator, denominator, ratio: null, score: null };
  }
  const ratio = Math.max(0, numerator / denominator);
  return {
    ...base,
    status: 'scored',
    numerator,
    denominator,
    ratio,
    score: indicator.points > 0 ? round2(pointsFor(ratio, indicator.points, indicator.scoring)) : null,
  };
}

/** The whole index for one scope and period. */
export function scoreIndex(scheme: IocScheme, counts: IocCounts): IndexScore {
  const groups = scheme.groups.map((g): GroupScore => {
    const indicators = g.indicators.map((i) => scoreIndicator(i, counts));
    const scored = indicators.filter((i) => i.score !== null);
    return {
      code: g.code,
      name: g.name,
      points: g.points,
      measuredPoints: scored.reduce((s, i) => s + i.points, 0),
      score: scored.length ? round2(scored.reduce((s, i) => s + (i.score as number), 0)) : null,
      indicators,
    };
  });
  const withScore = groups.filter((g) => g.score !== null);
  return {
    schemeId: scheme.id,
    points: groups.reduce((s, g) => s + g.points, 0),
    measuredPoints: groups.reduce((s, g) => s + g.measuredPoints, 0),
    score: withScore.length ? round2(withScore.reduce((s, g) => s + (g.score as number), 0)) : null,
    groups,
  };
}
