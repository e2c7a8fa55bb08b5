// B7: one evaluation tick of 10 rules × 50 series × 360 buckets (1 h at 10 s) against a plain linear pass over the
// same bucket values, once per rule.
import type { BenchCase } from '../../../tools/bench/harness.js';
import { ManualClock, createAlertEngine, createInProcessAggregator, type Aggregation, type AlertRule } from '../src/index.js';

const SERIES = 50;
const BUCKETS = 360;
const STEP = 10_000;
const clock = new ManualClock(0);
const aggregator = createInProcessAggregator({ clock, resolutionMs: STEP, retainMs: BUCKETS * STEP });
const aggregations: Aggregation[] = ['sum', 'count', 'rate', 'increase', 'avg', 'min', 'max', 'last', 'p95', 'sum'];
const rules: AlertRule[] = aggregations.map((aggregation, index) => ({
  name: `rule-${index}`,
  metric: 'bench.metric',
  groupBy: ['series'],
  aggregation,
  window: index === 9 ? 1_800_000 : 3_600_000,
  op: 'gt',
  threshold: 1e12,
  severity: 'warning',
}));
const engine = createAlertEngine({ source: aggregator, clock, rules, resolutionMs: STEP, retainMs: BUCKETS * STEP });

// The peer's data: the same values in plain arrays.
const values: Float64Array[] = Array.from({ length: SERIES }, () => new Float64Array(BUCKETS));
let now = 0;
let sink = 0;

export const cases: BenchCase[] = [
  {
    name: 'B7-alert-evaluate',
    batch: 5,
    unit: 'us',
    setup: async () => {
      for (let bucket = 0; bucket < BUCKETS; bucket += 1) {
        clock.set(bucket * STEP);
        for (let series = 0; series < SERIES; series += 1) {
          const value = ((bucket * 31 + series * 17) % 100) + 1;
          values[series]![bucket] = value;
          aggregator.record('bench.metric', value, { series: `s${series}` });
        }
      }
      now = BUCKETS * STEP - 1;
      clock.set(now);
      await engine.evaluate(now);
    },
    ours: () => engine.evaluate(now),
    peer: {
      name: 'linear-pass-per-rule',
      run: () => {
        for (let rule = 0; rule < rules.length; rule += 1) {
          for (const series of values) {
            let total = 0;
            for (let index = 0; index < series.length; index += 1) total += series[index]!;
            sink += total > 1e12 ? 1 : 0;
          }
        }
      },
    },
  },
];

export function benchSink(): number {
  return sink;
}
