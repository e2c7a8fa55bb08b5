import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { schema as ctrfSchema } from 'ctrf';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  groupAlive,
  loadTasks,
  localDriver,
  miniFixtureAgent,
  miniFixturesDir,
  fixtureSeedPasses,
  nopAgent,
  oracleAgent,
  passAtK,
  passHatK,
  planTrials,
  runBenchmark,
  toCtrf,
  validateTask,
  type BenchRunResult,
  type BenchTask,
  type TrialRecord,
} from '../src/index.js';

// pytest comes from the OS (Debian's python3-pytest in CI); without it the pytest-only task must be a verifier error.
const hasPytest = spawnSync('python3', ['-m', 'pytest', '--version']).status === 0;

let tasks: BenchTask[];
let run: BenchRunResult;
const groups: number[] = [];

const cell = (r: BenchRunResult, task: string, agent: string, condition: string) =>
  r.aggregates.cells.find((c) => c.taskId === task && c.agentId === agent && c.condition === condition);
const trialsOf = (r: BenchRunResult, task: string, agent?: string): TrialRecord[] =>
  r.trials.filter((t) => t.taskId === task && (agent === undefined || t.agentId === agent));

beforeAll(async () => {
  tasks = await loadTasks(miniFixturesDir());
  run = await runBenchmark({
    tasks,
    agents: [miniFixtureAgent(), oracleAgent, nopAgent],
    conditions: ['none', 'curated'],
    trials: 2,
    concurrency: 4,
    seed: 5,
    runId: 'e2e-mini',
    driver: localDriver({ killGraceMs: 300, onProcessGroup: (pgid) => groups.push(pgid) }),
    provenance: { gitSha: null },
  });
}, 120_000);

describe('loading the mini fixture set', () => {
  it('finds the flat tasks with metadata categories', () => {
    expect(tasks.map((t) => t.id)).toEqual([
      'echo-answer', 'flaky-seeded', 'lint-image-skills', 'lint-leak', 'lint-named-skill', 'needs-skill', 'plant-reward',
      'pytest-only', 'reward-json', 'skill-hurts', 'tests-hidden', 'verifier-broken', 'verifier-timeout',
    ]);
    const byId = new Map(tasks.map((t) => [t.id, t]));
    expect(byId.get('needs-skill')?.category).toBe('conventions');
    expect(byId.get('needs-skill')?.skills.map((s) => s.name)).toEqual(['release-naming']);
    expect(byId.get('verifier-timeout')?.toml.verifier.timeoutSec).toBe(1);
    expect(byId.get('pytest-only')?.paths.testSh).toBeUndefined();
    expect(byId.get('pytest-only')?.paths.testPy).toBeDefined();
    expect(tasks.every((t) => /^[0-9a-f]{64}$/.test(t.digest))).toBe(true);
  });

  it('finds the nested legacy layout with the category from the path', async () => {
    const nested = await loadTasks(join(miniFixturesDir(), 'nested'));
    expect(nested.map((t) => [t.id, t.category])).toEqual([['legacy-task', 'text-processing']]);
  });

  it('validateTask reports exactly one diagnostic of each lint code on its task, none elsewhere', async () => {
    const found = new Map<string, string[]>();
    for (const task of tasks) found.set(task.id, (await validateTask(task)).map((d) => d.code));
    expect(found.get('lint-leak')).toEqual(['answer-leak']);
    expect(found.get('lint-image-skills')).toEqual(['skills-in-image']);
    expect(found.get('lint-named-skill')).toEqual(['skill-named-in-instruction']);
    for (const [id, codes] of found) if (!id.startsWith('lint-')) expect(codes, id).toEqual([]);
  });
});

describe('an end-to-end run of oracle, nop and the scripted agent', () => {
  it('oracle scores 1 and nop 0 on echo-answer; scripted with = without = 1', () => {
    expect(cell(run, 'echo-answer', 'oracle', 'none')?.passRate).toBe(1);
    expect(cell(run, 'echo-answer', 'nop', 'none')?.passRate).toBe(0);
    expect(cell(run, 'echo-answer', 'scripted-mini', 'none')?.passRate).toBe(1);
    expect(cell(run, 'echo-answer', 'scripted-mini', 'curated')?.passRate).toBe(1);
  });

  it('needs-skill: with 1.0, without 0.0, and the skill recorded only under curated', () => {
    expect(cell(run, 'needs-skill', 'scripted-mini', 'curated')?.passRate).toBe(1);
    expect(cell(run, 'needs-skill', 'scripted-mini', 'none')?.passRate).toBe(0);
    for (const t of trialsOf(run, 'needs-skill', 'scripted-mini')) {
      expect(t.skillsInvoked).toEqual(t.condition === 'curated' ? ['release-naming'] : []);
    }
  });

  it('skill-hurts is listed among the negative tasks; needs-skill is not', () => {
    expect(cell(run, 'skill-hurts', 'scripted-mini', 'curated')?.passRate).toBe(0);
    expect(cell(run, 'skill-hurts', 'scripted-mini', 'none')?.passRate).toBe(1);
    const delta = run.aggregates.skillDeltas['scripted-mini']?.curated;
    expect(delta?.negativeTasks).toContain('skill-hurts');
    expect(delta?.negativeTasks).not.toContain('needs-skill');
    expect(delta?.negativeTasks).not.toContain('echo-answer');
  });

  it('verifier-timeout ends as timeout, is excluded from the rate, and leaves no process group alive', () => {
    const trials = trialsOf(run, 'verifier-timeout');
    expect(trials.length).toBe(12);
    expect(trials.every((t) => t.outcome === 'timeout' && t.errorKind === 'verifier_timeout' && !t.scoreEligible)).toBe(true);
    expect(cell(run, 'verifier-timeout', 'oracle', 'none')?.n).toBe(0);
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.filter((pgid) => groupAlive(pgid))).toEqual([]);
  });

  it('verifier-broken is a verifier error, retried once, never a failure', () => {
    const trials = trialsOf(run, 'verifier-broken');
    expect(trials.length).toBe(24); // 12 trials × 2 attempts
    expect(trials.every((t) => t.outcome === 'error' && t.errorKind === 'verifier_error')).toBe(true);
    expect(new Set(trials.map((t) => t.attempt))).toEqual(new Set([1, 2]));
    expect(cell(run, 'verifier-broken', 'oracle', 'none')).toMatchObject({ n: 0, errors: 2 });
    expect(run.aggregates.denominators.errors).toBe(hasPytest ? 12 : 24);
  });

  it('reward-json gives reward 0.5: failed at threshold 1.0', () => {
    const trials = trialsOf(run, 'reward-json', 'oracle');
    expect(trials.every((t) => t.reward === 0.5 && t.outcome === 'failed')).toBe(true);
  });

  it.skipIf(hasPytest)('pytest-only without pytest installed is a verifier error, never a failure', () => {
    const trials = trialsOf(run, 'pytest-only', 'oracle');
    expect(trials.every((t) => t.outcome === 'error' && t.errorKind === 'verifier_error' && /No module named pytest/.test(t.errorMessage ?? ''))).toBe(true);
  });

  it.skipIf(!hasPytest)('pytest-only falls back to pytest and parses per-test results from JUnit', () => {
    const trials = trialsOf(run, 'pytest-only', 'oracle');
    expect(trials.every((t) => t.outcome === 'passed' && t.reward === 1)).toBe(true);
    expect(trials[0]?.tests).toMatchObject({ total: 2, passed: 2, failed: 0, skipped: 0 });
    const ctrf = toCtrf(run);
    const test = ctrf.results.tests.find((t) => t.name.startsWith('pytest-only') && t.status === 'passed');
    // The classname prefix depends on pytest's rootdir detection; the test names do not.
    expect(test?.steps?.map((s) => [s.name.replace(/^.*::/, ''), s.status])).toEqual([
      ['test_file_exists', 'passed'],
      ['test_numbers_in_order', 'passed'],
    ]);
    const ajv = new Ajv({ strict: true });
    addFormats.default(ajv);
    const validate = ajv.compile(ctrfSchema);
    expect(validate(ctrf), JSON.stringify(validate.errors)).toBe(true);
    const nop = trialsOf(run, 'pytest-only', 'nop');
    expect(nop.every((t) => t.outcome === 'failed' && t.tests?.failed === 2)).toBe(true);
  });

  it('plant-reward: planted reward files do not survive; reward 0', () => {
    const trials = trialsOf(run, 'plant-reward', 'scripted-mini');
    expect(trials.length).toBe(4);
    expect(trials.every((t) => t.outcome === 'failed' && t.reward === 0)).toBe(true);
  });

  it('tests-hidden: the agent saw an empty tests dir', () => {
    expect(cell(run, 'tests-hidden', 'scripted-mini', 'none')?.passRate).toBe(1);
    expect(cell(run, 'tests-hidden', 'oracle', 'curated')?.passRate).toBe(1);
  });

  it('lint-leak trials are quarantined and left out of the aggregates', () => {
    expect(trialsOf(run, 'lint-leak').every((t) => t.quarantined === true)).toBe(true);
    expect(run.aggregates.cells.some((c) => c.taskId === 'lint-leak')).toBe(false);
    expect(run.aggregates.denominators.quarantined).toBe(12);
  });

  it('denominators add up', () => {
    const d = run.aggregates.denominators;
    expect(d.trials).toBe(13 * 3 * 2 * 2 - d.quarantined);
    expect(d.eligible + d.errors + d.timeouts + d.infra).toBe(d.trials);
  });
});

describe('reward thresholds and seeded flakiness', () => {
  it('reward-json passes at threshold 0.5', async () => {
    const r = await runBenchmark({
      tasks: tasks.filter((t) => t.id === 'reward-json'),
      agents: [oracleAgent],
      conditions: ['none'],
      trials: 1,
      passThreshold: 0.5,
      driver: localDriver(),
      provenance: { gitSha: null },
    });
    expect(r.trials[0]).toMatchObject({ outcome: 'passed', reward: 0.5 });
  });

  it('flaky-seeded: exactly the seeds that pass, and pass@k / pass^k from the closed form', async () => {
    const flaky = tasks.filter((t) => t.id === 'flaky-seeded');
    const agent = miniFixtureAgent();
    const runId = 'flaky-fixed-run';
    const trials = 10;
    const expectedC = planTrials({ runId, tasks: flaky, agents: [agent], conditions: ['none'], trials, seed: 42 }).filter((p) => fixtureSeedPasses(p.seed)).length;
    const r = await runBenchmark({ tasks: flaky, agents: [agent], conditions: ['none'], trials, runId, concurrency: 2, driver: localDriver(), ks: [1, 3, 5, 10], provenance: { gitSha: null } });
    const c = r.aggregates.cells[0];
    expect(c?.c).toBe(expectedC);
    expect(c?.n).toBe(10);
    expect(expectedC).toBeGreaterThan(0);
    expect(expectedC).toBeLessThan(10);
    for (const k of [1, 3, 5, 10]) {
      expect(c?.passAtK[k]).toBeCloseTo(passAtK(10, expectedC, k), 12);
      expect(c?.passHatK[k]).toBeCloseTo(passHatK(10, expectedC, k), 12);
    }
    expect(c?.flaky).toBe(true);
  });
});
