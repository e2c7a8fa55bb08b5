/**
 * The one clock type of agent33. Every package takes a `Clock` by injection so tests and replays are
 * deterministic; production code uses {@link systemClock}.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds; rejects with the signal's reason when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The real clock. `now()` is derived from the monotonic `performance` timer anchored at process start, so it never
 * steps back when the wall clock is adjusted.
 */
// Read once: `timeOrigin` never changes, and each read of the global `performance` getter costs more than the
// `now()` call itself on hot paths that stamp every call (connectors' boundary, telemetry).
const monotonic = globalThis.performance;
const timeOrigin = monotonic.timeOrigin;

export const systemClock: Clock = {
  now: () => timeOrigin + monotonic.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * A clock that only moves when told to: for tests and replays. `sleep` resolves once {@link ManualClock.advance}
 * has moved time past its deadline.
 */
export class ManualClock implements Clock {
  private current: number;
  private readonly sleepers: Array<{ until: number; resolve: () => void }> = [];

  constructor(startMs = 0) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const sleeper = { until: this.current + Math.max(0, ms), resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          const index = this.sleepers.indexOf(sleeper);
          if (index >= 0) this.sleepers.splice(index, 1);
          reject(signal.reason);
        },
        { once: true },
      );
      if (ms <= 0) this.advance(0);
    });
  }

  /** Moves time forward by `ms` and wakes every sleeper whose deadline has passed, in deadline order. */
  advance(ms: number): void {
    this.current += ms;
    const due = this.sleepers.filter((sleeper) => sleeper.until <= this.current).sort((a, b) => a.until - b.until);
    for (const sleeper of due) {
      this.sleepers.splice(this.sleepers.indexOf(sleeper), 1);
      sleeper.resolve();
    }
  }

  /** Sets the absolute time; sleepers whose deadline has passed wake. */
  set(epochMs: number): void {
    this.advance(epochMs - this.current);
  }
}
