import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { ATTR } from '../semconv.js';
import { createAlertEngine } from './alert-engine.js';
import { createInProcessAggregator } from './in-process-aggregator.js';

describe('createInProcessAggregator', () => {
  it('buckets values by clock time and drains them once', () => {
    const clock = new ManualClock(0);
    const aggregator = createInProcessAggregator({ clock, resolutionMs: 10_000 });
    aggregator.record('m', 2, { k: 'a' });
    clock.set(4_000);
    aggregator.record('m', 5, { k: 'a' });
    clock.set(12_000);
    aggregator.record('m', 1, { k: 'a' });
    const buckets = aggregator.collectBuckets();
    expect(buckets.map((snapshot) => [snapshot.intervalStart, snapshot.series.map(({ count, sum, min, max }) => ({ count, sum, min, max }))])).toEqual([
      [0, [{ count: 2, sum: 7, min: 2, max: 5 }]],
      [10_000, [{ count: 1, sum: 1, min: 1, max: 1 }]],
    ]);
    expect(aggregator.collectBuckets()).toEqual([]);
    aggregator.record('m', 3, {});
    expect(aggregator.collect().series.map((series) => series.sum)).toEqual([3]);
  });

  it('drops tenants unless a tenant dimension is configured, and folds tenants past the cap', () => {
    const plain = createInProcessAggregator();
    plain.record('cost', 1, { [ATTR.tenantId]: 't1', model: 'm' });
    expect(plain.collect().series[0]!.attributes).toEqual({ model: 'm' });

    const capped = createInProcessAggregator({ tenantDimension: { maxTenants: 2 } });
    for (const tenant of ['t1', 't2', 't3', 't4', 't1']) capped.record('cost', 1, { [ATTR.tenantId]: tenant });
    const tenants = capped
      .collect()
      .series.map((series) => [series.attributes[ATTR.tenantId], series.sum])
      .sort();
    expect(tenants).toEqual([
      ['_OTHER', 2],
      ['t1', 2],
      ['t2', 1],
    ]);
  });

  it('keeps the top spenders: a tenant that overtakes the smallest kept one takes its place', () => {
    const aggregator = createInProcessAggregator({ tenantDimension: { maxTenants: 2 } });
    aggregator.record('cost', 5, { [ATTR.tenantId]: 'a' });
    aggregator.record('cost', 1, { [ATTR.tenantId]: 'b' });
    aggregator.record('cost', 2, { [ATTR.tenantId]: 'c' });
    aggregator.record('cost', 3, { [ATTR.tenantId]: 'c' });
    aggregator.record('cost', 1, { [ATTR.tenantId]: 'b' });
    const byTenant = Object.fromEntries(aggregator.collect().series.map((series) => [String(series.attributes[ATTR.tenantId]), series.sum]));
    // c (2) overtakes b (1) at once; b's later record (total 2) cannot displace a or c (5 each) and folds.
    expect(byTenant).toEqual({ a: 5, b: 1, c: 5, _OTHER: 1 });
  });

  it('folds attribute sets past maxSeries into one _OTHER series', () => {
    const aggregator = createInProcessAggregator({ maxSeries: 2 });
    for (let index = 0; index < 10; index += 1) aggregator.record('m', 1, { id: `v${index}` });
    const series = aggregator.collect().series;
    expect(series).toHaveLength(3);
    expect(series.find((entry) => entry.attributes.id === '_OTHER')?.count).toBe(8);
  });

  it('rejects non-finite values and bad options with typed errors', () => {
    const aggregator = createInProcessAggregator();
    expect(() => aggregator.record('m', Number.NaN, {})).toThrow(InvalidInputError);
    expect(() => aggregator.record('', 1, {})).toThrow(InvalidInputError);
    expect(() => createInProcessAggregator({ resolutionMs: 0 })).toThrow(InvalidInputError);
    expect(aggregator.collect().series).toEqual([]);
  });

  it('feeds p95 through its fixed buckets', async () => {
    const clock = new ManualClock(0);
    const aggregator = createInProcessAggregator({ clock });
    for (let value = 1; value <= 100; value += 1) aggregator.record('latency', value, {});
    const engine = createAlertEngine({ source: aggregator, clock, rules: [{ name: 'p95', metric: 'latency', aggregation: 'p95', window: 60_000, op: 'gt', threshold: 90, severity: 'warning' }] });
    await engine.evaluate(0);
    const [instance] = engine.instances({ includeInactive: true });
    expect(instance!.value).toBeGreaterThan(90);
    expect(instance!.value).toBeLessThanOrEqual(100);
    expect(instance!.state).toBe('firing');
  });

  it('a calendar-day window restarts at midnight UTC', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 23, 0));
    const aggregator = createInProcessAggregator({ clock });
    const engine = createAlertEngine({ source: aggregator, clock, rules: [{ name: 'daily', metric: 'cost', aggregation: 'sum', window: 'calendar-day', op: 'gt', threshold: 100, severity: 'info' }] });
    aggregator.record('cost', 7, {});
    await engine.evaluate();
    expect(engine.instances({ includeInactive: true })[0]!.value).toBe(7);
    clock.set(Date.UTC(2026, 0, 2, 1, 0));
    aggregator.record('cost', 2, {});
    await engine.evaluate();
    expect(engine.instances({ includeInactive: true })[0]!.value).toBe(2);
  });
});
