/** Attribute values the alert engine understands. */
export type AttributeValue = string | number | boolean;

/** One series' activity over one collection interval (a delta). */
export interface MetricSeriesDelta {
  metric: string;
  attributes: Readonly<Record<string, AttributeValue>>;
  count: number;
  sum: number;
  min: number;
  max: number;
  buckets?: { boundaries: readonly number[]; counts: readonly number[] };
}

/** A neutral delta snapshot: what happened between `intervalStart` and `intervalEnd` (epoch ms). */
export interface MetricSnapshot {
  intervalStart: number;
  intervalEnd: number;
  series: readonly MetricSeriesDelta[];
}

/** Where the alert engine reads metrics from: the in-process aggregator or an SDK delta reader. */
export interface MetricSource {
  collect(): MetricSnapshot | Promise<MetricSnapshot>;
}

/** A metric source telemetry can write into directly (works with no OpenTelemetry SDK at all). */
export interface InProcessAggregator extends MetricSource {
  record(metric: string, value: number, attributes: Readonly<Record<string, AttributeValue>>): void;
}
