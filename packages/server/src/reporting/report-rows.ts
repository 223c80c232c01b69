/** A report's rows with their comparisons, for the documents (kept apart so sealing can import it lazily). */
import { compareReport, previousReportingPeriod, type ReportIndicator, samePeriodLastYear } from '@congso/core';
import { findReport, type ReportingReportRow } from '@congso/db';
import type { AppContext } from '../platform/context';
import { periodOfReport, valuesOf } from './reports';

export async function rowsOf(ctx: AppContext, row: ReportingReportRow, indicators: ReportIndicator[]) {
  const period = periodOfReport(row);
  const [previous, lastYear] = await Promise.all(
    [previousReportingPeriod(period), samePeriodLastYear(period)].map((p) =>
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
