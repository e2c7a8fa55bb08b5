// Benchmark C (cost and counting): token-count error per content class against gpt-tokenizer (o200k), counting
// throughput, and the cost of fitting 200- and 1,000-message conversations.
import { countTokens } from 'gpt-tokenizer';
import type { BenchCase } from '../../../tools/bench/harness.js';
import { ContextManager } from '../src/context/manager.js';
import { CharRatioCounter, HeuristicCounter } from '../src/context/counter.js';
import type { Message } from '../src/model/types.js';
import { GptTokenizerCounter } from '../src/tokenizers/gpt/index.js';
import { CONTENT_CLASSES, contentSamples, prng } from './data/content-samples.js';

const heuristic = new HeuristicCounter();
const charRatio = new CharRatioCounter();
const samples = contentSamples(42, 30);

function errors(cls: string, counter: { countText(s: string): number }): { meanAbsPct: number; p95UnderPct: number } {
  const ratios = samples.filter((s) => s.cls === cls).map((s) => countTokens(s.text) / counter.countText(s.text));
  const abs = ratios.map((r) => Math.abs(1 / r - 1) * 100);
  const sorted = [...ratios].sort((a, b) => a - b);
  return { meanAbsPct: abs.reduce((a, b) => a + b, 0) / abs.length, p95UnderPct: Math.max(0, ((sorted[Math.floor(sorted.length * 0.95)] ?? 1) - 1) * 100) };
}

const perClass: BenchCase[] = Object.keys(CONTENT_CLASSES).map((cls) => ({
  name: `tokens-error-${cls}`,
  peerName: 'chars-per-3.5',
  unit: '%',
  measure: () => ({ ours: errors(cls, heuristic).meanAbsPct, peer: errors(cls, charRatio).meanAbsPct }),
}));

/** A seeded conversation: system + task, then user / assistant / tool turns with mixed content. */
function conversation(size: number, seed: number): Message[] {
  const rng = prng(seed);
  const classes = Object.keys(CONTENT_CLASSES);
  const text = (chars: number): string => (CONTENT_CLASSES[classes[Math.floor(rng() * classes.length)] as string] as (r: () => number, c: number) => string)(rng, chars);
  const messages: Message[] = [{ role: 'system', content: text(2_000) }, { role: 'user', content: text(300) }];
  let call = 0;
  while (messages.length < size) {
    const roll = rng();
    if (roll < 0.5) {
      const id = `call_${(call += 1)}`;
      messages.push({ role: 'assistant', content: '', toolCalls: [{ id, name: 'read', arguments: `{"path":"/tmp/${call}"}` }] });
      messages.push({ role: 'tool', toolCallId: id, toolName: 'read', content: text(500 + Math.floor(rng() * 6_000)) });
    } else if (roll < 0.75) messages.push({ role: 'assistant', content: text(400) });
    else messages.push({ role: 'user', content: text(200) });
  }
  return messages;
}

const signal = new AbortController().signal;
const conv200 = conversation(200, 7);
const conv1000 = conversation(1_000, 8);
// Windows chosen so both conversations are over the threshold and need trimming on every fit.
const heuristicManager = new ContextManager({ contextWindow: 32_000, counter: heuristic });
const exactManager = new ContextManager({ contextWindow: 32_000, counter: new GptTokenizerCounter() });
const mixed = contentSamples(9, 1, 64_000, 64_000).map((s) => s.text).join('').slice(0, 64_000);

export const cases: BenchCase[] = [
  ...perClass,
  {
    name: 'tokens-max-p95-underestimate',
    peerName: 'chars-per-3.5',
    unit: '%',
    measure: () => {
      const classes = Object.keys(CONTENT_CLASSES);
      return { ours: Math.max(...classes.map((c) => errors(c, heuristic).p95UnderPct)), peer: Math.max(...classes.map((c) => errors(c, charRatio).p95UnderPct)) };
    },
  },
  { name: 'tokens-count-64k-mixed', ours: () => heuristic.countText(mixed), peer: { name: 'gpt-tokenizer', run: () => countTokens(mixed) }, unit: 'us' },
  {
    name: 'context-fit-200-vs-exact-count',
    ours: () => heuristicManager.fit(conv200, { tools: [], model: 'bench', signal }),
    peer: { name: 'gpt-tokenizer-count', run: () => new GptTokenizerCounter().countMessages(conv200) },
    unit: 'us',
  },
  {
    name: 'context-fit-1000-vs-exact-count',
    ours: () => heuristicManager.fit(conv1000, { tools: [], model: 'bench', signal }),
    peer: { name: 'gpt-tokenizer-count', run: () => new GptTokenizerCounter().countMessages(conv1000) },
    unit: 'us',
  },
  {
    name: 'context-fit-200-exact-vs-heuristic',
    ours: () => exactManager.fit(conv200, { tools: [], model: 'bench', signal }),
    peer: { name: 'heuristic-fit', run: () => heuristicManager.fit(conv200, { tools: [], model: 'bench', signal }) },
    unit: 'us',
  },
];
