import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CircuitOpenError, ConnectorConfigError, EgressBlockedError, McpProtocolError, UnknownPolicyPackError, createBoundary, type BoundaryPreset, type GovernancePolicy } from '../src/index.js';
import { createMcpRegistry, flattenToolContent, fromReferenceServer, mcpToolDefinition, parseToolEntries, type McpToolSpec } from '../src/mcp/index.js';
import { startTestServer, type TestHttpServer } from './fixtures/http-server.js';

let server: TestHttpServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const ctx = () => ({ signal: new AbortController().signal, metadata: {} }) as never;

describe.each(['compat', 'default'] as BoundaryPreset[])('legacy JSON-RPC bridge under %s (scenarios 4, 5, 10, 22–25)', (preset) => {
  const local = { egress: { allowPrivateHosts: ['127.0.0.1'] } };

  it('strips the trailing slash and rejects localhost with "blocked by SSRF policy"', () => {
    const registry = createMcpRegistry(createBoundary({ preset, ...local }));
    expect(registry.register({ name: 'bridge', transport: { kind: 'jsonrpc-http', url: `${server.url}/rpc/` } }).transport).toEqual({ kind: 'jsonrpc-http', url: `${server.url}/rpc` });
    expect(() => registry.register({ name: 'local', transport: { kind: 'jsonrpc-http', url: 'http://localhost:8080' } })).toThrow(EgressBlockedError);
    expect(() => registry.register({ name: 'local2', transport: { kind: 'jsonrpc-http', url: 'http://localhost:8080' } })).toThrow(/blocked by SSRF policy/);
  });

  it('parses tools/list, returns content blocks, pings, and raises JSON-RPC errors with their message', async () => {
    const registry = createMcpRegistry(createBoundary({ preset, ...local }));
    registry.register({ name: 'bridge', transport: { kind: 'jsonrpc-http', url: `${server.url}/rpc` } });
    const tools = await registry.pool.listTools('bridge');
    expect(tools.map((tool) => tool.name)).toEqual(['search', 'legacy', 'bare']);
    expect(tools[0]).toMatchObject({ description: 'Search', inputSchema: { required: ['q'] } });
    expect(tools[1]!.inputSchema).toEqual({ type: 'object', properties: {} });
    expect(tools[2]).toMatchObject({ description: '', inputSchema: { type: 'object', properties: {} } });
    const result = await registry.pool.callTool('bridge', 'search', { q: 'x' });
    expect(result.content).toEqual([{ type: 'text', text: 'called search' }, { type: 'text', text: 'second' }]);
    expect(result.text).toBe('called search\nsecond');
    expect(await registry.pool.ping('bridge')).toBe(true);
    const failing = registry.pool.callTool('bridge', 'explode', {});
    await expect(failing).rejects.toBeInstanceOf(McpProtocolError);
    await expect(failing).rejects.toThrow('tool exploded');
    registry.register({ name: 'dead', transport: { kind: 'jsonrpc-http', url: `${server.url}/crash` } });
    expect(await registry.pool.ping('dead')).toBe(false);
    // The pool survives a failing server: listing all tools skips it.
    const all = await registry.pool.listTools(undefined, { refresh: true });
    expect(all.map((tool) => tool.qualifiedName)).toEqual(['bridge__search', 'bridge__legacy', 'bridge__bare']);
    expect(registry.pool.status().find((status) => status.name === 'dead')?.lastError).toBeDefined();
    // Disconnect clears the tools; the next call reconnects.
    await registry.pool.closeServer('bridge');
    expect(registry.pool.status().find((status) => status.name === 'bridge')?.toolCount).toBeUndefined();
    await registry.close();
  });

  it('opens a threshold-1 breaker: raw transport error first, CircuitOpenError second, one transport call', async () => {
    const registry = createMcpRegistry(createBoundary({ preset, ...local, breaker: { failureThreshold: 1 } }));
    registry.register({ name: 'flaky', transport: { kind: 'jsonrpc-http', url: `${server.url}/crash` } });
    const before = server.hits.get('/crash') ?? 0;
    const first = await registry.pool.listTools('flaky').catch((error: unknown) => error);
    expect((first as { code?: string }).code).toBe('CONNECTOR_TRANSPORT_ERROR');
    await expect(registry.pool.listTools('flaky')).rejects.toBeInstanceOf(CircuitOpenError);
    expect((server.hits.get('/crash') ?? 0) - before).toBe(1);
  });

  it('denies tools/call under mcp-readonly from settings and from the server registration, without HTTP', async () => {
    for (const [registry, perServer] of [
      [createMcpRegistry(createBoundary({ preset, ...local, policyPack: 'mcp-readonly' })), false],
      [createMcpRegistry(createBoundary({ preset, ...local })), true],
    ] as const) {
      registry.register({ name: 'ro', transport: { kind: 'jsonrpc-http', url: `${server.url}/rpc` }, ...(perServer ? { policyPack: 'mcp-readonly' } : {}) });
      const before = server.hits.get('/rpc') ?? 0;
      await expect(registry.pool.callTool('ro', 'search', { q: 'x' })).rejects.toThrow('operation blocked by policy');
      expect(server.hits.get('/rpc') ?? 0).toBe(before);
    }
  });
});

describe('MCP registry (scenario 21) and scanner timeout (scenario 19)', () => {
  it('validates transports and returns what was registered; unregister closes the connection', async () => {
    const registry = createMcpRegistry(createBoundary({ egress: { allowPrivateHosts: ['127.0.0.1'] } }));
    expect(() => registry.register({ name: 'x', transport: { kind: 'websocket', url: 'ws://a' } } as never)).toThrow(ConnectorConfigError);
    expect(() => registry.register({ name: 'x', transport: { kind: 'stdio' } } as never)).toThrow(/command/);
    expect(() => registry.register({ name: 'x', transport: { kind: 'streamable-http' } } as never)).toThrow(/url/);
    expect(() => registry.register({ name: 'x', transport: { kind: 'stdio', command: 'npx' }, policyPack: 'nope' })).toThrow(UnknownPolicyPackError);
    const semgrep = registry.register(fromReferenceServer({ name: 'semgrep', transport: 'stdio', command: 'npx', args: ['-y', 'semgrep-mcp'] }));
    const trivy = registry.register({ name: 'trivy', transport: { kind: 'jsonrpc-http', url: `${server.url}/rpc` } });
    expect(() => fromReferenceServer({ name: 'bad', transport: 'http' })).toThrow(ConnectorConfigError);
    expect(() => fromReferenceServer({ name: 'bad', transport: 'sse' })).toThrow(/url/);
    expect(registry.list()).toEqual([semgrep, trivy]);
    expect(registry.get('semgrep')?.transport).toEqual({ kind: 'stdio', command: 'npx', args: ['-y', 'semgrep-mcp'] });
    await registry.pool.listTools('trivy');
    expect(registry.pool.status().find((status) => status.name === 'trivy')?.state).toBe('connected');
    expect(await registry.unregister('trivy')).toBe(true);
    expect(registry.get('trivy')).toBeUndefined();
    expect(registry.pool.status().map((status) => status.name)).toEqual(['semgrep']);
    expect(await registry.unregister('trivy')).toBe(false);
  });

  it("passes a server's timeout_seconds through as the call deadline (123 s → 123 000 ms)", async () => {
    const seen: Array<number | undefined> = [];
    const spy: GovernancePolicy = { id: 'spy', evaluate: (request) => (request.operation === 'tools/call' && seen.push(request.timeoutMs), { allowed: true }) };
    const registry = createMcpRegistry(createBoundary({ governance: spy, egress: { allowPrivateHosts: ['127.0.0.1'] } }));
    registry.register(fromReferenceServer({ name: 'scanner', transport: 'sse', url: `${server.url}/rpc`, timeout_seconds: 123 }));
    expect(registry.get('scanner')?.timeoutMs).toBe(123_000);
    await registry.unregister('scanner');
    registry.register({ ...fromReferenceServer({ name: 'scanner2', transport: 'sse', url: `${server.url}/rpc`, timeout_seconds: 123 }), transport: { kind: 'jsonrpc-http', url: `${server.url}/rpc` } });
    await registry.pool.callTool('scanner2', 'search', { q: 'x' });
    expect(seen).toEqual([123_000]);
  });
});

describe('tool adapter (scenario 26) and content parsing', () => {
  it('flattens content and maps failures to failed results', async () => {
    expect(flattenToolContent('plain')).toBe('plain');
    expect(flattenToolContent([{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }])).toBe('a\nb');
    expect(flattenToolContent([{ type: 'image', mimeType: 'image/png', data: 'xx' }])).toBe('[image: image/png]');
    expect(parseToolEntries([1, null, { name: 'n' }])).toEqual([{ name: 'n', description: '', inputSchema: { type: 'object', properties: {} } }]);
    const registry = createMcpRegistry(createBoundary({ egress: { allowPrivateHosts: ['127.0.0.1'] } }));
    registry.register({ name: 'bridge', transport: { kind: 'jsonrpc-http', url: `${server.url}/rpc` } });
    const spec: McpToolSpec = { server: 'bridge', name: 'search', qualifiedName: 'bridge__search', description: '', inputSchema: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } };
    const tool = mcpToolDefinition(registry, spec);
    expect(await tool.execute({ q: 'x' }, ctx())).toMatchObject({ content: 'called search\nsecond', isError: false });
    expect(await tool.execute({}, ctx())).toMatchObject({ content: "Parameter validation failed: missing required parameter 'q'", isError: true });
    const exploding = mcpToolDefinition(registry, { ...spec, name: 'explode', qualifiedName: 'bridge__explode', inputSchema: { type: 'object' } });
    const failed = (await exploding.execute({}, ctx())) as { content: string; isError: boolean };
    expect(failed.isError).toBe(true);
    expect(failed.content).toMatch(/^MCP tool 'explode' failed: .*tool exploded/);
  });
});
