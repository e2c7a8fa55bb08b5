import type { AttributeValue, MetricSeriesDelta, MetricSnapshot } from './metric-source.js';
import type { Aggregation, AlertWindow } from './types.js';

const HOUR_MS = 3_600_000;
const COARSE_RETAIN_MS = 32 * 24 * HOUR_MS;

/** Running statistics of a set of measurements. */
interface Stats {
  count: number;
  sum: number;
  min: number;
  max: number;
  last: number;
  lastAt: number;
  histogram: Float64Array | undefined;
}

function emptyStats(): Stats {
  return { count: 0, sum: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY, last: Number.NaN, lastAt: Number.NEGATIVE_INFINITY, histogram: undefined };
}

/** Canonical key of an attribute set (sorted keys). */
export function attributesKey(attributes: Readonly<Record<string, AttributeValue>>): string {
  const keys = Object.keys(attributes).sort();
  let key = '';
  for (const name of keys) key += `${name}=${String(attributes[name])}\u0001`;
  return key;
}

/** One series: a fine ring of buckets at the store's resolution, hourly buckets for 32 days, and a lifetime total. */
export class Series {
  readonly starts: Float64Array;
  readonly count: Float64Array;
  readonly sum: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly last: Float64Array;
  histograms: Array<Float64Array | undefined> = [];
  boundaries: readonly number[] | undefined;
  readonly hourly = new Map<number, Stats>();
  readonly lifetime: Stats = emptyStats();
  firstAt = Number.POSITIVE_INFINITY;

  constructor(
    readonly metric: string,
    readonly attributes: Readonly<Record<string, AttributeValue>>,
    private readonly resolutionMs: number,
    slots: number,
  ) {
    this.starts = new Float64Array(slots).fill(Number.NaN);
    this.count = new Float64Array(slots);
    this.sum = new Float64Array(slots);
    this.min = new Float64Array(slots);
    this.max = new Float64Array(slots);
    this.last = new Float64Array(slots);
  }

  add(bucketStart: number, delta: MetricSeriesDelta): void {
    if (delta.count <= 0) return;
    const slots = this.starts.length;
    const slot = (((bucketStart / this.resolutionMs) % slots) + slots) % slots;
    if (this.starts[slot] !== bucketStart) {
      this.starts[slot] = bucketStart;
      this.count[slot] = 0;
      this.sum[slot] = 0;
      this.min[slot] = Number.POSITIVE_INFINITY;
      this.max[slot] = Number.NEGATIVE_INFINITY;
      this.last[slot] = Number.NaN;
      this.histograms[slot] = undefined;
    }
    this.count[slot]! += delta.count;
    this.sum[slot]! += delta.sum;
    this.min[slot] = Math.min(this.min[slot]!, delta.min);
    this.max[slot] = Math.max(this.max[slot]!, delta.max);
    const last = (delta as { last?: number }).last ?? delta.max;
    this.last[slot] = last;
    let histogram: Float64Array | undefined;
    if (delta.buckets) {
      this.boundaries ??= [...delta.buckets.boundaries];
      if (this.sameBoundaries(delta.buckets.boundaries)) {
        histogram = this.histograms[slot] ?? new Float64Array(this.boundaries.length + 1);
        const counts = delta.buckets.counts;
        for (let index = 0; index < counts.length && index < histogram.length; index += 1) histogram[index]! += counts[index]!;
        this.histograms[slot] = histogram;
      }
    }

    const hour = Math.floor(bucketStart / HOUR_MS) * HOUR_MS;
    let coarse = this.hourly.get(hour);
    if (!coarse) {
      coarse = emptyStats();
      this.hourly.set(hour, coarse);
      for (const key of this.hourly.keys()) if (key < hour - COARSE_RETAIN_MS) this.hourly.delete(key);
    }
    merge(coarse, delta, last, bucketStart, this.boundaries, delta.buckets && this.sameBoundaries(delta.buckets.boundaries) ? delta.buckets.counts : undefined);
    merge(this.lifetime, delta, last, bucketStart, this.boundaries, delta.buckets && this.sameBoundaries(delta.buckets.boundaries) ? delta.buckets.counts : undefined);
    this.firstAt = Math.min(this.firstAt, bucketStart);
  }

  private sameBoundaries(boundaries: readonly number[]): boolean {
    const own = this.boundaries;
    return own !== undefined && own.length === boundaries.length && own.every((value, index) => value === boundaries[index]);
  }
}

function merge(target: Stats, delta: MetricSeriesDelta, last: number, at: number, boundaries: readonly number[] | undefined, counts: readonly number[] | undefined): void {
  target.count += delta.count;
  target.sum += delta.sum;
  target.min = Math.min(target.min, delta.min);
  target.max = Math.max(target.max, delta.max);
  if (at >= target.lastAt) {
    target.last = last;
    target.lastAt = at;
  }
  if (counts && boundaries) {
    target.histogram ??= new Float64Array(boundaries.length + 1);
    const histogram = target.histogram;
    for (let index = 0; index < counts.length && index < histogram.length; index += 1) histogram[index]! += counts[index]!;
  }
}

function mergeStats(target: Stats, source: Stats): void {
  if (source.count <= 0) return;
  target.count += source.count;
  target.sum += source.sum;
  target.min = Math.min(target.min, source.min);
  target.max = Math.max(target.max, source.max);
  if (source.lastAt >= target.lastAt) {
    target.last = source.last;
    target.lastAt = source.lastAt;
  }
  if (source.histogram) {
    target.histogram ??= new Float64Array(source.histogram.length);
    const histogram = target.histogram;
    const incoming = source.histogram;
    if (histogram.length === incoming.length) for (let index = 0; index < incoming.length; index += 1) histogram[index]! += incoming[index]!;
  }
}

/** Start of the UTC calendar day or month containing `now`. */
export function calendarStart(window: 'calendar-day' | 'calendar-month', now: number): number {
  const date = new Date(now);
  return window === 'calendar-day' ? Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) : Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

function quantile(histogram: Float64Array, boundaries: readonly number[], q: number, min: number, max: number): number | null {
  let total = 0;
  for (const value of histogram) total += value;
  if (total <= 0) return null;
  const rank = q * total;
  let cumulative = 0;
  for (let index = 0; index < histogram.length; index += 1) {
    const inBucket = histogram[index]!;
    if (inBucket <= 0) continue;
    if (cumulative + inBucket >= rank) {
      const lower = index === 0 ? min : Math.max(min, boundaries[index - 1]!);
      const upper = index >= boundaries.length ? max : Math.min(max, boundaries[index]!);
      const fraction = (rank - cumulative) / inBucket;
      return lower + (upper - lower) * fraction;
    }
    cumulative += inBucket;
  }
  return max;
}

/**
 * Buckets every ingested delta per series so rules can aggregate any window: the fine ring covers `retainMs` at
 * `resolutionMs`; calendar windows read hourly buckets (32 days); `lifetime` reads a running total.
 */
export class SeriesStore {
  private readonly series = new Map<string, Series>();
  private readonly slots: number;
  /** Bumped whenever a series appears, so callers can cache their selections. */
  version = 0;

  constructor(
    readonly resolutionMs: number,
    retainMs: number,
  ) {
    this.slots = Math.max(1, Math.ceil(retainMs / resolutionMs) + 1);
  }

  /** Adds a delta snapshot; its series land in the bucket containing `intervalStart`. */
  ingest(snapshot: MetricSnapshot): void {
    const bucketStart = Math.floor(snapshot.intervalStart / this.resolutionMs) * this.resolutionMs;
    for (const delta of snapshot.series) {
      if (!(delta.count > 0) || !Number.isFinite(delta.sum)) continue;
      const key = `${delta.metric}\u0000${attributesKey(delta.attributes)}`;
      let series = this.series.get(key);
      if (!series) {
        series = new Series(delta.metric, { ...delta.attributes }, this.resolutionMs, this.slots);
        this.series.set(key, series);
        this.version += 1;
      }
      series.add(bucketStart, delta);
    }
  }

  /** Series of `metric` whose attributes match `where`. */
  select(metric: string, where: Readonly<Record<string, AttributeValue>> | undefined): Series[] {
    const out: Series[] = [];
    for (const series of this.series.values()) {
      if (series.metric !== metric) continue;
      if (where && Object.entries(where).some(([key, value]) => series.attributes[key] !== value)) continue;
      out.push(series);
    }
    return out;
  }

  /** Aggregates a group of series over a window ending at `now`; `null` means no data. */
  aggregate(group: readonly Series[], aggregation: Aggregation, window: AlertWindow, now: number): number | null {
    const acc = emptyStats();
    let boundaries: readonly number[] | undefined;
    let windowSeconds: number;
    if (window === 'lifetime') {
      let first = Number.POSITIVE_INFINITY;
      for (const series of group) {
        mergeStats(acc, series.lifetime);
        boundaries ??= series.boundaries;
        first = Math.min(first, series.firstAt);
      }
      windowSeconds = Number.isFinite(first) ? Math.max(1, (now - first) / 1000) : 1;
    } else if (window === 'calendar-day' || window === 'calendar-month') {
      const start = calendarStart(window, now);
      for (const series of group) {
        boundaries ??= series.boundaries;
        for (const [hour, stats] of series.hourly) if (hour >= start && hour <= now) mergeStats(acc, stats);
      }
      windowSeconds = Math.max(1, (now - start) / 1000);
    } else {
      const from = now - window;
      // Hot loop of every evaluation: plain locals and typed arrays, no closures.
      let count = 0;
      let sum = 0;
      let low = Number.POSITIVE_INFINITY;
      let high = Number.NEGATIVE_INFINITY;
      let lastAt = Number.NEGATIVE_INFINITY;
      let last = Number.NaN;
      const wantHistogram = aggregation === 'p95';
      for (const series of group) {
        boundaries ??= series.boundaries;
        const starts = series.starts;
        const counts = series.count;
        const sums = series.sum;
        const mins = series.min;
        const maxes = series.max;
        for (let slot = 0; slot < starts.length; slot += 1) {
          const start = starts[slot]!;
          if (!(start >= from && start <= now)) continue;
          const slotCount = counts[slot]!;
          if (slotCount <= 0) continue;
          count += slotCount;
          sum += sums[slot]!;
          if (mins[slot]! < low) low = mins[slot]!;
          if (maxes[slot]! > high) high = maxes[slot]!;
          if (start >= lastAt) {
            lastAt = start;
            last = series.last[slot]!;
          }
          if (wantHistogram) {
            const histogram = series.histograms[slot];
            if (histogram) {
              acc.histogram ??= new Float64Array(histogram.length);
              const target = acc.histogram;
              if (target.length === histogram.length) for (let index = 0; index < histogram.length; index += 1) target[index]! += histogram[index]!;
            }
          }
        }
      }
      acc.count = count;
      acc.sum = sum;
      acc.min = low;
      acc.max = high;
      acc.lastAt = lastAt;
      acc.last = last;
      windowSeconds = window / 1000;
    }
    switch (aggregation) {
      case 'sum':
      case 'increase':
        return acc.sum;
      case 'count':
        return acc.count;
      case 'rate':
        return acc.sum / windowSeconds;
      case 'avg':
        return acc.count > 0 ? acc.sum / acc.count : null;
      case 'min':
        return acc.count > 0 ? acc.min : null;
      case 'max':
        return acc.count > 0 ? acc.max : null;
      case 'last':
        return acc.count > 0 ? acc.last : null;
      case 'p95':
        return acc.histogram && boundaries ? quantile(acc.histogram, boundaries, 0.95, acc.min, acc.max) : null;
    }
  }
}
