import { systemClock, type Clock } from '@agent33/observability';
import { ModelError } from '../errors/model-error.js';
import { ContextOverflowError } from '../errors/context-overflow-error.js';
import { RuntimeOptionsError } from '../errors/runtime-options-error.js';
import type { CallBoundary } from '../ports/index.js';
import type { TokenCounter } from '../context/types.js';
import { HeuristicCounter } from '../context/counter.js';
import { resolveRetryPolicy, withRetry } from './retry.js';
import { parseSSE } from './sse.js';
import { responseToEvents } from './provider.js';
import { fromWireUsage, isContextOverflowBody, normaliseFinishReason, parseRetryAfter, toWireBody } from './wire.js';
import type {
  CallOptions,
  ModelCapabilities,
  ModelProvider,
  ModelRequest,
  ModelResponse,
  ModelStreamEvent,
  RetryPolicy,
  ToolCall,
  Usage,
} from './types.js';

/** Options of {@link OpenAICompatibleProvider}. */
export interface OpenAICompatibleOptions {
  id?: string;
  baseURL: string;
  apiKey?: string;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  /** Per-attempt timeout; default 120 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  boundary?: CallBoundary;
  contextWindows?: Record<string, number>;
  compat?: {
    maxTokensField?: 'max_tokens' | 'max_completion_tokens';
    streamUsage?: boolean;
    supportsParallelToolCalls?: boolean;
    toolCallIdFallback?: boolean;
    stripEmptyToolCalls?: boolean;
  };
  /** Clock for backoff waits (tests inject a manual clock). */
  clock?: Clock;
  /** Random source for backoff jitter. */
  random?: () => number;
  /** Counter used to estimate usage the server did not report. */
  counter?: TokenCounter;
}

const passthrough: CallBoundary = { execute: (_req, fn, signal) => fn(signal ?? new AbortController().signal) };

/**
 * A provider for any server speaking the OpenAI chat-completions wire format (OpenAI, Ollama `/v1`, vLLM, LM Studio,
 * llama.cpp, OpenRouter, …). Retries only retryable failures (network, 408/409/429/5xx) with exponential backoff,
 * jitter and `Retry-After`; every attempt runs inside the {@link CallBoundary}; reports the served model and flags
 * estimated usage.
 */
export class OpenAICompatibleProvider implements ModelProvider {
  readonly id: string;
  private readonly o: OpenAICompatibleOptions;
  private readonly policy: RetryPolicy;
  private readonly doFetch: typeof fetch;
  private readonly clock: Clock;
  private readonly boundary: CallBoundary;

  constructor(opts: OpenAICompatibleOptions) {
    if (typeof opts?.baseURL !== 'string' || !/^https?:\/\//.test(opts.baseURL)) {
      throw new RuntimeOptionsError(`OpenAICompatibleProvider: baseURL must be an http(s) URL, got ${String(opts?.baseURL)}`);
    }
    if (opts.timeoutMs !== undefined && !(opts.timeoutMs > 0)) {
      throw new RuntimeOptionsError('OpenAICompatibleProvider: timeoutMs must be positive');
    }
    this.o = opts;
    this.id = opts.id ?? 'openai-compatible';
    this.policy = resolveRetryPolicy(opts.retry);
    this.doFetch = opts.fetch ?? ((...a) => fetch(...a));
    this.clock = opts.clock ?? systemClock;
    this.boundary = opts.boundary ?? passthrough;
  }

  capabilities(model: string): ModelCapabilities | undefined {
    const contextWindow = this.o.contextWindows?.[model];
    return contextWindow === undefined ? undefined : { contextWindow, tools: true };
  }

  async listModels(opts: CallOptions = {}): Promise<string[]> {
    const res = await this.attempt('models', 'GET', undefined, opts);
    const body = (await readJson(res)) as { data?: Array<{ id?: unknown }> };
    return (body.data ?? []).map((m) => m.id).filter((id): id is string => typeof id === 'string');
  }

  async generate(req: ModelRequest, opts: CallOptions = {}): Promise<ModelResponse> {
    const body = this.body(req, false);
    return this.retrying(opts, async (signal) => {
      const res = await this.attempt('chat/completions', 'POST', body, { ...opts, signal });
      return this.parseResponse(req, await readJson(res));
    });
  }

  async *stream(req: ModelRequest, opts: CallOptions = {}): AsyncIterable<ModelStreamEvent> {
    const body = this.body(req, true);
    // Retries cover opening the stream only: once bytes flowed, a failure surfaces to the caller.
    const res = await this.retrying(opts, (signal) => this.attempt('chat/completions', 'POST', body, { ...opts, signal }));
    if (res.body === null) throw new ModelError('stream response has no body', { kind: 'invalid_response' });
    if (!(res.headers.get('content-type') ?? '').includes('text/event-stream')) {
      // A server that ignores `stream: true` answers with one JSON completion: replay it as events.
      yield* responseToEvents(this.parseResponse(req, await readJson(res)));
      return;
    }
    let text = '';
    let served: string | undefined;
    let rawFinish: unknown;
    let usage: Usage | undefined;
    const calls: Array<{ id?: string; name: string; arguments: string }> = [];
    try {
      for await (const data of parseSSE(res.body, opts.signal)) {
        if (data.trim() === '[DONE]') break;
        let chunk: Record<string, unknown>;
        try {
          chunk = JSON.parse(data) as Record<string, unknown>;
        } catch (cause) {
          throw new ModelError(`malformed stream chunk: ${data.slice(0, 200)}`, { kind: 'invalid_response', cause });
        }
        if (chunk['error'] !== undefined) throw this.bodyError(JSON.stringify(chunk['error']), 200);
        if (typeof chunk['model'] === 'string') served = chunk['model'];
        usage = fromWireUsage(chunk['usage']) ?? usage;
        const choice = (chunk['choices'] as Array<Record<string, unknown>> | undefined)?.[0];
        if (choice === undefined) continue;
        if (choice['finish_reason'] !== null && choice['finish_reason'] !== undefined) rawFinish = choice['finish_reason'];
        const delta = (choice['delta'] ?? {}) as Record<string, unknown>;
        if (typeof delta['content'] === 'string' && delta['content'] !== '') {
          text += delta['content'];
          yield { type: 'text-delta', delta: delta['content'] };
        }
        for (const d of (delta['tool_calls'] as Array<Record<string, unknown>> | undefined) ?? []) {
          const index = typeof d['index'] === 'number' ? d['index'] : calls.length;
          const fn = (d['function'] ?? {}) as Record<string, unknown>;
          const slot = (calls[index] ??= { name: '', arguments: '' });
          if (typeof d['id'] === 'string') slot.id = d['id'];
          if (typeof fn['name'] === 'string') slot.name += fn['name'];
          const argumentsDelta = typeof fn['arguments'] === 'string' ? fn['arguments'] : '';
          slot.arguments += argumentsDelta;
          yield {
            type: 'tool-call-delta',
            index,
            ...(typeof d['id'] === 'string' ? { id: d['id'] } : {}),
            ...(typeof fn['name'] === 'string' ? { name: fn['name'] } : {}),
            argumentsDelta,
          };
        }
      }
    } catch (error) {
      if (ModelError.isModelError(error)) throw error;
      throw this.transportError(error, opts.signal);
    }
    const toolCalls = this.finishCalls(calls.filter((c): c is NonNullable<typeof c> => c !== undefined));
    const response: ModelResponse = {
      text,
      toolCalls,
      finishReason: normaliseFinishReason(rawFinish, toolCalls.length > 0),
      model: served ?? req.model,
      usage: usage ?? this.estimate(req, text, toolCalls),
    };
    if (typeof rawFinish === 'string') response.rawFinishReason = rawFinish;
    yield { type: 'finish', response };
  }

  private body(req: ModelRequest, stream: boolean): Record<string, unknown> {
    return toWireBody(req, {
      stream,
      maxTokensField: this.o.compat?.maxTokensField ?? 'max_tokens',
      streamUsage: this.o.compat?.streamUsage ?? true,
      parallel: this.o.compat?.supportsParallelToolCalls ?? true,
    });
  }

  private retrying<T>(opts: CallOptions, fn: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    return withRetry(() => fn(opts.signal), {
      policy: this.policy,
      clock: this.clock,
      ...(this.o.random !== undefined ? { random: this.o.random } : {}),
      ...(opts.signal !== undefined ? { signal: opts.signal } : {}),
    });
  }

  /** One HTTP attempt inside the boundary, with its own timeout; non-2xx statuses become typed errors. */
  private async attempt(path: string, method: 'GET' | 'POST', body: unknown, opts: CallOptions): Promise<Response> {
    const url = `${this.o.baseURL.replace(/\/+$/, '')}/${path}`;
    const timeoutMs = opts.timeoutMs ?? this.o.timeoutMs ?? 120_000;
    return this.boundary.execute(
      { kind: 'model', target: this.id, operation: path === 'models' ? 'list_models' : 'chat' },
      async (boundarySignal) => {
        const timeout = AbortSignal.timeout(timeoutMs);
        const signals = [timeout, boundarySignal, ...(opts.signal !== undefined ? [opts.signal] : [])];
        const signal = AbortSignal.any(signals);
        let res: Response;
        try {
          res = await this.doFetch(url, {
            method,
            headers: {
              'content-type': 'application/json',
              accept: 'application/json, text/event-stream',
              ...(this.o.apiKey !== undefined && this.o.apiKey !== '' ? { authorization: `Bearer ${this.o.apiKey}` } : {}),
              ...this.o.headers,
              ...opts.headers,
            },
            ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
            signal,
          });
        } catch (error) {
          throw this.transportError(error, opts.signal, timeout);
        }
        if (!res.ok) {
          const text = await res.text().catch(() => '');
          throw this.bodyError(text, res.status, parseRetryAfter(res.headers.get('retry-after'), this.clock.now()));
        }
        return res;
      },
      opts.signal,
    );
  }

  private transportError(error: unknown, callerSignal?: AbortSignal, timeout?: AbortSignal): ModelError {
    if (ModelError.isModelError(error)) return error;
    if (callerSignal?.aborted === true) return new ModelError('model call aborted', { kind: 'aborted', cause: error });
    if (timeout?.aborted === true) return new ModelError('model call timed out', { kind: 'timeout', retryable: true, cause: error });
    const message = error instanceof Error ? error.message : String(error);
    return new ModelError(`network error: ${message}`, { kind: 'network', retryable: true, cause: error });
  }

  private bodyError(text: string, status: number, retryAfterMs?: number): ModelError {
    const detail = text.slice(0, 500);
    if (isContextOverflowBody(text)) return new ContextOverflowError(`context overflow (${status}): ${detail}`, { status });
    const base = { status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    if (status === 429) return new ModelError(`rate limited (429): ${detail}`, { kind: 'rate_limit', retryable: true, ...base });
    if (status === 408 || status === 409) return new ModelError(`HTTP ${status}: ${detail}`, { kind: 'timeout', retryable: true, ...base });
    if (status >= 500) return new ModelError(`server error (${status}): ${detail}`, { kind: 'server', retryable: true, ...base });
    if (status === 401 || status === 403) return new ModelError(`auth error (${status}): ${detail}`, { kind: 'auth', ...base });
    if (status === 200) return new ModelError(`provider error: ${detail}`, { kind: 'server', retryable: false, ...base });
    return new ModelError(`invalid request (${status}): ${detail}`, { kind: 'invalid_request', ...base });
  }

  private parseResponse(req: ModelRequest, json: unknown): ModelResponse {
    if (typeof json !== 'object' || json === null) {
      throw new ModelError('response body is not a JSON object', { kind: 'invalid_response' });
    }
    const body = json as Record<string, unknown>;
    if (body['error'] !== undefined) throw this.bodyError(JSON.stringify(body['error']), 200);
    const choice = (body['choices'] as Array<Record<string, unknown>> | undefined)?.[0];
    const message = (choice?.['message'] ?? {}) as Record<string, unknown>;
    const text = typeof message['content'] === 'string' ? message['content'] : '';
    const wireCalls = (message['tool_calls'] as Array<Record<string, unknown>> | undefined) ?? [];
    const toolCalls = this.finishCalls(
      wireCalls.map((c) => {
        const fn = (c['function'] ?? {}) as Record<string, unknown>;
        const args = fn['arguments'];
        return {
          ...(typeof c['id'] === 'string' ? { id: c['id'] } : {}),
          name: typeof fn['name'] === 'string' ? fn['name'] : '',
          // Some servers send arguments as an object; the runtime keeps raw JSON text.
          arguments: typeof args === 'string' ? args : args === undefined ? '' : JSON.stringify(args),
        };
      }),
    );
    const response: ModelResponse = {
      text,
      toolCalls,
      finishReason: normaliseFinishReason(choice?.['finish_reason'], toolCalls.length > 0),
      model: typeof body['model'] === 'string' && body['model'] !== '' ? body['model'] : req.model,
      usage: fromWireUsage(body['usage']) ?? this.estimate(req, text, toolCalls),
      raw: json,
    };
    if (typeof choice?.['finish_reason'] === 'string') response.rawFinishReason = choice['finish_reason'];
    return response;
  }

  private finishCalls(calls: Array<{ id?: string; name: string; arguments: string }>): ToolCall[] {
    const kept = (this.o.compat?.stripEmptyToolCalls ?? true) ? calls.filter((c) => c.name !== '') : calls;
    return kept.map((c, i) => ({
      id: c.id ?? ((this.o.compat?.toolCallIdFallback ?? true) ? `call_${i}` : ''),
      name: c.name,
      arguments: c.arguments,
    }));
  }

  private estimate(req: ModelRequest, text: string, calls: readonly ToolCall[]): Usage {
    // The conservative heuristic counter by default: an estimate may over-reserve, it should not under-report.
    const counter = this.o.counter ?? defaultCounter();
    const input = counter.countMessages(req.messages) + counter.countTools(req.tools ?? []);
    const output = counter.countText(text) + calls.reduce((n, c) => n + counter.countText(c.name + c.arguments) + 3, 0);
    return { inputTokens: input, outputTokens: output, cacheReadInputTokens: 0, reasoningOutputTokens: 0, totalTokens: input + output, estimated: true };
  }
}

let shared: HeuristicCounter | undefined;
function defaultCounter(): HeuristicCounter {
  shared ??= new HeuristicCounter();
  return shared;
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ModelError(`malformed JSON response: ${text.slice(0, 200)}`, { kind: 'invalid_response', cause });
  }
}
