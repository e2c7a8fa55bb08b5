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

// One pass over the text, classifying runs by character code (no regex matches, no allocation). At each position,
// in order: a long alphanumeric run (16 or more, checked for entropy), a letter run, a digit run, a newline run, a
// whitespace run of two or more (or a tab), a single space (free: it merges into the next word), an ASCII punctuation
// run, and any other code point (a surrogate pair is one code point).

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isPunct = (c: number): boolean => (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
/** The code points JavaScript's `\s` matches that the earlier classes leave to "other" (tab, CR, LF, space excluded). */
function isOtherSpace(c: number): boolean {
  return c === 0x0b || c === 0x0c || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

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
  const n = text.length;
  if (n === 0) return 0;
  let tokens = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isLetter(c) || isDigit(c)) {
      let end = i + 1;
      while (end < n) {
        const d = text.charCodeAt(end);
        if (!isLetter(d) && !isDigit(d)) break;
        end += 1;
      }
      if (end - i >= 16) {
        const run = text.slice(i, end);
        if (isHighEntropy(run)) tokens += Math.ceil(run.length / weights.highEntropyCharsPerToken);
        else {
          // Not random: its letter and digit sub-runs count like ordinary runs.
          for (let k = i; k < end; ) {
            const digits = isDigit(text.charCodeAt(k));
            let j = k + 1;
            while (j < end && isDigit(text.charCodeAt(j)) === digits) j += 1;
            tokens += Math.ceil((j - k) / (digits ? weights.digitRun : weights.letterRun));
            k = j;
          }
        }
        i = end;
        continue;
      }
      const letters = isLetter(c);
      let j = i + 1;
      while (j < end && isLetter(text.charCodeAt(j)) === letters) j += 1;
      tokens += Math.ceil((j - i) / (letters ? weights.letterRun : weights.digitRun));
      i = j;
    } else if (c === 10 || c === 13) {
      i += 1;
      while (i < n && (text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13)) i += 1;
      tokens += weights.newline;
    } else if (c === 32 || c === 9) {
      let j = i + 1;
      while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j += 1;
      // Two or more spaces or tabs, or a lone tab, cost a token; a single space is free.
      if (j - i >= 2 || c === 9) tokens += 1;
      i = j;
    } else if (isPunct(c)) {
      let j = i + 1;
      while (j < n && isPunct(text.charCodeAt(j))) j += 1;
      // Adjacent punctuation merges (`"},`, `=>`, `();`): the first mark costs a full token, the rest half.
      tokens += weights.punctuation * (1 + (j - i - 1) * 0.5);
      i = j;
    } else {
      const codePoint = text.codePointAt(i) ?? 0;
      i += codePoint > 0xffff ? 2 : 1;
      // Other whitespace (non-breaking, ideographic) costs like a space run.
      tokens += isOtherSpace(codePoint) ? 0.5 : nonAsciiWeight(codePoint, weights);
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
 * The default token counter: conservative and class-aware, one pass over each string by character code. It never
 * underestimates common content classes (prose, code, JSON, HTML, CJK, Japanese, Cyrillic, emoji, base64, log lines)
 * against the o200k and cl100k tokenizers, at the price of some over-reservation that {@link CalibratedCounter}
 * removes.
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
