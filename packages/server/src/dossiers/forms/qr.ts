/**
 * The QR code printed on the receipt: the public lookup address of the dossier, embedded as a 1-bit
 * grayscale PNG (a few hundred bytes, no alpha channel, so pdfkit embeds it without decoding pixels).
 */
import { crc32, deflateSync } from 'node:zlib';
import QRCode from 'qrcode';

/** Pixels per QR module in the embedded image (crisp at any zoom, even in viewers that smooth images). */
export const QR_SCALE = 4;

/** `${baseUrl}/tra-cuu?ma=<code>`: the portal's public lookup page for a dossier code. */
export function lookupUrl(baseUrl: string, dossierCode: string): string {
  return `${baseUrl.trim().replace(/\/+$/, '')}/tra-cuu?ma=${encodeURIComponent(dossierCode.trim())}`;
}

/**
 * Longest text put in the receipt's QR code, in UTF-8 bytes: beyond this the symbol (printed about 22 mm
 * wide) has modules too small for a phone camera.
 */
export const MAX_QR_BYTES = 500;

/** The QR modules of `text` (true = dark), row by row, error correction M. Throws beyond `MAX_QR_BYTES`. */
export function qrModules(text: string): { size: number; dark: (row: number, col: number) => boolean } {
  if (Buffer.byteLength(text) > MAX_QR_BYTES) throw new RangeError(`QR text over ${MAX_QR_BYTES} bytes`);
  const modules = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  return { size: modules.size, dark: (row, col) => modules.get(row, col) === 1 };
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** A 1-bit grayscale PNG of the QR code, `scale` pixels per module, no quiet zone (the form leaves room). */
export function qrPng(text: string, scale = QR_SCALE): Buffer {
  const { size, dark } = qrModules(text);
  const width = size * scale;
  const rowBytes = Math.ceil(width / 8);
  const raw = Buffer.alloc((rowBytes + 1) * width, 0); // filter byte 0 (none) + bits; 0 = black
  for (let y = 0; y < width; y++) {
    const row = y * (rowBytes + 1);
    for (let x = 0; x < width; x++) {
      // White pixels are 1 in a grayscale PNG.
      if (!dark(Math.floor(y / scale), Math.floor(x / scale))) {
        const at = row + 1 + (x >> 3);
        raw[at] = (raw[at] ?? 0) | (0x80 >> (x & 7));
      }
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(width, 4);
  header.writeUInt8(1, 8); // bit depth
  header.writeUInt8(0, 9); // grayscale
  header.writeUInt8(0, 10); // deflate
  header.writeUInt8(0, 11); // adaptive filtering
  header.writeUInt8(0, 12); // no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
