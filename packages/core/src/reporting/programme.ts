/**
 * The province's digital-transformation programme: projects with their status, owner agency, budget, dates
 * and targets; a target either tracks one of the platform's own figures (the share of full-online procedures'
 * dossiers filed fully online, the share of work files handled online) or is entered by hand; the provincial
 * DTI and service-quality ranks per year.
 */
import { z } from 'zod';
import { dateText, optionalText, requiredText } from '../office/metadata';
import type { LocalizedText } from '../shared/errors';

export const projectStatuses = ['proposed', 'appraisal', 'design', 'implementing', 'done'] as const;
export type ProjectStatus = (typeof projectStatuses)[number];

export const projectStatusLabels = {
  proposed: { vi: 'Đề xuất', en: 'Proposed' },
  appraisal: { vi: 'Thẩm định', en: 'Appraisal' },
  design: { vi: 'Thiết kế', en: 'Design' },
  implementing: { vi: 'Triển khai', en: 'Implementing' },
  done: { vi: 'Hoàn thành', en: 'Done' },
} as const satisfies Record<ProjectStatus, LocalizedText>;

export const targetMetrics = [
  'full_online_share',
  'dossiers_online_share',
  'work_files_online_share',
  'work_files_online_share_province',
  'work_files_online_share_district',
  'work_files_online_share_commune',
  'manual',
] as const;
export type TargetMetric = (typeof targetMetrics)[number];

export const targetMetricLabels = {
  full_online_share: {
    vi: 'Tỷ lệ hồ sơ trực tuyến toàn trình (%)',
    en: 'Share of dossiers filed fully online (%)',
  },
  dossiers_online_share: {
    vi: 'Tỷ lệ hồ sơ TTHC tiếp nhận trực tuyến (%)',
    en: 'Share of dossiers filed online (%)',
  },
  work_files_online_share: {
    vi: 'Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng (%)',
    en: 'Share of work files handled online (%)',
  },
  work_files_online_share_province: {
    vi: 'Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng, cấp tỉnh (%)',
    en: 'Share of work files handled online, province level (%)',
  },
  work_files_online_share_district: {
    vi: 'Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng, cấp huyện (%)',
    en: 'Share of work files handled online, district level (%)',
  },
  work_files_online_share_commune: {
    vi: 'Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng, cấp xã (%)',
    en: 'Share of work files handled online, commune level (%)',
  },
  manual: { vi: 'Nhập tay', en: 'Entered by hand' },
} as const satisfies Record<TargetMetric, LocalizedText>;

/** A measured metric: every one but `manual`, always computed from the platform's data, never typed in. */
export type MeasuredMetric = Exclude<TargetMetric, 'manual'>;

/** The level of government an agency works at (the programme's "90/80/60% at province/district/commune"). */
export const governmentLevels = ['province', 'district', 'commune'] as const;
export type GovernmentLevel = (typeof governmentLevels)[number];

/**
 * The level of an agency from the kinds on its path from the province down to it: under (or being) a commune →
 * commune; else under (or being) a district → district; else province (the province, its departments and units).
 */
export function governmentLevelOf(kindsFromRoot: readonly string[]): GovernmentLevel {
  if (kindsFromRoot.includes('commune')) return 'commune';
  if (kindsFromRoot.includes('district')) return 'district';
  return 'province';
}

const shareOf = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 1000) / 10);

/**
 * The share of closed work files handled online (one decimal, null without a closed file): overall and per
 * level, from each agency's tally and its level.
 */
export function workFileShares(
  tallies: readonly { closed: number; online: number; level: GovernmentLevel }[],
): Record<'all' | GovernmentLevel, number | null> {
  const sum = (level?: GovernmentLevel) => {
    const rows = tallies.filter((t) => level === undefined || t.level === level);
    return shareOf(
      rows.reduce((a, t) => a + t.online, 0),
      rows.reduce((a, t) => a + t.closed, 0),
    );
  };
  return { all: sum(), province: sum('province'), district: sum('district'), commune: sum('commune') };
}

const targetSchema = z.strictObject({
  name: requiredText(300),
  metric: z.enum(targetMetrics),
  target: z.number().finite().min(0).max(1_000_000_000),
  /** Only for `manual`: the figure reached so far. */
  actual: z.number().finite().min(0).max(1_000_000_000).nullable().optional(),
});

export const projectBodySchema = z
  .strictObject({
    code: z
      .string()
      .trim()
      .regex(/^[A-Z0-9][A-Z0-9._-]{0,29}$/, { error: 'code_format' }),
    name: requiredText(500),
    status: z.enum(projectStatuses),
    ownerAgencyId: z.uuid(),
    budgetVnd: z.number().int().min(0).max(1e15),
    startDate: dateText,
    endDate: dateText,
    targets: z.array(targetSchema).max(20),
    note: optionalText(2000),
  })
  .refine((b) => b.startDate <= b.endDate, { path: ['endDate'], error: 'before_start' });
export type ProjectBody = z.input<typeof projectBodySchema>;

export const yearRankBodySchema = z.strictObject({
  dtiRank: z.number().int().min(1).max(63).nullable(),
  dtiScore: z.number().min(0).max(1).nullable(),
  serviceRank: z.number().int().min(1).max(63).nullable(),
  serviceScore: z.number().min(0).max(100).nullable(),
  version: z.number().int().min(0),
});

/** The programme in one line: "13 trên 34 dự án hoàn thành". */
export function programmeSummary(statuses: readonly ProjectStatus[]): {
  total: number;
  done: number;
  byStatus: Record<ProjectStatus, number>;
  text: LocalizedText;
} {
  const byStatus = Object.fromEntries(projectStatuses.map((s) => [s, 0])) as Record<ProjectStatus, number>;
  for (const s of statuses) byStatus[s] += 1;
  const total = statuses.length;
  const done = byStatus.done;
  return {
    total,
    done,
    byStatus,
    text: { vi: `${done} trên ${total} dự án hoàn thành`, en: `${done} of ${total} projects done` },
  };
}

/** How far a target is reached, in percent of the target (capped at 100), null without a figure. */
export function targetProgress(target: number, actual: number | null): number | null {
  if (actual === null) return null;
  if (target <= 0) return 100;
  return Math.min(100, Math.round((actual / target) * 1000) / 10);
}
