import { BenchConfigError } from '../errors/bench-config-error.js';
import { checkConfidence, type Estimate } from './intervals.js';
import { mulberry32 } from './rng.js';

function quantileSorted(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = sorted[lower] ?? 0;
  const b = sorted[upper] ?? a;
  return a + (b - a) * (position - lower);
}

/**
 * Seeded cluster bootstrap of the task mean: resample tasks with replacement `resamples` times (default 2000) and
 * take the percentile interval. The same seed always gives the same interval.
 */
export function bootstrapMean(perTask: readonly number[], opts: { seed: number; resamples?: number; confidence?: number }): Estimate {
  const confidence = opts.confidence ?? 0.95;
  checkConfidence(confidence);
  const resamples = opts.resamples ?? 2000;
  if (!Number.isInteger(opts.seed)) throw new BenchConfigError('seed', 'must be an integer');
  if (!Number.isInteger(resamples) || resamples < 1) throw new BenchConfigError('resamples', 'must be an integer ≥ 1');
  if (perTask.some((v) => !Number.isFinite(v))) throw new BenchConfigError('perTask', 'must be finite numbers');
  const T = perTask.length;
  if (T === 0) return { value: 0, ci: { lo: 0, hi: 0, confidence }, n: 0, method: 'bootstrap' };
  const value = perTask.reduce((a, b) => a + b, 0) / T;
  const random = mulberry32(opts.seed);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r += 1) {
    let sum = 0;
    for (let i = 0; i < T; i += 1) sum += perTask[Math.floor(random() * T)] ?? 0;
    means[r] = sum / T;
  }
  const sorted = Array.from(means).sort((a, b) => a - b);
  const alpha = (1 - confidence) / 2;
  return { value, ci: { lo: quantileSorted(sorted, alpha), hi: quantileSorted(sorted, 1 - alpha), confidence }, n: T, method: 'bootstrap' };
}
