import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import {
  ATTR,
  ConfigError,
  METRICS,
  ManualClock,
  createAgentTelemetry,
  createAlertEngine,
  createInProcessAggregator,
  defaultEffortAlertRules,
  effortAlertSettingsFromEnv,
  type AlertEvent,
  type AlertRule,
  type RoutingDecision,
} from '../src/index.js';
import { createDeltaPullReader, metricSourceFromReader } from '../src/otel-sdk/index.js';

const highPolicy = (overrides: Partial<RoutingDecision> = {}): RoutingDecision => ({
  effort: 'high',
  source: 'policy',
  routingEnabled: true,
  model: 'm',
  maxTokens: 1600,
  tokenMultiplier: 1.5,
  estimatedTokenBudget: 1600,
  cost: null,
  ...overrides,
});

describe('parity rules (lifetime windows)', () => {
  const settings = { highEffortCount: 25, highCostUsd: 5, highTokenBudget: 8000, parity: true };

  it('a labelled cost rule (max > 0.5) with a 0.75 observation gives exactly one snapshot entry', async () => {
    const aggregator = createInProcessAggregator();
    const telemetry = createAgentTelemetry({ aggregator });
    const engine = createAlertEngine({ source: aggregator, rules: defaultEffortAlertRules(settings) });
    expect(
      engine.addRule({
        name: 'labelled_cost',
        metric: METRICS.effortEstimatedCost,
        where: { [ATTR.effortLevel]: 'high', [ATTR.effortSource]: 'policy' },
        aggregation: 'max',
        window: 'lifetime',
        op: 'gt',
        threshold: 0.5,
        severity: 'warning',
      }).ok,
    ).toBe(true);
    await telemetry.recordRoutingDecision(highPolicy({ cost: { usd: 0.75, status: 'estimated', source: 'flat_rate' } }));
    const alerts = engine.snapshot();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ rule_name: 'labelled_cost', metric: METRICS.effortEstimatedCost, current_value: 0.75, threshold: 0.5 });
    expect(typeof alerts[0]!.triggered_at).toBe('string');
  });

  it('26 high decisions trip high_effort_routing_volume, 25 do not', async () => {
    for (const [count, expected] of [
      [25, 0],
      [26, 1],
    ] as const) {
      const aggregator = createInProcessAggregator();
      const telemetry = createAgentTelemetry({ aggregator });
      const engine = createAlertEngine({ source: aggregator, rules: defaultEffortAlertRules(settings) });
      for (let index = 0; index < count; index += 1) await telemetry.recordRoutingDecision(highPolicy({ estimatedTokenBudget: 100 }));
      await telemetry.recordRoutingDecision(highPolicy({ effort: 'low', estimatedTokenBudget: 100 }));
      expect(engine.snapshot().filter((alert) => alert.rule_name === 'high_effort_routing_volume')).toHaveLength(expected);
    }
  });

  it('a max > 1.0 rule trips on 1.25 and stays latched over a lifetime window', async () => {
    const clock = new ManualClock(0);
    const aggregator = createInProcessAggregator({ clock });
    const engine = createAlertEngine({ source: aggregator, clock, rules: [{ name: 'max_cost', metric: 'cost', aggregation: 'max', window: 'lifetime', op: 'gt', threshold: 1, severity: 'warning' }] });
    aggregator.record('cost', 1.25, {});
    expect(engine.snapshot().map((alert) => alert.rule_name)).toEqual(['max_cost']);
    clock.set(86_400_000);
    expect(engine.snapshot().map((alert) => alert.rule_name)).toEqual(['max_cost']);
  });

  it('windowed defaults forget a spike after 15 minutes', async () => {
    const clock = new ManualClock(0);
    const aggregator = createInProcessAggregator({ clock });
    const telemetry = createAgentTelemetry({ aggregator });
    const engine = createAlertEngine({ source: aggregator, clock, rules: defaultEffortAlertRules({ highEffortCount: 25, highCostUsd: 5, highTokenBudget: 8000 }) });
    await telemetry.recordRoutingDecision(highPolicy({ estimatedTokenBudget: 9000 }));
    const events = await engine.evaluate(0);
    expect(events.map((event) => `${event.type}:${event.instance.rule}`)).toEqual(['firing:high_effort_token_budget_spike']);
    clock.set(16 * 60_000);
    expect((await engine.evaluate()).map((event) => `${event.type}:${event.instance.rule}`)).toEqual(['resolved:high_effort_token_budget_spike']);
  });
});

describe('levels, group-by and sources', () => {
  it('a $10 budget with levels 0.8 and 1.0: warning at 8.5, escalated at 10.2, no repeat at 10.5', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 3));
    const aggregator = createInProcessAggregator({ clock });
    const rules = defaultEffortAlertRules({ highEffortCount: 25, highCostUsd: 5, highTokenBudget: 8000, costBudget: { usd: 10 } }).filter((rule) => rule.name === 'cost_budget');
    const engine = createAlertEngine({ source: aggregator, clock, rules });
    const telemetry = createAgentTelemetry({ aggregator });
    const seen: string[] = [];
    let spent = 0;
    for (const total of [7, 8.5, 9, 10.2, 10.5]) {
      clock.set(clock.now() + 60_000);
      telemetry.recordCost({ usd: total - spent, status: 'actual', source: 'builtin' }, { operation: 'chat', provider: 'openai', requestModel: 'gpt-4o', tenantId: 't1' });
      spent = total;
      for (const event of await engine.evaluate()) seen.push(`${total}:${event.type}(${event.instance.severity})`);
    }
    expect(seen).toEqual(['8.5:firing(warning)', '10.2:escalated(critical)']);
  });

  it('group-by model: only the model over threshold gets an instance', async () => {
    const clock = new ManualClock(0);
    const aggregator = createInProcessAggregator({ clock });
    const engine = createAlertEngine({
      source: aggregator,
      clock,
      rules: [{ name: 'tokens', metric: 'tokens', groupBy: ['model'], aggregation: 'sum', window: 60_000, op: 'gt', threshold: 100, severity: 'warning' }],
    });
    aggregator.record('tokens', 500, { model: 'big' });
    aggregator.record('tokens', 20, { model: 'small' });
    await engine.evaluate(0);
    const instances = engine.instances();
    expect(instances).toHaveLength(1);
    expect(instances[0]!.groupLabels).toEqual({ model: 'big' });
    expect(instances[0]!.state).toBe('firing');
  });

  it('the in-process aggregator and an SDK delta reader give identical events', async () => {
    const clock = new ManualClock(0);
    const aggregator = createInProcessAggregator({ clock });
    const reader = createDeltaPullReader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    const viaAggregator = createAgentTelemetry({ aggregator, enabled: true, meterProvider: new MeterProvider() });
    const viaSdk = createAgentTelemetry({ meterProvider });
    const rules: AlertRule[] = [
      { name: 'volume', metric: METRICS.effortDecisions, where: { [ATTR.effortLevel]: 'high' }, aggregation: 'sum', window: 30_000, op: 'gt', threshold: 3, severity: 'warning' },
      { name: 'budget', metric: METRICS.effortTokenBudget, aggregation: 'max', window: 20_000, op: 'gte', threshold: 5000, forMs: 10_000, severity: 'critical' },
    ];
    const engineA = createAlertEngine({ source: aggregator, clock, rules });
    const engineB = createAlertEngine({ source: metricSourceFromReader(reader, { clock }), clock, rules });
    const eventsA: string[] = [];
    const eventsB: string[] = [];
    const describeEvent = (event: AlertEvent) => `${event.at}:${event.type}:${event.instance.rule}:${event.instance.value}`;
    const stream = [1, 2, 0, 3, 1, 0, 0, 0, 4, 2];
    for (const [step, decisions] of stream.entries()) {
      // Records fall strictly inside each 10 s step; evaluation happens at the step's end.
      for (let index = 0; index < decisions; index += 1) {
        clock.set(step * 10_000 + 1_000 + index);
        const decision = highPolicy({ estimatedTokenBudget: 1000 * (index + step) });
        await viaAggregator.recordRoutingDecision(decision);
        await viaSdk.recordRoutingDecision(decision);
      }
      clock.set((step + 1) * 10_000);
      for (const event of await engineA.evaluate()) eventsA.push(describeEvent(event));
      for (const event of await engineB.evaluate()) eventsB.push(describeEvent(event));
    }
    expect(eventsA.length).toBeGreaterThan(0);
    expect(eventsB).toEqual(eventsA);
    await meterProvider.shutdown();
  });
});

describe('rule validation', () => {
  const valid: AlertRule = { name: 'r', metric: 'm', aggregation: 'sum', window: 1000, op: 'gt', threshold: 1, severity: 'info' };

  it.each([
    ['empty name', { ...valid, name: '' }],
    ['empty metric', { ...valid, metric: '' }],
    ['NaN threshold', { ...valid, threshold: Number.NaN }],
    ['negative forMs', { ...valid, forMs: -1 }],
    ['unknown aggregation', { ...valid, aggregation: 'median' as never }],
    ['zero window', { ...valid, window: 0 }],
    ['unknown comparator', { ...valid, op: 'ne' as never }],
    ['empty levels', { ...valid, levels: [] }],
  ])('%s is rejected with OBS_BAD_RULE', (_name, rule) => {
    const engine = createAlertEngine({ source: createInProcessAggregator() });
    const result = engine.addRule(rule as AlertRule);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(ConfigError.isInstance(result.error)).toBe(true);
      expect(result.error.code).toBe('OBS_BAD_RULE');
    }
    expect(engine.rules()).toHaveLength(0);
  });

  it('rejects a duplicate rule name and an invalid initial rule', () => {
    const engine = createAlertEngine({ source: createInProcessAggregator(), rules: [valid] });
    expect(engine.addRule(valid).ok).toBe(false);
    expect(() => createAlertEngine({ source: createInProcessAggregator(), rules: [{ ...valid, severity: 'fatal' as never }] })).toThrow(/severity/);
  });

  it('reads the reference alert settings from the environment', () => {
    const parsed = effortAlertSettingsFromEnv({ OBSERVABILITY_EFFORT_ALERT_HIGH_EFFORT_COUNT_THRESHOLD: '10' });
    expect(parsed.ok && parsed.value).toMatchObject({ enabled: true, highEffortCount: 10, highCostUsd: 5, highTokenBudget: 8000 });
    const bad = effortAlertSettingsFromEnv({ OBSERVABILITY_EFFORT_ALERTS_ENABLED: 'maybe' });
    expect(bad.ok).toBe(false);
  });
});
