import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { systemClock, type Clock } from '@agent33/observability';
import { SandboxError } from '../errors/sandbox-error.js';
import { BenchConfigError } from '../errors/bench-config-error.js';
import { readReward } from '../grader/reward.js';
import { readTestResults } from '../grader/test-results.js';
import { verifierKind } from '../grader/verifier-kind.js';
import { listFilesRecursive } from '../task/fs-walk.js';
import type { BenchTask, SkillCondition } from '../task/types.js';
import { copyDir } from './copy-dir.js';
import { runInGroup } from './spawn-group.js';
import type { ExecOptions, ExecResult, SandboxDriver, TrialArtifact, TrialSandbox, VerifierResult, WorkspaceHandle } from './types.js';

/** Host variables a trial may inherit; everything else (API keys, tokens) stays out. */
export const DEFAULT_ENV_ALLOWLIST: readonly string[] = ['PATH', 'LANG', 'LC_ALL', 'TZ'];

/** Options of {@link localDriver}. */
export interface LocalDriverOptions {
  /** Where trial folders are created. Default: the OS temp dir. */
  tmpRoot?: string;
  /** Between SIGTERM and SIGKILL of a timed-out process group. Default 2000 ms. */
  killGraceMs?: number;
  /** Bytes kept from the start and from the end of each output stream. Default 64 KiB. */
  outputCapBytes?: number;
  /** Host variables passed through. Default {@link DEFAULT_ENV_ALLOWLIST}. */
  envAllowlist?: string[];
  /** Timeout for agent commands that name none. Default 600 000 ms. */
  defaultExecTimeoutMs?: number;
  clock?: Clock;
  /** Told every process group a trial starts (used to prove that none survives). */
  onProcessGroup?: (pgid: number) => void;
}

function inside(root: string, path: string): string {
  const full = isAbsolute(path) ? resolve(path) : resolve(root, path);
  const rel = relative(root, full);
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && rel.split(sep)[0] !== '..')) return full;
  throw new SandboxError(`path ${path} escapes the workspace ${root}`);
}

function skillsSource(task: BenchTask, condition: SkillCondition): string | undefined {
  if (condition === 'curated') return task.paths.environmentDir ? join(task.paths.environmentDir, 'skills') : undefined;
  if (typeof condition === 'object') return condition.skillsDir;
  return undefined;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/**
 * The local sandbox: each trial gets a fresh temp folder holding `workspace/` (the task's `environment/` build
 * context minus the Dockerfile, and minus `skills/` unless the condition gives skills), `logs/` and `tests/` (both
 * outside the workspace; tests arrive only at verification). Commands run in their own process group with an
 * environment allowlist, output caps and group kill on timeout.
 *
 * Not a security boundary: the agent runs as the current user on the host. Use {@link dockerDriver} for untrusted
 * agents and for tasks that need container paths.
 */
export function localDriver(opts: LocalDriverOptions = {}): SandboxDriver {
  const killGraceMs = opts.killGraceMs ?? 2000;
  const outputCapBytes = opts.outputCapBytes ?? 64 * 1024;
  const defaultExecTimeoutMs = opts.defaultExecTimeoutMs ?? 600_000;
  const allowlist = opts.envAllowlist ?? [...DEFAULT_ENV_ALLOWLIST];
  const clock = opts.clock ?? systemClock;
  for (const [name, value] of [['killGraceMs', killGraceMs], ['outputCapBytes', outputCapBytes], ['defaultExecTimeoutMs', defaultExecTimeoutMs]] as const) {
    if (!Number.isFinite(value) || value < 0) throw new BenchConfigError(name, 'must be a non-negative number');
  }

  return {
    kind: 'local',
    supports: (task) => !task.requiresContainer,
    async prepare(task, condition, trial) {
      const base = await mkdtemp(join(opts.tmpRoot ?? tmpdir(), `sb-${trial.id.slice(0, 12)}-`));
      const groups = new Set<number>();
      try {
        const workspaceDir = join(base, 'workspace');
        const logsDir = join(base, 'logs');
        const testsDir = join(base, 'tests');
        const tmpDir = join(base, 'tmp');
        await Promise.all([mkdir(workspaceDir), mkdir(logsDir), mkdir(testsDir), mkdir(tmpDir)]);
        const envDir = task.paths.environmentDir;
        if (envDir) {
          const skillsDir = join(envDir, 'skills');
          const dockerfile = join(envDir, 'Dockerfile');
          // Skills are physically absent unless the condition grants them; the Dockerfile is build input only.
          await copyDir(envDir, workspaceDir, (src) => src === dockerfile || src === skillsDir);
        }
        const skillsFrom = skillsSource(task, condition);
        if (skillsFrom && (await exists(skillsFrom))) await copyDir(skillsFrom, join(workspaceDir, 'skills'));

        const baseEnv: Record<string, string> = {};
        for (const name of allowlist) {
          const value = process.env[name];
          if (value !== undefined) baseEnv[name] = value;
        }
        Object.assign(baseEnv, {
          HOME: workspaceDir,
          TMPDIR: tmpDir,
          SB_WORKDIR: workspaceDir,
          SB_LOGS_DIR: logsDir,
          SB_TESTS_DIR: testsDir,
          SB_TRIAL_ID: trial.id,
          SB_SEED: String(trial.seed),
        });
        const track = (pgid: number): void => {
          groups.add(pgid);
          opts.onProcessGroup?.(pgid);
        };
        const run = (argv: string[], options: { cwd: string; env: Record<string, string>; timeoutMs: number; signal?: AbortSignal }): Promise<ExecResult> =>
          runInGroup(argv, { ...options, killGraceMs, outputCapBytes, clock, onSpawn: track });

        let lastVerifier: { stdout: string; stderr: string } | undefined;
        let disposed = false;
        const workspace: WorkspaceHandle = {
          root: workspaceDir,
          async exec(cmd: string, execOpts: ExecOptions = {}) {
            if (typeof cmd !== 'string' || cmd.length === 0) throw new SandboxError('exec needs a non-empty command');
            const cwd = inside(workspaceDir, execOpts.cwd ?? '.');
            const signal = execOpts.signal ?? trial.signal;
            return run(['bash', '-c', cmd], { cwd, env: { ...baseEnv, ...execOpts.env }, timeoutMs: execOpts.timeoutMs ?? defaultExecTimeoutMs, ...(signal ? { signal } : {}) });
          },
          async readFile(path) {
            return new Uint8Array(await readFile(inside(workspaceDir, path)));
          },
          async writeFile(path, data) {
            const full = inside(workspaceDir, path);
            await mkdir(dirname(full), { recursive: true });
            await writeFile(full, data);
          },
          async list(path = '.') {
            const full = inside(workspaceDir, path);
            return (await readdir(full, { withFileTypes: true })).map((e) => (e.isDirectory() ? `${e.name}/` : e.name)).sort();
          },
        };

        const sandbox: TrialSandbox = {
          workspace,
          async runVerifier(t, timeoutMs): Promise<VerifierResult> {
            // Harbor's order: the agent is done; empty the logs (no planted reward survives), then place the tests.
            await rm(logsDir, { recursive: true, force: true });
            await mkdir(logsDir);
            await rm(testsDir, { recursive: true, force: true });
            await mkdir(testsDir);
            if (t.paths.testsDir) await copyDir(t.paths.testsDir, testsDir);
            const env: Record<string, string> = { ...baseEnv, SB_TASK_DIR: t.dir, ...t.toml.verifier.env };
            const usePytest = !t.paths.testSh && t.paths.testPy !== undefined;
            const argv = usePytest
              ? ['python3', '-m', 'pytest', join(testsDir, 'test_outputs.py'), '-rA', '-p', 'no:cacheprovider', '--junitxml', join(logsDir, 'junit.xml')]
              : ['bash', join(testsDir, 'test.sh')];
            if (usePytest) env.PYTEST_DISABLE_PLUGIN_AUTOLOAD = '1';
            const raw = await run(argv, { cwd: workspaceDir, env, timeoutMs });
            // Reports must not depend on where the temp folder happened to be.
            const exit = { ...raw, stdout: raw.stdout.split(base).join('<trial>'), stderr: raw.stderr.split(base).join('<trial>') };
            lastVerifier = { stdout: exit.stdout, stderr: exit.stderr };
            let { reward, rewards } = await readReward(logsDir);
            // Without test.sh the pytest exit status is the reward: 0 → 1, 1 (tests failed) → 0.
            if (usePytest && reward === null && !exit.timedOut && (exit.exitCode === 0 || exit.exitCode === 1) && !/No module named pytest/.test(exit.stderr)) {
              reward = exit.exitCode === 0 ? 1 : 0;
              rewards = { reward };
            }
            const { kind, message } = verifierKind(exit, reward);
            const tests = await readTestResults(logsDir);
            return { reward, rewards, exit, kind, ...(tests ? { tests } : {}), ...(message === undefined ? {} : { errorMessage: message }) };
          },
          async artifacts(): Promise<TrialArtifact[]> {
            const out: TrialArtifact[] = [];
            if (lastVerifier) {
              const outDir = join(base, 'captured');
              await mkdir(outDir, { recursive: true });
              for (const [name, text] of [['verifier-stdout.txt', lastVerifier.stdout], ['verifier-stderr.txt', lastVerifier.stderr]] as const) {
                await writeFile(join(outDir, name), text);
                out.push({ name, kind: name === 'verifier-stdout.txt' ? 'verifier-stdout' : 'verifier-stderr', path: join(outDir, name), contentType: 'text/plain', bytes: Buffer.byteLength(text) });
              }
            }
            if (await exists(logsDir)) {
              for (const rel of await listFilesRecursive(logsDir)) {
                const full = join(logsDir, rel);
                const kind = rel === 'ctrf.json' ? 'ctrf' : rel === 'junit.xml' ? 'junit' : 'verifier-log';
                const contentType = rel.endsWith('.json') ? 'application/json' : rel.endsWith('.xml') ? 'application/xml' : 'text/plain';
                out.push({ name: `logs/${rel}`, kind, path: full, contentType, bytes: (await stat(full)).size });
              }
            }
            return out;
          },
          async dispose() {
            if (disposed) return;
            disposed = true;
            // Every group the trial started dies with it; a group already gone just answers ESRCH.
            for (const pgid of groups) {
              try {
                process.kill(-pgid, 'SIGKILL');
              } catch {
                // Already gone.
              }
            }
            await rm(base, { recursive: true, force: true, maxRetries: 3 });
          },
        };
        return sandbox;
      } catch (error) {
        await rm(base, { recursive: true, force: true });
        throw error instanceof SandboxError ? error : new SandboxError(`could not prepare the trial sandbox: ${(error as Error).message}`, { cause: error });
      }
    },
  };
}
