import { humanText } from '@congso/core';
import { z } from 'zod';

/** Text from a person: trimmed, NFC-normalised, no control characters (core's rule, shared with the web app). */
export const text = humanText;

export const optionalText = (max: number) => text(max).nullish();
/**
 * A calendar day, `YYYY-MM-DD`, between 1900 and 2199: the pattern and JavaScript take year 0000, PostgreSQL does
 * not (a 500 where a 400 belongs), and no paper, document or period of the province lies outside those years.
 */
export const isoDate = z.iso
  .date()
  .refine((day) => day >= '1900-01-01' && day <= '2199-12-31', { message: 'a day from 1900-01-01 to 2199-12-31' });
export const id = z.uuid();

/** A UUID in its text form, of any version: what PostgreSQL takes for a uuid without an error. */
export const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
export const idParams = z.strictObject({ id });
export const paging = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};
export const booleanQuery = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.object({ vi: z.string(), en: z.string() }),
    details: z.unknown().optional(),
  }),
});

export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number() });
