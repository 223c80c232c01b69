import { createHash } from 'node:crypto';
import { createReadStream, type WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';

/**
 * A small POSIX tar (ustar) writer and reader: enough for Congso's backup archive, which `tar tf` and
 * `tar xf` can also open. Regular files only, names up to 100 bytes, sizes in octal up to 8 GiB and in the
 * GNU base-256 form beyond. Every header's checksum is checked on reading.
 */
const BLOCK = 512;

export class TarFormatError extends Error {}

function writeString(header: Buffer, offset: number, length: number, value: string) {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > length) throw new TarFormatError(`tar: field too long: ${value}`);
  bytes.copy(header, offset);
}

function writeOctal(header: Buffer, offset: number, length: number, value: number) {
  writeString(header, offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
}

function writeSize(header: Buffer, value: number) {
  if (value < 8 ** 11) {
    writeOctal(header, 124, 12, value);
    return;
  }
  // GNU base-256: first byte 0x80, then the size big-endian.
  header[124] = 0x80;
  let rest = BigInt(value);
  for (let i = 135; i > 124; i--) {
    header[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
}

function header(name: string, size: number, mtime: Date): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  writeString(h, 0, 100, name);
  writeOctal(h, 100, 8, 0o644);
  writeOctal(h, 108, 8, 0);
  writeOctal(h, 116, 8, 0);
  writeSize(h, size);
  writeOctal(h, 136, 12, Math.floor(mtime.getTime() / 1000));
  h.fill(0x20, 148, 156); // checksum computed with spaces in its own field
  h[156] = 0x30; // '0': regular file
  writeString(h, 257, 6, 'ustar\0');
  writeString(h, 263, 2, '00');
  writeString(h, 265, 32, 'congso');
  writeString(h, 297, 32, 'congso');
  let sum = 0;
  for (const byte of h) sum += byte;
  writeString(h, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return h;
}

async function write(stream: WriteStream, chunk: Buffer, failed: () => Error | null): Promise<void> {
  const error = failed();
  if (error) throw error;
  if (!stream.write(chunk)) {
    await new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        stream.off('error', onError);
        resolve();
      };
      const onError = (error: Error) => {
        stream.off('drain', onDrain);
        reject(error);
      };
      stream.once('drain', onDrain);
      stream.once('error', onError);
    });
  }
}

export interface WrittenEntry {
  name: string;
  size: number;
  sha256: string;
}

/** Writes entries one after the other to a stream; `finish` adds the end-of-archive blocks and closes it. */
export class TarWriter {
  private error: Error | null = null;
  private readonly failed = () => this.error;

  constructor(
    private readonly stream: WriteStream,
    private readonly mtime = new Date(),
  ) {
    // Kept for the next write to throw (a stream error with no listener would end the process).
    stream.on('error', (error) => {
      this.error ??= error;
    });
  }

  /** Adds `size` bytes read from `source`; fails if the source gives another number of bytes. */
  async add(
    name: string,
    size: number,
    source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  ): Promise<WrittenEntry> {
    await write(this.stream, header(name, size, this.mtime), this.failed);
    const hash = createHash('sha256');
    let written = 0;
    for await (const chunk of source) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      written += bytes.length;
      if (written > size) throw new Error(`${name}: more than the ${size} bytes announced (changed while read?)`);
      hash.update(bytes);
      await write(this.stream, bytes, this.failed);
    }
    if (written !== size) throw new Error(`${name}: ${written} bytes instead of ${size} (changed while read?)`);
    const padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (padding > 0) await write(this.stream, Buffer.alloc(padding, 0), this.failed);
    return { name, size, sha256: hash.digest('hex') };
  }

  addBuffer(name: string, bytes: Uint8Array): Promise<WrittenEntry> {
    return this.add(name, bytes.length, [bytes]);
  }

  async finish(): Promise<void> {
    await write(this.stream, Buffer.alloc(BLOCK * 2, 0), this.failed);
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
    if (this.error) throw this.error;
    // Durable before it is announced as done.
    const handle = await open(this.stream.path as string, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}

export interface TarEntry {
  name: string;
  size: number;
  /** Where the entry's bytes start in the archive. */
  offset: number;
}

function readString(h: Buffer, offset: number, length: number): string {
  const field = h.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

function readOctal(h: Buffer, offset: number, length: number, what: string): number {
  const text = readString(h, offset, length).trim();
  if (!/^[0-7]+$/.test(text)) throw new TarFormatError(`invalid ${what} field`);
  return Number.parseInt(text, 8);
}

function readSize(h: Buffer): number {
  if (h[124] === 0x80) {
    let value = 0n;
    for (let i = 125; i < 136; i++) value = (value << 8n) | BigInt(h[i] as number);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new TarFormatError('entry too large');
    return Number(value);
  }
  return readOctal(h, 124, 12, 'size');
}

/**
 * Lists the entries of a tar file, checking each header (checksum, regular file, inside the file) and the
 * end-of-archive marker. Anything else is a `TarFormatError`.
 */
export async function listTar(path: string): Promise<TarEntry[]> {
  const handle = await open(path, 'r');
  try {
    const { size: total } = await handle.stat();
    const entries: TarEntry[] = [];
    const h = Buffer.alloc(BLOCK);
    let position = 0;
    for (;;) {
      if (position + BLOCK > total) throw new TarFormatError('truncated archive (no end-of-archive marker)');
      const { bytesRead } = await handle.read(h, 0, BLOCK, position);
      if (bytesRead !== BLOCK) throw new TarFormatError('truncated archive');
      if (h.every((b) => b === 0)) return entries;
      const stored = readOctal(h, 148, 8, 'checksum');
      let sum = 0;
      for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (h[i] as number);
      if (sum !== stored) throw new TarFormatError(`bad header checksum at byte ${position}`);
      if (readString(h, 257, 6) !== 'ustar') throw new TarFormatError('not a ustar archive');
      const type = String.fromCharCode(h[156] as number);
      if (type !== '0' && type !== '\0') throw new TarFormatError(`unexpected entry type ${JSON.stringify(type)}`);
      const prefix = readString(h, 345, 155);
      const name = prefix ? `${prefix}/${readString(h, 0, 100)}` : readString(h, 0, 100);
      const size = readSize(h);
      const offset = position + BLOCK;
      if (offset + size > total) throw new TarFormatError(`truncated entry ${name}`);
      entries.push({ name, size, offset });
      position = offset + Math.ceil(size / BLOCK) * BLOCK;
    }
  } finally {
    await handle.close();
  }
}

/** The bytes of one entry, as a stream. */
export function readEntry(path: string, entry: TarEntry): Readable {
  if (entry.size === 0) return Readable.from([]);
  return createReadStream(path, { start: entry.offset, end: entry.offset + entry.size - 1 });
}

/** SHA-256 (hex) of one entry. */
export async function hashEntry(path: string, entry: TarEntry): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of readEntry(path, entry)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
