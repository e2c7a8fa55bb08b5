// The README's example, run as a test (imports point at the source instead of the package name).
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { createAgentTelemetry, createAlertEngine, createEffortRouter, createInProcessAggregator, defaultEffortAlertRules, unwrap, type AlertEvent } from '../src/index.js';

describe('README example', () => {
  it('wires the SDK, records one decision and fires one alert', async () => {
    const fired: AlertEvent[] = [];
    const log = (event: AlertEvent) => void fired.push(event);

    // --- README ---
    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
    const meterProvider = new MeterProvider({ readers: [reader] });

    const aggregator = createInProcessAggregator();
    const telemetry = createAgentTelemetry({ meterProvider, aggregator });
    const router = unwrap(
      createEffortRouter({
        enabled: true,
        tiers: { low: { model: 'gpt-4o-mini', tokenMultiplier: 0.5 }, medium: { tokenMultiplier: 1 }, high: { model: 'gpt-4o', tokenMultiplier: 4 } },
        flatCostPer1kTokens: 0.01,
      }),
    );
    const alerts = createAlertEngine({ source: aggregator, rules: defaultEffortAlertRules({ highEffortCount: 25, highCostUsd: 5, highTokenBudget: 8000 }) });
    alerts.onEvent(log);

    const decision = router.resolve({ defaultModel: 'gpt-4o-mini', maxTokens: 4096, effort: 'high', inputs: { task: 'Analyze the outage' } });
    await telemetry.recordRoutingDecision(decision); // before the model call: rejects when fail-closed export fails
    const events = await alerts.evaluate(); // high_effort_token_budget_spike: 16384 > 8000
    // --- end ---

    expect(decision).toMatchObject({ model: 'gpt-4o', maxTokens: 16384, source: 'request' });
    expect(events.map((event) => `${event.type} ${event.instance.rule}`)).toEqual(['firing high_effort_token_budget_spike']);
    expect(fired).toHaveLength(1);
    await reader.forceFlush();
    expect(exporter.getMetrics()[0]!.scopeMetrics[0]!.metrics.map((metric) => metric.descriptor.name).sort()).toEqual([
      'agent33.effort.decisions',
      'agent33.effort.estimated_cost',
      'agent33.effort.token_budget',
    ]);
    await meterProvider.shutdown();
  });
});
