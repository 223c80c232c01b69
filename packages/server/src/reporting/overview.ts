/**
 * Views over many reports: the reporting and on-time rates per agency, a template's figures aggregated up the
 * agency tree, Biểu II.06a for an agency's subtree, and the reminders sent before a deadline.
 */
import { randomUUID } from 'node:crypto';
import {
  type Actor,
  addIi06a,
  aggregateValues,
  CongsoError,
  type DueReport,
  emptyCounts,
  type Ii06aFigures,
  type Ii06aRow,
  ii06aFigures,
  isReportSubmitted,
  type ReportingPeriod,
  type ReportingPeriodKind,
  reportingRate,
  submissionDeadline,
  vnDateKey,
} from '@congso/core';
import {
  insertNotification,
  latestTemplate,
  listLatestTemplates,
  listReportingAssignments,
  listReports,
  queryRows,
  recordAudit,
  reportsToRemind,
  sql,
  updateReport,
} from '@congso/db';
import type { AppContext } from '../platform/context';
import { agencyMonthCounts, monthsOf } from './figures';
import { loadReportingPeriods } from './periods';
import { reachOf, readableAgency, subtreeIn } from './reporting-access';
import { calendar, templateIndicators, valuesOf } from './reports';

/** Reporting and on-time rates of every agency in reach with assignments, for a year's periods. */
export async function ratesView(ctx: AppContext, actor: Actor, year: number) {
  const db = ctx.connection.db;
  const reach = await reachOf(ctx, actor);
  const assignments = (await listReportingAssignments(db, { agencyIds: [...reach.readable], activeOnly: true })) ?? [];
  const templates = new Map((await listLatestTemplates(db)).map((t) => [t.code, t]));
  const reports = await listReports(db, {
    agencyIds: [...new Set(assignments.map((a) => a.agencyId))],
    limit: 100_000,
  });
  const byKey = new Map(reports.map((r) => [`${r.templateCode}|${r.agencyId}|${r.periodKey}`, r]));
  const periods = await loadReportingPeriods(db);
  const due = new Map<string, DueReport[]>();
  for (const a of assignments) {
    const t = templates.get(a.templateCode);
    if (!t) continue;
    const kind = t.periodKind as ReportingPeriodKind;
    for (const p of periods.ofYear(kind, year)) {
      // Keys of a kind sort in time order: the periods from the assignment's first one on.
      if (p.key < a.fromPeriodKey) continue;
      const r = byKey.get(`${t.code}|${a.agencyId}|${p.key}`);
      const list = due.get(a.agencyId) ?? [];
      list.push({
        deadline: r?.deadline ?? submissionDeadline(p, { workingDays: t.deadlineWorkingDays }, calendar),
        firstSubmittedAt: r?.firstSubmittedAt ?? null,
      });
      due.set(a.agencyId, list);
    }
  }
  const names = new Map(reach.tree.map((a) => [a.id, a.name]));
  const now = ctx.now();
  const rows = [...due.entries()]
    .map(([agencyId, list]) => ({ agencyId, agencyName: names.get(agencyId) ?? '', ...reportingRate(list, now) }))
    .sort((a, b) => a.agencyName.localeCompare(b.agencyName, 'vi'));
  const total = reportingRate([...due.values()].flat(), now);
  return { year, rows, total };
}

/** A template's figures for a period aggregated over an agency's subtree (submitted reports and later). */
export async function aggregateView(
  ctx: AppContext,
  actor: Actor,
  q: { templateCode: string; periodKey: string; agencyId?: string | undefined },
) {
  const db = ctx.connection.db;
  const reach = await reachOf(ctx, actor);
  const agencyId = q.agencyId ?? (actor.agencyId as string);
  const { agency } = await readableAgency(ctx, actor, agencyId);
  const template = await latestTemplate(db, q.templateCode);
  if (!template) throw new CongsoError('NOT_FOUND');
  const period = (await loadReportingPeriods(db)).parse(template.periodKind as ReportingPeriodKind, q.periodKey);
  const subtree = subtreeIn(reach.tree, agency.id).filter((id) => reach.readable.has(id));
  const assigned = await listReportingAssignments(db, {
    agencyIds: subtree,
    templateCode: template.code,
    activeOnly: true,
  });
  const reports = await listReports(db, { agencyIds: subtree, templateCode: template.code, periodKeys: [period.key] });
  const counted = reports.filter((r) => isReportSubmitted(r.status as never));
  const indicators = await templateIndicators(ctx, template);
  const names = new Map(reach.tree.map((a) => [a.id, a.name]));
  return {
    template,
    period,
    agency: { id: agency.id, name: agency.name },
    expected: assigned.length,
    counted: counted.length,
    agencies: assigned.map((a) => {
      const r = reports.find((x) => x.agencyId === a.agencyId);
      return {
        agencyId: a.agencyId,
        agencyName: names.get(a.agencyId) ?? '',
        status: r?.status ?? null,
        reportId: r?.id ?? null,
      };
    }),
    rows: indicators.map((i) => ({
      indicatorId: i.id,
      code: i.code,
      nameVi: i.nameVi,
      nameEn: i.nameEn,
      unit: i.unit,
      aggregation: i.aggregation,
      value: aggregateValues(
        i.aggregation,
        counted.map((r) => valuesOf(r)[i.id]?.value ?? null),
      ),
    })),
  };
}

const levelOf = (kind: string) => (kind === 'commune' ? 'II' : 'I');
const levelName = { I: 'Cấp tỉnh', II: 'Cấp xã' } as const;

/** Biểu II.06a of an agency's subtree (the province: every agency) for a period, grouped by level. */
export async function ii06aView(
  ctx: AppContext,
  actor: Actor,
  q: { agencyId?: string | undefined; periodKind: ReportingPeriodKind; key: string },
): Promise<{ period: ReportingPeriod; unit: string; receiving: string; rows: (Ii06aRow & { bold?: boolean })[] }> {
  const reach = await reachOf(ctx, actor);
  const { agency } = await readableAgency(ctx, actor, q.agencyId ?? (actor.agencyId as string));
  const period = (await loadReportingPeriods(ctx.connection.db)).parse(q.periodKind, q.key);
  const { months, before } = monthsOf(period);
  const counts = await agencyMonthCounts(ctx, reach.rootId, [before.key, ...months.map((m) => m.key)]);
  const subtree = subtreeIn(reach.tree, agency.id).filter((id) => reach.readable.has(id));
  const byId = new Map(reach.tree.map((a) => [a.id, a]));
  const all = subtree.map((id) => {
    const c = counts.get(id);
    const f = ii06aFigures(
      months.map((m) => c?.get(m.key) ?? emptyOf()),
      c?.get(before.key) ?? null,
    );
    return { id, f };
  });
  // Agencies with figures; the agency asked for alone when none has any.
  const withFigures = all.filter(({ f }) => Object.values(f).some((v) => v !== 0));
  const figures = withFigures.length > 0 ? withFigures : all.filter((x) => x.id === agency.id);
  const groups = new Map<'I' | 'II', { id: string; f: Ii06aFigures }[]>();
  for (const x of figures) {
    const level = levelOf(byId.get(x.id)?.kind ?? '');
    groups.set(level, [...(groups.get(level) ?? []), x]);
  }
  const rows: (Ii06aRow & { bold?: boolean })[] = [];
  let total = zero();
  for (const level of ['I', 'II'] as const) {
    const list = (groups.get(level) ?? []).sort((a, b) =>
      (byId.get(a.id)?.name ?? '').localeCompare(byId.get(b.id)?.name ?? '', 'vi'),
    );
    if (list.length === 0) continue;
    const sum = list.reduce((acc, x) => addIi06a(acc, x.f), zero());
    rows.push({ order: level, label: levelName[level], ...sum, bold: true });
    list.forEach((x, i) => {
      rows.push({ order: String(i + 1), label: byId.get(x.id)?.name ?? '', ...x.f });
    });
    total = addIi06a(total, sum);
  }
  rows.push({ order: '', label: 'Tổng cộng', ...total, bold: true });
  const root = byId.get(reach.rootId);
  return {
    period,
    unit: agency.name,
    receiving: agency.id === reach.rootId ? 'Văn phòng Chính phủ' : (root?.name ?? ''),
    rows,
  };
}

const zero = (): Ii06aFigures => ii06aFigures([], null);
const emptyOf = () => emptyCounts();

/**
 * Reminders: every report not yet submitted whose deadline is within `daysAhead` days gets one notification
 * to each officer of its agency who enters reports (specialists, heads, leaders), in one transaction per
 * report with its audit event. Run by every process with job workers (server.ts), hourly.
 */
export async function remindReports(ctx: AppContext, options: { daysAhead?: number } = {}): Promise<number> {
  const db = ctx.connection.db;
  const now = ctx.now();
  const upTo = vnDateKey(new Date(now.getTime() + (options.daysAhead ?? 3) * 86_400_000));
  const due = await reportsToRemind(db, upTo);
  let sent = 0;
  for (const report of due) {
    const officers = await queryRows<{ id: string }>(
      db,
      sql`select id from people where kind = 'officer' and active and agency_id = ${report.agencyId}
            and roles && array['specialist','department_head','agency_leader']::text[]`,
    );
    const template = await latestTemplate(db, report.templateCode);
    const name = template?.nameVi ?? report.templateCode;
    const nameEn = template?.nameEn ?? report.templateCode;
    const d = `${report.deadline.slice(8, 10)}/${report.deadline.slice(5, 7)}/${report.deadline.slice(0, 4)}`;
    await db.transaction(async (tx) => {
      const claimed = await updateReport(tx, report.id, report.version, { remindedAt: now });
      if (!claimed) return; // changed meanwhile: the next run looks again
      for (const o of officers) {
        await insertNotification(tx, {
          id: randomUUID(),
          personId: o.id,
          title: { vi: 'Sắp đến hạn gửi báo cáo', en: 'A report is due soon' },
          body: {
            vi: `Báo cáo "${name}" kỳ ${report.periodKey} cần gửi trước hết ngày ${d}.`,
            en: `The report "${nameEn}" for ${report.periodKey} is due by the end of ${report.deadline}.`,
          },
          createdAt: now,
        });
      }
      await recordAudit(tx, {
        occurredAt: now,
        actorId: null,
        action: 'reporting.report.remind',
        entityType: 'reporting_report',
        entityId: report.id,
        agencyId: report.agencyId,
        data: { deadline: report.deadline, officers: officers.length },
      });
      sent += officers.length;
    });
  }
  return sent;
}
