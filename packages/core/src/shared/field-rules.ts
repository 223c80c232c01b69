/**
 * The rules of the fields people type, written once for the server's request schemas and the web app's
 * forms. A rule's problem is named by a key of `fieldProblems` (see field-issues.ts).
 */
import { z } from 'zod';
import { nationalIdProvinceCodes } from '../identity/national-id';

/** Text from a person: trimmed, NFC-normalised (phones send NFD Vietnamese), no control characters. */
export function humanText(max: number, min = 1) {
  return z
    .string()
    .max(max * 4)
    .transform((s) => s.normalize('NFC').trim())
    .pipe(
      z
        .string()
        .min(min)
        .max(max)
        // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
        .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { message: 'control characters are not allowed' }),
    );
}

/** A Vietnamese phone number as people write it: "0912 345 678", "+84 912.345.678". */
export const phoneSchema = z
  .string({ error: 'phone' })
  .trim()
  .regex(/^\+?[0-9 .-]{8,20}$/, { error: 'phone' });

export const emailSchema = z.email({ error: 'email' }).max(200, { error: 'too_long' });

/**
 * A personal identification number (CCCD, 12 digits) whose province code is one of the birth-registration
 * provinces. The birth year against today (`isValidNationalId`) is the server's check: core has no clock.
 */
export const nationalIdSchema = z
  .string({ error: 'national_id' })
  .trim()
  .regex(/^\d{12}$/, { error: 'national_id' })
  .refine((value) => nationalIdProvinceCodes.has(value.slice(0, 3)), { error: 'national_id' });
