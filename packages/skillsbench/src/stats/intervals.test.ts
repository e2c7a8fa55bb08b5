import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BenchConfigError } from '../errors/bench-config-error.js';
import { bootstrapMean } from './bootstrap.js';
import { studentTQuantile } from './distributions.js';
import { mcnemarExact, normalizedGain, signTest } from './hypothesis-tests.js';
import { taskMeanEstimate, wilsonInterval } from './intervals.js';
import { pairedSkillDelta } from './paired-delta.js';
import { mulberry32 } from './rng.js';

describe('wilsonInterval', () => {
  it.each([
    [3, 5, 0.230724, 0.882379],
    [0, 5, 0, 0.434482],
    [5, 5, 0.565518, 1],
    [2, 3, 0.20766, 0.938508],
    [42, 84, 0.395439, 0.604561],
  ])('%i/%i → [%f, %f]', (s, n, lo, hi) => {
    const ci = wilsonInterval(s, n);
    expect(ci.lo).toBeCloseTo(lo, 6);
    expect(ci.hi).toBeCloseTo(hi, 6);
    expect(ci.confidence).toBe(0.95);
  });

  it('n = 0 is uninformative; bad input throws', () => {
    expect(wilsonInterval(0, 0)).toEqual({ lo: 0, hi: 1, confidence: 0.95 });
    expect(() => wilsonInterval(3, 2)).toThrow(BenchConfigError);
    expect(() => wilsonInterval(1, 2, 1.5)).toThrow(BenchConfigError);
  });

  it('always contains the point estimate and stays in [0, 1]', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 500 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n }))), ([n, s]) => {
      const ci = wilsonInterval(s, n);
      return ci.lo >= 0 && ci.hi <= 1 && ci.lo <= s / n + 1e-12 && ci.hi >= s / n - 1e-12;
    }));
  });
});

describe('Method D and paired delta (published example)', () => {
  const withSkills = [1, 0.8, 0.6, 0.2, 1];
  const without = [0.6, 0.8, 0.2, 0, 0.4];

  it('task means and half-widths', () => {
    const a = taskMeanEstimate(withSkills);
    const b = taskMeanEstimate(without);
    expect(a.value).toBeCloseTo(0.72, 12);
    expect(b.value).toBeCloseTo(0.4, 12);
    expect((a.ci.hi - a.ci.lo) / 2).toBeCloseTo(0.293346, 6);
    expect((b.ci.hi - b.ci.lo) / 2).toBeCloseTo(0.277186, 6);
    expect(a.method).toBe('normal');
    expect(a.n).toBe(5);
  });

  it('paired Δ, its half-width, the t interval and the sign test', () => {
    const deltas = withSkills.map((w, i) => w - (without[i] ?? 0));
    const normal = taskMeanEstimate(deltas);
    expect(normal.value).toBeCloseTo(0.32, 12);
    expect((normal.ci.hi - normal.ci.lo) / 2).toBeCloseTo(0.199882, 6);
    const t = taskMeanEstimate(deltas, { method: 't' });
    expect(t.ci.lo).toBeCloseTo(0.036857, 6);
    expect(t.ci.hi).toBeCloseTo(0.603143, 6);
    expect(signTest(deltas)).toEqual({ positives: 4, negatives: 0, ties: 1, pValue: 0.125 });
  });

  it('pairedSkillDelta puts it together', () => {
    const cells = withSkills.map((w, i) => ({ taskId: `t${i}`, nWith: 5, cWith: Math.round(w * 5), nWithout: 5, cWithout: Math.round((without[i] ?? 0) * 5) }));
    const d = pairedSkillDelta(cells, { bootstrap: { seed: 7 } });
    expect(d.delta.value).toBeCloseTo(0.32, 12);
    expect(d.pWith.value).toBeCloseTo(0.72, 12);
    expect(d.normalizedGain).toBeCloseTo(0.32 / 0.6, 12);
    expect(d.significant).toBe(true);
    expect(d.negativeTasks).toEqual([]);
    expect(d.deltaBootstrap?.method).toBe('bootstrap');
    const worse = pairedSkillDelta([{ taskId: 'x', nWith: 5, cWith: 0, nWithout: 5, cWithout: 5 }, { taskId: 'a', nWith: 5, cWith: 5, nWithout: 5, cWithout: 5 }]);
    expect(worse.negativeTasks).toEqual(['x']);
    expect(() => pairedSkillDelta([{ taskId: 'bad', nWith: 2, cWith: 3, nWithout: 2, cWithout: 0 }])).toThrow(BenchConfigError);
  });

  it('t quantile matches tables', () => {
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.776445, 5);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.042272, 5);
  });
});

describe('tests and gain', () => {
  it('exact McNemar b=7, c=1 → 0.0703125', () => {
    expect(mcnemarExact(7, 1)).toBe(0.0703125);
    expect(mcnemarExact(0, 0)).toBe(1);
    expect(() => mcnemarExact(-1, 2)).toThrow(BenchConfigError);
  });

  it('normalized gain reproduces the published figures', () => {
    expect(normalizedGain(0.453, 0.22)).toBeCloseTo(0.29872, 5);
    expect(normalizedGain(0.487, 0.313)).toBeCloseTo(0.25328, 5);
    expect(normalizedGain(0.447, 0.306)).toBeCloseTo(0.20317, 5);
    expect(normalizedGain(1, 1)).toBeNull();
    expect(() => normalizedGain(45.3, 22)).toThrow(BenchConfigError);
  });
});

describe('bootstrapMean', () => {
  it('same seed → same interval; different seed → (generally) different', () => {
    const data = [1, 0.8, 0.6, 0.2, 1, 0.4, 0, 0.6];
    const a = bootstrapMean(data, { seed: 3 });
    const b = bootstrapMean(data, { seed: 3 });
    expect(a).toEqual(b);
    expect(bootstrapMean(data, { seed: 4 }).ci).not.toEqual(a.ci);
  });

  it('within 1.5 pp of Method D on a fixed synthetic set of 40 tasks', () => {
    const random = mulberry32(2024);
    const rates = Array.from({ length: 40 }, () => Math.round(random() * 5) / 5);
    const d = taskMeanEstimate(rates);
    const boot = bootstrapMean(rates, { seed: 11, resamples: 4000 });
    expect(Math.abs(boot.ci.lo - d.ci.lo)).toBeLessThan(0.015);
    expect(Math.abs(boot.ci.hi - d.ci.hi)).toBeLessThan(0.015);
    expect(boot.value).toBeCloseTo(d.value, 12);
  });

  it('rejects bad options', () => {
    expect(() => bootstrapMean([1], { seed: 1.5 })).toThrow(BenchConfigError);
    expect(() => bootstrapMean([1], { seed: 1, resamples: 0 })).toThrow(BenchConfigError);
  });
});

describe('other confidence levels', () => {
  it('90% Wilson is narrower than 95% and 99% wider', () => {
    const w90 = wilsonInterval(3, 5, 0.9);
    const w95 = wilsonInterval(3, 5);
    const w99 = wilsonInterval(3, 5, 0.99);
    expect(w90.hi - w90.lo).toBeLessThan(w95.hi - w95.lo);
    expect(w99.hi - w99.lo).toBeGreaterThan(w95.hi - w95.lo);
    // z(0.99) = 2.5758293035489: the half-width of Method D scales with it.
    const d99 = taskMeanEstimate([1, 0.8, 0.6, 0.2, 1], { confidence: 0.99 });
    expect((d99.ci.hi - d99.ci.lo) / 2).toBeCloseTo(2.5758293035489 * 0.149666295, 6);
  });
});

describe('aggregate with t intervals', () => {
  it('ciMethod t widens the Method D interval for few tasks', async () => {
    const { aggregate } = await import('./aggregate.js');
    const trials = [0, 1, 2, 3, 4].flatMap((task) =>
      [0, 1, 2, 3, 4].map((i) => ({
        runId: 'r', trialId: `${task}-${i}`, attempt: 1, taskId: `t${task}`, taskDigest: 'd', category: 'c', agentId: 'a', condition: 'none', trialIndex: i, seed: i,
        outcome: (i < ([5, 4, 3, 1, 5][task] ?? 0) ? 'passed' : 'failed') as 'passed' | 'failed', scoreEligible: true, reward: 1, startedAt: 0, finishedAt: 0, agentMs: 0, verifierMs: 0,
        usage: { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, reasoningOutputTokens: 0, costUsd: 0 }, toolCalls: 0, iterations: 0, skillsInvoked: [], artifacts: [],
      })),
    );
    const normal = aggregate(trials).byAgentCondition.a?.none;
    const t = aggregate(trials, { ciMethod: 't' }).byAgentCondition.a?.none;
    expect(normal?.value).toBeCloseTo(0.72, 12);
    expect(((normal?.ci.hi ?? 0) - (normal?.ci.lo ?? 0)) / 2).toBeCloseTo(0.293346, 6);
    expect(t?.method).toBe('t');
    expect(((t?.ci.hi ?? 0) - (t?.ci.lo ?? 0)) / 2).toBeCloseTo(2.776445 * 0.149666295, 5);
  });
});
