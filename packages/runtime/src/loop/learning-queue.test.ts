import { describe, expect, it } from 'vitest';
import type { LearningSignal } from '../ports/index.js';
import { queuedLearningSink } from './learning-queue.js';

const sig = (n: number): LearningSignal => ({ type: 'feedback', runId: `r${n}`, score: n });

describe('queuedLearningSink', () => {
  it('delivers in order, one at a time, and counts failures', async () => {
    const got: number[] = [];
    const q = queuedLearningSink({
      record: async (s) => {
        if (s.type === 'feedback' && s.score === 2) throw new Error('bad row');
        if (s.type === 'feedback') got.push(s.score);
      },
    });
    [1, 2, 3].forEach((n) => q.record(sig(n)));
    await q.drain();
    expect(got).toEqual([1, 3]);
    expect([q.delivered, q.failed, q.dropped]).toEqual([2, 1, 0]);
  });

  it('drops the oldest waiting signals behind a hanging sink', () => {
    const q = queuedLearningSink({ record: () => new Promise<void>(() => undefined) }, { maxQueue: 2 });
    [1, 2, 3, 4, 5].forEach((n) => q.record(sig(n)));
    // #1 is in flight (hanging); of #2..#5 only the newest two wait.
    expect(q.dropped).toBe(2);
  });
});
