/**
 * A payment's reference: what the payer's bank shows and the platform sends back, naming the dossier.
 * `HS` + the dossier code's letters and digits + the attempt number (2 digits): 000.01.50.H59-261123-0001 →
 * HS0000150H59261123000101, 24 characters, inside VietQR's 25 and kept intact by bank apps (no dots or dashes).
 */
import { parseDossierCode } from '../dossiers/dossier-code';

export function paymentReferenceOf(dossierCode: string, attempt: number): string {
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > 99) throw new RangeError('attempt: 1-99');
  const compact = dossierCode.replace(/[^0-9A-Za-z]/g, '');
  return `HS${compact}${String(attempt).padStart(2, '0')}`.slice(0, 25);
}

/** Whether a reference names this dossier (its code's letters and digits after HS). */
export function referenceNamesDossier(reference: string, dossierCode: string): boolean {
  const parsed = parseDossierCode(dossierCode);
  if (!parsed.ok) return false;
  return reference.startsWith(`HS${dossierCode.replace(/[^0-9A-Za-z]/g, '')}`);
}

/**
 * The text a signature covers: every field but `signature`, sorted by name, `name=value` joined with `&`
 * (values as sent; absent and null fields left out). The national payment platform's callbacks and queries,
 * and our requests to it, are signed over this with HMAC-SHA256 (the server holds the key).
 */
export function canonicalSigningText(fields: Record<string, string | number | null | undefined>): string {
  return Object.keys(fields)
    .filter((k) => k !== 'signature' && fields[k] !== undefined && fields[k] !== null)
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join('&');
}
