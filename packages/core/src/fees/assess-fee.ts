/**
 * What a dossier pays: each item's amount for the dossier's channel, less the exemption or reduction the
 * officer found the applicant qualifies for (one per item: the largest). Pure; amounts in whole dong.
 */
import type { Channel } from '../catalog/procedure';
import { CongsoError } from '../shared/errors';
import type { FeeDueMoment, FeeExemption, FeeItemKind, FeeSchedule } from './fee-schedule';

export interface FeeLine {
  itemId: string;
  kind: FeeItemKind;
  name: string;
  unit: string;
  due: FeeDueMoment;
  /** The schedule's amount for the channel. */
  baseAmount: number;
  /** The exemption or reduction applied, with its legal basis. */
  exemption: Pick<FeeExemption, 'id' | 'kind' | 'description' | 'percent' | 'legalBasis'> | null;
  /** What is paid: base less the reduction, rounded down to the dong in the payer's favour. */
  amount: number;
}

export interface FeeAssessment {
  lines: FeeLine[];
  total: number;
}

/** The amount of an item for a channel: its own, else the counter's, else the first given. */
function amountFor(amounts: Partial<Record<Channel, number>>, channel: Channel): number {
  return amounts[channel] ?? amounts.counter ?? Object.values(amounts).find((v) => v !== undefined) ?? 0;
}

/**
 * Assesses the fee of a dossier filed on `channel` due at `due` (both moments when absent), with the
 * exemptions the officer checked (VALIDATION_FAILED for an id the schedule does not have).
 */
export function assessFee(
  schedule: FeeSchedule,
  options: { channel: Channel; exemptionIds?: readonly string[]; due?: FeeDueMoment },
): FeeAssessment {
  const chosen: FeeExemption[] = [];
  for (const [index, id] of (options.exemptionIds ?? []).entries()) {
    const exemption = schedule.exemptions.find((e) => e.id === id);
    if (!exemption) {
      throw new CongsoError('VALIDATION_FAILED', {
        details: [
          {
            path: `exemptionIds.${index}`,
            code: 'not_found',
            message: { vi: 'Không có diện miễn, giảm này.', en: 'No such exemption.' },
          },
        ],
      });
    }
    chosen.push(exemption);
  }
  const lines: FeeLine[] = [];
  for (const item of schedule.items) {
    if (options.due && item.due !== options.due) continue;
    const baseAmount = amountFor(item.amounts, options.channel);
    const applicable = chosen.filter((e) => e.itemIds === null || e.itemIds.includes(item.id));
    const best = applicable.reduce<FeeExemption | null>((a, e) => (a && a.percent >= e.percent ? a : e), null);
    const amount = best ? baseAmount - Math.ceil((baseAmount * best.percent) / 100) : baseAmount;
    lines.push({
      itemId: item.id,
      kind: item.kind,
      name: item.name,
      unit: item.unit,
      due: item.due,
      baseAmount,
      exemption: best
        ? {
            id: best.id,
            kind: best.kind,
            description: best.description,
            percent: best.percent,
            legalBasis: best.legalBasis,
          }
        : null,
      amount,
    });
  }
  return { lines, total: lines.reduce((sum, l) => sum + l.amount, 0) };
}
