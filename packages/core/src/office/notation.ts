/**
 * Numbers and notations of documents (Nghị định 30/2020/NĐ-CP): `<number>/<type>-<issuer>` such as
 * `123/QĐ-UBND`, and for a công văn `<number>/<issuer>-<drafting unit>` such as `45/UBND-VP`. Numbers are
 * written with at least two digits (the register starts at 01).
 */
import { CongsoError } from '../shared/errors';
import { documentTypeOf } from './document-types';

/** Largest number a register gives in a year. */
export const MAX_DOCUMENT_NUMBER = 999_999;

const abbreviationPattern = /^[\p{L}\p{N}&.]{1,20}$/u;

/** `1` → `01`, `123` → `123`. */
export function formatDocumentNumber(number: number): string {
  if (!Number.isInteger(number) || number < 1 || number > MAX_DOCUMENT_NUMBER) {
    throw new CongsoError('VALIDATION_FAILED', {
      messages: { vi: `Số văn bản không hợp lệ: ${number}.`, en: `Invalid document number: ${number}.` },
    });
  }
  return String(number).padStart(2, '0');
}

export interface NotationParts {
  number: number;
  typeCode: string;
  /** The issuing agency's abbreviation (its short name): `UBND`, `STP`. */
  issuer: string;
  /** The drafting unit's abbreviation: required for a công văn, optional otherwise (`QĐ-UBND-VP`). */
  unit?: string | null;
}

function invalidPart(vi: string, en: string, path: string): CongsoError {
  return new CongsoError('VALIDATION_FAILED', {
    messages: { vi, en },
    details: [{ path, code: 'invalid_format', message: { vi, en } }],
  });
}

function checkAbbreviation(value: string, path: string): string {
  const trimmed = value.trim();
  if (!abbreviationPattern.test(trimmed)) {
    throw invalidPart(`Chữ viết tắt không hợp lệ: "${value}".`, `Not a valid abbreviation: "${value}".`, path);
  }
  return trimmed;
}

/** The notation without the number: `QĐ-UBND`, `UBND-VP`. */
export function notationSuffix(parts: Omit<NotationParts, 'number'>): string {
  const type = documentTypeOf(parts.typeCode);
  if (!type) throw invalidPart('Loại văn bản không hợp lệ.', 'Unknown document type.', 'typeCode');
  const issuer = checkAbbreviation(parts.issuer, 'issuer');
  const unit = parts.unit ? checkAbbreviation(parts.unit, 'unit') : null;
  if (type.abbreviation === null) {
    if (!unit) {
      throw invalidPart(
        'Công văn cần chữ viết tắt của đơn vị soạn thảo.',
        'An official letter needs the drafting unit’s abbreviation.',
        'unit',
      );
    }
    return `${issuer}-${unit}`;
  }
  return unit ? `${type.abbreviation}-${issuer}-${unit}` : `${type.abbreviation}-${issuer}`;
}

/** `123/QĐ-UBND`, `45/UBND-VP`. */
export function buildNotation(parts: NotationParts): string {
  return `${formatDocumentNumber(parts.number)}/${notationSuffix(parts)}`;
}

/** The number of a notation (`123/QĐ-UBND` → 123), or null when it does not start with one. */
export function numberOfNotation(notation: string): number | null {
  const m = /^(\d{1,6})\/\S+$/.exec(notation.trim());
  return m ? Number(m[1]) : null;
}
