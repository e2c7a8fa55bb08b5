import type { RunEvent } from './types.js';

/** An unbounded single-consumer async queue of run events, closed when the run ends. */
export class EventQueue implements AsyncIterable<RunEvent> {
  private readonly items: RunEvent[] = [];
  private waiting: ((r: IteratorResult<RunEvent>) => void) | undefined;
  private closed = false;

  push(e: RunEvent): void {
    if (this.closed) return;
    const w = this.waiting;
    if (w !== undefined) {
      this.waiting = undefined;
      w({ value: e, done: false });
    } else this.items.push(e);
  }

  close(): void {
    this.closed = true;
    const w = this.waiting;
    this.waiting = undefined;
    w?.({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<RunEvent> {
    return {
      next: () => {
        const e = this.items.shift();
        if (e !== undefined) return Promise.resolve({ value: e, done: false });
        if (this.closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => {
          this.waiting = resolve;
        });
      },
    };
  }
}

/** Serialises events as Server-Sent Events (`event: <type>` + JSON data). */
export function eventsToSSE(events: AsyncIterable<RunEvent>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = events[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await iterator.next();
      if (done === true) controller.close();
      else controller.enqueue(encoder.encode(`event: ${value.type}\ndata: ${JSON.stringify(value)}\n\n`));
    },
  });
}
