import { OTHER_VALUE } from '../semconv.js';

/** Limits on metric attribute values. */
export interface AttributeLimits {
  /** Distinct values admitted per open key before `_OTHER` (default 100). */
  maxValuesPerKey: number;
  /** Allowlists per attribute key: for these keys only listed values are kept. */
  allow?: Partial<Record<string, readonly string[]>>;
}

/**
 * Keeps metric attribute values bounded. A key with an allowlist ("strict" key) keeps only listed values; any other
 * key admits the first `maxValuesPerKey` distinct values. Everything else becomes `_OTHER`, so a flood of free-text
 * values (requested model names, agent names from requests) can never grow the number of series.
 */
export class ValueNormalizer {
  private readonly maxValuesPerKey: number;
  private readonly allowed = new Map<string, Set<string>>();
  private readonly admitted = new Map<string, Set<string>>();

  constructor(limits: Partial<AttributeLimits> = {}, strictKeys: readonly string[] = []) {
    this.maxValuesPerKey = limits.maxValuesPerKey ?? 100;
    for (const key of strictKeys) this.allowed.set(key, new Set());
    for (const [key, values] of Object.entries(limits.allow ?? {})) {
      if (values) this.allow(key, values);
    }
  }

  /** Adds values to a key's allowlist (making the key strict); tier models, agents and tools are registered this way. */
  allow(key: string, values: Iterable<string>): void {
    let set = this.allowed.get(key);
    if (!set) {
      set = new Set();
      this.allowed.set(key, set);
    }
    for (const value of values) {
      if (set.size >= this.maxValuesPerKey) break;
      set.add(value);
    }
  }

  /** The bounded form of `value` for `key` (undefined stays undefined). */
  normalize(key: string, value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    const allowed = this.allowed.get(key);
    if (allowed) return allowed.has(value) ? value : OTHER_VALUE;
    let admitted = this.admitted.get(key);
    if (!admitted) {
      admitted = new Set();
      this.admitted.set(key, admitted);
    }
    if (admitted.has(value)) return value;
    if (admitted.size >= this.maxValuesPerKey) return OTHER_VALUE;
    admitted.add(value);
    return value;
  }
}
