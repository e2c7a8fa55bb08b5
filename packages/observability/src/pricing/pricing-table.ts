import { InvalidInputError } from '../errors/invalid-input-error.js';
import { FREE_PROVIDERS, builtinPricing } from './builtin-pricing.js';
import type { CostEstimate, PriceEntry } from './price-entry.js';
import type { TokenUsage } from './token-usage.js';

/** A versioned, overridable model price catalogue and the cost arithmetic over it. */
export interface PricingTable {
  /**
   * The price for `model` (and `provider`, when known) at `at` (default: now). Precedence: override exact → built-in
   * provider+model exact → built-in by model → patterns (longest prefix, overrides first) → free local provider →
   * `undefined`. Names compare case-insensitively; among versions the newest `effectiveFrom ≤ at` wins.
   */
  lookup(model: string, provider?: string, at?: Date): PriceEntry | undefined;
  /**
   * The cost of `usage` on `model`. Status `actual` is for provider-reported usage; an unknown price gives
   * `{ usd: 0, status: 'unknown', source: 'none' }`. Throws {@link InvalidInputError} for negative or non-finite
   * token counts.
   */
  estimate(usage: TokenUsage, model: string, provider?: string, status?: 'estimated' | 'actual', at?: Date): CostEstimate;
  /** A new table where `entries` (marked `override`) take precedence over this table's entries. */
  withOverrides(entries: readonly PriceEntry[]): PricingTable;
  /** Every entry, overrides first. */
  entries(): readonly PriceEntry[];
  /** Distinct model names (lower-cased) of the exact entries: a ready-made telemetry allowlist. */
  modelNames(): readonly string[];
}

const SOURCE_RANK: Record<PriceEntry['source'], number> = { override: 0, provider: 1, builtin: 2 };

function effectiveTime(entry: PriceEntry): number {
  return entry.effectiveFrom === undefined ? Number.NEGATIVE_INFINITY : Date.parse(entry.effectiveFrom);
}

function validateEntry(entry: PriceEntry, index: number): void {
  const field = `entries[${index}]`;
  if (typeof entry.model !== 'string' || entry.model.trim() === '') throw new InvalidInputError(`${field}.model`, 'must be a non-empty string');
  for (const key of ['inputPerMTok', 'outputPerMTok', 'cacheReadPerMTok', 'cacheWritePerMTok', 'reasoningPerMTok'] as const) {
    const value = entry[key];
    if (value === undefined && key !== 'inputPerMTok' && key !== 'outputPerMTok') continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new InvalidInputError(`${field}.${key}`, 'must be a finite number ≥ 0');
    }
  }
  if (entry.effectiveFrom !== undefined && Number.isNaN(Date.parse(entry.effectiveFrom))) {
    throw new InvalidInputError(`${field}.effectiveFrom`, 'must be an ISO date');
  }
}

function patternMatches(entry: PriceEntry, model: string): number {
  // Returns the match strength (prefix length; regexes rank below every prefix), or -1.
  if (entry.match === 'prefix') return model.startsWith(entry.model.toLowerCase()) ? entry.model.length : -1;
  if (entry.match instanceof RegExp) {
    entry.match.lastIndex = 0;
    return entry.match.test(model) ? 0 : -1;
  }
  return -1;
}

function pickNewest(candidates: readonly PriceEntry[]): PriceEntry | undefined {
  let best: PriceEntry | undefined;
  for (const entry of candidates) {
    if (best === undefined || effectiveTime(entry) > effectiveTime(best)) best = entry;
  }
  return best;
}

function validTokens(usage: TokenUsage): void {
  for (const key of ['inputTokens', 'outputTokens', 'cacheReadInputTokens', 'reasoningOutputTokens'] as const) {
    const value = usage[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new InvalidInputError(`usage.${key}`, `must be a finite number ≥ 0, got ${String(value)}`);
    }
  }
}

/** Cost of `usage` at `price`, in USD (unrounded). Cached input is billed at the cache-read price when one exists. */
export function costOf(usage: TokenUsage, price: PriceEntry): number {
  const cached = Math.min(usage.cacheReadInputTokens, usage.inputTokens);
  const uncachedInput = usage.inputTokens - cached;
  const cacheRate = price.cacheReadPerMTok ?? price.inputPerMTok;
  const reasoning = price.reasoningPerMTok === undefined ? 0 : Math.min(usage.reasoningOutputTokens, usage.outputTokens);
  const plainOutput = usage.outputTokens - reasoning;
  return (
    (uncachedInput * price.inputPerMTok +
      cached * cacheRate +
      plainOutput * price.outputPerMTok +
      reasoning * (price.reasoningPerMTok ?? price.outputPerMTok)) /
    1_000_000
  );
}

class Table implements PricingTable {
  private readonly all: readonly PriceEntry[];
  private readonly exactByModel = new Map<string, PriceEntry[]>();
  private readonly patterns: PriceEntry[] = [];

  constructor(entries: readonly PriceEntry[]) {
    entries.forEach(validateEntry);
    this.all = [...entries].sort((a, b) => SOURCE_RANK[a.source] - SOURCE_RANK[b.source]);
    for (const entry of this.all) {
      if (entry.match === 'exact') {
        const key = entry.model.toLowerCase();
        const list = this.exactByModel.get(key) ?? [];
        list.push(entry);
        this.exactByModel.set(key, list);
      } else {
        this.patterns.push(entry);
      }
    }
  }

  lookup(model: string, provider?: string, at?: Date): PriceEntry | undefined {
    if (typeof model !== 'string') return undefined;
    const name = model.trim().toLowerCase();
    const vendor = provider?.trim().toLowerCase() || undefined;
    const time = (at ?? new Date()).getTime();
    const live = (entry: PriceEntry): boolean => effectiveTime(entry) <= time;
    const sameProvider = (entry: PriceEntry): boolean => entry.provider === undefined || vendor === undefined || entry.provider.toLowerCase() === vendor;

    const exact = (this.exactByModel.get(name) ?? []).filter(live);
    const overrides = exact.filter((entry) => entry.source === 'override' && sameProvider(entry));
    const steps: Array<readonly PriceEntry[]> = [
      overrides.filter((entry) => entry.provider !== undefined && vendor !== undefined),
      overrides,
      vendor === undefined ? [] : exact.filter((entry) => entry.provider?.toLowerCase() === vendor),
      exact,
    ];
    for (const candidates of steps) {
      const found = pickNewest(candidates);
      if (found) return found;
    }

    let best: PriceEntry | undefined;
    let bestStrength = -1;
    for (const entry of this.patterns) {
      if (!live(entry) || !sameProvider(entry)) continue;
      const strength = patternMatches(entry, name);
      if (strength < 0) continue;
      const better =
        best === undefined ||
        SOURCE_RANK[entry.source] < SOURCE_RANK[best.source] ||
        (SOURCE_RANK[entry.source] === SOURCE_RANK[best.source] &&
          (strength > bestStrength || (strength === bestStrength && effectiveTime(entry) > effectiveTime(best))));
      if (better) {
        best = entry;
        bestStrength = strength;
      }
    }
    if (best) return best;

    if (vendor !== undefined && FREE_PROVIDERS.includes(vendor)) {
      return { provider: vendor, model: name, match: 'exact', inputPerMTok: 0, outputPerMTok: 0, source: 'provider' };
    }
    return undefined;
  }

  estimate(usage: TokenUsage, model: string, provider?: string, status: 'estimated' | 'actual' = 'estimated', at?: Date): CostEstimate {
    validTokens(usage);
    const price = this.lookup(model, provider, at);
    if (!price) return { usd: 0, status: 'unknown', source: 'none' };
    const estimate: CostEstimate = {
      usd: costOf(usage, price),
      status,
      source: price.source,
      priceKey: price.provider === undefined ? price.model : `${price.provider}/${price.model}`,
    };
    if (price.sourceUrl !== undefined) estimate.sourceUrl = price.sourceUrl;
    if (price.fetchedAt !== undefined) estimate.fetchedAt = price.fetchedAt;
    return estimate;
  }

  withOverrides(entries: readonly PriceEntry[]): PricingTable {
    return new Table([...entries.map((entry) => ({ ...entry, source: 'override' as const })), ...this.all]);
  }

  entries(): readonly PriceEntry[] {
    return this.all;
  }

  modelNames(): readonly string[] {
    return [...this.exactByModel.keys(), ...this.patterns.filter((entry) => entry.match === 'prefix').map((entry) => entry.model.toLowerCase())];
  }
}

/**
 * Builds a price table. Without `entries` it holds the built-in snapshot (`data/pricing.json`); an empty array
 * really means an empty table (no silent fallback to the defaults). Throws {@link InvalidInputError} for an entry
 * with a negative or non-finite price.
 */
export function createPricingTable(entries?: readonly PriceEntry[]): PricingTable {
  return new Table(entries ?? builtinPricing);
}
