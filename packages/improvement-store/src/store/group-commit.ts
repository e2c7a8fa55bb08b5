/**
 * Group commit: single `record()` calls are queued and written together in one transaction, flushed when the queue
 * reaches `maxRows` or `maxDelayMs` after the first queued call. Each caller's promise resolves only after the
 * COMMIT that made its row durable, so durability stays per call while fsyncs are shared.
 */
export interface GroupCommitOptions {
  maxRows: number;
  maxDelayMs: number;
}

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/** A queue that hands batches to `flush` and settles each caller with its own result. */
export class GroupCommitQueue<I, O> {
  private queue: Pending<I, O>[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: GroupCommitOptions,
    private readonly flushBatch: (items: I[]) => Promise<Array<{ ok: true; value: O } | { ok: false; error: unknown }>>,
  ) {}

  /** Queues one item; resolves after the batch holding it has committed. */
  push(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.options.maxRows) this.flushNow();
      else if (this.timer === null) this.timer = setTimeout(() => this.flushNow(), this.options.maxDelayMs);
    });
  }

  /** Number of queued, not yet flushing, items. */
  get size(): number {
    return this.queue.length;
  }

  /** Flushes whatever is queued and waits for every flush in progress. */
  async drain(): Promise<void> {
    this.flushNow();
    await this.flushing;
  }

  private flushNow(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    // Batches are written one after another so commit order follows call order.
    this.flushing = this.flushing.then(async () => {
      try {
        const results = await this.flushBatch(batch.map((p) => p.item));
        batch.forEach((pending, index) => {
          const result = results[index];
          if (result?.ok) pending.resolve(result.value);
          else pending.reject(result ? result.error : new Error('group commit lost a result'));
        });
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    });
  }
}
