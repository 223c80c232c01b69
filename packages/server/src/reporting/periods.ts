/**
 * The province's reporting periods as data: a rule per kind of period (from a period on, windows end on a given
 * day of the period's last month) and periods set apart (their own window or deadline, with a reason), kept in
 * `reporting_period_rules` / `reporting_period_overrides` and read by every use case that names a period
 * (`loadReportingPeriods`). A change moves the deadline of every report it touches in the same transaction as
 * its audit event; a report not yet submitted whose deadline moved is reminded again.
 */
import { randomUUID } from 'node:crypto';
import {
  type Actor,
  CongsoError,
  checkPeriodOverride,
  checkPeriodRule,
  type DateKey,
  type ReportingPeriod,
  type ReportingPeriodKind,
  ReportingPeriods,
  reportingPeriodKinds,
  submissionDeadline,
  vnDateKey,
} from '@congso/core';
import {
  deletePeriodOverride,
  deletePeriodRule,
  type Executor,
  listLatestTemplates,
  listPeriodOverrides,
  listPeriodRules,
  moveReportDeadline,
  type ReportingPeriodOverrideRow,
  type ReportingPeriodRuleRow,
  recordAudit,
  reportsOfPeriods,
  savePeriodOverride,
  savePeriodRule,
} from '@congso/db';
import type { AppContext } from '../platform/context';
import { reachOf, requireProvince } from './reporting-access';
import { calendar, type RequestMeta } from './reports';

const kindOf = (kind: string) => kind as ReportingPeriodKind;

/** The periods under the province's rules and overrides, as they are now (inside a transaction: as it sees them). */
export async function loadReportingPeriods(db: Executor): Promise<ReportingPeriods> {
  const [rules, overrides] = await Promise.all([listPeriodRules(db), listPeriodOverrides(db)]);
  return periodsFrom(rules, overrides);
}

function periodsFrom(rules: ReportingPeriodRuleRow[], overrides: ReportingPeriodOverrideRow[]): ReportingPeriods {
  return new ReportingPeriods(
    rules.map((r) => ({ kind: kindOf(r.kind), fromPeriodKey: r.fromPeriodKey, cutoffEndDay: r.cutoffEndDay })),
    overrides.map((o) => ({
      kind: kindOf(o.kind),
      periodKey: o.periodKey,
      cutoffStart: o.cutoffStart,
      cutoffEnd: o.cutoffEnd,
      deadline: o.deadline,
      reason: o.reason,
    })),
  );
}

/** Puts every report of the periods a change touched on its deadline under the new periods; how many moved. */
async function moveDeadlines(
  tx: Executor,
  filter: { kind: ReportingPeriodKind; fromPeriodKey?: string; periodKey?: string },
): Promise<number> {
  const periods = await loadReportingPeriods(tx);
  let moved = 0;
  for (const r of await reportsOfPeriods(tx, filter)) {
    const deadline = submissionDeadline(
      periods.parse(filter.kind, r.periodKey),
      { workingDays: r.deadlineWorkingDays },
      calendar,
    );
    if (deadline === r.deadline) continue;
    await moveReportDeadline(tx, r.id, deadline);
    moved += 1;
  }
  return moved;
}

const closedError = () =>
  new CongsoError('VALIDATION_FAILED', {
    messages: {
      vi: 'Kỳ này đã hết thời gian chốt số liệu: quy tắc chỉ áp dụng từ kỳ hiện tại trở đi.',
      en: "This period's cut-off has passed: a rule applies from the current period on.",
    },
    details: [{ path: 'fromPeriodKey', code: 'period_closed' }],
  });

/** A rule may not change periods whose cut-off already ended: from the period holding today on. */
function requireOpen(periods: ReportingPeriods, kind: ReportingPeriodKind, fromPeriodKey: string, today: DateKey) {
  if (periods.parse(kind, fromPeriodKey).cutoffEnd < today) throw closedError();
}

const presentRule = (r: ReportingPeriodRuleRow) => ({
  kind: kindOf(r.kind),
  fromPeriodKey: r.fromPeriodKey,
  cutoffEndDay: r.cutoffEndDay,
  note: r.note,
  version: r.version,
  updatedAt: r.updatedAt,
});

const presentOverride = (o: ReportingPeriodOverrideRow) => ({
  kind: kindOf(o.kind),
  periodKey: o.periodKey,
  cutoffStart: o.cutoffStart,
  cutoffEnd: o.cutoffEnd,
  deadline: o.deadline,
  reason: o.reason,
  version: o.version,
  updatedAt: o.updatedAt,
});

export type PeriodRuleView = ReturnType<typeof presentRule>;
export type PeriodOverrideView = ReturnType<typeof presentOverride>;

/**
 * A year's periods of every kind with their windows, the rule each follows, the overrides, and each current
 * template's deadline for it; for everyone who reads reports.
 */
export async function periodsView(ctx: AppContext, actor: Actor, year: number) {
  await reachOf(ctx, actor);
  const db = ctx.connection.db;
  const [rules, overrides, templates] = await Promise.all([
    listPeriodRules(db),
    listPeriodOverrides(db),
    listLatestTemplates(db),
  ]);
  const periods = periodsFrom(rules, overrides);
  const today = vnDateKey(ctx.now());
  const byKey = new Map(overrides.map((o) => [`${o.kind}|${o.periodKey}`, o]));
  const present = (p: ReportingPeriod) => {
    const o = byKey.get(`${p.kind}|${p.key}`);
    return {
      kind: p.kind,
      key: p.key,
      label: p.label,
      cutoffStart: p.cutoffStart,
      cutoffEnd: p.cutoffEnd,
      adjustment: p.adjustment,
      cutoffEndDay: periods.cutoffEndDayOf(p.kind, p.key),
      ruleFrom: periods.ruleOf(p.kind, p.key)?.fromPeriodKey ?? null,
      current: p.cutoffStart <= today && today <= p.cutoffEnd,
      closed: p.cutoffEnd < today,
      override: o ? presentOverride(o) : null,
      deadlines: templates
        .filter((t) => t.periodKind === p.kind)
        .map((t) => ({
          templateCode: t.code,
          templateName: { vi: t.nameVi, en: t.nameEn },
          deadline: submissionDeadline(p, { workingDays: t.deadlineWorkingDays }, calendar),
        })),
    };
  };
  return {
    year,
    today,
    manage: await canManage(ctx, actor),
    rules: rules.map(presentRule),
    overrides: overrides.map(presentOverride),
    kinds: reportingPeriodKinds.map((kind) => ({ kind, periods: periods.ofYear(kind, year).map(present) })),
  };
}

async function canManage(ctx: AppContext, actor: Actor): Promise<boolean> {
  try {
    await requireProvince(ctx, actor, 'reporting.manage');
    return true;
  } catch {
    return false;
  }
}

/**
 * One change of the periods, for the province's administrators: `write` (in the transaction; it throws when the
 * row is not there to change), then the deadlines of the reports it touches, then its audit event.
 */
async function changePeriods<R extends { id: string }>(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  change: {
    action: string;
    entityType: 'reporting_period_rule' | 'reporting_period_override';
    touches: { kind: ReportingPeriodKind; fromPeriodKey?: string; periodKey?: string };
    write: (tx: Executor, at: Date) => Promise<R>;
    data: (row: R) => Record<string, unknown>;
  },
): Promise<{ row: R; movedReports: number }> {
  const rootId = await requireProvince(ctx, actor, 'reporting.manage');
  const at = ctx.now();
  return ctx.connection.db.transaction(async (tx) => {
    const row = await change.write(tx, at);
    const movedReports = await moveDeadlines(tx, change.touches);
    await recordAudit(tx, {
      occurredAt: at,
      actorId: actor.id,
      action: change.action,
      entityType: change.entityType,
      entityId: row.id,
      agencyId: rootId,
      data: { ...change.data(row), movedReports },
      ...meta,
    });
    return { row, movedReports };
  });
}

/** A write that found no row at its version: 404 when there is none at all, else 409. */
const missing = (exists: boolean) => new CongsoError(exists ? 'VERSION_CONFLICT' : 'NOT_FOUND');

/** Sets a kind's rule from a period (new: version 0), moving the deadlines of the reports it touches. */
export async function savePeriodRuleFor(
  ctx: AppContext,
  actor: Actor,
  body: {
    kind: ReportingPeriodKind;
    fromPeriodKey: string;
    cutoffEndDay: number;
    note?: string | null | undefined;
    version: number;
  },
  meta: RequestMeta,
): Promise<{ rule: PeriodRuleView; movedReports: number }> {
  const { row, movedReports } = await changePeriods(ctx, actor, meta, {
    action: 'reporting.period_rule.save',
    entityType: 'reporting_period_rule',
    // The rule also moves the start of the period after the one it ends: the reports from it on are checked.
    touches: { kind: body.kind, fromPeriodKey: body.fromPeriodKey },
    write: async (tx, at) => {
      const rule = checkPeriodRule(body);
      requireOpen(await loadReportingPeriods(tx), rule.kind, rule.fromPeriodKey, vnDateKey(at));
      const saved = await savePeriodRule(tx, rule, body.version, {
        id: randomUUID(),
        cutoffEndDay: rule.cutoffEndDay,
        note: body.note ?? null,
        updatedAt: at,
        updatedById: actor.id,
      });
      if (!saved) throw new CongsoError(body.version === 0 ? 'ALREADY_EXISTS' : 'VERSION_CONFLICT');
      return saved;
    },
    data: (row) => ({ kind: row.kind, from: row.fromPeriodKey, cutoffEndDay: row.cutoffEndDay }),
  });
  return { rule: presentRule(row), movedReports };
}

/** Removes a rule that has not yet applied to a closed period. */
export async function deletePeriodRuleFor(
  ctx: AppContext,
  actor: Actor,
  key: { kind: ReportingPeriodKind; fromPeriodKey: string; version: number },
  meta: RequestMeta,
): Promise<{ movedReports: number }> {
  const { movedReports } = await changePeriods(ctx, actor, meta, {
    action: 'reporting.period_rule.delete',
    entityType: 'reporting_period_rule',
    touches: { kind: key.kind, fromPeriodKey: key.fromPeriodKey },
    write: async (tx, at) => {
      checkPeriodRule({ kind: key.kind, fromPeriodKey: key.fromPeriodKey, cutoffEndDay: 1 });
      requireOpen(await loadReportingPeriods(tx), key.kind, key.fromPeriodKey, vnDateKey(at));
      const row = await deletePeriodRule(tx, key, key.version);
      if (row) return row;
      throw missing(
        (await listPeriodRules(tx)).some((r) => r.kind === key.kind && r.fromPeriodKey === key.fromPeriodKey),
      );
    },
    data: (row) => ({ kind: key.kind, from: key.fromPeriodKey, cutoffEndDay: row.cutoffEndDay }),
  });
  return { movedReports };
}

/** Sets one period apart (new: version 0): its window and/or deadline, with the reason. */
export async function savePeriodOverrideFor(
  ctx: AppContext,
  actor: Actor,
  body: {
    kind: ReportingPeriodKind;
    periodKey: string;
    cutoffStart: DateKey | null;
    cutoffEnd: DateKey | null;
    deadline: DateKey | null;
    reason: string;
    version: number;
  },
  meta: RequestMeta,
): Promise<{ override: PeriodOverrideView; movedReports: number }> {
  const { row, movedReports } = await changePeriods(ctx, actor, meta, {
    action: 'reporting.period_override.save',
    entityType: 'reporting_period_override',
    touches: { kind: body.kind, periodKey: body.periodKey },
    write: async (tx, at) => {
      const checked = checkPeriodOverride(await loadReportingPeriods(tx), body, calendar);
      const saved = await savePeriodOverride(tx, { kind: checked.kind, periodKey: checked.periodKey }, body.version, {
        id: randomUUID(),
        cutoffStart: checked.cutoffStart,
        cutoffEnd: checked.cutoffEnd,
        deadline: checked.deadline,
        reason: checked.reason,
        updatedAt: at,
        updatedById: actor.id,
      });
      if (!saved) throw new CongsoError(body.version === 0 ? 'ALREADY_EXISTS' : 'VERSION_CONFLICT');
      return saved;
    },
    data: (row) => ({
      kind: row.kind,
      period: row.periodKey,
      cutoffStart: row.cutoffStart,
      cutoffEnd: row.cutoffEnd,
      deadline: row.deadline,
      reason: row.reason,
    }),
  });
  return { override: presentOverride(row), movedReports };
}

/** Puts a period back under the rules. */
export async function deletePeriodOverrideFor(
  ctx: AppContext,
  actor: Actor,
  key: { kind: ReportingPeriodKind; periodKey: string; version: number },
  meta: RequestMeta,
): Promise<{ movedReports: number }> {
  const { movedReports } = await changePeriods(ctx, actor, meta, {
    action: 'reporting.period_override.delete',
    entityType: 'reporting_period_override',
    touches: { kind: key.kind, periodKey: key.periodKey },
    write: async (tx) => {
      const row = await deletePeriodOverride(tx, key, key.version);
      if (row) return row;
      throw missing((await listPeriodOverrides(tx)).some((o) => o.kind === key.kind && o.periodKey === key.periodKey));
    },
    data: (row) => ({ kind: key.kind, period: key.periodKey, reason: row.reason }),
  });
  return { movedReports };
}
