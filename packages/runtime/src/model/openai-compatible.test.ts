import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '@agent33/observability';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ModelError } from '../errors/model-error.js';
import { ContextOverflowError } from '../errors/context-overflow-error.js';
import type { CallBoundary } from '../ports/index.js';
import { OpenAICompatibleProvider } from './openai-compatible.js';
import { ollama, vllm, openai } from './presets.js';
import type { ModelStreamEvent } from './types.js';

// A local server speaking the OpenAI chat-completions wire format; each test queues the replies it needs.
type Reply = (req: IncomingMessage, body: Record<string, unknown>, res: ServerResponse) => void;
const queue: Reply[] = [];
const received: Array<{ body: Record<string, unknown>; headers: IncomingMessage['headers']; url: string }> = [];
let baseURL = '';
const server = createServer((req, res) => {
  let raw = '';
  req.on('data', (c: Buffer) => (raw += c.toString()));
  req.on('end', () => {
    const body = raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
    received.push({ body, headers: req.headers, url: req.url ?? '' });
    const reply = queue.shift();
    if (reply === undefined) {
      res.writeHead(500).end('no reply queued');
      return;
    }
    reply(req, body, res);
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  queue.length = 0;
  received.length = 0;
});

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => (_q, _b, res) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(typeof body === 'string' ? body : JSON.stringify(body));
};
const sse = (chunks: unknown[], done = true): Reply => (_q, _b, res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const c of chunks) res.write(`data: ${typeof c === 'string' ? c : JSON.stringify(c)}\n\n`);
  if (done) res.write('data: [DONE]\n\n');
  res.end();
};
const completion = (message: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: 'x',
  model: 'served-model-2024',
  choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: extra['finish_reason'] ?? 'stop' }],
  usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17, prompt_tokens_details: { cached_tokens: 2 } },
  ...extra,
});

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i += 1) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
}
const sleepers = (c: ManualClock): number => (c as unknown as { sleepers: unknown[] }).sleepers.length;

const fast = { retry: { baseDelayMs: 1, maxDelayMs: 2, jitter: false } };
const req = { model: 'requested-model', messages: [{ role: 'user' as const, content: 'hi' }] };

describe('OpenAICompatibleProvider (non-streaming)', () => {
  it('sends tools and messages in the wire format and reports the served model and usage', async () => {
    queue.push(json(200, completion({ content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'shell', arguments: '{"command":"ls"}' } }] }, { finish_reason: 'tool_calls' })));
    const p = new OpenAICompatibleProvider({ baseURL, apiKey: 'sk-test' });
    const r = await p.generate({
      ...req,
      maxOutputTokens: 64,
      temperature: 0.2,
      tools: [{ name: 'shell', description: 'run', inputSchema: { type: 'object' } }],
      toolChoice: 'auto',
      messages: [
        { role: 'system', content: 's' },
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'a', name: 'shell', arguments: '{}' }] },
        { role: 'tool', toolCallId: 'a', toolName: 'shell', content: 'out' },
      ],
    });
    const sent = received[0]!;
    expect(sent.url).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer sk-test');
    expect(sent.body).toMatchObject({
      model: 'requested-model',
      max_tokens: 64,
      temperature: 0.2,
      tool_choice: 'auto',
      tools: [{ type: 'function', function: { name: 'shell', description: 'run', parameters: { type: 'object' } } }],
    });
    expect((sent.body['messages'] as unknown[])[2]).toEqual({ role: 'assistant', content: null, tool_calls: [{ id: 'a', type: 'function', function: { name: 'shell', arguments: '{}' } }] });
    expect((sent.body['messages'] as unknown[])[3]).toEqual({ role: 'tool', tool_call_id: 'a', content: 'out' });
    expect(r.model).toBe('served-model-2024');
    expect(r.finishReason).toBe('tool_calls');
    expect(r.toolCalls).toEqual([{ id: 'c1', name: 'shell', arguments: '{"command":"ls"}' }]);
    expect(r.usage).toEqual({ inputTokens: 12, outputTokens: 5, cacheReadInputTokens: 2, reasoningOutputTokens: 0, totalTokens: 17 });
  });

  it('honours max_completion_tokens and estimates missing usage with a flag', async () => {
    queue.push(json(200, { model: 'm', choices: [{ message: { content: 'hello there' }, finish_reason: 'stop' }] }));
    const p = new OpenAICompatibleProvider({ baseURL, compat: { maxTokensField: 'max_completion_tokens' } });
    const r = await p.generate({ ...req, maxOutputTokens: 10 });
    expect(received[0]!.body['max_completion_tokens']).toBe(10);
    expect(r.usage?.estimated).toBe(true);
    expect(r.usage!.inputTokens).toBeGreaterThan(0);
    expect(r.text).toBe('hello there');
  });

  it('retries 429 honouring Retry-After on the injected clock', async () => {
    const clock = new ManualClock(0);
    queue.push(json(429, { error: { message: 'slow down' } }, { 'retry-after': '7' }), json(200, completion({ content: 'ok' })));
    const p = new OpenAICompatibleProvider({ baseURL, clock, retry: { baseDelayMs: 10, maxDelayMs: 20, jitter: false } });
    const pending = p.generate(req);
    // The retry waits 7 s of clock time, not the 10 ms backoff: nothing happens before the clock moves.
    await until(() => received.length === 1 && sleepers(clock) === 1);
    clock.advance(6_999);
    await new Promise((r) => setTimeout(r, 20));
    expect(received).toHaveLength(1);
    clock.advance(1);
    const r = await pending;
    expect(r.text).toBe('ok');
    expect(received).toHaveLength(2);
  });

  it('does not retry 400 or 401 and classifies them', async () => {
    queue.push(json(400, { error: { message: 'bad field' } }));
    const p = new OpenAICompatibleProvider({ baseURL, ...fast });
    const e400 = await p.generate(req).catch((e: unknown) => e);
    expect(ModelError.isModelError(e400) && [e400.kind, e400.retryable, e400.status]).toEqual(['invalid_request', false, 400]);
    queue.push(json(401, { error: { message: 'no key' } }));
    const e401 = await p.generate(req).catch((e: unknown) => e);
    expect(ModelError.isModelError(e401) && e401.kind).toBe('auth');
    expect(received).toHaveLength(2);
  });

  it('retries 5xx up to the attempt limit', async () => {
    queue.push(json(503, 'busy'), json(502, 'bad gateway'), json(500, 'down'));
    const p = new OpenAICompatibleProvider({ baseURL, ...fast });
    const e = await p.generate(req).catch((x: unknown) => x);
    expect(ModelError.isModelError(e) && [e.kind, e.status]).toEqual(['server', 500]);
    expect(received).toHaveLength(3);
  });

  it('maps context-overflow bodies to ContextOverflowError', async () => {
    queue.push(json(400, { error: { code: 'context_length_exceeded', message: "This model's maximum context length is 8192 tokens" } }));
    const e = await new OpenAICompatibleProvider({ baseURL, ...fast }).generate(req).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ContextOverflowError);
    expect((e as ContextOverflowError).code).toBe('RUNTIME_CONTEXT_OVERFLOW');
  });

  it('reports malformed JSON bodies as invalid responses', async () => {
    queue.push(json(200, '{"choices": [ nope'));
    const e = await new OpenAICompatibleProvider({ baseURL, ...fast }).generate(req).catch((x: unknown) => x);
    expect(ModelError.isModelError(e) && e.kind).toBe('invalid_response');
  });

  it('treats an empty choices list as empty text and object arguments as JSON text', async () => {
    queue.push(json(200, { model: 'm', choices: [] }));
    queue.push(json(200, { model: 'm', choices: [{ message: { tool_calls: [{ function: { name: 'f', arguments: { a: 1 } } }] } }] }));
    const p = new OpenAICompatibleProvider({ baseURL });
    expect((await p.generate(req)).text).toBe('');
    const r = await p.generate(req);
    expect(r.toolCalls).toEqual([{ id: 'call_0', name: 'f', arguments: '{"a":1}' }]);
    expect(r.finishReason).toBe('tool_calls');
  });

  it('runs every attempt inside the boundary', async () => {
    const seen: string[] = [];
    const boundary: CallBoundary = {
      execute: async (r, fn, signal) => {
        seen.push(`${r.kind}:${r.target}:${r.operation}`);
        return fn(signal ?? new AbortController().signal);
      },
    };
    queue.push(json(500, 'x'), json(200, completion({ content: 'ok' })));
    await new OpenAICompatibleProvider({ id: 'local', baseURL, boundary, ...fast }).generate(req);
    expect(seen).toEqual(['model:local:chat', 'model:local:chat']);
  });

  it('times out a hanging server and aborts on the caller signal', async () => {
    queue.push(() => undefined); // never answers
    const e = await new OpenAICompatibleProvider({ baseURL, timeoutMs: 50, retry: { maxAttempts: 1 } }).generate(req).catch((x: unknown) => x);
    expect(ModelError.isModelError(e) && e.kind).toBe('timeout');
    queue.push(() => undefined);
    const ctl = new AbortController();
    const pending = new OpenAICompatibleProvider({ baseURL }).generate(req, { signal: ctl.signal }).catch((x: unknown) => x);
    setTimeout(() => ctl.abort(), 10);
    const aborted = await pending;
    expect(ModelError.isModelError(aborted) && aborted.kind).toBe('aborted');
  });

  it('lists models', async () => {
    queue.push(json(200, { data: [{ id: 'a' }, { id: 'b' }] }));
    expect(await new OpenAICompatibleProvider({ baseURL }).listModels()).toEqual(['a', 'b']);
  });

  it('rejects a bad baseURL', () => {
    expect(() => new OpenAICompatibleProvider({ baseURL: 'nope' })).toThrow(/baseURL/);
  });
});

describe('OpenAICompatibleProvider (streaming)', () => {
  it('assembles text and tool-call deltas by index and reads usage from the final chunk', async () => {
    queue.push(
      sse([
        { model: 'served', choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' } }] },
        { model: 'served', choices: [{ index: 0, delta: { content: 'lo' } }] },
        { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'c1', function: { name: 'sh', arguments: '{"com' } }] } }] },
        { choices: [{ index: 0, delta: { tool_calls: [{ index: 1, id: 'c2', function: { name: 'read', arguments: '{}' } }] } }] },
        { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { name: 'ell', arguments: 'mand":"ls"}' } }] } }] },
        { choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
        { choices: [], usage: { prompt_tokens: 9, completion_tokens: 4 } },
      ]),
    );
    const events: ModelStreamEvent[] = [];
    for await (const e of new OpenAICompatibleProvider({ baseURL }).stream(req)) events.push(e);
    expect(received[0]!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    const finish = events.at(-1)!;
    expect(finish.type).toBe('finish');
    if (finish.type !== 'finish') return;
    expect(finish.response.text).toBe('Hello');
    expect(finish.response.model).toBe('served');
    expect(finish.response.toolCalls).toEqual([
      { id: 'c1', name: 'shell', arguments: '{"command":"ls"}' },
      { id: 'c2', name: 'read', arguments: '{}' },
    ]);
    expect(finish.response.usage).toMatchObject({ inputTokens: 9, outputTokens: 4 });
    expect(events.filter((e) => e.type === 'text-delta')).toHaveLength(2);
  });

  it('estimates and flags usage when the stream never reports it; streamUsage can be disabled', async () => {
    queue.push(sse([{ choices: [{ delta: { content: 'hi' }, finish_reason: 'stop' }] }]));
    const events: ModelStreamEvent[] = [];
    for await (const e of new OpenAICompatibleProvider({ baseURL, compat: { streamUsage: false } }).stream(req)) events.push(e);
    expect(received[0]!.body['stream_options']).toBeUndefined();
    const finish = events.at(-1)!;
    expect(finish.type === 'finish' && finish.response.usage?.estimated).toBe(true);
  });

  it('replays a plain JSON completion from a server that ignores stream: true', async () => {
    queue.push(json(200, completion({ content: 'not streamed' })));
    const events: ModelStreamEvent[] = [];
    for await (const e of new OpenAICompatibleProvider({ baseURL }).stream(req)) events.push(e);
    expect(events.map((e) => e.type)).toEqual(['text-delta', 'finish']);
    expect(events[1]!.type === 'finish' && events[1]!.response.text).toBe('not streamed');
  });

  it('fails on a malformed chunk and on an error event', async () => {
    queue.push(sse(['{broken']));
    const collect = async () => {
      for await (const _e of new OpenAICompatibleProvider({ baseURL }).stream(req)) void _e;
    };
    const e1 = await collect().catch((x: unknown) => x);
    expect(ModelError.isModelError(e1) && e1.kind).toBe('invalid_response');
    queue.push(sse([{ error: { message: 'overloaded' } }]));
    const e2 = await collect().catch((x: unknown) => x);
    expect(ModelError.isModelError(e2)).toBe(true);
  });
});

describe('presets', () => {
  it('point at the conventional local endpoints', async () => {
    queue.push(json(200, completion({ content: 'ok' })));
    const p = ollama({ baseURL });
    expect(p.id).toBe('ollama');
    expect((await p.generate(req)).text).toBe('ok');
    expect(vllm().id).toBe('vllm');
    expect(openai({ apiKey: 'k' }).id).toBe('openai');
  });
});
