/** Static description of a model provider. */
export interface ProviderInfo {
  name: string;
  displayName: string;
  baseURL: string;
  authType: 'bearer' | 'api-key' | 'none';
  modelPrefixes: string[];
  envKeyVar?: string;
  openaiCompatible: boolean;
}

const p = (
  name: string,
  displayName: string,
  baseURL: string,
  modelPrefixes: string[],
  envKeyVar: string | undefined,
  openaiCompatible = true,
  authType: ProviderInfo['authType'] = envKeyVar === undefined ? 'none' : 'bearer',
): ProviderInfo => ({
  name,
  displayName,
  baseURL,
  authType,
  modelPrefixes,
  ...(envKeyVar !== undefined ? { envKeyVar } : {}),
  openaiCompatible,
});

/** Known providers as data; `autoRegister` turns the OpenAI-compatible ones with a key into providers. */
export const PROVIDER_CATALOG: Readonly<Record<string, ProviderInfo>> = Object.freeze(
  Object.fromEntries(
    [
      p('openai', 'OpenAI', 'https://api.openai.com/v1', ['gpt-', 'o1', 'o3', 'o4', 'ft:gpt-'], 'OPENAI_API_KEY'),
      p('anthropic', 'Anthropic', 'https://api.anthropic.com/v1', ['claude-'], 'ANTHROPIC_API_KEY', true, 'api-key'),
      p('azure', 'Azure OpenAI', 'https://{resource}.openai.azure.com/openai', ['azure/'], 'AZURE_OPENAI_API_KEY', false, 'api-key'),
      p('groq', 'Groq', 'https://api.groq.com/openai/v1', ['groq/'], 'GROQ_API_KEY'),
      p('together', 'Together AI', 'https://api.together.xyz/v1', ['together/'], 'TOGETHER_API_KEY'),
      p('mistral', 'Mistral AI', 'https://api.mistral.ai/v1', ['mistral-', 'codestral-', 'open-mistral-'], 'MISTRAL_API_KEY'),
      p('fireworks', 'Fireworks AI', 'https://api.fireworks.ai/inference/v1', ['accounts/fireworks/'], 'FIREWORKS_API_KEY'),
      p('deepseek', 'DeepSeek', 'https://api.deepseek.com/v1', ['deepseek-chat', 'deepseek-reasoner'], 'DEEPSEEK_API_KEY'),
      p('perplexity', 'Perplexity', 'https://api.perplexity.ai', ['sonar', 'pplx-'], 'PERPLEXITY_API_KEY'),
      p('anyscale', 'Anyscale', 'https://api.endpoints.anyscale.com/v1', ['anyscale/'], 'ANYSCALE_API_KEY'),
      p('cohere', 'Cohere', 'https://api.cohere.ai/compatibility/v1', ['command-'], 'COHERE_API_KEY'),
      p('google', 'Google Gemini', 'https://generativelanguage.googleapis.com/v1beta/openai', ['gemini-'], 'GOOGLE_API_KEY'),
      p('xai', 'xAI', 'https://api.x.ai/v1', ['grok-'], 'XAI_API_KEY'),
      p('openrouter', 'OpenRouter', 'https://openrouter.ai/api/v1', ['openrouter/'], 'OPENROUTER_API_KEY'),
      p('replicate', 'Replicate', 'https://api.replicate.com/v1', ['replicate/'], 'REPLICATE_API_TOKEN', false),
      p('huggingface', 'Hugging Face', 'https://router.huggingface.co/v1', ['hf/'], 'HF_TOKEN'),
      p('cerebras', 'Cerebras', 'https://api.cerebras.ai/v1', ['cerebras/'], 'CEREBRAS_API_KEY'),
      p('bedrock', 'AWS Bedrock', 'https://bedrock-runtime.{region}.amazonaws.com', ['bedrock/'], 'AWS_ACCESS_KEY_ID', false, 'api-key'),
      p('vertex', 'Google Vertex AI', 'https://{region}-aiplatform.googleapis.com/v1', ['vertex/'], 'GOOGLE_APPLICATION_CREDENTIALS', false, 'api-key'),
      p('ollama', 'Ollama', 'http://localhost:11434/v1', ['llama', 'qwen', 'gemma', 'phi', 'mixtral'], undefined),
      p('lmstudio', 'LM Studio', 'http://localhost:1234/v1', ['lmstudio/'], undefined),
      p('vllm', 'vLLM', 'http://localhost:8000/v1', ['vllm/'], undefined),
      p('llamacpp', 'llama.cpp', 'http://localhost:8080/v1', ['llamacpp/'], undefined),
    ].map((info) => [info.name, Object.freeze(info)]),
  ),
);
