import type { CircuitEvent, CircuitState } from '../breaker/types.js';

/** Aggregates of one connector, with the later reference's fields. */
export interface ConnectorMetricsSummary {
  connector: string;
  totalCalls: number;
  successes: number;
  failures: number;
  successRate: number;
  errorRate: number;
  avgLatencyMs: number;
  p95LatencyMs: number;
}

/** Fleet health buckets. */
export interface ConnectorHealthSummary {
  total: number;
  healthy: number;
  degraded: number;
  openCircuit: number;
  connectors: Record<string, 'healthy' | 'degraded' | 'open_circuit'>;
}

/** In-memory per-connector metrics: totals, rates, latency (last 500 samples), circuit events (newest first). */
export interface ConnectorMetricsCollector {
  summary(connector: string): ConnectorMetricsSummary;
  all(): Readonly<Record<string, ConnectorMetricsSummary>>;
  circuitEvents(connector: string, limit?: number): readonly CircuitEvent[];
  health(): ConnectorHealthSummary;
}

interface Entry {
  total: number;
  successes: number;
  failures: number;
  samples: number[];
  next: number;
  events: CircuitEvent[];
  state: CircuitState;
}

const round4 = (value: number): number => Math.round(value * 10_000) / 10_000;

/** p-th percentile by linear interpolation between closest ranks (numpy's default). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low] as number;
  return lowValue + ((sorted[high] as number) - lowValue) * (rank - low);
}

/** The bounded collector behind `boundary.metrics`. */
export class MetricsCollector implements ConnectorMetricsCollector {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxConnectors = 1000,
    private readonly maxSamples = 500,
    private readonly maxEvents = 100,
  ) {}

  private entry(connector: string): Entry {
    let entry = this.entries.get(connector);
    if (entry === undefined) {
      if (this.entries.size >= this.maxConnectors) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
      entry = { total: 0, successes: 0, failures: 0, samples: [], next: 0, events: [], state: 'closed' };
      this.entries.set(connector, entry);
    }
    return entry;
  }

  /** Records one logical call. */
  record(connector: string, ok: boolean, latencyMs: number): void {
    const entry = this.entry(connector);
    entry.total += 1;
    if (ok) entry.successes += 1;
    else entry.failures += 1;
    if (entry.samples.length < this.maxSamples) entry.samples.push(latencyMs);
    else {
      entry.samples[entry.next] = latencyMs;
      entry.next = (entry.next + 1) % this.maxSamples;
    }
  }

  /** Records a breaker transition (the key is the connector for the default registry key). */
  recordCircuitEvent(event: CircuitEvent): void {
    const entry = this.entry(event.key);
    entry.state = event.to;
    entry.events.unshift(event);
    if (entry.events.length > this.maxEvents) entry.events.length = this.maxEvents;
  }

  summary(connector: string): ConnectorMetricsSummary {
    const entry = this.entries.get(connector);
    if (entry === undefined || entry.total === 0) {
      return { connector, totalCalls: 0, successes: 0, failures: 0, successRate: 0, errorRate: 0, avgLatencyMs: 0, p95LatencyMs: 0 };
    }
    const sum = entry.samples.reduce((acc, value) => acc + value, 0);
    return {
      connector,
      totalCalls: entry.total,
      successes: entry.successes,
      failures: entry.failures,
      successRate: round4(entry.successes / entry.total),
      errorRate: round4(entry.failures / entry.total),
      avgLatencyMs: round4(entry.samples.length === 0 ? 0 : sum / entry.samples.length),
      p95LatencyMs: round4(percentile(entry.samples, 95)),
    };
  }

  all(): Readonly<Record<string, ConnectorMetricsSummary>> {
    const result: Record<string, ConnectorMetricsSummary> = {};
    for (const connector of this.entries.keys()) result[connector] = this.summary(connector);
    return result;
  }

  circuitEvents(connector: string, limit = this.maxEvents): readonly CircuitEvent[] {
    return (this.entries.get(connector)?.events ?? []).slice(0, limit);
  }

  health(): ConnectorHealthSummary {
    const summary: ConnectorHealthSummary = { total: 0, healthy: 0, degraded: 0, openCircuit: 0, connectors: {} };
    for (const [connector, entry] of this.entries) {
      summary.total += 1;
      let bucket: 'healthy' | 'degraded' | 'open_circuit';
      if (entry.state === 'open' || entry.state === 'isolated') bucket = 'open_circuit';
      else if (entry.state === 'half_open' || (entry.total > 0 && entry.failures / entry.total > 0.1)) bucket = 'degraded';
      else bucket = 'healthy';
      summary.connectors[connector] = bucket;
      if (bucket === 'healthy') summary.healthy += 1;
      else if (bucket === 'degraded') summary.degraded += 1;
      else summary.openCircuit += 1;
    }
    return summary;
  }

  /** Connectors tracked. */
  get size(): number {
    return this.entries.size;
  }
}
