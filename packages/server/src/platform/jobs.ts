import { createHash } from 'node:crypto';
import { type Connection, type Executor, nodePostgresClient } from '@congso/db';
import { sql } from 'drizzle-orm';
import { fromDrizzle, fromPglite, type Job, PgBoss } from 'pg-boss';
import type { Settled } from './batcher';

/**
 * The job queue (pg-boss, in the same PostgreSQL — or the same embedded database — as the data). A job is
 * sent inside the business transaction that needs it, so a change and the work it causes are committed
 * or rolled back together; workers run it afterwards, with retries.
 */
export const jobNames = ['notification.email', 'exchange.deliver', 'webhook.deliver'] as const;
export type JobName = (typeof jobNames)[number];

/** Retries after a failed run (exponential backoff from 30 s): the sixth failure is the last. */
export const jobRetryLimit = 5;

/** Which run this is: the last one may record a definitive failure. */
export interface JobRun {
  attempt: number;
  lastAttempt: boolean;
}

export type JobHandler = (data: Record<string, unknown>, run: JobRun) => Promise<void>;

/** A job as a batch handler gets it. */
export interface JobItem {
  data: Record<string, unknown>;
  run: JobRun;
}

/**
 * Runs a batch of jobs and answers each (same length and order): a job answered with an error is failed
 * (and retried) on its own, the others are completed. Throwing fails the whole batch.
 */
export type JobBatchHandler = (jobs: readonly JobItem[]) => Promise<Settled<void>[]>;

/** A batch handler that runs `handler` for each job, side by side, each settled on its own. */
export function eachJob(handler: JobHandler): JobBatchHandler {
  return async (jobs) =>
    (await Promise.allSettled(jobs.map((job) => handler(job.data, job.run)))).map((o) =>
      o.status === 'fulfilled' ? { ok: true, value: undefined } : { ok: false, error: o.reason },
    );
}

const runOf = (job: { retryCount: number }): JobRun => ({
  attempt: job.retryCount + 1,
  lastAttempt: job.retryCount >= jobRetryLimit,
});

export interface JobQueue {
  /** Enqueues a job as part of the transaction `tx`. */
  send(tx: Executor, name: JobName, data: Record<string, unknown>): Promise<void>;
  /** Enqueues several jobs of one queue as part of the transaction `tx`, in one statement. */
  sendMany(tx: Executor, name: JobName, data: readonly Record<string, unknown>[]): Promise<void>;
  /** Starts polling workers for a queue (the server). */
  work(name: JobName, handler: JobBatchHandler, options?: { batchSize?: number }): Promise<void>;
  /** Runs the jobs queued now, one by one, and returns how many ran (tests, the CLI). */
  drain(name: JobName, handler: JobHandler): Promise<number>;
  stop(): Promise<void>;
}

export async function startJobQueue(
  connection: Connection,
  options: { maintenance?: boolean; onError?: (error: unknown) => void; retryDelaySeconds?: number } = {},
): Promise<JobQueue> {
  const common = {
    schedule: false,
    supervise: options.maintenance ?? false,
    // A process killed while running a job stops its heartbeat: the supervisor of any other process fails
    // that run within about 20 s and the job is retried (with the usual delay), so no queued job is lost.
    superviseIntervalSeconds: 10,
    monitorIntervalSeconds: 10,
    migrate: true,
  };
  const boss =
    connection.kind === 'pglite' && connection.pglite
      ? new PgBoss({ ...common, db: fromPglite(connection.pglite) })
      : new PgBoss({ ...common, connectionString: connection.databaseUrl as string, max: 4 });
  boss.on('error', (error) => options.onError?.(error));
  await boss.start();
  const queueOptions = {
    retryLimit: jobRetryLimit,
    retryDelay: options.retryDelaySeconds ?? 30,
    retryBackoff: true,
    expireInSeconds: 120,
    heartbeatSeconds: 10,
  };
  for (const name of jobNames) {
    const queue = await boss.getQueue(name);
    if (!queue) await boss.createQueue(name, queueOptions);
    else if (
      queue.retryDelay !== queueOptions.retryDelay ||
      queue.heartbeatSeconds !== queueOptions.heartbeatSeconds ||
      queue.retryLimit !== queueOptions.retryLimit
    ) {
      // Settings changed by an upgrade or the configuration apply to the existing queue (new jobs).
      await boss.updateQueue(name, queueOptions);
    }
    // Loads the queue into pg-boss's cache now: a cache miss inside a transaction would query outside it,
    // which on the embedded database (one connection) waits for the transaction forever.
    await boss.getJobById(name, '00000000-0000-4000-8000-000000000000');
  }
  // Each job of a batch is settled on its own: one that fails (a refused address, a timeout) is failed here,
  // alone (and retried alone), and the rest are completed together when the handler returns — pg-boss
  // completes only jobs still active in the attempt it fetched, so the failed ones stay failed and the ones
  // that succeeded are never run again (an e-mail is sent once). Completing by id list, not pg-boss's
  // per-job results: that statement joins a JSON recordset to the whole queue and slowed with its size.
  const run = async (name: JobName, handler: JobBatchHandler, jobs: Job<unknown>[]): Promise<void> => {
    const outcomes = await handler(jobs.map((job) => ({ data: job.data as Record<string, unknown>, run: runOf(job) })));
    for (const [i, job] of jobs.entries()) {
      const outcome = outcomes[i];
      if (outcome?.ok) continue;
      const reason = outcome ? outcome.error : new Error('no answer for this job');
      await boss.fail(name, job, { message: reason instanceof Error ? reason.message : String(reason) });
    }
  };
  return {
    async send(tx, name, data) {
      await boss.send(name, data, { db: fromDrizzle(tx as never, sql) });
    },
    async sendMany(tx, name, data) {
      if (data.length === 0) return;
      await boss.insert(
        name,
        data.map((d) => ({ data: d })),
        { db: namedInsert(tx) ?? fromDrizzle(tx as never, sql) },
      );
    },
    async work(name, handler, options = {}) {
      // A full batch means more is waiting: fetch again at once (a backlog after an outage drains at hundreds
      // a second, not one batch a second); an idle queue is polled every second.
      await boss.work(
        name,
        {
          pollingIntervalSeconds: 1,
          batchSize: options.batchSize ?? 10,
          burstWhenBatchFull: true,
        },
        (jobs) => run(name, handler, jobs),
      );
    },
    async drain(name, handler) {
      let ran = 0;
      for (;;) {
        const jobs = await boss.fetch(name, { batchSize: 20 });
        if (jobs.length === 0) return ran;
        for (const job of jobs) {
          try {
            await handler(job.data as Record<string, unknown>, runOf(job));
            await boss.complete(name, job.id);
          } catch (error) {
            await boss.fail(name, job.id, { message: error instanceof Error ? error.message : String(error) });
          }
          ran++;
        }
      }
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}

/** Names of pg-boss's insert statements seen so far (one per text: one per queue, a few in all). */
const namedInserts = new Set<string>();
const MAX_NAMED_INSERTS = 16;

/**
 * pg-boss's insert in the caller's transaction as a named statement on PostgreSQL: a group of filings adds its
 * e-mail jobs with it, many times a second, and planning its statement each time cost as much as running it.
 * The name comes from the statement's text, so a text pg-boss changes gets a name of its own; past a few
 * texts (never in practice) the statement runs unnamed, as pg-boss's own adapter would run it.
 */
function namedInsert(tx: Executor) {
  const client = nodePostgresClient(tx);
  if (!client) return undefined;
  return {
    async executeSql(text: string, values?: unknown[]) {
      const name = `congso_jobs_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
      if (namedInserts.size < MAX_NAMED_INSERTS) namedInserts.add(name);
      const query = namedInserts.has(name) ? { name, text, values } : { text, values };
      return { rows: (await client.query(query)).rows };
    },
  };
}
