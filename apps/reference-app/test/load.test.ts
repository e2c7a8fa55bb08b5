import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR_TOKEN, startTestServer, type TestServer } from './support.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

// Bounded by request count (and a generous duration cap), loopback only; throughput and p99 are reported, never
// asserted: the machine is shared and noisy.
function load(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

function report(name: string, r: autocannon.Result): void {
  console.log(
    `LOAD ${name}: ${r.requests.total} requests, ${r['2xx']} 2xx, ${r.non2xx} non-2xx, ${r.errors} errors, ` +
      `throughput avg ${r.requests.average} req/s, latency p50 ${r.latency.p50} ms p99 ${r.latency.p99} ms`,
  );
}

describe('load on 127.0.0.1 (autocannon)', () => {
  it('signal ingest: zero errors and zero lost signals (stored count equals acknowledged count)', async () => {
    const before = await t.app.store.store.summarize({ scope: { allTenants: true }, limit: null });
    let n = 0;
    const result = await load({
      url: t.server.url,
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' },
      requests: [
        {
          method: 'POST',
          path: '/v1/improvements/learning/signals',
          // A distinct summary per request, so the dedupe window merges nothing and every acknowledgement is a row.
          setupRequest: (req) => ({
            ...req,
            body: JSON.stringify({ signal_type: 'performance', severity: 'medium', summary: `load signal ${n++}`, source: 'autocannon' }),
          }),
        },
      ],
      connections: 8,
      amount: 600,
      duration: 120,
    });
    report('signal-ingest', result);
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.non2xx).toBe(0);
    expect(result['2xx']).toBe(600);
    const after = await t.app.store.store.summarize({ scope: { allTenants: true }, limit: null });
    expect(after.totalSignals - before.totalSignals).toBe(result['2xx']);
  }, 180_000);

  it('scripted invoke: zero errors', async () => {
    const result = await load({
      url: `${t.server.url}/v1/agents/assistant/invoke`,
      method: 'POST',
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: { question: 'load' } }),
      connections: 8,
      amount: 300,
      duration: 120,
    });
    report('scripted-invoke', result);
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.non2xx).toBe(0);
    expect(result['2xx']).toBe(300);
  }, 180_000);
});
