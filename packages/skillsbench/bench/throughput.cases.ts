// H1–H3 and H5 of the skillsbench spec: harness overhead against the same verifier work done directly.
// Trial counts: H1 200 per side (40 with --smoke), H2 16 (8), H3 10 (4), H5 50 (12); names stay the same in both
// modes so the baseline comparison holds.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchCase } from '../../../tools/bench/harness.js';
import { loadTask, localDriver, miniFixturesDir, nopAgent, runBenchmark, scriptedAgent, type BenchTask } from '../src/index.js';
import { bareTrial, median, pool } from './bare.js';

const smoke = process.argv.includes('--smoke') || process.env.BENCH_SMOKE === '1';
const tasksDir = join(miniFixturesDir(), 'tasks');
const task = (id: string): Promise<BenchTask> => loadTask(join(tasksDir, id));

async function harnessRun(t: BenchTask, trialsPerCondition: number, concurrency: number, agent = nopAgent, conditions: Array<'none' | 'curated'> = ['none', 'curated']): Promise<{ trialsPerSec: number; perTrialMs: number[] }> {
  const start = performance.now();
  const run = await runBenchmark({ tasks: [t], agents: [agent], conditions, trials: trialsPerCondition, concurrency, driver: localDriver({ killGraceMs: 200 }), maxRetries: 0, quarantineLeaks: false, provenance: { gitSha: null } });
  const seconds = (performance.now() - start) / 1000;
  return { trialsPerSec: run.trials.length / seconds, perTrialMs: run.trials.map((r) => r.finishedAt - r.startedAt) };
}

async function bareRun(dir: string, trials: number, concurrency: number, opts: Parameters<typeof bareTrial>[1] = {}): Promise<{ trialsPerSec: number; perTrialMs: number[] }> {
  const start = performance.now();
  const times = await pool(trials, concurrency, () => bareTrial(dir, opts));
  return { trialsPerSec: trials / ((performance.now() - start) / 1000), perTrialMs: times };
}

const H1_TRIALS = smoke ? 40 : 200;
// The trials of each side are split into rounds run alternately (ours, peer, peer, ours, …) so load from other
// processes on a shared machine hits both sides alike; the case reports the median round.
const ROUNDS = 4;

async function alternate(rounds: number, ours: () => Promise<number>, peer: () => Promise<number>): Promise<{ ours: number; peer: number }> {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    if (i % 2 === 0) {
      a.push(await ours());
      b.push(await peer());
    } else {
      b.push(await peer());
      a.push(await ours());
    }
  }
  return { ours: median(a), peer: median(b) };
}

const h1: BenchCase[] = [1, 2, 4].map((concurrency) => ({
  name: `H1 bash grader trials/s c=${concurrency}`,
  peerName: 'bare-spawn-loop',
  unit: 'trials/s',
  higherIsBetter: true,
  async measure() {
    const t = await task('echo-answer');
    // Warm both paths once so neither pays first-spawn costs in the measurement.
    await harnessRun(t, 2, concurrency);
    await bareRun(t.dir, 4, concurrency);
    const perRound = H1_TRIALS / ROUNDS;
    return alternate(
      ROUNDS,
      async () => (await harnessRun(t, perRound / 2, concurrency)).trialsPerSec,
      async () => (await bareRun(t.dir, perRound, concurrency)).trialsPerSec,
    );
  },
}));

const h1Overhead: BenchCase = {
  name: 'H1 per-trial time p50 c=1',
  peerName: 'bare-spawn-loop',
  unit: 'ms',
  async measure() {
    const t = await task('echo-answer');
    const perRound = H1_TRIALS / ROUNDS;
    return alternate(
      ROUNDS,
      async () => median((await harnessRun(t, perRound / 2, 1)).perTrialMs),
      async () => median((await bareRun(t.dir, perRound, 1)).perTrialMs),
    );
  },
};

const H2_TRIALS = smoke ? 8 : 16;
const h2: BenchCase = {
  name: 'H2 agent sleeping 200 ms, c=4 vs c=1 trials/s',
  peerName: 'harness-c1',
  unit: 'trials/s',
  higherIsBetter: true,
  async measure() {
    const t = await task('echo-answer');
    const sleeper = scriptedAgent(() => new Promise<void>((resolve) => setTimeout(resolve, 200)), 'sleeper');
    const four = await harnessRun(t, H2_TRIALS, 4, sleeper, ['none']);
    const one = await harnessRun(t, H2_TRIALS, 1, sleeper, ['none']);
    return { ours: four.trialsPerSec, peer: one.trialsPerSec };
  },
};

const H3_TRIALS = smoke ? 4 : 10;
const h3: BenchCase = {
  name: 'H3 pytest grader trials/s c=2, plugin autoload off vs on',
  peerName: 'pytest-autoload-on',
  unit: 'trials/s',
  higherIsBetter: true,
  async measure() {
    const fallback = await task('pytest-only');
    // The same checks through a test.sh that runs pytest with plugin autoload left on.
    const { cp, mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const root = await mkdtemp(join(tmpdir(), 'sb-bench-pytest-'));
    const dir = join(root, 'pytest-autoload');
    await cp(fallback.dir, dir, { recursive: true });
    await writeFile(join(dir, 'tests', 'test.sh'), '#!/bin/bash\nif python3 -m pytest "$SB_TESTS_DIR/test_outputs.py" -rA -p no:cacheprovider; then echo 1 > "$SB_LOGS_DIR/reward.txt"; else echo 0 > "$SB_LOGS_DIR/reward.txt"; fi\n');
    const autoload = await loadTask(dir);
    const off = await harnessRun(fallback, H3_TRIALS, 2, nopAgent, ['none']);
    const on = await harnessRun(autoload, H3_TRIALS, 2, nopAgent, ['none']);
    return { ours: off.trialsPerSec, peer: on.trialsPerSec };
  },
};

const H5_TRIALS = smoke ? 12 : 50;
const h5: BenchCase = {
  name: 'H5 timeout storm wall time, hanging verifiers (timeout 1 s, c=10)',
  peerName: 'bare-kill-loop',
  unit: 'ms',
  async measure() {
    const t = await task('verifier-timeout');
    const start = performance.now();
    const run = await runBenchmark({ tasks: [t], agents: [nopAgent], conditions: ['none'], trials: H5_TRIALS, concurrency: 10, driver: localDriver({ killGraceMs: 200 }), maxRetries: 0, provenance: { gitSha: null } });
    const ours = performance.now() - start;
    if (run.trials.some((r) => r.outcome !== 'timeout')) throw new Error('storm: every trial should time out');
    const peerStart = performance.now();
    await pool(H5_TRIALS, 10, () => bareTrial(t.dir, { timeoutMs: 1000, graceMs: 200 }));
    return { ours, peer: performance.now() - peerStart };
  },
};

export const cases: BenchCase[] = [...h1, h1Overhead, h2, h3, h5];
