import { resolve } from 'node:path';
import {
  type Connection,
  compareFingerprints,
  copyTables,
  type Fingerprints,
  fingerprintTables,
  listTables,
  migrate,
  migrationLevel,
  nonEmptyTables,
  redactUrl,
  useStableTextOutput,
} from '@congso/db';
import { type Config, createContext } from '@congso/server';
import { CliError } from '../errors';
import { causeOf, connectPostgres, filesDirOf, openEmbedded, type Print, printComparison, storageOf } from './common';

/**
 * What moves: every table of `public` (the province's data, sessions included) and pg-boss's jobs (every
 * state: queued e-mails are not lost, and finished ones keep their history until pg-boss's retention drops
 * them). The migrations journal is written by migrating the target, and pg-boss's own tables (queues,
 * statistics, schedules) by starting the job queue on it as the server does; those are not copied.
 */
const copied = ['public', 'pgboss.job'] as const;
const compared = ['public', 'drizzle', 'pgboss.job'] as const;

class Mismatch extends Error {
  constructor(
    readonly source: Fingerprints,
    readonly target: Fingerprints,
  ) {
    super('mismatch');
  }
}

/** Starts and stops the job queue on a database: pg-boss creates or updates its schema and Congso's queues. */
async function prepareJobQueue(connection: Connection, config: Config) {
  // The folder storage: creating the context must not depend on reaching an S3 bucket.
  const ctx = await createContext(connection, { ...config, STORAGE: 'folder' } as Config, { workers: false });
  await ctx.jobs.stop();
}

export async function exportToPostgres(config: Config, to: string, out: Print) {
  const started = Date.now();
  if (!/^postgres(ql)?:\/\//.test(to)) {
    throw new CliError(`--to phải là địa chỉ postgres:// / --to must be a postgres:// URL (got ${redactUrl(to)})`, 2);
  }
  const dataDir = resolve(config.DATA_DIR);
  const source = await openEmbedded(dataDir);
  try {
    const before = await migrationLevel(source.db);
    await migrate(source);
    if (before.pending > 0) out(`Nguồn / source: ${before.pending} migrations applied first.`);
    const target = await connectPostgres(to, 2);
    try {
      const filled = await nonEmptyTables(target.db, copied);
      if (filled.length > 0) {
        throw new CliError(
          `CSDL đích không trống / The target database is not empty (${target.location}): ${filled
            .slice(0, 6)
            .map((t) => `${t.table} (${t.rows})`)
            .join(', ')}. Hãy dùng một CSDL mới, trống / Use a new, empty database.`,
          2,
        );
      }
      await migrate(target);
      const hasJobs = (await listTables(source.db, ['pgboss.job'])).length > 0;
      if (hasJobs) {
        await prepareJobQueue(source, config);
        await prepareJobQueue(target, { ...config, DATABASE_URL: to });
      }

      let figures: { source: Fingerprints; target: Fingerprints; rows: number };
      try {
        figures = await target.db.transaction(async (ttx) =>
          source.db.transaction(
            async (stx) => {
              await useStableTextOutput(stx);
              await useStableTextOutput(ttx);
              const report = await copyTables(stx, ttx, copied);
              const sourceFigures = await fingerprintTables(stx, compared);
              const targetFigures = await fingerprintTables(ttx, compared);
              // A difference rolls the target's transaction back: it stays migrated and empty.
              if (compareFingerprints(sourceFigures, targetFigures).length > 0) {
                throw new Mismatch(sourceFigures, targetFigures);
              }
              return {
                source: sourceFigures,
                target: targetFigures,
                rows: report.tables.reduce((s, t) => s + t.rows, 0),
              };
            },
            { isolationLevel: 'repeatable read' },
          ),
        );
      } catch (error) {
        if (error instanceof Mismatch) {
          printComparison(out, error.source, error.target, { expected: 'embedded', actual: 'postgres' });
          throw new CliError(
            'Dữ liệu chép sang KHÔNG khớp nguồn; đã hủy, CSDL đích vẫn trống / The copy does NOT match the source; rolled back, the target is still empty',
          );
        }
        if (error instanceof CliError) throw error;
        throw new CliError(
          `Chuyển dữ liệu thất bại, đã hủy (CSDL đích vẫn trống) / The move failed and was rolled back (the target is still empty): ${causeOf(error)}`,
        );
      }
      // Fresh statistics for the planner (the copy wrote every row at once; see restore).
      await target.pool?.query('analyze');
      out(`Đã chuyển / Moved ${dataDir} → ${target.location} (${((Date.now() - started) / 1000).toFixed(1)} s):`);
      printComparison(out, figures.source, figures.target, { expected: 'embedded', actual: 'postgres' });
      if (storageOf(config) === 'folder') {
        out(
          `Tệp tải lên vẫn ở / Uploaded files stay in ${filesDirOf(config)}: chạy máy chủ với DATABASE_URL và cùng FILES_DIR=${filesDirOf(config)} (hoặc giữ DATA_DIR) / run the server with DATABASE_URL and the same FILES_DIR (or keep DATA_DIR).`,
        );
      } else {
        out('Tệp tải lên vẫn ở kho S3 / Uploaded files stay in the S3 bucket.');
      }
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}
