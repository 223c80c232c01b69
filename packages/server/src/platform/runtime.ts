import { resolve } from 'node:path';
import type { Connection } from '@congso/db';
import { CatalogSearchCache } from '../catalog/catalog-index';
import type { Config } from '../config';
import { createFilingBatcher } from '../dossiers/filing-writes';
import { ReceivingAgencyCache } from '../dossiers/receiving-agencies';
import { deliverExchangeMessage } from '../exchange/exchange.service';
import { startGatewayAnchoring } from '../gateway/anchors';
import { createSessionLoader } from '../http/auth';
import { createSmtpMailer } from '../notifications/mailer';
import { deliverNotificationEmails } from '../notifications/notifications.service';
import { runReconciliation } from '../payments/payments.service';
import { runDailyPaymentReport } from '../payments/reconciliation-report';
import { deliverWebhook } from '../webhooks/webhooks.service';
import type { AppContext } from './context';
import { eachJob, startJobQueue } from './jobs';
import { createS3Storage } from './s3-storage';
import { createFolderStorage, type FileStorage } from './storage';

/**
 * Everything a server process needs besides HTTP: file storage, the job queue (and, when `workers`,
 * the workers that run its jobs), the mailer, and what the process keeps in memory (`ctx.memory`). One place, for the server, the tests and the benchmarks.
 */
export async function createContext(
  connection: Connection,
  config: Config,
  options: { now?: () => Date; workers?: boolean; onJobError?: (error: unknown) => void } = {},
): Promise<AppContext> {
  const now = options.now ?? (() => new Date());
  // The storage first: a bucket that cannot be used stops the start before anything else runs.
  const storage = await createStorage(config, now);
  const jobs = await startJobQueue(connection, {
    maintenance: options.workers ?? false,
    retryDelaySeconds: config.JOB_RETRY_DELAY_SECONDS,
    ...(options.onJobError ? { onError: options.onJobError } : {}),
  });
  const ctx: AppContext = {
    connection,
    config,
    now,
    storage,
    jobs,
    ...(config.SMTP_URL ? { mailer: createSmtpMailer(config.SMTP_URL, config.MAIL_FROM) } : {}),
    // Made just below: each part reads the context it belongs to.
    memory: undefined as unknown as AppContext['memory'],
  };
  ctx.memory = {
    catalog: new CatalogSearchCache(ctx),
    receivingAgencies: new ReceivingAgencyCache(ctx),
    batchers: { filings: createFilingBatcher(ctx), sessions: createSessionLoader(ctx) },
  };
  if (options.workers) {
    // A job carries up to 10 e-mails. Without SMTP an e-mail costs a row update: many jobs at a time. With
    // SMTP, one job at a time per worker (its e-mails go a few side by side), well inside the job's expiry.
    await jobs.work('notification.email', (items) => deliverNotificationEmails(ctx, items), {
      batchSize: ctx.mailer ? 1 : 20,
    });
    // The payment reconciliation every few minutes (idempotent: any process may run it).
    const every = config.PAYMENT_RECONCILE_EVERY_SECONDS;
    if (config.PAYMENT_PLATFORM_URL && every > 0) {
      setInterval(() => void runReconciliation(ctx).catch(() => {}), every * 1000).unref();
    }
    // Yesterday's reconciliation report, checked every hour: produced once, the first hour after midnight.
    setInterval(() => void runDailyPaymentReport(ctx).catch(() => {}), 3_600_000).unref();
    // The gateway's exchange log signed with the province seal every GATEWAY_ANCHOR_EVERY_SECONDS.
    startGatewayAnchoring(ctx);
    // Each exchange message goes on its own (a peer's slow answer does not hold others back).
    await jobs.work(
      'exchange.deliver',
      eachJob((data, run) => deliverExchangeMessage(ctx, data, run)),
      { batchSize: 4 },
    );
    // Each webhook delivery on its own too (a slow subscriber holds back no other).
    await jobs.work(
      'webhook.deliver',
      eachJob((data, run) => deliverWebhook(ctx, data, run)),
      { batchSize: 4 },
    );
  }
  return ctx;
}

/** The folder (default), or the S3-compatible bucket after checking it answers to these credentials (HEAD). */
export async function createStorage(config: Config, now: () => Date): Promise<FileStorage> {
  if (config.STORAGE !== 's3') return createFolderStorage(config.FILES_DIR ?? resolve(config.DATA_DIR, 'files'), now);
  const { S3_ENDPOINT: endpoint, S3_BUCKET: bucket, S3_ACCESS_KEY_ID: accessKeyId } = config;
  const secretAccessKey = config.S3_SECRET_ACCESS_KEY;
  // loadConfig already refuses STORAGE=s3 without them; a Config built by hand gets the same answer.
  if (!endpoint || !bucket || !accessKeyId || !secretAccessKey) {
    throw new Error(
      'STORAGE=s3 cần S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY / STORAGE=s3 needs S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY',
    );
  }
  const storage = createS3Storage({
    endpoint,
    bucket,
    region: config.S3_REGION,
    accessKeyId,
    secretAccessKey,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    now,
  });
  try {
    await storage.checkBucket();
  } catch (error) {
    throw new Error(
      `Không dùng được kho tệp S3 / Cannot use the S3 file storage (STORAGE=s3):\n${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return storage;
}
