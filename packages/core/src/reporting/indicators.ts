/**
 * The indicator catalogue (chỉ tiêu): name, unit, value type, responsible agency, aggregation rule up the
 * agency tree, validation range; report templates as ordered sets of indicators; entry validation, comparison
 * with the previous period and the same period last year, and aggregation.
 *
 * Automatic indicators: an indicator with a `source` is filled from Congso's own figures for the period
 * (the service-quality index's counters and the documents office) and marked "tự động". The agency cannot
 * type over it: its value is recomputed until the report is submitted and frozen then. (Decision: no override
 * with a note — a figure the platform counts is the platform's; a disagreement is a correction of the data
 * behind it, not of the report.)
 */
import { z } from 'zod';
import { optionalText, requiredText } from '../office/metadata';
import { CongsoError, type LocalizedText } from '../shared/errors';
import { reportingPeriodKinds } from './periods';

export const indicatorValueTypes = ['integer', 'decimal', 'percent', 'text'] as const;
export type IndicatorValueType = (typeof indicatorValueTypes)[number];

export const aggregationRules = ['sum', 'avg', 'max', 'min', 'none'] as const;
export type AggregationRule = (typeof aggregationRules)[number];

export const aggregationLabels = {
  sum: { vi: 'Cộng', en: 'Sum' },
  avg: { vi: 'Trung bình', en: 'Average' },
  max: { vi: 'Lớn nhất', en: 'Maximum' },
  min: { vi: 'Nhỏ nhất', en: 'Minimum' },
  none: { vi: 'Không tổng hợp', en: 'Not aggregated' },
} as const satisfies Record<AggregationRule, LocalizedText>;

/** The figures the platform knows, per agency and period. */
export const automaticSources = [
  'dossiers_received',
  'dossiers_received_online',
  'dossiers_finished',
  'dossiers_finished_on_time',
  'dossiers_finished_late',
  'dossiers_online_share',
  'office_documents_online',
  'work_files_online_share',
] as const;
export type AutomaticSource = (typeof automaticSources)[number];

export const automaticSourceLabels = {
  dossiers_received: { vi: 'Hồ sơ TTHC tiếp nhận', en: 'Dossiers received' },
  dossiers_received_online: { vi: 'Hồ sơ tiếp nhận trực tuyến', en: 'Dossiers received online' },
  dossiers_finished: { vi: 'Hồ sơ đã giải quyết', en: 'Dossiers processed' },
  dossiers_finished_on_time: { vi: 'Hồ sơ giải quyết trước và đúng hạn', en: 'Dossiers processed early or on time' },
  dossiers_finished_late: { vi: 'Hồ sơ giải quyết quá hạn', en: 'Dossiers processed late' },
  dossiers_online_share: { vi: 'Tỷ lệ hồ sơ trực tuyến', en: 'Share of dossiers filed online' },
  office_documents_online: {
    vi: 'Văn bản đến xử lý trên môi trường mạng',
    en: 'Incoming documents handled online',
  },
  work_files_online_share: {
    vi: 'Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng',
    en: 'Share of work files handled online',
  },
} as const satisfies Record<AutomaticSource, LocalizedText>;

const optionalNumber = z.number().finite().nullable().optional();

export const indicatorBodySchema = z
  .strictObject({
    code: z
      .string()
      .trim()
      .regex(/^[A-Z0-9][A-Z0-9._-]{0,29}$/, { error: 'code_format' }),
    nameVi: requiredText(300),
    nameEn: requiredText(300),
    unit: requiredText(50),
    valueType: z.enum(indicatorValueTypes),
    aggregation: z.enum(aggregationRules),
    responsibleAgencyId: z.uuid().nullable().optional(),
    min: optionalNumber,
    max: optionalNumber,
    source: z.enum(automaticSources).nullable().optional(),
    note: optionalText(1000),
  })
  .refine((b) => b.min == null || b.max == null || b.min <= b.max, { path: ['max'], error: 'range_inverted' })
  .refine((b) => b.valueType !== 'text' || b.aggregation === 'none', {
    path: ['aggregation'],
    error: 'text_not_aggregated',
  });
export type IndicatorBody = z.input<typeof indicatorBodySchema>;

export const templateBodySchema = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Z0-9][A-Z0-9._-]{0,29}$/, { error: 'code_format' }),
  nameVi: requiredText(300),
  nameEn: requiredText(300),
  periodKind: z.enum(reportingPeriodKinds),
  deadlineWorkingDays: z.number().int().min(0).max(30),
  items: z
    .array(z.strictObject({ indicatorId: z.uuid(), required: z.boolean() }))
    .min(1, { error: 'empty' })
    .max(200)
    .refine((items) => new Set(items.map((i) => i.indicatorId)).size === items.length, { error: 'duplicate' }),
});
export type TemplateBody = z.input<typeof templateBodySchema>;

/** What a report holds for one indicator. */
export interface ReportValue {
  value: number | string | null;
  /** Filled by the platform ("tự động"). */
  automatic: boolean;
  note?: string | null;
}
export type ReportValues = Record<string, ReportValue>;

/** An indicator as a report uses it (catalogue row + the template's `required`). */
export interface ReportIndicator {
  id: string;
  code: string;
  nameVi: string;
  nameEn: string;
  unit: string;
  valueType: IndicatorValueType;
  aggregation: AggregationRule;
  min: number | null;
  max: number | null;
  source: AutomaticSource | null;
  required: boolean;
}

/** What the agency sends: values by indicator id (automatic ones are not accepted). */
export const reportEntrySchema = z.record(
  z.uuid(),
  z.strictObject({
    value: z.union([z.number().finite(), z.string().max(2000), z.null()]),
    note: optionalText(1000),
  }),
);
export type ReportEntry = z.input<typeof reportEntrySchema>;

interface Problem {
  path: string;
  code: string;
  message: LocalizedText;
}

const fmt = (n: number) => String(n).replace('.', ',');

function problemOf(ind: ReportIndicator, value: number | string | null, complete: boolean): Problem | null {
  const path = `values.${ind.id}`;
  if (value === null || value === '') {
    return complete && ind.required
      ? { path, code: 'required', message: { vi: 'Chỉ tiêu bắt buộc nhập.', en: 'This indicator is required.' } }
      : null;
  }
  if (ind.valueType === 'text') {
    return typeof value === 'string'
      ? null
      : { path, code: 'type', message: { vi: 'Cần nhập văn bản.', en: 'Text is expected.' } };
  }
  if (typeof value !== 'number') {
    return { path, code: 'type', message: { vi: 'Cần nhập số.', en: 'A number is expected.' } };
  }
  if (ind.valueType === 'integer' && !Number.isInteger(value)) {
    return { path, code: 'integer', message: { vi: 'Cần nhập số nguyên.', en: 'A whole number is expected.' } };
  }
  const min = ind.min ?? (ind.valueType === 'percent' ? 0 : null);
  const max = ind.max ?? (ind.valueType === 'percent' ? 100 : null);
  if ((min !== null && value < min) || (max !== null && value > max)) {
    const vi =
      min !== null && max !== null
        ? `Giá trị phải từ ${fmt(min)} đến ${fmt(max)}.`
        : min !== null
          ? `Giá trị không được nhỏ hơn ${fmt(min)}.`
          : `Giá trị không được lớn hơn ${fmt(max as number)}.`;
    const en =
      min !== null && max !== null
        ? `The value must be between ${min} and ${max}.`
        : min !== null
          ? `The value must be at least ${min}.`
          : `The value must be at most ${max}.`;
    return { path, code: 'range', message: { vi, en } };
  }
  return null;
}

/**
 * The values after an entry: typed values of manual indicators replace the old ones, automatic ones are
 * refused (`automatic`), unknown indicators refused (`unknown_indicator`). With `complete` (submitting),
 * required indicators must have a value. VALIDATION_FAILED with every problem at `values.<indicatorId>`.
 */
export function applyReportEntry(
  indicators: readonly ReportIndicator[],
  current: ReportValues,
  entry: Record<string, { value: number | string | null; note?: string | null | undefined }>,
  options: { complete: boolean },
): ReportValues {
  const byId = new Map(indicators.map((i) => [i.id, i]));
  const problems: Problem[] = [];
  const next: ReportValues = { ...current };
  for (const [id, e] of Object.entries(entry)) {
    const ind = byId.get(id);
    if (!ind) {
      problems.push({
        path: `values.${id}`,
        code: 'unknown_indicator',
        message: { vi: 'Chỉ tiêu không có trong mẫu báo cáo.', en: 'The indicator is not in the template.' },
      });
      continue;
    }
    if (ind.source) {
      problems.push({
        path: `values.${id}`,
        code: 'automatic',
        message: {
          vi: 'Chỉ tiêu tự động lấy từ số liệu của hệ thống, không nhập tay.',
          en: 'This indicator is filled in automatically from the platform’s figures.',
        },
      });
      continue;
    }
    const value = typeof e.value === 'string' ? e.value.trim().normalize('NFC') : e.value;
    next[id] = { value: value === '' ? null : value, automatic: false, note: e.note ?? null };
  }
  for (const ind of indicators) {
    if (ind.source) continue;
    const p = problemOf(ind, next[ind.id]?.value ?? null, options.complete);
    if (p) problems.push(p);
  }
  if (problems.length > 0) {
    throw new CongsoError('VALIDATION_FAILED', {
      messages: { vi: 'Số liệu báo cáo chưa hợp lệ.', en: 'Some figures are not valid.' },
      details: problems,
    });
  }
  return next;
}

/** The change from a comparison value in percent (one decimal), null when there is nothing to compare. */
export function percentChange(value: number | string | null, before: number | string | null): number | null {
  if (typeof value !== 'number' || typeof before !== 'number' || before === 0) return null;
  return Math.round(((value - before) / Math.abs(before)) * 1000) / 10;
}

/** One row of a report with its comparisons (previous period, same period last year). */
export interface ComparedValue {
  indicatorId: string;
  value: number | string | null;
  automatic: boolean;
  previous: number | string | null;
  lastYear: number | string | null;
  changePrevious: number | null;
  changeLastYear: number | null;
}

export function compareReport(
  indicators: readonly ReportIndicator[],
  values: ReportValues,
  previous: ReportValues | null,
  lastYear: ReportValues | null,
): ComparedValue[] {
  return indicators.map((ind) => {
    const value = values[ind.id]?.value ?? null;
    const prev = previous?.[ind.id]?.value ?? null;
    const ly = lastYear?.[ind.id]?.value ?? null;
    return {
      indicatorId: ind.id,
      value,
      automatic: values[ind.id]?.automatic ?? ind.source !== null,
      previous: prev,
      lastYear: ly,
      changePrevious: percentChange(value, prev),
      changeLastYear: percentChange(value, ly),
    };
  });
}

/** An indicator's figure over several agencies' values by its rule; null when no agency has a number. */
export function aggregateValues(rule: AggregationRule, values: readonly (number | string | null)[]): number | null {
  const nums = values.filter((v): v is number => typeof v === 'number');
  if (rule === 'none' || nums.length === 0) return null;
  switch (rule) {
    case 'sum':
      return round(nums.reduce((a, b) => a + b, 0));
    case 'avg':
      return round(nums.reduce((a, b) => a + b, 0) / nums.length);
    case 'max':
      return Math.max(...nums);
    case 'min':
      return Math.min(...nums);
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
