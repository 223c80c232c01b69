/**
 * The platform's own figures for a reporting period: the service-quality index's counters per agency and
 * calendar month (the counters are kept per calendar month, so a period's figures are those of the calendar
 * months it covers, not of its 15th-to-14th cut-off window), incoming documents handled online and the share
 * of work files handled online. They fill the automatic indicators and Biểu II.06a.
 */
import {
  type AutomaticSource,
  emptyCounts,
  type IocCounts,
  type IocMeasure,
  iocMeasures,
  parsePeriod,
  type ReportingPeriod,
} from '@congso/core';
import { countIocOpenNow, officeIncomingTally, readIocCounts, readIocState, workFileTallies } from '@congso/db';
import { catchUpIoc } from '../ioc/ioc-upkeep';
import type { AppContext } from '../platform/context';

const pad = (n: number) => String(n).padStart(2, '0');

/** The calendar months of a period as index periods, and the month before the first. */
export function monthsOf(p: ReportingPeriod) {
  const months = p.months.map((m) => parsePeriod('month', `${p.year}-${pad(m)}`));
  const first = p.months[0] as number;
  const before = parsePeriod('month', first === 1 ? `${p.year - 1}-12` : `${p.year}-${pad(first - 1)}`);
  return { months, before };
}

/**
 * The counters of every agency for some months: Map agency id → month key → counts. The month holding `now`
 * has its "in progress" figures counted live (as the index's views do).
 */
export async function agencyMonthCounts(
  ctx: AppContext,
  provinceId: string,
  monthKeys: readonly string[],
): Promise<Map<string, Map<string, IocCounts>>> {
  await catchUpIoc(ctx.connection.db, ctx.now());
  const db = ctx.connection.readDb ?? ctx.connection.db;
  const rows = await readIocCounts(db, {
    scopeKind: 'agency',
    scopeId: null,
    periodKind: 'month',
    periodKeys: monthKeys,
  });
  const out = new Map<string, Map<string, IocCounts>>();
  const cell = (agencyId: string, key: string) => {
    let byMonth = out.get(agencyId);
    if (!byMonth) {
      byMonth = new Map();
      out.set(agencyId, byMonth);
    }
    let c = byMonth.get(key);
    if (!c) {
      c = emptyCounts();
      byMonth.set(key, c);
    }
    return c;
  };
  for (const r of rows) {
    if ((iocMeasures as readonly string[]).includes(r.measure))
      cell(r.scopeId, r.periodKey)[r.measure as IocMeasure] += r.value;
  }
  const now = ctx.now();
  const { horizon } = await readIocState(db);
  const live = monthKeys
    .map((k) => parsePeriod('month', k))
    .find((p) => p.start <= now && p.end > now && (!horizon || p.end > horizon));
  if (live) {
    const open = await countIocOpenNow(db, { scopeKind: 'agency', scopeId: null, provinceId, now });
    for (const [agencyId, o] of open) {
      const c = cell(agencyId, live.key);
      c.open_end += o.open;
      c.open_end_late += o.late;
    }
  }
  return out;
}

const share = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 1000) / 10);

/** The automatic indicators' values of one agency for a period. */
export async function automaticValues(
  ctx: AppContext,
  input: { provinceId: string; agencyId: string; period: ReportingPeriod },
): Promise<Record<AutomaticSource, number | null>> {
  const { months } = monthsOf(input.period);
  const counts = await agencyMonthCounts(
    ctx,
    input.provinceId,
    months.map((m) => m.key),
  );
  const sum = (k: IocMeasure) => months.reduce((a, m) => a + (counts.get(input.agencyId)?.get(m.key)?.[k] ?? 0), 0);
  const db = ctx.connection.readDb ?? ctx.connection.db;
  const first = months[0];
  const last = months[months.length - 1];
  const incoming =
    first && last
      ? await officeIncomingTally(db, { agencyIds: [input.agencyId], from: first.start, to: last.end })
      : { total: 0, online: 0 };
  const [files] = await workFileTallies(db, { year: input.period.year, agencyIds: [input.agencyId] });
  return {
    dossiers_received: sum('received'),
    dossiers_received_online: sum('received_online'),
    dossiers_finished: sum('finished'),
    dossiers_finished_on_time: sum('finished_early') + sum('finished_on_time'),
    dossiers_finished_late: sum('finished_late'),
    dossiers_online_share: share(sum('received_online'), sum('received')),
    office_documents_online: incoming.online,
    work_files_online_share: files ? share(files.online, files.closed) : null,
  };
}
