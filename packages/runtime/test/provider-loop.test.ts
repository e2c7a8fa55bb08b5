import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAICompatibleProvider } from '../src/model/openai-compatible.js';
import { streamLoop } from '../src/loop/stream.js';
import { runLoop } from '../src/loop/run.js';
import type { RunEvent } from '../src/loop/types.js';
import { parityTools } from './helpers.js';

// The loop over the real OpenAI-compatible provider, against a local server streaming the wire format.
const turns: unknown[][] = [];
let baseURL = '';
const bodies: Array<Record<string, unknown>> = [];
const server = createServer((req, res) => {
  let raw = '';
  req.on('data', (c: Buffer) => (raw += c.toString()));
  req.on('end', () => {
    const body = JSON.parse(raw) as Record<string, unknown>;
    bodies.push(body);
    const chunks = turns.shift() ?? [{ choices: [{ delta: { content: 'done' }, finish_reason: 'stop' }] }];
    if (body['stream'] !== true) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ model: 'served', choices: [{ message: { content: 'plain' }, finish_reason: 'stop' }] }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const c of chunks) res.write(`data: ${JSON.stringify(c)}\n\n`);
    res.end('data: [DONE]\n\n');
  });
});
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

describe('loop over the OpenAI-compatible provider', () => {
  it('streams text and tool-call deltas as run events and completes', async () => {
    turns.push(
      [
        { model: 'served', choices: [{ delta: { content: 'Let me look. ' } }] },
        { choices: [{ delta: { tool_calls: [{ index: 0, id: 'c1', function: { name: 'shell', arguments: '{"comm' } }] } }] },
        { choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: 'and":"pwd"}' } }] }, finish_reason: 'tool_calls' }] },
        { choices: [], usage: { prompt_tokens: 20, completion_tokens: 8 } },
      ],
      [
        { model: 'served', choices: [{ delta: { content: '{"cwd": ' } }] },
        { choices: [{ delta: { content: '"/home/user"}' }, finish_reason: 'stop' }] },
        { choices: [], usage: { prompt_tokens: 40, completion_tokens: 6 } },
      ],
    );
    const { set, shell } = parityTools();
    const s = streamLoop({ provider: new OpenAICompatibleProvider({ baseURL }), model: 'requested', messages: [{ role: 'user', content: 'where am I?' }], tools: set });
    const events: RunEvent[] = [];
    for await (const e of s) events.push(e);
    const r = await s.result;
    expect(r.status).toBe('completed');
    expect(r.output).toEqual({ cwd: '/home/user' });
    expect(r.model).toBe('served');
    expect(r.usage).toMatchObject({ inputTokens: 60, outputTokens: 14 });
    expect(shell.inputs).toEqual([{ command: 'pwd' }]);
    const deltas = events.filter((e) => e.type === 'text-delta').map((e) => (e.type === 'text-delta' ? e.delta : ''));
    expect(deltas.join('')).toBe('Let me look. {"cwd": "/home/user"}');
    expect(events.filter((e) => e.type === 'tool-call-delta')).toHaveLength(2);
    // The second request carries the assistant call and its result in the wire format.
    const messages = bodies[1]!['messages'] as Array<Record<string, unknown>>;
    expect(messages.slice(1)).toEqual([
      { role: 'assistant', content: 'Let me look. ', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'shell', arguments: '{"command":"pwd"}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: '/home/user' },
    ]);
  });

  it('runLoop uses the non-streaming endpoint', async () => {
    bodies.length = 0;
    const r = await runLoop({ provider: new OpenAICompatibleProvider({ baseURL }), model: 'requested', messages: [{ role: 'user', content: 'hi' }] });
    expect(bodies[0]!['stream']).toBeUndefined();
    expect([r.status, r.text]).toEqual(['completed', 'plain']);
  });
});
