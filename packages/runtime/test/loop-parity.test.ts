import { describe, expect, it, vi } from 'vitest';
import { runLoop } from '../src/loop/run.js';
import { CONFIRMATION_PROMPT } from '../src/loop/completion.js';
import { ScriptedModel, fail, text, toolCall, type ScriptStep } from '../src/testing/index.js';
import { toolSet } from '../src/tools/toolset.js';
import type { RunOptions } from '../src/loop/types.js';
import type { LearningSignal, RuntimeHooks } from '../src/ports/index.js';
import type { PolicyDecision } from '../src/policy/types.js';
import { parityTools, stubTool } from './helpers.js';

// The reference's tool-loop scenarios, ported as behaviours. Parity knobs are named where the default differs.
const user = [{ role: 'system' as const, content: 'sys' }, { role: 'user' as const, content: 'task' }];

function setup(script: ScriptStep[] | ((r: never, i: number) => ScriptStep), opts: Partial<RunOptions> = {}) {
  const model = new ScriptedModel(script as ScriptStep[], { onExhausted: 'throw' });
  const tools = parityTools();
  const run = () => runLoop({ provider: model, model: 'test-model', messages: structuredClone(user), tools: tools.set, ...opts });
  return { model, tools, run };
}

const err = () => fail(new Error('llm down'));

describe('termination', () => {
  it('first text completes in one iteration without confirmation', async () => {
    const { run } = setup([text('done')]);
    const r = await run();
    expect([r.status, r.iterations, r.text, r.toolCallsMade]).toEqual(['completed', 1, 'done', 0]);
  });

  it('endless tool calls stop at max_iterations', async () => {
    const { run } = setup((_r, i) => toolCall('shell', { command: `ls ${i}` }));
    const r = await run.call(null);
    const limited = await runLoop({ provider: new ScriptedModel((_r, i) => toolCall('shell', { command: `ls ${i}` })), model: 'm', messages: structuredClone(user), tools: parityTools().set, maxIterations: 3 });
    expect(r.status).toBe('max_iterations');
    expect(limited.status).toBe('max_iterations');
    expect(limited.iterations).toBe(3);
    expect(limited.detail).toContain('3 iterations');
  });

  it('a model that always fails ends with consecutive_errors (legacy "error")', async () => {
    const { run } = setup((_r: never, _i: number) => err(), { consecutiveErrorLimit: 2 });
    const r = await run();
    expect(r.status).toBe('consecutive_errors');
    expect(r.iterations).toBeGreaterThanOrEqual(2);
  });

  it('a JSON object answer becomes the output', async () => {
    const r = await setup([text('{"answer": 42}')]).run();
    expect(r.output).toEqual({ answer: 42 });
  });
});

describe('tools', () => {
  it('runs a single call with its arguments', async () => {
    const { run, tools } = setup([toolCall('shell', { command: 'ls' }), text('done')]);
    const r = await run();
    expect(tools.shell.inputs).toEqual([{ command: 'ls' }]);
    expect(r.toolCallsMade).toBe(1);
    expect(r.toolsUsed).toContain('shell');
  });

  it('runs two calls of one response', async () => {
    const { run } = setup([{ toolCalls: [{ name: 'shell', args: { command: 'ls' } }, { name: 'file_ops', args: { path: '/a' } }] }, text('done')]);
    const r = await run();
    expect(new Set(r.toolsUsed)).toEqual(new Set(['shell', 'file_ops']));
  });

  it('an unknown tool is reported to the model and the run still completes', async () => {
    const { run, model } = setup([toolCall('nope', {}), text('done')]);
    const r = await run();
    const toolMsg = model.calls[1]!.request.messages.find((m) => m.role === 'tool');
    expect(toolMsg?.content).toMatch(/Error:.*not found/);
    expect(r.status).toBe('completed');
  });

  it('a policy denial skips execution and the run completes', async () => {
    const check = vi.fn((): PolicyDecision => ({ decision: 'deny', reason: 'no shell', rule: 'shell' }));
    const { run, tools } = setup([toolCall('shell', { command: 'rm -rf /' }), text('done')], { policy: { check } });
    const r = await run();
    expect(tools.shell.inputs).toHaveLength(0);
    expect(check).toHaveBeenCalledTimes(1);
    expect(r.status).toBe('completed');
  });

  it('10 calls with a cap of 3 execute 3 and answer the rest as skipped_cap', async () => {
    const calls = Array.from({ length: 10 }, (_, i) => ({ name: 'shell', args: { command: `echo ${i}` } }));
    const { run, model } = setup([{ toolCalls: calls }, text('done')], { maxToolCallsPerStep: 3 });
    const r = await run();
    expect(r.toolCallsMade).toBe(3);
    const toolMsgs = model.calls[1]!.request.messages.filter((m) => m.role === 'tool');
    expect(toolMsgs).toHaveLength(10);
    expect(toolMsgs.filter((m) => m.content.includes('per-step limit'))).toHaveLength(7);
    expect(r.steps[0]!.toolOutcomes.filter((o) => o.kind === 'skipped_cap')).toHaveLength(7);
  });

  it('the second request holds the assistant tool call and its tool result', async () => {
    const { run, model } = setup([toolCall('shell', { command: 'pwd' }, 'call_abc'), text('done')]);
    await run();
    const msgs = model.calls[1]!.request.messages;
    const assistant = msgs.filter((m) => m.role === 'assistant' && (m.toolCalls?.length ?? 0) > 0);
    const tool = msgs.filter((m) => m.role === 'tool');
    expect(assistant).toHaveLength(1);
    expect(tool).toEqual([{ role: 'tool', toolCallId: 'call_abc', toolName: 'shell', content: '/home/user' }]);
  });
});

describe('double confirmation (completion: confirm)', () => {
  const confirm = { completion: { mode: 'confirm' as const } };

  it('injects the confirmation prompt, then COMPLETED ends the run keeping the prefix in the raw text', async () => {
    const { run, model } = setup([text('I think I am done'), text('COMPLETED: all good')], confirm);
    const r = await run();
    const last = model.calls[1]!.request.messages.at(-1)!;
    expect(last).toEqual({ role: 'user', content: CONFIRMATION_PROMPT });
    expect(r.iterations).toBe(2);
    expect(r.status).toBe('completed');
    expect(r.text).toBe('COMPLETED: all good');
    expect(r.output).toEqual({ response: 'all good' });
  });

  it('parses a JSON payload after COMPLETED', async () => {
    const r = await setup([text('done'), text('COMPLETED: {"result": 42}')], confirm).run();
    expect(r.output).toEqual({ result: 42 });
  });

  it('a tool call resets the pending confirmation', async () => {
    const r = await setup([text('a'), toolCall('shell', { command: 'ls' }), text('b'), text('COMPLETED: done')], confirm).run();
    expect(r.iterations).toBe(4);
    expect(r.status).toBe('completed');
  });

  it('disabled: exactly one model call', async () => {
    const { run, model } = setup([text('done')], { completion: { mode: 'first-text' } });
    await run();
    expect(model.calls).toHaveLength(1);
  });

  it('CONTINUE appends a user nudge so the transcript never ends on the assistant', async () => {
    const { run, model } = setup([text('a'), text('CONTINUE: more'), text('b'), text('COMPLETED: x')], confirm);
    const r = await run();
    expect(model.calls[2]!.request.messages.at(-1)).toEqual({ role: 'user', content: 'continue' });
    expect(r.status).toBe('completed');
  });

  it('ambiguous replies are bounded by maxConfirmations', async () => {
    const r = await setup([text('a'), text('maybe'), text('still unsure')], { completion: { mode: 'confirm', maxConfirmations: 2 } }).run();
    expect(r.status).toBe('completed');
    expect(r.detail).toBe('unconfirmed');
  });
});

describe('tokens', () => {
  it('sums usage across iterations', async () => {
    const r = await setup([
      { toolCalls: [{ name: 'shell', args: { command: 'ls' } }], usage: { inputTokens: 100, outputTokens: 50 } },
      { text: 'done', usage: { inputTokens: 80, outputTokens: 30 } },
    ]).run();
    expect(r.usage.inputTokens + r.usage.outputTokens).toBe(260);
  });

  it('keeps usage from a successful call before failures', async () => {
    const r = await setup([{ toolCalls: [{ name: 'shell', args: { command: 'ls' } }], usage: { inputTokens: 20, outputTokens: 10 } }, err(), err()], { consecutiveErrorLimit: 2 }).run();
    expect(r.usage.inputTokens + r.usage.outputTokens).toBe(30);
    expect(r.status).toBe('consecutive_errors');
  });
});

describe('observations (hooks and learning)', () => {
  it('hooks and learning signals carry the run and agent; a failing recorder does not break the run', async () => {
    const signals: LearningSignal[] = [];
    const hook: RuntimeHooks = {
      onModelResult: vi.fn(),
      onToolCallEnd: vi.fn(() => {
        throw new Error('recorder down');
      }),
    };
    const { run } = setup([toolCall('shell', { command: 'ls' }), text('done')], {
      hooks: hook,
      agentName: 'test-agent',
      runId: 'session-1',
      learning: { record: (s) => void signals.push(s) },
    });
    const r = await run();
    expect(r.status).toBe('completed');
    expect(hook.onModelResult).toHaveBeenCalledWith(expect.objectContaining({ runId: 'session-1' }));
    const tool = signals.find((s) => s.type === 'tool');
    expect(tool).toMatchObject({ type: 'tool', outcome: { tool: 'shell', kind: 'ok' } });
    expect(signals.find((s) => s.type === 'run')).toMatchObject({ agent: 'test-agent', runId: 'session-1', status: 'completed' });
    expect(signals.length).toBeGreaterThanOrEqual(2);
  });
});

describe('budget', () => {
  const ok = { ok: true };
  it('a step budget veto ends with budget_exceeded', async () => {
    const r = await setup([text('done')], { budget: { beforeStep: () => ({ ok: false, reason: 'iterations' }), beforeToolCall: () => ok, afterModelCall: () => ok } }).run();
    expect(r.status).toBe('budget_exceeded');
  });

  it('a duration veto after the model call ends with budget_exceeded', async () => {
    const r = await setup([toolCall('shell', { command: 'ls' }), text('done')], { budget: { beforeStep: () => ok, beforeToolCall: () => ok, afterModelCall: () => ({ ok: false, reason: 'duration' }) } }).run();
    expect(r.status).toBe('budget_exceeded');
  });

  it('a blocked tool call ends with budget_exceeded and never executes', async () => {
    const { run, tools } = setup([toolCall('shell', { command: 'ls' }), text('done')], {
      budget: { beforeStep: () => ok, beforeToolCall: () => ({ ok: false, reason: 'command blocked' }), afterModelCall: () => ok },
    });
    const r = await run();
    expect(r.status).toBe('budget_exceeded');
    expect(tools.shell.inputs).toHaveLength(0);
  });
});

describe('errors', () => {
  it('malformed arguments are fed back and the tool is not run', async () => {
    const { run, model, tools } = setup([toolCall('shell', '{not json at all'), text('done')]);
    const r = await run();
    expect(tools.shell.inputs).toHaveLength(0);
    const msgs = model.calls[1]!.request.messages.filter((m) => m.role === 'tool');
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.content).toMatch(/^Error: Invalid JSON/);
    expect(r.status).toBe('completed');
  });

  it('a raising tool is reported with its message', async () => {
    const boom = stubTool('boom', () => {
      throw new Error('boom');
    });
    const model = new ScriptedModel([toolCall('boom', {}), text('done')]);
    const r = await runLoop({ provider: model, model: 'm', messages: structuredClone(user), tools: toolSet([boom]) });
    expect(model.calls[1]!.request.messages.find((m) => m.role === 'tool')?.content).toContain('boom');
    expect(r.status).toBe('completed');
  });

  it('three model errors after one good tool step end the run with one call made', async () => {
    const r = await setup([toolCall('shell', { command: 'ls' }), err(), err(), err()]).run();
    expect(r.status).toBe('consecutive_errors');
    expect(r.toolCallsMade).toBe(1);
  });

  it('per-step counting (default) vs per-call counting (parity knob) for a batch of bad calls', async () => {
    const bad = { toolCalls: [{ name: 'shell', args: '{x' }, { name: 'shell', args: '{y' }, { name: 'shell', args: '{z' }] };
    const perStep = await setup([bad, text('done')]).run();
    const perCall = await setup([bad, text('done')], { errorCounting: 'per-call' }).run();
    expect([perStep.status, perCall.status]).toEqual(['completed', 'consecutive_errors']);
  });

  it('bad args, then a good call, then text completes (the counter resets)', async () => {
    const r = await setup([toolCall('shell', '{bad'), toolCall('shell', { command: 'ls' }), text('done')], { consecutiveErrorLimit: 3 }).run();
    expect(r.status).toBe('completed');
  });
});

describe('edges', () => {
  it('an empty tool-call list is text', async () => {
    const r = await setup([{ toolCalls: [], text: 'plain' }]).run();
    expect(r.status).toBe('completed');
    expect(r.output).toEqual({ response: 'plain' });
  });

  it('no tools registered: completes, tools undefined in the request, no tools used', async () => {
    const model = new ScriptedModel([text('done')]);
    const r = await runLoop({ provider: model, model: 'm', messages: structuredClone(user), tools: toolSet([]) });
    expect(r.toolsUsed).toEqual([]);
    expect(model.calls[0]!.request.tools).toBeUndefined();
  });

  it('fenced JSON output is parsed', async () => {
    const r = await setup([text('```json\n{"a": 1}\n```')]).run();
    expect(r.output).toEqual({ a: 1 });
  });

  it('the model name is forwarded and reflected in the result', async () => {
    const { model, run } = setup([text('done')]);
    const r = await run();
    expect(model.calls[0]!.request.model).toBe('test-model');
    expect(r.model).toBe('test-model');
  });

  it('tool specs (name, description) are passed to the model', async () => {
    const { model, run } = setup([text('done')]);
    await run();
    expect(model.calls[0]!.request.tools?.map((t) => [t.name, t.description])).toEqual([
      ['shell', 'shell tool'],
      ['file_ops', 'file_ops tool'],
    ]);
  });

  it('policy audit is called once per executed call with the outcome', async () => {
    const audit = vi.fn();
    await setup([toolCall('shell', { command: 'ls' }), text('done')], { policy: { check: () => ({ decision: 'allow' }), audit } }).run();
    expect(audit).toHaveBeenCalledTimes(1);
    expect(audit.mock.calls[0]![0]).toMatchObject({ name: 'shell', input: { command: 'ls' } });
    expect(audit.mock.calls[0]![1]).toMatchObject({ kind: 'ok', content: '/home/user' });
  });

  it('tools used are deduplicated', async () => {
    const r = await setup([toolCall('shell', { command: 'a' }), toolCall('shell', { command: 'b' }), text('done')]).run();
    expect(r.toolsUsed).toEqual(['shell']);
  });

  it('a default subject with tools:execute is supplied to policies and tools', async () => {
    const check = vi.fn((): PolicyDecision => ({ decision: 'allow' }));
    await setup([toolCall('shell', { command: 'ls' }), text('done')], { policy: { check } }).run();
    expect((check.mock.calls[0] as unknown[])[1]).toMatchObject({ subject: { scopes: ['tools:execute'] } });
  });
});

describe('loop detection', () => {
  const same = () => toolCall('shell', { command: 'ls' });

  it('the same call three times with threshold 3 stops before the third runs', async () => {
    const { run, tools } = setup([same(), same(), same(), text('done')], { loopDetection: { threshold: 3 } });
    const r = await run();
    expect(r.status).toBe('loop_detected');
    expect(r.iterations).toBe(3);
    expect(tools.shell.inputs).toHaveLength(2);
  });

  it('different calls complete', async () => {
    const r = await setup([toolCall('shell', { command: 'a' }), toolCall('shell', { command: 'b' }), toolCall('shell', { command: 'c' }), text('done')], { loopDetection: { threshold: 3 } }).run();
    expect(r.status).toBe('completed');
    expect(r.toolCallsMade).toBe(3);
  });

  it('threshold 0 (or false) allows ten identical calls', async () => {
    const script = [...Array.from({ length: 10 }, same), text('done')];
    const r = await setup(script, { loopDetection: { threshold: 0 } }).run();
    const r2 = await setup(script, { loopDetection: false }).run();
    expect([r.status, r2.status]).toEqual(['completed', 'completed']);
  });

  it('reordered JSON keys count as identical', async () => {
    const r = await setup([toolCall('file_ops', { a: 1, b: 2 }), toolCall('file_ops', '{"b": 2, "a": 1}'), toolCall('file_ops', { a: 1, b: 2 })], { loopDetection: { threshold: 3 } }).run();
    expect(r.status).toBe('loop_detected');
  });

  it('a different call resets the streak', async () => {
    const other = () => toolCall('shell', { command: 'other' });
    const { run, tools } = setup([same(), same(), other(), same(), same(), same()], { loopDetection: { threshold: 3 } });
    const r = await run();
    expect(r.status).toBe('loop_detected');
    expect(r.iterations).toBe(6);
    expect(tools.shell.inputs).toHaveLength(5);
  });

  it('first-call signature (parity) ignores later calls of the batch', async () => {
    const batch = (n: number): ScriptStep => ({ toolCalls: [{ name: 'shell', args: { command: 'ls' } }, { name: 'file_ops', args: { n } }] });
    const first = await setup([batch(1), batch(2), batch(3)], { loopDetection: { threshold: 3, signature: 'first-call' } }).run();
    const whole = await setup([batch(1), batch(2), batch(3), text('done')], { loopDetection: { threshold: 3 } }).run();
    expect(first.status).toBe('loop_detected');
    expect(whole.status).toBe('completed');
  });
});

describe('defaults', () => {
  it('uses 20 iterations, 5 calls per step, 3 consecutive errors and first-text completion', async () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ name: 'shell', args: { command: `c${i}` } }));
    const { run } = setup([{ toolCalls: many }, err(), err(), err()]);
    const r = await run();
    expect(r.toolCallsMade).toBe(5);
    expect(r.status).toBe('consecutive_errors');
    const r2 = await runLoop({ provider: new ScriptedModel((_r, i) => toolCall('shell', { command: `x${i}` })), model: 'm', messages: structuredClone(user), tools: parityTools().set });
    expect(r2.iterations).toBe(20);
  });
});
