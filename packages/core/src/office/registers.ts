/**
 * Registers (sổ văn bản): one per agency, kind and year. Outgoing numbers run from 01 on 1 January to
 * 31 December, unique within the year; incoming arrival numbers (số đến) run continuously through the year.
 * The year is Vietnam's (UTC+7): 31/12 23:59 belongs to the old register, 1/1 00:00 to a new one that
 * starts again at 01. The server takes the next number with a row lock on the register in the issuing
 * transaction, so numbers are gap-free and unique; these functions say which register and check it.
 */
import { vnDateKey } from '../calendar/vn-time';
import { CongsoError, type LocalizedText } from '../shared/errors';
import { MAX_DOCUMENT_NUMBER } from './notation';

export const registerKinds = ['incoming', 'outgoing'] as const;
export type RegisterKind = (typeof registerKinds)[number];

export const registerKindLabels = {
  incoming: { vi: 'Sổ đăng ký văn bản đến', en: 'Incoming documents register' },
  outgoing: { vi: 'Sổ đăng ký văn bản đi', en: 'Outgoing documents register' },
} as const satisfies Record<RegisterKind, LocalizedText>;

export interface RegisterState {
  id: string;
  agencyId: string;
  kind: RegisterKind;
  year: number;
  /** The last number given (0 before the first). */
  lastNumber: number;
  closedAt: Date | null;
  version: number;
}

/** The register year of an instant (the Vietnam calendar year). */
export function registerYearOf(at: Date): number {
  return Number(vnDateKey(at).slice(0, 4));
}

/** The year of a `YYYY-MM-DD` date (an issue date). */
export function registerYearOfDate(date: string): number {
  return Number(date.slice(0, 4));
}

/** The register's name as printed on its cover: "Sổ đăng ký văn bản đi năm 2026". */
export function registerTitle(kind: RegisterKind, year: number): LocalizedText {
  const label = registerKindLabels[kind];
  return { vi: `${label.vi} năm ${year}`, en: `${label.en} ${year}` };
}

const closedMessage = {
  vi: 'Sổ văn bản đã khóa sổ cuối năm.',
  en: 'The register has been closed for the year.',
};

/**
 * The number the register gives next, for a document dated `date` (`YYYY-MM-DD`, Vietnam): the register
 * must be of that year and open.
 */
export function nextRegisterNumber(register: Pick<RegisterState, 'year' | 'lastNumber' | 'closedAt'>, date: string) {
  if (register.closedAt) throw new CongsoError('INVALID_STATE', { messages: closedMessage });
  if (registerYearOfDate(date) !== register.year) {
    throw new CongsoError('INVALID_STATE', {
      messages: {
        vi: `Văn bản ngày ${date} không thuộc sổ năm ${register.year}.`,
        en: `A document dated ${date} does not belong to the ${register.year} register.`,
      },
    });
  }
  const next = register.lastNumber + 1;
  if (next > MAX_DOCUMENT_NUMBER) {
    throw new CongsoError('INVALID_STATE', {
      messages: { vi: 'Sổ văn bản đã hết số trong năm.', en: 'The register has run out of numbers for the year.' },
    });
  }
  return next;
}

/** A register may be closed from 31 December of its year on (Vietnam date), once. */
export function closeRegisterCheck(register: Pick<RegisterState, 'year' | 'closedAt'>, at: Date): void {
  if (register.closedAt) throw new CongsoError('INVALID_STATE', { messages: closedMessage });
  if (vnDateKey(at) < `${register.year}-12-31`) {
    throw new CongsoError('INVALID_STATE', {
      messages: {
        vi: `Chỉ khóa sổ năm ${register.year} từ ngày 31/12/${register.year}.`,
        en: `The ${register.year} register can be closed from 31 December ${register.year} on.`,
      },
    });
  }
}
