/**
 * Group commit for hot paths. Work that arrives while earlier work is in flight waits and goes together
 * with the rest that arrived meanwhile: one database round trip (one transaction, one commit) for many
 * requests, so the cost per request falls as load rises. A request that finds a free slot goes at once (in
 * the same turn of the event loop as the others that arrived with it), so a quiet server answers as fast
 * as without batching.
 */

export type Settled<O> = { ok: true; value: O } | { ok: false; error: unknown };

export interface BatcherOptions<I> {
  /** Most items in one run. */
  maxBatch: number;
  /** Most runs at once (each takes a database connection). */
  maxInFlight: number;
  /**
   * Items with the same key never run in two batches at once: a waiting item whose key is in a running batch
   * waits for the next one. For work that locks per key (a filing takes its agency's day counter until its
   * transaction ends): runs at once then never wait on each other.
   */
  keyOf?: (item: I) => string;
}

export interface Batcher<I, O> {
  submit(item: I): Promise<O>;
  /** Items waiting for a slot and runs going on (tests, metrics). */
  readonly pending: number;
  readonly inFlight: number;
  /** Runs started and the items they took, since the start (metrics: items ÷ runs is the mean group size). */
  readonly runs: number;
  readonly items: number;
}

interface Waiting<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

/**
 * `run` gets the items of a batch and answers each: an array of the same length and order. When `run`
 * itself throws, every item of the batch gets that error.
 */
export function createBatcher<I, O>(
  run: (items: I[]) => Promise<Settled<O>[]>,
  options: BatcherOptions<I>,
): Batcher<I, O> {
  let waiting: Waiting<I, O>[] = [];
  let inFlight = 0;
  let runs = 0;
  let items = 0;
  let scheduled = false;
  /** Keys of the batches running. */
  const busy = new Set<string>();

  const start = (batch: Waiting<I, O>[], keys: Set<string>) => {
    inFlight++;
    runs++;
    items += batch.length;
    for (const key of keys) busy.add(key);
    let answers: Promise<Settled<O>[]>;
    try {
      answers = run(batch.map((w) => w.item));
    } catch (error) {
      answers = Promise.reject(error);
    }
    answers
      .then(
        (results) => {
          batch.forEach((w, i) => {
            const r = results[i];
            if (!r) w.reject(new Error('batcher: no answer for an item'));
            else if (r.ok) w.resolve(r.value);
            else w.reject(r.error);
          });
        },
        (error) => {
          for (const w of batch) w.reject(error);
        },
      )
      .finally(() => {
        inFlight--;
        for (const key of keys) busy.delete(key);
        pump();
      });
  };

  const pump = () => {
    const keyOf = options.keyOf;
    while (inFlight < options.maxInFlight && waiting.length > 0) {
      if (!keyOf) {
        start(waiting.splice(0, options.maxBatch), new Set());
        continue;
      }
      const batch: Waiting<I, O>[] = [];
      const later: Waiting<I, O>[] = [];
      const keys = new Set<string>();
      for (const w of waiting) {
        const key = keyOf(w.item);
        if (batch.length < options.maxBatch && !busy.has(key)) {
          batch.push(w);
          keys.add(key);
        } else later.push(w);
      }
      if (batch.length === 0) return; // every key waiting is running: the end of a run pumps again
      waiting = later;
      start(batch, keys);
    }
  };

  return {
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        // After the other requests read in this turn of the event loop, so they go together.
        if (!scheduled) {
          scheduled = true;
          setImmediate(() => {
            scheduled = false;
            pump();
          });
        }
      });
    },
    get pending() {
      return waiting.length;
    },
    get inFlight() {
      return inFlight;
    },
    get runs() {
      return runs;
    },
    get items() {
      return items;
    },
  };
}
