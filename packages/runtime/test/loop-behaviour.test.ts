import { ManualClock } from '@agent33/observability';
import { describe, expect, it, vi } from 'vitest';
import { ContextOverflowError } from '../src/errors/context-overflow-error.js';
import { ModelError } from '../src/errors/model-error.js';
import { resumeLoop, runLoop } from '../src/loop/run.js';
import { streamLoop } from '../src/loop/stream.js';
import { hasToolCall, stepCountIs } from '../src/loop/stop.js';
import { ScriptedModel, fail, text, toolCall, toolCalls, type ScriptStep } from '../src/testing/index.js';
import { defineTool } from '../src/tools/define.js';
import { ToolRegistry } from '../src/tools/registry.js';
import { toolSet } from '../src/tools/toolset.js';
import type { ContextManagerLike, FitReport } from '../src/context/types.js';
import type { RunEvent, RunOptions, TerminationReason } from '../src/loop/types.js';
import type { ApprovalHandler, ToolPolicy } from '../src/policy/types.js';
import type { Message } from '../src/model/types.js';
import { parityTools, pendingSleeps, stubTool, until } from './helpers.js';

const task: Message[] = [{ role: 'user', content: 'task' }];
const report: FitReport = { before: 10, after: 10, available: 100, actions: [], components: { system: 0, skills: 0, memory: 0, tools: 0, history: 10, stepResults: 0 } };
const okBudget = { beforeStep: () => ({ ok: true }), beforeToolCall: () => ({ ok: true }), afterModelCall: () => ({ ok: true }) };

async function collect(o: RunOptions): Promise<{ events: RunEvent[]; status: TerminationReason; onRunEnd: number }> {
  const onRunEnd = vi.fn();
  const stream = streamLoop({ ...o, hooks: { onRunEnd } });
  const events: RunEvent[] = [];
  for await (const e of stream) events.push(e);
  const r = await stream.result;
  return { events, status: r.status, onRunEnd: onRunEnd.mock.calls.length };
}

describe('every termination reason', () => {
  const tools = () => parityTools().set;
  const sleepy = defineTool({ name: 'sleepy', description: 's', inputSchema: { type: 'object' }, execute: () => new Promise(() => undefined) });
  const cases: Array<[TerminationReason, () => RunOptions]> = [
    ['completed', () => ({ provider: new ScriptedModel([text('ok')]), model: 'm', messages: task })],
    ['stop_condition', () => ({ provider: new ScriptedModel([toolCall('shell', { command: 'a' }), text('x')]), model: 'm', messages: task, tools: tools(), stopWhen: stepCountIs(1) })],
    ['handoff', () => ({ provider: new ScriptedModel([toolCall('handoff', { to: 'qa' })]), model: 'm', messages: task, tools: toolSet([stubTool('handoff')]), stopWhen: hasToolCall('handoff') })],
    ['max_iterations', () => ({ provider: new ScriptedModel((_r, i) => toolCall('shell', { command: String(i) })), model: 'm', messages: task, tools: tools(), maxIterations: 2 })],
    ['consecutive_errors', () => ({ provider: new ScriptedModel(() => fail(new Error('x'))), model: 'm', messages: task })],
    ['loop_detected', () => ({ provider: new ScriptedModel(() => toolCall('shell', { command: 'same' })), model: 'm', messages: task, tools: tools() })],
    ['budget_exceeded', () => ({ provider: new ScriptedModel([text('x')]), model: 'm', messages: task, budget: { ...okBudget, beforeStep: () => ({ ok: false }) } })],
    ['deadline_exceeded', () => ({ provider: new ScriptedModel([text('x')]), model: 'm', messages: task, deadline: 0 })],
    ['aborted', () => ({ provider: new ScriptedModel([text('x')]), model: 'm', messages: task, signal: AbortSignal.abort() })],
    ['context_exhausted', () => ({ provider: new ScriptedModel([text('x')]), model: 'm', messages: task, context: { fit: async () => ({ exhausted: true as const, report }) } })],
    ['awaiting_approval', () => ({ provider: new ScriptedModel([toolCall('shell', { command: 'ls' })]), model: 'm', messages: task, tools: tools(), policy: { check: () => ({ decision: 'ask' as const, reason: 'r' }) } })],
    ['invalid_output', () => ({ provider: new ScriptedModel([text('{"a":1}'), text('{"a":2}')]), model: 'm', messages: task, outputSchema: { type: 'object', required: ['b'] } })],
    ['model_error', () => ({ provider: new ScriptedModel([fail(new ModelError('bad', { kind: 'invalid_request', status: 400 }))]), model: 'm', messages: task })],
  ];
  it.each(cases)('%s: exactly one run-end event and one onRunEnd call', async (expected, make) => {
    const { events, status, onRunEnd } = await collect(make());
    expect(status).toBe(expected);
    expect(events.filter((e) => e.type === 'run-end')).toHaveLength(1);
    expect(events.at(-1)?.type).toBe('run-end');
    expect(onRunEnd).toBe(1);
    void sleepy;
  });
});

describe('cancellation and deadlines', () => {
  it('aborts during a model delay without waiting it out', async () => {
    const clock = new ManualClock();
    const ctl = new AbortController();
    const model = new ScriptedModel([{ delayMs: 60_000, then: text('late') }], { clock });
    const pending = runLoop({ provider: model, model: 'm', messages: task, signal: ctl.signal, clock });
    await until(() => model.calls.length === 1 && pendingSleeps(clock) === 1, 'the model delay');
    ctl.abort();
    expect((await pending).status).toBe('aborted');
  });

  it('aborts during a tool call and the tool sees its signal abort', async () => {
    const clock = new ManualClock();
    const ctl = new AbortController();
    let seen: AbortSignal | undefined;
    const slow = defineTool({
      name: 'slow',
      description: 'waits',
      inputSchema: { type: 'object' },
      execute: (_i, ctx) => {
        seen = ctx.signal;
        ctl.abort();
        return new Promise((_r, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('stopped'))));
      },
    });
    const r = await runLoop({ provider: new ScriptedModel([toolCall('slow', {}), text('x')]), model: 'm', messages: task, tools: toolSet([slow]), signal: ctl.signal, clock, toolExecution: { abortGraceMs: 0 } });
    expect(r.status).toBe('aborted');
    expect(seen?.aborted).toBe(true);
    expect(r.steps[0]!.toolOutcomes[0]!.kind).toBe('aborted');
    // The transcript stays well formed: the call has its answer.
    expect(r.messages.filter((m) => m.role === 'tool')).toHaveLength(1);
  });

  it('aborts during retry backoff', async () => {
    const clock = new ManualClock();
    const ctl = new AbortController();
    const model = new ScriptedModel([fail(new ModelError('busy', { kind: 'server', retryable: true })), text('never')]);
    const pending = runLoop({ provider: model, model: 'm', messages: task, clock, signal: ctl.signal, modelRetry: { maxAttempts: 3, baseDelayMs: 10_000 } });
    await new Promise((r) => setTimeout(r, 5));
    ctl.abort();
    const r = await pending;
    expect(r.status).toBe('aborted');
    expect(model.calls).toHaveLength(1);
  });

  it('aborted before start makes no model call', async () => {
    const model = new ScriptedModel([text('x')]);
    const r = await runLoop({ provider: model, model: 'm', messages: task, signal: AbortSignal.abort() });
    expect([r.status, model.calls.length]).toEqual(['aborted', 0]);
  });

  it('a deadline firing during a model delay ends as deadline_exceeded', async () => {
    const clock = new ManualClock(1_000);
    const model = new ScriptedModel([{ delayMs: 10_000, then: text('late') }], { clock });
    const pending = runLoop({ provider: model, model: 'm', messages: task, clock, deadline: 1_500 });
    // Two sleeps: the run deadline and the model delay.
    await until(() => model.calls.length === 1 && pendingSleeps(clock) === 2, 'the model delay');
    clock.advance(600);
    expect((await pending).status).toBe('deadline_exceeded');
  });

  it('a tool past its timeout is reported as timeout', async () => {
    const clock = new ManualClock();
    const hang = defineTool({ name: 'hang', description: 'h', inputSchema: { type: 'object' }, timeoutMs: 100, execute: () => new Promise(() => undefined) });
    const pending = runLoop({ provider: new ScriptedModel([toolCall('hang', {}), text('x')]), model: 'm', messages: task, tools: toolSet([hang]), clock });
    await until(() => pendingSleeps(clock) === 1, 'the tool timeout');
    clock.advance(100);
    const r = await pending;
    expect(r.steps[0]!.toolOutcomes[0]).toMatchObject({ kind: 'timeout' });
    expect(r.status).toBe('completed');
  });
});

describe('parallel execution', () => {
  function timedTools(clock: ManualClock, log: string[], annotations: { readOnly?: boolean; destructive?: boolean } = { readOnly: true }) {
    return Array.from({ length: 5 }, (_, i) =>
      defineTool({
        name: `t${i}`,
        description: 't',
        inputSchema: { type: 'object' },
        annotations,
        execute: async () => {
          log.push(`start t${i}`);
          await clock.sleep(50);
          log.push(`end t${i}`);
          if (i === 2) throw new Error('t2 failed');
          return `r${i}`;
        },
      }),
    );
  }
  const five = (): ScriptStep => toolCalls(...Array.from({ length: 5 }, (_, i): [string, unknown] => [`t${i}`, {}]));

  it('auto runs five read-only calls concurrently, keeps call order, and one failure keeps the others', async () => {
    const clock = new ManualClock();
    const log: string[] = [];
    const model = new ScriptedModel([five(), text('done')]);
    const pending = runLoop({ provider: model, model: 'm', messages: task, tools: toolSet(timedTools(clock, log)), clock, toolExecution: { concurrency: 5 } });
    for (let i = 0; i < 50 && log.length < 5; i += 1) await new Promise((r) => setTimeout(r, 1));
    expect(log).toEqual(['start t0', 'start t1', 'start t2', 'start t3', 'start t4']);
    clock.advance(50);
    const r = await pending;
    expect(r.steps[0]!.toolOutcomes.map((o) => [o.callId, o.kind])).toEqual([
      ['call_1', 'ok'],
      ['call_2', 'ok'],
      ['call_3', 'error'],
      ['call_4', 'ok'],
      ['call_5', 'ok'],
    ]);
    const toolMsgs = model.calls[1]!.request.messages.filter((m) => m.role === 'tool');
    expect(toolMsgs.map((m) => m.content)).toEqual(['r0', 'r1', "Error: Tool 't2' raised: t2 failed", 'r3', 'r4']);
  });

  it('destructive tools run one at a time, in order', async () => {
    const clock = new ManualClock();
    const log: string[] = [];
    const pending = runLoop({ provider: new ScriptedModel([five(), text('done')]), model: 'm', messages: task, tools: toolSet(timedTools(clock, log, { destructive: true })), clock });
    for (let i = 0; i < 5; i += 1) {
      for (let k = 0; k < 50 && log.length < 2 * i + 1; k += 1) await new Promise((r) => setTimeout(r, 1));
      expect(log.filter((l) => l.startsWith('start'))).toHaveLength(i + 1);
      clock.advance(50);
    }
    await pending;
    expect(log.slice(0, 4)).toEqual(['start t0', 'end t0', 'start t1', 'end t1']);
  });
});

describe('repair', () => {
  const echo = () => stubTool('echo', (i) => JSON.stringify(i), { inputSchema: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'] } });

  it('repairs trailing commas and fences and flags the outcome', async () => {
    const r = await runLoop({ provider: new ScriptedModel([toolCall('echo', '{"x": 1,}'), toolCall('echo', '```json\n{"x": 2}\n```'), text('ok')]), model: 'm', messages: task, tools: toolSet([echo()]) });
    expect(r.steps.slice(0, 2).map((s) => [s.toolOutcomes[0]!.kind, s.toolOutcomes[0]!.repaired])).toEqual([
      ['ok', true],
      ['ok', true],
    ]);
  });

  it('feeds an unrepairable call back as invalid_json', async () => {
    const r = await runLoop({ provider: new ScriptedModel([toolCall('echo', '{"x": 1 "y"'), text('ok')]), model: 'm', messages: task, tools: toolSet([echo()]) });
    expect(r.steps[0]!.toolOutcomes[0]!.kind).toBe('invalid_json');
  });

  it('resolves a tool name written in another case or separator style', async () => {
    const t = stubTool('file_read');
    const r = await runLoop({ provider: new ScriptedModel([toolCall('File-Read', {}), text('ok')]), model: 'm', messages: task, tools: toolSet([t]) });
    expect(r.steps[0]!.toolOutcomes[0]).toMatchObject({ kind: 'ok', tool: 'file_read' });
  });

  it('calls the repair hook at most once per call', async () => {
    const hook = vi.fn(async ({ call }: { call: { id: string; name: string } }) => ({ ...call, name: 'still-wrong', arguments: '{}' }));
    const r = await runLoop({ provider: new ScriptedModel([toolCall('wrong', {}), text('ok')]), model: 'm', messages: task, tools: toolSet([echo()]), repairToolCall: hook });
    expect(hook).toHaveBeenCalledTimes(1);
    expect(r.steps[0]!.toolOutcomes[0]!.kind).toBe('unknown_tool');
    const fixer = vi.fn(async ({ call }: { call: { id: string } }) => ({ id: call.id, name: 'echo', arguments: '{"x": 3}' }));
    const r2 = await runLoop({ provider: new ScriptedModel([toolCall('echo', { x: 'nan' }), text('ok')]), model: 'm', messages: task, tools: toolSet([echo()]), repairToolCall: fixer });
    expect(fixer).toHaveBeenCalledWith(expect.objectContaining({ error: 'invalid_args' }));
    expect(r2.steps[0]!.toolOutcomes[0]).toMatchObject({ kind: 'ok', repaired: true });
  });

  it('reports every schema error with its path', async () => {
    const model = new ScriptedModel([toolCall('echo', { x: 'one' }), text('ok')]);
    await runLoop({ provider: model, model: 'm', messages: task, tools: toolSet([echo()]) });
    expect(model.calls[1]!.request.messages.find((m) => m.role === 'tool')?.content).toMatch(/^Error: Parameter validation failed: x: /);
  });
});

describe('policy and approvals', () => {
  const ask: ToolPolicy = { check: (c) => (c.name === 'shell' ? { decision: 'ask', reason: 'shell needs approval', rule: 'shell:*' } : { decision: 'allow' }) };

  it('sends the denial reason and rule to the model', async () => {
    const model = new ScriptedModel([toolCall('shell', { command: 'ls' }), text('ok')]);
    await runLoop({ provider: model, model: 'm', messages: task, tools: parityTools().set, policy: { check: () => ({ decision: 'deny', reason: 'requires approval', rule: 'file_ops:write' }) } });
    expect(model.calls[1]!.request.messages.find((m) => m.role === 'tool')?.content).toBe("Error: Tool 'shell' denied by policy `file_ops:write`: requires approval");
  });

  it('ask with a handler: approved runs, rejected is reported', async () => {
    const approve: ApprovalHandler = { request: async ({ call }) => ({ callId: call.callId, approved: true }) };
    const reject: ApprovalHandler = { request: async ({ call }) => ({ callId: call.callId, approved: false, note: 'not today' }) };
    const a = parityTools();
    const r1 = await runLoop({ provider: new ScriptedModel([toolCall('shell', { command: 'ls' }), text('ok')]), model: 'm', messages: task, tools: a.set, policy: ask, approvals: approve });
    expect([r1.status, a.shell.inputs.length]).toEqual(['completed', 1]);
    const b = parityTools();
    const r2 = await runLoop({ provider: new ScriptedModel([toolCall('shell', { command: 'ls' }), text('ok')]), model: 'm', messages: task, tools: b.set, policy: ask, approvals: reject });
    expect(b.shell.inputs).toHaveLength(0);
    expect(r2.steps[0]!.toolOutcomes[0]).toMatchObject({ kind: 'rejected_by_user', content: "Error: Tool 'shell' call rejected by user: not today" });
  });

  it('ask without a handler ends awaiting_approval; resume gives the same transcript as inline approval', async () => {
    const script = (): ScriptStep[] => [{ toolCalls: [{ name: 'file_ops', args: { p: 1 } }, { name: 'shell', args: { command: 'ls' } }] }, text('done')];
    const inline = await runLoop({ provider: new ScriptedModel(script()), model: 'm', messages: task, tools: parityTools().set, policy: ask, runId: 'r1', approvals: { request: async ({ call }) => ({ callId: call.callId, approved: true }) } });
    const tools = parityTools();
    const model = new ScriptedModel(script());
    const base = { provider: model, model: 'm', messages: task, tools: tools.set, policy: ask, runId: 'r1' };
    const paused = await runLoop(base);
    expect(paused.status).toBe('awaiting_approval');
    expect(tools.fileOps.inputs).toHaveLength(1);
    expect(tools.shell.inputs).toHaveLength(0);
    const state = JSON.parse(JSON.stringify(paused.state));
    const resumed = await resumeLoop(base, state, [{ callId: 'call_2', approved: true }]);
    expect(resumed.status).toBe('completed');
    expect(tools.shell.inputs).toEqual([{ command: 'ls' }]);
    expect(JSON.stringify(resumed.messages)).toBe(JSON.stringify(inline.messages));
  });
});

describe('tool sets and defaults', () => {
  it('blocked tools are neither advertised nor executable', async () => {
    const reg = new ToolRegistry();
    reg.register(stubTool('a'));
    reg.register(stubTool('b'));
    reg.setStatus('b', 'blocked');
    const model = new ScriptedModel([toolCall('b', {}), text('ok')]);
    const r = await runLoop({ provider: model, model: 'm', messages: task, tools: reg.toolSet() });
    expect(model.calls[0]!.request.tools?.map((t) => t.name)).toEqual(['a']);
    expect(r.steps[0]!.toolOutcomes[0]!.kind).toBe('unknown_tool');
    expect(reg.toolSet().narrow({ deny: ['a'] }).names).toEqual([]);
  });

  it('applies parameter defaults before validation', async () => {
    const t = stubTool('search', (i) => JSON.stringify(i), { inputSchema: { type: 'object', required: ['q', 'limit'] } });
    const r = await runLoop({ provider: new ScriptedModel([toolCall('search', { q: 'x' }), text('ok')]), model: 'm', messages: task, tools: toolSet([t]), toolParameterDefaults: { search: { limit: 5 } } });
    expect(r.steps[0]!.toolOutcomes[0]!.kind).toBe('ok');
    expect(t.inputs).toEqual([{ limit: 5, q: 'x' }]);
  });
});

describe('hooks and sinks never change the outcome', () => {
  it('throwing, rejecting and hanging hooks and sinks', async () => {
    const hanging = () => new Promise<void>(() => undefined);
    const thrower = () => {
      throw new Error('hook down');
    };
    const r = await runLoop({
      provider: new ScriptedModel([toolCall('shell', { command: 'ls' }), text('ok')]),
      model: 'm',
      messages: task,
      tools: parityTools().set,
      hooks: [
        { onRunStart: thrower, onStepStart: thrower, onModelRequest: thrower, onModelResult: thrower, onToolCallStart: thrower, onToolCallEnd: thrower, onRunEnd: thrower },
        { onRunStart: hanging, onStepStart: hanging, onModelResult: () => Promise.reject(new Error('x')), onRunEnd: hanging },
      ],
      learning: { record: hanging },
      checkpointer: { save: () => Promise.reject(new Error('disk full')), load: async () => undefined },
    });
    expect(r.status).toBe('completed');
    expect(r.toolCallsMade).toBe(1);
  });
});

describe('context management', () => {
  it('fits before every model call and compacts once on provider overflow', async () => {
    const calls: Array<{ force: boolean; n: number }> = [];
    const context: ContextManagerLike = {
      fit: async (ms, o) => {
        calls.push({ force: o.force === true, n: ms.length });
        return { messages: o.force === true ? ms.slice(0, 2) : [...ms], report };
      },
    };
    const model = new ScriptedModel([toolCall('shell', { command: 'ls' }), fail(new ContextOverflowError('too long')), text('ok')]);
    const r = await runLoop({ provider: model, model: 'm', messages: [{ role: 'system', content: 's' }, ...task], tools: parityTools().set, context });
    expect(r.status).toBe('completed');
    expect(calls.map((c) => c.force)).toEqual([false, false, true]);
    const overflowAgain = await runLoop({ provider: new ScriptedModel([fail(new ContextOverflowError('x')), fail(new ContextOverflowError('x'))]), model: 'm', messages: task, context });
    expect(overflowAgain.status).toBe('context_exhausted');
  });
});

describe('completion modes and parsing', () => {
  it('outputSchema: one corrective turn, then valid output completes', async () => {
    const r = await runLoop({ provider: new ScriptedModel([text('{"a":1}'), text('{"b":2}')]), model: 'm', messages: task, outputSchema: { type: 'object', required: ['b'] } });
    expect([r.status, r.output]).toEqual(['completed', { b: 2 }]);
  });

  it('stop-tool: the final tool arguments are the output', async () => {
    const final = stubTool('final_answer');
    const r = await runLoop({ provider: new ScriptedModel([text('thinking'), toolCall('final_answer', { answer: 7 })]), model: 'm', messages: task, tools: toolSet([final]), completion: { mode: 'stop-tool', toolName: 'final_answer' } });
    expect([r.status, r.output]).toEqual(['completed', { answer: 7 }]);
  });

  it('text tool calls (ReAct) run when enabled', async () => {
    const t = parityTools();
    const r = await runLoop({ provider: new ScriptedModel([text('Thought: look\nAction: shell\nAction Input: {"command": "ls"}'), text('done')]), model: 'm', messages: task, tools: t.set, textToolCalls: true });
    expect(t.shell.inputs).toEqual([{ command: 'ls' }]);
    expect(r.status).toBe('completed');
  });

  it('finalStepToolChoice none forces an answer on the last iteration', async () => {
    const model = new ScriptedModel((_r, i) => toolCall('shell', { command: String(i) }));
    await runLoop({ provider: model, model: 'm', messages: task, tools: parityTools().set, maxIterations: 2, finalStepToolChoice: 'none' });
    expect(model.calls.map((c) => c.request.toolChoice)).toEqual([undefined, 'none']);
  });

  it('rejects invalid options with a typed error', async () => {
    await expect(runLoop({ provider: new ScriptedModel([]), model: '', messages: task })).rejects.toMatchObject({ code: 'RUNTIME_BAD_OPTIONS' });
    await expect(runLoop({ provider: new ScriptedModel([]), model: 'm', messages: task, maxIterations: 0 })).rejects.toThrow(/maxIterations/);
  });
});

describe('stream events', () => {
  it('emits the lifecycle in order and serialises to SSE', async () => {
    const s = streamLoop({ provider: new ScriptedModel([toolCall('shell', { command: 'ls' }), text('ok')]), model: 'm', messages: task, tools: parityTools().set });
    const types: string[] = [];
    for await (const e of s) types.push(e.type);
    expect(types.slice(0, 3)).toEqual(['run-start', 'step-start', 'model-request']);
    expect(types).toContain('tool-call-start');
    expect(types).toContain('tool-call-end');
    expect(types.at(-1)).toBe('run-end');
    const sse = streamLoop({ provider: new ScriptedModel([text('ok')]), model: 'm', messages: task }).toSSE();
    const textOut = await new Response(sse).text();
    expect(textOut).toContain('event: run-end');
  });
});
