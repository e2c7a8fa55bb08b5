import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../sandbox/types.js';
import { classifyAttempt } from './classify.js';
import { readReward } from './reward.js';
import { verifierKind } from './verifier-kind.js';

const exit = (patch: Partial<ExecResult>): ExecResult => ({ exitCode: 0, stdout: '', stderr: '', truncated: false, timedOut: false, durationMs: 1, ...patch });

describe('readReward', () => {
  it('reward.txt first, then reward.json (reward key, else first number)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sb-reward-'));
    expect(await readReward(dir)).toEqual({ reward: null, rewards: {} });
    await writeFile(join(dir, 'reward.json'), '{"accuracy": 0.25, "format": 1}');
    expect(await readReward(dir)).toEqual({ reward: 0.25, rewards: { accuracy: 0.25, format: 1 } });
    await writeFile(join(dir, 'reward.json'), '{"format": 1, "reward": 0.5}');
    expect((await readReward(dir)).reward).toBe(0.5);
    await writeFile(join(dir, 'reward.txt'), ' 1\n');
    expect(await readReward(dir)).toEqual({ reward: 1, rewards: { reward: 1 } });
    await writeFile(join(dir, 'reward.txt'), 'garbage');
    await writeFile(join(dir, 'reward.json'), '{not json');
    expect((await readReward(dir)).reward).toBeNull();
  });
});

describe('verifierKind', () => {
  it('separates broken verifiers from failed tests', () => {
    expect(verifierKind(exit({ timedOut: true, exitCode: null }), null).kind).toBe('timeout');
    expect(verifierKind(exit({ exitCode: 127, stderr: 'x: command not found' }), null).kind).toBe('verifier_error');
    expect(verifierKind(exit({ exitCode: 126 }), null).kind).toBe('verifier_error');
    expect(verifierKind(exit({ exitCode: 1, stderr: '/usr/bin/python3: No module named pytest' }), null).kind).toBe('verifier_error');
    expect(verifierKind(exit({ exitCode: 0 }), null).kind).toBe('verifier_error');
    expect(verifierKind(exit({ exitCode: 1 }), null).kind).toBe('ok');
    expect(verifierKind(exit({ exitCode: 127 }), 1).kind).toBe('ok');
  });
});

describe('classifyAttempt', () => {
  const ok = { reward: 1, rewards: { reward: 1 }, exit: exit({}), kind: 'ok' as const };
  it('applies the fixed precedence', () => {
    expect(classifyAttempt({ infraError: 'no disk', passThreshold: 1 })).toMatchObject({ outcome: 'infra', scoreEligible: false });
    expect(classifyAttempt({ agentTimedOut: true, verifier: ok, passThreshold: 1 })).toMatchObject({ outcome: 'timeout', reward: 1, errorKind: 'agent_timeout' });
    expect(classifyAttempt({ verifier: { ...ok, reward: null, kind: 'timeout' }, passThreshold: 1 })).toMatchObject({ outcome: 'timeout', errorKind: 'verifier_timeout' });
    expect(classifyAttempt({ verifier: { ...ok, reward: null, kind: 'verifier_error' }, passThreshold: 1 })).toMatchObject({ outcome: 'error', errorKind: 'verifier_error' });
    expect(classifyAttempt({ agent: { status: 'error', error: 'boom' }, verifier: ok, passThreshold: 1 })).toMatchObject({ outcome: 'error', errorKind: 'agent_error', errorMessage: 'boom', reward: 1 });
    expect(classifyAttempt({ agent: { status: 'completed' }, verifier: ok, passThreshold: 1 })).toEqual({ outcome: 'passed', scoreEligible: true, reward: 1 });
    expect(classifyAttempt({ verifier: { ...ok, reward: 0.5 }, passThreshold: 1 })).toMatchObject({ outcome: 'failed', reward: 0.5 });
    expect(classifyAttempt({ verifier: { ...ok, reward: 0.5 }, passThreshold: 0.5 })).toMatchObject({ outcome: 'passed' });
    expect(classifyAttempt({ verifier: { ...ok, reward: null, exit: exit({ exitCode: 1 }) }, passThreshold: 1 })).toMatchObject({ outcome: 'failed', reward: 0 });
  });
});
