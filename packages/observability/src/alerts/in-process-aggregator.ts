import { systemClock, type Clock } from '../clock.js';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { ATTR, OTHER_VALUE } from '../semconv.js';
import type { AttributeValue, InProcessAggregator, MetricSeriesDelta, MetricSnapshot } from './metric-source.js';
import { attributesKey } from './series-store.js';

/** Default histogram boundaries of the aggregator (cover USD costs, token counts and seconds). */
export const AGGREGATOR_BOUNDARIES: readonly number[] = [
  0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 25000, 100000, 1000000,
];

/** Options of {@link createInProcessAggregator}. */
export interface InProcessAggregatorOptions {
  /** Bucket width (ms). Default 10 000. */
  resolutionMs?: number;
  /** How long undrained buckets are kept (ms). Default 3 600 000. */
  retainMs?: number;
  /** Distinct series before new attribute sets fold into an all-`_OTHER` series. Default 1000. */
  maxSeries?: number;
  /**
   * Keep `agent33.tenant.id` for the top `maxTenants` tenants by recorded value (the rest fold into `_OTHER`; a tenant
   * that overtakes the smallest kept one takes its place from then on). Without it the tenant is dropped.
   */
  tenantDimension?: { maxTenants: number };
  /** Histogram boundaries used for `p95`. */
  boundaries?: readonly number[];
  clock?: Clock;
}

/** The aggregator's extra method: every bucket since the last drain, one snapshot each, oldest first. */
export interface BucketedAggregator extends InProcessAggregator {
  /** Everything since the last drain as one delta (synchronous). */
  collect(): MetricSnapshot;
  collectBuckets(): MetricSnapshot[];
}

interface Pending extends MetricSeriesDelta {
  counts: number[];
  last: number;
}

/**
 * An in-process metric aggregator: telemetry tees every recorded value into it, so alert rules work without any
 * OpenTelemetry SDK. Values land in buckets of `resolutionMs` by the clock's time; the alert engine drains them with
 * `collectBuckets()` (or `collect()`, which merges them into one delta). Attribute sets are bounded by `maxSeries`;
 * tenants are kept only with `tenantDimension`. `record` throws {@link InvalidInputError} for a non-finite value.
 */
export function createInProcessAggregator(options: InProcessAggregatorOptions = {}): BucketedAggregator {
  const resolutionMs = options.resolutionMs ?? 10_000;
  const retainMs = options.retainMs ?? 3_600_000;
  const maxSeries = options.maxSeries ?? 1000;
  const clock = options.clock ?? systemClock;
  const boundaries = options.boundaries ?? AGGREGATOR_BOUNDARIES;
  if (!(Number.isFinite(resolutionMs) && resolutionMs > 0)) throw new InvalidInputError('resolutionMs', 'must be a finite number > 0');
  if (!(Number.isFinite(retainMs) && retainMs >= resolutionMs)) throw new InvalidInputError('retainMs', 'must be ≥ resolutionMs');
  if (!(Number.isInteger(maxSeries) && maxSeries > 0)) throw new InvalidInputError('maxSeries', 'must be an integer > 0');
  const maxTenants = options.tenantDimension?.maxTenants;
  if (maxTenants !== undefined && !(Number.isInteger(maxTenants) && maxTenants >= 0)) throw new InvalidInputError('tenantDimension.maxTenants', 'must be an integer ≥ 0');

  const buckets = new Map<number, Map<string, Pending>>();
  const knownSeries = new Set<string>();
  // Tenants currently kept as their own label (the top N by recorded value) and the running totals that rank them.
  const tenants = new Set<string>();
  const tenantTotals = new Map<string, number>();
  const maxTracked = Math.max(100, (maxTenants ?? 0) * 10);

  const admitTenant = (id: string, value: number): boolean => {
    const total = (tenantTotals.get(id) ?? 0) + Math.abs(value);
    tenantTotals.set(id, total);
    if (tenantTotals.size > maxTracked) {
      // Forget the smallest tracked tenant that is not currently admitted.
      let smallest: string | undefined;
      for (const [candidate, amount] of tenantTotals) {
        if (tenants.has(candidate) || candidate === id) continue;
        if (smallest === undefined || amount < (tenantTotals.get(smallest) ?? 0)) smallest = candidate;
      }
      if (smallest !== undefined) tenantTotals.delete(smallest);
    }
    if (tenants.has(id)) return true;
    if (maxTenants === undefined || maxTenants === 0) return false;
    if (tenants.size < maxTenants) {
      tenants.add(id);
      return true;
    }
    let weakest: string | undefined;
    for (const candidate of tenants) if (weakest === undefined || (tenantTotals.get(candidate) ?? 0) < (tenantTotals.get(weakest) ?? 0)) weakest = candidate;
    if (weakest !== undefined && total > (tenantTotals.get(weakest) ?? 0)) {
      // A bigger spender displaces the smallest admitted tenant from now on; recorded buckets keep their labels.
      tenants.delete(weakest);
      tenants.add(id);
      return true;
    }
    return false;
  };
  let lastCollect = clock.now();

  const boundAttributes = (attributes: Readonly<Record<string, AttributeValue>>, value: number): Readonly<Record<string, AttributeValue>> => {
    const tenant = attributes[ATTR.tenantId];
    // Most records carry no tenant: keep their attribute object as is (it is copied only when a series is created).
    if (tenant === undefined) return attributes;
    const out: Record<string, AttributeValue> = { ...attributes };
    if (maxTenants === undefined) {
      delete out[ATTR.tenantId];
      return out;
    }
    const id = String(tenant);
    out[ATTR.tenantId] = admitTenant(id, value) ? id : OTHER_VALUE;
    return out;
  };

  // Binary search for the first boundary ≥ value (explicit-bucket semantics: (previous, boundary]).
  const bucketIndex = (value: number): number => {
    let low = 0;
    let high = boundaries.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (value > boundaries[middle]!) low = middle + 1;
      else high = middle;
    }
    return low;
  };

  const drain = (): MetricSnapshot[] => {
    const out: MetricSnapshot[] = [];
    for (const start of [...buckets.keys()].sort((a, b) => a - b)) {
      const series = [...buckets.get(start)!.values()].map(({ counts, ...delta }) => ({ ...delta, buckets: { boundaries, counts } }));
      out.push({ intervalStart: start, intervalEnd: start + resolutionMs, series });
    }
    buckets.clear();
    return out;
  };

  return {
    record(metric, value, attributes) {
      if (typeof metric !== 'string' || metric === '') throw new InvalidInputError('metric', 'must be a non-empty string');
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidInputError('value', `must be a finite number, got ${String(value)}`);
      let bounded: Readonly<Record<string, AttributeValue>> = boundAttributes(attributes ?? {}, value);
      let key = `${metric}\u0000${attributesKey(bounded)}`;
      if (!knownSeries.has(key)) {
        if (knownSeries.size >= maxSeries) {
          bounded = Object.fromEntries(Object.keys(bounded).map((name) => [name, OTHER_VALUE]));
          key = `${metric}\u0000${attributesKey(bounded)}`;
        }
        knownSeries.add(key);
      }
      const now = clock.now();
      const start = Math.floor(now / resolutionMs) * resolutionMs;
      let bucket = buckets.get(start);
      if (!bucket) {
        bucket = new Map();
        buckets.set(start, bucket);
        // Undrained buckets older than the retention are dropped so an unread aggregator stays bounded.
        for (const old of buckets.keys()) if (old < start - retainMs) buckets.delete(old);
      }
      let pending = bucket.get(key);
      if (!pending) {
        pending = { metric, attributes: { ...bounded }, count: 0, sum: 0, min: value, max: value, last: value, counts: new Array<number>(boundaries.length + 1).fill(0) };
        bucket.set(key, pending);
      }
      pending.count += 1;
      pending.sum += value;
      if (value < pending.min) pending.min = value;
      if (value > pending.max) pending.max = value;
      pending.last = value;
      pending.counts[bucketIndex(value)]! += 1;
    },
    collectBuckets() {
      lastCollect = clock.now();
      return drain();
    },
    collect() {
      const intervalStart = lastCollect;
      lastCollect = clock.now();
      const merged = new Map<string, Pending>();
      for (const snapshot of drain()) {
        for (const delta of snapshot.series) {
          const key = `${delta.metric}\u0000${attributesKey(delta.attributes)}`;
          const counts = delta.buckets?.counts ?? [];
          const existing = merged.get(key);
          if (!existing) {
            merged.set(key, { ...(delta as Pending), counts: [...counts] });
            continue;
          }
          existing.count += delta.count;
          existing.sum += delta.sum;
          existing.min = Math.min(existing.min, delta.min);
          existing.max = Math.max(existing.max, delta.max);
          existing.last = (delta as Pending).last;
          counts.forEach((value, index) => (existing.counts[index]! += value));
        }
      }
      const series = [...merged.values()].map(({ counts, ...delta }) => ({ ...delta, buckets: { boundaries, counts } }));
      return { intervalStart, intervalEnd: lastCollect, series };
    },
  };
}
