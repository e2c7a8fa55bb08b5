import { describe, expect, it } from 'vitest';
import type { Message, ToolSpec } from '../model/types.js';
import { RuntimeOptionsError } from '../errors/runtime-options-error.js';
import { CalibratedCounter } from './calibrate.js';
import { CharRatioCounter, countTextHeuristic, HeuristicCounter } from './counter.js';
import { budgetForModel, lookupContextWindow, MODEL_CONTEXT_LIMITS } from './limits.js';

describe('CharRatioCounter (the reference estimator)', () => {
  const counter = new CharRatioCounter();
  it('counts chars / 3.5 with a floor of 1 for non-empty text', () => {
    expect(counter.countText('')).toBe(0);
    expect(counter.countText('Hello')).toBe(1);
    expect(counter.countText('Hello world')).toBe(3);
    const one = counter.countText('some text here, twenty');
    expect(counter.countText('some text here, twenty'.repeat(10))).toBeGreaterThanOrEqual(one * 10 - 1);
  });
  it('adds 4 per message and honours a custom ratio', () => {
    const m: Message = { role: 'user', content: 'x'.repeat(100) };
    expect(counter.countMessage(m)).toBe(28 + 4);
    expect(new CharRatioCounter({ charsPerToken: 5 }).countText('x'.repeat(100))).toBe(20);
    expect(() => new CharRatioCounter({ charsPerToken: 0 })).toThrow(RuntimeOptionsError);
  });
});

describe('HeuristicCounter', () => {
  const counter = new HeuristicCounter();
  it('counts by class: words, digits, punctuation, CJK, emoji and high-entropy runs', () => {
    expect(countTextHeuristic('')).toBe(0);
    expect(countTextHeuristic('hello world')).toBe(2);
    expect(countTextHeuristic('1234567')).toBe(3);
    expect(countTextHeuristic('a, b.')).toBe(4);
    expect(countTextHeuristic('部署完成')).toBe(4);
    expect(countTextHeuristic('🚀🚀')).toBe(4);
    // A 32-char base64-ish run costs far more than a 32-letter word.
    expect(countTextHeuristic('aG9sYSBtdW5kbyBlc3RvIGVzIHVuYQ0K')).toBeGreaterThan(20);
    expect(countTextHeuristic('internationalizationlocalization')).toBeLessThan(10);
    // camelCase identifiers are words, not entropy.
    expect(countTextHeuristic('getUserAccountByIdentifier')).toBeLessThan(10);
  });
  it('keeps exact counts at class boundaries: other whitespace, space and newline runs, long mixed runs, lone surrogates', () => {
    expect(countTextHeuristic('a\u000bb\u000cc')).toBe(4);
    expect(countTextHeuristic('x\u00a0y\u3000z\ufeff')).toBe(5);
    expect(countTextHeuristic('tab\there  two\n\r\nlines')).toBe(7);
    expect(countTextHeuristic('abc1234567890123456')).toBe(15);
    expect(countTextHeuristic('ab12cd34ef56gh78ij90')).toBe(16);
    expect(countTextHeuristic('ID: 7f3a9c2e-4b1d-11ee')).toBe(18);
    expect(countTextHeuristic('\ud83d x \ude80 🚀☀')).toBe(7);
    expect(countTextHeuristic('{"a": [1, 2]};=>')).toBe(11);
  });
  it('counts tool-call names and arguments, tool results and tool schemas', () => {
    const bare: Message = { role: 'assistant', content: '' };
    const withCall: Message = { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'shell', arguments: '{"command":"ls -la /tmp"}' }] };
    expect(counter.countMessage(withCall)).toBeGreaterThan(counter.countMessage(bare) + 10);
    const tools: ToolSpec[] = [{ name: 'shell', description: 'Run a shell command', inputSchema: { type: 'object', properties: { command: { type: 'string' } } } }];
    expect(counter.countTools(tools)).toBeGreaterThan(15);
    expect(counter.countTools([])).toBe(0);
    expect(counter.countMessages([])).toBe(0);
    expect(counter.countMessages([bare])).toBe(counter.countMessage(bare) + 3);
  });
  it('counts content parts and caches per message object', () => {
    const m: Message = { role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image', data: 'https://example.invalid/x.png' }] };
    expect(counter.countMessage(m)).toBeGreaterThan(1_000);
    expect(counter.countMessage(m)).toBe(counter.countMessage(m));
    const edited: Message = { role: 'assistant', content: 'short' };
    const first = counter.countMessage(edited);
    edited.content = 'a much longer reply with many more words in it than before';
    expect(counter.countMessage(edited)).toBeGreaterThan(first);
  });
  it('rejects bad weights', () => {
    expect(() => new HeuristicCounter({ weights: { letterRun: 0 } })).toThrow(RuntimeOptionsError);
    expect(() => new HeuristicCounter({ messageOverhead: -1 })).toThrow(RuntimeOptionsError);
  });
});

describe('CalibratedCounter', () => {
  const sent: Message[] = [{ role: 'user', content: 'The quick brown fox jumps over the lazy dog. '.repeat(50) }];
  it('converges within 3 observations to ±5% of a 30% different true ratio', () => {
    const inner = new HeuristicCounter();
    const calibrated = new CalibratedCounter(inner);
    const estimate = inner.countMessages(sent);
    for (let i = 0; i < 3; i += 1) calibrated.observe(sent, [], Math.round(estimate * 1.3));
    expect(calibrated.countMessages(sent) / (estimate * 1.3)).toBeGreaterThan(0.95);
    expect(calibrated.countMessages(sent) / (estimate * 1.3)).toBeLessThan(1.05);
  });
  it('clamps the factor and ignores unusable reports', () => {
    const calibrated = new CalibratedCounter(new HeuristicCounter());
    calibrated.observe(sent, [], 0);
    calibrated.observe(sent, [], Number.NaN);
    expect(calibrated.factor).toBe(1);
    calibrated.observe(sent, [], 1);
    expect(calibrated.factor).toBe(0.8);
    calibrated.observe(sent, [], 10_000_000);
    expect(calibrated.factor).toBeLessThanOrEqual(1.5);
    expect(calibrated.name).toBe('calibrated(heuristic)');
    expect(() => new CalibratedCounter(new HeuristicCounter(), { min: 2 })).toThrow(RuntimeOptionsError);
  });
});

describe('model context limits', () => {
  it('has the reference entries as positive integers', () => {
    for (const key of ['gpt-4o', 'claude-3', 'llama3.2']) expect(Number.isInteger(MODEL_CONTEXT_LIMITS[key])).toBe(true);
    expect(lookupContextWindow('claude-3-opus')).toBe(200_000);
    expect(lookupContextWindow('ollama:llama3.2')).toBe(128_000);
    expect(lookupContextWindow('llama3.2:3b')).toBe(128_000);
    expect(lookupContextWindow('llama3')).toBe(8_192);
    expect(lookupContextWindow('gpt-4o-mini-2024')).toBe(128_000);
    expect(lookupContextWindow('nothing-known')).toBeUndefined();
  });
  it('budgetForModel matches the reference: gpt-4 8192, unknown 128k, reserve passed through', () => {
    expect(budgetForModel('gpt-4').maxContextTokens).toBe(8_192);
    expect(budgetForModel('unknown-model').maxContextTokens).toBe(128_000);
    expect(budgetForModel('gpt-4', 8_000).effectiveLimit).toBe(192);
  });
});
