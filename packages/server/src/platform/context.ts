import type { Connection, LiveSession } from '@congso/db';
import type { CatalogSearchCache } from '../catalog/catalog-index';
import type { Config } from '../config';
import type { FiledDossier, PreparedFiling } from '../dossiers/filing-writes';
import type { ReceivingAgencyCache } from '../dossiers/receiving-agencies';
import type { Mailer } from '../notifications/notifications.service';
import type { Batcher } from './batcher';
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
  /** What this process keeps in memory, made once with the context (`createContext`). */
  memory: ProcessMemory;
}

/**
 * The per-process caches and group-commit batchers. Each process has its own; every one of them is only a
 * hint or a queue in front of the database, which stays the truth (see each one's comment).
 */
export interface ProcessMemory {
  /** The search index of the procedures in force, and their versions (rebuilt when the catalogue changes). */
  catalog: CatalogSearchCache;
  /** Receiving agencies found in force (checked again in the filing's transaction). */
  receivingAgencies: ReceivingAgencyCache;
  /** Group commit (platform/batcher.ts), by name: /metrics reports each. */
  batchers: {
    /** Filings written together in one transaction. */
    filings: Batcher<PreparedFiling, FiledDossier>;
    /** Session look-ups of the requests arriving together, in one query. */
    sessions: Batcher<string, LiveSession | undefined>;
  };
}
