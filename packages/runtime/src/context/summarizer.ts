import type { Message, ModelProvider } from '../model/types.js';
import { RuntimeOptionsError } from '../errors/runtime-options-error.js';
import type { Summarizer } from './types.js';

/** How many messages the extractive summary previews, and how many characters of each. */
const PREVIEW_MESSAGES = 10;
const PREVIEW_CHARS = 100;
/** Characters of each message shown to the LLM summariser (parity: 500). */
const LLM_MESSAGE_CHARS = 500;

/** The plain text of a message for summaries: content, plus tool-call names and result tool names. */
export function messageText(m: Message): string {
  if (m.role === 'user') return typeof m.content === 'string' ? m.content : m.content.map((part) => (part.type === 'text' ? part.text : `[${part.type}]`)).join(' ');
  if (m.role === 'assistant') {
    const calls = (m.toolCalls ?? []).map((call) => `${call.name}(${call.arguments})`).join(', ');
    return calls.length > 0 ? `${m.content}${m.content ? ' ' : ''}[calls: ${calls}]` : m.content;
  }
  if (m.role === 'tool') return `${m.toolName}: ${m.content}`;
  return m.content;
}

/**
 * The fallback summariser (parity format): a `Prior conversation (N messages):` header, then `[role] preview...`
 * for the first ten messages and `... and N more messages`. Needs no model, never fails.
 */
export class ExtractiveSummarizer implements Summarizer {
  summarize(ms: readonly Message[]): Promise<string> {
    const lines = [`Prior conversation (${ms.length} messages):`];
    for (const m of ms.slice(0, PREVIEW_MESSAGES)) {
      const text = messageText(m).replace(/\s+/g, ' ').trim();
      lines.push(`[${m.role}] ${text.slice(0, PREVIEW_CHARS)}${text.length > PREVIEW_CHARS ? '...' : ''}`);
    }
    if (ms.length > PREVIEW_MESSAGES) lines.push(`... and ${ms.length - PREVIEW_MESSAGES} more messages`);
    return Promise.resolve(lines.join('\n'));
  }
}

const SUMMARY_INSTRUCTIONS = [
  'You compress the earlier part of an agent conversation so the agent can continue without it.',
  'Keep: the user goal, decisions taken and why, tool results that still matter (values, paths, ids, errors),',
  'the current state of the work, and the next steps. Drop greetings, repetition and superseded attempts.',
  'If an earlier summary is included, merge it into the new one. Answer in at most 500 words of plain text.',
].join(' ');

/**
 * A summariser that asks a model (parity semantics: goal, decisions, tool results, state and next steps in at most
 * 500 words; each message cut to 500 characters; temperature 0.2). Errors propagate so the context manager can fall
 * back to {@link ExtractiveSummarizer}.
 */
export class LlmSummarizer implements Summarizer {
  private readonly provider: ModelProvider;
  private readonly model: string;
  private readonly temperature: number;
  private readonly maxTokens: number;

  constructor(provider: ModelProvider, model: string, o: { temperature?: number; maxTokens?: number } = {}) {
    if (typeof provider?.generate !== 'function') throw new RuntimeOptionsError('LlmSummarizer needs a ModelProvider');
    if (typeof model !== 'string' || model.length === 0) throw new RuntimeOptionsError('LlmSummarizer needs a model id');
    this.provider = provider;
    this.model = model;
    this.temperature = o.temperature ?? 0.2;
    this.maxTokens = o.maxTokens ?? 1_000;
  }

  async summarize(ms: readonly Message[], o: { maxTokens: number; signal: AbortSignal }): Promise<string> {
    const transcript = ms.map((m) => `[${m.role}] ${messageText(m).slice(0, LLM_MESSAGE_CHARS)}`).join('\n');
    const response = await this.provider.generate(
      {
        model: this.model,
        messages: [
          { role: 'system', content: SUMMARY_INSTRUCTIONS },
          { role: 'user', content: `Summarise this conversation:\n\n${transcript}` },
        ],
        temperature: this.temperature,
        maxOutputTokens: Math.min(this.maxTokens, o.maxTokens),
      },
      { signal: o.signal },
    );
    const text = response.text.trim();
    if (text.length === 0) throw new Error('summariser returned no text');
    return text;
  }
}
