/**
 * Vietnamese tax codes (mã số thuế) of organisations: 10 digits whose last digit is a check digit,
 * optionally followed by `-NNN` for a dependent unit (branch). The check digit is
 * 10 − (31·d1 + 29·d2 + 23·d3 + 19·d4 + 17·d5 + 13·d6 + 7·d7 + 5·d8 + 3·d9) mod 11; a remainder that
 * would need the check digit 10 is never issued.
 */
const weights = [31, 29, 23, 19, 17, 13, 7, 5, 3] as const;

export function isValidTaxCode(input: string): boolean {
  const code = input.trim();
  const match = /^(\d{10})(?:-(\d{3}))?$/.exec(code);
  if (!match) return false;
  const digits = (match[1] as string).split('').map(Number);
  if (match[2] === '000') return false;
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (digits[i] as number) * (weights[i] as number);
  const check = 10 - (sum % 11);
  return check !== 10 && check === digits[9];
}
