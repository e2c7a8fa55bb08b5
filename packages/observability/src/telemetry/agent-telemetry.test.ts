import { readFileSync } from 'node:fs';
import { ROOT_CONTEXT, trace, type TextMapPropagator, propagation } from '@opentelemetry/api';
import type { Histogram } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../clock.js';
import { createTestTelemetry, type TestTelemetry } from '../otel-sdk/index.js';
import { ATTR, METRICS } from '../semconv.js';
import { PACKAGE_VERSION } from '../version.js';
import { createAgentTelemetry } from './agent-telemetry.js';
import { ValueNormalizer } from './value-normalizer.js';

describe('agent telemetry details', () => {
  let test: TestTelemetry | undefined;
  afterEach(async () => {
    await test?.shutdown();
    test = undefined;
  });

  it('the scope version equals package.json', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(PACKAGE_VERSION).toBe(manifest.version);
  });

  it('enabled: false records nothing', async () => {
    test = createTestTelemetry({ telemetry: { enabled: false } });
    await test.telemetry.recordRoutingDecision({ effort: 'low', source: 'default', routingEnabled: false, model: 'm', maxTokens: 1, tokenMultiplier: 1, estimatedTokenBudget: 1, cost: null });
    test.telemetry.recordTokenUsage({ inputTokens: 1, outputTokens: 1, cacheReadInputTokens: 0, reasoningOutputTokens: 0 }, { operation: 'chat', provider: 'p' });
    expect(await test.metric(METRICS.effortDecisions)).toBeUndefined();
    expect(await test.metric(METRICS.genAiClientTokenUsage)).toBeUndefined();
  });

  it('duration metrics equal their span durations', async () => {
    const clock = new ManualClock(1_000_000);
    test = createTestTelemetry({ telemetry: { clock } });
    await test.telemetry.withChatSpan({ operation: 'chat', provider: 'openai', requestModel: 'gpt-4o' }, async () => {
      clock.advance(1_500);
    });
    const [span] = test.spansNamed('chat gpt-4o');
    const spanSeconds = span!.duration[0] + span!.duration[1] / 1e9;
    const [point] = await test.dataPoints<Histogram>(METRICS.genAiClientOperationDuration);
    expect(spanSeconds).toBe(1.5);
    expect(point!.value.sum).toBe(1.5);
    expect(point!.attributes[ATTR.genAiRequestModel]).toBe('gpt-4o');
  });

  it('a failing tool span records error.type on the span and the duration metric', async () => {
    test = createTestTelemetry();
    await expect(
      test.telemetry.withToolSpan({ toolName: 'shell', agentName: 'a' }, async () => {
        throw Object.assign(new Error('nope'), { code: 'CONNECTOR_TIMEOUT' });
      }),
    ).rejects.toThrow('nope');
    expect(test.spansNamed('execute_tool shell')[0]!.attributes[ATTR.errorType]).toBe('CONNECTOR_TIMEOUT');
    const [point] = await test.dataPoints(METRICS.genAiExecuteToolDuration);
    expect(point!.attributes).toEqual({ [ATTR.genAiToolName]: 'shell', [ATTR.genAiAgentName]: 'a', [ATTR.errorType]: 'CONNECTOR_TIMEOUT' });
  });

  it('records actual cost and counts unknown prices separately; skips negative token counts', async () => {
    test = createTestTelemetry();
    const meta = { operation: 'chat', provider: 'openai', requestModel: 'gpt-4o' };
    test.telemetry.recordCost({ usd: 0.25, status: 'actual', source: 'builtin' }, meta);
    test.telemetry.recordCost({ usd: 0, status: 'unknown', source: 'none' }, { ...meta, requestModel: 'mystery' });
    test.telemetry.recordTokenUsage({ inputTokens: -5, outputTokens: 3, cacheReadInputTokens: 0, reasoningOutputTokens: 0 }, meta);
    const cost = await test.dataPoints<number>(METRICS.genAiCost);
    expect(cost.map((point) => [point.attributes[ATTR.costStatus], point.value])).toEqual([['actual', 0.25]]);
    const unknown = await test.dataPoints<number>(METRICS.pricingUnknownModel);
    expect(unknown.map((point) => [point.attributes[ATTR.genAiRequestModel], point.value])).toEqual([['_OTHER', 1]]);
    const usage = await test.dataPoints(METRICS.genAiClientTokenUsage);
    expect(usage.map((point) => point.attributes[ATTR.genAiTokenType])).toEqual(['output']);
  });

  it('emits the legacy gen_ai.system when asked', async () => {
    test = createTestTelemetry({ telemetry: { emitLegacyGenAiSystem: true } });
    test.telemetry.recordTokenUsage({ inputTokens: 1, outputTokens: 1, cacheReadInputTokens: 0, reasoningOutputTokens: 0 }, { operation: 'chat', provider: 'openai' });
    const [point] = await test.dataPoints(METRICS.genAiClientTokenUsage);
    expect(point!.attributes[ATTR.genAiSystem]).toBe('openai');
  });

  it('content capture can be decided per kind and is redacted', async () => {
    test = createTestTelemetry({ telemetry: { captureContent: (kind) => kind === 'output' } });
    await test.telemetry.withChatSpan({ operation: 'chat', provider: 'p', inputMessages: ['secret input'] }, async (span) => {
      test!.telemetry.captureContent(span, 'output', { text: 'mail ada@example.com' });
    });
    const [span] = test.spans();
    expect(span!.attributes[ATTR.genAiInputMessages]).toBeUndefined();
    expect(span!.attributes[ATTR.genAiOutputMessages]).toBe('{"text":"mail [EMAIL_REDACTED]"}');
  });

  it('injects and extracts trace context through the registered propagator', () => {
    const propagator: TextMapPropagator = {
      inject: (ctx, carrier, setter) => {
        const spanContext = trace.getSpanContext(ctx);
        if (spanContext) setter.set(carrier, 'x-trace', `${spanContext.traceId}-${spanContext.spanId}`);
      },
      extract: (ctx, carrier, getter) => {
        const value = getter.get(carrier, 'x-trace');
        if (typeof value !== 'string') return ctx;
        const [traceId, spanId] = value.split('-');
        return trace.setSpanContext(ctx, { traceId: traceId!, spanId: spanId!, traceFlags: 1, isRemote: true });
      },
      fields: () => ['x-trace'],
    };
    propagation.setGlobalPropagator(propagator);
    try {
      const telemetry = createAgentTelemetry();
      const carrier: Record<string, string> = {};
      const ctx = trace.setSpanContext(ROOT_CONTEXT, { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 });
      telemetry.injectTraceContext(carrier, ctx);
      expect(carrier['x-trace']).toBe(`${'a'.repeat(32)}-${'b'.repeat(16)}`);
      expect(trace.getSpanContext(telemetry.extractTraceContext(carrier))?.spanId).toBe('b'.repeat(16));
    } finally {
      propagation.disable();
    }
  });

  it('logs fail-open export failures at most once per interval', async () => {
    const warn = vi.fn();
    const clock = new ManualClock(0);
    const telemetry = createAgentTelemetry({ clock, logger: { warn }, logIntervalMs: 60_000, exporters: [{ name: 'bad', export: () => Promise.reject(new Error('x')) }] });
    const decision = { effort: 'low' as const, source: 'default' as const, routingEnabled: false, model: 'm', maxTokens: 1, tokenMultiplier: 1, estimatedTokenBudget: 1, cost: null };
    for (let index = 0; index < 3; index += 1) await telemetry.recordRoutingDecision(decision);
    await telemetry.flush();
    clock.advance(60_000);
    await telemetry.recordRoutingDecision(decision);
    await telemetry.flush();
    expect(warn).toHaveBeenCalledTimes(2);
  });
});

describe('ValueNormalizer', () => {
  it('admits the first N values of an open key and only listed values of a strict key', () => {
    const normalizer = new ValueNormalizer({ maxValuesPerKey: 2, allow: { model: ['a'] } });
    expect(['x', 'y', 'z', 'x'].map((value) => normalizer.normalize('agent', value))).toEqual(['x', 'y', '_OTHER', 'x']);
    expect(['a', 'b'].map((value) => normalizer.normalize('model', value))).toEqual(['a', '_OTHER']);
    normalizer.allow('model', ['b']);
    expect(normalizer.normalize('model', 'b')).toBe('b');
    expect(normalizer.normalize('model', undefined)).toBeUndefined();
  });
});

describe('re-routing and export settings', () => {
  it('a second decision on the same span becomes an agent33.effort.decision event', async () => {
    const test = createTestTelemetry();
    const base = { source: 'request' as const, routingEnabled: true, model: 'm', tokenMultiplier: 1, cost: null };
    await test.telemetry.withInvokeAgentSpan({ agentName: 'a' }, async (span) => {
      await test.telemetry.recordRoutingDecision({ ...base, effort: 'low', maxTokens: 10, estimatedTokenBudget: 10 }, { span });
      await test.telemetry.recordRoutingDecision({ ...base, effort: 'high', maxTokens: 30, estimatedTokenBudget: 30 }, { span });
    });
    const [span] = test.spansNamed('invoke_agent a');
    expect(span!.attributes[ATTR.effortLevel]).toBe('high');
    expect(span!.events.map((event) => [event.name, event.attributes?.[ATTR.effortLevel]])).toEqual([['agent33.effort.decision', 'high']]);
    await test.shutdown();
  });

  it('reads the reference export settings', async () => {
    const { decisionExportFromEnv } = await import('./export-settings.js');
    const off = decisionExportFromEnv({});
    expect(off.ok && { enabled: off.value.enabled, path: off.value.path, exporters: off.value.exporters.length }).toEqual({ enabled: false, path: 'var/effort_routing_events.jsonl', exporters: 0 });
    const on = decisionExportFromEnv({ OBSERVABILITY_EFFORT_EXPORT_ENABLED: 'true', OBSERVABILITY_EFFORT_EXPORT_PATH: '/tmp/x.jsonl', OBSERVABILITY_EFFORT_EXPORT_FAIL_CLOSED: '1' });
    expect(on.ok && { failClosed: on.value.failClosed, exporters: on.value.exporters.map((exporter) => exporter.name) }).toEqual({ failClosed: true, exporters: ['jsonl_file'] });
    expect(decisionExportFromEnv({ OBSERVABILITY_EFFORT_EXPORT_ENABLED: 'sometimes' }).ok).toBe(false);
  });
});

describe('validation and workflow spans', () => {
  it('rejects malformed options and span metadata with typed errors', async () => {
    const { ConfigError } = await import('../errors/config-error.js');
    const { InvalidInputError } = await import('../errors/invalid-input-error.js');
    expect(() => createAgentTelemetry({ exporters: [{} as never] })).toThrow(ConfigError);
    expect(() => createAgentTelemetry({ logIntervalMs: Number.NaN })).toThrow(ConfigError);
    expect(() => createAgentTelemetry({ captureContent: 'yes' as never })).toThrow(ConfigError);
    const telemetry = createAgentTelemetry();
    await expect(telemetry.withToolSpan({ toolName: 3 as never }, async () => 1)).rejects.toSatisfy(InvalidInputError.isInstance);
    expect(() => telemetry.recordRoutingDecision(null as never)).toThrow(InvalidInputError);
  });

  it('records an invoke_workflow span and gen_ai.workflow.duration', async () => {
    const clock = new ManualClock(0);
    const test = createTestTelemetry({ telemetry: { clock } });
    await test.telemetry.withWorkflowSpan({ workflowName: 'release' }, async () => {
      clock.advance(2_000);
    });
    expect(test.spansNamed('invoke_workflow release')[0]!.attributes[ATTR.genAiWorkflowName]).toBe('release');
    const [point] = await test.dataPoints<Histogram>(METRICS.genAiWorkflowDuration);
    expect(point!.value.sum).toBe(2);
    await test.shutdown();
  });
});
