import { BenchConfigError } from '../errors/bench-config-error.js';

function check(n: number, c: number, k: number): void {
  if (!Number.isInteger(n) || n < 1) throw new BenchConfigError('n', `must be an integer ≥ 1, got ${n}`);
  if (!Number.isInteger(c) || c < 0 || c > n) throw new BenchConfigError('c', `must be an integer in 0..n, got ${c}`);
  if (!Number.isInteger(k) || k < 1) throw new BenchConfigError('k', `must be an integer ≥ 1, got ${k}`);
  if (k > n) throw new BenchConfigError('k', `k = ${k} exceeds n = ${n}`);
}

/**
 * Unbiased pass@k (Chen et al. 2021): the chance that at least one of k trials drawn without replacement from n,
 * of which c passed, passes: 1 − C(n−c, k)/C(n, k), computed in the stable product form
 * 1 − ∏_{i=n−c+1}^{n} (1 − k/i). Throws {@link BenchConfigError} when k > n.
 */
export function passAtK(n: number, c: number, k: number): number {
  check(n, c, k);
  if (n - c < k) return 1;
  let product = 1;
  for (let i = n - c + 1; i <= n; i += 1) product *= 1 - k / i;
  return 1 - product;
}

/**
 * Unbiased pass^k (τ-bench, Yao et al. 2024): the chance that all k trials drawn without replacement pass:
 * C(c, k)/C(n, k) = ∏_{i=0}^{k−1} (c−i)/(n−i). Throws {@link BenchConfigError} when k > n.
 */
export function passHatK(n: number, c: number, k: number): number {
  check(n, c, k);
  if (c < k) return 0;
  let product = 1;
  for (let i = 0; i < k; i += 1) product *= (c - i) / (n - i);
  return product;
}

/** The benchmark value: the mean of per-task pass@k; `null` when some task has fewer than k trials (or none). */
export function meanPassAtK(cells: readonly { n: number; c: number }[], k: number): number | null {
  if (cells.length === 0 || cells.some((cell) => cell.n < k)) return null;
  return cells.reduce((sum, cell) => sum + passAtK(cell.n, cell.c, k), 0) / cells.length;
}

/** The mean of per-task pass^k; `null` when some task has fewer than k trials (or none). */
export function meanPassHatK(cells: readonly { n: number; c: number }[], k: number): number | null {
  if (cells.length === 0 || cells.some((cell) => cell.n < k)) return null;
  return cells.reduce((sum, cell) => sum + passHatK(cell.n, cell.c, k), 0) / cells.length;
}
