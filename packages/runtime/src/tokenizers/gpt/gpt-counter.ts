import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { CalibratedCounter } from '../../context/calibrate.js';
import { FramedTokenCounter, HeuristicCounter } from '../../context/counter.js';
import type { TokenCounter } from '../../context/types.js';
import { RuntimeOptionsError } from '../../errors/runtime-options-error.js';

/** The exact encodings this counter supports. */
export type GptEncodingName = 'o200k_base' | 'cl100k_base';

// Special-token text inside user content is counted as plain text instead of throwing.
const PLAIN = { disallowedSpecial: new Set<string>() };
const COUNTERS: Record<GptEncodingName, (s: string) => number> = {
  o200k_base: (s) => countO200k(s, PLAIN),
  cl100k_base: (s) => countCl100k(s, PLAIN),
};

/**
 * Exact token counts for the OpenAI tokenizer families (o200k: gpt-4o, gpt-4.1, gpt-5, o-series; cl100k: gpt-4,
 * gpt-3.5), through the optional peer `gpt-tokenizer`. Message framing (+3 per message, +3 reply priming) follows
 * the chat format; tool calls and tool schemas are counted as the JSON the provider receives.
 */
export class GptTokenizerCounter extends FramedTokenCounter {
  readonly name: string;
  private readonly count: (s: string) => number;

  constructor(o: { encoding?: GptEncodingName; messageOverhead?: number; priming?: number } = {}) {
    const encoding = o.encoding ?? 'o200k_base';
    const count = COUNTERS[encoding];
    if (count === undefined) throw new RuntimeOptionsError(`GptTokenizerCounter: unknown encoding ${String(encoding)} (use o200k_base or cl100k_base)`);
    super(o.messageOverhead ?? 3, o.priming ?? 3);
    this.count = count;
    this.name = `gpt-tokenizer:${encoding}`;
  }

  countText(s: string): number {
    return s.length === 0 ? 0 : this.count(s);
  }
}

/** The exact encoding of an OpenAI model id (a `provider:` prefix is ignored), or undefined for other families. */
export function encodingForModel(model: string): GptEncodingName | undefined {
  const bare = model.includes(':') ? model.slice(model.indexOf(':') + 1) : model;
  if (/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o1|o3|o4|chatgpt-4o|gpt-oss)/.test(bare)) return 'o200k_base';
  if (/^(gpt-4|gpt-3\.5|text-embedding-3|text-embedding-ada)/.test(bare)) return 'cl100k_base';
  return undefined;
}

/**
 * The best counter for a model: exact for the o200k / cl100k families, otherwise the heuristic wrapped in a
 * {@link CalibratedCounter} that learns the model's ratio from the usage its provider reports.
 */
export function counterForModel(model: string): TokenCounter {
  const encoding = encodingForModel(model);
  return encoding === undefined ? new CalibratedCounter(new HeuristicCounter()) : new GptTokenizerCounter({ encoding });
}
