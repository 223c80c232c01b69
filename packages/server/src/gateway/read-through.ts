/**
 * A per-process read-through cache for the gateway's hot path (tokens, services, rights). A value is trusted
 * for `ttlMs` after it was read; callers that miss together share one read; past `refreshMs` a value still in
 * use is read again in the background while callers keep getting it, so a key in steady use never waits for the
 * database and is never older than `ttlMs` (unless that background read itself takes longer: then callers wait
 * for it). `forget` drops everything, and reads started before it do not store what they read (a right taken
 * back is not put back by a read that began before).
 */
export interface ReadThroughOptions<T> {
  ttlMs: number;
  refreshMs: number;
  /** Values not to keep (a token not found): read again next time. */
  keep?: (value: T) => boolean;
  /** An instant after which a value is no longer valid whatever its age (a token's expiry, ms since epoch). */
  validUntil?: (value: T) => number;
}

const MAX_KEYS = 10_000;

export class ReadThrough<T> {
  private readonly entries = new Map<string, { at: number; value: T }>();
  private readonly reading = new Map<string, Promise<T>>();
  private generation = 0;

  constructor(private readonly options: ReadThroughOptions<T>) {}

  /** The value for `key` at `now` (ms since epoch), read with `load` when missing, stale or expired. */
  get(key: string, now: number, load: () => Promise<T>): T | Promise<T> {
    const hit = this.entries.get(key);
    if (hit && now >= hit.at && now - hit.at < this.options.ttlMs) {
      const until = this.options.validUntil?.(hit.value);
      if (until === undefined || until > now) {
        if (now - hit.at >= this.options.refreshMs && !this.reading.has(key)) {
          this.read(key, now, load).catch(() => {});
        }
        return hit.value;
      }
    }
    return this.reading.get(key) ?? this.read(key, now, load);
  }

  forget() {
    this.generation += 1;
    this.entries.clear();
    this.reading.clear();
  }

  private read(key: string, now: number, load: () => Promise<T>): Promise<T> {
    const generation = this.generation;
    const promise = load().then(
      (value) => {
        if (generation === this.generation) {
          this.reading.delete(key);
          if (this.options.keep?.(value) ?? true) {
            if (this.entries.size >= MAX_KEYS) this.entries.clear();
            this.entries.set(key, { at: now, value });
          } else {
            this.entries.delete(key);
          }
        }
        return value;
      },
      (error: unknown) => {
        if (generation === this.generation) this.reading.delete(key);
        throw error;
      },
    );
    this.reading.set(key, promise);
    return promise;
  }
}
