import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatBenchLine, isRegression, type BenchResult } from './bench/harness.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const result = (overrides: Partial<BenchResult>): BenchResult => ({
  case: 'case',
  ours: 2,
  peer: 4,
  peerName: 'peer-lib',
  unit: 'us',
  ratio: 0.5,
  higherIsBetter: false,
  ...overrides,
});

describe('benchmark harness', () => {
  it('prints the one-line format with the peer name and ratio', () => {
    expect(formatBenchLine(result({ case: 'loop', ours: 1.5, peer: 3, ratio: 0.5 }))).toBe(
      'BENCH loop ours=1.500us peer=peer-lib:3.000us ratio=0.500',
    );
    expect(formatBenchLine(result({ unit: 'ops/s', ours: 200, peer: 100, ratio: 2, higherIsBetter: true }))).toBe(
      'BENCH case ours=200.0ops/s peer=peer-lib:100.0ops/s ratio=2.000 higher-is-better',
    );
  });

  it('flags a case only when it is more than 20% worse than its baseline, in its own direction', () => {
    expect(isRegression(result({ ratio: 0.59 }), result({ ratio: 0.5 }))).toBe(false);
    expect(isRegression(result({ ratio: 0.61 }), result({ ratio: 0.5 }))).toBe(true);
    expect(isRegression(result({ ratio: 1.7, higherIsBetter: true }), result({ ratio: 2, higherIsBetter: true }))).toBe(false);
    expect(isRegression(result({ ratio: 1.5, higherIsBetter: true }), result({ ratio: 2, higherIsBetter: true }))).toBe(true);
  });

  it('keeps docs/benchmarks.md in step with the committed baselines', () => {
    const run = spawnSync(process.execPath, [join(root, 'tools', 'bench-table.mjs'), '--check'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
