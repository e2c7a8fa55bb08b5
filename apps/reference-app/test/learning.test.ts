import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

describe('learning signals from runs into the improvement store', () => {
  it('stores a signal for a run that hits its iteration limit, and records run events for every run', async () => {
    const ok = await t.post('/v1/agents/summarizer/invoke-iterative', { inputs: { text: 'fine' } });
    expect(((await ok.json()) as { status: string }).status).toBe('completed');
    const limited = await t.post('/v1/agents/summarizer/invoke-iterative', { inputs: { text: 'too long' }, max_iterations: 1 });
    expect(limited.status).toBe(200);
    const body = (await limited.json()) as { status: string; termination_reason: string };
    expect(body.status).toBe('max_iterations');
    expect(body.termination_reason).toBe('max_iterations');

    await t.app.learning.flush();
    const signals = (await (await t.get('/v1/improvements/learning/signals?signal_type=performance')).json()) as Array<{
      summary: string;
      source: string;
      context: Record<string, string>;
    }>;
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({ source: 'runtime', summary: 'Agent run of summarizer ended max_iterations' });
    expect(signals[0]?.context['agent']).toBe('summarizer');
    const stats = t.app.learning.stats();
    expect(stats.signals).toBe(1);
    expect(stats.written).toBeGreaterThan(2);
    expect(stats.dropped).toBe(0);
  });
});
