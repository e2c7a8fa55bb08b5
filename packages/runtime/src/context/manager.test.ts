import { describe, expect, it } from 'vitest';
import type { Message, ToolSpec } from '../model/types.js';
import { ScriptedModel, text, fail } from '../testing/index.js';
import { CharRatioCounter, HeuristicCounter } from './counter.js';
import { ContextManager } from './manager.js';
import { LlmSummarizer } from './summarizer.js';
import type { Summarizer } from './types.js';
import { findContextViolations, SUMMARY_PREFIX } from './units.js';
import { RuntimeOptionsError } from '../errors/runtime-options-error.js';

const signal = new AbortController().signal;
const sys: Message = { role: 'system', content: 'You are a careful agent.' };
const word = (n: number): string => Array.from({ length: n }, (_, i) => `word${i % 10}`).join(' ');

/** user/assistant alternating messages of `size` words each. */
function chat(count: number, size = 20): Message[] {
  return Array.from({ length: count }, (_, i): Message => (i % 2 === 0 ? { role: 'user', content: `u${i} ${word(size)}` } : { role: 'assistant', content: `a${i} ${word(size)}` }));
}

function turn(id: string, resultChars: number, tool = 'shell'): Message[] {
  return [
    { role: 'assistant', content: '', toolCalls: [{ id, name: tool, arguments: '{"command":"ls"}' }] },
    { role: 'tool', toolCallId: id, toolName: tool, content: 'x'.repeat(resultChars) },
  ];
}

class CountingSummarizer implements Summarizer {
  calls: Message[][] = [];
  summarize(ms: readonly Message[]): Promise<string> {
    this.calls.push([...ms]);
    return Promise.resolve(`summary of ${ms.length} messages`);
  }
}

// A parity-shaped manager: a fixed window on an unknown model, no reserve or margin, chars/3.5 counting.
function parity(window: number, extra: ConstructorParameters<typeof ContextManager>[0] = {}): ContextManager {
  return new ContextManager({ contextWindow: window, reservedForOutput: 0, safetyMargin: 0, counter: new CharRatioCounter(), pinTask: false, pinLastUser: false, keepRecentTurns: 4, ...extra });
}

async function fitted(manager: ContextManager, ms: Message[], tools: ToolSpec[] = []): Promise<{ messages: Message[]; actions: string[]; after: number; available: number }> {
  const result = await manager.fit(ms, { tools, model: 'test-model', signal });
  if ('exhausted' in result) throw new Error('unexpectedly exhausted');
  return { messages: result.messages, actions: result.report.actions, after: result.report.after, available: result.report.available };
}

describe('ContextManager: reference scenarios as behaviours', () => {
  it('under the threshold returns an unchanged copy with no actions', async () => {
    const ms = [sys, ...chat(4)];
    const out = await fitted(parity(100_000), ms);
    expect(out.messages).toEqual(ms);
    expect(out.messages).not.toBe(ms);
    expect(out.actions).toEqual([]);
  });

  it('over the limit without a summariser drops the oldest messages, keeps the system message and the newest', async () => {
    const ms = [sys, ...chat(30)];
    const out = await fitted(parity(600), ms);
    expect(out.messages.length).toBeLessThan(ms.length);
    expect(out.messages[0]).toEqual(sys);
    expect(out.messages.at(-1)).toEqual(ms.at(-1));
    expect(out.actions).toEqual(['drop']);
    expect(out.after).toBeLessThanOrEqual(out.available);
  });

  it('a tiny budget leaves only the system message when nothing else is pinned', async () => {
    const ms = [sys, ...chat(10)];
    const out = await fitted(parity(40), ms);
    expect(out.messages).toEqual([sys]);
  });

  it('over the threshold but under the limit without a summariser trims to the low-water mark', async () => {
    const manager = parity(2_000, { lowWaterMark: 0.75 });
    const ms = [sys, ...chat(24, 38)];
    const before = new CharRatioCounter().countMessages(ms);
    expect(before).toBeGreaterThan(1_500);
    expect(before).toBeLessThan(2_000);
    const out = await fitted(manager, ms);
    expect(out.after).toBeLessThanOrEqual(1_500);
    expect(out.messages[0]).toEqual(sys);
  });

  it('summarises older messages into one summary after the system messages, keeping the recent ones', async () => {
    const summarizer = new CountingSummarizer();
    const ms = [sys, ...chat(6, 60)];
    const out = await fitted(parity(500, { keepRecentTurns: 2, summarizer }), ms);
    expect(summarizer.calls).toHaveLength(1);
    expect(summarizer.calls[0]).toHaveLength(4);
    expect(out.messages).toHaveLength(4);
    expect(out.messages[0]).toEqual(sys);
    expect(out.messages[1]).toEqual({ role: 'user', content: `${SUMMARY_PREFIX}summary of 4 messages` });
    expect(out.messages.slice(2)).toEqual(ms.slice(5));
    expect(out.actions).toEqual(['summarize']);
  });

  it('keeps two system messages first and puts the summary after them', async () => {
    const summarizer = new CountingSummarizer();
    const second: Message = { role: 'system', content: 'Second system message.' };
    const ms = [sys, second, ...chat(6, 60)];
    const out = await fitted(parity(500, { keepRecentTurns: 2, summarizer }), ms);
    expect(out.messages.slice(0, 2)).toEqual([sys, second]);
    expect(String(out.messages[2]?.content)).toMatch(/^\[Context Summary\]/);
  });

  it('a failing summariser falls back to the extractive "Prior conversation" summary', async () => {
    const failing: Summarizer = { summarize: () => Promise.reject(new Error('router down')) };
    const ms = [sys, ...chat(6, 60)];
    const out = await fitted(parity(500, { keepRecentTurns: 2, summarizer: failing }), ms);
    expect(String(out.messages[1]?.content)).toContain('Prior conversation (4 messages):');
    expect(String(out.messages[1]?.content)).toContain('[user] u0 word0');
  });

  it('over the limit with a summariser summarises first, then drops to fit', async () => {
    const summarizer = new CountingSummarizer();
    const ms = [sys, ...chat(40, 60)];
    const out = await fitted(parity(900, { summarizer, keepRecentTurns: 4 }), ms);
    expect(summarizer.calls).toHaveLength(1);
    expect(out.actions).toContain('summarize');
    expect(out.after).toBeLessThanOrEqual(900);
    expect(out.messages.filter((m) => typeof m.content === 'string' && m.content.startsWith(SUMMARY_PREFIX))).toHaveLength(1);
  });

  it('uses the model table for the window: gpt-4 is 8,192 tokens, unknown models fall back', async () => {
    const manager = new ContextManager({ reservedForOutput: 192, safetyMargin: 0 });
    const gpt4 = await manager.fit([sys], { tools: [], model: 'gpt-4', signal });
    expect(gpt4.report.available).toBe(8_000);
    const claude = await manager.fit([sys], { tools: [], model: 'claude-3-opus', signal });
    expect(claude.report.available).toBe(200_000 - 192);
    const unknown = await manager.fit([sys], { tools: [], model: 'my-local-model', signal });
    expect(unknown.report.available).toBe(128_000 - 192);
    const caps = await manager.fit([sys], { tools: [], model: 'gpt-4', caps: { contextWindow: 1_000 }, signal, maxOutputTokens: 100 });
    expect(caps.report.available).toBe(900);
  });

  it('snapshot reports tokens, headroom and utilisation', () => {
    const manager = parity(1_000);
    const ms = [sys, ...chat(2)];
    const snap = manager.snapshot(ms);
    expect(snap.tokens).toBe(new CharRatioCounter().countMessages(ms));
    expect(snap.available).toBe(1_000);
    expect(snap.utilization).toBeCloseTo(snap.tokens / 1_000);
    expect(parity(0).snapshot(ms).utilization).toBe(1);
    expect(snap).toMatchObject({ needsCompaction: false, overBudget: false, headroom: 1_000 - snap.tokens });
    const tokens = snap.tokens;
    expect(parity(Math.ceil(tokens / 0.8)).snapshot(ms)).toMatchObject({ needsCompaction: true, overBudget: false });
    expect(parity(tokens - 1).snapshot(ms)).toMatchObject({ needsCompaction: true, overBudget: true, headroom: 0 });
  });

  it('defaults: 128k window for unknown models, 4,096 reserved, 3% margin, compaction above 75%', async () => {
    const manager = new ContextManager();
    const available = 128_000 - 4_096 - 3_840;
    expect(manager.snapshot([sys]).available).toBe(available);
    const at = (tokens: number): Message[] => [{ role: 'user', content: 'x '.repeat(tokens - 8) }];
    const under = await manager.fit(at(Math.floor(available * 0.75) - 10), { tools: [], model: 'unknown', signal });
    expect(under.report.actions).toEqual([]);
    expect(under.report.available).toBe(available);
  });
});

describe('ContextManager: turn-atomic budgeting', () => {
  const task: Message = { role: 'user', content: 'Fix the failing build in repo X.' };

  it('pins the task and the last user turn and never orphans a tool result', async () => {
    const manager = new ContextManager({ contextWindow: 3_000, reservedForOutput: 200, safetyMargin: 0 });
    const last: Message = { role: 'user', content: 'Now also update the changelog.' };
    const ms: Message[] = [sys, task];
    for (let i = 0; i < 12; i += 1) ms.push(...turn(`c${i}`, 900));
    ms.push({ role: 'assistant', content: 'Done with the build.' }, last);
    const out = await fitted(manager, ms);
    expect(out.messages).toContainEqual(task);
    expect(out.messages).toContainEqual(last);
    expect(out.messages[0]).toEqual(sys);
    expect(findContextViolations(out.messages)).toEqual([]);
    expect(out.after).toBeLessThanOrEqual(out.available);
  });

  it('elides old tool results before dropping anything, keeping ids and pairs', async () => {
    const manager = new ContextManager({ contextWindow: 2_500, reservedForOutput: 0, safetyMargin: 0, keepRecentTurns: 2 });
    const ms: Message[] = [sys, task];
    for (let i = 0; i < 8; i += 1) ms.push(...turn(`c${i}`, 1_500, 'file_read'));
    const out = await fitted(manager, ms);
    expect(out.actions).toEqual(['elide']);
    expect(out.messages).toHaveLength(ms.length);
    const elided = out.messages.filter((m) => m.role === 'tool' && m.content === '[elided 1500 chars from file_read]');
    expect(elided).toHaveLength(6);
    expect(findContextViolations(out.messages)).toEqual([]);
  });

  it('caps a huge tool result head + tail and the current step aggregate', async () => {
    const manager = new ContextManager({ contextWindow: 20_000, reservedForOutput: 0, safetyMargin: 0, maxToolResultChars: 2_000 });
    const ms: Message[] = [sys, task, ...turn('big', 200_000)];
    const out = await fitted(manager, ms);
    expect(out.actions[0]).toBe('cap');
    const result = out.messages.at(-1);
    expect(result?.role).toBe('tool');
    expect(result?.content.length).toBeLessThanOrEqual(2_000);
    expect(result?.content).toContain('truncated');
  });

  it('answers exhausted when the pinned content alone cannot fit', async () => {
    const manager = new ContextManager({ contextWindow: 500, reservedForOutput: 0, safetyMargin: 0 });
    const huge: Message = { role: 'user', content: word(2_000) };
    const result = await manager.fit([sys, huge], { tools: [], model: 'm', signal });
    expect('exhausted' in result).toBe(true);
    expect(result.report.after).toBeGreaterThan(result.report.available);
  });

  it('counts tool schemas against the budget', async () => {
    const manager = new ContextManager({ contextWindow: 10_000, reservedForOutput: 0, safetyMargin: 0 });
    const tools: ToolSpec[] = Array.from({ length: 20 }, (_, i) => ({ name: `tool_${i}`, description: word(40), inputSchema: { type: 'object', properties: { path: { type: 'string', description: word(10) } } } }));
    const withTools = await manager.fit([sys], { tools, model: 'm', signal });
    const without = await manager.fit([sys], { tools: [], model: 'm', signal });
    expect(without.report.available - withTools.report.available).toBe(new HeuristicCounter().countTools(tools));
    expect(withTools.report.components.tools).toBeGreaterThan(0);
  });

  it('is idempotent: fitting a fitted transcript does nothing more', async () => {
    const manager = new ContextManager({ contextWindow: 1_500, reservedForOutput: 0, safetyMargin: 0, summarizer: new CountingSummarizer() });
    const ms: Message[] = [sys, task];
    for (let i = 0; i < 10; i += 1) ms.push(...turn(`c${i}`, 800), { role: 'user', content: `next ${i} ${word(30)}` });
    const once = await fitted(manager, ms);
    expect(once.actions.length).toBeGreaterThan(0);
    const twice = await fitted(manager, once.messages);
    expect(twice.actions).toEqual([]);
    expect(twice.messages).toEqual(once.messages);
  });

  it('a forced fit compacts even under the threshold (after a provider overflow error)', async () => {
    const manager = new ContextManager({ contextWindow: 100_000 });
    const ms = [sys, task, ...chat(40)];
    const result = await manager.fit(ms, { tools: [], model: 'm', signal, force: true });
    if ('exhausted' in result) throw new Error('exhausted');
    expect(result.report.after).toBeLessThanOrEqual(Math.floor(result.report.before / 2));
  });

  it('merges a previous summary into the next one and keeps exactly one', async () => {
    const summarizer = new CountingSummarizer();
    const manager = new ContextManager({ contextWindow: 1_500, reservedForOutput: 0, safetyMargin: 0, summarizer, keepRecentTurns: 2 });
    const first = await fitted(manager, [sys, task, ...chat(30, 30)]);
    const grown = [...first.messages, ...chat(30, 30)];
    const second = await fitted(manager, grown);
    expect(summarizer.calls).toHaveLength(2);
    expect(summarizer.calls[1]?.some((m) => typeof m.content === 'string' && m.content.startsWith(SUMMARY_PREFIX))).toBe(true);
    expect(second.messages.filter((m) => typeof m.content === 'string' && m.content.startsWith(SUMMARY_PREFIX))).toHaveLength(1);
    expect(second.messages.slice(0, 2)).toEqual([sys, task]);
  });

  it('summarises through a model with LlmSummarizer and reports per-component counts', async () => {
    const model = new ScriptedModel([text('Goal: fix build. Done: ran tests. Next: changelog.')]);
    const manager = new ContextManager({ contextWindow: 1_500, reservedForOutput: 0, safetyMargin: 0, summarizer: new LlmSummarizer(model, 'summary-model'), keepRecentTurns: 2 });
    const system: Message = { role: 'system', content: `Base prompt.\n## Available Skills\n- deploy: ship it\n## Recalled memory\n${word(20)}` };
    const out = await manager.fit([system, task, ...chat(30, 30)], { tools: [], model: 'm', signal });
    if ('exhausted' in out) throw new Error('exhausted');
    expect(model.calls).toHaveLength(1);
    expect(model.calls[0]?.request.model).toBe('summary-model');
    expect(model.calls[0]?.request.temperature).toBe(0.2);
    expect(String(out.messages[2]?.content)).toContain('Goal: fix build.');
    expect(out.report.components.skills).toBeGreaterThan(0);
    expect(out.report.components.memory).toBeGreaterThan(0);
    expect(out.report.components.system).toBeGreaterThan(0);
    expect(out.report.components.history).toBeGreaterThan(0);
  });

  it('falls back to the extractive summary when the summarising model fails', async () => {
    const model = new ScriptedModel([fail(new Error('boom'))]);
    const manager = new ContextManager({ contextWindow: 1_500, reservedForOutput: 0, safetyMargin: 0, summarizer: new LlmSummarizer(model, 'm'), keepRecentTurns: 2 });
    const out = await fitted(manager, [sys, task, ...chat(30, 30)]);
    expect(String(out.messages[2]?.content)).toContain('Prior conversation (');
    expect(out.after).toBeLessThanOrEqual(out.available);
  });

  it('calls the summariser zero times under the threshold and at most once per compaction', async () => {
    const summarizer = new CountingSummarizer();
    const manager = new ContextManager({ contextWindow: 2_000, reservedForOutput: 0, safetyMargin: 0, summarizer, keepRecentTurns: 2 });
    await fitted(manager, [sys, task, ...chat(2)]);
    expect(summarizer.calls).toHaveLength(0);
    let transcript: Message[] = [sys, task];
    for (let round = 0; round < 5; round += 1) {
      const before = summarizer.calls.length;
      transcript = (await fitted(manager, [...transcript, ...chat(20, 30)])).messages;
      expect(summarizer.calls.length - before).toBeLessThanOrEqual(1);
    }
    expect(summarizer.calls.length).toBeGreaterThan(0);
  });

  it('rejects invalid policies and messages with typed errors', async () => {
    expect(() => new ContextManager({ summarizeThreshold: 1.5 })).toThrow(RuntimeOptionsError);
    expect(() => new ContextManager({ lowWaterMark: 0.9, summarizeThreshold: 0.5 })).toThrow(/lowWaterMark/);
    expect(() => new ContextManager({ contextWindow: -1 })).toThrow(RuntimeOptionsError);
    const manager = new ContextManager();
    await expect(manager.fit([{ role: 'robot', content: 'x' } as unknown as Message], { tools: [], model: 'm', signal })).rejects.toThrow(/messages\[0\]/);
  });
});
