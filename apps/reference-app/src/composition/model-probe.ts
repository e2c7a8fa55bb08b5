import { ollama } from '@agent33/runtime';
import type { AppConfig } from '../config/index.js';

/** Asks the configured OpenAI-compatible server for its models; undefined when it answers, else the reason. */
export async function probeModelServer(config: AppConfig, timeoutMs = 2_000): Promise<string | undefined> {
  const provider = ollama({ baseURL: config.model.baseUrl, ...(config.model.apiKey === undefined ? {} : { apiKey: config.model.apiKey }) });
  try {
    await provider.listModels({ timeoutMs });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
