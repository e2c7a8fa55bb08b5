import { InvalidInputError } from '../errors/invalid-input-error.js';
import { compactJson, pythonJson, type EarlyStop } from './python-json.js';
import type { ClassifierConfig, HeuristicReason, HeuristicResult, KeywordCategory } from './types.js';

/** Options of one classification. */
export interface ClassifyOptions {
  iterative?: boolean;
  maxIterations?: number;
}

const URL_PATTERN = /\bhttps?:\/\//i;

function categoriesOf(config: ClassifierConfig): readonly KeywordCategory[] {
  const first = config.keywords[0];
  if (first === undefined || typeof first === 'string') {
    return [{ category: 'keywords', keywords: config.keywords as readonly string[] }];
  }
  return config.keywords as readonly KeywordCategory[];
}

/** Every keyword of a configuration in one regular expression, so a payload is scanned once. */
interface CompiledKeywords {
  readonly categories: number;
  readonly pattern: RegExp | undefined;
  readonly categoryOf: ReadonlyMap<string, number>;
  /** Built once per configuration: no closure is created per classification. */
  stop?: EarlyStop;
}

const compiledKeywords = new WeakMap<ClassifierConfig, CompiledKeywords>();

function compile(config: ClassifierConfig): CompiledKeywords {
  const compiled = compiledKeywords.get(config);
  if (compiled) return compiled;
  const categories = categoriesOf(config);
  const categoryOf = new Map<string, number>();
  categories.forEach((category, index) => {
    for (const keyword of category.keywords) if (keyword !== '' && !categoryOf.has(keyword.toLowerCase())) categoryOf.set(keyword.toLowerCase(), index);
  });
  // Longest first, so a keyword that extends another at the same position wins.
  const alternatives = [...categoryOf.keys()].sort((a, b) => b.length - a.length).map((keyword) => keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const built: CompiledKeywords = { categories: categories.length, pattern: alternatives.length > 0 ? new RegExp(alternatives.join('|'), 'g') : undefined, categoryOf };
  // v1 needs one keyword hit, v2 every category, before a long payload can stop serialising early.
  const wanted = config.preset === 'v1' ? 1 : built.categories;
  built.stop = { minLength: config.largePayloadChars, satisfied: (text) => categoryHits(built, text, wanted) >= wanted };
  compiledKeywords.set(config, built);
  return built;
}

/** How many keyword categories occur in `lowerText` (scanning stops once `enough` are found). */
function categoryHits(compiled: CompiledKeywords, lowerText: string, enough = compiled.categories): number {
  const pattern = compiled.pattern;
  if (!pattern) return 0;
  const seen = new Array<boolean>(compiled.categories).fill(false);
  let hits = 0;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(lowerText); match !== null; match = pattern.exec(lowerText)) {
    const index = compiled.categoryOf.get(match[0]);
    if (index !== undefined && !seen[index]) {
      seen[index] = true;
      hits += 1;
      if (hits >= enough) break;
    }
    // Restart one character later so keywords that begin inside this match are still seen.
    pattern.lastIndex = match.index + 1;
  }
  return hits;
}

function stringValues(value: unknown, out: string[], seen: Set<object>): void {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'object' && value !== null && !seen.has(value)) {
    seen.add(value);
    for (const item of Array.isArray(value) ? value : Object.values(value)) stringValues(item, out, seen);
  }
}

function fastPathApplies(config: ClassifierConfig, compiled: CompiledKeywords, inputs: Readonly<Record<string, unknown>>): boolean {
  if (!config.fastPath) return false;
  const parts: string[] = [];
  stringValues(inputs, parts, new Set());
  const text = parts.join(' ').trim();
  if (text.length === 0 || text.length > config.fastPath.maxChars) return false;
  if (text.split(/\s+/).length > config.fastPath.maxWords) return false;
  if (text.includes('```') || URL_PATTERN.test(text)) return false;
  return categoryHits(compiled, text.toLowerCase(), 1) === 0;
}

function mapScore(config: ClassifierConfig, score: number): { effort: HeuristicResult['effort']; confidence: number } {
  if (score >= config.highScoreThreshold) return { effort: 'high', confidence: 0.8 };
  if (score <= config.lowScoreThreshold) return { effort: 'low', confidence: 0.72 };
  return { effort: 'medium', confidence: 0.68 };
}

/**
 * Scores a request's inputs (only the inputs: never the system prompt or the definition) with the reference rules:
 * iterative +2, `maxIterations ≥ 15` +1, payload ≥ 2000 chars +2 (else ≥ 800 +1), ≥ 10 top-level keys +1, keyword
 * hit +1 (v1: once; v2: once per category). Score ≥ 4 → high (0.8), ≤ 1 → low (0.72), else medium (0.68). Empty
 * inputs → low (0.8). Throws {@link InvalidInputError} for inputs that are not a plain object or are circular.
 */
export function classifyEffort(config: ClassifierConfig, inputs: Readonly<Record<string, unknown>> | null | undefined, options: ClassifyOptions = {}): HeuristicResult {
  const lowThreshold = config.lowScoreThreshold;
  const highThreshold = config.highScoreThreshold;
  if (inputs !== null && inputs !== undefined && (typeof inputs !== 'object' || Array.isArray(inputs))) {
    throw new InvalidInputError('inputs', 'must be an object, null or undefined');
  }
  const keyCount = inputs ? Object.keys(inputs).length : 0;
  if (!inputs || keyCount === 0) {
    return { effort: 'low', confidence: 0.8, score: 0, lowThreshold, highThreshold, reasons: ['empty_or_missing_inputs'] };
  }
  const compiled = compile(config);
  if (!options.iterative && fastPathApplies(config, compiled, inputs)) {
    return { effort: 'low', confidence: 0.85, score: 0, lowThreshold, highThreshold, reasons: ['simple_message_fast_path'] };
  }

  const reasons: HeuristicReason[] = [];
  let score = 0;
  if (options.iterative) {
    score += 2;
    reasons.push('iterative_mode');
  }
  if (options.maxIterations !== undefined && options.maxIterations !== null && options.maxIterations >= config.highIterationThreshold) {
    score += 1;
    reasons.push('high_iteration_budget');
  }

  const payload = config.lengthMode === 'python' ? pythonJson(inputs, compiled.stop) : compactJson(inputs);
  if (payload.length >= config.largePayloadChars) {
    score += 2;
    reasons.push('large_payload');
  } else if (payload.length >= config.mediumPayloadChars) {
    score += 1;
    reasons.push('medium_payload');
  }
  if (keyCount >= config.manyInputFieldsThreshold) {
    score += 1;
    reasons.push('many_input_fields');
  }
  const hits = categoryHits(compiled, payload.text.toLowerCase(), config.preset === 'v1' ? 1 : compiled.categories);
  if (hits > 0) {
    score += config.preset === 'v1' ? 1 : hits;
    reasons.push('complex_task_keywords');
  }
  if (reasons.length === 0) reasons.push('balanced_request');
  // Built field by field: object spreads here cost several microseconds per call.
  const mapped = mapScore(config, score);
  return { effort: mapped.effort, confidence: mapped.confidence, score, lowThreshold, highThreshold, reasons };
}
