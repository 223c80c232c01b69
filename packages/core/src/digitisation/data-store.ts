/**
 * Electronic results and digitised papers (issue 13): the data store (kho dữ liệu) of each applicant, what may
 * be reused from it, the signatures an electronic result carries, and the body of digitising a paper at the
 * counter. Pure: time is passed in.
 */
import { z } from 'zod';

/** What the data store holds: a result returned electronically, or a paper digitised at the counter. */
export const dataStoreItemKinds = ['electronic_result', 'digitised_paper'] as const;
export type DataStoreItemKind = (typeof dataStoreItemKinds)[number];

export const dataStoreItemKindLabels = {
  electronic_result: { vi: 'Kết quả điện tử', en: 'Electronic result' },
  digitised_paper: { vi: 'Giấy tờ đã số hóa', en: 'Digitised paper' },
} as const satisfies Record<DataStoreItemKind, { vi: string; en: string }>;

export const dataStoreItemStatuses = ['valid', 'expired', 'revoked'] as const;
export type DataStoreItemStatus = (typeof dataStoreItemStatuses)[number];

export const dataStoreItemStatusLabels = {
  valid: { vi: 'Còn hiệu lực', en: 'Valid' },
  expired: { vi: 'Hết hiệu lực', en: 'Expired' },
  revoked: { vi: 'Đã thu hồi', en: 'Revoked' },
} as const satisfies Record<DataStoreItemStatus, { vi: string; en: string }>;

/** Revoked wins; else expired once `validUntil` has passed (the end of that instant); else valid. */
export function dataStoreItemStatusOf(
  item: { revokedAt: Date | null; validUntil: Date | null },
  now: Date,
): DataStoreItemStatus {
  if (item.revokedAt && item.revokedAt.getTime() <= now.getTime()) return 'revoked';
  if (item.validUntil && item.validUntil.getTime() <= now.getTime()) return 'expired';
  return 'valid';
}

/**
 * The signatures an electronic result carries, data of each procedure version (`result_signature`): the
 * agency's seal only (the default: the result PDF is the decision as signed by the competent person before it
 * was registered), or the signer's personal signature first (the officer who approved the dossier) and the
 * agency's seal over it.
 */
export const resultSignatureRules = ['seal', 'signer_and_seal'] as const;
export type ResultSignatureRule = (typeof resultSignatureRules)[number];
export const DEFAULT_RESULT_SIGNATURE: ResultSignatureRule = 'seal';

/** Where a reused document came from, kept in the opening event with the document. */
export interface ReusedDocument {
  itemId: string;
  kind: DataStoreItemKind;
  fileId: string;
  /** The dossier the item was made in (its result, or the paper digitised there). */
  sourceDossierId: string;
  sourceDossierCode: string;
}

/** The body of digitising one paper received at the counter: its scan, checked against the original. */
export const digitiseDocumentBodySchema = z.strictObject({
  /** Position of the required document in the dossier's procedure version. */
  documentIndex: z.number({ error: 'required' }).int({ error: 'required' }).min(0).max(500),
  /** The scan (a PDF) the clerk uploaded first. */
  fileId: z.uuid({ error: 'file_not_available' }),
  /** "Đã đối chiếu với bản gốc": the clerk compared the copy with the original. */
  checked: z.literal(true, { error: 'checked_against_original' }),
});
export type DigitiseDocumentBody = z.output<typeof digitiseDocumentBodySchema>;

/** The flags the national portal and the service-quality index count, kept on the dossier with their time. */
export interface DossierDigitisationFlags {
  /** A paper of the dossier was digitised (first one). */
  digitisedAt: Date | null;
  /** The result was returned as a signed electronic document. */
  resultElectronicAt: Date | null;
  /** A document was taken from the applicant's data store. */
  reusedDataAt: Date | null;
}
