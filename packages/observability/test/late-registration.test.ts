// Registers a global MeterProvider: vitest isolates each test file, so the registration cannot leak elsewhere.
import { metrics } from '@opentelemetry/api';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { afterAll, describe, expect, it } from 'vitest';
import { METRICS, createAgentTelemetry, type RoutingDecision } from '../src/index.js';

const decision: RoutingDecision = {
  effort: 'medium',
  source: 'default',
  routingEnabled: false,
  model: 'm',
  maxTokens: 100,
  tokenMultiplier: 1,
  estimatedTokenBudget: 100,
  cost: null,
};

describe('late SDK registration', () => {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });

  afterAll(async () => {
    metrics.disable();
    await meterProvider.shutdown();
  });

  it('picks up a global MeterProvider registered after the telemetry was created', async () => {
    const telemetry = createAgentTelemetry();
    // Recorded before any SDK: goes to the no-op meter.
    await telemetry.recordRoutingDecision(decision);
    expect(metrics.setGlobalMeterProvider(meterProvider)).toBe(true);
    await telemetry.recordRoutingDecision(decision);
    await telemetry.recordRoutingDecision(decision);
    await reader.forceFlush();
    const scope = exporter.getMetrics()[0]!.scopeMetrics[0]!;
    const decisions = scope.metrics.find((metric) => metric.descriptor.name === METRICS.effortDecisions)!;
    expect(decisions.dataPoints.map((point) => point.value)).toEqual([2]);
  });
});
