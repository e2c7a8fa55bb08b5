import { describe, expect, it } from 'vitest';
import { runLoop } from '../src/loop/run.js';
import { streamLoop } from '../src/loop/stream.js';
import { ScriptedModel, text, toolCall } from '../src/testing/index.js';
import { defineTool } from '../src/tools/define.js';
import { toolSet } from '../src/tools/toolset.js';
import type { CallBoundary, LearningSignal, RunCheckpointer } from '../src/ports/index.js';
import type { SerializedRunState } from '../src/loop/types.js';
import type { Message } from '../src/model/types.js';
import { parityTools, stubTool } from './helpers.js';

const task: Message[] = [{ role: 'user', content: 'task' }];

describe('tool output shaping', () => {
  it('truncates long outputs, honours error envelopes and filters leakage', async () => {
    const long = stubTool('long', () => 'x'.repeat(100), { maxOutputChars: 20 });
    const envelope = stubTool('env', () => ({ content: 'disk full', isError: true }));
    const leaky = stubTool('leaky', () => 'the answer is 42');
    const model = new ScriptedModel([{ toolCalls: [{ name: 'long', args: {} }, { name: 'env', args: {} }, { name: 'leaky', args: {} }] }, text('ok')]);
    const r = await runLoop({ provider: model, model: 'm', messages: task, tools: toolSet([long, envelope, leaky]), leakageFilter: (out) => out.includes('42') });
    const [a, b, c] = r.steps[0]!.toolOutcomes;
    expect(a).toMatchObject({ kind: 'ok', truncated: true });
    expect(a!.content).toContain('[truncated 80 characters]');
    expect(b).toMatchObject({ kind: 'error', content: 'Error: disk full' });
    expect(c).toMatchObject({ kind: 'ok', filtered: true, content: '[filtered: potential answer leakage]' });
  });
});

describe('boundary, progress, checkpoints and prepareStep', () => {
  it('runs tools inside the boundary and streams their progress', async () => {
    const seen: string[] = [];
    const boundary: CallBoundary = { execute: (req, fn, signal) => (seen.push(`${req.kind}:${req.target}`), fn(signal ?? new AbortController().signal)) };
    const progress = defineTool({
      name: 'progress',
      description: 'reports progress',
      inputSchema: { type: 'object' },
      execute: async (_i, ctx) => {
        ctx.emitProgress({ pct: 50 });
        return 'done';
      },
    });
    const s = streamLoop({ provider: new ScriptedModel([toolCall('progress', {}), text('ok')]), model: 'm', messages: task, tools: toolSet([progress]), boundary });
    const events: unknown[] = [];
    for await (const e of s) if (e.type === 'tool-call-progress') events.push(e.data);
    expect(events).toEqual([{ pct: 50 }]);
    expect(seen).toEqual(['tool:progress']);
  });

  it('checkpoints at every step end and reports learning signals per step, tool and run', async () => {
    const saved: SerializedRunState[] = [];
    const checkpointer: RunCheckpointer = { save: async (_id, s) => void saved.push(s), load: async () => undefined };
    const signals: LearningSignal[] = [];
    const r = await runLoop({
      provider: new ScriptedModel([toolCall('shell', { command: 'ls' }), text('ok')]),
      model: 'm',
      messages: task,
      tools: parityTools().set,
      checkpointer,
      learning: { record: (s) => void signals.push(s) },
    });
    // One checkpoint per step end, and the final state once more at the end of the run.
    expect(saved.map((s) => s.iteration)).toEqual([1, 2, 2]);
    expect(r.state?.messages).toHaveLength(4);
    expect(signals.map((s) => s.type)).toEqual(['tool', 'step', 'step', 'run']);
  });

  it('prepareStep can switch model and tools for a step', async () => {
    const model = new ScriptedModel([toolCall('shell', { command: 'ls' }), text('ok')]);
    const tools = parityTools().set;
    await runLoop({
      provider: model,
      model: 'small',
      messages: task,
      tools,
      prepareStep: (s) => (s.iteration === 1 ? { model: 'big', tools: tools.narrow({ allow: ['file_ops'] }) } : undefined),
    });
    expect(model.calls.map((c) => [c.request.model, c.request.tools?.map((t) => t.name)])).toEqual([
      ['small', ['shell', 'file_ops']],
      ['big', ['file_ops']],
    ]);
  });

  it('loop detection can nudge once before terminating', async () => {
    const same = () => toolCall('shell', { command: 'ls' });
    const { set, shell } = parityTools();
    const model = new ScriptedModel([same(), same(), same(), same(), same(), same()]);
    const r = await runLoop({ provider: model, model: 'm', messages: task, tools: set, loopDetection: { threshold: 2, action: 'nudge' } });
    expect(r.status).toBe('loop_detected');
    expect(shell.inputs).toHaveLength(2);
    expect(model.calls[2]!.request.messages.at(-1)).toMatchObject({ role: 'user', content: expect.stringContaining('repeating') });
  });
});
