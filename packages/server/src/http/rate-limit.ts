import { CongsoError } from '@congso/core';
import type { FastifyReply } from 'fastify';

interface Window {
  count: number;
  startMs: number;
}

/**
 * Fixed-window counters in this process's memory, on the server's clock (`ctx.now`, so tests move time).
 * Bounded: past `maxKeys` the windows that started first are dropped (the expired ones, then the oldest
 * running ones), so a flood of distinct keys costs bounded memory and only loosens the oldest limits.
 * Per process: several server processes each count on their own, which is why nginx `limit_req` in front
 * complements them in production.
 */
export class WindowCounters {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly now: () => Date,
    private readonly windowMs: number,
    private readonly maxKeys = 100_000,
  ) {}

  /** Counts one more for `key` in its current window: the count so far and the ms until the window ends. */
  hit(key: string): { count: number; ttlMs: number } {
    const nowMs = this.now().getTime();
    let w = this.windows.get(key);
    if (!w || w.startMs + this.windowMs <= nowMs) {
      // A new window goes to the end of the map: the map stays ordered by window start.
      if (w) this.windows.delete(key);
      else this.makeRoom();
      w = { count: 0, startMs: nowMs };
      this.windows.set(key, w);
    }
    w.count++;
    return { count: w.count, ttlMs: w.startMs + this.windowMs - nowMs };
  }

  /** Takes back one hit of the current window (a request that turned out not to count). */
  unhit(key: string): void {
    const w = this.windows.get(key);
    if (w && w.count > 0 && w.startMs + this.windowMs > this.now().getTime()) w.count--;
  }

  /** The count of the current window, without counting. */
  peek(key: string): number {
    const w = this.windows.get(key);
    return w && w.startMs + this.windowMs > this.now().getTime() ? w.count : 0;
  }

  get size(): number {
    return this.windows.size;
  }

  /** Windows are in the map in the order they started: the first ones are the expired or the oldest. */
  private makeRoom() {
    for (const key of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) return;
      this.windows.delete(key);
    }
  }
}

/**
 * A store for @fastify/rate-limit on `WindowCounters`: the plugin's own store reads `Date.now()`, this one the
 * server's clock. One counter set per route (the plugin calls `child` for each rate-limited route).
 */
export function clockedRateLimitStore(now: () => Date, maxKeys = 100_000) {
  return class ClockedRateLimitStore {
    private readonly counters = new Map<number, WindowCounters>();

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, ms: number) {
      let counters = this.counters.get(ms);
      if (!counters) {
        counters = new WindowCounters(now, ms, maxKeys);
        this.counters.set(ms, counters);
      }
      const { count, ttlMs } = counters.hit(key);
      callback(null, { current: count, ttl: ttlMs });
    }

    child() {
      return new ClockedRateLimitStore();
    }
  };
}

/** The 429 of the API: the project's error shape, with Retry-After (seconds) in a header and in details. */
export function rateLimited(ttlMs: number, messages?: { vi: string; en: string }, reply?: FastifyReply) {
  const retryAfterSeconds = Math.max(1, Math.ceil(ttlMs / 1000));
  reply?.header('retry-after', String(retryAfterSeconds));
  return new CongsoError('RATE_LIMITED', { ...(messages ? { messages } : {}), details: { retryAfterSeconds } });
}
