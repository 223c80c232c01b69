/**
 * VietQR: the EMVCo merchant-presented QR (EMV QRCPS-MPM v1.1) as NAPAS 247 profiles it for transfers to an
 * account, which every Vietnamese bank app reads. The payload is a list of TLV fields (two-digit id, two-digit
 * length in characters, value): 00 format "01"; 01 initiation "11" static / "12" dynamic (with an amount);
 * 38 merchant account information (00 the NAPAS GUID A000000727; 01 beneficiary: 00 the bank's BIN, 01 the
 * account number; 02 service code QRIBFTTA, transfer to an account); 53 currency 704 (VND); 54 amount;
 * 58 country VN; 62 additional data (08 purpose of transaction: the transfer's content, which names the
 * dossier); 63 CRC-16/CCITT-FALSE over everything before its value, "6304" included, four upper-case hex digits.
 */

export const NAPAS_GUID = 'A000000727';
export const SERVICE_TO_ACCOUNT = 'QRIBFTTA';

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor) of the UTF-8 bytes. */
export function crc16Ccitt(text: string): number {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** One TLV field; the length counts characters (EMVCo: alphanumeric special set, one byte each). */
export function tlv(id: string, value: string): string {
  if (!/^\d{2}$/.test(id)) throw new RangeError(`EMVCo id must be two digits: ${id}`);
  if (value.length === 0 || value.length > 99) throw new RangeError(`EMVCo field ${id} must be 1-99 characters`);
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
}

export interface VietQrInput {
  /** The bank's 6-digit BIN (NAPAS), e.g. 970415 VietinBank. */
  bankBin: string;
  /** The beneficiary's account number (letters and digits, up to 19). */
  accountNumber: string;
  /** Whole dong; absent for a static QR (the payer types the amount). */
  amount?: number;
  /** The transfer's content (purpose of transaction, ≤ 25 characters of A-Z a-z 0-9 and space). */
  purpose?: string;
}

/** The purpose a bank app keeps intact: letters, digits and spaces (apps strip the rest), at most 25. */
export const PURPOSE_PATTERN = /^[A-Za-z0-9 ]{1,25}$/;

/** The QR payload text (what the QR code encodes). Throws RangeError on input a bank could not read. */
export function vietQrPayload(input: VietQrInput): string {
  if (!/^\d{6}$/.test(input.bankBin)) throw new RangeError('bankBin must be 6 digits');
  if (!/^[0-9A-Za-z]{1,19}$/.test(input.accountNumber)) throw new RangeError('accountNumber: 1-19 letters or digits');
  if (
    input.amount !== undefined &&
    (!Number.isSafeInteger(input.amount) || input.amount <= 0 || input.amount > 9_999_999_999_999)
  ) {
    throw new RangeError('amount must be a positive whole number of dong (at most 13 digits)');
  }
  if (input.purpose !== undefined && !PURPOSE_PATTERN.test(input.purpose)) {
    throw new RangeError('purpose: 1-25 letters, digits or spaces');
  }
  const beneficiary = tlv('00', input.bankBin) + tlv('01', input.accountNumber);
  const merchant = tlv('00', NAPAS_GUID) + tlv('01', beneficiary) + tlv('02', SERVICE_TO_ACCOUNT);
  let payload =
    tlv('00', '01') +
    tlv('01', input.amount === undefined ? '11' : '12') +
    tlv('38', merchant) +
    tlv('53', '704') +
    (input.amount === undefined ? '' : tlv('54', String(input.amount))) +
    tlv('58', 'VN') +
    (input.purpose === undefined ? '' : tlv('62', tlv('08', input.purpose)));
  payload += '6304';
  return payload + crc16Ccitt(payload).toString(16).toUpperCase().padStart(4, '0');
}

/** The TLV fields of a payload (one level), checking lengths and the CRC; null when it is not valid. */
export function parseEmvQr(payload: string): Map<string, string> | null {
  const fields = new Map<string, string>();
  let at = 0;
  while (at < payload.length) {
    const id = payload.slice(at, at + 2);
    const length = Number(payload.slice(at + 2, at + 4));
    if (!/^\d{2}$/.test(id) || !Number.isInteger(length) || at + 4 + length > payload.length) return null;
    fields.set(id, payload.slice(at + 4, at + 4 + length));
    at += 4 + length;
  }
  const crc = fields.get('63');
  if (!crc || !payload.endsWith(crc)) return null;
  const expected = crc16Ccitt(payload.slice(0, -4)).toString(16).toUpperCase().padStart(4, '0');
  return crc.toUpperCase() === expected ? fields : null;
}
