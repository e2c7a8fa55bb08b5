import { appendFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BenchStoreError } from '../errors/store-error.js';
import type { BenchResultStore, BenchTrialRecord } from '../records.js';
import { fileStore } from './file-store.js';
import { memoryStore } from './memory-store.js';

function trial(runId: string, trialId: string, attempt = 1, outcome: BenchTrialRecord['outcome'] = 'passed'): BenchTrialRecord {
  return {
    runId, trialId, attempt, taskId: 't', taskDigest: 'd', category: 'c', agentId: 'a', condition: 'none', trialIndex: 0, seed: 1,
    outcome, scoreEligible: outcome === 'passed' || outcome === 'failed', reward: outcome === 'passed' ? 1 : 0,
    startedAt: 0, finishedAt: 1, agentMs: 1, verifierMs: 0,
    usage: { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, reasoningOutputTokens: 0, costUsd: 0 },
    toolCalls: 0, iterations: 0, skillsInvoked: [], artifacts: [],
  };
}

const stores: Array<[string, () => Promise<BenchResultStore>]> = [
  ['memoryStore', () => Promise.resolve(memoryStore())],
  ['fileStore', async () => fileStore({ dir: await mkdtemp(join(tmpdir(), 'sb-store-')) })],
];

describe.each(stores)('%s', (_name, make) => {
  it('creates, appends idempotently on (trialId, attempt), finishes and reads back', async () => {
    const store = await make();
    await store.createRun({ runId: 'r1', config: { trials: 2 }, provenance: { node: 'x' } });
    await expect(store.createRun({ runId: 'r1', config: {}, provenance: {} })).rejects.toBeInstanceOf(BenchStoreError);
    await store.appendTrial(trial('r1', 'a'));
    await store.appendTrial(trial('r1', 'a'));
    await store.appendTrial(trial('r1', 'a', 2, 'failed'));
    await store.appendTrial(trial('r1', 'b'));
    expect(await store.completedTrialIds('r1')).toEqual(new Set(['a', 'b']));
    await store.finishRun('r1', 'completed', { cells: [] });
    const run = await store.getRun('r1');
    expect(run?.status).toBe('completed');
    expect(run?.trials.map((t) => `${t.trialId}#${t.attempt}`)).toEqual(['a#1', 'a#2', 'b#1']);
    expect(run?.aggregates).toEqual({ cells: [] });
    expect(run?.config).toEqual({ trials: 2 });
    expect(await store.getRun('unknown')).toBeUndefined();
  });

  it('lists runs newest first with trial counts, and keeps baselines by name', async () => {
    const store = await make();
    await store.createRun({ runId: 'old', config: {}, provenance: {} });
    await new Promise((r) => setTimeout(r, 5));
    await store.createRun({ runId: 'new', config: {}, provenance: {} });
    await store.appendTrial(trial('new', 'x'));
    const list = await store.listRuns();
    expect(list.map((r) => [r.runId, r.trialCount])).toEqual([['new', 1], ['old', 0]]);
    expect(await store.listRuns({ limit: 1 })).toHaveLength(1);
    await store.setBaseline('main', 'old');
    expect((await store.getBaseline('main'))?.runId).toBe('old');
    expect(await store.getBaseline('nope')).toBeUndefined();
    await expect(store.setBaseline('main', 'missing')).rejects.toBeInstanceOf(BenchStoreError);
    await expect(store.appendTrial(trial('missing', 'x'))).rejects.toBeInstanceOf(BenchStoreError);
  });
});

describe('fileStore specifics', () => {
  it('rejects run ids that would leave its folder', async () => {
    const store = fileStore({ dir: await mkdtemp(join(tmpdir(), 'sb-store-')) });
    await expect(store.createRun({ runId: '../x', config: {}, provenance: {} })).rejects.toBeInstanceOf(BenchStoreError);
    expect(() => fileStore({ dir: '' })).toThrow(BenchStoreError);
  });

  it('survives a line cut short by a crash, and a second instance sees the same data', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sb-store-'));
    const store = fileStore({ dir });
    await store.createRun({ runId: 'crash', config: {}, provenance: {} });
    await store.appendTrial(trial('crash', 'a'));
    await appendFile(join(dir, 'crash', 'trials.jsonl'), '{"runId":"crash","trialId":"b"');
    const reopened = fileStore({ dir });
    expect(await reopened.completedTrialIds('crash')).toEqual(new Set(['a']));
  });
});
