import { isCongsoError } from '@congso/core';
import {
  type Connection,
  connect,
  countProcedures,
  deleteExpiredSessions,
  getProvinceSetting,
  type ImportReport,
  importProcedures,
  loadDemoCatalog,
  migrate,
  type SeedReport,
  seedDemoFeeSchedules,
  seedDemoProvince,
} from '@congso/db';
import { buildApp } from './app';
import type { Config } from './config';
import { DEMO_HISTORY_WEEKS, type DemoHistoryReport, seedDemoHistory } from './dossiers/demo-history';
import { type GeneratedHistoryReport, generateHistory } from './dossiers/generated-history';
import { portalSyncSettingsOf, runPortalSync } from './exchange/portal-sync';

/** Dossiers of the demo's older year (before the recent weeks): what the embedded database loads quickly. */
export const DEMO_YEAR_DOSSIERS = 3_000;

import { ensureNationalServices } from './gateway/national-db';
import { hashPassword } from './identity/passwords';
import { evaluateAlerts, sendAlertDigests } from './ioc/alerts';
import { catchUpIoc } from './ioc/ioc-upkeep';
import { seedDemoOffice } from './office/demo-office';
import type { AppContext } from './platform/context';
import { createContext } from './platform/runtime';
import { seedDemoReporting } from './reporting/demo-reporting';
import { remindReports } from './reporting/overview';
import { type DemoCertificatesReport, seedDemoCertificates } from './signing/demo-certificates';
import { prepareProvinceAuthority } from './signing/registry';

/**
 * The database of the configuration. The read replica is opened for the server only (`withReplica`): a
 * maintenance command must not fail because the replica is down.
 */
export async function openDatabase(config: Config, options: { withReplica?: boolean } = {}): Promise<Connection> {
  return connect({
    databaseUrl: config.DATABASE_URL,
    readDatabaseUrl: options.withReplica ? config.DATABASE_READ_URL : undefined,
    dataDir: config.DATA_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
  });
}

/**
 * Seeds the demo province, its catalogue and its recent history of dossiers when asked, or automatically on an
 * empty embedded database.
 */
export async function seedIfWanted(
  connection: Connection,
  config: Config,
  now: Date,
): Promise<
  | (SeedReport & {
      history: DemoHistoryReport | null;
      year: GeneratedHistoryReport | null;
      certificates: DemoCertificatesReport | null;
    })
  | null
> {
  if (config.SEED_DEMO === 'false') return null;
  if (config.SEED_DEMO === 'auto') {
    if (connection.kind !== 'pglite') return null;
    if (await getProvinceSetting(connection.db)) return null;
  }
  const report = await seedDemoProvince(connection.db, { hashPassword, now });
  await seedDemoCatalog(connection, now);
  await seedDemoFeeSchedules(connection.db, now);
  const history = await seedDemoHistory(connection, { now });
  const certificates = await seedDemoCertificates({ connection, config, now: () => now });
  // The year before the recent history: the province's older dossiers, all finished (the officers' queues keep
  // the recent history's work only), so the operations center shows a year of figures.
  const year = history
    ? await generateHistory(connection, {
        dossiers: DEMO_YEAR_DOSSIERS,
        years: 1,
        seed: 20_260_701,
        now,
        until: new Date(now.getTime() - DEMO_HISTORY_WEEKS * 7 * 86_400_000),
        finishedOnly: true,
      })
    : null;
  return { ...report, history, year, certificates };
}

/** Loads the demo catalogue of procedures when the catalogue is empty. */
export async function seedDemoCatalog(connection: Connection, now: Date): Promise<ImportReport | null> {
  if ((await countProcedures(connection.db)) > 0) return null;
  return importProcedures(connection.db, loadDemoCatalog(), {
    validFrom: '2025-07-01',
    now,
    actorId: null,
    source: 'demo catalogue',
  });
}

export function printDemoLogins(report: SeedReport, log: (line: string) => void = console.log) {
  log('Tài khoản minh họa / Demo logins (mật khẩu / password: ' + (report.demoLogins[0]?.password ?? '') + '):');
  for (const l of report.demoLogins) {
    log(`  ${l.username.padEnd(22)} ${l.roles.join(', ').padEnd(18)} ${l.agency}`);
  }
}

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/** How long a connection accepted just before closing has to bring its request (see `stop`). */
const IDLE_CLOSE_DELAY_MS = 1_000;

export async function startServer(config: Config, log: (line: string) => void = console.log): Promise<RunningServer> {
  const started = Date.now();
  const connection = await openDatabase(config, { withReplica: true });
  let report: Awaited<ReturnType<typeof seedIfWanted>> = null;
  try {
    await migrate(connection);
    report = await seedIfWanted(connection, config, new Date());
    if (report && (report.agenciesInserted > 0 || report.peopleInserted > 0)) {
      log(
        `Đã tạo dữ liệu tỉnh minh họa / Seeded the demo province: ${report.agenciesInserted} agencies, ${report.peopleInserted} people${report.history ? `, ${report.history.dossiers} dossiers of the last weeks` : ''}${report.year ? ` and ${report.year.dossiers} of the year before them` : ''}.`,
      );
      printDemoLogins(report, log);
    }
    // The province's test CA and its time-stamping certificate: made once, on the first start that knows its
    // province (see signing/registry.ts), so that the public endpoints (POST /tsa, verification) only read.
    if (await getProvinceSetting(connection.db))
      await prepareProvinceAuthority({ connection, config, now: () => new Date() });
  } catch (error) {
    await connection.close();
    throw error;
  }
  let ctx: AppContext;
  try {
    ctx = await createContext(connection, config, {
      workers: config.JOB_WORKERS,
      onJobError: (error) => console.error('job queue:', error instanceof Error ? error.message : error),
    });
  } catch (error) {
    await connection.close();
    throw error;
  }
  // The national databases as gateway services, with the one-stop consumer and its rights (at their configured
  // URLs): registered here, so that reading the registry never writes.
  try {
    await ensureNationalServices(ctx);
  } catch (error) {
    await ctx.jobs.stop();
    await connection.close();
    throw error;
  }
  // The demo's documents office needs the context (file storage, clock): seeded with the demo province.
  if (report) await seedDemoOffice(ctx).catch((error: unknown) => console.error('demo office:', error));
  if (report) await seedDemoReporting(ctx).catch((error: unknown) => console.error('demo reporting:', error));
  const { app, readiness } = await buildApp(ctx);
  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  const url = `http://${host}:${port}`;
  const cleanup = setInterval(() => {
    deleteExpiredSessions(connection.db, new Date()).catch(() => {});
  }, 3_600_000);
  cleanup.unref();
  // The service-quality index: dossiers changed since the last count are counted at start and every minute, so
  // a view finds the counters ready (views only read). One process counts at a time; the others find it busy.
  let iocRun: Promise<unknown> = Promise.resolve();
  // The alert rules are evaluated after each count, and the day's digest goes out from 07:00 (once a day).
  const iocTick = () => {
    iocRun = (async () => {
      await catchUpIoc(connection.db, ctx.now());
      await evaluateAlerts(ctx, ctx.now());
      await sendAlertDigests(ctx, ctx.now());
    })().catch((error: unknown) => console.error('ioc:', error instanceof Error ? error.message : error));
  };
  const iocUpkeep = setInterval(iocTick, 60_000);
  iocUpkeep.unref();
  // Reports due within three days and not submitted: their agencies' officers are reminded once (hourly look).
  let reminderRun: Promise<unknown> = Promise.resolve();
  const reminders = setInterval(() => {
    reminderRun = remindReports(ctx).catch((error: unknown) =>
      console.error('reporting reminders:', error instanceof Error ? error.message : error),
    );
  }, 3_600_000);
  reminders.unref();
  if (!config.JOB_WORKERS) clearInterval(reminders);
  // The sync to the national portal: the outbox's due rows are sent every second (each run goes on while rows
  // come), by every process with job workers; rows are claimed, so two processes never send the same at once.
  let portalRun: Promise<unknown> = Promise.resolve();
  let portalBusy = false;
  const portalSync = setInterval(() => {
    if (portalBusy) return;
    portalBusy = true;
    portalRun = runPortalSync(ctx)
      .catch((error: unknown) => console.error('portal sync:', error instanceof Error ? error.message : error))
      .finally(() => {
        portalBusy = false;
      });
  }, 1_000);
  portalSync.unref();
  if (!config.JOB_WORKERS || !portalSyncSettingsOf(config)) clearInterval(portalSync);
  if (config.JOB_WORKERS) iocTick();
  else clearInterval(iocUpkeep);
  log(
    `Congso listening on ${url} (${connection.kind === 'pglite' ? `embedded database in ${connection.location}` : 'PostgreSQL'}; ready in ${Date.now() - started} ms)`,
  );
  let stopping: Promise<void> | null = null;
  return {
    url,
    stop: () => {
      stopping ??= (async () => {
        readiness.shuttingDown = true;
        clearInterval(cleanup);
        clearInterval(iocUpkeep);
        clearInterval(reminders);
        clearInterval(portalSync);
        // Drain: still listening, /readyz answers 503 and each response closes its connection.
        if (config.SHUTDOWN_DRAIN_SECONDS > 0)
          await new Promise((r) => setTimeout(r, config.SHUTDOWN_DRAIN_SECONDS * 1000));
        // Closing the server closes its idle connections, and to Node a connection just accepted whose request
        // is still in the socket buffer is idle: the proxy, which has sent that request, gets a reset (a 502
        // it does not retry for a POST; 1 in ~4,300 filings in a rolling restart). Such a connection gets a
        // moment to bring its request (served, with Connection: close); really idle ones close after it.
        const closeIdle = app.server.closeIdleConnections.bind(app.server);
        app.server.closeIdleConnections = () => {
          setTimeout(closeIdle, IDLE_CLOSE_DELAY_MS).unref();
        };
        // A connection still in the kernel's accept queue when the listener closes is reset, and the proxy, which
        // has sent its request on it, answers 502 (~1 in 20,000 filings in a rolling restart). Stop listening just
        // after the event loop has accepted what was waiting (setImmediate runs right after the poll phase, not
        // after the batchers' work of the next check phase), to keep that moment as short as the loop allows.
        await new Promise<void>((resolve) =>
          setImmediate(() => {
            app.server.close();
            resolve();
          }),
        );
        await app.close(); // finishes requests in flight (the listener is already closed)
        await ctx.jobs.stop(); // lets running jobs finish; the others stay queued
        await iocRun; // a count under way finishes its batch
        await reminderRun;
        await portalRun; // a sync under way finishes its calls
        await connection.close();
      })();
      return stopping;
    },
  };
}

export function describeStartError(error: unknown): string {
  if (isCongsoError(error)) return `${error.messages.vi}\n${error.messages.en}`;
  if (error instanceof Error) return error.message;
  return String(error);
}
