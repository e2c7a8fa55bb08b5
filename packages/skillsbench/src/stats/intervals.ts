import { BenchConfigError } from '../errors/bench-config-error.js';
import { normalQuantile, studentTQuantile } from './distributions.js';

/** A two-sided interval at a confidence level. */
export interface Interval {
  lo: number;
  hi: number;
  confidence: number;
}

/** A point estimate with its interval; `n` is the number of units (trials for Wilson, tasks otherwise). */
export interface Estimate {
  value: number;
  ci: Interval;
  n: number;
  method: 'wilson' | 'normal' | 't' | 'bootstrap';
}

/** z for a two-sided interval; the exact constant for 95% so published figures reproduce digit for digit. */
export function zFor(confidence: number): number {
  checkConfidence(confidence);
  return confidence === 0.95 ? 1.959963984540054 : normalQuantile(1 - (1 - confidence) / 2);
}

export function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) throw new BenchConfigError('confidence', `must be in (0, 1), got ${confidence}`);
}

/**
 * Wilson score interval for `successes` of `n`; well behaved at 0/n and n/n, where the Wald interval collapses.
 * n = 0 gives the uninformative [0, 1].
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): Interval {
  if (!Number.isInteger(n) || n < 0) throw new BenchConfigError('n', `must be an integer ≥ 0, got ${n}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > n) throw new BenchConfigError('successes', `must be an integer in 0..n, got ${successes}`);
  const z = zFor(confidence);
  if (n === 0) return { lo: 0, hi: 1, confidence };
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { lo: successes === 0 ? 0 : Math.max(0, centre - half), hi: successes === n ? 1 : Math.min(1, centre + half), confidence };
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sample standard deviation (n − 1); 0 for fewer than two values. */
export function sampleStdDev(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1));
}

/**
 * SkillsBench's aggregate ("Method D"): the mean of per-task rates with half-width z·stdev/√T across tasks (not
 * trials). The normal method uses 1.96 at 95% as the paper does; `t` uses Student's t with T − 1 degrees of freedom.
 */
export function taskMeanEstimate(perTask: readonly number[], opts: { confidence?: number; method?: 'normal' | 't' } = {}): Estimate {
  const confidence = opts.confidence ?? 0.95;
  checkConfidence(confidence);
  if (!Array.isArray(perTask) || perTask.some((v) => typeof v !== 'number' || !Number.isFinite(v))) throw new BenchConfigError('perTask', 'must be an array of finite numbers');
  const method = opts.method ?? 'normal';
  if (perTask.length === 0) return { value: 0, ci: { lo: 0, hi: 0, confidence }, n: 0, method };
  const value = mean(perTask);
  const T = perTask.length;
  const se = sampleStdDev(perTask) / Math.sqrt(T);
  const critical = method === 't' ? (T > 1 ? studentTQuantile(1 - (1 - confidence) / 2, T - 1) : 0) : confidence === 0.95 ? 1.96 : zFor(confidence);
  const half = critical * se;
  return { value, ci: { lo: value - half, hi: value + half, confidence }, n: T, method };
}
