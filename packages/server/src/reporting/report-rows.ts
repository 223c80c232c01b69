/** A report's rows with their comparisons, for the documents (kept apart so sealing can import it lazily). */
import { compareReport, type ReportIndicator } from '@congso/core';
import { findReport, type ReportingReportRow } from '@congso/db';
import type { AppContext } from '../platform/context';
import { loadReportingPeriods } from './periods';
import { periodOfReport, valuesOf } from './reports';

export async function rowsOf(ctx: AppContext, row: ReportingReportRow, indicators: ReportIndicator[]) {
  const periods = await loadReportingPeriods(ctx.connection.db);
  const period = periodOfReport(periods, row);
  const [previous, lastYear] = await Promise.all(
    [periods.previous(period), periods.sameLastYear(period)].map((p) =>
      findReport(ctx.connection.db, { templateCode: row.templateCode, agencyId: row.agencyId, periodKey: p.key }),
    ),
  );
  const compared = compareReport(
    indicators,
    valuesOf(row),
    previous ? valuesOf(previous) : null,
    lastYear ? valuesOf(lastYear) : null,
  );
  const byId = new Map(indicators.map((i) => [i.id, i]));
  return {
    period,
    comparedRows: compared.map((c) => ({ ...c, indicator: byId.get(c.indicatorId) as ReportIndicator })),
  };
}
