/**
 * A procedure version's fee schedule as data (Luật Phí và lệ phí 2015): the fees (phí) and charges (lệ phí)
 * with their amount per case and channel, the exemptions and reductions with their legal basis, who collects,
 * and when the dossier pays. Parsed from the catalogue's text where it allows (`feeScheduleFromProcedure`),
 * then corrected by the province (`feeScheduleSchema` is the admin API's body).
 */
import { z } from 'zod';
import { type Channel, channels } from '../catalog/procedure';
import type { LocalizedText } from '../shared/errors';

/** `charge` = lệ phí (an administrative charge to the state budget); `fee` = phí (pays for a service). */
export const feeItemKinds = ['charge', 'fee'] as const;
export type FeeItemKind = (typeof feeItemKinds)[number];

/** When the dossier pays: at filing (before the desk receives it) or before the result is returned. */
export const feeDueMoments = ['filing', 'result'] as const;
export type FeeDueMoment = (typeof feeDueMoments)[number];

export const feeItemKindLabels = {
  charge: { vi: 'Lệ phí', en: 'Charge' },
  fee: { vi: 'Phí', en: 'Fee' },
} as const satisfies Record<FeeItemKind, LocalizedText>;

export const feeDueLabels = {
  filing: { vi: 'Nộp khi nộp hồ sơ', en: 'Paid when filing' },
  result: { vi: 'Nộp trước khi nhận kết quả', en: 'Paid before the result is returned' },
} as const satisfies Record<FeeDueMoment, LocalizedText>;

export interface FeeItem {
  /** Stable within the schedule (`le-phi`, `phi-ban-sao`, …). */
  id: string;
  kind: FeeItemKind;
  name: string;
  /** Amount per case in VND, per channel (online is often cheaper). A channel without one pays the counter's. */
  amounts: Partial<Record<Channel, number>>;
  /** What one amount is for: "trường hợp", "bản", "lần đăng ký". */
  unit: string;
  due: FeeDueMoment;
}

export interface FeeExemption {
  id: string;
  /** `exemption`: nothing to pay (percent 100); `reduction`: `percent` off. */
  kind: 'exemption' | 'reduction';
  /** Who qualifies, as the law says it. */
  description: string;
  percent: number;
  /** The text that grants it: "Điều 4 Thông tư 75/2022/TT-BTC". */
  legalBasis: string;
  /** The items it applies to; null: every item. */
  itemIds: string[] | null;
}

/**
 * Who collects: the receiving agency (into the province's collection account) or a named account at the
 * State Treasury (Kho bạc Nhà nước) or a bank, given by its bank's BIN (NAPAS) and number.
 */
export type FeeCollector =
  | { kind: 'agency' }
  | { kind: 'treasury'; accountName: string; accountNumber: string; bankBin: string; bankName: string };

export interface FeeSchedule {
  items: FeeItem[];
  exemptions: FeeExemption[];
  collector: FeeCollector;
  /** What the parser could not read with confidence: the province should review it (codes below). */
  review: FeeReviewCode[];
}

export const feeReviewCodes = [
  'amount_unknown', // no amount could be read for some channel
  'amount_set_by_province', // the text says the provincial council sets it
  'amount_suspicious', // below 1,000 dong: the portal often shows "20 VNĐ" for 20.000
  'several_amounts', // several amounts in the text: the first was kept
  'legal_basis_missing', // an exemption or reduction without a legal text named
] as const;
export type FeeReviewCode = (typeof feeReviewCodes)[number];

export const feeReviewLabels = {
  amount_unknown: { vi: 'Chưa đọc được mức thu', en: 'The amount could not be read' },
  amount_set_by_province: { vi: 'Mức thu do HĐND tỉnh quy định', en: 'The provincial council sets the amount' },
  amount_suspicious: { vi: 'Mức thu dưới 1.000 đồng: cần kiểm tra', en: 'Below 1,000 dong: check it' },
  several_amounts: { vi: 'Có nhiều mức thu: đã lấy mức đầu tiên', en: 'Several amounts: the first was kept' },
  legal_basis_missing: { vi: 'Miễn, giảm chưa có căn cứ pháp lý', en: 'An exemption lacks its legal basis' },
} as const satisfies Record<FeeReviewCode, LocalizedText>;

const MAX_AMOUNT = 100_000_000_000; // 100 billion dong: beyond any fee

const text = (max: number) =>
  z.string({ error: 'required' }).trim().min(1, { error: 'required' }).max(max, { error: 'too_long' });
const amount = z
  .number({ error: 'amount' })
  .int({ error: 'amount' })
  .min(0, { error: 'amount' })
  .max(MAX_AMOUNT, { error: 'amount' });
const id = z
  .string({ error: 'required' })
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { error: 'fee_id' })
  .meta({ description: 'lower-case letters, digits and hyphens', example: 'le-phi' });

export const feeItemSchema = z.strictObject({
  id,
  kind: z.enum(feeItemKinds, { error: 'fee_kind' }),
  name: text(300),
  amounts: z
    .strictObject(
      Object.fromEntries(channels.map((c) => [c, amount.optional()])) as Record<Channel, z.ZodOptional<typeof amount>>,
    )
    .refine((a) => Object.values(a).some((v) => v !== undefined), { error: 'fee_amounts' }),
  unit: text(100),
  due: z.enum(feeDueMoments, { error: 'fee_due' }),
});

export const feeExemptionSchema = z
  .strictObject({
    id,
    kind: z.enum(['exemption', 'reduction'], { error: 'fee_kind' }),
    description: text(1000),
    percent: z
      .number({ error: 'percent' })
      .int({ error: 'percent' })
      .min(1, { error: 'percent' })
      .max(100, { error: 'percent' }),
    legalBasis: text(500),
    itemIds: z.array(id).min(1, { error: 'list' }).nullable(),
  })
  .refine((e) => (e.kind === 'exemption') === (e.percent === 100), { error: 'percent', path: ['percent'] });

const bankBin = z.string({ error: 'bank_bin' }).regex(/^\d{6}$/, { error: 'bank_bin' });
const accountNumber = z.string({ error: 'account_number' }).regex(/^[0-9A-Za-z]{1,19}$/, { error: 'account_number' });

export const feeCollectorSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('agency') }),
    z.strictObject({
      kind: z.literal('treasury'),
      accountName: text(200),
      accountNumber,
      bankBin,
      bankName: text(200),
    }),
  ],
  { error: 'collector' },
);

/** A schedule as the province edits it (the admin API's body without version and dates). */
export const feeScheduleSchema = z
  .strictObject({
    items: z.array(feeItemSchema, { error: 'list' }).max(50, { error: 'list' }),
    exemptions: z.array(feeExemptionSchema, { error: 'list' }).max(50, { error: 'list' }),
    collector: feeCollectorSchema,
    review: z.array(z.enum(feeReviewCodes)).max(10).default([]),
  })
  .superRefine((s, ctx) => {
    const itemIds = new Set<string>();
    s.items.forEach((item, i) => {
      if (itemIds.has(item.id)) ctx.addIssue({ code: 'custom', message: 'duplicate_id', path: ['items', i, 'id'] });
      itemIds.add(item.id);
    });
    const exemptionIds = new Set<string>();
    s.exemptions.forEach((e, i) => {
      if (exemptionIds.has(e.id))
        ctx.addIssue({ code: 'custom', message: 'duplicate_id', path: ['exemptions', i, 'id'] });
      exemptionIds.add(e.id);
      (e.itemIds ?? []).forEach((itemId, j) => {
        if (!itemIds.has(itemId)) {
          ctx.addIssue({ code: 'custom', message: 'unknown_item', path: ['exemptions', i, 'itemIds', j] });
        }
      });
    });
  });

export type FeeScheduleInput = z.input<typeof feeScheduleSchema>;

/** A schedule with nothing to pay. */
export const FREE_SCHEDULE: FeeSchedule = { items: [], exemptions: [], collector: { kind: 'agency' }, review: [] };
