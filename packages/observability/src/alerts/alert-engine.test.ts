import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../clock.js';
import { ConfigError } from '../errors/config-error.js';
import { createAlertEngine } from './alert-engine.js';
import { createInProcessAggregator } from './in-process-aggregator.js';
import type { AlertEvent } from './types.js';

describe('alert engine scheduling and notifications', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('start() evaluates on its timer and stop() ends it', async () => {
    vi.useFakeTimers();
    const clock = new ManualClock(0);
    const aggregator = createInProcessAggregator({ clock });
    const engine = createAlertEngine({ source: aggregator, clock, rules: [{ name: 'r', metric: 'm', aggregation: 'max', window: 60_000, op: 'gt', threshold: 1, severity: 'critical' }] });
    const events: AlertEvent[] = [];
    engine.onEvent((event) => void events.push(event));
    const handle = engine.start({ intervalMs: 1_000 });
    aggregator.record('m', 5, {});
    await vi.advanceTimersByTimeAsync(1_000);
    expect(events.map((event) => event.type)).toEqual(['firing']);
    handle.stop();
    clock.set(120_000);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(events).toHaveLength(1);
    expect(() => engine.start({ intervalMs: 0 })).toThrow(ConfigError);
  });

  it('repeats a still-firing alert every repeatIntervalMs, and a throwing listener changes nothing', async () => {
    const clock = new ManualClock(0);
    const aggregator = createInProcessAggregator({ clock });
    const engine = createAlertEngine({
      source: aggregator,
      clock,
      rules: [{ name: 'r', metric: 'm', aggregation: 'max', window: 'lifetime', op: 'gt', threshold: 1, severity: 'warning', repeatIntervalMs: 20_000 }],
    });
    engine.onEvent(() => {
      throw new Error('sink down');
    });
    const seen: string[] = [];
    const unsubscribe = engine.onEvent((event) => void seen.push(`${event.at}:${event.type}`));
    aggregator.record('m', 2, {});
    for (const at of [0, 10_000, 20_000, 30_000, 40_000]) {
      clock.set(at);
      await engine.evaluate();
    }
    expect(seen).toEqual(['0:firing', '20000:repeat', '40000:repeat']);
    unsubscribe();
    clock.set(60_000);
    await engine.evaluate();
    expect(seen).toHaveLength(3);
  });

  it('removeRule drops the rule and its instances', async () => {
    const aggregator = createInProcessAggregator();
    const engine = createAlertEngine({ source: aggregator, rules: [{ name: 'r', metric: 'm', aggregation: 'sum', window: 60_000, op: 'gt', threshold: 0, severity: 'info' }] });
    aggregator.record('m', 1, {});
    await engine.evaluate();
    expect(engine.instances()).toHaveLength(1);
    expect(engine.removeRule('r')).toBe(true);
    expect(engine.removeRule('r')).toBe(false);
    expect(engine.instances()).toEqual([]);
  });

  it('rejects a source that is not a MetricSource', () => {
    expect(() => createAlertEngine({ source: {} as never })).toThrow(ConfigError);
  });
});
