import type { ContentPart, Message, ToolCall, ToolSpec } from '../model/types.js';
import { RuntimeOptionsError } from '../errors/runtime-options-error.js';
import type { TokenCounter } from './types.js';

/** Per-class weights of {@link HeuristicCounter}: tokens per run or per character of each class. */
export interface HeuristicWeights {
  /** ASCII letters per token in a letter run (a run costs at least 1). */
  letterRun: number;
  /** Digits per token in a digit run (tokenizers group digits by up to three). */
  digitRun: number;
  /** Tokens per ASCII punctuation character. */
  punctuation: number;
  /** Tokens per newline run. */
  newline: number;
  /** Tokens per non-ASCII code point outside the classes below (CJK, kana, accented letters). */
  nonAscii: number;
  /** Tokens per emoji or other astral-plane code point. */
  emoji: number;
  /** Tokens per Cyrillic, Greek, Armenian or Hebrew letter. */
  alphabetic: number;
  /** Characters per token in high-entropy runs (base64, hashes, ids). */
  highEntropyCharsPerToken: number;
}

/** The default weights: chosen never to underestimate o200k / cl100k counts in any common content class. */
export const DEFAULT_HEURISTIC_WEIGHTS: Readonly<HeuristicWeights> = Object.freeze({
  letterRun: 6,
  digitRun: 3,
  punctuation: 1,
  newline: 1,
  nonAscii: 1,
  emoji: 2,
  alphabetic: 0.35,
  highEntropyCharsPerToken: 1.3,
});

/** A cached per-message count and what it was computed from. */
export interface CachedCount {
  content: Message['content'];
  calls: ToolCall[] | undefined;
  tokens: number;
}

/** Tokens charged for a non-text user content part (an image or a file by reference). */
const ATTACHMENT_TOKENS = 1_000;
/** Per-tool framing tokens (type, function wrapper) added to each schema's JSON. */
const TOOL_OVERHEAD = 8;
/** Per-call framing tokens (id, type, wrapper) added to each tool call. */
const TOOL_CALL_OVERHEAD = 4;

// One pass over the text. Alternatives, in order: long alphanumeric runs (checked for entropy), letter runs, digit
// runs, newline runs, whitespace runs of two or more, a single space (free: it merges into the next word), ASCII
// punctuation, and any other code point (the `u` flag makes astral characters one match).
const TOKEN_PATTERN = /([A-Za-z0-9]{16,})|([A-Za-z]+)|([0-9]+)|([\r\n]+)|([ \t]{2,}|\t)|( )|([\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]+)|([\s\S])/gu;
const SUB_RUN = /[A-Za-z]+|[0-9]+/g;

/**
 * True for a run that looks random rather than like words: letters mixed with digits, or upper and lower case
 * alternating often. Such runs (base64, hashes, API keys) tokenise at one to three characters per token.
 */
function isHighEntropy(run: string): boolean {
  let upper = 0;
  let digits = 0;
  let changes = 0;
  let previous = -1;
  for (let index = 0; index < run.length; index += 1) {
    const code = run.charCodeAt(index);
    const kind = code <= 57 ? 0 : code <= 90 ? 1 : 2;
    if (kind === 0) digits += 1;
    else if (kind === 1) upper += 1;
    if (previous !== -1 && kind !== previous) changes += 1;
    previous = kind;
  }
  if (digits > 0 && digits < run.length) return true;
  // camelCase identifiers change class once or twice per word; random text changes on about half the positions.
  return upper > 1 && changes >= run.length * 0.45;
}

function nonAsciiWeight(codePoint: number, weights: HeuristicWeights): number {
  if (codePoint > 0xffff) return weights.emoji;
  // Cyrillic, Greek, Armenian, Hebrew: alphabets that merge into multi-letter tokens.
  if ((codePoint >= 0x0370 && codePoint <= 0x05ff) || (codePoint >= 0x0400 && codePoint <= 0x052f)) return weights.alphabetic;
  // Latin-1 and Latin Extended letters (accents) behave like ASCII letters inside words.
  if (codePoint >= 0x00c0 && codePoint <= 0x024f) return weights.alphabetic;
  // Variation selectors and zero-width joiners ride along with the emoji they modify.
  if (codePoint === 0x200d || (codePoint >= 0xfe00 && codePoint <= 0xfe0f)) return weights.emoji / 2;
  if (codePoint >= 0x2600 && codePoint <= 0x27bf) return weights.emoji;
  return weights.nonAscii;
}

/** Counts one string with the class-aware rules; fractional weights are summed and rounded up once. */
export function countTextHeuristic(text: string, weights: HeuristicWeights = DEFAULT_HEURISTIC_WEIGHTS): number {
  if (text.length === 0) return 0;
  let tokens = 0;
  TOKEN_PATTERN.lastIndex = 0;
  for (let match = TOKEN_PATTERN.exec(text); match !== null; match = TOKEN_PATTERN.exec(text)) {
    const [, long, letters, digits, newline, spaces, , punct, other] = match;
    if (long !== undefined) {
      if (isHighEntropy(long)) tokens += Math.ceil(long.length / weights.highEntropyCharsPerToken);
      else for (const part of long.match(SUB_RUN) ?? []) tokens += Math.ceil(part.length / (/[0-9]/.test(part) ? weights.digitRun : weights.letterRun));
    } else if (letters !== undefined) tokens += Math.ceil(letters.length / weights.letterRun);
    else if (digits !== undefined) tokens += Math.ceil(digits.length / weights.digitRun);
    else if (newline !== undefined) tokens += weights.newline;
    else if (spaces !== undefined) tokens += 1;
    // Adjacent punctuation merges (`"},`, `=>`, `();`): the first mark costs a full token, the rest half.
    else if (punct !== undefined) tokens += weights.punctuation * (1 + (punct.length - 1) * 0.5);
    else if (other !== undefined) {
      const codePoint = other.codePointAt(0) ?? 0;
      // Other whitespace (non-breaking, ideographic) costs like a space run.
      tokens += /\s/u.test(other) ? 0.5 : nonAsciiWeight(codePoint, weights);
    }
  }
  return Math.ceil(tokens);
}

function contentText(content: string | ContentPart[], countText: (s: string) => number): number {
  if (typeof content === 'string') return countText(content);
  let tokens = 0;
  for (const part of content) {
    if (part.type === 'text') tokens += countText(part.text);
    else tokens += ATTACHMENT_TOKENS;
  }
  return tokens;
}

/**
 * Counts a message with the given text counter: content, tool-call names, ids and arguments, tool-result names and
 * ids, plus a fixed per-message overhead.
 */
export function countMessageWith(m: Message, countText: (s: string) => number, overhead: number): number {
  let tokens = overhead;
  switch (m.role) {
    case 'system':
      tokens += countText(m.content);
      break;
    case 'user':
      tokens += contentText(m.content, countText) + (m.name === undefined ? 0 : countText(m.name));
      break;
    case 'assistant':
      tokens += countText(m.content);
      for (const call of m.toolCalls ?? []) {
        tokens += TOOL_CALL_OVERHEAD + countText(call.id) + countText(call.name) + countText(call.arguments);
      }
      break;
    case 'tool':
      tokens += countText(m.content) + countText(m.toolCallId) + countText(m.toolName);
      break;
  }
  return tokens;
}

/** Counts tool specs as the JSON a provider sends (name, description, parameters) plus per-tool framing. */
export function countToolsWith(ts: readonly ToolSpec[], countText: (s: string) => number): number {
  let tokens = 0;
  for (const tool of ts) {
    tokens += TOOL_OVERHEAD + countText(JSON.stringify({ name: tool.name, description: tool.description, parameters: tool.inputSchema }));
  }
  return tokens;
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  const resolved = value ?? fallback;
  if (!Number.isFinite(resolved) || resolved < 0) throw new RuntimeOptionsError(`${name} must be a finite number >= 0, got ${String(value)}`);
  return resolved;
}

/**
 * Shared framing of the chat-format counters: per-message overhead, reply priming, tool calls and schemas counted as
 * the JSON a provider receives, and per-message counts cached per message object (checked against the content and
 * calls they were computed from, so in-place edits recount). Subclasses supply only `countText`.
 */
export abstract class FramedTokenCounter implements TokenCounter {
  abstract readonly name: string;
  private readonly cache = new WeakMap<Message, CachedCount>();

  protected constructor(
    private readonly messageOverhead: number,
    private readonly priming: number,
  ) {}

  abstract countText(s: string): number;

  countMessage(m: Message): number {
    const cached = this.cache.get(m);
    if (cached !== undefined && cached.content === m.content && cached.calls === (m.role === 'assistant' ? m.toolCalls : undefined)) return cached.tokens;
    const tokens = countMessageWith(m, (s) => this.countText(s), this.messageOverhead);
    this.cache.set(m, { content: m.content, calls: m.role === 'assistant' ? m.toolCalls : undefined, tokens });
    return tokens;
  }

  countMessages(ms: readonly Message[]): number {
    let tokens = ms.length === 0 ? 0 : this.priming;
    for (const m of ms) tokens += this.countMessage(m);
    return tokens;
  }

  countTools(ts: readonly ToolSpec[]): number {
    return countToolsWith(ts, (s) => this.countText(s));
  }
}

/**
 * The default token counter: conservative and class-aware, one regex pass per string. It never underestimates
 * common content classes (prose, code, JSON, HTML, CJK, Japanese, Cyrillic, emoji, base64, log lines) against the
 * o200k and cl100k tokenizers, at the price of some over-reservation that {@link CalibratedCounter} removes.
 * Per-message counts are cached per message object, so repeated fits over a growing transcript are O(n) amortised.
 */
export class HeuristicCounter extends FramedTokenCounter {
  readonly name = 'heuristic';
  private readonly weights: HeuristicWeights;

  constructor(o: { weights?: Partial<HeuristicWeights>; messageOverhead?: number; priming?: number } = {}) {
    super(nonNegative(o.messageOverhead, 4, 'messageOverhead'), nonNegative(o.priming, 3, 'priming'));
    const weights = { ...DEFAULT_HEURISTIC_WEIGHTS, ...o.weights };
    for (const [key, value] of Object.entries(weights)) {
      if (!Number.isFinite(value) || value <= 0) throw new RuntimeOptionsError(`HeuristicCounter weight ${key} must be a positive number, got ${String(value)}`);
    }
    this.weights = weights;
  }

  countText(s: string): number {
    return countTextHeuristic(s, this.weights);
  }
}

/**
 * The reference estimator (parity): `max(1, floor(chars / ratio))` per non-empty string, +4 per message, +3 reply
 * priming. It underestimates code, base64 and CJK badly; kept only for parity tests and comparisons.
 */
export class CharRatioCounter implements TokenCounter {
  readonly name = 'char-ratio';
  private readonly charsPerToken: number;

  constructor(o: { charsPerToken?: number } = {}) {
    this.charsPerToken = o.charsPerToken ?? 3.5;
    if (!Number.isFinite(this.charsPerToken) || this.charsPerToken <= 0) throw new RuntimeOptionsError(`charsPerToken must be a positive number, got ${String(o.charsPerToken)}`);
  }

  countText(s: string): number {
    return s.length === 0 ? 0 : Math.max(1, Math.floor(s.length / this.charsPerToken));
  }

  countMessage(m: Message): number {
    return countMessageWith(m, (s) => this.countText(s), 4);
  }

  countMessages(ms: readonly Message[]): number {
    return ms.reduce((sum, m) => sum + this.countMessage(m), ms.length === 0 ? 0 : 3);
  }

  countTools(ts: readonly ToolSpec[]): number {
    return countToolsWith(ts, (s) => this.countText(s));
  }
}
