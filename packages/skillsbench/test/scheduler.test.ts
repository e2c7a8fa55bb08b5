import { mkdtemp, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@agent33/observability';
import { describe, expect, it } from 'vitest';
import {
  BenchConfigError,
  fileStore,
  groupAlive,
  localDriver,
  memoryStore,
  miniFixtureAgent,
  nopAgent,
  oracleAgent,
  runBenchmark,
  scriptedAgent,
  SandboxError,
  startRun,
  type AgentUnderTest,
  type RunConfig,
  type SandboxDriver,
} from '../src/index.js';
import { miniTask, variantTask } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('bounded concurrency', () => {
  it('peak in-flight equals concurrency and never exceeds it', async () => {
    const tasks = [await miniTask('echo-answer'), await miniTask('needs-skill')];
    let inFlight = 0;
    let peak = 0;
    const agent = scriptedAgent(async (ctx) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await sleep(150);
      await ctx.workspace.writeFile('answer.txt', 'hello\n');
      inFlight -= 1;
    }, 'sleepy');
    const run = await runBenchmark({ tasks, agents: [agent], conditions: ['none', 'curated'], trials: 4, concurrency: 3, driver: localDriver() });
    expect(run.trials.length).toBe(16);
    expect(peak).toBe(3);
  });

  it('perTaskConcurrency = 1 keeps each task to one trial at a time', async () => {
    const tasks = [await miniTask('echo-answer'), await miniTask('needs-skill'), await miniTask('skill-hurts')];
    const inFlight = new Map<string, number>();
    const peaks = new Map<string, number>();
    let globalPeak = 0;
    let global = 0;
    const agent = scriptedAgent(async (ctx) => {
      const now = (inFlight.get(ctx.taskId) ?? 0) + 1;
      inFlight.set(ctx.taskId, now);
      peaks.set(ctx.taskId, Math.max(peaks.get(ctx.taskId) ?? 0, now));
      global += 1;
      globalPeak = Math.max(globalPeak, global);
      await sleep(100);
      global -= 1;
      inFlight.set(ctx.taskId, (inFlight.get(ctx.taskId) ?? 1) - 1);
    }, 'per-task');
    await runBenchmark({ tasks, agents: [agent], conditions: ['none'], trials: 4, concurrency: 4, perTaskConcurrency: 1, driver: localDriver() });
    expect([...peaks.values()]).toEqual([1, 1, 1]);
    expect(globalPeak).toBe(3);
  });
});

describe('timeout storm', () => {
  it('50 hanging verifiers all end as timeout; every group is killed (TERM ignored → KILL) before the run resolves', async () => {
    // The verifier ignores SIGTERM (inherited by its children), prints far more than the cap, then hangs.
    const task = await variantTask('verifier-timeout', 'storm', {
      'tests/test.sh': "#!/bin/bash\ntrap '' TERM\nhead -c 300000 /dev/zero | tr '\\0' x\nsleep 120 &\nsleep 120\n",
    });
    const clock = new ManualClock(0);
    const groups: number[] = [];
    const artifactsDir = await mkdtemp(join(tmpdir(), 'sb-storm-art-'));
    const handle = startRun({
      tasks: [task],
      agents: [nopAgent],
      conditions: ['none'],
      trials: 50,
      concurrency: 4,
      clock,
      artifactsDir,
      runId: 'storm',
      driver: localDriver({ clock, killGraceMs: 2000, outputCapBytes: 4096, onProcessGroup: (pgid) => groups.push(pgid) }),
    });
    let settled = false;
    void handle.result.finally(() => {
      settled = true;
    });
    const ticker = setInterval(() => clock.advance(250), 5);
    let result;
    try {
      result = await handle.result;
    } finally {
      clearInterval(ticker);
    }
    expect(settled).toBe(true);
    expect(result.trials.length).toBe(50);
    expect(result.trials.every((t) => t.outcome === 'timeout' && t.errorKind === 'verifier_timeout')).toBe(true);
    expect(result.aggregates.denominators).toMatchObject({ trials: 50, eligible: 0, timeouts: 50 });
    expect(groups.length).toBe(50);
    expect(groups.filter(groupAlive)).toEqual([]);
    // Output kept per stream is bounded by head + tail caps, whatever the verifier printed.
    const dirs = await readdir(join(artifactsDir, 'storm', 'storm'));
    expect(dirs.length).toBe(50);
    for (const dir of dirs) {
      const size = (await stat(join(artifactsDir, 'storm', 'storm', dir, 'verifier-stdout.txt'))).size;
      expect(size).toBeLessThanOrEqual(2 * 4096 + 64);
    }
  }, 120_000);
});

describe('resume', () => {
  it('a killed run resumes with only the missing trial ids, and ends with the same aggregates', async () => {
    const tasks = [await miniTask('echo-answer'), await miniTask('needs-skill'), await miniTask('skill-hurts'), await miniTask('flaky-seeded')];
    const calls: string[] = [];
    const agent: AgentUnderTest = {
      id: 'counting',
      run: async (ctx) => {
        calls.push(ctx.trialId);
        return miniFixtureAgent().run(ctx);
      },
    };
    const base: Omit<RunConfig, 'store'> = { tasks, agents: [agent], conditions: ['none', 'curated'], trials: 3, concurrency: 2, runId: 'resumable', driver: localDriver() };
    const full = await runBenchmark({ ...base, store: fileStore({ dir: await mkdtemp(join(tmpdir(), 'sb-full-')) }) });
    expect(full.trials.length).toBe(24);

    calls.length = 0;
    const dir = await mkdtemp(join(tmpdir(), 'sb-resume-'));
    const first = startRun({ ...base, store: fileStore({ dir }) });
    let ended = 0;
    for await (const event of first.events) {
      if (event.type === 'trial-end' && ++ended === 9) first.cancel('killed');
    }
    const partial = await first.result;
    expect(partial.status).toBe('cancelled');
    const recorded = new Set(partial.trials.map((t) => t.trialId));
    expect(recorded.size).toBeGreaterThanOrEqual(9);
    expect(recorded.size).toBeLessThan(24);

    calls.length = 0;
    const resumed = await runBenchmark({ ...base, store: fileStore({ dir }), resume: true });
    expect(new Set(calls).size).toBe(calls.length);
    expect(calls.length).toBe(24 - recorded.size);
    expect(calls.some((id) => recorded.has(id))).toBe(false);
    expect(resumed.status).toBe('completed');
    expect(resumed.trials.length).toBe(24);
    expect(resumed.aggregates).toEqual(full.aggregates);
  });
});

describe('retries, infra and budget', () => {
  it('verifier errors are retried maxRetries times; agent failures never', async () => {
    const broken = await miniTask('verifier-broken');
    const echo = await miniTask('echo-answer');
    const run = await runBenchmark({ tasks: [broken, echo], agents: [nopAgent], conditions: ['none'], trials: 1, maxRetries: 2, driver: localDriver() });
    expect(run.trials.filter((t) => t.taskId === 'verifier-broken').map((t) => t.attempt)).toEqual([1, 2, 3]);
    expect(run.trials.filter((t) => t.taskId === 'echo-answer').map((t) => [t.attempt, t.outcome])).toEqual([[1, 'failed']]);
    const crash = scriptedAgent(() => {
      throw new Error('agent crashed');
    }, 'crasher');
    const crashed = await runBenchmark({ tasks: [echo], agents: [crash], conditions: ['none'], trials: 1, driver: localDriver() });
    expect(crashed.trials).toHaveLength(1);
    expect(crashed.trials[0]).toMatchObject({ outcome: 'error', errorKind: 'agent_error', errorMessage: 'agent crashed', attempt: 1 });
  });

  it('a sandbox that cannot be prepared gives infra trials, retried, never failures', async () => {
    let prepared = 0;
    const failing: SandboxDriver = {
      kind: 'broken',
      supports: () => true,
      prepare: () => {
        prepared += 1;
        return Promise.reject(new SandboxError('disk full'));
      },
    };
    const run = await runBenchmark({ tasks: [await miniTask('echo-answer')], agents: [oracleAgent], conditions: ['none'], trials: 2, driver: failing });
    expect(prepared).toBe(4);
    expect(run.trials.every((t) => t.outcome === 'infra' && t.errorMessage === 'disk full')).toBe(true);
    expect(run.aggregates.denominators).toMatchObject({ trials: 2, eligible: 0, infra: 2 });
  });

  it('an agent past its deadline is stopped and recorded as timeout', async () => {
    const task = await variantTask('echo-answer', 'slow-agent', { 'task.toml': '[metadata]\ncategory = "basics"\n[agent]\ntimeout_sec = 1\n' });
    const clock = new ManualClock(0);
    const hanging = scriptedAgent(async (ctx) => {
      await ctx.workspace.exec('sleep 60', { signal: ctx.signal });
    }, 'hanging');
    const handle = startRun({ tasks: [task], agents: [hanging], conditions: ['none'], trials: 1, clock, driver: localDriver({ clock }) });
    const ticker = setInterval(() => clock.advance(500), 5);
    const run = await handle.result.finally(() => clearInterval(ticker));
    expect(run.trials[0]).toMatchObject({ outcome: 'timeout', errorKind: 'agent_timeout', scoreEligible: false });
  });

  it('a token budget stops launching trials', async () => {
    const spender = scriptedAgent(() => ({ usage: { inputTokens: 60, outputTokens: 40 } }), 'spender');
    const run = await runBenchmark({ tasks: [await miniTask('echo-answer')], agents: [spender], conditions: ['none'], trials: 10, concurrency: 1, budget: { maxTokens: 250 }, driver: localDriver() });
    expect(run.trials.length).toBe(3);
    expect(run.status).toBe('cancelled');
    expect(run.stopReason).toMatch(/300 tokens reached 250/);
  });

  it('requiresContainer tasks are skipped by the local driver, not failed', async () => {
    const task = await variantTask('echo-answer', 'container-only', { 'tests/test.sh': '#!/bin/bash\ncat /root/answer.txt && echo 1 > /logs/verifier/reward.txt\n' });
    expect(task.requiresContainer).toBe(true);
    const run = await runBenchmark({ tasks: [task], agents: [oracleAgent], conditions: ['none'], trials: 2, driver: localDriver() });
    expect(run.trials.map((t) => t.outcome)).toEqual(['skipped', 'skipped']);
    expect(run.aggregates.denominators).toMatchObject({ trials: 0, skipped: 2 });
  });

  it('events: planned, trial-start / trial-end pairs, done', async () => {
    const handle = startRun({ tasks: [await miniTask('echo-answer')], agents: [oracleAgent], conditions: ['none', 'curated'], trials: 2, driver: localDriver(), store: memoryStore() });
    const types: string[] = [];
    for await (const e of handle.events) types.push(e.type);
    expect(types[0]).toBe('planned');
    expect(types.at(-1)).toBe('done');
    expect(types.filter((t) => t === 'trial-start').length).toBe(4);
    expect(types.filter((t) => t === 'trial-end').length).toBe(4);
    expect((await handle.result).status).toBe('completed');
  });
});

describe('config validation', () => {
  it('rejects out-of-range options with BenchConfigError naming the option', async () => {
    const tasks = [await miniTask('echo-answer')];
    const ok: RunConfig = { tasks, agents: [nopAgent], conditions: ['none'], trials: 1, driver: localDriver() };
    const bad: Array<[Partial<RunConfig>, string]> = [
      [{ trials: 0 }, 'trials'],
      [{ trials: 101 }, 'trials'],
      [{ concurrency: 0 }, 'concurrency'],
      [{ tasks: [] }, 'tasks'],
      [{ agents: [nopAgent, nopAgent] }, 'agents'],
      [{ conditions: ['none', 'none'] }, 'conditions'],
      [{ errorPolicy: 'maybe' as 'fail' }, 'errorPolicy'],
      [{ runId: '../escape' }, 'runId'],
      [{ resume: true }, 'resume'],
      [{ timeoutMultiplier: 0 }, 'timeoutMultiplier'],
    ];
    for (const [patch, option] of bad) {
      let caught: unknown;
      try {
        startRun({ ...ok, ...patch });
      } catch (error) {
        caught = error;
      }
      expect(caught, option).toBeInstanceOf(BenchConfigError);
      expect((caught as BenchConfigError).option).toBe(option);
      expect((caught as BenchConfigError).code).toBe('BENCH_BAD_CONFIG');
    }
  });
});

describe('agents and cancellation', () => {
  it('commandAgent runs an external command in the workspace with the instruction in SB_INSTRUCTION', async () => {
    const { commandAgent } = await import('../src/index.js');
    const agent = commandAgent({ id: 'cmd', argv: () => ['bash', '-c', 'test -n "$SB_INSTRUCTION" && echo hello > answer.txt'] });
    const failing = commandAgent({ id: 'cmd-fail', argv: () => ['bash', '-c', 'exit 3'] });
    const run = await runBenchmark({ tasks: [await miniTask('echo-answer')], agents: [agent, failing], conditions: ['none'], trials: 1, driver: localDriver() });
    expect(run.trials.map((t) => [t.agentId, t.outcome, t.errorKind ?? null])).toEqual([['cmd', 'passed', null], ['cmd-fail', 'error', 'agent_error']]);
    expect(() => commandAgent({ id: '', argv: () => [] })).toThrow(BenchConfigError);
  });

  it('an outer AbortSignal cancels the run; unfinished trials are not recorded', async () => {
    const controller = new AbortController();
    const agent = scriptedAgent(async (ctx) => {
      if (ctx.trialIndex === 0) controller.abort(new Error('stop'));
      await ctx.workspace.writeFile('answer.txt', 'hello\n');
    }, 'aborter');
    const run = await runBenchmark({ tasks: [await miniTask('echo-answer')], agents: [agent], conditions: ['none'], trials: 5, concurrency: 1, signal: controller.signal, driver: localDriver() });
    expect(run.status).toBe('cancelled');
    expect(run.stopReason).toBe('aborted');
    expect(run.trials).toHaveLength(0);
  });

  it('Semaphore counts its peak and hands slots over in order', async () => {
    const { Semaphore } = await import('../src/index.js');
    const s = new Semaphore(2);
    const a = await s.acquire();
    const b = await s.acquire();
    const order: string[] = [];
    const c = s.acquire().then((release) => {
      order.push('c');
      return release;
    });
    expect(s.inFlight).toBe(2);
    a();
    a();
    const releaseC = await c;
    expect(order).toEqual(['c']);
    expect(s.peak).toBe(2);
    b();
    releaseC();
    expect(s.inFlight).toBe(0);
    expect(() => new Semaphore(0)).toThrow(BenchConfigError);
  });
});
