import { describe, expect, it } from 'vitest';
import type { Message } from '../model/types.js';
import { ScriptedModel, text } from '../testing/index.js';
import { RuntimeOptionsError } from '../errors/runtime-options-error.js';
import { ExtractiveSummarizer, LlmSummarizer } from './summarizer.js';
import { truncateMiddle } from './truncate-text.js';

const signal = new AbortController().signal;

describe('ExtractiveSummarizer (reference fallback format)', () => {
  it('writes a header and [role] previews', async () => {
    const summary = await new ExtractiveSummarizer().summarize([
      { role: 'user', content: 'Please deploy the app' },
      { role: 'assistant', content: 'x'.repeat(150) },
    ]);
    expect(summary).toContain('Prior conversation (2 messages):');
    expect(summary).toContain('[user] Please deploy the app');
    expect(summary).toContain(`[assistant] ${'x'.repeat(100)}...`);
  });
  it('previews the first 10 of 15 messages and counts the rest', async () => {
    const ms: Message[] = Array.from({ length: 15 }, (_, i) => ({ role: 'user', content: `message ${i}` }));
    const summary = await new ExtractiveSummarizer().summarize(ms);
    expect(summary).toContain('message 9');
    expect(summary).not.toContain('message 10');
    expect(summary).toContain('5 more messages');
  });
});

describe('LlmSummarizer', () => {
  it('sends each message cut to 500 chars with the summary instructions', async () => {
    const model = new ScriptedModel([text('the summary')]);
    const summarizer = new LlmSummarizer(model, 'small-model');
    const out = await summarizer.summarize([{ role: 'tool', toolCallId: 'c1', toolName: 'shell', content: 'y'.repeat(2_000) }], { maxTokens: 300, signal });
    expect(out).toBe('the summary');
    const request = model.calls[0]?.request;
    expect(request?.maxOutputTokens).toBe(300);
    expect(String(request?.messages[0]?.content)).toMatch(/goal/i);
    expect(String(request?.messages[1]?.content)).toContain('[tool] shell: ' + 'y'.repeat(486));
    expect(String(request?.messages[1]?.content)).not.toContain('y'.repeat(600));
  });
  it('rejects an empty reply so the caller falls back', async () => {
    const summarizer = new LlmSummarizer(new ScriptedModel([text('  ')]), 'm');
    await expect(summarizer.summarize([{ role: 'user', content: 'hi' }], { maxTokens: 10, signal })).rejects.toThrow(/no text/);
  });
  it('validates its arguments', () => {
    expect(() => new LlmSummarizer(new ScriptedModel([]), '')).toThrow(RuntimeOptionsError);
  });
});

describe('truncateMiddle', () => {
  it('keeps head and tail within the limit', () => {
    const out = truncateMiddle('a'.repeat(500) + 'b'.repeat(500), 200);
    expect(out.length).toBeLessThanOrEqual(200);
    expect(out.startsWith('a')).toBe(true);
    expect(out.endsWith('b')).toBe(true);
    expect(out).toContain('truncated');
    expect(truncateMiddle('short', 200)).toBe('short');
    expect(truncateMiddle(out, 200)).toBe(out);
  });
});
