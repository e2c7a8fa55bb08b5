import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { systemClock, type Clock } from '@agent33/observability';
import { SandboxError } from '../errors/sandbox-error.js';
import { readReward } from '../grader/reward.js';
import { readTestResults } from '../grader/test-results.js';
import { verifierKind } from '../grader/verifier-kind.js';
import { conditionKey, type BenchTask, type SkillCondition } from '../task/types.js';
import { runInGroup } from './spawn-group.js';
import type { ExecResult, SandboxDriver, TrialSandbox, WorkspaceHandle } from './types.js';

/** Options of {@link dockerDriver}. */
export interface DockerDriverOptions {
  /** The docker CLI. Default `docker`. */
  docker?: string;
  /** Network of the agent container; the verifier always runs with networking disabled. Default `none`. */
  network?: 'none' | 'bridge';
  /** Keep built images after the run. Default true (images are tagged by task digest and condition). */
  keepImages?: boolean;
  /** Working directory of the agent inside the container. Default `/root`. */
  workdir?: string;
  killGraceMs?: number;
  outputCapBytes?: number;
  clock?: Clock;
}

function cli(docker: string, args: string[], timeoutMs = 600_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(docker, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? ((error as unknown as { code: number }).code) : 127) : 0;
      resolve({ code, stdout: String(stdout), stderr: error && !stderr ? error.message : String(stderr) });
    });
  });
}

/** Null when the daemon answers `docker info`; otherwise why not. */
export async function dockerUnavailableReason(docker = 'docker'): Promise<string | null> {
  const info = await cli(docker, ['info', '--format', '{{.ServerVersion}}'], 15_000);
  if (info.code === 0 && info.stdout.trim().length > 0) return null;
  return `Docker daemon not available (\`${docker} info\` failed: ${(info.stderr || info.stdout).trim().split('\n').pop() ?? 'no output'})`;
}

/** Removes skill copies from a Dockerfile, for building the no-skills image. */
export function stripSkillCopies(dockerfile: string): string {
  return dockerfile
    .split('\n')
    .filter((line) => !/^\s*(COPY|ADD)\b[^\n]*\bskills\b/i.test(line))
    .join('\n');
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs real SkillsBench tasks in Docker through the `docker` CLI: builds `environment/Dockerfile` tagged by task
 * digest and condition (for `none`, from a context with `skills/` and its COPY lines removed), starts one container
 * per trial with the task's cpu / memory limits, runs agent commands with `docker exec`, then copies `tests/` to
 * `/tests`, empties `/logs/verifier`, cuts the network and runs `bash /tests/test.sh`. `prepare` fails with a
 * clear {@link SandboxError} (recorded as `infra`) when no Docker daemon answers.
 */
export function dockerDriver(opts: DockerDriverOptions = {}): SandboxDriver {
  const docker = opts.docker ?? 'docker';
  const clock = opts.clock ?? systemClock;
  const workdir = opts.workdir ?? '/root';
  let available: Promise<string | null> | undefined;
  const grace = opts.killGraceMs ?? 2000;
  const cap = opts.outputCapBytes ?? 64 * 1024;
  const dockerExec = (container: string, cmd: string, timeoutMs: number, env: Record<string, string> = {}, signal?: AbortSignal): Promise<ExecResult> =>
    runInGroup([docker, 'exec', ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]), '-w', workdir, container, 'bash', '-c', cmd], {
      cwd: tmpdir(),
      // The host-side docker CLI needs its own config (HOME, DOCKER_*); the container gets only what -e passes.
      env: Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && (e[0] === 'PATH' || e[0] === 'HOME' || e[0].startsWith('DOCKER_')))),
      timeoutMs,
      killGraceMs: grace,
      outputCapBytes: cap,
      clock,
      ...(signal ? { signal } : {}),
    });

  async function build(task: BenchTask, condition: SkillCondition): Promise<string> {
    if (task.toml.environment.dockerImage) return task.toml.environment.dockerImage;
    if (!task.paths.environmentDir || !task.paths.dockerfile) throw new SandboxError(`task ${task.id} has no environment/Dockerfile`);
    const withSkills = condition !== 'none' && condition !== 'self_generated';
    const tag = `agent33-sb/${task.id.toLowerCase().replace(/[^a-z0-9._-]/g, '-')}:${task.digest.slice(0, 12)}-${withSkills ? conditionKey(condition).toLowerCase().replace(/[^a-z0-9._-]/g, '-') : 'noskills'}`;
    const context = await mkdtemp(join(tmpdir(), 'sb-docker-ctx-'));
    try {
      await cp(task.paths.environmentDir, context, { recursive: true, filter: (src) => withSkills || !src.startsWith(join(task.paths.environmentDir as string, 'skills')) });
      if (typeof condition === 'object') await cp(condition.skillsDir, join(context, 'skills'), { recursive: true });
      if (!withSkills) await writeFile(join(context, 'Dockerfile'), stripSkillCopies(await readFile(join(context, 'Dockerfile'), 'utf8')));
      const timeout = (task.toml.environment.buildTimeoutSec ?? 600) * 1000;
      const built = await cli(docker, ['build', '-t', tag, context], timeout);
      if (built.code !== 0) throw new SandboxError(`docker build of ${task.id} failed: ${built.stderr.trim().split('\n').slice(-3).join(' ')}`);
      return tag;
    } finally {
      await rm(context, { recursive: true, force: true });
    }
  }

  return {
    kind: 'docker',
    supports: () => true,
    async prepare(task, condition, trial): Promise<TrialSandbox> {
      available ??= dockerUnavailableReason(docker);
      const reason = await available;
      if (reason) throw new SandboxError(reason);
      const image = await build(task, condition);
      const env = task.toml.environment;
      const name = `sb-${trial.id}`;
      const limits = [...(env.cpus ? ['--cpus', String(env.cpus)] : []), ...(env.memoryMb ? ['--memory', `${env.memoryMb}m`] : [])];
      const started = await cli(docker, ['run', '-d', '--name', name, '--network', opts.network ?? 'none', ...limits, '-e', `SB_SEED=${trial.seed}`, '-e', `SB_TRIAL_ID=${trial.id}`, image, 'sleep', 'infinity']);
      if (started.code !== 0) throw new SandboxError(`docker run failed: ${started.stderr.trim()}`);
      const local = await mkdtemp(join(tmpdir(), `sb-docker-${trial.id.slice(0, 8)}-`));
      const logsDir = join(local, 'logs');
      const workspace: WorkspaceHandle = {
        root: workdir,
        exec: (cmd, o = {}) => dockerExec(name, o.cwd ? `cd ${shellQuote(posix.join(workdir, o.cwd))} && ${cmd}` : cmd, o.timeoutMs ?? 600_000, o.env, o.signal ?? trial.signal),
        async readFile(path) {
          const r = await dockerExec(name, `base64 -w0 ${shellQuote(posix.resolve(workdir, path))}`, 60_000);
          if (r.exitCode !== 0) throw new SandboxError(`cannot read ${path}: ${r.stderr.trim()}`);
          return new Uint8Array(Buffer.from(r.stdout, 'base64'));
        },
        async writeFile(path, data) {
          const staged = join(local, 'staged');
          await writeFile(staged, data);
          const target = posix.resolve(workdir, path);
          await dockerExec(name, `mkdir -p ${shellQuote(posix.dirname(target))}`, 60_000);
          const r = await cli(docker, ['cp', staged, `${name}:${target}`]);
          if (r.code !== 0) throw new SandboxError(`cannot write ${path}: ${r.stderr.trim()}`);
        },
        async list(path = '.') {
          const r = await dockerExec(name, `ls -1Ap ${shellQuote(posix.resolve(workdir, path))}`, 60_000);
          if (r.exitCode !== 0) throw new SandboxError(`cannot list ${path}: ${r.stderr.trim()}`);
          return r.stdout.split('\n').filter((l) => l.length > 0).sort();
        },
      };
      return {
        workspace,
        async runVerifier(t, timeoutMs) {
          await dockerExec(name, 'rm -rf /tests /logs/verifier && mkdir -p /tests /logs/verifier', 60_000);
          if (t.paths.testsDir) await cli(docker, ['cp', `${t.paths.testsDir}/.`, `${name}:/tests`]);
          await cli(docker, ['network', 'disconnect', '-f', opts.network ?? 'none', name]);
          const exit = await dockerExec(name, t.paths.testSh ? 'bash /tests/test.sh' : 'cd /root && python3 -m pytest /tests/test_outputs.py -rA --junitxml /logs/verifier/junit.xml; echo $? > /logs/verifier/.pytest-exit', timeoutMs, {
            ...t.toml.verifier.env,
            PYTEST_DISABLE_PLUGIN_AUTOLOAD: '1',
          });
          await rm(logsDir, { recursive: true, force: true });
          await cli(docker, ['cp', `${name}:/logs/verifier`, logsDir]);
          let { reward, rewards } = await readReward(logsDir);
          if (!t.paths.testSh && reward === null) {
            const code = (await readFile(join(logsDir, '.pytest-exit'), 'utf8').catch(() => '')).trim();
            if (code === '0' || code === '1') {
              reward = code === '0' ? 1 : 0;
              rewards = { reward };
            }
          }
          const { kind, message } = verifierKind(exit, reward);
          const tests = await readTestResults(logsDir);
          return { reward, rewards, exit, kind, ...(tests ? { tests } : {}), ...(message === undefined ? {} : { errorMessage: message }) };
        },
        artifacts: () => Promise.resolve([]),
        async dispose() {
          await cli(docker, ['rm', '-f', name], 60_000);
          if (opts.keepImages === false) await cli(docker, ['rmi', '-f', image], 60_000);
          await rm(local, { recursive: true, force: true });
        },
      };
    },
  };
}
