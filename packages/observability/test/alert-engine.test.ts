import { describe, expect, it } from 'vitest';
import {
  ManualClock,
  createAlertEngine,
  createInProcessAggregator,
  type AlertEvent,
  type AlertRule,
  type AlertState,
} from '../src/index.js';

const STEP = 10_000;

function vectorRule(overrides: Partial<AlertRule> = {}): AlertRule {
  // `last` over a window shorter than the step: each evaluation sees exactly the value recorded at that time.
  return { name: 'vector', metric: 'm', aggregation: 'last', window: 5_000, op: 'gt', threshold: 5, severity: 'warning', ...overrides };
}

async function runVector(rule: AlertRule, values: ReadonlyArray<number | null>) {
  const clock = new ManualClock(0);
  const aggregator = createInProcessAggregator({ clock });
  const engine = createAlertEngine({ source: aggregator, rules: [rule], clock });
  const states: AlertState[] = [];
  const events: Array<{ type: AlertEvent['type']; at: number }> = [];
  for (const [index, value] of values.entries()) {
    const now = index * STEP;
    clock.set(now);
    if (value !== null) aggregator.record('m', value, {});
    for (const event of await engine.evaluate(now)) events.push({ type: event.type, at: event.at });
    states.push(engine.instances()[0]?.state ?? 'inactive');
  }
  return { states, events };
}

describe('alert state machine on synthetic streams', () => {
  it('A: > 5 for 30 s fires at t=30 and resolves at t=40', async () => {
    const { states, events } = await runVector(vectorRule({ forMs: 30_000 }), [6, 6, 6, 6, 4]);
    expect(states).toEqual(['pending', 'pending', 'pending', 'firing', 'inactive']);
    expect(events).toEqual([
      { type: 'firing', at: 30_000 },
      { type: 'resolved', at: 40_000 },
    ]);
  });

  it('B: a dip resets pending without an event; firing at t=60', async () => {
    const { states, events } = await runVector(vectorRule({ forMs: 30_000 }), [6, 6, 4, 6, 6, 6, 6]);
    expect(states).toEqual(['pending', 'pending', 'inactive', 'pending', 'pending', 'pending', 'firing']);
    expect(events).toEqual([{ type: 'firing', at: 60_000 }]);
  });

  it('C: for 0 fires in the same evaluation', async () => {
    const { states, events } = await runVector(vectorRule(), [4, 6, 4]);
    expect(states).toEqual(['inactive', 'firing', 'inactive']);
    expect(events.map((event) => event.type)).toEqual(['firing', 'resolved']);
  });

  it('D: keepFiringFor 20 s holds the alert, then resolves at t=20', async () => {
    const { states, events } = await runVector(vectorRule({ keepFiringForMs: 20_000 }), [6, 4, 4, 4, 6]);
    expect(states).toEqual(['firing', 'firing', 'inactive', 'inactive', 'firing']);
    expect(events).toEqual([
      { type: 'firing', at: 0 },
      { type: 'resolved', at: 20_000 },
      { type: 'firing', at: 40_000 },
    ]);
  });

  it('E: a clear threshold of 3 gives hysteresis', async () => {
    const { states, events } = await runVector(vectorRule({ clearThreshold: 3 }), [6, 4, 4, 2, 4, 6]);
    expect(states).toEqual(['firing', 'firing', 'firing', 'inactive', 'inactive', 'firing']);
    expect(events).toEqual([
      { type: 'firing', at: 0 },
      { type: 'resolved', at: 30_000 },
      { type: 'firing', at: 50_000 },
    ]);
  });

  it('F: noData=ok resolves a firing alert when data stops', async () => {
    const { states, events } = await runVector(vectorRule({ noData: 'ok' }), [6, null]);
    expect(states).toEqual(['firing', 'inactive']);
    expect(events.map((event) => event.type)).toEqual(['firing', 'resolved']);
  });

  it('noData=keep leaves a firing alert alone; noData=alerting fires on silence', async () => {
    expect((await runVector(vectorRule({ noData: 'keep' }), [6, null, null])).states).toEqual(['firing', 'firing', 'firing']);
    expect((await runVector(vectorRule({ noData: 'alerting', aggregation: 'max' }), [null])).states).toEqual(['firing']);
  });

  it('a resolved event carries the firing duration and rendered annotations', async () => {
    const clock = new ManualClock(0);
    const aggregator = createInProcessAggregator({ clock });
    const engine = createAlertEngine({ source: aggregator, clock, rules: [vectorRule({ annotations: { summary: 'value {{value}} over {{threshold}}' } })] });
    const received: AlertEvent[] = [];
    engine.onEvent((event) => void received.push(event));
    aggregator.record('m', 7, {});
    await engine.evaluate(0);
    clock.set(20_000);
    aggregator.record('m', 1, {});
    await engine.evaluate(20_000);
    expect(received.map((event) => event.type)).toEqual(['firing', 'resolved']);
    expect(received[0]!.annotations.summary).toBe('value 7 over 5');
    expect(received[1]!.durationMs).toBe(20_000);
    expect(received[0]!.labels).toMatchObject({ alertname: 'vector', severity: 'warning' });
  });
});

describe('windows', () => {
  it('sums and rates a counter over 30 s, and reports no data after 30 s of silence', async () => {
    const clock = new ManualClock(0);
    const aggregator = createInProcessAggregator({ clock });
    const base = { metric: 'c', window: 30_000, op: 'gt' as const, threshold: 1_000, severity: 'info' as const };
    const engine = createAlertEngine({
      source: aggregator,
      clock,
      rules: [
        { ...base, name: 'sum', aggregation: 'sum' },
        { ...base, name: 'rate', aggregation: 'rate' },
        { ...base, name: 'max', aggregation: 'max' },
      ],
    });
    for (let t = 0; t <= 55_000; t += 5_000) {
      clock.set(t);
      aggregator.record('c', 1, {});
      if (t % STEP === 0) await engine.evaluate(t);
    }
    clock.set(60_000);
    await engine.evaluate(60_000);
    expect(engineValues(engine)).toEqual({ sum: 6, rate: 0.2, max: 1 });
    clock.set(90_000);
    await engine.evaluate(90_000);
    expect(engineValues(engine)).toEqual({ sum: 0, rate: 0, max: null });
  });
});

function engineValues(engine: ReturnType<typeof createAlertEngine>): Record<string, number | null> {
  return Object.fromEntries(engine.instances({ includeInactive: true }).map((instance) => [instance.rule, instance.value]));
}
