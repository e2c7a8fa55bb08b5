import type { PriceEntry } from './price-entry.js';

// The reference engine's per-1K table (gpt-4 0.03/0.06 …) restated per million tokens.
const LEGACY_PER_1K: ReadonlyArray<readonly [model: string, provider: string, inputPer1k: number, outputPer1k: number]> = [
  ['gpt-4', 'openai', 0.03, 0.06],
  ['gpt-4-turbo', 'openai', 0.01, 0.03],
  ['gpt-3.5-turbo', 'openai', 0.0005, 0.0015],
  ['claude-3-opus', 'anthropic', 0.015, 0.075],
  ['claude-3-sonnet', 'anthropic', 0.003, 0.015],
  ['claude-3-haiku', 'anthropic', 0.00025, 0.00125],
];

/**
 * The reference engine's six-model price table (`DEFAULT_MODEL_PRICING`), as exact-match entries per million
 * tokens. Use it with `createPricingTable(legacyPricing)` to reproduce the reference's cost figures.
 */
export const legacyPricing: readonly PriceEntry[] = LEGACY_PER_1K.map(([model, provider, inputPer1k, outputPer1k]) => ({
  provider,
  model,
  match: 'exact' as const,
  // Per 1K × 1000 = per million; rounded to shed binary noise (0.0005 × 1000 = 0.5000000000000001).
  inputPerMTok: Math.round(inputPer1k * 1000 * 1e9) / 1e9,
  outputPerMTok: Math.round(outputPer1k * 1000 * 1e9) / 1e9,
  source: 'builtin' as const,
}));
