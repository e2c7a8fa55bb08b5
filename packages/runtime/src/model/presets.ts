import { OpenAICompatibleProvider, type OpenAICompatibleOptions } from './openai-compatible.js';

function envVar(name: string): string | undefined {
  // Read lazily and defensively: the runtime also runs where `process` does not exist.
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return proc?.env?.[name];
}

function preset(defaults: OpenAICompatibleOptions & { apiKeyEnv?: string }, o: Partial<OpenAICompatibleOptions> = {}) {
  const { apiKeyEnv, ...base } = defaults;
  const apiKey = o.apiKey ?? base.apiKey ?? (apiKeyEnv !== undefined ? envVar(apiKeyEnv) : undefined);
  return new OpenAICompatibleProvider({
    ...base,
    ...o,
    compat: { ...base.compat, ...o.compat },
    ...(apiKey !== undefined ? { apiKey } : {}),
  });
}

/** OpenAI (`https://api.openai.com/v1`, key from `OPENAI_API_KEY`). */
export function openai(o?: Partial<OpenAICompatibleOptions>): OpenAICompatibleProvider {
  return preset({ id: 'openai', baseURL: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY' }, o);
}

/** Ollama through its OpenAI-compatible `/v1` endpoint (tool arguments as JSON strings, streaming usage). */
export function ollama(o?: Partial<OpenAICompatibleOptions>): OpenAICompatibleProvider {
  return preset({ id: 'ollama', baseURL: 'http://localhost:11434/v1' }, o);
}

/** vLLM's OpenAI-compatible server. */
export function vllm(o?: Partial<OpenAICompatibleOptions>): OpenAICompatibleProvider {
  return preset({ id: 'vllm', baseURL: 'http://localhost:8000/v1' }, o);
}

/** LM Studio's local server. */
export function lmstudio(o?: Partial<OpenAICompatibleOptions>): OpenAICompatibleProvider {
  return preset({ id: 'lmstudio', baseURL: 'http://localhost:1234/v1' }, o);
}

/** llama.cpp's `llama-server`. */
export function llamacpp(o?: Partial<OpenAICompatibleOptions>): OpenAICompatibleProvider {
  return preset({ id: 'llamacpp', baseURL: 'http://localhost:8080/v1', compat: { supportsParallelToolCalls: false } }, o);
}

/** OpenRouter (key from `OPENROUTER_API_KEY`). */
export function openrouter(o?: Partial<OpenAICompatibleOptions>): OpenAICompatibleProvider {
  return preset({ id: 'openrouter', baseURL: 'https://openrouter.ai/api/v1', apiKeyEnv: 'OPENROUTER_API_KEY' }, o);
}
