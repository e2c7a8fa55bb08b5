import { describe, expect, it } from 'vitest';
import { BenchConfigError } from '../errors/bench-config-error.js';
import type { BenchTrialRecord } from '../records.js';
import type { BenchRunResult } from '../scheduler/types.js';
import { aggregate } from '../stats/aggregate.js';
import { compareRuns } from './compare-runs.js';

/** A run with `n` trials per task of which `passes[task]` passed. */
function runOf(runId: string, passes: Record<string, [number, number]>, category = (t: string) => (t < 'm' ? 'alpha' : 'beta')): BenchRunResult {
  const trials: BenchTrialRecord[] = [];
  for (const [task, [c, n]] of Object.entries(passes)) {
    for (let i = 0; i < n; i += 1) {
      trials.push({
        runId, trialId: `${runId}-${task}-${i}`, attempt: 1, taskId: task, taskDigest: task, category: category(task), agentId: 'a', condition: 'none', trialIndex: i, seed: i,
        outcome: i < c ? 'passed' : 'failed', scoreEligible: true, reward: i < c ? 1 : 0, startedAt: 0, finishedAt: 0, agentMs: 0, verifierMs: 0,
        usage: { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, reasoningOutputTokens: 0, costUsd: 0 }, toolCalls: 0, iterations: 0, skillsInvoked: [], artifacts: [],
      });
    }
  }
  return {
    runId, status: 'completed', createdAt: 0, finishedAt: 0, trials, aggregates: aggregate(trials),
    config: { runId, tasks: [], agents: [{ id: 'a' }], conditions: ['none'], trials: 5, concurrency: 1, perTaskConcurrency: 1, driver: 'local', timeoutMultiplier: 1, defaultAgentTimeoutSec: 600, defaultVerifierTimeoutSec: 300, passThreshold: 1, errorPolicy: 'exclude', maxRetries: 1, seed: 1, ks: [1], baselineCondition: 'none' },
    provenance: { harness: 'x', harnessVersion: '0', node: 'v', platform: 'p', gitSha: null, datasetDigest: 'd' },
  };
}

describe('compareRuns', () => {
  const baseline = runOf('base', { a: [20, 20], b: [20, 20], c: [18, 20], n: [19, 20], o: [20, 20] });

  it('passes when nothing moved', () => {
    const gate = compareRuns(runOf('same', { a: [20, 20], b: [20, 20], c: [18, 20], n: [19, 20], o: [20, 20] }), baseline);
    expect(gate.passed).toBe(true);
    expect(gate.failures).toEqual([]);
    expect(gate.overall.dropPp).toBeCloseTo(0, 12);
  });

  it('flags a significant task drop beyond 20 pp and the category it lands in', () => {
    const gate = compareRuns(runOf('cur', { a: [2, 20], b: [20, 20], c: [18, 20], n: [19, 20], o: [20, 20] }), baseline);
    expect(gate.passed).toBe(false);
    expect(gate.tasks.find((t) => t.key === 'a')).toMatchObject({ regression: true, significant: true, dropPp: 90 });
    expect(gate.categories.find((c) => c.key === 'alpha')?.regression).toBe(true);
    expect(gate.categories.find((c) => c.key === 'beta')?.regression).toBe(false);
    expect(gate.markdown).toContain('REGRESSION');
  });

  it('a drop of exactly the threshold is not a regression (one rule: exceeds)', () => {
    const base = runOf('b', { a: [5, 5] });
    const cur = runOf('c', { a: [4, 5] });
    const gate = compareRuns(cur, base, { taskDropPp: 20, overallDropPp: 50, categoryDropPp: 50, requireSignificance: false });
    expect(gate.tasks[0]?.dropPp).toBeCloseTo(20, 9);
    expect(gate.tasks[0]?.regression).toBe(false);
  });

  it('noise alone does not fail with significance required, but does without it', () => {
    const base = runOf('b', { a: [3, 5], b: [3, 5], c: [3, 5] });
    const cur = runOf('c', { a: [1, 5], b: [3, 5], c: [4, 5] });
    expect(compareRuns(cur, base).passed).toBe(true);
    expect(compareRuns(cur, base, { requireSignificance: false }).passed).toBe(false);
  });

  it('a baseline task missing from the current run is listed as missing, not as 0 %', () => {
    const gate = compareRuns(runOf('cur', { a: [20, 20], b: [20, 20], c: [18, 20], n: [19, 20] }), baseline);
    expect(gate.tasks.find((t) => t.key === 'o')).toMatchObject({ missing: true, regression: false, current: null });
    expect(gate.markdown).toContain('missing');
  });

  it('minPassRate and minSkillDeltaPp add their own failures; bad thresholds throw', () => {
    const gate = compareRuns(baseline, baseline, { minPassRate: 0.99 });
    expect(gate.passed).toBe(false);
    expect(gate.failures[0]).toMatch(/below the minimum/);
    expect(() => compareRuns(baseline, baseline, { taskDropPp: -1 })).toThrow(BenchConfigError);
  });
});
