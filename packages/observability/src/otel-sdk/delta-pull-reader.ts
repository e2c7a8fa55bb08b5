import { AggregationTemporality, DataPointType, MetricReader, type Histogram, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { AttributeValue, MetricSeriesDelta, MetricSnapshot, MetricSource } from '../alerts/metric-source.js';
import { systemClock, type Clock } from '../clock.js';

/**
 * A pull-only metric reader with DELTA temporality: each `collect()` returns exactly what was recorded since the
 * previous one (an interval without data yields no points). Register it on the host's MeterProvider next to any
 * exporting reader; several readers coexist.
 */
export class DeltaPullReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.DELTA });
  }

  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }

  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Creates a {@link DeltaPullReader}. */
export function createDeltaPullReader(): DeltaPullReader {
  return new DeltaPullReader();
}

function plainAttributes(attributes: Readonly<Record<string, unknown>>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[key] = value;
    else if (value !== undefined && value !== null) out[key] = String(value);
  }
  return out;
}

/** Converts SDK `ResourceMetrics` (delta) into the engine's neutral series. */
export function toSeriesDeltas(resourceMetrics: ResourceMetrics): MetricSeriesDelta[] {
  const out: MetricSeriesDelta[] = [];
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      for (const point of metric.dataPoints) {
        const attributes = plainAttributes(point.attributes);
        if (metric.dataPointType === DataPointType.HISTOGRAM) {
          const value = point.value as Histogram;
          if (value.count <= 0) continue;
          out.push({
            metric: metric.descriptor.name,
            attributes,
            count: value.count,
            sum: value.sum ?? 0,
            min: value.min ?? value.sum ?? 0,
            max: value.max ?? value.sum ?? 0,
            buckets: { boundaries: [...value.buckets.boundaries], counts: [...value.buckets.counts] },
          });
        } else if (metric.dataPointType === DataPointType.SUM || metric.dataPointType === DataPointType.GAUGE) {
          const value = point.value as number;
          // A delta sum reports the interval's total: one observation of that size (a zero total is no data).
          if (metric.dataPointType === DataPointType.SUM && value === 0) continue;
          out.push({ metric: metric.descriptor.name, attributes, count: 1, sum: value, min: value, max: value, last: value } as MetricSeriesDelta);
        }
      }
    }
  }
  return out;
}

/**
 * A `MetricSource` over a DELTA reader: each `collect()` pulls the reader and stamps the interval with the injected
 * clock (previous collection → now), so the alert engine's windows line up with the in-process aggregator's.
 */
export function metricSourceFromReader(reader: MetricReader, options: { clock?: Clock } = {}): MetricSource {
  const clock = options.clock ?? systemClock;
  let last = clock.now();
  return {
    async collect(): Promise<MetricSnapshot> {
      const { resourceMetrics } = await reader.collect();
      const intervalStart = last;
      last = clock.now();
      return { intervalStart, intervalEnd: last, series: toSeriesDeltas(resourceMetrics) };
    },
  };
}
