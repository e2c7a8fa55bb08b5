import { BenchConfigError } from '../errors/bench-config-error.js';

/** P(X ≤ k) for X ~ Binomial(n, 1/2), summed exactly in floating point via the recurrence C(n, i+1) = C(n, i)(n−i)/(i+1). */
function binomialHalfCdf(k: number, n: number): number {
  let term = Math.pow(0.5, n);
  let sum = 0;
  for (let i = 0; i <= k; i += 1) {
    sum += term;
    term = (term * (n - i)) / (i + 1);
  }
  return sum;
}

/** Two-sided exact binomial test of `x` successes in `n` against p = 1/2. */
function twoSidedHalf(x: number, n: number): number {
  if (n === 0) return 1;
  return Math.min(1, 2 * binomialHalfCdf(Math.min(x, n - x), n));
}

/** Sign test over per-task deltas (ties dropped): counts and the two-sided exact p-value. */
export function signTest(deltas: readonly number[]): { positives: number; negatives: number; ties: number; pValue: number } {
  if (!Array.isArray(deltas) || deltas.some((d) => typeof d !== 'number' || Number.isNaN(d))) throw new BenchConfigError('deltas', 'must be an array of numbers');
  const positives = deltas.filter((d) => d > 0).length;
  const negatives = deltas.filter((d) => d < 0).length;
  return { positives, negatives, ties: deltas.length - positives - negatives, pValue: twoSidedHalf(positives, positives + negatives) };
}

/** Exact McNemar test on discordant pairs (b: only with passed, c: only without passed); two-sided p. */
export function mcnemarExact(b: number, c: number): number {
  for (const [name, value] of [['b', b], ['c', c]] as const) if (!Number.isInteger(value) || value < 0) throw new BenchConfigError(name, 'must be an integer ≥ 0');
  return twoSidedHalf(b, b + c);
}

/**
 * Normalised gain g = (with − without)/(1 − without) on rates in [0, 1]: the share of the headroom the skills
 * closed. `null` when `pWithout` is 1 (no headroom).
 */
export function normalizedGain(pWith: number, pWithout: number): number | null {
  for (const [name, value] of [['pWith', pWith], ['pWithout', pWithout]] as const) {
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new BenchConfigError(name, `must be a rate in [0, 1], got ${value}`);
  }
  return pWithout === 1 ? null : (pWith - pWithout) / (1 - pWithout);
}
