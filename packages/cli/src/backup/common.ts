import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { isCongsoError } from '@congso/core';
import {
  type Connection,
  connect,
  type Executor,
  type Fingerprints,
  hasPgliteDatabase,
  pgliteFolder,
  queryRows,
  redactUrl,
  sql,
} from '@congso/db';
import type { Config } from '@congso/server';
import { CliError } from '../errors';
import { type ArchivedFile, type OpenArchive, storageKeyPattern } from './archive';
import { readEntry } from './tar';

export type Print = (line: string) => void;

/** The folder of uploaded files, as the server computes it. */
export function filesDirOf(config: Config): string {
  return resolve(config.FILES_DIR ?? join(config.DATA_DIR, 'files'));
}

/** Where uploads live: the folder, or an S3 bucket (STORAGE=s3). */
export function storageOf(config: Config): 'folder' | 's3' {
  return (config as { STORAGE?: string }).STORAGE === 's3' ? 's3' : 'folder';
}

export function serverRunning(error: unknown): CliError {
  const m = isCongsoError(error) ? error.messages : { vi: String(error), en: String(error) };
  return new CliError(
    `${m.vi}\nHãy dừng máy chủ Congso trước: không sao lưu, khôi phục hay chuyển một CSDL nhúng đang chạy.\n${m.en}\nStop the Congso server first: an embedded database in use is not backed up, restored or moved.`,
    75,
  );
}

export function isLocked(error: unknown): boolean {
  return isCongsoError(error) && error.code === 'DATABASE_LOCKED';
}

/** A pool on a PostgreSQL database; a failure to connect is a sentence with the URL's password hidden. */
export async function connectPostgres(databaseUrl: string, poolSize = 1): Promise<Connection> {
  try {
    return await connect({ databaseUrl, poolSize });
  } catch (error) {
    throw new CliError(
      `Không kết nối được PostgreSQL / Cannot connect to PostgreSQL ${redactUrl(databaseUrl)}: ${causeOf(error)}`,
      2,
    );
  }
}

/** Opens the embedded database of DATA_DIR (taking its lock); refuses clearly when a server holds it. */
export async function openEmbedded(dataDir: string): Promise<Connection> {
  if (!hasPgliteDatabase(pgliteFolder(dataDir))) {
    throw new CliError(`Không có CSDL nhúng trong / No embedded database in ${dataDir} (DATA_DIR)`, 2);
  }
  try {
    return await connect({ dataDir });
  } catch (error) {
    if (isLocked(error)) throw serverRunning(error);
    throw error;
  }
}

/** The uploaded files the database records (`files` rows), by storage key. */
export async function recordedFiles(executor: Executor): Promise<ArchivedFile[]> {
  const [present] = await queryRows<{ ok: boolean }>(
    executor,
    sql`select to_regclass('public.files') is not null as ok`,
  );
  if (!present?.ok) return [];
  const rows = await queryRows<{ key: string; size: string; sha256: string }>(
    executor,
    sql`select storage_key as key, size::text as size, sha256 from files order by storage_key`,
  );
  return rows.map((r) => ({ key: r.key, size: Number(r.size), sha256: r.sha256 }));
}

export async function fileExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Puts the archive's files into the folder storage: each written under a temporary name and renamed (never
 * half a file under a real key); a file already there with the same bytes is left alone. Files of the
 * folder that the archive does not hold are left alone too.
 */
export async function restoreFiles(archive: OpenArchive, filesDir: string) {
  let written = 0;
  let identical = 0;
  let bytes = 0;
  for (const file of archive.manifest.files.entries) {
    if (!storageKeyPattern.test(file.key)) throw new Error(`invalid storage key ${file.key}`);
    const path = join(filesDir, file.key);
    if ((await fileExists(path)) && (await sha256Of(path)) === file.sha256) {
      identical++;
      continue;
    }
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.restore-part`;
    const hash = createHash('sha256');
    try {
      const source = readEntry(archive.path, archive.entry(`files/${file.key}`));
      source.on('data', (chunk) => hash.update(chunk as Buffer));
      await pipeline(source, createWriteStream(temporary, { flags: 'w', flush: true }));
      if (hash.digest('hex') !== file.sha256) throw new Error(`${file.key}: bytes changed while restoring`);
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    written++;
    bytes += file.size;
  }
  return { written, identical, bytes };
}

/** Storage keys recorded in the database whose bytes are not in the folder. */
export async function missingInFolder(files: ArchivedFile[], filesDir: string): Promise<string[]> {
  const missing: string[] = [];
  for (const f of files) {
    if (!storageKeyPattern.test(f.key) || !(await fileExists(join(filesDir, f.key)))) missing.push(f.key);
  }
  return missing;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * The per-table comparison: rows and the hash's first characters on each side, ✓ when both agree.
 * Returns how many tables differ.
 */
export function printComparison(
  out: Print,
  expected: Fingerprints,
  actual: Fingerprints,
  labels: { expected: string; actual: string },
): number {
  const tables = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  const width = Math.max(20, ...tables.map((t) => t.length));
  out(
    `  ${'bảng / table'.padEnd(width)} ${labels.expected.padStart(12)} ${labels.actual.padStart(12)}  sha256 (${labels.expected} / ${labels.actual})`,
  );
  let differences = 0;
  let rows = 0;
  for (const table of tables) {
    const e = expected[table];
    const a = actual[table];
    const same = !!e && !!a && e.rows === a.rows && e.hash === a.hash;
    if (!same) differences++;
    rows += a?.rows ?? 0;
    const hashes = same ? e.hash.slice(0, 16) : `${e?.hash.slice(0, 16) ?? '-'} / ${a?.hash.slice(0, 16) ?? '-'}`;
    out(
      `  ${table.padEnd(width)} ${(e ? count(e.rows) : '-').padStart(12)} ${(a ? count(a.rows) : '-').padStart(12)}  ${hashes} ${same ? '✓' : '✗ KHÁC / DIFFERENT'}`,
    );
  }
  out(
    differences === 0
      ? `  ${tables.length} bảng, ${count(rows)} dòng: khớp hoàn toàn / ${tables.length} tables, ${count(rows)} rows: identical`
      : `  ${differences}/${tables.length} bảng khác nhau / tables differ`,
  );
  return differences;
}

/** `congso-backup-YYYYMMDD-HHMMSS.tar`, local time. */
export function defaultBackupName(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `congso-backup-${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}.tar`;
}

/** The driver's own message, without drizzle's "Failed query: … params: …" (which would print the data). */
export function causeOf(error: unknown): string {
  const cause = (error as { cause?: unknown })?.cause;
  if (cause instanceof Error) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
