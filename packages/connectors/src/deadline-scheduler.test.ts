import { ManualClock } from '@agent33/observability';
import { describe, expect, it } from 'vitest';
import { DeadlineScheduler, type ScheduledEntry } from './deadline-scheduler.js';

const entry = (at: number, fired: number[]): ScheduledEntry => ({ at, heapIndex: -1, expire: () => fired.push(at) });

describe('DeadlineScheduler', () => {
  it('expires entries in deadline order and supports removal from the middle of the heap', async () => {
    const clock = new ManualClock(0);
    const scheduler = new DeadlineScheduler(clock);
    const fired: number[] = [];
    const entries = [50, 10, 40, 20, 30].map((at) => entry(at, fired));
    for (const item of entries) scheduler.add(item);
    scheduler.remove(entries[2]!);
    expect(scheduler.size).toBe(4);
    expect(entries[2]!.heapIndex).toBe(-1);
    clock.advance(100);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(fired).toEqual([10, 20, 30, 50]);
    expect(scheduler.size).toBe(0);
    scheduler.close();
  });

  it('holds at most one (unref\'d) timer and none after close()', () => {
    const scheduler = new DeadlineScheduler(new ManualClock(0));
    const before = process.getActiveResourcesInfo().filter((type) => type === 'Timeout').length;
    for (let index = 0; index < 100; index += 1) scheduler.add(entry(60_000 + index, []));
    expect(process.getActiveResourcesInfo().filter((type) => type === 'Timeout').length - before).toBeLessThanOrEqual(1);
    scheduler.close();
    expect(process.getActiveResourcesInfo().filter((type) => type === 'Timeout').length).toBe(before);
  });
});
