import { StoreValidationError } from '../errors/store-validation-error.js';
import { METRIC_TRENDS } from './enums.js';
import type { ImprovementMetric, MetricsSnapshot } from './entities.js';
import { microsToIso } from './time.js';
import type { MetricTrend } from './types.js';
import { enumValue, optionalString, requireString } from './validate.js';

/** The five canonical metrics IM-01..IM-05 with their targets. */
export const DEFAULT_METRICS: readonly ImprovementMetric[] = [
  { metricId: 'IM-01', name: 'Cycle time', baseline: 0, current: 0, target: 0, unit: 'hours', trend: 'stable' },
  { metricId: 'IM-02', name: 'Rework rate', baseline: 0, current: 0, target: 15, unit: 'percent', trend: 'stable' },
  { metricId: 'IM-03', name: 'First-pass success', baseline: 0, current: 0, target: 85, unit: 'percent', trend: 'stable' },
  { metricId: 'IM-04', name: 'Documentation lag', baseline: 0, current: 0, target: 1, unit: 'sprints', trend: 'stable' },
  { metricId: 'IM-05', name: 'Research intake velocity', baseline: 0, current: 0, target: 5, unit: 'items/quarter', trend: 'stable' },
];

/**
 * Direction of a series: mean of the second half against the first half (mid = n // 2); more than +threshold
 * relative change is `improving`, less than −threshold `declining`. It measures direction, not goodness.
 */
export function computeMetricTrend(values: readonly number[], threshold = 0.05): MetricTrend {
  if (values.length < 2) return 'stable';
  const mid = Math.floor(values.length / 2);
  const mean = (xs: readonly number[]): number => xs.reduce((sum, x) => sum + x, 0) / xs.length;
  const first = mean(values.slice(0, mid));
  const second = mean(values.slice(mid));
  if (first === 0) return second > 0 ? 'improving' : second < 0 ? 'declining' : 'stable';
  const change = (second - first) / Math.abs(first);
  if (change > threshold) return 'improving';
  if (change < -threshold) return 'declining';
  return 'stable';
}

function num(field: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new StoreValidationError(field, 'must be a finite number');
  return value;
}

/** Validates one metric of a snapshot. */
export function validateMetric(input: unknown, index: number): ImprovementMetric {
  if (typeof input !== 'object' || input === null) throw new StoreValidationError(`metrics[${index}]`, 'must be an object');
  const m = input as Record<string, unknown>;
  return {
    metricId: requireString(`metrics[${index}].metricId`, m.metricId, { nonBlank: true }),
    name: optionalString(`metrics[${index}].name`, m.name, ''),
    baseline: num(`metrics[${index}].baseline`, m.baseline, 0),
    current: num(`metrics[${index}].current`, m.current, 0),
    target: num(`metrics[${index}].target`, m.target, 0),
    unit: optionalString(`metrics[${index}].unit`, m.unit, ''),
    trend: enumValue(`metrics[${index}].trend`, METRIC_TRENDS, m.trend, 'stable'),
  };
}

/** Builds a snapshot for a period. */
export function buildSnapshot(period: unknown, metrics: unknown, id: string, nowUs: number): MetricsSnapshot {
  if (!Array.isArray(metrics)) throw new StoreValidationError('metrics', 'must be an array');
  return { snapshotId: id, period: requireString('period', period, { nonBlank: true }), capturedAt: microsToIso(nowUs), metrics: metrics.map(validateMetric) };
}
