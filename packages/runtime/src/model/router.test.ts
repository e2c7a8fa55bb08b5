import { describe, expect, it } from 'vitest';
import { ModelError } from '../errors/model-error.js';
import { ScriptedModel, fail, text } from '../testing/index.js';
import { PROVIDER_CATALOG } from './catalog.js';
import { ModelRouter, autoRegister } from './router.js';

describe('ModelRouter', () => {
  it('routes explicit provider ids, the ordered prefix map, then the default provider', async () => {
    const openai = new ScriptedModel([text('from openai')]);
    const ollama = new ScriptedModel([text('from ollama'), text('default')]);
    const router = new ModelRouter({ providers: { openai, ollama } });
    expect(router.route('ollama:llama3.2')).toMatchObject({ providerName: 'ollama', modelId: 'llama3.2' });
    expect(router.route('gpt-4o').providerName).toBe('openai');
    expect(router.route('ft:gpt-4o:org').providerName).toBe('openai');
    expect(router.route('claude-3-opus').providerName).toBe('openai');
    expect((await router.generate({ model: 'ollama:llama3.2', messages: [] })).text).toBe('from ollama');
    expect(ollama.calls[0]!.request.model).toBe('llama3.2');
    expect((await router.generate({ model: 'mistral', messages: [] })).text).toBe('default');
  });

  it('a prefix mapped to an unregistered provider throws', () => {
    expect(() => new ModelRouter({ providers: {} }).route('airllm-x')).toThrow(/not registered/);
  });

  it('falls back on retryable exhaustion only', async () => {
    const primary = new ScriptedModel([fail(new ModelError('down', { kind: 'server', retryable: true })), fail(new ModelError('bad', { kind: 'invalid_request' }))]);
    const backup = new ScriptedModel([text('backup')]);
    const routes: string[] = [];
    const router = new ModelRouter({ providers: { primary, backup }, defaultProvider: 'primary', fallbacks: ['backup'], onRoute: (e) => void routes.push(`${e.providerName}${e.fallbackFrom !== undefined ? `<-${e.fallbackFrom}` : ''}`) });
    expect((await router.generate({ model: 'x', messages: [] })).text).toBe('backup');
    expect(routes).toEqual(['primary', 'backup<-primary']);
    await expect(router.generate({ model: 'x', messages: [] })).rejects.toMatchObject({ kind: 'invalid_request' });
  });

  it('autoRegister creates providers for catalog entries whose key is set', () => {
    const router = new ModelRouter();
    expect(autoRegister(router, { GROQ_API_KEY: 'k', MISTRAL_API_KEY: '' })).toEqual(['groq']);
    expect(router.route('groq/llama').providerName).toBe('groq');
    expect(Object.keys(PROVIDER_CATALOG).length).toBeGreaterThanOrEqual(22);
  });
});
