import { OpenAICompatibleProvider } from '@agent33/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorConfigError, GovernanceDeniedError, asRuntimeBoundary, createBoundary } from '../src/index.js';
import { startTestServer, type TestHttpServer } from './fixtures/http-server.js';

let server: TestHttpServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('asRuntimeBoundary (runtime CallBoundary port)', () => {
  it("wraps each provider attempt as llm:{provider} and records it in the boundary's metrics", async () => {
    const boundary = createBoundary();
    const seen: string[] = [];
    boundary.on('call.end', (event) => seen.push(`${event.connector} ${event.operation}`));
    const provider = new OpenAICompatibleProvider({ id: 'openai', baseURL: server.url, boundary: asRuntimeBoundary(boundary) });
    expect(await provider.listModels()).toEqual(['gpt-test']);
    expect(seen).toEqual(['llm:openai list_models']);
    expect(boundary.metrics.summary('llm:openai').successes).toBe(1);
  });

  it('denies a blocked provider before any HTTP request', async () => {
    const boundary = createBoundary({ blockedConnectors: ['llm:openai'] });
    const provider = new OpenAICompatibleProvider({ id: 'openai', baseURL: server.url, boundary: asRuntimeBoundary(boundary), retry: { maxAttempts: 1 } });
    const before = server.total();
    await expect(provider.listModels()).rejects.toThrow();
    expect(server.total()).toBe(before);
  });

  it('maps tool calls to tool:{name}, passes the call signal and the caller signal through', async () => {
    const boundary = createBoundary({ blockedConnectors: ['tool:shell'] });
    const port = asRuntimeBoundary(boundary);
    const outer = new AbortController();
    const signal = await port.execute({ kind: 'tool', target: 'search', operation: 'execute' }, async (s) => s, outer.signal);
    expect(signal).toBeInstanceOf(AbortSignal);
    await expect(port.execute({ kind: 'tool', target: 'shell', operation: 'execute' }, async () => 'ran')).rejects.toBeInstanceOf(GovernanceDeniedError);
    await expect(port.execute({ kind: 'nope', target: 'x', operation: 'y' } as never, async () => 1)).rejects.toBeInstanceOf(ConnectorConfigError);
    const custom = asRuntimeBoundary(boundary, { connectorId: (request) => `custom:${request.target}` });
    const ids: string[] = [];
    boundary.on('call.end', (event) => ids.push(event.connector));
    await custom.execute({ kind: 'model', target: 'm', operation: 'chat' }, async () => 1);
    expect(ids).toEqual(['custom:m']);
  });
});
