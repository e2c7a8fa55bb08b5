import { emptyTokenUsage } from '@agent33/observability';
import type { Message, ToolSpec, Usage } from './types.js';

/** A zero usage in the runtime's `Usage` shape. */
export function zeroUsage(): Usage {
  return emptyTokenUsage();
}

/** Adds two usages; the sum is `estimated` when either side was. */
export function addUsage(a: Usage, b: Usage): Usage {
  const sum: Usage = {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadInputTokens: a.cacheReadInputTokens + b.cacheReadInputTokens,
    reasoningOutputTokens: a.reasoningOutputTokens + b.reasoningOutputTokens,
    totalTokens: (a.totalTokens ?? a.inputTokens + a.outputTokens) + (b.totalTokens ?? b.inputTokens + b.outputTokens),
  };
  if (a.estimated === true || b.estimated === true) sum.estimated = true;
  return sum;
}

/** Total tokens of a usage (input + output when the provider gave no total). */
export function totalTokens(u: Usage): number {
  return u.totalTokens ?? u.inputTokens + u.outputTokens;
}

/**
 * A conservative character-based estimate used when no token counter is configured: about 4 characters per token
 * plus a per-message overhead. Only for filling missing provider usage (always flagged `estimated`).
 */
export function roughTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

/** Rough token estimate of messages and tool schemas (the fallback when no `TokenCounter` is given). */
export function roughMessageTokens(messages: readonly Message[], tools: readonly ToolSpec[] = []): number {
  let n = 3;
  for (const m of messages) n += roughMessage(m);
  for (const t of tools) {
    let c = toolCache.get(t);
    if (c === undefined) {
      c = roughTokens(t.name + t.description + JSON.stringify(t.inputSchema)) + 4;
      toolCache.set(t, c);
    }
    n += c;
  }
  return n;
}

// Messages and specs are immutable once built, so per-object counts are cached: repeated estimates stay O(new).
const messageCache = new WeakMap<Message, number>();
const toolCache = new WeakMap<ToolSpec, number>();

function roughMessage(m: Message): number {
  const cached = messageCache.get(m);
  if (cached !== undefined) return cached;
  const n = roughMessageUncached(m);
  messageCache.set(m, n);
  return n;
}

function roughMessageUncached(m: Message): number {
  let n = 4;
  if (typeof m.content === 'string') n += roughTokens(m.content);
  else for (const p of m.content) n += p.type === 'text' ? roughTokens(p.text) : 256;
  if (m.role === 'assistant') for (const c of m.toolCalls ?? []) n += roughTokens(c.name) + roughTokens(c.arguments) + 3;
  return n;
}

/** An estimated usage for a call whose provider reported none. */
export function estimatedUsage(inputTokens: number, outputText: string, toolArgs: readonly string[] = []): Usage {
  const outputTokens = roughTokens(outputText) + toolArgs.reduce((n, a) => n + roughTokens(a) + 3, 0);
  return { ...zeroUsage(), inputTokens, outputTokens, totalTokens: inputTokens + outputTokens, estimated: true };
}

/**
 * Incremental rough token estimate of a growing transcript: messages are only ever appended (or the whole array is
 * replaced by context management), so the total of the unchanged prefix is kept and only new messages are counted.
 * Keeps each step O(new messages) instead of O(transcript).
 */
export class TranscriptEstimate {
  private array: readonly Message[] | undefined;
  private counted = 0;
  private total = 3;

  of(messages: readonly Message[], tools: readonly ToolSpec[] = []): number {
    if (messages !== this.array || messages.length < this.counted) {
      this.array = messages;
      this.counted = 0;
      this.total = 3;
    }
    // Each message is counted once per array, so the per-object cache would only add a weak-map entry per message
    // (costly for the collector on long transcripts) without ever being read back here.
    for (; this.counted < messages.length; this.counted += 1) this.total += roughMessageUncached(messages[this.counted]!);
    return this.total + roughMessageTokens([], tools) - 3;
  }
}
