import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LearningSignal } from '@agent33/runtime/ports';
import { describe, expect, it } from 'vitest';
import { createMemoryStore, defaultSignalMapper, learningSink } from '../src/index.js';
import { openSqliteStore } from '../src/sqlite/index.js';

const feedback = (i: number): LearningSignal => ({ type: 'feedback', runId: `run-${i}`, score: i / 100, note: `note ${i}` });

describe('learningSink', () => {
  it('never blocks: record() returns synchronously and the bounded queue drops the oldest', async () => {
    const store = createMemoryStore();
    const sink = learningSink(store, { maxQueue: 5 });
    for (let i = 0; i < 20; i += 1) expect(sink.record(feedback(i))).toBeUndefined();
    expect(sink.stats()).toMatchObject({ queued: 20, dropped: 15 });
    await sink.flush();
    const events = await store.runs.listEvents({ scope: { tenantId: 'default' } });
    expect(events.map((e) => e.runId).sort()).toEqual(['run-15', 'run-16', 'run-17', 'run-18', 'run-19']);
    await store.close();
  });

  it('never throws into the runtime: a closed store only counts failures', async () => {
    const store = createMemoryStore();
    await store.close();
    const sink = learningSink(store);
    expect(() => sink.record(feedback(1))).not.toThrow();
    await sink.flush();
    expect(sink.stats()).toMatchObject({ written: 0, failed: 1 });
    const throwing = learningSink(createMemoryStore(), {
      toSignal: () => {
        throw new Error('mapper bug');
      },
    });
    throwing.record(feedback(2));
    await throwing.flush();
    expect(throwing.stats()).toMatchObject({ written: 1, failed: 1 });
  });

  it('with the default mapper, one benchmark finding becomes exactly one signal, through group commit on SQLite', async () => {
    const store = await openSqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'sink-')), 's.db') });
    const sink = learningSink(store, { tenantId: 'bench' });
    sink.record({ type: 'benchmark', runId: 'sb-1', finding: 'negative_skill_delta', scope: 'category', category: 'debugging', deltaPp: -4, significant: false, agentId: 'a1', condition: 'with-skills', baselineRunId: 'sb-0' });
    sink.record({ type: 'run', runId: 'r1', status: 'completed' as never, iterations: 2, usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } as never, toolsUsed: ['grep'], durationMs: 5 });
    await sink.flush();
    const signals = await store.listSignals({ scope: { tenantId: 'bench' } });
    expect(signals.items).toHaveLength(1);
    expect(signals.items[0]).toMatchObject({
      signalType: 'performance',
      severity: 'medium',
      source: 'skillsbench',
      summary: 'Negative skill delta on category debugging: -4 pp',
      context: { run_id: 'sb-1', finding: 'negative_skill_delta', scope: 'category', delta_pp: '-4', significant: 'false', category: 'debugging', agent_id: 'a1', condition: 'with-skills', baseline_run_id: 'sb-0' },
    });
    expect((await store.runs.listEvents({ scope: { tenantId: 'bench' } })).map((e) => e.type)).toEqual(['run', 'benchmark']);
    expect(defaultSignalMapper(feedback(1))).toBeNull();
    await store.close();
  });
});
