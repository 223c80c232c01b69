/**
 * Writing the gateway's exchange log: every call through the gateway appends one chained entry. Entries arriving
 * together are appended by one statement (group commit, platform/batcher.ts): linked after the head this process
 * knows and inserted in one round trip that is its own commit; when another process appended meanwhile the insert
 * fails whole on the taken `seq`, and the batch is linked again after the head read anew (an optimistic append,
 * gateway.queries.ts). One run at a time per process, the next starting as soon as the last commits, so the
 * chain has one order across processes and a busy gateway pays one commit for many calls. A call's answer waits
 * for its entry's commit: no exchange goes unlogged.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { ChainedEntry, GatewayOutcome } from '@congso/core';
import {
  type GatewayChainHead,
  type GatewayLogRow,
  gatewayLogHead,
  insertLinkedGatewayEntries,
  linkGatewayEntries,
} from '@congso/db';
import { type Batcher, createBatcher } from '../platform/batcher';
import type { AppContext } from '../platform/context';

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

export interface LogInput {
  consumerId: string | null;
  consumerCode: string | null;
  serviceCode: string;
  method: string;
  path: string;
  purpose: string | null;
  dossierId: string | null;
  subjectNationalId: string | null;
  outcome: GatewayOutcome;
  status: number;
  errorCode: string | null;
  durationMs: number;
}

/** Lost races with other processes before a batch gives up (each one another process's batch committed). */
const MAX_APPEND_ATTEMPTS = 50;

const batchers = new WeakMap<AppContext, Batcher<ChainedEntry, GatewayLogRow>>();

/**
 * Where the gateway's calls spend their time, summed in this process since its start (milliseconds): the bench
 * prints them per call beside the rates. `commitMs` is the log's own transactions (the batcher's runs), so
 * `logMs` (a call's wait for its entry, from submit to commit) minus a run's time is the wait for the run before.
 */
export interface GatewayTimings {
  calls: number;
  authMs: number;
  registryMs: number;
  rateMs: number;
  forwardMs: number;
  logMs: number;
  handlerMs: number;
  commitMs: number;
}

const timingsOf = new WeakMap<AppContext, GatewayTimings>();

export function gatewayTimings(ctx: AppContext): GatewayTimings {
  let t = timingsOf.get(ctx);
  if (!t) {
    t = { calls: 0, authMs: 0, registryMs: 0, rateMs: 0, forwardMs: 0, logMs: 0, handlerMs: 0, commitMs: 0 };
    timingsOf.set(ctx, t);
  }
  return t;
}

function logBatcher(ctx: AppContext): Batcher<ChainedEntry, GatewayLogRow> {
  let batcher = batchers.get(ctx);
  if (!batcher) {
    const db = ctx.connection.db;
    /** The chain's last entry as far as this process knows; undefined: read it before linking. */
    let head: GatewayChainHead | null | undefined;
    batcher = createBatcher<ChainedEntry, GatewayLogRow>(
      async (entries) => {
        // One run at a time (maxInFlight 1): the next batch links to this one's last hash.
        const started = performance.now();
        try {
          for (let attempt = 1; ; attempt++) {
            if (head === undefined) head = (await gatewayLogHead(db)) ?? null;
            const rows = linkGatewayEntries(head, entries, sha256Hex);
            if (await insertLinkedGatewayEntries(db, rows)) {
              const last = rows[rows.length - 1];
              if (last) head = { seq: last.seq, hash: last.hash };
              return rows.map((value) => ({ ok: true as const, value }));
            }
            // Another process appended after our head: read it again. Each lost race is another writer's gain.
            head = undefined;
            if (attempt >= MAX_APPEND_ATTEMPTS) throw new Error('gateway log: the chain head kept moving');
          }
        } catch (error) {
          // A failed insert may or may not have committed (a connection lost at commit): read the head again.
          head = undefined;
          throw error;
        } finally {
          gatewayTimings(ctx).commitMs += performance.now() - started;
        }
      },
      { maxBatch: 200, maxInFlight: 1 },
    );
    batchers.set(ctx, batcher);
  }
  return batcher;
}

/** Appends one entry (at the context's time) and resolves once it is committed. */
export function logExchange(ctx: AppContext, input: LogInput): Promise<GatewayLogRow> {
  return logBatcher(ctx).submit({ id: randomUUID(), at: ctx.now(), ...input });
}

/** The log's group commit, for /metrics-like reports and the benchmark. */
export function gatewayLogBatcher(ctx: AppContext) {
  return logBatcher(ctx);
}
