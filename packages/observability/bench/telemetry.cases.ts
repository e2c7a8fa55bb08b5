// B1-B5: telemetry recording cost against bare calls, raw OpenTelemetry calls and prom-client. Each pair runs in a
// child process of its own (bench/telemetry-pair.ts); rounds are interleaved inside it.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchCase } from '../../../tools/bench/harness.js';

const smoke = process.argv.includes('--smoke') || process.env.BENCH_SMOKE === '1';
const pairScript = join(dirname(fileURLToPath(import.meta.url)), 'telemetry-pair.ts');

interface PairResult {
  ours: { median: number; min: number; max: number };
  peer: { median: number; min: number; max: number };
}

function runPair(name: string, iterations: number): { ours: number; peer: number } {
  const count = smoke ? Math.max(1000, Math.floor(iterations / 20)) : iterations;
  const child = spawnSync(process.execPath, [...process.execArgv, pairScript, name, String(count), smoke ? '3' : '7', smoke ? '1' : '3'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const line = child.stdout.split('\n').find((candidate) => candidate.startsWith('PAIR '));
  if (child.status !== 0 || !line) throw new Error(`pair ${name} failed: ${child.stderr}`);
  const result = JSON.parse(line.slice(5)) as PairResult;
  console.log(`  ${name}: ours min/median/max ${result.ours.min.toFixed(1)}/${result.ours.median.toFixed(1)}/${result.ours.max.toFixed(1)} ns, peer ${result.peer.min.toFixed(1)}/${result.peer.median.toFixed(1)}/${result.peer.max.toFixed(1)} ns`);
  return { ours: result.ours.median, peer: result.peer.median };
}

const pair = (name: string, peerName: string, iterations: number): BenchCase => ({ name, peerName, unit: 'ns', measure: () => runPair(name, iterations) });

export const cases: BenchCase[] = [
  pair('B1-disabled', 'bare-call', 2_000_000),
  pair('B2-api-noop-vs-bare', 'bare-call', 2_000_000),
  pair('B2-api-noop', 'raw-otel-api-noop', 2_000_000),
  pair('B3-sdk-metrics', 'raw-otel-sdk-3-instruments', 200_000),
  pair('B3-sdk-metrics-vs-prom', 'prom-client-15', 200_000),
  pair('B4-sdk-span', 'raw-otel-sdk-plus-setAttributes', 200_000),
  pair('B5-sdk-aggregator', 'B3-ours-without-aggregator', 200_000),
];
