import { createTestTelemetry } from '@agent33/observability/otel-sdk';
import { describe, expect, it } from 'vitest';
import { ConnectorTimeoutError, createBoundary } from '../src/index.js';
import { createMcpRegistry } from '../src/mcp/index.js';
import { inMemoryFactory, startStreamableServer, type ServerLog } from './fixtures/mcp-server.js';

const newLog = (): ServerLog => ({ cancelled: [], started: [], calls: [] });
const waitFor = async (predicate: () => boolean): Promise<void> => {
  for (let index = 0; index < 400 && !predicate(); index += 1) await new Promise((resolve) => setTimeout(resolve, 5));
};

function setup(options: Parameters<typeof createBoundary>[0] = {}) {
  const log = newLog();
  const factory = inMemoryFactory(log);
  const boundary = createBoundary(options);
  const registry = createMcpRegistry(boundary, { transportFactory: factory });
  registry.register({ name: 'fixture', transport: { kind: 'stdio', command: 'unused-in-memory' } });
  return { log, factory, boundary, registry };
}

describe('MCP over InMemoryTransport', () => {
  it('returns every tool across 3 pages of tools/list, each page one boundary call', async () => {
    const { boundary, registry } = setup();
    const operations: string[] = [];
    boundary.on('call.end', (event) => operations.push(event.operation));
    const tools = await registry.pool.listTools('fixture');
    expect(tools).toHaveLength(12);
    expect(operations).toEqual(['initialize', 'tools/list', 'tools/list', 'tools/list']);
    expect(tools.find((tool) => tool.name === 'echo')?.annotations).toEqual({ readOnlyHint: true });
    await registry.close();
  });

  it('records spans with the MCP attributes and maps isError to a failed result', async () => {
    const telemetry = createTestTelemetry();
    const { registry } = setup({ telemetry: { tracer: telemetry.tracer(), meter: telemetry.meter() } });
    const ok = await registry.pool.callTool('fixture', 'echo', { text: 'hi' });
    expect(ok).toMatchObject({ ok: true, text: 'hi', isError: false });
    const failed = await registry.pool.callTool('fixture', 'fail', {});
    expect(failed).toMatchObject({ ok: false, isError: true, text: 'tool said no' });
    const calls = telemetry.spansNamed('tools/call mcp:fixture');
    expect(calls).toHaveLength(2);
    expect(calls[0]!.attributes).toMatchObject({ 'agent33.connector.id': 'mcp:fixture', 'agent33.connector.operation': 'tools/call', 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': 'echo' });
    expect(telemetry.spansNamed('initialize mcp:fixture')).toHaveLength(1);
    await registry.close();
    await telemetry.shutdown();
  });

  it('sends notifications/cancelled when the caller aborts', async () => {
    const { log, registry } = setup();
    const controller = new AbortController();
    const call = registry.pool.callTool('fixture', 'slow', {}, { signal: controller.signal });
    await waitFor(() => log.started.length === 1);
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'CONNECTOR_ABORTED' });
    await waitFor(() => log.cancelled.length === 1);
    expect(log.cancelled).toHaveLength(1);
    await registry.close();
  });

  it('survives a short timeout while progress arrives, and dies at maxTotalTimeout', async () => {
    const { log, registry } = setup();
    const progressSeen: number[] = [];
    const survived = await registry.pool.callTool('fixture', 'progress', { count: 8 }, { timeoutMs: 200, resetTimeoutOnProgress: true, maxTotalTimeoutMs: 10_000, onProgress: (p) => progressSeen.push(p.progress) });
    expect(survived.text).toBe('finished');
    // Eight progress steps 50 ms apart outlived the 200 ms timeout only because each one reset it.
    expect(progressSeen).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const endless = registry.pool.callTool('fixture', 'endless', {}, { timeoutMs: 200, resetTimeoutOnProgress: true, maxTotalTimeoutMs: 600 });
    await expect(endless).rejects.toBeInstanceOf(ConnectorTimeoutError);
    await waitFor(() => log.cancelled.length === 1);
    expect(log.cancelled).toHaveLength(1);
    await registry.close();
  });

  it('creates exactly one transport for 50 concurrent first calls (single flight)', async () => {
    const { factory, registry } = setup();
    const results = await Promise.all(Array.from({ length: 50 }, (_, index) => registry.pool.callTool('fixture', 'echo', { text: String(index) })));
    expect(results.map((result) => result.text)).toEqual(Array.from({ length: 50 }, (_, index) => String(index)));
    expect(factory.connects).toBe(1);
    await registry.close();
  });

  it('surfaces resources/list on a tools-only server as a typed protocol error', async () => {
    const { registry } = setup();
    await expect(registry.pool.listResources('fixture')).rejects.toMatchObject({ code: 'CONNECTOR_PROTOCOL_ERROR' });
    await registry.close();
  });
});

describe('MCP pool lifecycle', () => {
  it('closes an idle session and reconnects on the next request', async () => {
    const log = newLog();
    const factory = inMemoryFactory(log);
    const registry = createMcpRegistry(createBoundary(), { transportFactory: factory });
    registry.register({ name: 'idle', transport: { kind: 'stdio', command: 'unused-in-memory' }, idleTimeoutMs: 20 });
    await registry.pool.callTool('idle', 'echo', { text: 'a' });
    expect(registry.pool.status()[0]?.state).toBe('connected');
    await waitFor(() => registry.pool.status()[0]?.state === 'idle');
    expect(registry.pool.status()[0]?.state).toBe('idle');
    await registry.pool.callTool('idle', 'echo', { text: 'b' });
    expect(factory.connects).toBe(2);
    await registry.close();
  });
});

describe('MCP over Streamable HTTP on 127.0.0.1', () => {
  it('re-initializes once and retries once when the server forgets the session (404)', async () => {
    const log = newLog();
    const server = await startStreamableServer(log);
    const boundary = createBoundary({ egressByConnector: { 'mcp:remote': { allowPrivateHosts: [`127.0.0.1:${server.port}`] } } });
    const registry = createMcpRegistry(boundary);
    registry.register({ name: 'remote', transport: { kind: 'streamable-http', url: server.url } });
    expect((await registry.pool.callTool('remote', 'echo', { text: 'one' })).text).toBe('one');
    const firstSession = registry.pool.status()[0]?.sessionId;
    expect(firstSession).toBeDefined();
    expect(server.initializations()).toBe(1);
    server.expireSessions();
    expect((await registry.pool.callTool('remote', 'echo', { text: 'two' })).text).toBe('two');
    expect(server.initializations()).toBe(2);
    expect(registry.pool.status()[0]?.sessionId).not.toBe(firstSession);
    await registry.close();
    await server.close();
  });

  it('refuses an HTTP server URL the egress policy blocks', () => {
    const registry = createMcpRegistry(createBoundary());
    expect(() => registry.register({ name: 'remote', transport: { kind: 'streamable-http', url: 'http://169.254.169.254/mcp' } })).toThrow('blocked by SSRF policy');
  });
});
