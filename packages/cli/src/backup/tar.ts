import { createHash } from 'node:crypto';
import { createReadStream, type WriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tarStream from 'tar-stream';

/**
 * Congso's backup archive as a tar file, written and read with `tar-stream`: POSIX ustar headers (a pax
 * header where a name does not fit), so `tar tf` and `tar xf` open it too. Regular files only. Reading
 * checks every header (checksum, format, entry type), that no entry is cut short and that the end-of-archive
 * marker is there; it hashes every entry on the way and remembers where its bytes are, so that one entry
 * can be read again later without going through the others.
 */
const BLOCK = 512;

export class TarFormatError extends Error {}

export interface WrittenEntry {
  name: string;
  size: number;
  sha256: string;
}

/** Resolves when the stream can take more, rejects when `failure` does first. */
function drained(stream: { once(event: 'drain', fn: () => void): unknown }, failure: Promise<never>) {
  return Promise.race([new Promise<void>((resolve) => stream.once('drain', () => resolve())), failure]);
}

/** Writes entries one after the other to a file stream; `finish` ends the archive, closes and syncs the file. */
export class TarWriter {
  private readonly pack = tarStream.pack();
  private error: Error | null = null;
  /** Settles when the archive has been written out (or the file stream failed). */
  private readonly written: Promise<void>;
  /** Rejects with the first error of the file stream or the packer; never resolves. */
  private readonly failure: Promise<never>;

  constructor(
    private readonly stream: WriteStream,
    private readonly mtime = new Date(),
  ) {
    this.written = pipeline(this.pack, stream).catch((error: Error) => {
      this.error ??= error;
      throw error;
    });
    this.failure = this.written.then(
      () => new Promise<never>(() => {}),
      (error: unknown) => Promise.reject(error),
    );
    // Kept for the next call to throw (an error nobody waits for would end the process).
    this.written.catch(() => {});
    this.failure.catch(() => {});
  }

  /** Adds `size` bytes read from `source`; fails if the source gives another number of bytes. */
  async add(
    name: string,
    size: number,
    source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  ): Promise<WrittenEntry> {
    if (this.error) throw this.error;
    let settle: (error?: Error | null) => void = () => {};
    const done = new Promise<void>((resolve, reject) => {
      settle = (error) => (error ? reject(error) : resolve());
    });
    done.catch(() => {}); // awaited below, unless the source fails first
    const entry = this.pack.entry(
      { name, size, type: 'file', mode: 0o644, mtime: this.mtime, uname: 'congso', gname: 'congso' },
      (error) => settle(error),
    );
    entry.on('error', () => {}); // the same error reaches `done` and the file stream's pipeline
    const hash = createHash('sha256');
    let written = 0;
    try {
      for await (const chunk of source) {
        const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
        written += bytes.length;
        if (written > size) throw new Error(`${name}: more than the ${size} bytes announced (changed while read?)`);
        hash.update(bytes);
        if (!entry.write(bytes)) await drained(entry, this.failure);
      }
      if (written !== size) throw new Error(`${name}: ${written} bytes instead of ${size} (changed while read?)`);
      entry.end(undefined);
      await Promise.race([done, this.failure]);
    } catch (error) {
      // The archive cannot be continued: the packer and the file stream stop, the caller removes the file.
      this.error ??= error as Error;
      entry.destroy(error as Error);
      throw error;
    }
    return { name, size, sha256: hash.digest('hex') };
  }

  addBuffer(name: string, bytes: Uint8Array): Promise<WrittenEntry> {
    return this.add(name, bytes.length, [bytes]);
  }

  async finish(): Promise<void> {
    if (this.error) throw this.error;
    this.pack.finalize();
    await this.written;
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
  sha256: string;
}

function formatError(error: unknown): unknown {
  if (error instanceof TarFormatError || !(error instanceof Error)) return error;
  if (/Unexpected end of data/i.test(error.message)) return new TarFormatError('truncated archive');
  if (/Invalid tar header/i.test(error.message)) {
    return new TarFormatError(`invalid header (bad checksum, or not a tar archive): ${error.message}`);
  }
  if (/Header exceeds max size|Invalid header/i.test(error.message)) return new TarFormatError(error.message);
  return error;
}

/**
 * Reads the whole archive once: the entries in order, with their size, where their bytes are and their
 * SHA-256. Anything that is not a complete archive of regular files is a `TarFormatError`.
 */
export async function listTar(path: string): Promise<TarEntry[]> {
  const { size: total } = await stat(path);
  const source = createReadStream(path);
  const extract = tarStream.extract();
  source.on('error', (error) => extract.destroy(error));
  source.pipe(extract);
  const entries: TarEntry[] = [];
  let end = 0;
  try {
    for await (const entry of extract) {
      const { name, size, type } = entry.header;
      if (type !== 'file') throw new TarFormatError(`unexpected entry type ${type} (${name})`);
      const hash = createHash('sha256');
      for await (const chunk of entry) hash.update(chunk as Uint8Array);
      // `entry.offset` is where the entry's own header starts (after any pax header of it).
      const offset = entry.offset + BLOCK;
      entries.push({ name, size, offset, sha256: hash.digest('hex') });
      end = offset + Math.ceil(size / BLOCK) * BLOCK;
    }
  } catch (error) {
    throw formatError(error);
  } finally {
    source.destroy();
  }
  // Two zero blocks end an archive; whatever follows the last entry has been read as zero blocks.
  if (total - end < 2 * BLOCK) throw new TarFormatError('truncated archive (no end-of-archive marker)');
  return entries;
}

/** The bytes of one entry, as a stream. */
export function readEntry(path: string, entry: Pick<TarEntry, 'offset' | 'size'>): Readable {
  if (entry.size === 0) return Readable.from([]);
  return createReadStream(path, { start: entry.offset, end: entry.offset + entry.size - 1 });
}
