/** Base64 (RFC 4648, standard alphabet) without node:*: strict reading, size known before decoding. */

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const lookup = new Int16Array(128).fill(-1);
for (let i = 0; i < alphabet.length; i++) lookup[alphabet.charCodeAt(i)] = i;

export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    chunk += `${alphabet[n >> 18]}${alphabet[(n >> 12) & 63]}${alphabet[(n >> 6) & 63]}${alphabet[n & 63]}`;
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    chunk += `${alphabet[n >> 18]}${alphabet[(n >> 12) & 63]}==`;
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    chunk += `${alphabet[n >> 18]}${alphabet[(n >> 12) & 63]}${alphabet[(n >> 6) & 63]}=`;
  }
  parts.push(chunk);
  return parts.join('');
}

const whitespace = /[ \t\r\n]/g;

/** The bytes a base64 text decodes to, from its length alone (whitespace ignored); null when the length is impossible. */
export function decodedLengthOfBase64(text: string): number | null {
  const compact = text.replace(whitespace, '');
  if (compact.length % 4 !== 0) return null;
  const padding = compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0;
  return (compact.length / 4) * 3 - padding;
}

/** Strict decoding: the standard alphabet, padding only at the end, line breaks and spaces allowed. Null when invalid. */
export function decodeBase64(text: string): Uint8Array | null {
  const compact = text.replace(whitespace, '');
  const length = decodedLengthOfBase64(compact);
  if (length === null) return null;
  const out = new Uint8Array(length);
  let o = 0;
  for (let i = 0; i < compact.length; i += 4) {
    const last = i + 4 === compact.length;
    const c0 = compact.charCodeAt(i);
    const c1 = compact.charCodeAt(i + 1);
    const c2 = compact.charCodeAt(i + 2);
    const c3 = compact.charCodeAt(i + 3);
    const a = c0 < 128 ? (lookup[c0] as number) : -1;
    const b = c1 < 128 ? (lookup[c1] as number) : -1;
    const pad2 = last && c2 === 61 && c3 === 61;
    const pad3 = last && !pad2 && c3 === 61;
    const c = pad2 ? 0 : c2 < 128 ? (lookup[c2] as number) : -1;
    const d = pad2 || pad3 ? 0 : c3 < 128 ? (lookup[c3] as number) : -1;
    if (a < 0 || b < 0 || c < 0 || d < 0) return null;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >> 16;
    if (pad2) {
      if ((n & 0xffff) !== 0) return null;
      break;
    }
    out[o++] = (n >> 8) & 255;
    if (pad3) {
      if ((n & 0xff) !== 0) return null;
      break;
    }
    out[o++] = n & 255;
  }
  return o === length ? out : null;
}
