import type { Clock } from '@agent33/observability';

/** Something with an absolute deadline that the scheduler expires. */
export interface ScheduledEntry {
  /** Absolute time on the scheduler's clock. */
  at: number;
  /** Position in the heap, -1 when not scheduled. */
  heapIndex: number;
  expire(): void;
}

/**
 * One min-heap of deadlines with a single `unref`'d timer, shared by every call of a boundary.
 *
 * Why: a per-call `setTimeout` + `clearTimeout` (or `AbortSignal.timeout`) dominates the cost of a fast call. Here
 * adding and removing a deadline is a heap operation; the timer is re-armed only when a new deadline is earlier
 * than the armed one, fires at most once per earliest deadline, and is absent when nothing is pending.
 */
export class DeadlineScheduler {
  private readonly heap: ScheduledEntry[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private armedAt = Number.POSITIVE_INFINITY;

  constructor(private readonly clock: Clock) {}

  /** Entries currently scheduled. */
  get size(): number {
    return this.heap.length;
  }

  /** Schedules `entry` to expire at `entry.at`. */
  add(entry: ScheduledEntry): void {
    entry.heapIndex = this.heap.length;
    this.heap.push(entry);
    this.up(entry.heapIndex);
    if (entry.at < this.armedAt) this.arm(entry.at);
  }

  /** Removes `entry` if it is still scheduled (the timer stays armed; it is cheap to let it fire once). */
  remove(entry: ScheduledEntry): void {
    const index = entry.heapIndex;
    if (index < 0) return;
    entry.heapIndex = -1;
    const last = this.heap.pop() as ScheduledEntry;
    if (index < this.heap.length) {
      this.heap[index] = last;
      last.heapIndex = index;
      this.down(index);
      this.up(last.heapIndex);
    }
    // The timer stays armed when the heap empties: disarming here would cost a clearTimeout + setTimeout pair per
    // sequential call. It fires once, finds nothing and is not re-armed, so an idle boundary holds no timer.
  }

  /** Clears the timer; pending entries are dropped without expiring. */
  close(): void {
    for (const entry of this.heap) entry.heapIndex = -1;
    this.heap.length = 0;
    this.disarm();
  }

  private disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedAt = Number.POSITIVE_INFINITY;
  }

  private arm(at: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.armedAt = at;
    this.timer = setTimeout(() => this.fire(), Math.max(0, at - this.clock.now()));
    this.timer.unref();
  }

  private fire(): void {
    this.timer = undefined;
    this.armedAt = Number.POSITIVE_INFINITY;
    const now = this.clock.now();
    for (;;) {
      const top = this.heap[0];
      if (top === undefined || top.at > now) break;
      this.remove(top);
      top.expire();
    }
    const next = this.heap[0];
    if (next !== undefined) this.arm(next.at);
  }

  private up(index: number): void {
    const heap = this.heap;
    const entry = heap[index] as ScheduledEntry;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex] as ScheduledEntry;
      if (parent.at <= entry.at) break;
      heap[index] = parent;
      parent.heapIndex = index;
      index = parentIndex;
    }
    heap[index] = entry;
    entry.heapIndex = index;
  }

  private down(index: number): void {
    const heap = this.heap;
    const length = heap.length;
    const entry = heap[index] as ScheduledEntry;
    for (;;) {
      const left = index * 2 + 1;
      if (left >= length) break;
      const right = left + 1;
      let child = left;
      if (right < length && (heap[right] as ScheduledEntry).at < (heap[left] as ScheduledEntry).at) child = right;
      const childEntry = heap[child] as ScheduledEntry;
      if (childEntry.at >= entry.at) break;
      heap[index] = childEntry;
      childEntry.heapIndex = index;
      index = child;
    }
    heap[index] = entry;
    entry.heapIndex = index;
  }
}
