/**
 * Citizen identity numbers (số định danh cá nhân / CCCD): 12 digits, by Decree 137/2015 and Circular
 * 07/2016/TT-BCA (now 59/2021): 3 digits for the province where the birth was registered (the GSO code
 * of one of the 63 pre-2025 provinces, zero-padded), 1 digit for sex and century of birth, 2 digits for
 * the year of birth, 6 random digits.
 */
export const nationalIdProvinceCodes: ReadonlySet<string> = new Set(
  [
    1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37, 38, 40, 42, 44, 45,
    46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92,
    93, 94, 95, 96,
  ].map((n) => String(n).padStart(3, '0')),
);

export type NationalIdProblem = 'format' | 'province' | 'birth_year';

export interface ParsedNationalId {
  number: string;
  provinceCode: string;
  sex: 'male' | 'female';
  birthYear: number;
}

/**
 * @param referenceYear the current year, to refuse a birth year in the future (core has no clock).
 */
export function parseNationalId(
  input: string,
  referenceYear: number,
): { ok: true; value: ParsedNationalId } | { ok: false; problem: NationalIdProblem } {
  const number = input.replace(/[\s.]/g, '');
  if (!/^\d{12}$/.test(number)) return { ok: false, problem: 'format' };
  const provinceCode = number.slice(0, 3);
  if (!nationalIdProvinceCodes.has(provinceCode)) return { ok: false, problem: 'province' };
  const centuryDigit = Number(number[3]);
  const century = 1900 + Math.floor(centuryDigit / 2) * 100; // 0,1 → 1900s; 2,3 → 2000s; …
  const birthYear = century + Number(number.slice(4, 6));
  if (birthYear > referenceYear || birthYear < referenceYear - 130) return { ok: false, problem: 'birth_year' };
  return {
    ok: true,
    value: { number, provinceCode, sex: centuryDigit % 2 === 0 ? 'male' : 'female', birthYear },
  };
}

export function isValidNationalId(input: string, referenceYear: number): boolean {
  return parseNationalId(input, referenceYear).ok;
}
