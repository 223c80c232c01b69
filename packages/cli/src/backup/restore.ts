import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { gunzip as gunzipCallback } from 'node:zlib';
import {
  acquireDataDirLock,
  type Connection,
  type DataDirLock,
  hasPgliteDatabase,
  migrationJournal,
  nonEmptyTables,
  openPgliteFolder,
  pgliteFolder,
  queryRows,
  sql,
  tableFingerprints,
} from '@congso/db';
import type { Config } from '@congso/server';
import { CliError } from '../errors';
import { type Engine, type OpenArchive, openArchive } from './archive';
import {
  causeOf,
  connectPostgres,
  defaultBackupName,
  filesDirOf,
  formatBytes,
  isLocked,
  missingInFolder,
  type Print,
  printComparison,
  recordedFiles,
  restoreFiles,
  serverRunning,
  storageOf,
} from './common';
import { pgTarget, runTool } from './pg-tools';
import { readEntry } from './tar';

const gunzip = promisify(gunzipCallback);

const engineName = (e: Engine) => (e === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : 'CSDL nhúng / embedded (DATA_DIR)');

function notEmpty(where: string, tables: { table: string; rows: number }[]): CliError {
  const list = tables
    .slice(0, 6)
    .map((t) => `${t.table} (${t.rows})`)
    .join(', ');
  return new CliError(
    `CSDL đích không trống (${where}): ${list}${tables.length > 6 ? ', …' : ''}.\nKhôi phục sẽ XÓA toàn bộ dữ liệu này; chạy lại với --yes nếu chắc chắn.\nThe target database is not empty (${where}): ${list}${tables.length > 6 ? ', …' : ''}.\nRestoring REPLACES all of it; run again with --yes if you are sure.`,
    2,
  );
}

/**
 * Removes Congso's objects from a PostgreSQL database, in the restore's transaction: the schemas the dump
 * creates (drizzle, pgboss, ...) and everything in `public` (extensions, tables, sequences, functions, types),
 * while the `public` schema itself, its owner and its grants stay as the administrator set them.
 */
function wipeSql(schemas: string[]): string {
  const drops = schemas
    .filter((s) => s !== 'public')
    .map((s) => `DROP SCHEMA IF EXISTS "${s.replace(/"/g, '""')}" CASCADE;`)
    .join('\n');
  return `SET lock_timeout = '30s';
SET client_min_messages = warning;
${drops}
DO $wipe$
DECLARE r record;
BEGIN
  FOR r IN SELECT e.extname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
           WHERE n.nspname = 'public' LOOP
    EXECUTE format('DROP EXTENSION IF EXISTS %I CASCADE', r.extname);
  END LOOP;
  FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition LOOP
    EXECUTE format('DROP %s IF EXISTS public.%I CASCADE',
      CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
      r.relname);
  END LOOP;
  FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind = 'S' LOOP
    EXECUTE format('DROP SEQUENCE IF EXISTS public.%I CASCADE', r.relname);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure::text AS f, p.prokind FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = 'public' LOOP
    EXECUTE format('DROP %s IF EXISTS %s CASCADE',
      CASE r.prokind WHEN 'a' THEN 'AGGREGATE' WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, r.f);
  END LOOP;
  FOR r IN SELECT t.typname, t.typtype FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'r', 'm')
              OR (n.nspname = 'public' AND t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c') LOOP
    EXECUTE format('DROP %s IF EXISTS public.%I CASCADE', CASE r.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, r.typname);
  END LOOP;
END
$wipe$;
`;
}

/**
 * pg_dump's script empties the search_path for safety and qualifies every name it writes, but the bodies of
 * SQL functions stay as written: `f_unaccent` (migration 0000) calls `unaccent(...)` unqualified, so filling
 * the generated search columns during the restore would fail with "text search dictionary unaccent does not
 * exist". The script's one `set_config('search_path', '', ...)` line (in its header) is changed to `public`,
 * where the extensions live (and which the wipe has just emptied); everything after it passes untouched.
 */
export function withPublicSearchPath(): Transform {
  const line = "SELECT pg_catalog.set_config('search_path', '', false);";
  let head = '';
  let done = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (done) {
        callback(null, chunk);
        return;
      }
      head += chunk.toString('latin1');
      if (head.includes(line) || head.length > 1_000_000) {
        done = true;
        const fixed = head.replace(line, "SELECT pg_catalog.set_config('search_path', 'public', false);");
        head = '';
        callback(null, Buffer.from(fixed, 'latin1'));
        return;
      }
      callback();
    },
    flush(callback) {
      callback(null, head.length > 0 ? Buffer.from(head, 'latin1') : undefined);
    },
  });
}

/** Schemas a custom-format dump creates, from its table of contents (`pg_restore -l`). */
async function dumpSchemas(dumpPath: string, databaseUrl: string): Promise<string[]> {
  const target = pgTarget(databaseUrl);
  const run = runTool(
    'pg_restore',
    ['--list', dumpPath],
    target,
    { vi: 'Đọc bản dump', en: 'Reading the dump' },
    {
      stdout: 'pipe',
    },
  );
  let list = '';
  run.child.stdout?.on('data', (c: Buffer) => {
    list += c.toString('utf8');
  });
  await run.done;
  const schemas = new Set(['drizzle', 'pgboss']);
  for (const line of list.split('\n')) {
    const m = /^\d+; \d+ \d+ SCHEMA - (\S+) /.exec(line);
    if (m?.[1]) schemas.add(m[1]);
  }
  return [...schemas].sort();
}

async function restorePostgres(archive: OpenArchive, config: Config, yes: boolean, out: Print) {
  const databaseUrl = config.DATABASE_URL as string;
  const check = await connectPostgres(databaseUrl);
  try {
    const [others] = await queryRows<{ n: number }>(
      check.db,
      sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
    );
    if ((others?.n ?? 0) > 0) {
      throw new CliError(
        `CSDL ${check.location} đang có ${others?.n} kết nối khác: hãy dừng mọi máy chủ Congso (và công cụ khác) trước khi khôi phục.\nThe database ${check.location} has ${others?.n} other connections: stop every Congso server (and other clients) before restoring.`,
        75,
      );
    }
    const filled = await nonEmptyTables(check.db);
    if (filled.length > 0 && !yes) throw notEmpty(check.location, filled);
  } finally {
    await check.close();
  }

  const files = await restoreArchiveFiles(archive, config, out);

  const work = await mkdtemp(join(tmpdir(), 'congso-restore-'));
  try {
    const dumpPath = join(work, 'postgres.dump');
    await pipeline(
      readEntry(archive.path, archive.entry(archive.manifest.database.entry)),
      createWriteStream(dumpPath),
    );
    const wipePath = join(work, 'wipe.sql');
    await writeFile(wipePath, wipeSql(await dumpSchemas(dumpPath, databaseUrl)));
    // pg_restore writes the SQL, psql runs it after the wipe in ONE transaction: all of it or nothing. psql's
    // input ends (and its COMMIT comes) only once pg_restore has finished well; otherwise psql is killed.
    const target = pgTarget(databaseUrl);
    const what = { vi: 'Khôi phục CSDL', en: 'Database restore' };
    const restore = runTool('pg_restore', ['--no-owner', '--file=-', dumpPath], target, what, { stdout: 'pipe' });
    const psql = runTool(
      'psql',
      [
        '--no-psqlrc',
        '--quiet',
        '--set=ON_ERROR_STOP=1',
        '--single-transaction',
        `--dbname=${target.dbname}`,
        `--file=${wipePath}`,
        '--file=-',
      ],
      target,
      what,
      { stdin: 'pipe', stdout: 'ignore' },
    );
    let psqlEnded = false;
    let killed = false;
    const psqlResult = psql.done.then(
      () => null,
      (error: unknown) => error,
    );
    void psqlResult.then(() => {
      psqlEnded = true;
      // Nobody reads pg_restore's output any more: stop it rather than let it wait forever.
      if (restore.child.exitCode === null && restore.child.signalCode === null) restore.child.kill();
    });
    psql.child.stdin?.on('error', () => {}); // psql stopped early: its own error is the one reported
    const script = withPublicSearchPath();
    restore.child.stdout?.pipe(script).pipe(psql.child.stdin as NodeJS.WritableStream, { end: false });
    // Ends once every line of the script has been handed to psql (only then may its input end).
    const handedOver = finished(script).then(
      () => null,
      (error: unknown) => error,
    );
    try {
      await restore.done;
      const error = await handedOver;
      if (error) throw error;
    } catch (error) {
      if (!psqlEnded) {
        killed = true;
        psql.child.kill('SIGKILL');
      }
      const psqlError = await psqlResult;
      throw !killed && psqlError ? psqlError : error;
    }
    if (psqlEnded) {
      throw (
        (await psqlResult) ?? new CliError('psql kết thúc trước khi nhận hết dữ liệu / psql ended before its input')
      );
    }
    psql.child.stdin?.end();
    await psql.done;
  } finally {
    await rm(work, { recursive: true, force: true });
  }

  const connection = await connectPostgres(databaseUrl);
  try {
    // pg_restore leaves the planner without statistics: until autovacuum gets to it, a table of many rows
    // looks empty and the hot statements pick full scans (a filing went from 16 ms to 200 ms in a bench).
    await connection.pool?.query('analyze');
    await verifyTables(archive, connection, out);
    if (files.restored) await verifyFiles(archive, connection, config, out);
  } finally {
    await connection.close();
  }
}

interface FilesOutcome {
  restored: boolean;
  written: number;
  identical: number;
  bytes: number;
}

async function restoreArchiveFiles(archive: OpenArchive, config: Config, out: Print): Promise<FilesOutcome> {
  const m = archive.manifest.files;
  const none = { restored: false, written: 0, identical: 0, bytes: 0 };
  if (!m.included) {
    out(
      `Bản sao lưu không chứa tệp tải lên (kho S3 lúc sao lưu: ${m.recorded} tệp nằm trong bucket) / The archive holds no uploaded files (S3 storage at backup time: ${m.recorded} files are in the bucket).`,
    );
    return none;
  }
  if (storageOf(config) === 's3') {
    out(
      `CẢNH BÁO / WARNING: STORAGE=s3 — ${m.entries.length} tệp trong bản sao lưu KHÔNG được chép lên bucket (giải nén bằng tar rồi tải lên) / ${m.entries.length} files of the archive are NOT copied to the bucket (extract them with tar and upload them).`,
    );
    return none;
  }
  const dir = filesDirOf(config);
  const result = await restoreFiles(archive, dir);
  out(
    `Tệp tải lên / uploaded files → ${dir}: ${result.written} ghi / written (${formatBytes(result.bytes)}), ${result.identical} đã có sẵn giống hệt / already there, identical.`,
  );
  return { restored: true, ...result };
}

/** Compares the restored tables with the manifest and prints the figures; throws on any difference. */
async function verifyTables(archive: OpenArchive, connection: Pick<Connection, 'db'>, out: Print) {
  const figures = await tableFingerprints(connection);
  out('Kiểm tra sau khôi phục / Verification after restore:');
  const differences = printComparison(out, archive.manifest.tables, figures, {
    expected: 'backup',
    actual: 'restored',
  });
  if (differences > 0) {
    throw new CliError(
      `Khôi phục KHÔNG khớp bản sao lưu ở ${differences} bảng / The restore does NOT match the backup in ${differences} tables`,
      1,
    );
  }
}

/** Every file the restored database records has its bytes in the folder (unless already missing at backup). */
async function verifyFiles(archive: OpenArchive, connection: Pick<Connection, 'db'>, config: Config, out: Print) {
  const m = archive.manifest.files;
  const missing = await missingInFolder(await recordedFiles(connection.db), filesDirOf(config));
  const expectedMissing = new Set(m.missing);
  const unexpected = missing.filter((k) => !expectedMissing.has(k));
  out(
    `  Tệp / files: ${m.entries.length} trong bản sao lưu / in the archive, ${missing.length} dòng CSDL không có tệp / rows without bytes${m.missing.length ? ` (${m.missing.length} already missing at backup time)` : ''}`,
  );
  if (unexpected.length > 0) {
    throw new CliError(
      `Thiếu ${unexpected.length} tệp sau khôi phục / ${unexpected.length} files missing after the restore: ${unexpected.slice(0, 5).join(', ')}`,
    );
  }
}

async function restorePglite(archive: OpenArchive, config: Config, yes: boolean, out: Print) {
  const dataDir = resolve(config.DATA_DIR);
  const live = pgliteFolder(dataDir);
  let lock: DataDirLock;
  try {
    lock = acquireDataDirLock(dataDir);
  } catch (error) {
    if (isLocked(error)) throw serverRunning(error);
    throw error;
  }
  try {
    if (hasPgliteDatabase(live)) {
      const current = await openPgliteFolder(live);
      try {
        const filled = await nonEmptyTables(current.db);
        if (filled.length > 0 && !yes) throw notEmpty(dataDir, filled);
      } finally {
        await current.close();
      }
    }
    // Loaded and checked beside the live folder; the live one is replaced only once the copy is right.
    const staging = join(dataDir, 'pglite.restoring');
    await rm(staging, { recursive: true, force: true });
    const chunks: Buffer[] = [];
    for await (const chunk of readEntry(archive.path, archive.entry(archive.manifest.database.entry))) {
      chunks.push(chunk as Buffer);
    }
    let restored: Connection;
    try {
      // Unpacked here: PGlite's own gunzip leaves a damaged stream's error unhandled (it would end the process).
      const tarball = await gunzip(Buffer.concat(chunks));
      restored = await openPgliteFolder(staging, {
        loadDataDir: new Blob([tarball], { type: 'application/x-tar' }),
      });
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw new CliError(
        `Không nạp được CSDL nhúng từ bản sao lưu; không có gì bị thay đổi / Cannot load the embedded database of the backup; nothing was changed: ${causeOf(error)}`,
      );
    }
    try {
      await verifyTables(archive, restored, out);
      const files = await restoreArchiveFiles(archive, config, out);
      if (files.restored) await verifyFiles(archive, restored, config, out);
    } catch (error) {
      await restored.close();
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
    await restored.close();
    let previous: string | null = null;
    if (existsSync(live)) {
      previous = join(
        dataDir,
        defaultBackupName(new Date())
          .replace('congso-backup-', 'pglite.before-restore-')
          .replace(/\.tar$/, ''),
      );
      await rename(live, previous);
    }
    await rename(staging, live);
    if (previous) {
      out(
        `CSDL cũ được giữ ở / The previous database is kept in ${previous} (xóa khi không cần / delete it when no longer needed).`,
      );
    }
  } finally {
    lock.release();
  }
}

/** Checks the whole archive, then restores it into the configured engine (see the command's help). */
export async function runRestore(config: Config, file: string, options: { yes?: boolean }, out: Print) {
  const started = Date.now();
  const engine: Engine = config.DATABASE_URL ? 'postgres' : 'pglite';
  const archive = await openArchive(resolve(file));
  const m = archive.manifest;
  out(
    `Bản sao lưu hợp lệ / Archive checked: ${m.engine}, ${m.createdAt}, Congso ${m.congsoVersion}, ${Object.keys(m.tables).length} tables, ${m.files.entries.length} files (${file})`,
  );
  if (m.engine !== engine) {
    throw new CliError(
      m.engine === 'pglite'
        ? `Bản sao lưu của CSDL nhúng không khôi phục thẳng vào PostgreSQL: hãy khôi phục vào DATA_DIR (không đặt DATABASE_URL) rồi chạy \`congso db export-to-postgres --to <url>\`.\nA backup of the embedded database is not restored into PostgreSQL directly: restore it into a DATA_DIR (without DATABASE_URL), then run \`congso db export-to-postgres --to <url>\`.`
        : `Bản sao lưu PostgreSQL chỉ khôi phục vào PostgreSQL (đặt DATABASE_URL) / A PostgreSQL backup restores into PostgreSQL only (set DATABASE_URL); the configured engine is ${engineName(engine)}.`,
      2,
    );
  }
  const known = new Set(migrationJournal().map((e) => e.tag));
  if (m.migrations.unknown > 0 || (m.migrations.last !== null && !known.has(m.migrations.last))) {
    throw new CliError(
      `Bản sao lưu do Congso mới hơn tạo (migration ${m.migrations.last}): hãy cập nhật Congso trước / The backup was made by a newer Congso (migration ${m.migrations.last}): upgrade Congso first.`,
      2,
    );
  }
  if (engine === 'postgres') await restorePostgres(archive, config, options.yes === true, out);
  else await restorePglite(archive, config, options.yes === true, out);
  const pending = migrationJournal().length - m.migrations.applied;
  out(
    `Đã khôi phục / Restored in ${((Date.now() - started) / 1000).toFixed(1)} s into ${engineName(engine)}.${pending > 0 ? ` Máy chủ sẽ áp dụng ${pending} migration khi khởi động / The server applies ${pending} pending migrations at start.` : ''}`,
  );
}
