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

/** Why a storage call failed: the bytes are not there, the store refused, could not be reached, or was too slow. */
export type StorageErrorKind = 'not_found' | 'refused' | 'unavailable' | 'timeout';

export class StorageError extends Error {
  constructor(
    readonly kind: StorageErrorKind,
    message: string,
    /** The HTTP status S3 answered, when it answered. */
    readonly httpStatus?: number,
    /** The S3 error code (`NoSuchKey`, `AccessDenied`, `InvalidAccessKeyId`, ...), when given. */
    readonly s3Code?: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

/**
 * A new key, `2026/11/<uuid>` (UTC month): a folder per month keeps directories small, and objects in a
 * bucket sort by month. Every storage uses this scheme, so files can move from one to another as they are.
 */
export function newStorageKey(at: Date): string {
  return `${at.getUTCFullYear()}/${String(at.getUTCMonth() + 1).padStart(2, '0')}/${randomUUID()}`;
}

/** Checks a key has the shape `newStorageKey` makes (nothing else reaches a path or a URL). */
export function checkStorageKey(key: string): string {
  if (!/^\d{4}\/\d{2}\/[0-9a-f-]{36}$/.test(key)) throw new Error(`invalid storage key ${key}`);
  return key;
}

export function createFolderStorage(root: string, now: () => Date = () => new Date()): FileStorage {
  const base = resolve(root);
  const pathOf = (key: string) => join(base, checkStorageKey(key));
  return {
    async put(bytes) {
      const key = newStorageKey(now());
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
      const path = pathOf(key);
      // Checked before streaming: a missing file is told as such, not as a broken response half-way.
      const found = await stat(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return null;
        throw new StorageError('unavailable', `File storage: cannot read ${key}: ${error.message}`);
      });
      if (!found?.isFile()) throw new StorageError('not_found', `File storage: no bytes under ${key}`);
      return createReadStream(path);
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
