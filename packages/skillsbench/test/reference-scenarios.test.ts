/**
 * The reference engine's multi-trial evaluation scenarios, ported to this package's API. Expected values come from
 * the documented behaviour; where the new design differs on purpose (errors excluded from rates, intervals instead
 * of the heuristic confidence, no empty experiments), the test states the new rule.
 */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@agent33/observability';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BenchConfigError,
  TaskInvalidError,
  aggregate,
  legacyCtrfSummary,
  loadTask,
  localDriver,
  memoryStore,
  pairedSkillDelta,
  planTrials,
  runBenchmark,
  scriptedAgent,
  toCtrf,
  writeReports,
  type AgentUnderTest,
  type BenchRunResult,
  type BenchTask,
  type RunConfig,
  type TrialContext,
  type TrialRecord,
} from '../src/index.js';

let T1: BenchTask;
let T2: BenchTask;

/** A task whose verifier copies the agent's `result.txt` into the reward: the agent decides its own score. */
async function selfScoredTask(root: string, id: string): Promise<BenchTask> {
  const dir = join(root, id);
  await mkdir(join(dir, 'tests'), { recursive: true });
  await writeFile(join(dir, 'instruction.md'), `Solve ${id}.\n`);
  await writeFile(join(dir, 'task.toml'), '[metadata]\ncategory = "reference"\n');
  await writeFile(join(dir, 'tests', 'test.sh'), '#!/bin/bash\ncp "$SB_WORKDIR/result.txt" "$SB_LOGS_DIR/reward.txt"\n');
  return loadTask(dir);
}

/** The reference's evaluation callback, as an agent: `true` → reward 1, `false` → 0, a throw → agent error. */
function callbackAgent(fn: (ctx: TrialContext) => boolean | Promise<boolean>, id = 'a1', model = 'm1', tokens = 0): AgentUnderTest & { calls: TrialContext[] } {
  const calls: TrialContext[] = [];
  const agent = scriptedAgent(async (ctx) => {
    calls.push(ctx);
    const ok = await fn(ctx);
    await ctx.workspace.writeFile('result.txt', ok ? '1\n' : '0\n');
    return tokens > 0 ? { usage: { inputTokens: tokens, outputTokens: 0 } } : {};
  }, id);
  return Object.assign(Object.create(agent) as AgentUnderTest, { id, model, run: agent.run, calls });
}

function config(patch: Partial<RunConfig>): RunConfig {
  return { tasks: [T1], agents: [], conditions: ['curated'], trials: 1, driver: localDriver(), concurrency: 2, provenance: { gitSha: null }, ...patch };
}

function record(patch: Partial<TrialRecord>): TrialRecord {
  return {
    runId: 'r', trialId: Math.random().toString(16).slice(2), attempt: 1, taskId: 'T1', taskDigest: 'd', category: 'c', agentId: 'a1', model: 'm1', condition: 'curated', trialIndex: 0, seed: 0,
    outcome: 'passed', scoreEligible: true, reward: 1, startedAt: 0, finishedAt: 10, agentMs: 0, verifierMs: 0,
    usage: { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, reasoningOutputTokens: 0, costUsd: 0 }, toolCalls: 0, iterations: 0, skillsInvoked: [], artifacts: [],
    ...patch,
  };
}

function runFromTrials(trials: TrialRecord[], conditions = ['curated', 'none'], finishedAt = 2000): BenchRunResult {
  return {
    runId: 'legacy', status: 'completed', createdAt: 1000, finishedAt, trials, aggregates: aggregate(trials),
    config: { runId: 'legacy', tasks: [], agents: [{ id: 'a1', model: 'm1' }], conditions, trials: 5, concurrency: 1, perTaskConcurrency: 1, driver: 'local', timeoutMultiplier: 1, defaultAgentTimeoutSec: 600, defaultVerifierTimeoutSec: 300, passThreshold: 1, errorPolicy: 'exclude', maxRetries: 1, seed: 1, ks: [1], baselineCondition: 'none' },
    provenance: { harness: 'h', harnessVersion: '0', node: 'v', platform: 'p', gitSha: null, datasetDigest: 'd' },
  };
}

const scores = (results: number[], condition: string, task = 'T1'): TrialRecord[] =>
  results.map((s, i) => record({ taskId: task, condition, trialIndex: i, outcome: s === 1 ? 'passed' : 'failed', reward: s, finishedAt: 100 }));

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'sb-reference-'));
  T1 = await selfScoredTask(root, 'T1');
  T2 = await selfScoredTask(root, 'T2');
});

describe('trial result (TrialResult)', () => {
  it('score 1 is a pass and score 0 a failure', async () => {
    const run = await runBenchmark(config({ agents: [callbackAgent(() => true)], trials: 1 }));
    expect(run.trials[0]).toMatchObject({ outcome: 'passed', reward: 1, scoreEligible: true });
    const fail = await runBenchmark(config({ agents: [callbackAgent(() => false)] }));
    expect(fail.trials[0]).toMatchObject({ outcome: 'failed', reward: 0, scoreEligible: true });
  });

  it('an outcome outside the contract (the reference rejected score 2) is rejected', () => {
    expect(() => aggregate([record({ outcome: 2 as unknown as 'passed' })])).toThrow(BenchConfigError);
  });

  it('timestamps come from the injected clock, exactly', async () => {
    const clock = new ManualClock(1_767_225_600_000);
    const run = await runBenchmark(config({ agents: [callbackAgent(() => true)], clock }));
    expect(run.trials[0]?.startedAt).toBe(1_767_225_600_000);
    expect(run.trials[0]?.finishedAt).toBe(1_767_225_600_000);
    expect(run.createdAt).toBe(1_767_225_600_000);
  });

  it('errorMessage is absent by default and set on errors', async () => {
    const run = await runBenchmark(config({ agents: [callbackAgent(() => { throw new Error('boom'); })] }));
    expect(run.trials[0]?.errorMessage).toBe('boom');
    const ok = await runBenchmark(config({ agents: [callbackAgent(() => true)] }));
    expect(ok.trials[0]?.errorMessage).toBeUndefined();
  });

  it('tokens default to 0 and carry what the agent reports (500)', async () => {
    const none = await runBenchmark(config({ agents: [callbackAgent(() => true)] }));
    expect(none.trials[0]?.usage.totalTokens).toBe(0);
    const some = await runBenchmark(config({ agents: [callbackAgent(() => true, 'a1', 'm1', 500)] }));
    expect(some.trials[0]?.usage.totalTokens).toBe(500);
  });
});

describe('pass rate and variance (MultiTrialResult)', () => {
  const cellRate = (results: number[]) => aggregate(scores(results, 'curated')).cells[0]?.passRate;
  it('5/5 → 1.0, 0/5 → 0.0, 3/5 → 0.6, no trials → 0 cells', () => {
    expect(cellRate([1, 1, 1, 1, 1])).toBe(1);
    expect(cellRate([0, 0, 0, 0, 0])).toBe(0);
    expect(cellRate([1, 0, 1, 0, 1])).toBeCloseTo(0.6, 12);
    expect(aggregate([]).cells).toEqual([]);
  });

  it('legacy population variance: all-same → 0, [1,0,1,0,1] → 0.24, std = √variance, empty → 0', () => {
    const extra = (results: number[]) => toCtrf(runFromTrials(scores(results, 'curated')), { legacy: true }).results.tests[0]?.extra as Record<string, unknown> & { skillsbench: { std_dev: number } };
    expect(extra([1, 1, 1, 1, 1]).variance).toBe(0);
    const mixed = extra([1, 0, 1, 0, 1]);
    expect(mixed.variance).toBeCloseTo(0.24, 12);
    expect(mixed.skillsbench.std_dev).toBeCloseTo(Math.sqrt(0.24), 12);
    expect(legacyCtrfSummary(runFromTrials([])).avg_variance).toBe(0);
  });

  it('the cell duration is the sum of its trial durations', () => {
    const ctrf = toCtrf(runFromTrials(scores([1, 0, 1], 'curated')), { legacy: true });
    expect(ctrf.results.tests[0]?.duration).toBe(300);
  });
});

describe('executor', () => {
  it('success: passed, no error, trial index right, the agent sees the right task and condition', async () => {
    const agent = callbackAgent(() => true);
    const run = await runBenchmark(config({ agents: [agent], trials: 3, concurrency: 1 }));
    expect(run.trials.map((t) => t.trialIndex)).toEqual([0, 1, 2]);
    expect(agent.calls.map((c) => [c.taskId, c.condition, c.instruction])).toEqual(Array(3).fill(['T1', 'curated', 'Solve T1.']));
    expect(run.trials.every((t) => t.outcome === 'passed' && t.errorMessage === undefined && t.agentId === 'a1' && t.model === 'm1')).toBe(true);
    expect(run.aggregates.cells[0]?.passRate).toBe(1);
    expect(agent.calls).toHaveLength(3);
    expect(run.trials.reduce((s, t) => s + (t.usage.totalTokens ?? 0), 0)).toBe(0);
  });

  it('an exception is an agent error with its message, kept out of the rate', async () => {
    const run = await runBenchmark(config({ agents: [callbackAgent(() => { throw new Error('boom'); })], trials: 2 }));
    expect(run.trials.every((t) => t.outcome === 'error' && t.errorMessage === 'boom')).toBe(true);
    expect(run.aggregates.cells[0]).toMatchObject({ n: 0, errors: 2 });
  });

  it('no callback: a scripted agent needs a policy', () => {
    expect(() => scriptedAgent(undefined as unknown as () => void)).toThrow(BenchConfigError);
  });

  it('an alternating agent → [1, 0, 1, 0] and pass 0.5', async () => {
    const run = await runBenchmark(config({ agents: [callbackAgent((ctx) => ctx.trialIndex % 2 === 0)], trials: 4 }));
    expect(run.trials.map((t) => (t.outcome === 'passed' ? 1 : 0))).toEqual([1, 0, 1, 0]);
    expect(run.aggregates.cells[0]?.passRate).toBe(0.5);
  });

  it('skill impact of 2/3 vs 1/3 is 1/3', () => {
    expect(pairedSkillDelta([{ taskId: 'T1', nWith: 3, cWith: 2, nWithout: 3, cWithout: 1 }]).delta.value).toBeCloseTo(1 / 3, 12);
  });
});

describe('skill impact (SkillsImpact)', () => {
  const impact = (w: number, wo: number) => pairedSkillDelta([{ taskId: 't', nWith: 10, cWith: w, nWithout: 10, cWithout: wo }]);
  it('0.8/0.4 → +0.4, 0.3/0.7 → −0.4, 0.5/0.5 → 0', () => {
    expect(impact(8, 4).delta.value).toBeCloseTo(0.4, 12);
    expect(impact(3, 7).delta.value).toBeCloseTo(-0.4, 12);
    expect(impact(5, 5).delta.value).toBe(0);
  });

  it('instead of the heuristic confidence: a real interval at a stated level; equal rates are never significant', () => {
    const equal = impact(5, 5);
    expect(equal.significant).toBe(false);
    expect(equal.delta.ci.confidence).toBe(0.95);
    expect(impact(10, 0).normalizedGain).toBe(1);
    const d = pairedSkillDelta([{ taskId: 'a', nWith: 5, cWith: 5, nWithout: 5, cWithout: 0 }, { taskId: 'b', nWith: 5, cWith: 4, nWithout: 5, cWithout: 1 }]);
    expect(d.delta.ci.lo).toBeLessThanOrEqual(d.delta.value);
    expect(d.delta.ci.hi).toBeGreaterThanOrEqual(d.delta.value);
  });
});

describe('legacy CTRF (a +skills cell at 5/5, a −skills cell at 1/5)', () => {
  const trials = [...scores([1, 1, 1, 1, 1], 'curated'), ...scores([1, 0, 0, 0, 0], 'none')];
  const run = runFromTrials(trials);
  const ctrf = toCtrf(run, { legacy: true });

  it('tool, summary counts and threshold 0.6', () => {
    expect(Object.keys(ctrf.results).sort()).toEqual(['extra', 'summary', 'tests', 'tool']);
    expect(ctrf.results.tool).toEqual({ name: 'agent33-eval', version: '1.0.0' });
    expect(ctrf.results.summary).toMatchObject({ tests: 2, passed: 1, failed: 1, skipped: 0, pending: 0 });
    const plus = ctrf.results.tests.find((t) => t.name.includes('+skills'));
    const minus = ctrf.results.tests.find((t) => t.name.includes('-skills'));
    expect(plus?.status).toBe('passed');
    expect(minus?.status).toBe('failed');
    expect(plus?.name).toBe('T1 [a1/m1] +skills');
  });

  it('test extra and run extra', () => {
    const plus = ctrf.results.tests.find((t) => t.name.includes('+skills'));
    expect(plus?.extra).toMatchObject({ trials: 5, pass_rate: 1, skills_enabled: true, agent: 'a1', model: 'm1', variance: 0, tokens_used: 0, trial_results: [1, 1, 1, 1, 1] });
    expect(plus?.extra?.skillsbench).toBeDefined();
    expect(ctrf.results.extra?.skillsbench).toMatchObject({ trials_per_combination: 5, skills_modes: [true, false], timeout_per_trial_seconds: 600, skills_impacts_count: 1 });
  });

  it('threshold 0.1 passes both', () => {
    expect(toCtrf(run, { legacy: true, cellPassThreshold: 0.1 }).results.summary.passed).toBe(2);
  });

  it('writing reports creates nested folders and valid JSON', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'sb-write-')), 'deep', 'er', 'reports');
    const [path] = await writeReports(run, { out, formats: ['ctrf'], ctrf: { legacy: true } });
    expect(JSON.parse(await readFile(path as string, 'utf8')).results.summary.tests).toBe(2);
    await expect(writeReports(run, { out, formats: ['pdf' as 'md'] })).rejects.toBeInstanceOf(BenchConfigError);
  });

  it('summary: mean pass rate 0.6 with variance and consistency; empty run is zeros', () => {
    const s = legacyCtrfSummary(run);
    expect(s.avg_pass_rate).toBe(0.6);
    expect(s.avg_variance).toBeCloseTo((0 + 0.16) / 2, 12);
    expect(s.consistency).toBeCloseTo(1 - 0.08, 12);
    expect(legacyCtrfSummary(runFromTrials([]))).toMatchObject({ total_combinations: 0, avg_pass_rate: 0 });
  });

  it('start and stop are integers with stop ≥ start > 0', () => {
    const { start, stop } = ctrf.results.summary;
    expect(Number.isInteger(start) && Number.isInteger(stop)).toBe(true);
    expect(start).toBeGreaterThan(0);
    expect(stop).toBeGreaterThanOrEqual(start);
  });
});

describe('experiment (ExperimentRunner)', () => {
  it('2 tasks × 1 agent × 2 conditions × 2 trials → 4 cells, 8 calls, completed', async () => {
    const agent = callbackAgent(() => true);
    const run = await runBenchmark(config({ tasks: [T1, T2], agents: [agent], conditions: ['curated', 'none'], trials: 2 }));
    expect(run.aggregates.cells).toHaveLength(4);
    expect(agent.calls).toHaveLength(8);
    expect(run.status).toBe('completed');
    expect(run.finishedAt).toBeDefined();
  });

  it('an agent that only succeeds with skills → one delta of 1.0 vs 0.0', async () => {
    const run = await runBenchmark(config({ agents: [callbackAgent((ctx) => ctx.condition === 'curated')], conditions: ['curated', 'none'], trials: 2 }));
    const delta = run.aggregates.skillDeltas.a1?.curated;
    expect(Object.keys(run.aggregates.skillDeltas.a1 ?? {})).toEqual(['curated']);
    expect(delta?.pWith.value).toBe(1);
    expect(delta?.pWithout.value).toBe(0);
  });

  it('the comparison matrix: agent → condition → score over tasks', async () => {
    const run = await runBenchmark(config({ agents: [callbackAgent(() => true)], conditions: ['curated', 'none'], trials: 2 }));
    expect(run.aggregates.byAgentCondition.a1?.curated).toMatchObject({ value: 1, n: 1 });
    expect(run.aggregates.byAgentCondition.a1?.none).toMatchObject({ value: 1, n: 1 });
    expect(run.aggregates.cells.map((c) => [c.taskId, c.condition, c.n])).toEqual([['T1', 'curated', 2], ['T1', 'none', 2]]);
  });

  it('an empty experiment is a configuration error, and nothing runs', () => {
    const agent = callbackAgent(() => true);
    expect(() => runBenchmark(config({ tasks: [], agents: [agent] }))).toThrow(BenchConfigError);
    expect(agent.calls).toHaveLength(0);
  });

  it('a single condition → one cell and no delta', async () => {
    const run = await runBenchmark(config({ agents: [callbackAgent(() => true)], conditions: ['curated'] }));
    expect(run.aggregates.cells).toHaveLength(1);
    expect(run.aggregates.skillDeltas.a1).toEqual({});
  });

  it('an always-raising agent: the run completes; errors count as 0 only under errorPolicy fail', async () => {
    const raising = callbackAgent(() => { throw new Error('always'); });
    const run = await runBenchmark(config({ agents: [raising], errorPolicy: 'fail', trials: 2 }));
    expect(run.status).toBe('completed');
    expect(run.aggregates.cells[0]).toMatchObject({ passRate: 0, n: 2, errors: 2 });
  });
});

describe('config (ExperimentConfig)', () => {
  it('defaults: 5 trials, verifier 300 s, agent 600 s; conditions must be given', async () => {
    const run = await runBenchmark({ ...config({ agents: [callbackAgent(() => true)] }), trials: undefined as unknown as number });
    expect(run.config.trials).toBe(5);
    expect(run.trials).toHaveLength(5);
    expect(run.config.errorPolicy).toBe('exclude');
    expect(run.config.maxRetries).toBe(1);
    expect(run.config.defaultVerifierTimeoutSec).toBe(300);
    expect(run.config.defaultAgentTimeoutSec).toBe(600);
  });

  it('0 and 101 trials are rejected; custom values are kept', async () => {
    expect(() => runBenchmark(config({ agents: [callbackAgent(() => true)], trials: 0 }))).toThrow(BenchConfigError);
    expect(() => runBenchmark(config({ agents: [callbackAgent(() => true)], trials: 101 }))).toThrow(BenchConfigError);
    const run = await runBenchmark(config({ agents: [callbackAgent(() => true)], trials: 2, concurrency: 3, timeoutMultiplier: 2, seed: 9 }));
    expect(run.config).toMatchObject({ trials: 2, concurrency: 3, timeoutMultiplier: 2, seed: 9 });
  });
});

describe('store (EvaluationService)', () => {
  it('start then get; unknown id → undefined; list shows both runs', async () => {
    const store = memoryStore();
    const first = await runBenchmark(config({ agents: [callbackAgent(() => true)], store, runId: 'run-1' }));
    await runBenchmark(config({ agents: [callbackAgent(() => true)], store, runId: 'run-2' }));
    const got = await store.getRun('run-1');
    expect(got?.trials).toEqual(first.trials);
    expect(got?.status).toBe('completed');
    expect(await store.getRun('nope')).toBeUndefined();
    expect((await store.listRuns()).map((r) => r.runId)).toEqual(['run-2', 'run-1']);
  });

  it('export: a stored run gives a CTRF report with one cell', async () => {
    const store = memoryStore();
    await runBenchmark(config({ agents: [callbackAgent(() => true)], store, runId: 'exp' }));
    const stored = (await store.getRun('exp')) as BenchRunResult;
    expect(toCtrf(stored, { granularity: 'cell' }).results.tests).toHaveLength(1);
  });

  it('runs of separate stores do not mix', async () => {
    const a = memoryStore();
    const b = memoryStore();
    await runBenchmark(config({ agents: [callbackAgent(() => true)], store: a, runId: 'only-a' }));
    expect(await b.listRuns()).toEqual([]);
  });

  it('a custom agent is used, with no fallback evaluator', async () => {
    const custom = callbackAgent(() => true, 'custom-agent', 'custom-model');
    const run = await runBenchmark(config({ agents: [custom] }));
    expect(custom.calls).toHaveLength(1);
    expect(run.trials[0]?.agentId).toBe('custom-agent');
  });

  it('plans are stable for the same inputs (ids and seeds)', () => {
    const agent = callbackAgent(() => true);
    const plan = () => planTrials({ runId: 'stable', tasks: [T1, T2], agents: [agent], conditions: ['none', 'curated'], trials: 3, seed: 1 }).map((p) => [p.trialId, p.seed]);
    expect(plan()).toEqual(plan());
    expect(new Set(plan().map(([id]) => id)).size).toBe(12);
  });

  it('an unknown task is an error, not a silent failure', async () => {
    await expect(loadTask(join(tmpdir(), 'definitely-not-a-task-folder'))).rejects.toBeInstanceOf(TaskInvalidError);
  });
});
