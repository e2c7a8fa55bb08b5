import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './support.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

interface Trace {
  trace_id: string;
  context: { agent_id: string };
  outcome: { status: string; failure_code: string };
  execution: Array<{ step_id: string; actions: Array<{ tool: string; status: string }> }>;
}

describe('/v1/traces', () => {
  it('records one trace per agent run, with the tool actions and a classified failure for an abnormal end', async () => {
    expect((await t.post('/v1/agents/summarizer/invoke-iterative', { inputs: { text: 'trace' } })).status).toBe(200);
    expect((await t.post('/v1/agents/summarizer/invoke-iterative', { inputs: { text: 'limit' }, max_iterations: 1 })).status).toBe(200);
    const traces = (await (await t.get('/v1/traces')).json()) as Trace[];
    expect(traces).toHaveLength(2);
    const [limited, completed] = traces as [Trace, Trace];
    expect(completed.context.agent_id).toBe('summarizer');
    expect(completed.outcome.status).toBe('completed');
    expect(completed.execution.flatMap((s) => s.actions).map((a) => [a.tool, a.status])).toEqual([['learning_summary', 'success']]);
    expect(limited.outcome.status).toBe('timeout');
    const failures = (await (await t.get(`/v1/traces/${limited.trace_id}/failures`)).json()) as Array<{ classification: { category: string } }>;
    expect(failures).toHaveLength(1);
    expect((await t.get('/v1/traces?status=weird')).status).toBe(422);
  });

  it('lets clients start, extend and complete their own traces', async () => {
    const started = await t.post('/v1/traces', { task_id: 'T-1', agent_id: 'external', prompt: 'do it' });
    expect(started.status).toBe(201);
    const { trace_id: id, status } = (await started.json()) as { trace_id: string; status: string };
    expect(status).toBe('running');
    expect((await t.post(`/v1/traces/${id}/actions`, { step_id: 's1', tool: 'shell', exit_code: 0, status: 'success' })).status).toBe(200);
    const failure = await t.post(`/v1/traces/${id}/failures`, { message: 'disk full', category: 'F-ENV', severity: 'high' });
    expect(failure.status).toBe(201);
    expect(await failure.json()).toMatchObject({ category: 'F-ENV' });
    const done = (await (await t.post(`/v1/traces/${id}/complete`, { status: 'failed', failure_code: 'F-ENV' })).json()) as {
      status: string;
      duration_ms: number;
    };
    expect(done.status).toBe('failed');
    const byTask = (await (await t.get('/v1/traces?task_id=T-1', ADMIN_TOKEN)).json()) as Trace[];
    expect(byTask.map((x) => x.trace_id)).toEqual([id]);
    expect((await t.get('/v1/traces/TRC-missing')).status).toBe(404);
    expect((await t.post('/v1/traces/TRC-missing/complete', {})).status).toBe(404);
  });
});
