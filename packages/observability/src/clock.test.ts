import { describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from './clock.js';

describe('systemClock', () => {
  it('reports epoch milliseconds that never step back', () => {
    const first = systemClock.now();
    const second = systemClock.now();
    expect(second).toBeGreaterThanOrEqual(first);
    expect(Math.abs(first - Date.now())).toBeLessThan(60_000);
  });

  it('rejects a sleep with the signal reason when aborted', async () => {
    const controller = new AbortController();
    const sleeping = systemClock.sleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
  });

  it('rejects at once when the signal is already aborted', async () => {
    await expect(systemClock.sleep(10, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });
});

describe('ManualClock', () => {
  it('wakes sleepers in deadline order only when time passes their deadline', async () => {
    const clock = new ManualClock(1_000);
    const woken: string[] = [];
    const late = clock.sleep(50).then(() => woken.push('late'));
    const early = clock.sleep(10).then(() => woken.push('early'));
    clock.advance(9);
    await Promise.resolve();
    expect(woken).toEqual([]);
    clock.advance(100);
    await Promise.all([late, early]);
    expect(woken).toEqual(['early', 'late']);
    expect(clock.now()).toBe(1_109);
  });

  it('drops an aborted sleeper', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const sleeping = clock.sleep(10, controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(sleeping).rejects.toThrow('cancelled');
    clock.advance(20);
  });
});
