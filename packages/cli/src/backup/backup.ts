import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  fingerprintTables,
  type MigrationLevel,
  migrationLevel,
  queryRows,
  sql,
  tableFingerprints,
  useStableTextOutput,
} from '@congso/db';
import type { Config } from '@congso/server';
import { CliError } from '../errors';
import {
  type ArchivedFile,
  archiveFormat,
  archiveFormatVersion,
  type BackupManifest,
  congsoVersion,
  databaseEntry,
  type Engine,
  manifestEntry,
  storageKeyPattern,
} from './archive';
import {
  connectPostgres,
  defaultBackupName,
  fileExists,
  filesDirOf,
  formatBytes,
  openEmbedded,
  type Print,
  recordedFiles,
  storageOf,
} from './common';
import { pgTarget, runTool, toolVersion } from './pg-tools';
import { TarWriter } from './tar';

/** What the database held at the instant of its dump. */
interface Snapshot {
  source: string;
  serverVersion: string;
  tool: string;
  tables: BackupManifest['tables'];
  migrations: MigrationLevel;
  files: ArchivedFile[];
}

/**
 * PostgreSQL: `pg_dump -Fc` inside the snapshot of a REPEATABLE READ transaction of ours (exported with
 * `pg_export_snapshot`), so the fingerprints and the list of files are of exactly the data dumped, even
 * while servers keep writing.
 */
async function snapshotPostgres(databaseUrl: string, dumpPath: string): Promise<Snapshot> {
  const version = await toolVersion('pg_dump');
  if (!version) {
    throw new CliError(
      'Không tìm thấy pg_dump: hãy cài gói postgresql-client cùng phiên bản với máy chủ / pg_dump not found: install postgresql-client of the server version',
    );
  }
  const connection = await connectPostgres(databaseUrl);
  try {
    return await connection.db.transaction(
      async (tx) => {
        await useStableTextOutput(tx);
        const [row] = await queryRows<{ snapshot: string; version: string }>(
          tx,
          sql`select pg_export_snapshot() as snapshot, current_setting('server_version') as version`,
        );
        const target = pgTarget(databaseUrl);
        const dump = runTool(
          'pg_dump',
          ['--format=custom', `--snapshot=${row?.snapshot}`, `--file=${dumpPath}`, `--dbname=${target.dbname}`],
          target,
          { vi: 'Sao lưu CSDL', en: 'Database dump' },
        );
        try {
          const tables = await fingerprintTables(tx);
          const migrations = await migrationLevel(tx);
          const files = await recordedFiles(tx);
          await dump.done;
          return {
            source: connection.location,
            serverVersion: `PostgreSQL ${row?.version}`,
            tool: `pg_dump ${version}`,
            tables,
            migrations,
            files,
          };
        } catch (error) {
          dump.child.kill();
          await dump.done.catch(() => {});
          throw error;
        }
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
  } finally {
    await connection.close();
  }
}

/** Writes the archive: database dump, files, then the manifest; to `<out>.part`, renamed when complete. */
export async function runBackup(config: Config, options: { out?: string }, out: Print): Promise<string> {
  const started = Date.now();
  const target = resolve(options.out ?? defaultBackupName(new Date()));
  if (existsSync(target)) throw new CliError(`Tệp đã có, không ghi đè / File exists, not overwritten: ${target}`, 2);
  if (!existsSync(dirname(target))) throw new CliError(`Không có thư mục / No such folder: ${dirname(target)}`, 2);
  const engine: Engine = config.DATABASE_URL ? 'postgres' : 'pglite';
  const storage = storageOf(config);
  const filesDir = filesDirOf(config);
  const partial = `${target}.part`;
  if (existsSync(partial)) {
    throw new CliError(
      `Có tệp ${partial} (một bản sao lưu khác đang chạy, hoặc đã dừng giữa chừng: hãy xóa nó) / ${partial} exists (another backup is running, or one stopped halfway: delete it)`,
      2,
    );
  }

  const embedded = engine === 'pglite' ? await openEmbedded(resolve(config.DATA_DIR)) : null;
  let work: string | null = null;
  try {
    work = await mkdtemp(join(dirname(target), '.congso-backup-'));
    const dumpPath = join(work, 'database');
    let snapshot: Snapshot;
    if (embedded) {
      // The embedded database is ours alone while we hold its lock: nothing changes until the archive is done.
      const [row] = await queryRows<{ version: string }>(
        embedded.db,
        sql`select current_setting('server_version') as version`,
      );
      const dump = await embedded.pglite?.dumpDataDir('gzip');
      if (!dump) throw new Error('embedded database without a PGlite handle');
      await writeFile(dumpPath, new Uint8Array(await dump.arrayBuffer()));
      snapshot = {
        source: embedded.location,
        serverVersion: `PGlite (PostgreSQL ${row?.version})`,
        tool: 'PGlite dumpDataDir (tar.gz)',
        tables: await tableFingerprints(embedded),
        migrations: await migrationLevel(embedded.db),
        files: await recordedFiles(embedded.db),
      };
    } else {
      snapshot = await snapshotPostgres(config.DATABASE_URL as string, dumpPath);
    }

    const stream = createWriteStream(partial, { flags: 'wx' });
    const tar = new TarWriter(stream);
    const archived: ArchivedFile[] = [];
    const missing: string[] = [];
    const damaged: string[] = [];
    try {
      const dumpSize = (await stat(dumpPath)).size;
      const database = await tar.add(databaseEntry[engine], dumpSize, createReadStream(dumpPath));
      if (storage === 'folder') {
        for (const file of snapshot.files) {
          const path = join(filesDir, file.key);
          if (!storageKeyPattern.test(file.key) || !(await fileExists(path))) {
            missing.push(file.key);
            continue;
          }
          const size = (await stat(path)).size;
          const entry = await tar.add(`files/${file.key}`, size, createReadStream(path));
          if (entry.sha256 !== file.sha256) damaged.push(file.key);
          archived.push({ key: file.key, size, sha256: entry.sha256 });
        }
      }
      const manifest: BackupManifest = {
        format: archiveFormat,
        formatVersion: archiveFormatVersion,
        congsoVersion: congsoVersion(),
        createdAt: new Date().toISOString(),
        engine,
        source: snapshot.source,
        serverVersion: snapshot.serverVersion,
        migrations: snapshot.migrations,
        database: { entry: database.name, size: database.size, sha256: database.sha256, tool: snapshot.tool },
        tables: snapshot.tables,
        files: {
          storage,
          included: storage === 'folder',
          recorded: snapshot.files.length,
          entries: archived,
          missing,
        },
      };
      await tar.addBuffer(manifestEntry, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));
      await tar.finish();
      await rename(partial, target);

      const tables = Object.values(snapshot.tables);
      const rows = tables.reduce((s, t) => s + t.rows, 0);
      const level = snapshot.migrations;
      out(
        `Đã sao lưu / Backup written: ${target} (${formatBytes((await stat(target)).size)}, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
      out(
        `  CSDL / database: ${engine === 'pglite' ? `embedded database in ${snapshot.source}` : snapshot.source} — ${snapshot.serverVersion}, ${snapshot.tool}, ${formatBytes(database.size)}`,
      );
      out(
        `  ${tables.length} bảng, ${rows.toLocaleString('en-US')} dòng / tables, rows; migrations: ${level.applied} (${level.last ?? '-'})`,
      );
      if (storage === 's3') {
        out(
          `  Tệp tải lên nằm trong kho S3 và KHÔNG có trong bản sao lưu này (${snapshot.files.length} tệp): hãy sao lưu bucket riêng (versioning, replication).`,
        );
        out(
          `  Uploaded files are in the S3 bucket and NOT in this archive (${snapshot.files.length} files): back the bucket up separately (versioning, replication).`,
        );
      } else {
        out(
          `  Tệp tải lên / uploaded files: ${archived.length} (${formatBytes(archived.reduce((s, f) => s + f.size, 0))}) from ${filesDir}`,
        );
      }
      if (missing.length > 0) {
        out(
          `  CẢNH BÁO / WARNING: ${missing.length} tệp có trong CSDL nhưng không thấy trong thư mục / files recorded but not found in the folder: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`,
        );
      }
      if (damaged.length > 0) {
        out(
          `  CẢNH BÁO / WARNING: ${damaged.length} tệp khác SHA-256 đã ghi nhận / files differ from their recorded SHA-256: ${damaged.slice(0, 5).join(', ')}${damaged.length > 5 ? ', …' : ''}`,
        );
      }
      return target;
    } catch (error) {
      stream.destroy();
      await rm(partial, { force: true });
      throw error;
    }
  } finally {
    await embedded?.close();
    if (work) await rm(work, { recursive: true, force: true });
  }
}
