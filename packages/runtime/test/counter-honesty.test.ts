import { countTokens } from 'gpt-tokenizer';
import { describe, expect, it } from 'vitest';
import { contentSamples } from '../bench/data/content-samples.js';
import { HeuristicCounter } from '../src/context/counter.js';
import { CalibratedCounter } from '../src/context/calibrate.js';
import { counterForModel, encodingForModel, GptTokenizerCounter } from '../src/tokenizers/gpt/index.js';
import type { Message } from '../src/model/types.js';

// Counter honesty against o200k (spec §5.4 item 9), per content class.
describe('heuristic counter vs gpt-tokenizer (o200k)', () => {
  const heuristic = new HeuristicCounter();
  const byClass = new Map<string, number[]>();
  for (const sample of contentSamples(20_261_124, 25)) {
    const ratios = byClass.get(sample.cls) ?? [];
    ratios.push(countTokens(sample.text) / heuristic.countText(sample.text));
    byClass.set(sample.cls, ratios);
  }

  it.each([...byClass.keys()])('%s: never underestimates by more than 10%% at p95; mean over-reservation <= 50%%', (cls) => {
    const ratios = [...(byClass.get(cls) ?? [])].sort((a, b) => a - b);
    expect(ratios.length).toBe(25);
    const p95 = ratios[Math.floor(ratios.length * 0.95)] ?? Number.NaN;
    const mean = ratios.reduce((sum, r) => sum + r, 0) / ratios.length;
    expect(p95).toBeLessThanOrEqual(1.1);
    expect(1 / mean - 1).toBeLessThanOrEqual(0.5);
  });

  it('calibration from reported usage removes most of the over-reservation', () => {
    const exact = new GptTokenizerCounter();
    const calibrated = new CalibratedCounter(new HeuristicCounter(), { min: 0.5 });
    const samples = contentSamples(7, 4).filter((s) => s.cls === 'code');
    for (const sample of samples.slice(0, 3)) {
      const sent: Message[] = [{ role: 'user', content: sample.text }];
      calibrated.observe(sent, [], exact.countMessages(sent));
    }
    const probe: Message[] = [{ role: 'user', content: samples[3]?.text ?? '' }];
    const error = calibrated.countMessages(probe) / exact.countMessages(probe);
    expect(error).toBeGreaterThan(0.95);
    expect(error).toBeLessThan(1.05);
  });
});

describe('GptTokenizerCounter', () => {
  it('counts exactly and picks the encoding per model family', () => {
    const counter = new GptTokenizerCounter();
    expect(counter.countText('hello world')).toBe(2);
    expect(counter.countText('')).toBe(0);
    expect(counter.countText('<|endoftext|>')).toBeGreaterThan(1);
    expect(new GptTokenizerCounter({ encoding: 'cl100k_base' }).name).toBe('gpt-tokenizer:cl100k_base');
    expect(encodingForModel('openai:gpt-4o-mini')).toBe('o200k_base');
    expect(encodingForModel('gpt-4')).toBe('cl100k_base');
    expect(encodingForModel('llama3.2')).toBeUndefined();
    expect(counterForModel('llama3.2').name).toBe('calibrated(heuristic)');
    expect(counterForModel('gpt-4o').name).toBe('gpt-tokenizer:o200k_base');
    const m: Message = { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'shell', arguments: '{"command":"ls"}' }] };
    expect(counter.countMessages([m])).toBeGreaterThan(10);
    expect(counter.countTools([{ name: 'shell', description: 'run', inputSchema: { type: 'object' } }])).toBeGreaterThan(8);
    expect(() => new GptTokenizerCounter({ encoding: 'p50k' as 'o200k_base' })).toThrow(/unknown encoding/);
  });
});
