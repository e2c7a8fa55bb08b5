import { BenchConfigError } from '../errors/bench-config-error.js';

/**
 * A counting semaphore with FIFO waiters. `inFlight` and `peak` are kept so tests and progress displays can see
 * that the bound holds.
 */
export class Semaphore {
  private readonly waiters: Array<() => void> = [];
  /** Holders right now. */
  inFlight = 0;
  /** Highest `inFlight` ever reached. */
  peak = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new BenchConfigError('concurrency', `must be an integer ≥ 1, got ${limit}`);
  }

  /** Waits for a slot; the returned function releases it (calling it twice releases once). */
  async acquire(): Promise<() => void> {
    if (this.inFlight >= this.limit) await new Promise<void>((resolve) => this.waiters.push(resolve));
    else this.inFlight += 1;
    this.peak = Math.max(this.peak, this.inFlight);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      // The slot passes straight to the next waiter, so inFlight only drops when nobody waits.
      if (next) next();
      else this.inFlight -= 1;
    };
  }
}
