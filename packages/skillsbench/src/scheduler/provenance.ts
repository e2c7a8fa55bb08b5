import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { BenchTask } from '../task/types.js';
import { HARNESS_VERSION } from '../version.js';
import type { Provenance } from './types.js';

function gitSha(): Promise<string | null> {
  const fromEnv = process.env.GITHUB_SHA ?? process.env.GIT_COMMIT;
  if (fromEnv) return Promise.resolve(fromEnv);
  return new Promise((resolve) => {
    execFile('git', ['rev-parse', 'HEAD'], { timeout: 5000 }, (error, stdout) => resolve(error ? null : stdout.trim() || null));
  });
}

/** sha256 over the sorted task digests: names the exact task set a run used. */
export function datasetDigest(tasks: readonly BenchTask[]): string {
  return createHash('sha256').update(tasks.map((t) => `${t.id}:${t.digest}`).sort().join('\n')).digest('hex');
}

/** Provenance of a run (harness version, Node, platform, git sha, dataset digest), with overrides applied. */
export async function collectProvenance(tasks: readonly BenchTask[], overrides: Partial<Provenance> = {}): Promise<Provenance> {
  return {
    harness: '@agent33/skillsbench',
    harnessVersion: HARNESS_VERSION,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    gitSha: 'gitSha' in overrides ? (overrides.gitSha ?? null) : await gitSha(),
    datasetDigest: datasetDigest(tasks),
    ...overrides,
  };
}
