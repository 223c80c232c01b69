/**
 * The procedure (thủ tục hành chính, TTHC) as the catalogue keeps it: what the national portal
 * (dichvucong.gov.vn) publishes about it, parsed into fields the one-stop system can use, plus a default
 * step template that shares the deadline between the steps.
 */
import { z } from 'zod';
import type { OfficerRole } from '../identity/roles';
import { foldVietnamese } from '../shared/text';

/** Levels that carry out a procedure (the portal's "Cấp thực hiện"). */
export const procedureLevels = ['ministry', 'province', 'commune', 'other'] as const;
export type ProcedureLevel = (typeof procedureLevels)[number];

/** The portal's level labels → our codes. "Cấp huyện" (abolished 1/7/2025) maps to commune. */
export const PROCEDURE_LEVEL_LABELS: Readonly<Record<string, ProcedureLevel>> = {
  'cấp bộ': 'ministry',
  'cấp tỉnh': 'province',
  'cấp huyện': 'commune',
  'cấp xã': 'commune',
  'cơ quan khác': 'other',
};

/** Channels a dossier can be filed through (KenhThucHien: 1 counter, 2 online, 3 postal). */
export const channels = ['counter', 'online', 'postal'] as const;
export type Channel = (typeof channels)[number];

/** The portal's channel labels (column "Hình thức nộp"). */
export const CHANNEL_LABELS: Readonly<Record<Channel, string>> = {
  counter: 'Trực tiếp',
  online: 'Trực tuyến',
  postal: 'Dịch vụ bưu chính',
};

/**
 * Units of a deadline:
 * - `working_days`: "05 ngày làm việc" (Mon-Fri minus days off, plus make-up Saturdays);
 * - `days`: calendar days, "15 ngày" without "làm việc" (the due date moves off a day off);
 * - `hours`: "04 giờ làm việc";
 * - `same_day`: "Trong ngày", "Ngay trong ngày làm việc" (amount is 0);
 * - `none`: no deadline published ("Không có thông tin", "Không quy định"; amount is 0).
 */
export const deadlineUnits = ['working_days', 'days', 'hours', 'same_day', 'none'] as const;
export type DeadlineUnit = (typeof deadlineUnits)[number];

export interface Deadline {
  /** Number of units; may be fractional ("0,5 ngày"); 0 for `same_day` and `none`. */
  amount: number;
  unit: DeadlineUnit;
  /** True when the count is in calendar days (`days`), false for working time. */
  calendarDays: boolean;
  /** The text as published, normalised to NFC with single spaces. */
  text: string;
}

export interface Fee {
  /** Best single amount in VND: 0 when free ("Miễn phí", "Không"), null when unknown or not in VND. */
  amountVnd: number | null;
  /** The text as published (amount cell and explanation). */
  text: string;
}

/**
 * Service mode (Nghị định 42/2022 Đ.11): `full_online` = every step and the result online (or by post);
 * `partial_online` = filed online but some step needs the applicant in person; `offline` = no online filing.
 */
export const serviceModes = ['full_online', 'partial_online', 'offline'] as const;
export type ServiceMode = (typeof serviceModes)[number];

export interface RequiredDocument {
  name: string;
  /** Number of originals (bản chính). */
  original: number;
  /** Number of copies (bản sao, bản chụp). */
  copy: number;
  /** False for items that only apply in some cases ("Trường hợp...", "(nếu có)"). */
  mandatory: boolean;
  /** True when the portal attaches a form (mẫu đơn, tờ khai) to the item. */
  hasForm: boolean;
  /** File name of the attached form as published (e.g. `Mẫu số 01.docx`). */
  formName?: string;
  /** Conditions and remarks attached to the item. */
  note?: string;
  /** Heading of the group the item is listed under ("Giấy tờ phải nộp", "Giấy tờ phải xuất trình", ...). */
  group?: string;
}

export interface ResultDocument {
  name: string;
  /** The portal's result code, e.g. `KQ.G15.000031`. */
  code?: string;
}

export interface LegalReference {
  title: string;
  /** Number and notation, e.g. `123/2015/NĐ-CP`; empty when the portal gives none. */
  number: string;
}

/** The ordered steps of the one-stop process (DOMAIN.md, One-stop processing). */
export const procedureSteps = ['receive', 'examine', 'approve', 'issue', 'return'] as const;
export type ProcedureStep = (typeof procedureSteps)[number];

export interface StepTemplate {
  step: ProcedureStep;
  /** Role that acts on the step. */
  role: OfficerRole;
  /** Agency code when the step is done by another agency (inter-agency procedures); absent = the handling agency. */
  agencyCode?: string;
  /** Share of the deadline, in working hours. The steps' hours sum to the procedure's total. */
  hours: number;
}

export interface Procedure {
  /** The national code, e.g. `1.001193`. */
  code: string;
  name: string;
  /** Lĩnh vực, e.g. "Hộ tịch". */
  field: string;
  levels: ProcedureLevel[];
  /** The portal's kind ("TTHC được giao luật quy định chi tiết", ...). */
  kind?: string;
  /** Number of the decision that published the procedure, e.g. `163/QĐ-BTP`. */
  decisionNumber?: string;
  /** Implementing agencies as published (free text). */
  implementingAgencies: string;
  /** Applicant kinds as published ("Công dân Việt Nam", "Doanh nghiệp", ...). */
  applicantKinds: string[];
  legalBasis: LegalReference[];
  /** Channels the procedure accepts. */
  channels: Channel[];
  deadlines: Partial<Record<Channel, Deadline>>;
  fees: Partial<Record<Channel, Fee>>;
  serviceMode: ServiceMode;
  requiredDocuments: RequiredDocument[];
  results: ResultDocument[];
  /** Default step template (see `buildStepTemplate`). */
  steps: StepTemplate[];
  /** Where the record was read, e.g. the portal page. */
  sourceUrl?: string;
}

// ---------------------------------------------------------------------------------------------------------
// Default step template

/** Working hours in one working day (DOMAIN.md: 1 day = 8 working hours). */
export const HOURS_PER_WORKING_DAY = 8;

/**
 * Working hours given to a same-day procedure ("Trong ngày"). Half a working day: a dossier received in the
 * morning is returned in the afternoon; the calendar decides the actual end of the day.
 */
export const SAME_DAY_BUDGET_HOURS = 4;

/** Hours used when a calendar-day deadline is turned into working hours: 5 working days per 7 days. */
export const WORKING_DAYS_PER_CALENDAR_DAY = 5 / 7;

export interface StepShare {
  step: ProcedureStep;
  role: OfficerRole;
  /** Fraction of the total working hours. The fractions sum to 1. */
  share: number;
}

/**
 * The default split of a deadline between the steps (data, a province may replace it):
 *
 * | step    | role            | share | 5 working days (40 h) | 1 day (8 h) | same day (4 h) |
 * |---------|-----------------|-------|-----------------------|-------------|----------------|
 * | receive | one_stop_clerk  | 10 %  | 4 h (half a day)      | 1 h         | 0.5 h          |
 * | examine | specialist      | 50 %  | 20 h                  | 3.5 h       | 1.5 h          |
 * | approve | agency_leader   | 20 %  | 8 h                   | 1.5 h       | 1 h            |
 * | issue   | document_clerk  | 10 %  | 4 h                   | 1 h         | 0.5 h          |
 * | return  | one_stop_clerk  | 10 %  | 4 h                   | 1 h         | 0.5 h          |
 *
 * Hours are rounded to half hours, each step gets at least half an hour, and the examine step absorbs the
 * rounding so that the steps sum exactly to the total.
 */
export const DEFAULT_STEP_SPLIT: readonly StepShare[] = [
  { step: 'receive', role: 'one_stop_clerk', share: 0.1 },
  { step: 'examine', role: 'specialist', share: 0.5 },
  { step: 'approve', role: 'agency_leader', share: 0.2 },
  { step: 'issue', role: 'document_clerk', share: 0.1 },
  { step: 'return', role: 'one_stop_clerk', share: 0.1 },
];

/**
 * Total working hours of a deadline: working days × 8, hours as is, calendar days × 5/7 × 8 (rounded to half
 * hours; the calendar computes the real due date), same day → `SAME_DAY_BUDGET_HOURS`, none → 0.
 */
export function deadlineWorkingHours(deadline: Pick<Deadline, 'amount' | 'unit'>): number {
  switch (deadline.unit) {
    case 'working_days':
      return deadline.amount * HOURS_PER_WORKING_DAY;
    case 'hours':
      return deadline.amount;
    case 'days':
      return Math.round(deadline.amount * WORKING_DAYS_PER_CALENDAR_DAY * HOURS_PER_WORKING_DAY * 2) / 2;
    case 'same_day':
      return SAME_DAY_BUDGET_HOURS;
    case 'none':
      return 0;
  }
}

const roundHalf = (n: number) => Math.round(n * 2) / 2;

/**
 * Splits a deadline's working hours between the steps. The result always sums to the total; with a total of
 * 0 (no deadline) every step gets 0 hours. The step with the largest share absorbs rounding.
 */
export function buildStepTemplate(
  deadline: Pick<Deadline, 'amount' | 'unit'>,
  split: readonly StepShare[] = DEFAULT_STEP_SPLIT,
): StepTemplate[] {
  const total = deadlineWorkingHours(deadline);
  if (split.length === 0) return [];
  if (total <= 0) return split.map((s) => ({ step: s.step, role: s.role, hours: 0 }));
  const minimum = total >= split.length * 0.5 ? 0.5 : 0;
  let largest = 0;
  split.forEach((s, i) => {
    if (s.share > (split[largest]?.share ?? 0)) largest = i;
  });
  const hours = split.map((s) => Math.max(minimum, roundHalf(total * s.share)));
  const others = hours.reduce((sum, h, i) => (i === largest ? sum : sum + h), 0);
  hours[largest] = total - others;
  // A very small total cannot give every step its minimum: fall back to exact proportional hours.
  if ((hours[largest] ?? 0) < 0) {
    return split.map((s) => ({ step: s.step, role: s.role, hours: total * s.share }));
  }
  return split.map((s, i) => ({ step: s.step, role: s.role, hours: hours[i] ?? 0 }));
}

// ---------------------------------------------------------------------------------------------------------
// Schema used to validate curated records (seed data, imports)

const text = z.string().trim().min(1);

export const deadlineSchema = z
  .object({
    amount: z.number().min(0).finite(),
    unit: z.enum(deadlineUnits),
    calendarDays: z.boolean(),
    text: z.string(),
  })
  .refine((d) => d.calendarDays === (d.unit === 'days'), { message: 'calendarDays must be true exactly for days' })
  .refine((d) => !(d.unit === 'same_day' || d.unit === 'none') || d.amount === 0, {
    message: 'same_day and none have amount 0',
  });

export const feeSchema = z.object({ amountVnd: z.number().int().min(0).nullable(), text: z.string() });

const channelRecord = <T extends z.ZodType>(schema: T) =>
  z.object({ counter: schema.optional(), online: schema.optional(), postal: schema.optional() });

export const requiredDocumentSchema = z.object({
  name: text,
  original: z.number().int().min(0),
  copy: z.number().int().min(0),
  mandatory: z.boolean(),
  hasForm: z.boolean(),
  formName: text.optional(),
  note: text.optional(),
  group: text.optional(),
});

export const resultDocumentSchema = z.object({
  name: text,
  code: z
    .string()
    .regex(/^KQ\.[A-Z]\d{2}\.\d+$/)
    .optional(),
});

export const legalReferenceSchema = z.object({ title: z.string(), number: z.string() });

export const stepTemplateSchema = z.object({
  step: z.enum(procedureSteps),
  role: z.string().min(1),
  agencyCode: text.optional(),
  hours: z.number().min(0).finite(),
});

const procedureObject = z.object({
  code: z.string().regex(/^\d+\.\d{6}$/, 'code looks like 1.001193'),
  name: text,
  field: z.string(),
  levels: z.array(z.enum(procedureLevels)).min(1),
  kind: z.string().optional(),
  decisionNumber: z.string().optional(),
  implementingAgencies: z.string(),
  applicantKinds: z.array(text),
  legalBasis: z.array(legalReferenceSchema),
  channels: z.array(z.enum(channels)),
  deadlines: channelRecord(deadlineSchema),
  fees: channelRecord(feeSchema),
  serviceMode: z.enum(serviceModes),
  requiredDocuments: z.array(requiredDocumentSchema),
  results: z.array(resultDocumentSchema),
  steps: z.array(stepTemplateSchema),
  sourceUrl: z.url().optional(),
});

const onlineModeNeedsOnlineChannel = (p: { serviceMode: ServiceMode; channels: Channel[] }) =>
  p.serviceMode === 'offline' || p.channels.includes('online');
const onlineModeMessage = { message: 'an online service mode needs the online channel', path: ['serviceMode'] };

export const procedureSchema = procedureObject.refine(onlineModeNeedsOnlineChannel, onlineModeMessage);

/**
 * A procedure as the catalogue files store it: without the step template, which is derived from the deadline
 * with the province's step split when the catalogue is loaded (see `procedureFromCatalogRecord`).
 */
export type CatalogRecord = Omit<Procedure, 'steps'>;

export const catalogRecordSchema = procedureObject
  .extend({ steps: z.array(stepTemplateSchema).optional() })
  .refine(onlineModeNeedsOnlineChannel, onlineModeMessage);

/** Completes a catalogue record with the step template built from its deadline (counter, online, postal). */
export function procedureFromCatalogRecord(
  record: CatalogRecord,
  split: readonly StepShare[] = DEFAULT_STEP_SPLIT,
): Procedure {
  const deadline = record.deadlines.counter ?? record.deadlines.online ?? record.deadlines.postal;
  return { ...record, steps: buildStepTemplate(deadline ?? { amount: 0, unit: 'none' }, split) };
}

/** Validates a curated record; returns the issues as `path: message` strings (empty when valid). */
export function validateProcedure(record: unknown): string[] {
  const result = procedureSchema.safeParse(record);
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
}

/**
 * The kinds of agency where a procedure of these levels is filed online: the communes for commune-level
 * procedures, the province's departments, units and the province itself (its public service centre) for
 * province-level ones, and for ministry-level and other procedures the province's bodies that receive them.
 */
export function receivingAgencyKinds(
  levels: readonly ProcedureLevel[],
): ('commune' | 'department' | 'unit' | 'province')[] {
  return [
    ...(levels.includes('commune') ? (['commune'] as const) : []),
    ...(levels.includes('province') || levels.includes('ministry') || levels.includes('other')
      ? (['department', 'unit', 'province'] as const)
      : []),
  ];
}

/**
 * A refusal rather than the result asked for: the slip or letter that says no ("Phiếu từ chối tiếp nhận…",
 * "Văn bản … thông báo lý do từ chối", "Văn bản không chấp thuận…"). A letter that grants or refuses
 * ("chấp thuận hoặc không chấp thuận") is not one.
 */
const REFUSAL_RESULT = /tu choi|^(van ban |thong bao )?khong (cap|chap thuan|dong y)/;

/**
 * The result a dossier most likely ends with: the catalogue's first result that is not a refusal slip (many
 * versions list the refusal first), or the first when every one is (a procedure whose purpose is a refusal,
 * such as certifying the refusal of an inheritance). Null when the catalogue lists none.
 */
export function likelyResultName(results: readonly { name: string }[]): string | null {
  const granted = results.find((r) => !REFUSAL_RESULT.test(foldVietnamese(r.name)));
  return (granted ?? results[0])?.name ?? null;
}
