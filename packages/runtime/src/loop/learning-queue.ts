import type { LearningSignal, LearningSink } from '../ports/index.js';

/** A learning sink behind a bounded queue, with counters of what was delivered, dropped or failed. */
export interface QueuedLearningSink extends LearningSink {
  readonly delivered: number;
  readonly dropped: number;
  readonly failed: number;
  /** Resolves when everything queued so far was handed to the sink (or failed). */
  drain(): Promise<void>;
}

/**
 * Wraps a sink in a bounded in-order queue: `record` returns at once, signals reach the sink one at a time, and when
 * `maxQueue` signals are waiting the oldest waiting one is dropped. A slow, hanging or throwing sink therefore
 * never slows a run nor grows memory without bound.
 */
export function queuedLearningSink(sink: LearningSink, o: { maxQueue?: number } = {}): QueuedLearningSink {
  const maxQueue = Math.max(1, o.maxQueue ?? 256);
  const waiting: LearningSignal[] = [];
  let pumping: Promise<void> | undefined;
  const counts = { delivered: 0, dropped: 0, failed: 0 };

  const pump = async (): Promise<void> => {
    for (let next = waiting.shift(); next !== undefined; next = waiting.shift()) {
      try {
        await sink.record(next);
        counts.delivered += 1;
      } catch {
        counts.failed += 1;
      }
    }
    pumping = undefined;
  };

  return {
    record(signal) {
      if (waiting.length >= maxQueue) {
        waiting.shift();
        counts.dropped += 1;
      }
      waiting.push(signal);
      pumping ??= pump();
    },
    get delivered() {
      return counts.delivered;
    },
    get dropped() {
      return counts.dropped;
    },
    get failed() {
      return counts.failed;
    },
    drain: () => pumping ?? Promise.resolve(),
  };
}
