import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Message, ToolSpec } from '../src/model/types.js';
import { ContextManager } from '../src/context/manager.js';
import { HeuristicCounter } from '../src/context/counter.js';
import { ExtractiveSummarizer } from '../src/context/summarizer.js';
import type { Summarizer } from '../src/context/types.js';
import { findContextViolations, isSummaryMessage, SUMMARY_PREFIX, toUnits } from '../src/context/units.js';

// Property tests of the context invariants (spec §5.4): generated conversations with system messages, prose, code,
// JSON, CJK and emoji text, tool turns with 1–6 calls and results of 10 B to 60 kB, existing summaries, 0–40 tool
// schemas, budgets from tiny to 200k, and every pinning knob and summariser mode.

const signal = new AbortController().signal;
const counter = new HeuristicCounter();

const PIECES = [
  'The deployment finished and the health checks passed. ',
  'function add(a: number, b: number): number { return a + b; }\n',
  '{"id": 42, "items": [1, 2, 3], "ok": true}',
  '部署已经完成，健康检查通过。',
  'ship it 🚀🎉 ',
  'SGVsbG8gd29ybGQhIFRoaXMgaXMgYmFzZTY0IGRhdGEu',
];
const textArb = fc.tuple(fc.integer({ min: 0, max: PIECES.length - 1 }), fc.integer({ min: 1, max: 40 })).map(([piece, times]) => (PIECES[piece] as string).repeat(times));
const resultArb = fc.tuple(fc.integer({ min: 0, max: PIECES.length - 1 }), fc.integer({ min: 10, max: 60_000 })).map(([piece, chars]) => (PIECES[piece] as string).repeat(Math.ceil(chars / (PIECES[piece] as string).length)).slice(0, chars));

type Item = { kind: 'user' | 'assistant'; text: string } | { kind: 'turn'; results: string[] };
const itemArb: fc.Arbitrary<Item> = fc.oneof(
  fc.record({ kind: fc.constant('user' as const), text: textArb }),
  fc.record({ kind: fc.constant('assistant' as const), text: textArb }),
  fc.record({ kind: fc.constant('turn' as const), results: fc.array(resultArb, { minLength: 1, maxLength: 6 }) }),
);

const scenarioArb = fc.record({
  systems: fc.array(textArb, { minLength: 1, maxLength: 3 }),
  task: textArb,
  summary: fc.option(textArb, { nil: undefined }),
  items: fc.array(itemArb, { maxLength: 120 }),
  endsWithUser: fc.boolean(),
  toolCount: fc.integer({ min: 0, max: 40 }),
  window: fc.oneof(fc.integer({ min: 300, max: 3_000 }), fc.integer({ min: 3_000, max: 40_000 }), fc.integer({ min: 40_000, max: 200_000 })),
  pinTask: fc.boolean(),
  pinLastUser: fc.boolean(),
  summarizer: fc.constantFrom('none', 'extractive', 'failing'),
  keepRecentTurns: fc.integer({ min: 0, max: 6 }),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never;

function build(s: Scenario): { messages: Message[]; tools: ToolSpec[] } {
  const messages: Message[] = s.systems.map((content) => ({ role: 'system', content }));
  messages.push({ role: 'user', content: s.task });
  if (s.summary !== undefined) messages.push({ role: 'user', content: SUMMARY_PREFIX + s.summary });
  let callId = 0;
  for (const item of s.items) {
    if (item.kind === 'turn') {
      const calls = item.results.map((_, index) => ({ id: `call_${(callId += 1)}`, name: `tool_${index}`, arguments: `{"path":"/tmp/${callId}"}` }));
      messages.push({ role: 'assistant', content: '', toolCalls: calls });
      item.results.forEach((content, index) => messages.push({ role: 'tool', toolCallId: calls[index]?.id ?? '', toolName: `tool_${index}`, content }));
    } else messages.push({ role: item.kind, content: item.text });
  }
  if (s.endsWithUser) messages.push({ role: 'user', content: `final request ${s.task.slice(0, 50)}` });
  const tools: ToolSpec[] = Array.from({ length: s.toolCount }, (_, index) => ({
    name: `tool_${index}`,
    description: `Tool number ${index} does a useful thing.`,
    inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
  }));
  return { messages, tools };
}

const failing: Summarizer = { summarize: () => Promise.reject(new Error('summariser down')) };

function manager(s: Scenario): ContextManager {
  const summarizer = s.summarizer === 'none' ? undefined : s.summarizer === 'failing' ? failing : new ExtractiveSummarizer();
  return new ContextManager({ contextWindow: s.window, reservedForOutput: Math.floor(s.window / 10), pinTask: s.pinTask, pinLastUser: s.pinLastUser, keepRecentTurns: s.keepRecentTurns, counter, ...(summarizer ? { summarizer } : {}) });
}

/** Every non-summary output message, matched to an input position (tool results by call id, others by identity). */
function isOrderedSubsequence(input: readonly Message[], output: readonly Message[]): boolean {
  let cursor = 0;
  for (const m of output) {
    if (isSummaryMessage(m) && !input.includes(m)) continue;
    while (cursor < input.length) {
      const candidate = input[cursor] as Message;
      cursor += 1;
      const same = m.role === 'tool' ? candidate.role === 'tool' && candidate.toolCallId === m.toolCallId : candidate === m;
      if (same) break;
      if (cursor === input.length) return false;
    }
  }
  return true;
}

describe('context invariants (property-based)', () => {
  it('hold for every generated conversation, budget and knob', async () => {
    const seen = { exhausted: 0, noop: 0, summarize: 0, drop: 0, elide: 0, cap: 0 };
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        const { messages, tools } = build(s);
        const cm = manager(s);
        const result = await cm.fit(messages, { tools, model: 'generated-model', signal });
        const { report } = result;
        const systems = messages.filter((m) => m.role === 'system');
        const lastUser = [...messages].reverse().find((m) => m.role === 'user' && !isSummaryMessage(m));
        for (const action of report.actions) if (action in seen) seen[action as keyof typeof seen] += 1;
        if ('exhausted' in result) {
          seen.exhausted += 1;
          // 1. exhausted only when over budget; the loop then sends nothing.
          expect(report.after).toBeGreaterThan(report.available);
          // ... and never when the pinned messages alone fit (checked where nothing else is pinned: no summary, no
          // trailing tool turn).
          const last = messages.at(-1);
          if (s.summary === undefined && last?.role !== 'tool') {
            const pinned = messages.filter((m, index) => m.role === 'system' || (s.pinTask && index === systems.length) || (s.pinLastUser && m === lastUser));
            expect(counter.countMessages(pinned)).toBeGreaterThan(report.available);
          }
          return;
        }
        const out = result.messages;
        // 1. never over budget.
        expect(counter.countMessages(out)).toBeLessThanOrEqual(report.available);
        // 2. system messages verbatim, in order, first.
        expect(out.slice(0, systems.length)).toEqual(systems);
        // 3. last user turn and task kept when pinned.
        if (s.pinLastUser && lastUser) expect(out).toContain(lastUser);
        if (s.pinTask) expect(out).toContain(messages[systems.length]);
        // 4. pairing.
        expect(findContextViolations(out)).toEqual([]);
        // 5. order, with at most one summary right after the system messages (and the task).
        expect(isOrderedSubsequence(messages, out)).toBe(true);
        const summaries = out.filter(isSummaryMessage);
        expect(summaries.length).toBeLessThanOrEqual(1);
        if (summaries.length === 1 && !messages.includes(summaries[0] as Message)) {
          const at = out.indexOf(summaries[0] as Message);
          expect([systems.length, systems.length + 1]).toContain(at);
        }
        // 6. no-op under the threshold.
        if (report.before <= Math.floor(report.available * 0.75)) {
          seen.noop += 1;
          expect(out).toEqual(messages);
          expect(report.actions).toEqual([]);
        } else {
          // 7. hysteresis: at or under the low-water mark unless only pinned units remain.
          const onlyPinned = toUnits(out, { pinTask: s.pinTask, pinLastUser: s.pinLastUser }).every((unit) => unit.pinned);
          expect(report.after <= Math.floor(report.available * 0.6) || onlyPinned).toBe(true);
        }
        // 7. idempotence: a second fit does nothing more.
        const again = await cm.fit(out, { tools, model: 'generated-model', signal });
        expect(again.report.actions).toEqual([]);
        expect('messages' in again ? again.messages : null).toEqual(out);
      }),
      { numRuns: 200, seed: 33 },
    );
    // The generator must reach every path, or the properties above prove little.
    for (const [path, hits] of Object.entries(seen)) expect(hits, path).toBeGreaterThan(0);
  });

  it('keeps a 2,000-message conversation with 2 MB tool results within budget', async () => {
    const messages: Message[] = [{ role: 'system', content: 'system' }, { role: 'user', content: 'the task' }];
    for (let index = 0; index < 666; index += 1) {
      messages.push({ role: 'assistant', content: '', toolCalls: [{ id: `c${index}`, name: 'read', arguments: '{}' }] });
      messages.push({ role: 'tool', toolCallId: `c${index}`, toolName: 'read', content: index % 100 === 0 ? 'A1b2'.repeat(500_000) : `line ${index}\n`.repeat(20) });
      messages.push({ role: 'user', content: `step ${index}` });
    }
    const cm = new ContextManager({ contextWindow: 128_000, counter });
    const result = await cm.fit(messages, { tools: [], model: 'unknown', signal });
    if ('exhausted' in result) throw new Error('exhausted');
    expect(counter.countMessages(result.messages)).toBeLessThanOrEqual(result.report.available);
    expect(findContextViolations(result.messages)).toEqual([]);
    expect(result.messages.slice(0, 2)).toEqual(messages.slice(0, 2));
    expect(result.messages.at(-1)).toBe(messages.at(-1));
  });
});
