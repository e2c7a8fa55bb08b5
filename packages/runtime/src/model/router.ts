import { ModelError } from '../errors/model-error.js';
import { RuntimeOptionsError } from '../errors/runtime-options-error.js';
import { PROVIDER_CATALOG } from './catalog.js';
import { OpenAICompatibleProvider } from './openai-compatible.js';
import type { CallOptions, ModelCapabilities, ModelProvider, ModelRequest, ModelResponse, ModelStreamEvent } from './types.js';

/** The reference's ordered prefix map: model-name prefix → provider name. */
export const DEFAULT_PREFIX_MAP: ReadonlyArray<[string, string]> = [
  ['gpt-', 'openai'],
  ['o1', 'openai'],
  ['o3', 'openai'],
  ['claude-', 'openai'],
  ['ft:gpt-', 'openai'],
  ['airllm-', 'airllm'],
];

/** One routing notification of {@link ModelRouter}. */
export interface ModelRouteEvent {
  model: string;
  providerName: string;
  modelId: string;
  /** Set when this call is a fallback after the named provider failed. */
  fallbackFrom?: string;
}

/**
 * Routes model ids to providers: explicit `provider:model` ids first, then the ordered prefix map, then the default
 * provider. Optional `fallbacks` are tried in order when the routed provider fails with a retryable error after
 * its own retries.
 */
export class ModelRouter implements ModelProvider {
  readonly id = 'router';
  private readonly providers = new Map<string, ModelProvider>();
  private readonly prefixMap: Array<[string, string]>;
  private readonly defaultProvider: string;
  private readonly fallbacks: string[];
  private readonly onRoute: ((e: ModelRouteEvent) => void) | undefined;

  constructor(o: {
    providers?: Record<string, ModelProvider>;
    prefixMap?: Array<[string, string]>;
    defaultProvider?: string;
    fallbacks?: string[];
    /** Told about every routed call (and every fallback taken); errors it throws are ignored. */
    onRoute?: (e: ModelRouteEvent) => void;
  } = {}) {
    for (const [name, p] of Object.entries(o.providers ?? {})) this.register(name, p);
    this.prefixMap = [...(o.prefixMap ?? DEFAULT_PREFIX_MAP)];
    this.defaultProvider = o.defaultProvider ?? 'ollama';
    this.fallbacks = [...(o.fallbacks ?? [])];
    this.onRoute = o.onRoute;
  }

  private notify(e: ModelRouteEvent): void {
    try {
      this.onRoute?.(e);
    } catch {
      // Routing notifications only record.
    }
  }

  /** Registers (or replaces) a provider under `name`. */
  register(name: string, p: ModelProvider): void {
    if (typeof name !== 'string' || name === '' || name.includes(':')) {
      throw new RuntimeOptionsError(`ModelRouter.register: invalid provider name ${JSON.stringify(name)}`);
    }
    if (typeof p?.generate !== 'function') throw new RuntimeOptionsError(`ModelRouter.register: ${name} is not a ModelProvider`);
    this.providers.set(name, p);
  }

  /** Appends prefixes routed to `provider`. */
  addPrefixes(provider: string, prefixes: readonly string[]): void {
    for (const prefix of prefixes) this.prefixMap.push([prefix, provider]);
  }

  /** Names of the registered providers. */
  get providerNames(): string[] {
    return [...this.providers.keys()];
  }

  /** Resolves a model id to its provider and the model id that provider expects. */
  route(model: string): { provider: ModelProvider; modelId: string; providerName: string } {
    const colon = model.indexOf(':');
    if (colon > 0) {
      const name = model.slice(0, colon);
      const provider = this.providers.get(name);
      // `ft:gpt-…` style ids contain colons too: only treat the prefix as a provider when it is registered.
      if (provider !== undefined) return { provider, modelId: model.slice(colon + 1), providerName: name };
    }
    for (const [prefix, name] of this.prefixMap) {
      if (model.startsWith(prefix)) {
        const provider = this.providers.get(name);
        if (provider === undefined) {
          throw new RuntimeOptionsError(`model ${model} maps to provider '${name}', which is not registered`);
        }
        return { provider, modelId: model, providerName: name };
      }
    }
    const provider = this.providers.get(this.defaultProvider);
    if (provider === undefined) {
      throw new RuntimeOptionsError(`no provider for model ${model} (default provider '${this.defaultProvider}' is not registered)`);
    }
    return { provider, modelId: model, providerName: this.defaultProvider };
  }

  capabilities(model: string): ModelCapabilities | undefined {
    const { provider, modelId } = this.route(model);
    return provider.capabilities?.(modelId);
  }

  async generate(req: ModelRequest, opts?: CallOptions): Promise<ModelResponse> {
    const primary = this.route(req.model);
    this.notify({ model: req.model, providerName: primary.providerName, modelId: primary.modelId });
    try {
      return await primary.provider.generate({ ...req, model: primary.modelId }, opts);
    } catch (error) {
      if (!ModelError.isModelError(error) || !error.retryable || this.fallbacks.length === 0) throw error;
      let last: unknown = error;
      for (const name of this.fallbacks) {
        const fallback = this.providers.get(name);
        if (fallback === undefined || fallback === primary.provider) continue;
        this.notify({ model: req.model, providerName: name, modelId: primary.modelId, fallbackFrom: primary.providerName });
        try {
          return await fallback.generate({ ...req, model: primary.modelId }, opts);
        } catch (next) {
          last = next;
        }
      }
      throw last;
    }
  }

  async *stream(req: ModelRequest, opts?: CallOptions): AsyncIterable<ModelStreamEvent> {
    const { provider, modelId, providerName } = this.route(req.model);
    this.notify({ model: req.model, providerName, modelId });
    const routed = { ...req, model: modelId };
    if (provider.stream !== undefined) {
      yield* provider.stream(routed, opts);
      return;
    }
    yield { type: 'finish', response: await provider.generate(routed, opts) };
  }
}

/**
 * Registers an OpenAI-compatible provider for every catalog entry whose key variable is set in `env`, appending its
 * model prefixes to the router. Returns the names registered.
 */
export function autoRegister(router: ModelRouter, env?: Record<string, string | undefined>): string[] {
  const source = env ?? (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  const registered: string[] = [];
  for (const info of Object.values(PROVIDER_CATALOG)) {
    if (!info.openaiCompatible || info.envKeyVar === undefined) continue;
    const key = source[info.envKeyVar];
    if (key === undefined || key === '') continue;
    router.register(info.name, new OpenAICompatibleProvider({ id: info.name, baseURL: info.baseURL, apiKey: key }));
    router.addPrefixes(info.name, info.modelPrefixes);
    registered.push(info.name);
  }
  return registered;
}
