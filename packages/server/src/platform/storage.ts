import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where the bytes of uploaded files live. The database keeps what they are and whose; the storage only
 * keeps bytes under a key. A folder here (the embedded set-up and a shared folder behind several
 * processes); an S3-compatible bucket in production implements the same interface.
 */
export interface FileStorage {
  /** Stores the bytes under a new key and returns it; nothing is left behind if writing fails. */
  put(bytes: Uint8Array): Promise<string>;
  read(key: string): Promise<Readable>;
  remove(key: string): Promise<void>;
  /** Whether a key holds bytes (tests and checks). */
  exists(key: string): Promise<boolean>;
}

/** Keys look like `2026/11/<uuid>`: a folder per month keeps directories small. */
export function createFolderStorage(root: string, now: () => Date = () => new Date()): FileStorage {
  const base = resolve(root);
  const pathOf = (key: string) => {
    if (!/^\d{4}\/\d{2}\/[0-9a-f-]{36}$/.test(key)) throw new Error(`invalid storage key ${key}`);
    return join(base, key);
  };
  return {
    async put(bytes) {
      const d = now();
      const key = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${randomUUID()}`;
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      // Written under a temporary name and renamed: a crash never leaves half a file under a real key.
      const temporary = `${path}.part`;
      try {
        await writeFile(temporary, bytes, { flag: 'wx', flush: true });
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      return key;
    },
    async read(key) {
      return createReadStream(pathOf(key));
    },
    async remove(key) {
      await rm(pathOf(key), { force: true });
    },
    async exists(key) {
      try {
        return (await stat(pathOf(key))).isFile();
      } catch {
        return false;
      }
    },
  };
}
