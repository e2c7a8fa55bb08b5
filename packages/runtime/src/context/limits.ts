/**
 * Context windows of well-known models, in tokens: the reference's table plus newer models. Lookups strip a
 * `provider:` prefix and fall back to the longest matching key prefix (`claude-3-opus` → `claude-3`).
 */
export const MODEL_CONTEXT_LIMITS: Readonly<Record<string, number>> = Object.freeze({
  'gpt-4o': 128_000,
  'gpt-4o-mini': 128_000,
  'gpt-4.1': 1_047_576,
  'gpt-4-turbo': 128_000,
  'gpt-4': 8_192,
  'gpt-3.5-turbo': 16_385,
  'gpt-5': 400_000,
  o1: 200_000,
  o3: 200_000,
  'o4-mini': 200_000,
  'claude-3': 200_000,
  'claude-3.5': 200_000,
  'claude-3-5': 200_000,
  'claude-3-7': 200_000,
  'claude-4': 200_000,
  'claude-sonnet-4': 200_000,
  'claude-opus-4': 200_000,
  'llama3.2': 128_000,
  'llama3.1': 128_000,
  'llama3.3': 128_000,
  llama3: 8_192,
  mistral: 32_768,
  mixtral: 32_768,
  gemma2: 8_192,
  gemma3: 128_000,
  'deepseek-v2': 128_000,
  'deepseek-v3': 128_000,
  'qwen2.5': 32_768,
  'qwen3-coder': 32_768,
  qwen3: 40_960,
  phi3: 128_000,
});

/** The fallback window when nothing else is known (parity: 128k). */
export const DEFAULT_CONTEXT_WINDOW = 128_000;

/** The table's window for `model`, or undefined when no key matches. */
export function lookupContextWindow(model: string, table: Readonly<Record<string, number>> = MODEL_CONTEXT_LIMITS): number | undefined {
  // `llama3.2:3b` (an Ollama tag) matches on the full id; `ollama:llama3.2` (a router id) on the part after the colon.
  const candidates = model.includes(':') ? [model, model.slice(model.indexOf(':') + 1)] : [model];
  for (const candidate of candidates) {
    const exact = table[candidate];
    if (exact !== undefined) return exact;
    let best: string | undefined;
    for (const key of Object.keys(table)) {
      if (candidate.startsWith(key) && (best === undefined || key.length > best.length)) best = key;
    }
    if (best !== undefined) return table[best];
  }
  return undefined;
}

/**
 * The reference's `budget_for_model`: the model's window (128k when unknown) minus the completion reserve.
 */
export function budgetForModel(model: string, reservedForCompletion = 4_096): { maxContextTokens: number; reservedForCompletion: number; effectiveLimit: number } {
  const maxContextTokens = lookupContextWindow(model) ?? DEFAULT_CONTEXT_WINDOW;
  return { maxContextTokens, reservedForCompletion, effectiveLimit: Math.max(0, maxContextTokens - reservedForCompletion) };
}
