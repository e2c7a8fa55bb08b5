import { ManualClock, callbackExporter, createEffortRouter, type AgentTelemetry, type RoutingDecision } from '@agent33/observability';
import { createTestTelemetry } from '@agent33/observability/otel-sdk';
import { describe, expect, it, vi } from 'vitest';
import { AgentRuntime, type RuntimeDeps } from '../src/agents/runtime.js';
import { AgentRegistry } from '../src/agents/registry.js';
import { parseAgentDefinition, type AgentDefinition } from '../src/agents/definition.js';
import { MissingInputError } from '../src/errors/missing-input-error.js';
import { ModelError } from '../src/errors/model-error.js';
import { ScriptedModel, fail, text, toolCall } from '../src/testing/index.js';
import { ToolRegistry } from '../src/tools/registry.js';
import { telemetryHooks } from '../src/telemetry/hooks.js';
import type { AgentStrategy, LearningSignal, MemoryRecall } from '../src/ports/index.js';
import type { SkillDefinition } from '../src/skills/types.js';
import type { ContextManagerLike } from '../src/context/types.js';
import { pendingSleeps, stubTool, until } from './helpers.js';

const agentJson = {
  name: 'test-agent',
  version: '1.0.0',
  role: 'implementer',
  description: 'Does test things',
  inputs: { task: { type: 'string', description: 'what to do', required: true } },
  outputs: { result: { type: 'string', description: 'the result' } },
  skills: ['code-review', 'testing'],
};

function skill(name: string, instructions: string): SkillDefinition {
  return {
    name, version: '1.0.0', description: `${name} skill`, instructions, allowedTools: [], disallowedTools: [], toolParameterDefaults: {},
    invocationMode: 'both', executionContext: 'inline', approvalRequiredFor: [], references: [], tags: [], status: 'active', dependencies: [], schemaVersion: '1',
  };
}

const runtimeWith = (model: ScriptedModel, extra: Partial<RuntimeDeps>) => runtime(model, extra);

function runtime(model: ScriptedModel, extra: Partial<RuntimeDeps> = {}): { rt: AgentRuntime; def: AgentDefinition; tools: ToolRegistry } {
  const agents = new AgentRegistry();
  const def = parseAgentDefinition(agentJson);
  agents.register(def);
  const tools = new ToolRegistry();
  tools.register(stubTool('test_tool'));
  return { rt: new AgentRuntime({ models: model, agents, tools, defaultModel: 'test-model', ...extra }), def, tools };
}

describe('context budgeting in the façade', () => {
  it('is on by default: a task that cannot fit ends context_exhausted before any model call', async () => {
    const model = new ScriptedModel([text('{"result":"never"}')]);
    const { rt } = runtime(model);
    // About 400k tokens of pinned task text: more than the default 128k window can hold.
    const r = await rt.invokeIterative('test-agent', { task: 'word '.repeat(400_000) });
    expect(r.terminationReason).toBe('context_exhausted');
    expect(model.calls).toHaveLength(0);
  });

  it('uses the host factory when one is given', async () => {
    const model = new ScriptedModel([text('{"result":"ok"}')]);
    const fits: string[] = [];
    const host: ContextManagerLike = {
      fit: async (messages, options) => {
        fits.push(options.model);
        const components = { system: 0, skills: 0, memory: 0, tools: 0, history: 0, stepResults: 0 };
        return { messages: [...messages], report: { before: 0, after: 0, available: 1_000, actions: [], components } };
      },
    };
    const { rt } = runtime(model, { context: () => host });
    await rt.invokeIterative('test-agent', { task: 'x' });
    expect(fits).toEqual(['test-model']);
  });
});

describe('invokeIterative (reference scenarios)', () => {
  it('requires a tool registry', async () => {
    const rt = new AgentRuntime({ models: new ScriptedModel([]), defaultModel: 'm' });
    await expect(rt.invokeIterative(parseAgentDefinition(agentJson), { task: 'x' })).rejects.toThrow(/tool registry/);
  });

  it('double confirmation (parity knob): text then COMPLETED completes in 2 iterations with no calls', async () => {
    const { rt } = runtime(new ScriptedModel([text('draft'), text('COMPLETED: {"result": "done"}')]));
    const r = await rt.invokeIterative('test-agent', { task: 'x' }, { completion: { mode: 'confirm' } });
    expect([r.terminationReason, r.toolCallsMade, r.toolsUsed, r.iterations, r.output]).toEqual(['completed', 0, [], 2, { result: 'done' }]);
  });

  it('default completion is first-text: one iteration', async () => {
    const { rt } = runtime(new ScriptedModel([text('{"result":"done"}')]));
    const r = await rt.invokeIterative('test-agent', { task: 'x' });
    expect([r.iterations, r.output]).toEqual([1, { result: 'done' }]);
  });

  it('tool call then text', async () => {
    const { rt } = runtime(new ScriptedModel([toolCall('test_tool', {}), text('{"result":"ok"}')]));
    const r = await rt.invokeIterative('test-agent', { task: 'x' });
    expect([r.iterations, r.toolCallsMade, r.toolsUsed, r.output]).toEqual([2, 1, ['test_tool'], { result: 'ok' }]);
  });

  it('injects the skill index once and one instruction block per active skill', async () => {
    const model = new ScriptedModel([text('done')]);
    const catalog = new Map([['code-review', skill('code-review', 'REVIEW-INSTRUCTIONS')], ['testing', skill('testing', 'TESTING-INSTRUCTIONS')]]);
    const skills = { get: vi.fn((n: string) => catalog.get(n)), list: () => [...catalog.values()] };
    const { rt } = runtime(model, { skills });
    await rt.invokeIterative('test-agent', { task: 'x' });
    const system = model.calls[0]!.request.messages[0]!.content as string;
    expect(system).toContain('## Available Skills\n- code-review: code-review skill\n- testing: testing skill');
    expect(system).toContain('## Active Skill: code-review');
    expect(system).toContain('REVIEW-INSTRUCTIONS');
    expect(system).toContain('TESTING-INSTRUCTIONS');
  });

  it('recalls memory once with level index and top 5 into the system prompt; failures are tolerated', async () => {
    const search = vi.fn(async () => [{ content: 'remembered fact' }]);
    const model = new ScriptedModel([text('done'), text('done')]);
    const { rt } = runtime(model, { memory: { search } });
    await rt.invokeIterative('test-agent', { task: 'x' });
    expect(search).toHaveBeenCalledTimes(1);
    expect(search).toHaveBeenCalledWith(expect.any(String), expect.objectContaining({ level: 'index', topK: 5 }));
    expect(model.calls[0]!.request.messages[0]!.content).toContain('remembered fact');
    const broken: MemoryRecall = { search: async () => Promise.reject(new Error('db down')) };
    const r = await runtime(new ScriptedModel([text('done')]), { memory: broken }).rt.invokeIterative('test-agent', { task: 'x' });
    expect(r.status).toBe('completed');
  });

  it('validates required inputs before any port is called', async () => {
    const search = vi.fn(async () => []);
    const resolve = vi.fn();
    const model = new ScriptedModel([text('done')]);
    const { rt } = runtime(model, { memory: { search }, router: { resolve } });
    const e = await rt.invokeIterative('test-agent', {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(MissingInputError);
    expect((e as Error).message).toBe('Missing required input: task');
    expect([search.mock.calls.length, resolve.mock.calls.length, model.calls.length]).toEqual([0, 0, 0]);
  });

  it('reports the run to the learning sink; failing sinks and hooks do not crash', async () => {
    const signals: LearningSignal[] = [];
    const { rt } = runtime(new ScriptedModel([toolCall('test_tool', {}), text('done')]), {
      learning: { record: (s) => void signals.push(s) },
      hooks: [{ onRunEnd: () => { throw new Error('trace down'); } }],
    });
    const r = await rt.invokeIterative('test-agent', { task: 'x' }, { sessionId: 's-1' });
    expect(r.status).toBe('completed');
    expect(signals.find((s) => s.type === 'run')).toMatchObject({ agent: 'test-agent', status: 'completed', iterations: 2, toolsUsed: ['test_tool'] });
    const failing = runtime(new ScriptedModel([text('done')]), { learning: { record: () => { throw new Error('x'); } } });
    expect((await failing.rt.invokeIterative('test-agent', { task: 'x' })).status).toBe('completed');
  });

  it('sums tokens across iterations', async () => {
    const { rt } = runtime(new ScriptedModel([
      { toolCalls: [{ name: 'test_tool', args: {} }], usage: { inputTokens: 100, outputTokens: 50 } },
      { text: 'done', usage: { inputTokens: 80, outputTokens: 30 } },
    ]));
    expect((await rt.invokeIterative('test-agent', { task: 'x' })).tokensUsed).toBe(260);
  });

  it('forwards the model and temperature', async () => {
    const model = new ScriptedModel([text('done')]);
    await runtime(model).rt.invokeIterative('test-agent', { task: 'x' }, { model: 'gpt-4o', temperature: 0.3 });
    expect(model.calls[0]!.request).toMatchObject({ model: 'gpt-4o', temperature: 0.3 });
  });

  it('a completed strategy result is returned with its stats merged; the model is not called', async () => {
    const model = new ScriptedModel([]);
    const strategy: AgentStrategy = { run: vi.fn(async () => ({ status: 'completed', output: 'final answer', steps: 3, usage: { inputTokens: 10, outputTokens: 5, cacheReadInputTokens: 0, reasoningOutputTokens: 0 }, toolCallsMade: 2 })) };
    const r = await runtime(model, { strategy }).rt.invokeIterative('test-agent', { task: 'x' });
    expect([r.output, r.rawResponse, r.iterations, r.tokensUsed, r.toolCallsMade, model.calls.length]).toEqual([{ response: 'final answer' }, 'final answer', 3, 15, 2, 0]);
  });

  it('a degraded strategy falls back to the plain loop', async () => {
    const model = new ScriptedModel([text('done')]);
    const run = vi.fn(async () => ({ status: 'degraded_phase_dispatch_failure', output: null, steps: 0, degraded: true }));
    const r = await runtime(model, { strategy: { run } }).rt.invokeIterative('test-agent', { task: 'x' });
    expect([r.iterations, run.mock.calls.length, r.status]).toEqual([1, 1, 'completed']);
  });

  it('unknown agents throw UnknownAgentError', async () => {
    await expect(runtime(new ScriptedModel([])).rt.invokeIterative('nope', {})).rejects.toMatchObject({ code: 'RUNTIME_UNKNOWN_AGENT' });
  });
});

describe('definition constraints are enforced', () => {
  it('max_tokens caps output, timeout_seconds becomes the deadline, parallel_allowed=false forces sequential', async () => {
    const clock = new ManualClock(0);
    const def = parseAgentDefinition({ ...agentJson, constraints: { max_tokens: 512, timeout_seconds: 10, parallel_allowed: false } });
    const model = new ScriptedModel([{ delayMs: 60_000, then: text('late') }], { clock });
    const tools = new ToolRegistry();
    tools.register(stubTool('test_tool'));
    const rt = new AgentRuntime({ models: model, tools, defaultModel: 'm', clock });
    const pending = rt.invokeIterative(def, { task: 'x' });
    // Two sleeps: the run deadline (timeout_seconds) and the model delay.
    await until(() => model.calls.length === 1 && pendingSleeps(clock) === 2, 'the model delay');
    clock.advance(10_000);
    const r = await pending;
    expect(r.status).toBe('deadline_exceeded');
    expect(r.terminationReason).toBe('budget_exceeded');
    expect(model.calls[0]!.request).toMatchObject({ maxOutputTokens: 512, parallelToolCalls: false });
  });

  it('skills narrow the tool set: disallowed tools are removed even without an allowlist; defaults are applied', async () => {
    const model = new ScriptedModel([toolCall('search', { q: 'x' }), text('done')]);
    const tools = new ToolRegistry();
    const search = stubTool('search', () => 'hits', { inputSchema: { type: 'object', required: ['q', 'limit'] } });
    tools.register(search);
    tools.register(stubTool('shell'));
    const catalog = { get: (n: string) => (n === 'safe' ? { ...skill('safe', 'be safe'), disallowedTools: ['shell'], toolParameterDefaults: { search: { limit: 3 } } } : undefined), list: () => [] };
    const rt = new AgentRuntime({ models: model, tools, skills: catalog, defaultModel: 'm' });
    const r = await rt.invokeIterative(parseAgentDefinition({ ...agentJson, skills: ['safe'] }), { task: 'x' });
    expect(model.calls[0]!.request.tools?.map((t) => t.name)).toEqual(['search']);
    expect(search.inputs).toEqual([{ limit: 3, q: 'x' }]);
    expect(r.status).toBe('completed');
  });
});

describe('explicit tool allowlist', () => {
  it('narrows the advertised tools to the listed names', async () => {
    const model = new ScriptedModel([text('done')]);
    const { rt, tools } = runtime(model);
    tools.register(stubTool('other_tool'));
    await rt.invokeIterative('test-agent', { task: 'x' }, { tools: ['other_*'] });
    expect(model.calls[0]!.request.tools?.map((t) => t.name)).toEqual(['other_tool']);
  });
});

describe('invoke (single shot)', () => {
  it('parses output the reference way and reports tokens', async () => {
    const { rt } = runtime(new ScriptedModel([text('```json\n{"result": "ok"}\n```'), text('[1,2]'), text('plain words')]));
    expect((await rt.invoke('test-agent', { task: 'x' })).output).toEqual({ result: 'ok' });
    expect((await rt.invoke('test-agent', { task: 'x' })).output).toEqual({ result: [1, 2] });
    const r = await rt.invoke('test-agent', { task: 'x' });
    expect(r.output).toEqual({ result: 'plain words' });
    expect(r.tokensUsed).toBeGreaterThan(0);
  });

  it('retries retryable errors up to max_retries, then fails with the reference message', async () => {
    const retryable = () => fail(new ModelError('busy', { kind: 'server', retryable: true }));
    // Backoff waits resolve at once: the test is about attempt counting, not timing.
    const instant = { clock: { now: () => 0, sleep: async () => undefined } };
    const runtime = (m: ScriptedModel) => runtimeWith(m, instant);
    const ok = runtime(new ScriptedModel([retryable(), text('{"result": "ok"}')]));
    expect((await ok.rt.invoke('test-agent', { task: 'x' })).output).toEqual({ result: 'ok' });
    const bad = runtime(new ScriptedModel([retryable(), retryable(), retryable(), text('never')]));
    await expect(bad.rt.invoke('test-agent', { task: 'x' })).rejects.toThrow("Agent 'test-agent' failed after 3 attempts");
    const fatal = runtime(new ScriptedModel([fail(new ModelError('bad', { kind: 'invalid_request' })), text('never')]));
    await expect(fatal.rt.invoke('test-agent', { task: 'x' })).rejects.toMatchObject({ code: 'RUNTIME_INVOCATION_FAILED' });
  });
});

describe('effort routing', () => {
  const router = () => {
    const r = createEffortRouter({ enabled: true, tiers: { high: { model: 'big-model', tokenMultiplier: 2 } } });
    if (!r.ok) throw new Error('router config');
    return r.value;
  };

  it('applies the decision (model, token budget) and reports the outcome, failures included', async () => {
    const recorded: string[] = [];
    const telemetry = {
      recordRoutingDecision: vi.fn(async (d: RoutingDecision) => void recorded.push(`decision:${d.model}`)),
      recordInvocationOutcome: vi.fn((_d: RoutingDecision, o: { ok: boolean; errorType?: string }) => void recorded.push(o.ok ? 'ok' : `fail:${o.errorType}`)),
    } as unknown as AgentTelemetry;
    const model = new ScriptedModel([text('done'), fail(new Error('x')), fail(new Error('x')), fail(new Error('x'))]);
    const { rt } = runtime(model, { router: router(), telemetry });
    const r = await rt.invokeIterative('test-agent', { task: 'x' }, { effort: 'high' });
    expect(model.calls[0]!.request).toMatchObject({ model: 'big-model', maxOutputTokens: 8192 });
    expect(r.routingDecision?.effort).toBe('high');
    const failed = await rt.invokeIterative('test-agent', { task: 'x' }, { effort: 'high' });
    expect(failed.status).toBe('consecutive_errors');
    expect(recorded).toEqual(['decision:big-model', 'ok', 'decision:big-model', 'fail:F-EXE-TL08']);
  });

  it('fail-closed telemetry stops the call before any tokens are spent; the same failure in a hook changes nothing', async () => {
    const t = createTestTelemetry({ telemetry: { failClosed: true, exporters: [callbackExporter(() => { throw new Error('exporter down'); })] } });
    const model = new ScriptedModel([text('done'), text('done')]);
    const { rt } = runtime(model, { router: router(), telemetry: t.telemetry });
    await expect(rt.invokeIterative('test-agent', { task: 'x' })).rejects.toMatchObject({ code: 'OBS_TELEMETRY_EXPORT' });
    await expect(rt.invoke('test-agent', { task: 'x' })).rejects.toMatchObject({ code: 'OBS_TELEMETRY_EXPORT' });
    expect(model.calls).toHaveLength(0);
    const viaHook = runtime(model, { router: router(), hooks: [{ onRoutingDecision: (d) => t.telemetry.recordRoutingDecision(d) }] });
    expect((await viaHook.rt.invokeIterative('test-agent', { task: 'x' })).status).toBe('completed');
    const open = createTestTelemetry({ telemetry: { failClosed: false, exporters: [callbackExporter(() => { throw new Error('exporter down'); })] } });
    const failOpen = runtime(new ScriptedModel([text('done')]), { router: router(), telemetry: open.telemetry });
    expect((await failOpen.rt.invokeIterative('test-agent', { task: 'x' })).status).toBe('completed');
    await t.shutdown();
    await open.shutdown();
  });
});

describe('default router, stream and resume', () => {
  it('routes in shadow mode by default: the decision is recorded and changes nothing', async () => {
    const recordRoutingDecision = vi.fn(async () => undefined);
    const telemetry = { recordRoutingDecision, recordInvocationOutcome: vi.fn() } as unknown as AgentTelemetry;
    const model = new ScriptedModel([text('done')]);
    const r = await runtime(model, { telemetry }).rt.invokeIterative('test-agent', { task: 'x' });
    expect(r.routingDecision).toMatchObject({ routingEnabled: false, model: 'test-model', maxTokens: 4096 });
    expect(recordRoutingDecision).toHaveBeenCalledTimes(1);
    expect(model.calls[0]!.request).toMatchObject({ model: 'test-model', maxOutputTokens: 4096 });
  });

  it('streams typed events of an agent run', async () => {
    const { rt } = runtime(new ScriptedModel([toolCall('test_tool', {}), text('done')]));
    const s = rt.stream('test-agent', { task: 'x' });
    const types: string[] = [];
    for await (const e of s) types.push(e.type);
    expect(types[0]).toBe('run-start');
    expect(types).toContain('routing-decision');
    expect(types.at(-1)).toBe('run-end');
    expect((await s.result).status).toBe('completed');
  });

  it('pauses on approval and resumes from the serialised state', async () => {
    const def = parseAgentDefinition({ ...agentJson, governance: { tool_policies: { test_tool: 'ask' } } });
    const agents = new AgentRegistry();
    agents.register(def);
    const tools = new ToolRegistry();
    const tool = stubTool('test_tool');
    tools.register(tool);
    const model = new ScriptedModel([toolCall('test_tool', { a: 1 }), text('{"result": "approved"}')]);
    const rt = new AgentRuntime({ models: model, agents, tools, defaultModel: 'm' });
    const paused = await rt.invokeIterative('test-agent', { task: 'x' });
    expect([paused.status, tool.inputs.length]).toEqual(['awaiting_approval', 0]);
    const resumed = await rt.resume(JSON.parse(JSON.stringify(paused.state)), [{ callId: 'call_1', approved: true }]);
    expect([resumed.status, resumed.output, tool.inputs]).toEqual(['completed', { result: 'approved' }, [{ a: 1 }]]);
  });
});

describe('telemetry hooks', () => {
  it('one invoke_agent span per run with child chat and execute_tool spans; failures carry the taxonomy subcode', async () => {
    const t = createTestTelemetry();
    const hooks = [telemetryHooks(t.telemetry)];
    const { rt } = runtime(new ScriptedModel([toolCall('test_tool', {}), text('done')]), { hooks });
    await rt.invokeIterative('test-agent', { task: 'x' });
    await new Promise((r) => setTimeout(r, 10));
    const agentSpans = t.spansNamed('invoke_agent', true);
    expect(agentSpans).toHaveLength(1);
    const parentId = agentSpans[0]!.spanContext().spanId;
    const children = t.spans().filter((s) => s.parentSpanContext?.spanId === parentId).map((s) => s.name.split(' ')[0]);
    expect(children.filter((n) => n === 'chat')).toHaveLength(2);
    expect(children.filter((n) => n === 'execute_tool')).toHaveLength(1);
    t.reset();
    const failing = runtime(new ScriptedModel((_r, i) => toolCall('test_tool', { i })), { hooks });
    await failing.rt.invokeIterative('test-agent', { task: 'x' }, { maxIterations: 2 });
    await new Promise((r) => setTimeout(r, 10));
    const failed = t.spansNamed('invoke_agent', true)[0]!;
    expect(failed.attributes['error.type']).toBe('F-RES-TL04');
    await t.shutdown();
  });
});
