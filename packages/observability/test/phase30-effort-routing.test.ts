// Port of the reference's phase30 effort-routing and effort-telemetry-exporter scenarios at the library level
// (the invoke and workflow-bridge paths are exercised again by the runtime and the reference app).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Histogram } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { ATTR, METRICS, TelemetryExportError, createEffortRouter, jsonlFileExporter, unwrap, type DecisionEvent, type EffortRouterInit } from '../src/index.js';
import { createTestTelemetry, type TestTelemetry } from '../src/otel-sdk/index.js';

const router = (config: EffortRouterInit) => unwrap(createEffortRouter(config));

describe('phase30 effort routing', () => {
  it('1: heuristic off, default medium: medium tier model, 100 × 1.5 = 150, source default', () => {
    const decision = router({ enabled: true, heuristic: false, tiers: { medium: { model: 'medium-model', tokenMultiplier: 1.5 } } }).resolve({ defaultModel: 'fallback', maxTokens: 100 });
    expect(decision).toMatchObject({ model: 'medium-model', maxTokens: 150, source: 'default', effort: 'medium' });
  });

  it('2: a requested model beats the tier model; the multiplier 2.0 still applies', () => {
    const decision = router({ enabled: true, tiers: { high: { model: 'high-model', tokenMultiplier: 2 } } }).resolve({ defaultModel: 'fallback', maxTokens: 100, requestedModel: 'custom-model', effort: 'high' });
    expect(decision).toMatchObject({ model: 'custom-model', maxTokens: 200, source: 'request' });
  });

  it('3: router disabled: fallback model, max tokens unchanged (123) even for explicit high', () => {
    const decision = router({ enabled: false, tiers: { high: { model: 'high-model', tokenMultiplier: 2 } } }).resolve({ defaultModel: 'fallback', maxTokens: 123, effort: 'high' });
    expect(decision).toMatchObject({ model: 'fallback', maxTokens: 123, effort: 'high', source: 'request', routingEnabled: false, tokenMultiplier: 1 });
  });

  it('4: explicit high beats tenant policy, heuristic and default; no policy key', () => {
    const decision = router({ enabled: true, defaultEffort: 'low', policies: { tenant: { 'tenant-a': 'low' } } }).resolve({ defaultModel: 'm', maxTokens: 100, effort: 'high', tenantId: 'tenant-a', inputs: { task: 'brief' } });
    expect(decision.effort).toBe('high');
    expect(decision.source).toBe('request');
    expect(decision.policyKey).toBeUndefined();
  });

  it('5: tenant policy high beats heuristic and default low', () => {
    const decision = router({ enabled: true, defaultEffort: 'low', policies: { tenant: { 'tenant-a': 'high' } } }).resolve({ defaultModel: 'm', maxTokens: 100, tenantId: 'tenant-a', inputs: { task: 'brief' } });
    expect(decision).toMatchObject({ effort: 'high', source: 'policy', policyKey: 'tenant-a' });
  });

  it('6: the heuristic (low for a brief task) beats default high', () => {
    const decision = router({ enabled: true, defaultEffort: 'high' }).resolve({ defaultModel: 'm', maxTokens: 100, inputs: { task: 'brief' } });
    expect(decision).toMatchObject({ effort: 'low', source: 'heuristic' });
  });

  it('7: heuristic disabled and no policy: default medium', () => {
    const decision = router({ enabled: true, heuristic: false }).resolve({ defaultModel: 'm', maxTokens: 100, inputs: { task: 'brief' } });
    expect(decision).toMatchObject({ effort: 'medium', source: 'default' });
  });

  it('8: the composite policy beats tenant and domain maps; domain SECURITY is normalised', () => {
    const decision = router({
      enabled: true,
      policies: { tenant: { 'tenant-a': 'low' }, domain: { security: 'medium' }, tenantDomain: { 'tenant-a|security': 'high' } },
    }).resolve({ defaultModel: 'm', maxTokens: 100, tenantId: 'tenant-a', domain: 'SECURITY' });
    expect(decision).toMatchObject({ effort: 'high', source: 'policy', policyKey: 'tenant-a|security', domain: 'security' });
  });

  it('9: cost: high × 1.5 on 200 → budget 300, cost 0.075 at $0.25/1K', () => {
    const decision = router({ enabled: true, flatCostPer1kTokens: 0.25, tiers: { high: { tokenMultiplier: 1.5 } } }).resolve({ defaultModel: 'm', maxTokens: 200, effort: 'high' });
    expect(decision.tokenMultiplier).toBe(1.5);
    expect(decision.estimatedTokenBudget).toBe(300);
    expect(decision.cost).toEqual({ usd: 0.075, status: 'estimated', source: 'flat_rate' });
  });

  it('10-12: invoke paths resolve the routed model and tokens (high → routed-model, composite → policy-model, iterative 120 × 1.5)', () => {
    const config: EffortRouterInit = {
      enabled: true,
      tiers: { high: { model: 'routed-model', tokenMultiplier: 2 } },
      policies: { tenantDomain: { 'tenant-x|finance': 'high' } },
    };
    expect(router(config).resolve({ defaultModel: 'm', maxTokens: 100, effort: 'high' })).toMatchObject({ model: 'routed-model', maxTokens: 200, source: 'request' });
    expect(router({ ...config, tiers: { high: { model: 'policy-model', tokenMultiplier: 2 } } }).resolve({ defaultModel: 'm', maxTokens: 100, tenantId: 'tenant-x', domain: 'finance' })).toMatchObject({
      model: 'policy-model',
      maxTokens: 200,
      source: 'policy',
      policyKey: 'tenant-x|finance',
    });
    const iterative = router({ enabled: true, tiers: { high: { model: 'iter-model', tokenMultiplier: 1.5 } } }).resolve({ defaultModel: 'm', maxTokens: 120, effort: 'high', iterative: true, maxIterations: 20 });
    expect(iterative).toMatchObject({ model: 'iter-model', maxTokens: 180, estimatedTokenBudget: 180 });
  });
});

describe('phase30 effort telemetry', () => {
  let test: TestTelemetry | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await test?.shutdown();
    if (dir) rmSync(dir, { recursive: true, force: true });
    test = undefined;
    dir = undefined;
  });

  it('13: a high/policy decision (1600, 0.8) counts once, once as high, with labelled budget and cost maxima', async () => {
    test = createTestTelemetry();
    await test.telemetry.recordRoutingDecision({
      effort: 'high',
      source: 'policy',
      routingEnabled: true,
      model: 'm',
      maxTokens: 1600,
      tokenMultiplier: 1,
      estimatedTokenBudget: 1600,
      cost: { usd: 0.8, status: 'estimated', source: 'flat_rate' },
    });
    const decisions = await test.dataPoints<number>(METRICS.effortDecisions);
    expect(decisions.map((point) => [point.attributes[ATTR.effortLevel], point.attributes[ATTR.effortSource], point.value])).toEqual([['high', 'policy', 1]]);
    const budget = await test.dataPoints<Histogram>(METRICS.effortTokenBudget);
    expect(budget[0]!.value.max).toBe(1600);
    const cost = await test.dataPoints<Histogram>(METRICS.effortEstimatedCost);
    expect(cost[0]!.value.max).toBe(0.8);
    expect(cost[0]!.attributes).toEqual({ [ATTR.effortLevel]: 'high', [ATTR.effortSource]: 'policy' });
  });

  it('15: a router defaulting to high (heuristic off) records {high, default} once', async () => {
    test = createTestTelemetry();
    const decision = router({ enabled: true, heuristic: false, defaultEffort: 'high', tiers: { high: { model: 'bridge-model', tokenMultiplier: 1 } } }).resolve({ defaultModel: 'm', maxTokens: 100 });
    expect(decision.model).toBe('bridge-model');
    await test.telemetry.recordRoutingDecision(decision);
    const decisions = await test.dataPoints<number>(METRICS.effortDecisions);
    expect(decisions.map((point) => [point.attributes[ATTR.effortLevel], point.attributes[ATTR.effortSource], point.value])).toEqual([['high', 'default', 1]]);
  });

  it('exporter 1: the JSONL exporter creates the parent directory and writes one line that round-trips', async () => {
    dir = mkdtempSync(join(tmpdir(), 'agent33-obs-'));
    const path = join(dir, 'nested', 'deeper', 'events.jsonl');
    test = createTestTelemetry({ telemetry: { exporters: [jsonlFileExporter(path, { batchMs: 0 })] } });
    const decision = router({ enabled: true }).resolve({ defaultModel: 'm', maxTokens: 100, effort: 'high' });
    await test.telemetry.recordRoutingDecision(decision);
    await test.telemetry.flush();
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    const event = JSON.parse(lines[0]!) as DecisionEvent;
    expect(event.schema).toBe('agent33.effort.decision/1');
    expect(event.routing.effort).toBe('high');
    expect(event.routing.effort_source).toBe('request');
  });

  it('exporter 2: a failing exporter, fail-open: failure counter 1, nothing raised', async () => {
    dir = mkdtempSync(join(tmpdir(), 'agent33-obs-'));
    // The target is a directory: every append fails.
    test = createTestTelemetry({ telemetry: { exporters: [jsonlFileExporter(dir, { batchMs: 0 })], logger: { warn: () => undefined } } });
    const decision = router({}).resolve({ defaultModel: 'm', maxTokens: 100 });
    await expect(Promise.resolve(test.telemetry.recordRoutingDecision(decision))).resolves.toBeUndefined();
    await test.telemetry.flush();
    expect((await test.dataPoints<number>(METRICS.telemetryExportFailures)).map((point) => point.value)).toEqual([1]);
  });

  it('exporter 3: a failing exporter, fail-closed: rejects with "Effort telemetry export failed", counter 1', async () => {
    dir = mkdtempSync(join(tmpdir(), 'agent33-obs-'));
    test = createTestTelemetry({ telemetry: { exporters: [jsonlFileExporter(dir, { batchMs: 0 })], failClosed: true } });
    const decision = router({}).resolve({ defaultModel: 'm', maxTokens: 100 });
    const outcome = await Promise.resolve(test.telemetry.recordRoutingDecision(decision)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(TelemetryExportError.isInstance(outcome)).toBe(true);
    expect((outcome as Error).message).toBe('Effort telemetry export failed');
    expect((await test.dataPoints<number>(METRICS.telemetryExportFailures)).map((point) => point.value)).toEqual([1]);
  });
});
