import snapshot from '../../data/pricing.json' with { type: 'json' };
import type { PriceEntry } from './price-entry.js';

interface SnapshotEntry {
  provider: string;
  model: string;
  match: string;
  inputPerMTok: number;
  outputPerMTok: number;
  cacheReadPerMTok?: number;
  cacheWritePerMTok?: number;
  sourceUrl?: string;
}

/** The date the built-in price snapshot (`data/pricing.json`) was captured. */
export const BUILTIN_PRICING_FETCHED_AT: string = snapshot.fetchedAt;

/** Providers that run models locally: their calls cost nothing. */
export const FREE_PROVIDERS: readonly string[] = snapshot.freeProviders;

/**
 * The built-in price snapshot shipped in the package's `data/pricing.json`: list prices per million tokens. It is a
 * starting point meant to be overridden from configuration ({@link PricingTable.withOverrides}).
 */
export const builtinPricing: readonly PriceEntry[] = (snapshot.entries as SnapshotEntry[]).map((entry) => ({
  ...entry,
  match: entry.match === 'prefix' ? ('prefix' as const) : ('exact' as const),
  source: 'builtin' as const,
  fetchedAt: snapshot.fetchedAt,
}));
