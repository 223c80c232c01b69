/**
 * Metadata of an electronic administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục VI), as zod schemas:
 * the API's request bodies, the web app's forms and the edXML import check a document with the same rules.
 * Problems are named by keys of `fieldProblems` (the API answers `{ path, code, message: { vi, en } }`).
 */
import { z } from 'zod';
import { isValidAgencyCode } from '../identity/agency-code';
import { documentTypeCodes } from './document-types';

export const MAX_SUBJECT_LENGTH = 500;
export const MAX_COUNT = 10_000;

/** Priority levels (độ khẩn): 0 normal, 1 urgent, 2 very urgent, 3 express, 4 express with set time. */
export const documentPriorities = [0, 1, 2, 3, 4] as const;
export type DocumentPriority = (typeof documentPriorities)[number];
export const priorityLabels = {
  0: { vi: 'Thường', en: 'Normal' },
  1: { vi: 'Khẩn', en: 'Urgent' },
  2: { vi: 'Thượng khẩn', en: 'Very urgent' },
  3: { vi: 'Hỏa tốc', en: 'Express' },
  4: { vi: 'Hỏa tốc hẹn giờ', en: 'Express with set time' },
} as const;

/** A required text, trimmed and NFC-normalised, without control characters. */
export const requiredText = (max: number) =>
  z
    .string({ error: 'required' })
    .transform((s) => s.normalize('NFC').trim())
    .pipe(
      z
        .string()
        .min(1, { error: 'required' })
        .max(max, { error: 'too_long' })
        // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
        .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), { error: 'required' }),
    );

/** An optional text: absent when null or blank. */
export const optionalText = (max: number) =>
  z
    .string({ error: 'required' })
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().max(max, { error: 'too_long' }))
    .nullish()
    .transform((value) => (value ? value : undefined));

/** A calendar date `YYYY-MM-DD` that exists. */
export const dateText = z
  .string({ error: 'date' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'date' })
  .refine(
    (text) => {
      const d = new Date(`${text}T00:00:00Z`);
      return Number.isFinite(d.getTime()) && d.toISOString().slice(0, 10) === text;
    },
    { error: 'date' },
  );

const count = z.number({ error: 'count' }).int({ error: 'count' }).min(1, { error: 'count' }).max(MAX_COUNT, {
  error: 'count',
});

export const documentTypeSchema = z.enum(documentTypeCodes, { error: 'document_type' });
export const prioritySchema = z
  .number({ error: 'priority' })
  .int({ error: 'priority' })
  .min(0, { error: 'priority' })
  .max(4, { error: 'priority' }) as unknown as z.ZodType<DocumentPriority, number>;

/** An agency code of Quyết định 20/2020/QĐ-TTg (`000.00.00.H59`). */
export const organIdSchema = z
  .string({ error: 'organ_id' })
  .trim()
  .refine((code) => isValidAgencyCode(code), { error: 'organ_id' });

export const signerSchema = z.strictObject({
  /** Chức vụ, e.g. "Chủ tịch", "KT. Giám đốc / Phó Giám đốc". */
  position: requiredText(100),
  fullName: requiredText(50),
});

/**
 * The metadata of a document as issued (an incoming document's, read from the paper or the package):
 * Phụ lục VI's organ, type, number, notation, date, subject, signer, recipients, priority, pages, due date.
 */
export const documentMetadataSchema = z.strictObject({
  /** Mã định danh of the issuing organ; absent for an organisation outside the state's code list. */
  organId: organIdSchema.optional(),
  organName: requiredText(200),
  typeCode: documentTypeSchema,
  /** The number as printed ("123", "05"). */
  number: requiredText(11),
  /** The notation after the number ("QĐ-UBND"); the whole is `number/notation`. */
  notation: requiredText(30),
  issuedDate: dateText,
  subject: requiredText(MAX_SUBJECT_LENGTH),
  language: optionalText(100),
  pages: count.default(1),
  signer: signerSchema.optional(),
  recipients: z.array(requiredText(200), { error: 'list' }).max(200, { error: 'too_many' }).default([]),
  priority: prioritySchema.default(0),
  copies: count.default(1),
  /** Hạn trả lời / hạn xử lý written on the document. */
  dueDate: dateText.optional(),
});
export type DocumentMetadataInput = z.input<typeof documentMetadataSchema>;
export type DocumentMetadata = z.output<typeof documentMetadataSchema>;

/** A recipient of an outgoing document: an agency inside Congso (by id) or outside (sent as edXML). */
export const outgoingRecipientSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('internal'), agencyId: requiredText(100) }),
  z.strictObject({
    kind: z.literal('external'),
    name: requiredText(200),
    organId: organIdSchema.optional(),
  }),
  /** Named on the document for information or filing ("Lưu: VT, VP"), not sent. */
  z.strictObject({ kind: z.literal('note'), name: requiredText(200) }),
]);
export type OutgoingRecipient = z.output<typeof outgoingRecipientSchema>;

/** What a drafter writes of an outgoing document (number, notation and date come at issue). */
export const outgoingDraftSchema = z.strictObject({
  typeCode: documentTypeSchema,
  /** The drafting unit's abbreviation: required for a công văn (`UBND-VP`), optional otherwise. */
  unit: optionalText(20),
  subject: requiredText(MAX_SUBJECT_LENGTH),
  signer: signerSchema.optional(),
  recipients: z.array(outgoingRecipientSchema, { error: 'recipients' }).max(200, { error: 'too_many' }).default([]),
  priority: prioritySchema.default(0),
  pages: count.default(1),
  copies: count.default(1),
  dueDate: dateText.optional(),
  language: optionalText(100),
});
export type OutgoingDraftInput = z.input<typeof outgoingDraftSchema>;
export type OutgoingDraft = z.output<typeof outgoingDraftSchema>;
