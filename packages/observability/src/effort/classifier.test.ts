import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { classifyEffort } from './classifier.js';
import { V2_KEYWORD_CATEGORIES, classifierPresets } from './classifier-presets.js';
import { compactJson, pythonJson } from './python-json.js';

const v2 = classifierPresets.v2;

describe('classifier preset v2', () => {
  it('takes the fast path for short simple text', () => {
    expect(classifyEffort(v2, { message: 'hello, how are you today?' })).toMatchObject({ effort: 'low', confidence: 0.85, reasons: ['simple_message_fast_path'] });
  });

  it.each([
    ['a code fence', { message: 'fix ```x = 1```' }],
    ['a URL', { message: 'read https://example.com please' }],
    ['a keyword', { message: 'please debug this' }],
    ['too many words', { message: Array.from({ length: 29 }, () => 'word').join(' ') }],
    ['too many characters', { message: 'x'.repeat(161) }],
  ])('skips the fast path with %s', (_name, inputs) => {
    expect(classifyEffort(v2, inputs).reasons).not.toContain('simple_message_fast_path');
  });

  it('never takes the fast path when iterative', () => {
    expect(classifyEffort(v2, { message: 'hello' }, { iterative: true }).reasons).toEqual(['iterative_mode']);
  });

  it('counts each of the 9 keyword categories once', () => {
    const everything = V2_KEYWORD_CATEGORIES.map((category) => `${category.keywords[0]} ${category.keywords[0]}`).join(' ');
    const result = classifyEffort(v2, { task: everything });
    expect(V2_KEYWORD_CATEGORIES).toHaveLength(9);
    expect(result.score).toBe(9);
    expect(result.effort).toBe('high');
    expect(result.reasons).toEqual(['complex_task_keywords']);
  });

  it('two categories score 2 → medium; reports score and thresholds', () => {
    const result = classifyEffort(v2, { task: 'investigate the security of this flow, it is a long request with more than twenty eight words so that the fast path is skipped for sure here ok' });
    expect(result).toMatchObject({ score: 2, effort: 'medium', lowThreshold: 1, highThreshold: 4 });
  });
});

describe('classifier preset v1', () => {
  it('scores a keyword hit once even when several keywords occur', () => {
    expect(classifyEffort(classifierPresets.v1, { task: 'analyze the architecture and optimize security' }).score).toBe(1);
  });

  it('searches keys as well as values', () => {
    expect(classifyEffort(classifierPresets.v1, { postmortem: 'x' }).reasons).toEqual(['complex_task_keywords']);
  });

  it('rejects inputs that are not an object, and circular inputs', () => {
    expect(() => classifyEffort(classifierPresets.v1, ['a'] as never)).toThrow(InvalidInputError);
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    expect(() => classifyEffort(classifierPresets.v1, circular)).toThrow(InvalidInputError);
  });

  it('stops serialising a huge payload once it is large and a keyword was seen', () => {
    const inputs = { a: 'security ' + 'x'.repeat(100_000), b: 'y'.repeat(100_000) };
    const result = classifyEffort(classifierPresets.v1, inputs);
    expect(result.reasons).toEqual(['large_payload', 'complex_task_keywords']);
    const stopped = pythonJson(inputs, { minLength: 2000, satisfied: (text) => text.includes('security') });
    expect(stopped.truncated).toBe(true);
    expect(stopped.length).toBeLessThan(pythonJson(inputs).length);
  });
});

describe('Python-compatible JSON length', () => {
  it.each([
    [{ task: 'brief' }, '{"task": "brief"}'],
    [{ b: [1, 2.5, true, null], a: { y: 'é' } }, '{"a": {"y": "é"}, "b": [1, 2.5, true, null]}'],
    [{ n: 0.00001, big: 1e21, neg: -3 }, '{"big": 1000000000000000000000, "n": 1e-05, "neg": -3}'],
    [{ q: 'say "hi"\n' }, '{"q": "say \\"hi\\"\\n"}'],
    [{}, '{}'],
    [{ list: [] }, '{"list": []}'],
  ])('%j serialises like json.dumps(sort_keys=True, ensure_ascii=False)', (value, expected) => {
    expect(pythonJson(value).text).toBe(expected);
    expect(pythonJson(value).length).toBe([...expected].length);
  });

  it('counts astral characters as one code point', () => {
    expect(pythonJson({ e: '😀' }).length).toBe(10);
    expect(compactJson({ e: '😀' }).length).toBe(9);
  });
});
