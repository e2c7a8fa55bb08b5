import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { unwrap } from '../result.js';
import { effortRouterConfigFromEnv } from './config-from-env.js';
import { parseEffortPolicyJson } from './policies.js';
import { createEffortRouter } from './router.js';

describe('effortRouterConfigFromEnv', () => {
  it('defaults to the reference neutral settings', () => {
    const config = unwrap(effortRouterConfigFromEnv({}));
    expect(config.enabled).toBe(false);
    expect(config.defaultEffort).toBe('medium');
    expect(config.tiers).toEqual({ low: { tokenMultiplier: 1 }, medium: { tokenMultiplier: 1 }, high: { tokenMultiplier: 1 } });
    expect(config.heuristic && config.heuristic.preset).toBe('v1');
    expect(config.flatCostPer1kTokens).toBe(0);
  });

  it('reads every reference variable', () => {
    const config = unwrap(
      effortRouterConfigFromEnv({
        AGENT_EFFORT_ROUTING_ENABLED: 'true',
        AGENT_EFFORT_DEFAULT: 'high',
        AGENT_EFFORT_LOW_MODEL: 'small',
        AGENT_EFFORT_HIGH_MODEL: ' big ',
        AGENT_EFFORT_HIGH_TOKEN_MULTIPLIER: '1.5',
        AGENT_EFFORT_HEURISTIC_ENABLED: '0',
        AGENT_EFFORT_POLICY_TENANT: '{"Tenant-A": "LOW"}',
        AGENT_EFFORT_POLICY_DOMAIN: '{"finance": "high", "x": "bogus"}',
        AGENT_EFFORT_POLICY_TENANT_DOMAIN: '{"tenant-a|ops": "medium"}',
        AGENT_EFFORT_COST_PER_1K_TOKENS: '0.25',
      }),
    );
    expect(config).toMatchObject({ enabled: true, defaultEffort: 'high', heuristic: false, flatCostPer1kTokens: 0.25 });
    expect(config.tiers.high).toEqual({ model: 'big', tokenMultiplier: 1.5 });
    expect(config.tiers.low.model).toBe('small');
    expect(config.policies.domain).toEqual({ finance: 'high' });
    const router = unwrap(createEffortRouter(config));
    expect(router.resolve({ defaultModel: 'm', maxTokens: 100, tenantId: 'tenant-a' })).toMatchObject({ effort: 'low', source: 'policy', policyKey: 'tenant-a' });
  });

  it('an unknown default effort falls back to medium (reference)', () => {
    expect(unwrap(effortRouterConfigFromEnv({ AGENT_EFFORT_DEFAULT: 'extreme' })).defaultEffort).toBe('medium');
  });

  it('reports every bad value at once, named by variable', () => {
    const result = effortRouterConfigFromEnv({
      AGENT_EFFORT_ROUTING_ENABLED: 'perhaps',
      AGENT_EFFORT_LOW_TOKEN_MULTIPLIER: '0',
      AGENT_EFFORT_POLICY_TENANT: '[1, 2]',
      AGENT_EFFORT_POLICY_DOMAIN: '{not json',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.map((error) => error.path).sort()).toEqual(['AGENT_EFFORT_LOW_TOKEN_MULTIPLIER', 'AGENT_EFFORT_POLICY_DOMAIN', 'AGENT_EFFORT_POLICY_TENANT', 'AGENT_EFFORT_ROUTING_ENABLED']);
    expect(result.error.every((error) => ConfigError.isInstance(error))).toBe(true);
    expect(result.error.filter((error) => error.code === 'OBS_BAD_POLICY_JSON')).toHaveLength(2);
  });
});

describe('createEffortRouter validation', () => {
  it.each([
    ['a zero multiplier', { tiers: { high: { tokenMultiplier: 0 } } }, 'tiers.high.tokenMultiplier'],
    ['a NaN multiplier', { tiers: { low: { tokenMultiplier: Number.NaN } } }, 'tiers.low.tokenMultiplier'],
    ['high ≤ low thresholds', { heuristic: { highScoreThreshold: 1 } }, 'heuristic.highScoreThreshold'],
    ['large ≤ medium payload', { heuristic: { largePayloadChars: 500 } }, 'heuristic.largePayloadChars'],
    ['an invalid default effort', { defaultEffort: 'max' as never }, 'defaultEffort'],
  ])('rejects %s', (_name, config, path) => {
    const result = createEffortRouter(config);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.map((error) => error.path)).toContain(path);
  });

  it('rejects bad requests with a typed error', () => {
    const router = unwrap(createEffortRouter());
    expect(() => router.resolve({ defaultModel: 'm', maxTokens: Number.NaN })).toThrow(/maxTokens/);
    expect(() => router.resolve({ defaultModel: 'm', maxTokens: -5 })).toThrow(/maxTokens/);
    expect(() => router.resolve({ defaultModel: 7 as never, maxTokens: 10 })).toThrow(/defaultModel/);
  });

  it('drops domains outside the allowlist before policy lookup', () => {
    const router = unwrap(createEffortRouter({ domainAllowlist: ['finance'], policies: { domain: { 'evil.example': 'high' } }, heuristic: false }));
    const decision = router.resolve({ defaultModel: 'm', maxTokens: 10, domain: 'evil.example' });
    expect(decision.domain).toBeUndefined();
    expect(decision.source).toBe('default');
  });

  it('prices the pre-call estimate from the pricing table with an input guess, never the budget twice', async () => {
    const { createPricingTable } = await import('../pricing/pricing-table.js');
    const router = unwrap(createEffortRouter({ enabled: true, pricing: createPricingTable() }));
    const decision = router.resolve({ defaultModel: 'gpt-4o', provider: 'openai', maxTokens: 1000, estimatedInputTokens: 2000 });
    expect(decision.cost).toMatchObject({ status: 'estimated', source: 'builtin' });
    expect(decision.cost!.usd).toBeCloseTo((2000 * 2.5 + 1000 * 10) / 1e6, 12);
    const unknown = router.resolve({ defaultModel: 'mystery-model', maxTokens: 1000 });
    expect(unknown.cost).toEqual({ usd: 0, status: 'unknown', source: 'none' });
  });
});

describe('parseEffortPolicyJson', () => {
  it('treats an empty string as no policy and drops invalid entries', () => {
    expect(unwrap(parseEffortPolicyJson(''))).toEqual({});
    expect(unwrap(parseEffortPolicyJson('{" a ": " High ", "b": 3, "": "low"}'))).toEqual({ a: 'high' });
  });
});
