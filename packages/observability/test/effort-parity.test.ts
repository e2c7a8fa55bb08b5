import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifierPresets, classifyEffort, compactJson, createEffortRouter, pythonJson, toRoutingMetadataV1, unwrap, type EffortRouterInit, type RouteRequest } from '../src/index.js';

interface ParityCase {
  name: string;
  config?: EffortRouterInit;
  maxTokens?: number;
  request: Omit<RouteRequest, 'defaultModel' | 'maxTokens'>;
  expected: Record<string, unknown>;
  payloadLength?: number;
  compactPayloadLength?: number;
  score?: number;
  requestedEffortInvalid?: boolean;
}

interface Fixture {
  setup: { defaultModel: string; maxTokens: number; config: EffortRouterInit };
  cases: ParityCase[];
}

function expand(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(expand);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.$repeat)) {
    const [prefix, unit, times] = record.$repeat as [string, string, number];
    return prefix + unit.repeat(times);
  }
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, expand(item)]));
}

const fixture = expand(JSON.parse(readFileSync(new URL('../fixtures/effort-parity.json', import.meta.url), 'utf8'))) as Fixture;

function mergeConfig(base: EffortRouterInit, override: EffortRouterInit | undefined): EffortRouterInit {
  if (!override) return base;
  return {
    ...base,
    ...override,
    tiers: { ...base.tiers, ...override.tiers },
    policies: override.policies ?? base.policies ?? {},
  };
}

describe('effort routing parity with the reference (fixtures/effort-parity.json)', () => {
  it.each(fixture.cases.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
    const router = unwrap(createEffortRouter(mergeConfig(fixture.setup.config, entry.config)));
    const decision = router.resolve({ defaultModel: fixture.setup.defaultModel, maxTokens: entry.maxTokens ?? fixture.setup.maxTokens, ...entry.request });
    const metadata = toRoutingMetadataV1(decision) as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(entry.expected)) expect(metadata[key], key).toEqual(value);
    if (entry.payloadLength !== undefined) expect(pythonJson(entry.request.inputs).length).toBe(entry.payloadLength);
    if (entry.compactPayloadLength !== undefined) expect(compactJson(entry.request.inputs).length).toBe(entry.compactPayloadLength);
    if (entry.score !== undefined) expect(decision.heuristic?.score).toBe(entry.score);
    expect(decision.requestedEffortInvalid === true).toBe(entry.requestedEffortInvalid === true);
  });

  it('compact length mode misses the 800 threshold that Python lengths reach', () => {
    // Python separators add one character per key: 791 characters give 800 in Python and 799 compact.
    const inputs = { t: 'a'.repeat(791) };
    expect(classifyEffort(classifierPresets.v1, inputs).reasons).toEqual(['medium_payload']);
    expect(classifyEffort({ ...classifierPresets.v1, lengthMode: 'compact' }, inputs).reasons).toEqual(['balanced_request']);
  });

  it('emits exactly the twelve reference metadata keys', () => {
    const router = unwrap(createEffortRouter(fixture.setup.config));
    const metadata = toRoutingMetadataV1(router.resolve({ defaultModel: 'm', maxTokens: 120, inputs: { task: 'brief' } }));
    expect(Object.keys(metadata).sort()).toEqual(
      ['domain', 'effort', 'effort_source', 'estimated_cost', 'estimated_token_budget', 'heuristic_confidence', 'heuristic_reasons', 'policy_key', 'routed_max_tokens', 'selected_model', 'tenant_id', 'token_multiplier'].sort(),
    );
  });
});
