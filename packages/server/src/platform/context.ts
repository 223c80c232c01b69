import type { Connection } from '@congso/db';
import type { Config } from '../config';
import type { Mailer } from '../notifications/notifications.service';
import type { JobQueue } from './jobs';
import type { FileStorage } from './storage';

/** What every route and use case gets: the database, the configuration, the clock, files, jobs and mail. */
export interface AppContext {
  connection: Connection;
  config: Config;
  /** The only clock of the server: tests pass a fixed or moving one. */
  now: () => Date;
  /** The bytes of uploaded files. */
  storage: FileStorage;
  /** The job queue; jobs are sent inside business transactions. */
  jobs: JobQueue;
  /** SMTP, when configured; without it e-mails stay in the outbox (the demo). */
  mailer?: Mailer;
}
