import { EventQueue, eventsToSSE } from './events.js';
import { LoopRunner } from './run.js';
import type { RunOptions, RunResult, RunStream } from './types.js';

/** Runs the loop and exposes its events as an async iterable plus the final result. */
export function streamLoop(o: RunOptions): RunStream {
  const queue = new EventQueue();
  const runner = new LoopRunner(o, (e) => queue.push(e));
  const result: Promise<RunResult> = runner.run().finally(() => queue.close());
  return {
    result,
    [Symbol.asyncIterator]: () => queue[Symbol.asyncIterator](),
    toSSE: () => eventsToSSE(queue),
  };
}
