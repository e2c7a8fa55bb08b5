import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConnectorConfigError,
  GovernanceDeniedError,
  createBoundary,
  httpRequestAction,
  readerTool,
  searchTool,
  webFetchTool,
  type BoundaryOptions,
  type BoundaryPreset,
  type ConnectorBoundary,
} from '../src/index.js';
import { createMcpRegistry } from '../src/mcp/index.js';
import { startTestServer, type TestHttpServer } from './fixtures/http-server.js';

let server: TestHttpServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const toolCtx = (metadata: Record<string, unknown> = {}) => ({ signal: new AbortController().signal, metadata }) as never;

/** Small clients with the original connector ids and operations, over boundary.fetch. */
function clients(boundary: ConnectorBoundary, base: string) {
  const post = (connector: string, path: string, body: unknown) =>
    boundary.fetch(connector, `${base}${path}`, { method: 'POST', operation: `POST ${path}`, body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, timeoutMs: path.includes('embed') ? 60_000 : 120_000 }).then((r) => r.json() as Promise<Record<string, unknown>>);
  const get = (connector: string, path: string) => boundary.fetch(connector, `${base}${path}`, { operation: `GET ${path}`, timeoutMs: 120_000 }).then((r) => r.json() as Promise<Record<string, unknown>>);
  return {
    openaiComplete: async () => ((await post('llm:openai', '/chat/completions', { messages: [] })).choices as Array<{ message: { content: string } }>)[0]!.message.content,
    openaiModels: async () => ((await get('llm:openai', '/models')).data as Array<{ id: string }>).map((m) => m.id),
    ollamaChat: async () => ((await post('llm:ollama', '/api/chat', { messages: [] })).message as { content: string }).content,
    ollamaListModels: async () => ((await get('llm:ollama', '/api/tags')).models as Array<{ name: string }>).map((m) => m.name),
    ollamaEmbed: async () => (await post('memory:ollama_embeddings', '/api/embeddings', { prompt: 'x' })).embedding as number[],
    jinaEmbedBatch: async (texts: string[]) => {
      if (texts.length === 0) return [];
      const data = (await post('memory:jina_embeddings', '/v1/embeddings', { input: texts })).data as Array<{ index: number; embedding: number[] }>;
      return [...data].sort((a, b) => a.index - b.index).map((item) => item.embedding);
    },
    multimodal: (connector: string) => {
      boundary.enforceGovernance({ connector, operation: 'run', payload: { request_id: 'r1', modality: connector.split(':')[1] } });
      return { request_id: 'r1', output: `mock ${connector}` };
    },
    chatProxy: async () => {
      const response = await boundary.fetch('api:chat_proxy', `${base}/chat/completions`, { method: 'POST', operation: 'POST /chat/completions', body: '{}', timeoutMs: 120_000 });
      return (await response.json()) as unknown;
    },
  };
}

const SURFACE_CONNECTORS = [
  'tool:web_fetch',
  'tool:reader',
  'search:searxng',
  'workflow:http_request',
  'llm:openai',
  'llm:ollama',
  'memory:ollama_embeddings',
  'memory:jina_embeddings',
  'multimodal:speech_to_text',
  'multimodal:text_to_speech',
  'multimodal:vision_analysis',
  'api:chat_proxy',
];

function options(preset: BoundaryPreset, extra: BoundaryOptions = {}): BoundaryOptions {
  return {
    preset,
    egress: { allowPrivateHosts: ['127.0.0.1'] },
    ...extra,
  };
}

async function expectDenied(promise: Promise<unknown>, connector: string, operation: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, `${connector}/${operation} must be denied`).toBeDefined();
  expect((error as Error).message.startsWith(`Connector governance blocked ${connector}/${operation}:`), (error as Error).message).toBe(true);
}

describe.each(['compat', 'default'] as BoundaryPreset[])('governed surfaces under the %s preset (scenarios 9–17)', (preset) => {
  it('denies every surface before any transport call', async () => {
    const boundary = createBoundary(options(preset, { blockedConnectors: SURFACE_CONNECTORS, blockedOperations: ['tools/call'] }));
    const before = server.total();
    const c = clients(boundary, server.url);
    await expectDenied(c.openaiComplete(), 'llm:openai', 'POST /chat/completions');
    await expectDenied(c.ollamaListModels(), 'llm:ollama', 'GET /api/tags');
    await expectDenied(c.ollamaEmbed(), 'memory:ollama_embeddings', 'POST /api/embeddings');
    await expectDenied(c.jinaEmbedBatch(['a', 'b']), 'memory:jina_embeddings', 'POST /v1/embeddings');
    await expectDenied(c.chatProxy(), 'api:chat_proxy', 'POST /chat/completions');
    for (const connector of ['multimodal:speech_to_text', 'multimodal:text_to_speech', 'multimodal:vision_analysis']) {
      expect(() => c.multimodal(connector)).toThrow(new RegExp(`^Connector governance blocked ${connector}/run:`));
    }
    await expectDenied(httpRequestAction(boundary)({ url: `${server.url}/echo` }), 'workflow:http_request', 'GET');
    const allow = { domainAllowlist: ['127.0.0.1'] };
    for (const [tool, input, connector, op] of [
      [webFetchTool(boundary, allow), { url: `${server.url}/page` }, 'tool:web_fetch', 'GET'],
      [readerTool(boundary, allow), { url: `${server.url}/page` }, 'tool:reader', 'GET'],
      [searchTool(boundary, { baseURL: server.url }), { query: 'x' }, 'search:searxng', 'GET'],
    ] as const) {
      const result = (await tool.execute(input as never, toolCtx())) as { content: string; isError: boolean };
      expect(result.isError).toBe(true);
      expect(result.content.startsWith(`Connector governance blocked ${connector}/${op}:`), result.content).toBe(true);
    }
    // MCP pool tools/call (mcp-readonly) and the legacy JSON-RPC bridge: raw reason, no HTTP call.
    const registry = createMcpRegistry(boundary);
    registry.register({ name: 'bridge', transport: { kind: 'jsonrpc-http', url: `${server.url}/rpc/` } });
    const denied = registry.pool.callTool('bridge', 'search', { q: 'x' });
    await expect(denied).rejects.toBeInstanceOf(GovernanceDeniedError);
    await expect(denied).rejects.toThrow('operation blocked by policy');
    expect(server.total()).toBe(before);
    await registry.close();
    await boundary.close();
  });

  it('passes every surface through when the boundary is disabled, identical to direct calls', async () => {
    const boundary = createBoundary(options(preset, { enabled: false, blockedConnectors: SURFACE_CONNECTORS, blockedOperations: ['tools/call'] }));
    expect(boundary.isEnabled).toBe(false);
    const c = clients(boundary, server.url);
    expect(await c.openaiComplete()).toBe('ok');
    expect(await c.openaiModels()).toEqual(['gpt-test']);
    expect(await c.ollamaChat()).toBe('ok');
    expect(await c.ollamaListModels()).toEqual(['llama-test']);
    expect(await c.ollamaEmbed()).toEqual([0.1, 0.2]);
    expect(await c.jinaEmbedBatch(['a', 'b'])).toEqual([[1], [2]]);
    expect(await c.jinaEmbedBatch([])).toEqual([]);
    expect(c.multimodal('multimodal:vision_analysis')).toEqual({ request_id: 'r1', output: 'mock multimodal:vision_analysis' });
    const direct = await (await fetch(`${server.url}/chat/completions`, { method: 'POST', body: '{}' })).json();
    expect(await c.chatProxy()).toEqual(direct);
    await boundary.close();
  });
});

describe('http-request action (scenarios 27–28)', () => {
  const boundary = createBoundary({ egress: { allowPrivateHosts: ['127.0.0.1'] } });
  const action = httpRequestAction(boundary);

  it('requires a url and supports dry runs', async () => {
    await expect(action({ url: '' })).rejects.toBeInstanceOf(ConnectorConfigError);
    await expect(action({ url: '' })).rejects.toThrow(/url/);
    const before = server.total();
    await expect(action({ url: 'https://example.com/x', method: 'post', dryRun: true })).resolves.toEqual({ dry_run: true, url: 'https://example.com/x', method: 'POST' });
    expect(server.total()).toBe(before);
  });

  it('returns status, headers, body and json; sends dict/list bodies as JSON and others as text; forwards headers', async () => {
    const get = await action({ url: `${server.url}/echo`, headers: { 'x-custom': 'yes' } });
    expect(get).toMatchObject({ status_code: 200, json: { method: 'GET', custom: 'yes' } });
    expect((get as { headers: Record<string, string> }).headers['content-type']).toBe('application/json');
    expect(typeof (get as { body: string }).body).toBe('string');
    const dict = await action({ url: `${server.url}/echo`, method: 'POST', body: { a: 1 } });
    expect((dict as { json: { body: string; contentType: string } }).json).toMatchObject({ body: '{"a":1}', contentType: 'application/json' });
    const list = await action({ url: `${server.url}/echo`, method: 'POST', body: [1, 2] });
    expect((list as { json: { body: string } }).json.body).toBe('[1,2]');
    const text = await action({ url: `${server.url}/echo`, method: 'POST', body: 'raw text' });
    expect((text as { json: { body: string } }).json.body).toBe('raw text');
    const nonJson = await action({ url: `${server.url}/text` });
    expect(nonJson).toMatchObject({ status_code: 200, body: 'plain text, not json', json: null });
  });

  it('blocks private literals and strict-web through a call-site pack', async () => {
    const guarded = httpRequestAction(createBoundary());
    await expect(guarded({ url: 'http://127.0.0.1:1/x' })).rejects.toThrow('blocked by SSRF policy');
    await expect(action({ url: `${server.url}/echo`, policyPack: 'strict-web' })).rejects.toThrow(/^Connector governance blocked workflow:http_request\/GET/);
    await expect(action({ url: `${server.url}/echo`, policyPack: 'strict-webb' })).rejects.toThrow(/strict-webb/);
  });
});

describe('web tools (scenario 29) and egress texts', () => {
  const boundary = createBoundary({ egress: { allowPrivateHosts: ['127.0.0.1'] } });
  it('denies without an allowlist and for unlisted domains', async () => {
    const fetchTool = webFetchTool(boundary);
    const none = (await fetchTool.execute({ url: `${server.url}/page` }, toolCtx())) as { content: string; isError: boolean };
    expect(none).toMatchObject({ isError: true });
    expect(none.content).toContain('allowlist not configured');
    const unlisted = (await webFetchTool(boundary, { domainAllowlist: ['example.com'] }).execute({ url: `${server.url}/page` }, toolCtx())) as { content: string };
    expect(unlisted.content).toContain('not in the allowlist');
    const reader = (await readerTool(boundary).execute({ url: `${server.url}/page` }, toolCtx())) as { content: string };
    expect(reader.content).toContain('allowlist not configured');
  });

  it('fetches allow-listed pages, refuses redirects and oversized bodies', async () => {
    const tool = webFetchTool(boundary, { domainAllowlist: ['127.0.0.1'] });
    expect(await tool.execute({ url: `${server.url}/page` }, toolCtx())).toContain('reader text');
    const redirect = (await tool.execute({ url: `${server.url}/redirect` }, toolCtx())) as { content: string };
    expect(redirect.content).toContain('Redirect responses are blocked by policy');
    const huge = (await tool.execute({ url: `${server.url}/huge` }, toolCtx())) as { content: string };
    expect(huge.content).toContain('Response too large');
    const reader = await readerTool(boundary).execute({ url: `${server.url}/page` }, toolCtx({ domainAllowlist: ['127.0.0.1'] }));
    expect(reader).toBe('Hello reader text');
    const search = (await searchTool(boundary, { baseURL: server.url }).execute({ query: 'hi' }, toolCtx())) as { data: Array<{ content: string }> };
    expect(search.data[0]!.content).toBe('q=hi');
  });
});
