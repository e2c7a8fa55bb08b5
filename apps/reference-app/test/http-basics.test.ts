import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePrometheus, sumOf } from './prometheus.js';
import { ADMIN_TOKEN, READER_TOKEN, startTestServer, type TestServer } from './support.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

describe('HTTP basics on a real server at 127.0.0.1', () => {
  it('listens on loopback with an ephemeral port', () => {
    expect(t.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(t.server.port).toBeGreaterThan(0);
  });

  it('serves health and readiness without a token', async () => {
    const health = await t.get('/health', null);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', version: '0.1.0' });
    const ready = await t.get('/ready', null);
    const body = (await ready.json()) as { status: string; components: Array<{ name: string }> };
    expect(ready.status).toBe(body.status === 'ready' ? 200 : 503);
    expect(body.components.map((c) => c.name)).toContain('telemetry');
  });

  it('answers 401 without a token and 403 without the scope', async () => {
    const none = await t.get('/v1/info', null);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(await none.json()).toMatchObject({ error: { code: 'APP_UNAUTHORIZED' } });
    const wrong = await t.get('/v1/info', 'not-a-configured-token-at-all');
    expect(wrong.status).toBe(401);
    const reader = await t.get('/v1/info', READER_TOKEN);
    expect(reader.status).toBe(403);
    expect(((await reader.json()) as { detail: string }).detail).toContain('observability:read');
    const admin = await t.get('/v1/info', ADMIN_TOKEN);
    expect(admin.status).toBe(200);
  });

  it('answers unknown paths with a JSON 404', async () => {
    const res = await t.get('/v1/nowhere');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'APP_NOT_FOUND' } });
  });

  it('publishes an OpenAPI 3.1 document that lists the routes with their scopes', async () => {
    const res = await t.get('/openapi.json', null);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, Record<string, unknown>>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/health']?.['get']?.['security']).toEqual([]);
    expect(doc.paths['/v1/info']?.['get']?.['x-required-scope']).toBe('observability:read');
    // Every registered route is in the document, with its path parameters in OpenAPI syntax.
    for (const r of t.app.routes) {
      const path = r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      expect(doc.paths[path]?.[r.method], `${r.method} ${path}`).toBeDefined();
    }
    const invoke = doc.paths['/v1/agents/{name}/invoke-iterative']?.['post'] as { requestBody: { content: Record<string, { schema: { properties: Record<string, { default?: unknown }> } }> } };
    const props = invoke.requestBody.content['application/json']?.schema.properties ?? {};
    expect(props['max_iterations']?.default).toBe(20);
    expect(props['enable_double_confirmation']?.default).toBe(true);
  });

  it('serves /metrics in Prometheus text, including the HTTP server histogram', async () => {
    await t.get('/health', null);
    const res = await t.get('/metrics', null);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const { samples, types } = parsePrometheus(await res.text());
    expect(types.get('http_server_request_duration')).toBe('histogram');
    expect(sumOf(samples, 'http_server_request_duration_count', { http_route: '/health' })).toBeGreaterThanOrEqual(1);
    expect(samples.some((s) => s.name === 'target_info' && s.labels['service_name'] === 'agent33')).toBe(true);
  });
});
