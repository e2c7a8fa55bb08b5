import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SandboxError } from '../errors/sandbox-error.js';
import { miniFixturesDir } from '../fixtures/mini-fixtures.js';
import { loadTask } from '../task/loader.js';
import { CappedBuffer } from './capped-buffer.js';
import { dockerDriver, dockerUnavailableReason, stripSkillCopies } from './docker-driver.js';
import { localDriver } from './local-driver.js';
import { groupAlive } from './spawn-group.js';
import type { TrialSandbox } from './types.js';

const task = (id: string) => loadTask(join(miniFixturesDir(), 'tasks', id));
let sandbox: TrialSandbox | undefined;

beforeEach(() => {
  process.env.SB_TEST_SECRET_TOKEN = 'sk-should-never-leak';
});
afterEach(async () => {
  delete process.env.SB_TEST_SECRET_TOKEN;
  await sandbox?.dispose();
  sandbox = undefined;
});

describe('localDriver', () => {
  it('passes only allowlisted variables; HOME is the workspace', async () => {
    sandbox = await localDriver().prepare(await task('echo-answer'), 'none', { id: 'aaaaaaaaaaaaaaaaaaaa', seed: 99 });
    const result = await sandbox.workspace.exec('env');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).not.toContain('sk-should-never-leak');
    const env = Object.fromEntries(result.stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(env.HOME).toBe(sandbox.workspace.root);
    expect(env.SB_SEED).toBe('99');
    expect(env.SB_TRIAL_ID).toBe('aaaaaaaaaaaaaaaaaaaa');
    expect(env.SB_TASK_DIR).toBeUndefined();
    const names = Object.keys(env).filter((k) => !['PWD', 'SHLVL', '_', 'OLDPWD'].includes(k)).sort();
    expect(names.every((n) => ['PATH', 'LANG', 'LC_ALL', 'TZ', 'HOME', 'TMPDIR'].includes(n) || n.startsWith('SB_'))).toBe(true);
  });

  it('copies the environment without the Dockerfile, and skills only when the condition grants them', async () => {
    const t = await task('skill-hurts');
    sandbox = await localDriver().prepare(t, 'none', { id: 'b'.repeat(20), seed: 1 });
    expect(await sandbox.workspace.list()).toEqual(['numbers.txt']);
    await sandbox.dispose();
    sandbox = await localDriver().prepare(t, 'curated', { id: 'c'.repeat(20), seed: 1 });
    expect(await sandbox.workspace.list()).toEqual(['numbers.txt', 'skills/']);
    expect(await sandbox.workspace.list('skills')).toEqual(['summing-guide/']);
  });

  it('confines file access to the workspace', async () => {
    sandbox = await localDriver().prepare(await task('echo-answer'), 'none', { id: 'd'.repeat(20), seed: 1 });
    await expect(sandbox.workspace.readFile('../logs/reward.txt')).rejects.toBeInstanceOf(SandboxError);
    await expect(sandbox.workspace.writeFile('/etc/passwd-copy', 'x')).rejects.toBeInstanceOf(SandboxError);
    await expect(sandbox.workspace.exec('pwd', { cwd: '../..' })).rejects.toBeInstanceOf(SandboxError);
    await sandbox.workspace.writeFile('nested/dir/file.txt', 'ok');
    expect(new TextDecoder().decode(await sandbox.workspace.readFile('nested/dir/file.txt'))).toBe('ok');
  });

  it('kills the whole process group on timeout, background children included', async () => {
    const groups: number[] = [];
    sandbox = await localDriver({ killGraceMs: 100, onProcessGroup: (p) => groups.push(p) }).prepare(await task('echo-answer'), 'none', { id: 'e'.repeat(20), seed: 1 });
    const result = await sandbox.workspace.exec('sleep 30 & sleep 30', { timeoutMs: 200 });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeNull();
    expect(groups).toHaveLength(1);
    expect(groupAlive(groups[0] as number)).toBe(false);
  });

  it('caps output at head + tail and counts every byte', async () => {
    sandbox = await localDriver({ outputCapBytes: 1000 }).prepare(await task('echo-answer'), 'none', { id: 'f'.repeat(20), seed: 1 });
    const result = await sandbox.workspace.exec("printf 'HEAD'; head -c 100000 /dev/zero | tr '\\0' m; printf 'TAIL'");
    expect(result.truncated).toBe(true);
    expect(result.bytes?.stdout).toBe(100008);
    expect(result.stdout.startsWith('HEAD')).toBe(true);
    expect(result.stdout.endsWith('TAIL')).toBe(true);
    expect(result.stdout.length).toBeLessThan(2100);
    expect(result.stdout).toContain('bytes dropped');
  });

  it('places tests only at verification, after emptying the logs dir', async () => {
    sandbox = await localDriver().prepare(await task('plant-reward'), 'none', { id: '1'.repeat(20), seed: 1 });
    expect((await sandbox.workspace.exec('ls -A "$SB_TESTS_DIR" | wc -l')).stdout.trim()).toBe('0');
    await sandbox.workspace.exec('echo 1 > "$SB_LOGS_DIR/reward.txt"; echo correct > out.txt');
    const verdict = await sandbox.runVerifier(await task('plant-reward'), 10_000);
    expect(verdict).toMatchObject({ reward: 1, kind: 'ok' });
    const artifacts = await sandbox.artifacts();
    expect(artifacts.map((a) => a.name).sort()).toEqual(['logs/reward.txt', 'verifier-stderr.txt', 'verifier-stdout.txt']);
  });

  it('rejects bad options and bad commands', async () => {
    expect(() => localDriver({ killGraceMs: -1 })).toThrow();
    sandbox = await localDriver().prepare(await task('echo-answer'), 'none', { id: '2'.repeat(20), seed: 1 });
    await expect(sandbox.workspace.exec('')).rejects.toBeInstanceOf(SandboxError);
  });

  it('does not run tasks that need container paths', async () => {
    const t = await task('echo-answer');
    expect(localDriver().supports(t)).toBe(true);
    expect(localDriver().supports({ ...t, requiresContainer: true })).toBe(false);
  });
});

describe('CappedBuffer', () => {
  it('keeps everything under twice the cap', () => {
    const b = new CappedBuffer(4);
    b.push(Buffer.from('abcdefg'));
    expect(b.truncated).toBe(false);
    expect(b.text()).toBe('abcdefg');
    b.push(Buffer.from('hij'));
    expect(b.truncated).toBe(true);
    expect(b.text()).toBe('abcd\n…[2 bytes dropped]…\nghij');
    expect(b.total).toBe(10);
  });
});

describe('dockerDriver', () => {
  it('reports clearly when no Docker daemon answers, and the failure is a SandboxError', async () => {
    const reason = await dockerUnavailableReason('docker-binary-that-does-not-exist');
    expect(reason).toMatch(/^Docker daemon not available/);
    const driver = dockerDriver({ docker: 'docker-binary-that-does-not-exist' });
    expect(driver.kind).toBe('docker');
    const error = await driver.prepare(await task('echo-answer'), 'none', { id: '3'.repeat(20), seed: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxError);
    expect((error as SandboxError).message).toMatch(/Docker daemon not available/);
  });

  it('strips skill COPY lines for the no-skills image', () => {
    expect(stripSkillCopies('FROM x\nCOPY skills /root/.claude/skills\nCOPY data /data\nadd ./skills /root/.codex/skills\n')).toBe('FROM x\nCOPY data /data\n');
  });
});
