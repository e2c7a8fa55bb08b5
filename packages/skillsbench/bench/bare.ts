// The peer of the throughput cases: the same verifier work done directly, without the harness.
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs `count` jobs with at most `concurrency` at once; returns each job's wall time in ms. */
export async function pool(count: number, concurrency: number, job: (index: number) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      const start = performance.now();
      await job(index);
      times.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return times;
}

/**
 * One bare trial: a temp dir, the task's environment and tests copied in, `bash tests/test.sh` spawned in its own
 * process group with the same SB_* variables, killed by group at `timeoutMs` (+ `graceMs` before SIGKILL).
 */
export async function bareTrial(taskDir: string, opts: { timeoutMs?: number; graceMs?: number; prepare?: (workspace: string) => Promise<void> } = {}): Promise<void> {
  const base = await mkdtemp(join(tmpdir(), 'sb-bare-'));
  const workspace = join(base, 'workspace');
  const logs = join(base, 'logs');
  const tests = join(base, 'tests');
  await Promise.all([mkdir(workspace), mkdir(logs)]);
  await cp(join(taskDir, 'environment'), workspace, { recursive: true, filter: (src) => !src.endsWith('Dockerfile') && !src.includes('/skills') }).catch(() => undefined);
  await opts.prepare?.(workspace);
  await cp(join(taskDir, 'tests'), tests, { recursive: true });
  await new Promise<void>((resolve) => {
    const child = spawn('bash', [join(tests, 'test.sh')], {
      cwd: workspace,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: workspace, SB_WORKDIR: workspace, SB_LOGS_DIR: logs, SB_TESTS_DIR: tests },
    });
    child.stdout.resume();
    child.stderr.resume();
    const pgid = child.pid as number;
    const kill = (signal: NodeJS.Signals): void => {
      try {
        process.kill(-pgid, signal);
      } catch {
        // gone
      }
    };
    let term: NodeJS.Timeout | undefined;
    let hard: NodeJS.Timeout | undefined;
    if (opts.timeoutMs !== undefined) {
      term = setTimeout(() => {
        kill('SIGTERM');
        hard = setTimeout(() => kill('SIGKILL'), opts.graceMs ?? 2000);
      }, opts.timeoutMs);
    }
    child.on('exit', () => kill('SIGKILL'));
    child.on('close', () => {
      clearTimeout(term);
      clearTimeout(hard);
      resolve();
    });
  });
  await rm(base, { recursive: true, force: true });
}

/** Median of a list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
