/**
 * The one spelling of token counts across agent33. Providers that report no cache or reasoning counts give 0,
 * never `undefined`, so sums stay numbers.
 */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  reasoningOutputTokens: number;
  totalTokens?: number;
}

/** A usage of zero tokens. */
export function emptyTokenUsage(): TokenUsage {
  return { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, reasoningOutputTokens: 0, totalTokens: 0 };
}

/** Adds two usages field by field; `totalTokens` is the sum of the totals (or of input and output when absent). */
export function addTokenUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadInputTokens: a.cacheReadInputTokens + b.cacheReadInputTokens,
    reasoningOutputTokens: a.reasoningOutputTokens + b.reasoningOutputTokens,
    totalTokens: (a.totalTokens ?? a.inputTokens + a.outputTokens) + (b.totalTokens ?? b.inputTokens + b.outputTokens),
  };
}
