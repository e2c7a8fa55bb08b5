import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BenchConfigError } from '../errors/bench-config-error.js';
import { meanPassAtK, meanPassHatK, passAtK, passHatK } from './pass-at-k.js';

function binom(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i += 1) r = (r * (n - k + i)) / i;
  return r;
}

/** Every k-subset of 0..n-1 (as bit masks), for the brute-force check. */
function* subsets(n: number, k: number): Generator<number[]> {
  const idx = Array.from({ length: k }, (_, i) => i);
  if (k > n) return;
  while (true) {
    yield [...idx];
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i) i -= 1;
    if (i < 0) return;
    idx[i] = (idx[i] ?? 0) + 1;
    for (let j = i + 1; j < k; j += 1) idx[j] = (idx[j - 1] ?? 0) + 1;
  }
}

describe('passAtK / passHatK reference values', () => {
  const table: Array<[number, number, number, number, number]> = [
    [5, 1, 1, 0.2, 0.2],
    [5, 2, 2, 0.7, 0.1],
    [5, 3, 2, 0.9, 0.3],
    [5, 3, 3, 1.0, 0.1],
    [10, 3, 5, 11 / 12, 0],
    [5, 0, 3, 0, 0],
    [5, 5, 1, 1, 1],
    [3, 2, 2, 1.0, 1 / 3],
    [200, 13, 1, 0.065, 0.065],
    [200, 13, 100, 0.9999194972, 0],
  ];
  it.each(table)('n=%i c=%i k=%i → pass@k %f, pass^k %f', (n, c, k, at, hat) => {
    expect(Math.abs(passAtK(n, c, k) - at)).toBeLessThan(k === 100 ? 1e-10 : 1e-12);
    expect(Math.abs(passHatK(n, c, k) - hat)).toBeLessThan(1e-12);
  });

  it('(200, 13, 10) matches the published 0.4975511147 and a tiny pass^k', () => {
    expect(passAtK(200, 13, 10)).toBeCloseTo(0.497551114700, 10);
    const hat = passHatK(200, 13, 10);
    expect(hat).toBeGreaterThan(1.2e-14);
    expect(hat).toBeLessThan(1.3e-14);
  });

  it('k > n throws BenchConfigError and the mean is null', () => {
    expect(() => passAtK(3, 1, 4)).toThrow(BenchConfigError);
    expect(() => passHatK(3, 1, 4)).toThrow(BenchConfigError);
    expect(meanPassAtK([{ n: 5, c: 2 }, { n: 3, c: 1 }], 4)).toBeNull();
    expect(meanPassHatK([{ n: 5, c: 2 }], 6)).toBeNull();
    expect(meanPassAtK([], 1)).toBeNull();
  });

  it('rejects malformed arguments', () => {
    expect(() => passAtK(0, 0, 1)).toThrow(BenchConfigError);
    expect(() => passAtK(5, 6, 1)).toThrow(BenchConfigError);
    expect(() => passAtK(5, 2, 0)).toThrow(BenchConfigError);
    expect(() => passAtK(5.5, 2, 1)).toThrow(BenchConfigError);
  });

  it('meanPassAtK averages per-task values', () => {
    expect(meanPassAtK([{ n: 5, c: 2 }, { n: 5, c: 3 }], 2)).toBeCloseTo((0.7 + 0.9) / 2, 12);
    expect(meanPassHatK([{ n: 5, c: 2 }, { n: 5, c: 3 }], 2)).toBeCloseTo((0.1 + 0.3) / 2, 12);
  });
});

describe('brute-force unbiasedness over all subsets (n ≤ 10)', () => {
  it('passAtK and passHatK equal subset means for every n, c, k', () => {
    for (let n = 1; n <= 10; n += 1) {
      for (let c = 0; c <= n; c += 1) {
        // Trials 0..c-1 pass; exchangeability makes the choice of which ones irrelevant.
        for (let k = 1; k <= n; k += 1) {
          let any = 0;
          let all = 0;
          let count = 0;
          for (const subset of subsets(n, k)) {
            count += 1;
            if (subset.some((i) => i < c)) any += 1;
            if (subset.every((i) => i < c)) all += 1;
          }
          expect(count).toBe(binom(n, k));
          expect(Math.abs(passAtK(n, c, k) - any / count)).toBeLessThan(1e-12);
          expect(Math.abs(passHatK(n, c, k) - all / count)).toBeLessThan(1e-12);
        }
      }
    }
  });
});

describe('properties', () => {
  const nck = fc.integer({ min: 1, max: 60 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n }), fc.integer({ min: 1, max: n })));

  it('pass@1 = pass^1 = c/n', () => {
    fc.assert(fc.property(nck, ([n, c]) => Math.abs(passAtK(n, c, 1) - c / n) < 1e-12 && Math.abs(passHatK(n, c, 1) - c / n) < 1e-12));
  });

  it('pass@k ≥ pass^k, both in [0, 1]', () => {
    fc.assert(fc.property(nck, ([n, c, k]) => {
      const at = passAtK(n, c, k);
      const hat = passHatK(n, c, k);
      return at >= hat - 1e-12 && at >= 0 && at <= 1 && hat >= 0 && hat <= 1;
    }));
  });

  it('pass@k non-decreasing and pass^k non-increasing in k', () => {
    fc.assert(fc.property(nck, ([n, c, k]) => {
      if (k >= n) return true;
      return passAtK(n, c, k + 1) >= passAtK(n, c, k) - 1e-12 && passHatK(n, c, k + 1) <= passHatK(n, c, k) + 1e-12;
    }));
  });

  it('pass@n = [c > 0], pass^n = [c = n]', () => {
    fc.assert(fc.property(nck, ([n, c]) => passAtK(n, c, n) === (c > 0 ? 1 : 0) && Math.abs(passHatK(n, c, n) - (c === n ? 1 : 0)) < 1e-12));
  });

  it('product form equals the binomial-coefficient form', () => {
    fc.assert(fc.property(nck.filter(([n]) => n <= 40), ([n, c, k]) => {
      const comb = n - c < k ? 1 : 1 - binom(n - c, k) / binom(n, k);
      const combHat = binom(c, k) / binom(n, k);
      return Math.abs(passAtK(n, c, k) - comb) < 1e-9 && Math.abs(passHatK(n, c, k) - combHat) < 1e-9;
    }));
  });

  it('no overflow or NaN at n = 1000', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 1000 }), (c, k) => {
      const at = passAtK(1000, c, k);
      const hat = passHatK(1000, c, k);
      return Number.isFinite(at) && Number.isFinite(hat) && at >= 0 && at <= 1 && hat >= 0 && hat <= 1;
    }));
  });
});
