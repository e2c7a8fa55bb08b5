/** Where a price came from. */
export type PriceSource = 'builtin' | 'override' | 'provider';

/**
 * One model price, in USD per million tokens. `match` says how `model` is compared with a looked-up name
 * (case-insensitive): exactly, as a prefix, or with a regular expression. Several entries for one model are
 * versions: the newest `effectiveFrom` not after the lookup time wins.
 */
export interface PriceEntry {
  readonly provider?: string;
  readonly model: string;
  readonly match: 'exact' | 'prefix' | RegExp;
  readonly inputPerMTok: number;
  readonly outputPerMTok: number;
  readonly cacheReadPerMTok?: number;
  readonly cacheWritePerMTok?: number;
  readonly reasoningPerMTok?: number;
  /** ISO date from which this price applies; absent = always. */
  readonly effectiveFrom?: string;
  readonly source: PriceSource;
  readonly sourceUrl?: string;
  /** When the price was captured (the snapshot date for built-in prices). */
  readonly fetchedAt?: string;
}

/** A cost figure and how much to trust it. */
export interface CostEstimate {
  /** USD, unrounded (round only for display). */
  usd: number;
  /** `actual`: provider-reported usage; `estimated`: guessed usage or a flat rate; `unknown`: no price found. */
  status: 'estimated' | 'actual' | 'unknown';
  source: 'builtin' | 'override' | 'provider' | 'flat_rate' | 'none';
  priceKey?: string;
  sourceUrl?: string;
  fetchedAt?: string;
}
