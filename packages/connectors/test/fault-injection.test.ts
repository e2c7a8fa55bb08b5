import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BulkheadRejectedError, CircuitOpenError, ConnectorHttpError, ConnectorTimeoutError, createBoundary, type CallReport } from '../src/index.js';
import { createMcpRegistry } from '../src/mcp/index.js';
import { startTestServer, type TestHttpServer } from './fixtures/http-server.js';

let server: TestHttpServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const local = { egress: { allowPrivateHosts: ['127.0.0.1'] } };

describe('against a fault-injecting HTTP server on 127.0.0.1', () => {
  it('retries a flaky upstream (503 + Retry-After) until it answers', async () => {
    const boundary = createBoundary({ ...local, retry: { maxAttempts: 3, backoff: { initialMs: 1, maxMs: 5 }, honorRetryAfter: { maxMs: 20 } } });
    let report: CallReport | undefined;
    boundary.on('call.end', (event) => (report = { ...event.report }));
    const response = await boundary.fetch('svc:flaky', `${server.url}/flaky?key=retry-after&fail=2&retryAfter=1`);
    expect(report).toMatchObject({ attempts: 3, failures: 2, successes: 1 });
    expect(((await response.json()) as { attempt: number }).attempt).toBe(3);
  });

  it('times out a slow upstream, aborts the request and counts the breaker failure', async () => {
    const boundary = createBoundary({ ...local, breaker: { failureThreshold: 2 } });
    for (let index = 0; index < 2; index += 1) {
      await expect(boundary.fetch('svc:slow', `${server.url}/slow?ms=2000`, { timeoutMs: 30 })).rejects.toBeInstanceOf(ConnectorTimeoutError);
    }
    expect(boundary.breakers.get('svc:slow')?.state).toBe('open');
    await expect(boundary.fetch('svc:slow', `${server.url}/slow?ms=1`)).rejects.toBeInstanceOf(CircuitOpenError);
  });

  it('opens the breaker on 5xx but not on 4xx responses', async () => {
    const boundary = createBoundary({ ...local, breaker: { failureThreshold: 2 } });
    for (let index = 0; index < 3; index += 1) await expect(boundary.fetch('svc:4xx', `${server.url}/status/404`)).rejects.toBeInstanceOf(ConnectorHttpError);
    expect(boundary.breakers.get('svc:4xx')?.state).toBe('closed');
    for (let index = 0; index < 2; index += 1) await expect(boundary.fetch('svc:5xx', `${server.url}/status/502`)).rejects.toMatchObject({ status: 502 });
    expect(boundary.breakers.get('svc:5xx')?.state).toBe('open');
  });

  it('sheds load with a bulkhead in front of a slow upstream', async () => {
    const boundary = createBoundary({ ...local, bulkhead: { maxConcurrent: 1, maxQueue: 1 } });
    const first = boundary.fetch('svc:bulk', `${server.url}/slow?ms=100`);
    const second = boundary.fetch('svc:bulk', `${server.url}/slow?ms=1`);
    await expect(boundary.fetch('svc:bulk', `${server.url}/slow?ms=1`)).rejects.toBeInstanceOf(BulkheadRejectedError);
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
  });

  it('maps a crashing connection to a transport error', async () => {
    const boundary = createBoundary(local);
    await expect(boundary.fetch('svc:crash', `${server.url}/crash`)).rejects.toMatchObject({ code: 'CONNECTOR_TRANSPORT_ERROR' });
  });
});

describe('against a crashing MCP stdio server', () => {
  it('fails the connect, backs off before reconnecting, and reports the state', async () => {
    const registry = createMcpRegistry(createBoundary());
    registry.register({ name: 'crashy', transport: { kind: 'stdio', command: process.execPath, args: ['-e', 'process.exit(3)'] }, connectTimeoutMs: 5000 });
    await expect(registry.pool.listTools('crashy')).rejects.toMatchObject({ connector: 'mcp:crashy', operation: 'initialize' });
    await expect(registry.pool.listTools('crashy')).rejects.toThrow(/backing off after 1 failed connects/);
    expect(registry.pool.status()[0]).toMatchObject({ name: 'crashy', state: 'failed', reconnectAttempts: 1 });
    await registry.close();
  });
});

describe('streamed bodies', () => {
  it('records the completion of a body streamed after the headers', async () => {
    const boundary = createBoundary(local);
    const ends: Array<{ ok: boolean; chunks: number }> = [];
    boundary.on('stream.end', (event) => ends.push({ ok: event.ok, chunks: event.chunks }));
    const response = await boundary.fetch('api:chat_proxy', `${server.url}/huge?bytes=${256 * 1024}`);
    const tracked = boundary.trackStream('api:chat_proxy', 'POST /chat/completions', response.body!);
    const bytes = (await new Response(tracked).arrayBuffer()).byteLength;
    expect(bytes).toBe(256 * 1024);
    expect(ends).toHaveLength(1);
    expect(ends[0]!.ok).toBe(true);
    expect(ends[0]!.chunks).toBeGreaterThan(0);
    expect(boundary.metrics.summary('api:chat_proxy').totalCalls).toBe(2);
    const failing = new ReadableStream({ pull: (controller) => controller.error(new Error('reset mid-stream')) });
    await expect(new Response(boundary.trackStream('api:chat_proxy', 'POST /chat/completions', failing)).text()).rejects.toThrow('reset mid-stream');
    expect(ends[1]).toMatchObject({ ok: false });
  });
});
