/**
 * The shared benchmark harness: every package's `bench/run.ts` describes its cases and calls {@link runBench}.
 *
 * Each timed case runs ours and the named peer in the same process, interleaved round by round (ours, peer, peer,
 * ours, …) so that drift in machine load hits both sides alike. It prints one line per case:
 *
 *   BENCH <case> ours=<median><unit> peer=<peer-name>:<median><unit> ratio=<ours/peer>
 *
 * (with `higher-is-better` for throughputs and quality scores), writes the same data to
 * `<project>/bench/results/<timestamp>.json`, and compares each case with `<project>/bench/baseline.json`,
 * flagging a case more than 20% worse than the baseline.
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

/** A case timed by the harness: `ours` and `peer.run` are called `batch` times per sample. */
export interface TimedCase {
  name: string;
  ours: () => unknown | Promise<unknown>;
  peer: { name: string; run: () => unknown | Promise<unknown> };
  /** Calls per timed sample; raise it for sub-microsecond work. Default 1. */
  batch?: number;
  /** Unit the medians are printed in. Default `us`. */
  unit?: 'ns' | 'us' | 'ms';
  /** Set up before the case's first sample; torn down after its last. */
  setup?: () => void | Promise<void>;
  teardown?: () => void | Promise<void>;
}

/** A case whose figures the package measures itself (quality scores, error rates, throughputs). */
export interface MeasuredCase {
  name: string;
  measure: () => Promise<{ ours: number; peer: number }> | { ours: number; peer: number };
  peerName: string;
  unit: string;
  higherIsBetter?: boolean;
}

export type BenchCase = TimedCase | MeasuredCase;

/** One printed result, as stored in the results JSON and the baseline. */
export interface BenchResult {
  case: string;
  ours: number;
  peer: number;
  peerName: string;
  unit: string;
  ratio: number;
  higherIsBetter: boolean;
  samples?: number;
}

export interface RunBenchOptions {
  /** Absolute path of the project folder (holds `bench/`). */
  projectDir: string;
  /** Package name, recorded in the results. */
  project: string;
  /** Samples per side for timed cases. Default 30, or 8 with `--smoke` / `BENCH_SMOKE=1`. */
  samples?: number;
  /** Warm-up calls per side before sampling. Default 3 samples' worth. */
  warmupSamples?: number;
}

const UNIT_DIVISOR: Record<'ns' | 'us' | 'ms', number> = { ns: 1, us: 1e3, ms: 1e6 };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
}

async function sampleOnce(fn: () => unknown | Promise<unknown>, batch: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let index = 0; index < batch; index += 1) {
    const value = fn();
    if (value instanceof Promise) await value;
  }
  return Number(process.hrtime.bigint() - start) / batch;
}

async function runTimed(benchCase: TimedCase, samples: number, warmupSamples: number): Promise<BenchResult> {
  const batch = benchCase.batch ?? 1;
  const unit = benchCase.unit ?? 'us';
  await benchCase.setup?.();
  try {
    for (let index = 0; index < warmupSamples; index += 1) {
      await sampleOnce(benchCase.ours, batch);
      await sampleOnce(benchCase.peer.run, batch);
    }
    const ours: number[] = [];
    const peer: number[] = [];
    for (let index = 0; index < samples; index += 1) {
      // Alternate which side goes first so neither always runs on a warmer cache.
      if (index % 2 === 0) {
        ours.push(await sampleOnce(benchCase.ours, batch));
        peer.push(await sampleOnce(benchCase.peer.run, batch));
      } else {
        peer.push(await sampleOnce(benchCase.peer.run, batch));
        ours.push(await sampleOnce(benchCase.ours, batch));
      }
    }
    const oursMedian = median(ours) / UNIT_DIVISOR[unit];
    const peerMedian = median(peer) / UNIT_DIVISOR[unit];
    return {
      case: benchCase.name,
      ours: oursMedian,
      peer: peerMedian,
      peerName: benchCase.peer.name,
      unit,
      ratio: peerMedian === 0 ? Number.POSITIVE_INFINITY : oursMedian / peerMedian,
      higherIsBetter: false,
      samples,
    };
  } finally {
    await benchCase.teardown?.();
  }
}

async function runMeasured(benchCase: MeasuredCase): Promise<BenchResult> {
  const { ours, peer } = await benchCase.measure();
  return {
    case: benchCase.name,
    ours,
    peer,
    peerName: benchCase.peerName,
    unit: benchCase.unit,
    ratio: peer === 0 ? (ours === 0 ? 1 : Number.POSITIVE_INFINITY) : ours / peer,
    higherIsBetter: benchCase.higherIsBetter ?? false,
  };
}

function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  return magnitude >= 100 ? value.toFixed(1) : magnitude >= 1 ? value.toFixed(3) : value.toPrecision(3);
}

/** The line every case prints. */
export function formatBenchLine(result: BenchResult): string {
  const suffix = result.higherIsBetter ? ' higher-is-better' : '';
  return `BENCH ${result.case} ours=${format(result.ours)}${result.unit} peer=${result.peerName}:${format(result.peer)}${result.unit} ratio=${format(result.ratio)}${suffix}`;
}

/** True when `current` is more than 20% worse than `baseline` in the case's own direction. */
export function isRegression(current: BenchResult, baseline: BenchResult, tolerance = 0.2): boolean {
  return current.higherIsBetter ? current.ratio < baseline.ratio * (1 - tolerance) : current.ratio > baseline.ratio * (1 + tolerance);
}

function gitCommit(cwd: string): string | null {
  try {
    return execSync('git rev-parse --short HEAD', { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return null;
  }
}

/** Runs every case in order, prints the BENCH lines and the baseline comparison, and writes the results file. */
export async function runBench(options: RunBenchOptions, cases: readonly BenchCase[]): Promise<BenchResult[]> {
  const smoke = process.argv.includes('--smoke') || process.env.BENCH_SMOKE === '1';
  const samples = options.samples ?? (smoke ? 8 : 30);
  const warmupSamples = options.warmupSamples ?? 3;
  const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  const results: BenchResult[] = [];
  for (const benchCase of cases) {
    if (only && !benchCase.name.includes(only)) continue;
    const result = 'measure' in benchCase ? await runMeasured(benchCase) : await runTimed(benchCase, samples, warmupSamples);
    results.push(result);
    console.log(formatBenchLine(result));
  }

  const benchDir = join(options.projectDir, 'bench');
  const baselinePath = join(benchDir, 'baseline.json');
  if (existsSync(baselinePath)) {
    const baseline = JSON.parse(readFileSync(baselinePath, 'utf8')) as { results: BenchResult[] };
    for (const result of results) {
      const reference = baseline.results.find((entry) => entry.case === result.case);
      if (!reference) console.log(`BASELINE ${result.case} new case (no baseline)`);
      else if (isRegression(result, reference)) {
        console.log(`BASELINE ${result.case} REGRESSION ratio=${format(result.ratio)} baseline=${format(reference.ratio)} (more than 20% worse)`);
      } else console.log(`BASELINE ${result.case} ok ratio=${format(result.ratio)} baseline=${format(reference.ratio)}`);
    }
  } else {
    console.log(`BASELINE none at ${baselinePath}`);
  }

  const record = {
    project: options.project,
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    commit: gitCommit(options.projectDir),
    smoke,
    date: new Date().toISOString(),
    results,
  };
  const resultsDir = join(benchDir, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${record.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
  writeFileSync(join(resultsDir, 'latest.json'), JSON.stringify(record, null, 2) + '\n');
  console.log(`BENCH results written to ${file}`);
  if (process.argv.includes('--write-baseline')) {
    writeFileSync(baselinePath, JSON.stringify({ ...record, results }, null, 2) + '\n');
    console.log(`BENCH baseline written to ${baselinePath}`);
  }
  return results;
}

/**
 * Runs every `*.cases.ts` module in `<projectDir>/bench` (each exports `cases: BenchCase[]`), in file-name order.
 * A package's `bench/run.ts` is then one call, and each benchmark family lives in a file of its own.
 */
export async function runBenchFolder(options: RunBenchOptions): Promise<BenchResult[]> {
  const { readdirSync } = await import('node:fs');
  const { pathToFileURL } = await import('node:url');
  const benchDir = join(options.projectDir, 'bench');
  const files = readdirSync(benchDir).filter((file) => file.endsWith('.cases.ts')).sort();
  const cases: BenchCase[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(benchDir, file)).href)) as { cases: BenchCase[] };
    cases.push(...module.cases);
  }
  return runBench(options, cases);
}
