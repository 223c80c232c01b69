import { readFileSync } from 'node:fs';
import type { Fingerprints, MigrationLevel } from '@congso/db';
import { CliError } from '../errors';
import { listTar, readEntry, type TarEntry, TarFormatError } from './tar';

/**
 * The backup archive: a tar file holding
 *   database/postgres.dump         `pg_dump -Fc` (PostgreSQL engine), or
 *   database/pglite-datadir.tar.gz  the embedded database's `dumpDataDir()` (PGlite engine);
 *   files/<storage key>            the bytes of every uploaded file of the folder storage;
 *   manifest.json                  last: what the archive holds, with a SHA-256 for every entry and the
 *                                  row count and content hash of every table at the instant of the dump.
 * A restore checks every entry against the manifest before it changes anything.
 */
export const archiveFormat = 'congso-backup';
export const archiveFormatVersion = 1;
export const manifestEntry = 'manifest.json';
export const storageKeyPattern = /^\d{4}\/\d{2}\/[0-9a-f-]{36}$/;

export type Engine = 'postgres' | 'pglite';

export interface ArchivedFile {
  key: string;
  size: number;
  sha256: string;
}

export interface BackupManifest {
  format: typeof archiveFormat;
  formatVersion: typeof archiveFormatVersion;
  congsoVersion: string;
  createdAt: string;
  engine: Engine;
  /** Where the data came from: a redacted URL or a folder. */
  source: string;
  serverVersion: string;
  migrations: MigrationLevel;
  database: { entry: string; size: number; sha256: string; tool: string };
  tables: Fingerprints;
  files: {
    storage: 'folder' | 's3';
    /** Whether the bytes are in the archive (folder storage) or not (S3: back the bucket up on its own). */
    included: boolean;
    /** Rows of the `files` table at the instant of the dump. */
    recorded: number;
    entries: ArchivedFile[];
    /** Files recorded in the database whose bytes were not found in the folder. */
    missing: string[];
  };
}

export const databaseEntry: Record<Engine, string> = {
  postgres: 'database/postgres.dump',
  pglite: 'database/pglite-datadir.tar.gz',
};

export function congsoVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const foreign = (path: string, why: string) =>
  new CliError(
    `Tệp ${path} không phải bản sao lưu Congso hợp lệ hoặc đã hỏng (${why}); không có gì bị thay đổi / ${path} is not a valid Congso backup or is damaged (${why}); nothing was changed`,
    2,
  );

function isFingerprints(value: unknown): value is Fingerprints {
  if (!value || typeof value !== 'object') return false;
  return Object.values(value).every(
    (f) =>
      f &&
      typeof f === 'object' &&
      Number.isInteger((f as { rows: unknown }).rows) &&
      typeof (f as { hash: unknown }).hash === 'string',
  );
}

function checkManifest(path: string, value: unknown): BackupManifest {
  const m = value as Partial<BackupManifest> | null;
  if (!m || typeof m !== 'object' || m.format !== archiveFormat) throw foreign(path, 'no Congso manifest');
  if (m.formatVersion !== archiveFormatVersion) {
    throw new CliError(
      `Bản sao lưu dùng định dạng ${String(m.formatVersion)} mà phiên bản Congso này không đọc được / The backup uses format ${String(m.formatVersion)}, which this Congso cannot read (made by Congso ${String(m.congsoVersion)})`,
      2,
    );
  }
  const files = m.files;
  const ok =
    (m.engine === 'postgres' || m.engine === 'pglite') &&
    typeof m.createdAt === 'string' &&
    m.database &&
    m.database.entry === databaseEntry[m.engine] &&
    Number.isInteger(m.database.size) &&
    typeof m.database.sha256 === 'string' &&
    m.migrations &&
    Number.isInteger(m.migrations.applied) &&
    isFingerprints(m.tables) &&
    files &&
    (files.storage === 'folder' || files.storage === 's3') &&
    Array.isArray(files.entries) &&
    Array.isArray(files.missing) &&
    files.entries.every(
      (f) =>
        f &&
        typeof f.key === 'string' &&
        storageKeyPattern.test(f.key) &&
        Number.isInteger(f.size) &&
        typeof f.sha256 === 'string',
    );
  if (!ok) throw foreign(path, 'manifest incomplete');
  return m as BackupManifest;
}

export interface OpenArchive {
  path: string;
  manifest: BackupManifest;
  entry(name: string): TarEntry;
}

/**
 * Reads and checks a whole archive (in one pass): its structure, its manifest, and the SHA-256 of every entry
 * the manifest lists (and nothing it does not list). Any problem is a CliError; nothing is written.
 */
export async function openArchive(path: string) {
  let entries: TarEntry[];
  try {
    entries = await listTar(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`Không có tệp / No such file: ${path}`, 2);
    if (code === 'EISDIR') throw foreign(path, 'a folder');
    if (error instanceof TarFormatError) throw foreign(path, error.message);
    throw error;
  }
  const byName = new Map<string, TarEntry>();
  for (const e of entries) {
    if (byName.has(e.name)) throw foreign(path, `entry ${e.name} twice`);
    byName.set(e.name, e);
  }
  const manifestTar = byName.get(manifestEntry);
  if (!manifestTar || manifestTar.size > 512 * 1024 * 1024) throw foreign(path, 'no manifest.json');
  const chunks: Buffer[] = [];
  for await (const chunk of readEntry(path, manifestTar)) chunks.push(chunk as Buffer);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw foreign(path, 'manifest.json is not JSON');
  }
  const manifest = checkManifest(path, parsed);

  const expected = new Map<string, { size: number; sha256: string }>([
    [manifest.database.entry, manifest.database],
    ...manifest.files.entries.map((f) => [`files/${f.key}`, f] as const),
  ]);
  for (const name of byName.keys()) {
    if (name !== manifestEntry && !expected.has(name)) throw foreign(path, `unexpected entry ${name}`);
  }
  for (const [name, want] of expected) {
    const entry = byName.get(name);
    if (!entry) throw foreign(path, `${name} is missing`);
    if (entry.size !== want.size) throw foreign(path, `${name} has ${entry.size} bytes, not ${want.size}`);
    if (entry.sha256 !== want.sha256) throw foreign(path, `${name} does not match its SHA-256`);
  }
  return {
    path,
    manifest,
    entry(name: string) {
      const e = byName.get(name);
      if (!e) throw new Error(`no entry ${name}`);
      return e;
    },
  } satisfies OpenArchive;
}
