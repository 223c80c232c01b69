/**
 * Just enough DER to assemble a CMS SignedData around parts already encoded (certificates, a timestamp token)
 * and to read a certificate's issuer and serial number: TLV writing and walking. pkijs re-encodes every
 * certificate from its parsed form and checks every value against its schema, which cost several times the
 * RSA signature itself (see bench `sign`); the bytes here are copied as they are.
 */

/** The length octets of a DER element (short form under 128, else long form). */
function lengthOctets(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

/** An element around its contents, written into one buffer (header and contents copied once). */
export function tlv(tag: number, ...contents: Buffer[]): Buffer {
  let size = 0;
  for (const c of contents) size += c.length;
  const header = lengthOctets(size);
  const out = Buffer.allocUnsafe(1 + header.length + size);
  out[0] = tag;
  for (let i = 0; i < header.length; i++) out[1 + i] = header[i] as number;
  let at = 1 + header.length;
  for (const c of contents) {
    c.copy(out, at);
    at += c.length;
  }
  return out;
}

export const seq = (...items: Buffer[]) => tlv(0x30, ...items);
export const set = (...items: Buffer[]) => tlv(0x31, ...items);
/** SET OF: the elements sorted by their encodings (X.690 11.6). */
export const setOf = (...items: Buffer[]) => tlv(0x31, ...[...items].sort(Buffer.compare));
export const octets = (b: Buffer) => tlv(0x04, b);
export const explicit = (n: number, ...items: Buffer[]) => tlv(0xa0 | n, ...items);
export const nullValue = Buffer.from([0x05, 0x00]);
export const smallInt = (n: number) => tlv(0x02, Buffer.from([n]));

const oids = new Map<string, Buffer>();

/** An OBJECT IDENTIFIER (the encodings kept: a few constants are written in every signature). */
export function oid(dotted: string): Buffer {
  let encoded = oids.get(dotted);
  if (encoded) return encoded;
  const parts = dotted.split('.').map(Number);
  const bytes: number[] = [40 * (parts[0] as number) + (parts[1] as number)];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [];
    let v = part;
    do {
      chunk.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i] = (chunk[i] as number) | 0x80;
    bytes.push(...chunk);
  }
  encoded = tlv(0x06, Buffer.from(bytes));
  if (oids.size < 1000) oids.set(dotted, encoded);
  return encoded;
}

export interface Tlv {
  tag: number;
  /** The whole element (tag, length and value). */
  raw: Buffer;
  value: Buffer;
}

/** The element at an offset. */
export function readTlv(buf: Buffer, offset = 0): Tlv {
  const tag = buf[offset];
  const first = buf[offset + 1];
  if (tag === undefined || first === undefined) throw new RangeError('DER: truncated');
  let len = first;
  let header = 2;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n === 0 || n > 4) throw new RangeError('DER: bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (buf[offset + 2 + i] as number);
    header += n;
  }
  if (offset + header + len > buf.length) throw new RangeError('DER: truncated');
  return {
    tag,
    raw: buf.subarray(offset, offset + header + len),
    value: buf.subarray(offset + header, offset + header + len),
  };
}

/** The elements inside a constructed value. */
export function children(value: Buffer): Tlv[] {
  const out: Tlv[] = [];
  for (let at = 0; at < value.length; ) {
    const t = readTlv(value, at);
    out.push(t);
    at += t.raw.length;
  }
  return out;
}

/** A certificate's issuer Name and serialNumber INTEGER, as encoded in it. */
export function issuerAndSerial(certificate: Buffer): { issuer: Buffer; serial: Buffer } {
  const tbs = children(readTlv(certificate).value)[0];
  if (!tbs) throw new RangeError('DER: not a certificate');
  const fields = children(tbs.value);
  const at = fields[0]?.tag === 0xa0 ? 1 : 0; // [0] version is optional
  const serial = fields[at];
  const issuer = fields[at + 2];
  if (serial?.tag !== 0x02 || issuer?.tag !== 0x30) throw new RangeError('DER: not a certificate');
  return { issuer: issuer.raw, serial: serial.raw };
}
