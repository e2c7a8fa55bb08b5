import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from './support.js';

// A local OTLP/HTTP receiver: records which signal paths were posted and how many bytes arrived.
let receiver: Server;
const received: Array<{ path: string; bytes: number }> = [];
let endpoint = '';
beforeAll(async () => {
  receiver = createServer((req, res) => {
    let bytes = 0;
    req.on('data', (c: Buffer) => (bytes += c.length));
    req.on('end', () => {
      received.push({ path: req.url ?? '', bytes });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe('OpenTelemetry SDK wiring', () => {
  it('records invoke_agent spans with GenAI attributes and exports traces and metrics over OTLP', async () => {
    const t = await startTestServer({ AGENT33_OTLP_ENDPOINT: endpoint });
    try {
      const res = await t.post('/v1/agents/assistant/invoke', { inputs: { question: 'trace me' } });
      expect(res.status).toBe(200);
      const spans = (await (await t.get('/v1/observability/spans?name=invoke_agent')).json()) as Array<{
        name: string;
        attributes: Record<string, unknown>;
        trace_id: string;
      }>;
      expect(spans[0]?.name).toBe('invoke_agent assistant');
      expect(spans[0]?.attributes['gen_ai.agent.name']).toBe('assistant');
      expect(spans[0]?.trace_id).toMatch(/^[0-9a-f]{32}$/);
      const info = (await (await t.get('/v1/info')).json()) as { telemetry: { exporters: string[] } };
      expect(info.telemetry.exporters).toEqual(['prometheus', 'otlp-metrics', 'otlp-traces']);
    } finally {
      // Shutdown flushes the batch span processor and the periodic metric reader.
      await t.stop();
    }
    const paths = received.map((r) => r.path);
    expect(paths).toContain('/v1/traces');
    expect(paths).toContain('/v1/metrics');
    expect(received.every((r) => r.bytes > 0)).toBe(true);
  });
});
