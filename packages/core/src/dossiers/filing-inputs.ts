/**
 * The contract of filing a dossier: the applicant, the documents of the e-form (online) and the documents
 * received at the counter, for the API's request bodies and the web app's forms alike.
 */
import { z } from 'zod';
import type { ReusedDocument } from '../digitisation/data-store';
import { emailSchema, humanText, nationalIdSchema, phoneSchema } from '../shared/field-rules';

/** The applicant as the filing names them. */
export const applicantInputSchema = z.strictObject({
  fullName: humanText(200),
  nationalId: nationalIdSchema,
  phone: phoneSchema,
  email: emailSchema.nullish(),
  address: humanText(300),
});
export type ApplicantInput = z.output<typeof applicantInputSchema>;

/** The forms a paper is handed over in (the receipt's "Hình thức"). */
export const documentForms = ['original', 'certified_copy', 'copy'] as const;
export type DocumentForm = (typeof documentForms)[number];

export const documentFormLabels = {
  original: { vi: 'Bản chính', en: 'Original' },
  certified_copy: { vi: 'Bản sao chứng thực', en: 'Certified copy' },
  copy: { vi: 'Bản sao', en: 'Copy' },
} as const satisfies Record<DocumentForm, { vi: string; en: string }>;

/** One document of the e-form: a required document of the procedure (its position and name) with files. */
export const filedDocumentSchema = z.strictObject({
  index: z.number().int().min(0).max(500),
  name: z.string().min(1).max(4000),
  fileIds: z.array(z.uuid()).max(20),
  /** Items of the applicant's data store (kho dữ liệu) taken instead of uploading again. */
  storeItemIds: z.array(z.uuid()).max(20).optional(),
});
export const filedDocumentsSchema = z.array(filedDocumentSchema).max(200);

/**
 * One document received at the counter, as the clerk records it: in which form and how many copies
 * (default: the procedure's own original / copy count), with the scans the clerk made, if any.
 */
export const receivedDocumentSchema = filedDocumentSchema.extend({
  form: z.enum(documentForms, { error: 'document_form' }).optional(),
  copies: z
    .number({ error: 'copies' })
    .int({ error: 'copies' })
    .min(1, { error: 'copies' })
    .max(99, { error: 'copies' })
    .optional(),
});
export const receivedDocumentsSchema = z.array(receivedDocumentSchema).max(200);

export type FiledDocumentInput = z.output<typeof filedDocumentSchema>;
export type ReceivedDocumentInput = z.output<typeof receivedDocumentSchema>;

/**
 * A document the dossier was opened with, kept in its opening event: online, the e-form's entry with its
 * files; at the counter, what the clerk received (`form`, `copies`).
 */
export interface OpeningDocument {
  /** Position of the required document in the procedure version. */
  index: number;
  name: string;
  fileIds: readonly string[];
  /** Taken from the applicant's data store: where each came from. */
  reused?: readonly ReusedDocument[];
  form?: DocumentForm;
  copies?: number;
}
