import { SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type Histogram } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ATTR,
  METRICS,
  PACKAGE_VERSION,
  TOKEN_BUDGET_BUCKETS,
  TOKEN_USAGE_BUCKETS,
  TelemetryExportError,
  callbackExporter,
  createAgentTelemetry,
  createEffortRouter,
  unwrap,
  type ObservabilityOptions,
  type RoutingDecision,
} from '../src/index.js';

// The SDK reports the instrument type on the descriptor at run time; its public type omits it.
function instrumentType(metric: { descriptor: object }): unknown {
  return (metric.descriptor as { type?: unknown }).type;
}

function decision(overrides: Partial<RoutingDecision> = {}): RoutingDecision {
  return {
    effort: 'high',
    source: 'policy',
    routingEnabled: true,
    model: 'high-model',
    maxTokens: 1600,
    tokenMultiplier: 1.5,
    estimatedTokenBudget: 1600,
    cost: null,
    ...overrides,
  };
}

describe('agent telemetry with the real OpenTelemetry SDK', () => {
  let exporter: InMemoryMetricExporter;
  let reader: PeriodicExportingMetricReader;
  let meterProvider: MeterProvider;
  let spanExporter: InMemorySpanExporter;
  let tracerProvider: BasicTracerProvider;

  beforeEach(() => {
    exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
    meterProvider = new MeterProvider({ readers: [reader] });
    spanExporter = new InMemorySpanExporter();
    tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] });
  });

  afterEach(async () => {
    await meterProvider.shutdown();
    await tracerProvider.shutdown();
  });

  const telemetryWith = (options: ObservabilityOptions = {}) => createAgentTelemetry({ meterProvider, tracerProvider, ...options });

  async function scopeMetrics() {
    await reader.forceFlush();
    const scope = exporter.getMetrics()[0]!.scopeMetrics[0]!;
    return scope;
  }

  it('records decisions, budgets and no cost series without a cost', async () => {
    const telemetry = telemetryWith();
    await telemetry.recordRoutingDecision(decision({ estimatedTokenBudget: 1600 }));
    await telemetry.recordRoutingDecision(decision({ estimatedTokenBudget: 800 }));
    await telemetry.recordRoutingDecision(decision({ effort: 'low', source: 'heuristic', estimatedTokenBudget: 90, maxTokens: 90 }));
    const scope = await scopeMetrics();
    expect(scope.scope).toEqual({ name: '@agent33/observability', version: PACKAGE_VERSION, schemaUrl: undefined });

    const decisions = scope.metrics.find((metric) => metric.descriptor.name === METRICS.effortDecisions)!;
    expect(decisions.descriptor.unit).toBe('{decision}');
    expect(instrumentType(decisions)).toBe('COUNTER');
    expect(decisions.dataPointType).toBe(DataPointType.SUM);
    for (const point of decisions.dataPoints) {
      expect(Object.keys(point.attributes).sort()).toEqual([ATTR.effortLevel, ATTR.effortRoutingEnabled, ATTR.effortSource].sort());
    }
    const byLevel = Object.fromEntries(decisions.dataPoints.map((point) => [`${point.attributes[ATTR.effortLevel]}/${point.attributes[ATTR.effortSource]}`, point.value]));
    expect(byLevel).toEqual({ 'high/policy': 2, 'low/heuristic': 1 });

    const budget = scope.metrics.find((metric) => metric.descriptor.name === METRICS.effortTokenBudget)!;
    expect(instrumentType(budget)).toBe('HISTOGRAM');
    expect(budget.descriptor.unit).toBe('{token}');
    expect(budget.dataPointType).toBe(DataPointType.HISTOGRAM);
    const high = budget.dataPoints.find((point) => point.attributes[ATTR.effortLevel] === 'high')!;
    const value = high.value as Histogram;
    expect(value.buckets.boundaries).toEqual([...TOKEN_BUDGET_BUCKETS]);
    expect({ count: value.count, sum: value.sum, min: value.min, max: value.max }).toEqual({ count: 2, sum: 2400, min: 800, max: 1600 });

    expect(scope.metrics.find((metric) => metric.descriptor.name === METRICS.effortEstimatedCost)).toBeUndefined();
  });

  it('records the estimated cost histogram when the decision has a cost', async () => {
    const router = unwrap(createEffortRouter({ enabled: true, flatCostPer1kTokens: 0.5, tiers: { high: { tokenMultiplier: 1 } } }));
    const telemetry = telemetryWith();
    await telemetry.recordRoutingDecision(router.resolve({ defaultModel: 'm', maxTokens: 1600, effort: 'high' }));
    const scope = await scopeMetrics();
    const cost = scope.metrics.find((metric) => metric.descriptor.name === METRICS.effortEstimatedCost)!;
    expect(cost.descriptor.unit).toBe('{USD}');
    expect((cost.dataPoints[0]!.value as Histogram).max).toBe(0.8);
  });

  it('records gen_ai.client.token.usage as one input and one output point per call', async () => {
    const telemetry = telemetryWith();
    telemetry.recordTokenUsage({ inputTokens: 100, outputTokens: 20, cacheReadInputTokens: 0, reasoningOutputTokens: 0 }, { operation: 'chat', provider: 'openai', requestModel: 'gpt-4o' });
    const scope = await scopeMetrics();
    const usage = scope.metrics.find((metric) => metric.descriptor.name === METRICS.genAiClientTokenUsage)!;
    expect(usage.descriptor.unit).toBe('{token}');
    expect(usage.dataPoints).toHaveLength(2);
    const types = usage.dataPoints.map((point) => point.attributes[ATTR.genAiTokenType]).sort();
    expect(types).toEqual(['input', 'output']);
    for (const point of usage.dataPoints) {
      expect(point.attributes[ATTR.genAiOperationName]).toBe('chat');
      expect(point.attributes[ATTR.genAiProviderName]).toBe('openai');
      expect(point.attributes[ATTR.genAiRequestModel]).toBe('gpt-4o');
      expect((point.value as Histogram).buckets.boundaries).toEqual([...TOKEN_USAGE_BUCKETS]);
    }
    const input = usage.dataPoints.find((point) => point.attributes[ATTR.genAiTokenType] === 'input')!;
    expect((input.value as Histogram).sum).toBe(100);
  });

  it('bounds model attribute values: 1000 random models give at most allowlist + 1 points, no overflow series', async () => {
    const allow = ['model-a', 'model-b', 'model-c'];
    const telemetry = telemetryWith({ attributeLimits: { maxValuesPerKey: 100, allow: { [ATTR.genAiRequestModel]: allow } } });
    for (let index = 0; index < 1000; index += 1) {
      const model = index % 10 === 0 ? allow[index % 3]! : `free-text-${Math.random().toString(36).slice(2)}`;
      telemetry.recordTokenUsage({ inputTokens: 1, outputTokens: 0, cacheReadInputTokens: 0, reasoningOutputTokens: 0 }, { operation: 'chat', provider: 'openai', requestModel: model });
    }
    const scope = await scopeMetrics();
    const usage = scope.metrics.find((metric) => metric.descriptor.name === METRICS.genAiClientTokenUsage)!;
    const inputPoints = usage.dataPoints.filter((point) => point.attributes[ATTR.genAiTokenType] === 'input');
    expect(inputPoints.length).toBeLessThanOrEqual(allow.length + 1);
    const models = inputPoints.map((point) => point.attributes[ATTR.genAiRequestModel]);
    expect(models).toContain('_OTHER');
    expect(usage.dataPoints.some((point) => 'otel.metric.overflow' in point.attributes)).toBe(false);
  });

  it('puts the routing decision on the invoke_agent span and keeps content off unless enabled', async () => {
    const marker = 'MARKER-7f3e9c-secret-prompt';
    const router = unwrap(createEffortRouter({ enabled: true, tiers: { high: { model: 'high-model', tokenMultiplier: 1.5 } } }));
    const routed = router.resolve({ defaultModel: 'base', maxTokens: 200, effort: 'high', inputs: { task: marker } });

    for (const captureContent of [false, true]) {
      spanExporter.reset();
      const telemetry = telemetryWith({ captureContent });
      await telemetry.withInvokeAgentSpan({ agentName: 'planner', input: { task: marker } }, async (span) => {
        await telemetry.recordRoutingDecision(routed, { span });
        await telemetry.withChatSpan({ operation: 'chat', provider: 'openai', requestModel: routed.model, inputMessages: [{ role: 'user', content: marker }] }, async () => 'ok');
      });
      const spans = spanExporter.getFinishedSpans();
      const agentSpan = spans.find((span) => span.name === 'invoke_agent planner')!;
      expect(agentSpan.attributes[ATTR.genAiOperationName]).toBe('invoke_agent');
      expect(agentSpan.attributes[ATTR.genAiRequestModel]).toBe('high-model');
      expect(agentSpan.attributes[ATTR.genAiRequestMaxTokens]).toBe(300);
      expect(agentSpan.attributes[ATTR.effortLevel]).toBe('high');
      expect(agentSpan.attributes[ATTR.effortSource]).toBe('request');
      expect(agentSpan.attributes[ATTR.effortTokenMultiplier]).toBe(1.5);
      expect(agentSpan.attributes[ATTR.effortRoutingEnabled]).toBe(true);
      const everyValue = spans.flatMap((span) => Object.values(span.attributes)).map((value) => JSON.stringify(value));
      const leaked = everyValue.some((value) => value.includes(marker));
      if (captureContent) {
        expect(String(agentSpan.attributes[ATTR.genAiInputMessages])).toContain(marker);
      } else {
        expect(leaked).toBe(false);
      }
    }
  });

  it('does no attribute work on a non-recording span', async () => {
    const telemetry = telemetryWith({ captureContent: true });
    const span = trace.wrapSpanContext({ traceId: '0'.repeat(31) + '1', spanId: '0'.repeat(15) + '1', traceFlags: 0 });
    const setAttributes = vi.spyOn(span, 'setAttributes');
    const setAttribute = vi.spyOn(span, 'setAttribute');
    await telemetry.recordRoutingDecision(decision(), { span });
    telemetry.captureContent(span, 'input', 'hello');
    expect(setAttributes).not.toHaveBeenCalled();
    expect(setAttribute).not.toHaveBeenCalled();
  });

  it('fail-closed: a throwing exporter rejects with TelemetryExportError and counts one failure', async () => {
    const failing = callbackExporter(() => {
      throw new Error('disk full');
    }, 'failing');
    const telemetry = telemetryWith({ exporters: [failing], failClosed: true });
    await expect(telemetry.recordRoutingDecision(decision())).rejects.toSatisfy((error: unknown) => TelemetryExportError.isInstance(error));
    const scope = await scopeMetrics();
    const failures = scope.metrics.find((metric) => metric.descriptor.name === METRICS.telemetryExportFailures)!;
    expect(failures.dataPoints.map((point) => point.value)).toEqual([1]);
    expect(failures.dataPoints[0]!.attributes).toEqual({ [ATTR.exporter]: 'failing' });
  });

  it('fail-open: a throwing exporter does not reject and counts one failure', async () => {
    const warn = vi.fn();
    const failing = callbackExporter(async () => {
      throw new Error('disk full');
    }, 'failing');
    const telemetry = telemetryWith({ exporters: [failing], logger: { warn } });
    await expect(Promise.resolve(telemetry.recordRoutingDecision(decision()))).resolves.toBeUndefined();
    await telemetry.flush();
    const scope = await scopeMetrics();
    const failures = scope.metrics.find((metric) => metric.descriptor.name === METRICS.telemetryExportFailures)!;
    expect(failures.dataPoints.map((point) => point.value)).toEqual([1]);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('a failed invocation counts its decision and marks the span with the taxonomy code', async () => {
    const events: unknown[] = [];
    const telemetry = telemetryWith({ exporters: [callbackExporter((event) => void events.push(event))] });
    let agentSpan: Span | undefined;
    await expect(
      telemetry.withInvokeAgentSpan({ agentName: 'worker' }, async (span) => {
        agentSpan = span;
        await telemetry.recordRoutingDecision(decision(), { span });
        telemetry.recordInvocationOutcome(decision(), { ok: false, errorType: 'F-EXE-TL08' }, { span });
        throw Object.assign(new Error('loop failed'), { code: 'F-EXE-TL08' });
      }),
    ).rejects.toThrow('loop failed');
    expect(agentSpan).toBeDefined();
    await telemetry.flush();
    const ended = spanExporter.getFinishedSpans().find((span) => span.name === 'invoke_agent worker')!;
    expect(ended.attributes[ATTR.errorType]).toBe('F-EXE-TL08');
    expect(ended.status.code).toBe(SpanStatusCode.ERROR);
    const scope = await scopeMetrics();
    const decisions = scope.metrics.find((metric) => metric.descriptor.name === METRICS.effortDecisions)!;
    expect(decisions.dataPoints.map((point) => point.value)).toEqual([1]);
    const outcomes = scope.metrics.find((metric) => metric.descriptor.name === METRICS.effortOutcomes)!;
    expect(outcomes.dataPoints[0]!.attributes[ATTR.effortOutcome]).toBe('F-EXE-TL08');
    expect(events).toHaveLength(2);
    expect((events[1] as { outcome: string }).outcome).toBe('F-EXE-TL08');
  });
});
