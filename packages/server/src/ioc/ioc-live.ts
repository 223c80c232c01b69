/**
 * Live updates of the dashboards: one watcher per process reads the counters' generation (`ioc_state`,
 * moved by every catch-up that changed them) every `intervalMs` while someone listens, and tells the
 * listeners when it moved — at most one event per interval, however many dossiers changed (the throttle).
 */
export class IocChangeFeed {
  private readonly listeners = new Set<(generation: number) => void>();
  private last: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<boolean> | null = null;

  constructor(
    private readonly read: () => Promise<number>,
    private readonly intervalMs = 10_000,
  ) {}

  get size(): number {
    return this.listeners.size;
  }

  /** Listens until the returned function is called. */
  subscribe(listener: (generation: number) => void): () => void {
    this.listeners.add(listener);
    if (!this.timer) {
      this.timer = setInterval(() => {
        this.tick().catch(() => undefined);
      }, this.intervalMs);
      this.timer.unref();
      this.tick().catch(() => undefined);
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
        this.last = null;
      }
    };
  }

  /** Reads the generation once; tells the listeners when it moved since the last read. */
  tick(): Promise<boolean> {
    this.running ??= (async () => {
      try {
        const generation = await this.read();
        const moved = this.last !== null && generation !== this.last;
        this.last = generation;
        if (moved) for (const listener of this.listeners) listener(generation);
        return moved;
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.listeners.clear();
  }
}
