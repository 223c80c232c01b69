/**
 * What an uploaded file really is, decided from its bytes, never from its name or the browser's word.
 * Only PDF, JPEG and PNG are accepted (the one-stop's scans and e-documents); each is checked for the
 * structure of its format, not just its first bytes, so a renamed executable or a truncated file is refused.
 */

export const uploadMediaTypes = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type UploadMediaType = (typeof uploadMediaTypes)[number];

/** The file name extensions that go with each type (lower case, without the dot). */
export const uploadExtensions: Record<UploadMediaType, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg', 'jpe', 'jfif'],
  'image/png': ['png'],
};

export type SniffRefusal =
  /** Not one of the accepted formats (an executable, an archive, a Word file, text...). */
  | 'unsupported_type'
  /** Starts like an accepted format but its structure is broken or truncated. */
  | 'corrupt'
  /** The name's extension says another type than the content (a lying extension). */
  | 'extension_mismatch'
  | 'empty';

export type SniffResult = { ok: true; mediaType: UploadMediaType } | { ok: false; reason: SniffRefusal };

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);

const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(Math.max(0, from), Math.min(bytes.length, to)));

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

let crcTable: Uint32Array | undefined;
function crc32(bytes: Uint8Array, from: number, to: number): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = from; i < to; i++) crc = (crcTable[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** PNG: signature, IHDR first, every chunk's length and CRC right, IEND last with nothing after it. */
function checkPng(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  let first = true;
  let sawData = false;
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at);
    const type = ascii(bytes, at + 4, at + 8);
    const end = at + 12 + length;
    if (length > 0x7fffffff || end > bytes.length || !/^[A-Za-z]{4}$/.test(type)) return false;
    if (first && (type !== 'IHDR' || length !== 13)) return false;
    if (crc32(bytes, at + 4, at + 8 + length) !== view.getUint32(at + 8 + length)) return false;
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') return sawData && end === bytes.length;
    first = false;
    at = end;
  }
  return false;
}

/**
 * JPEG: SOI, then well-formed marker segments up to the start of scan, a frame header (SOF) before it,
 * and EOI at the end (trailing zero padding, as some scanners write, is tolerated).
 */
function checkJpeg(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, [0xff, 0xd8, 0xff])) return false;
  let at = 2;
  let sawFrame = false;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return false;
    const marker = bytes[at + 1] as number;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0xd9 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) return false;
    const length = ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number);
    if (length < 2 || at + 2 + length > bytes.length) return false;
    if ((marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) || marker === 0xf7)
      sawFrame = true;
    if (marker === 0xda) {
      if (!sawFrame) return false;
      let end = bytes.length;
      while (end > at && bytes[end - 1] === 0x00) end--;
      return end - at >= 4 + length && bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9;
    }
    at += 2 + length;
  }
  return false;
}

/**
 * PDF: the `%PDF-1.x` or `%PDF-2.0` header at the very start (a PDF that hides after other bytes is a
 * polyglot), a cross-reference (`startxref` with an offset inside the file) and `%%EOF` near the end.
 */
function checkPdf(bytes: Uint8Array): boolean {
  if (!/^%PDF-[12]\.\d/.test(ascii(bytes, 0, 8))) return false;
  const tail = ascii(bytes, bytes.length - 2048, bytes.length);
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!match) return false;
  const offset = Number(match[1]);
  return offset > 0 && offset < bytes.length;
}

/** The type the content claims by its first bytes (before the structural check). */
function claimedType(bytes: Uint8Array): UploadMediaType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, PNG_SIGNATURE)) return 'image/png';
  return null;
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/**
 * Decides whether an upload is accepted. `name` is the file name the user gave: when it has an extension,
 * the extension must belong to the detected type.
 */
export function sniffUpload(bytes: Uint8Array, name: string): SniffResult {
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  const type = claimedType(bytes);
  if (!type) return { ok: false, reason: 'unsupported_type' };
  const structureOk =
    type === 'application/pdf' ? checkPdf(bytes) : type === 'image/png' ? checkPng(bytes) : checkJpeg(bytes);
  if (!structureOk) return { ok: false, reason: 'corrupt' };
  const extension = extensionOf(name);
  if (extension && !uploadExtensions[type].includes(extension)) return { ok: false, reason: 'extension_mismatch' };
  return { ok: true, mediaType: type };
}

/**
 * A file name safe to keep and to send back in a Content-Disposition: no folders (`../`, `C:\`), no
 * control or bidi characters, NFC, at most 150 characters keeping the extension; never empty.
 */
export function cleanFileName(name: string): string {
  const base = name.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  if (!cleaned) return 'tep-tin';
  if (cleaned.length <= 150) return cleaned;
  const extension = extensionOf(cleaned);
  const keep = extension ? `.${extension.slice(0, 10)}` : '';
  return cleaned.slice(0, 150 - keep.length) + keep;
}
