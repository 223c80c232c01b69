import { resolve } from 'node:path';
import type { Connection } from '@congso/db';
import type { Config } from '../config';
import { createSmtpMailer } from '../notifications/mailer';
import { deliverNotificationEmail } from '../notifications/notifications.service';
import type { AppContext } from './context';
import { startJobQueue } from './jobs';
import { createFolderStorage } from './storage';

/**
 * Everything a server process needs besides HTTP: file storage, the job queue (and, when `workers`,
 * the workers that run its jobs) and the mailer. One place, for the server, the tests and the benchmarks.
 */
export async function createContext(
  connection: Connection,
  config: Config,
  options: { now?: () => Date; workers?: boolean; onJobError?: (error: unknown) => void } = {},
): Promise<AppContext> {
  const now = options.now ?? (() => new Date());
  const jobs = await startJobQueue(connection, {
    maintenance: options.workers ?? false,
    ...(options.onJobError ? { onError: options.onJobError } : {}),
  });
  const ctx: AppContext = {
    connection,
    config,
    now,
    storage: createFolderStorage(config.FILES_DIR ?? resolve(config.DATA_DIR, 'files'), now),
    jobs,
    ...(config.SMTP_URL ? { mailer: createSmtpMailer(config.SMTP_URL, config.MAIL_FROM) } : {}),
  };
  if (options.workers) {
    await jobs.work('notification.email', (data, run) => deliverNotificationEmail(ctx, data, run));
  }
  return ctx;
}
