import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentRegistry, AgentRuntime, ToolRegistry, defineTool, ollama, parseAgentDefinition } from '../src/index.js';

// The README example, run against a local server that speaks the OpenAI chat-completions wire format.
const replies = [
  { tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }, { id: 'c2', type: 'function', function: { name: 'convert_temperature', arguments: '{"celsius":4}' } }] },
  { content: '{"answer": "It is 4 °C (39.2 °F) in Oslo."}' },
];
const requests: Array<{ messages: Array<{ role: string; content?: string }> }> = [];
let baseURL = '';
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    requests.push(JSON.parse(body) as (typeof requests)[number]);
    const message = replies[requests.length - 1] ?? { content: 'done' };
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({ model: 'llama3.2', choices: [{ message: { role: 'assistant', ...message }, finish_reason: 'tool_calls' in message ? 'tool_calls' : 'stop' }], usage: { prompt_tokens: 50, completion_tokens: 10 } }),
    );
  });
});
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

async function example(provider = ollama()) {
  // --- README example (kept identical to the package README) ---
  const tools = new ToolRegistry();
  tools.register(
    defineTool({
      name: 'get_weather',
      description: 'Current temperature of a city in °C',
      inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      annotations: { readOnly: true },
      execute: async ({ city }: { city: string }) => ({ city, celsius: 4 }),
    }),
  );
  tools.register(
    defineTool({
      name: 'convert_temperature',
      description: 'Converts °C to °F',
      inputSchema: { type: 'object', properties: { celsius: { type: 'number' } }, required: ['celsius'] },
      annotations: { readOnly: true },
      execute: async ({ celsius }: { celsius: number }) => ({ fahrenheit: (celsius * 9) / 5 + 32 }),
    }),
  );
  const agents = new AgentRegistry();
  agents.register(
    parseAgentDefinition({
      name: 'weather-agent',
      version: '1.0.0',
      role: 'researcher',
      description: 'Answers weather questions with the weather tools.',
      inputs: { question: { type: 'string', required: true } },
      outputs: { answer: { type: 'string' } },
    }),
  );
  const runtime = new AgentRuntime({ models: provider, agents, tools, defaultModel: 'llama3.2' });
  return runtime.invokeIterative('weather-agent', { question: 'How warm is it in Oslo, in °F?' });
  // --- end of README example ---
}

describe('README example', () => {
  it('answers with two tools through the OpenAI-compatible provider', async () => {
    const result = await example(ollama({ baseURL }));
    expect(result.status).toBe('completed');
    expect(result.output).toEqual({ answer: 'It is 4 °C (39.2 °F) in Oslo.' });
    expect(result.toolsUsed).toEqual(['get_weather', 'convert_temperature']);
    expect(result.tokensUsed).toBe(120);
    const toolResults = requests[1]!.messages.filter((m) => m.role === 'tool').map((m) => m.content);
    expect(toolResults).toEqual(['{"city":"Oslo","celsius":4}', '{"fahrenheit":39.2}']);
  });
});
