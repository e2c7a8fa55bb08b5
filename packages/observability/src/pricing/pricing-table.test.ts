import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { BUILTIN_PRICING_FETCHED_AT } from './builtin-pricing.js';
import { legacyPricing } from './legacy-pricing.js';
import { createPricingTable } from './pricing-table.js';
import { emptyTokenUsage } from './token-usage.js';

const usage = (inputTokens: number, outputTokens: number) => ({ ...emptyTokenUsage(), inputTokens, outputTokens });

describe('pricing table', () => {
  it('reference CostTracker: gpt-4, 1000 in / 500 out costs 0.06 with the legacy table', () => {
    const table = createPricingTable(legacyPricing);
    const cost = table.estimate(usage(1000, 500), 'gpt-4', undefined, 'actual');
    expect(cost.usd).toBeCloseTo(0.03 + 0.03, 12);
    expect(cost.status).toBe('actual');
    expect(cost.source).toBe('builtin');
  });

  it('reference CostTracker: custom pricing on an empty table, 2000 in at 0.01/1K + 1000 out at 0.02/1K = 0.04', () => {
    const table = createPricingTable([]).withOverrides([{ model: 'custom', match: 'exact', inputPerMTok: 10, outputPerMTok: 20, source: 'override' }]);
    expect(table.estimate(usage(2000, 1000), 'custom').usd).toBeCloseTo(0.04, 12);
  });

  it('an empty table stays empty (no fallback to defaults) and unknown models cost 0 with status unknown', () => {
    const table = createPricingTable([]);
    expect(table.entries()).toEqual([]);
    expect(table.estimate(usage(1000, 1000), 'gpt-4')).toEqual({ usd: 0, status: 'unknown', source: 'none' });
  });

  it('the built-in snapshot prices versioned names by longest prefix, case-insensitively', () => {
    const table = createPricingTable();
    expect(table.lookup('GPT-4o-mini-2024-07-18')?.model).toBe('gpt-4o-mini');
    expect(table.lookup('gpt-4o-2024-08-06')?.model).toBe('gpt-4o');
    const cost = table.estimate(usage(1_000_000, 0), 'claude-sonnet-4-20250514', 'anthropic');
    expect(cost).toMatchObject({ usd: 3, status: 'estimated', source: 'builtin', fetchedAt: BUILTIN_PRICING_FETCHED_AT });
  });

  it('overrides win over built-ins; provider-specific entries win over provider-less ones', () => {
    const table = createPricingTable().withOverrides([
      { model: 'gpt-4o', match: 'exact', inputPerMTok: 1, outputPerMTok: 1, source: 'override' },
      { provider: 'azure', model: 'gpt-4o', match: 'exact', inputPerMTok: 2, outputPerMTok: 2, source: 'override' },
    ]);
    expect(table.lookup('gpt-4o')?.inputPerMTok).toBe(1);
    expect(table.lookup('gpt-4o', 'azure')?.inputPerMTok).toBe(2);
    expect(table.estimate(usage(1_000_000, 0), 'gpt-4o').source).toBe('override');
  });

  it('picks the newest version not after the lookup time', () => {
    const table = createPricingTable([
      { model: 'm', match: 'exact', inputPerMTok: 1, outputPerMTok: 1, effectiveFrom: '2025-01-01', source: 'builtin' },
      { model: 'm', match: 'exact', inputPerMTok: 2, outputPerMTok: 2, effectiveFrom: '2026-01-01', source: 'builtin' },
    ]);
    expect(table.lookup('m', undefined, new Date('2025-06-01'))?.inputPerMTok).toBe(1);
    expect(table.lookup('m', undefined, new Date('2026-06-01'))?.inputPerMTok).toBe(2);
    expect(table.lookup('m', undefined, new Date('2024-06-01'))).toBeUndefined();
  });

  it('local providers are free; regex entries match', () => {
    const table = createPricingTable([{ provider: 'together', model: 'llama', match: /^llama-?3/i, inputPerMTok: 0.2, outputPerMTok: 0.2, source: 'builtin' }]);
    expect(table.estimate(usage(5000, 5000), 'llama3.2', 'ollama')).toMatchObject({ usd: 0, source: 'provider', status: 'estimated' });
    expect(table.lookup('llama-3-70b')?.inputPerMTok).toBe(0.2);
  });

  it('bills cached input at the cache-read price', () => {
    const table = createPricingTable();
    const cost = table.estimate({ inputTokens: 1_000_000, outputTokens: 0, cacheReadInputTokens: 500_000, reasoningOutputTokens: 0 }, 'gpt-4o', 'openai');
    expect(cost.usd).toBeCloseTo(0.5 * 2.5 + 0.5 * 1.25, 12);
  });

  it('rejects NaN and negative token counts, and negative prices', () => {
    const table = createPricingTable();
    expect(() => table.estimate(usage(Number.NaN, 1), 'gpt-4o')).toThrow(InvalidInputError);
    expect(() => table.estimate(usage(-1, 1), 'gpt-4o')).toThrow(InvalidInputError);
    expect(() => createPricingTable([{ model: 'x', match: 'exact', inputPerMTok: -1, outputPerMTok: 0, source: 'override' }])).toThrow(InvalidInputError);
  });
});
