import { describe, expect, it } from 'vitest';
import { ScriptedModel, text, toolCall } from '../testing/index.js';
import { toolSet } from '../tools/toolset.js';
import { defineTool } from '../tools/define.js';
import { InMemoryRunCheckpointer } from './memory-checkpointer.js';
import { resumeLoop, runLoop } from './run.js';

describe('InMemoryRunCheckpointer', () => {
  it('keeps the latest state per run, copies it, and forgets the oldest run beyond the bound', async () => {
    const cp = new InMemoryRunCheckpointer({ maxRuns: 2 });
    const tool = defineTool({ name: 't', description: 't', inputSchema: { type: 'object' }, execute: async () => 'ok' });
    const base = { model: 'm', messages: [{ role: 'user' as const, content: 'go' }], tools: toolSet([tool]), checkpointer: cp, policy: { check: () => ({ decision: 'ask' as const, reason: 'confirm' }) } };
    const paused = await runLoop({ ...base, provider: new ScriptedModel([toolCall('t', {}), text('done')]), runId: 'a' });
    expect(paused.status).toBe('awaiting_approval');
    const loaded = await cp.load('a');
    expect(loaded?.iteration).toBe(1);
    loaded!.iteration = 99;
    expect((await cp.load('a'))?.iteration).toBe(1);
    const resumed = await resumeLoop({ ...base, provider: new ScriptedModel([text('done')]) }, (await cp.load('a'))!, [{ callId: 'call_1', approved: true }]);
    expect(resumed.status).toBe('completed');
    await runLoop({ ...base, provider: new ScriptedModel([text('x')]), runId: 'b' });
    await runLoop({ ...base, provider: new ScriptedModel([text('y')]), runId: 'c' });
    expect(cp.size).toBe(2);
    expect(await cp.load('a')).toBeUndefined();
  });
});
