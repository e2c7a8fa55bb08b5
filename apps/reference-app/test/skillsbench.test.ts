import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READER_TOKEN, startTestServer, type TestServer } from './support.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

async function waitFinished(runId: string): Promise<Record<string, unknown>> {
  // Bounded by a count, not by wall time.
  for (let i = 0; i < 4000; i++) {
    const run = (await (await t.get(`/v1/skillsbench/runs/${runId}`)).json()) as Record<string, unknown>;
    if (run['status'] !== 'running' && run['active'] === false) return run;
    await sleep(25);
  }
  throw new Error(`run ${runId} did not finish`);
}

describe('SkillsBench through the API, results in the SQLite store', () => {
  it('lists the seeded fixture tasks', async () => {
    const tasks = (await (await t.get('/v1/skillsbench/tasks')).json()) as Array<{ id: string; skills: string[] }>;
    expect(tasks.map((x) => x.id)).toEqual(expect.arrayContaining(['echo-answer', 'needs-skill', 'skill-hurts']));
    expect((await t.get('/v1/skillsbench/tasks', READER_TOKEN)).status).toBe(403);
  });

  it('runs paired conditions, stores every trial and serves the reports', async () => {
    const start = await t.post('/v1/skillsbench/runs', {
      agent: 'scripted-mini',
      tasks: ['echo-answer', 'needs-skill', 'skill-hurts'],
      conditions: ['none', 'curated'],
      trials: 1,
      seed: 7,
    });
    expect(start.status).toBe(202);
    const { run_id: runId, planned_trials: planned } = (await start.json()) as { run_id: string; planned_trials: number };
    expect(planned).toBe(6);
    const run = await waitFinished(runId);
    expect(run).toMatchObject({ status: 'completed', trial_count: 6 });
    // echo-answer passes both ways; needs-skill only with the skill; skill-hurts only without it.
    expect(run['outcomes']).toEqual({ passed: 4, failed: 2 });
    const deltas = run['skill_deltas'] as Record<string, Record<string, unknown>>;
    expect(Object.keys(deltas)).toEqual(['scripted-mini']);

    const listed = (await (await t.get('/v1/skillsbench/runs')).json()) as Array<{ run_id: string }>;
    expect(listed.map((r) => r.run_id)).toContain(runId);

    const md = await t.get(`/v1/skillsbench/runs/${runId}/report?format=md`);
    expect(md.headers.get('content-type')).toContain('text/markdown');
    expect(await md.text()).toContain(runId);
    const html = await (await t.get(`/v1/skillsbench/runs/${runId}/report?format=html`)).text();
    expect(html).toContain('<svg');
    const ctrf = (await (await t.get(`/v1/skillsbench/runs/${runId}/report?format=ctrf`)).json()) as { results: { summary: { tests: number } } };
    expect(ctrf.results.summary.tests).toBeGreaterThan(0);
    const json = (await (await t.get(`/v1/skillsbench/runs/${runId}/report`)).json()) as { schema: string };
    expect(json.schema).toBe('skillsbench.run/v1');

    const baseline = await fetch(`${t.server.url}/v1/skillsbench/baselines/main`, {
      method: 'PUT',
      headers: { authorization: 'Bearer operator-token-0123456789', 'content-type': 'application/json' },
      body: JSON.stringify({ run_id: runId }),
    });
    expect(baseline.status).toBe(200);
    expect((await t.get('/v1/skillsbench/runs/sb-missing/report')).status).toBe(404);

    // A run compared with the baseline: the regression becomes a learning signal from source skillsbench.
    const worse = await t.post('/v1/skillsbench/runs', {
      agent: 'nop',
      tasks: ['echo-answer', 'needs-skill', 'skill-hurts'],
      conditions: ['none', 'curated'],
      trials: 1,
      seed: 7,
      baseline: 'main',
    });
    const worseId = ((await worse.json()) as { run_id: string }).run_id;
    expect(await waitFinished(worseId)).toMatchObject({ status: 'completed' });
    await t.app.learning.flush();
    const signals = (await (await t.get('/v1/improvements/learning/signals?signal_type=performance')).json()) as Array<{
      source: string;
      context: Record<string, string>;
    }>;
    const findings = signals.filter((s) => s.source === 'skillsbench');
    expect(findings.length).toBeGreaterThanOrEqual(1);
    expect(findings[0]?.context['run_id']).toBe(worseId);
    expect(findings[0]?.context['baseline_run_id']).toBe(runId);
    expect((await t.post('/v1/skillsbench/runs', { agent: 'scripted-mini', tasks: ['no-such-task'] })).status).toBe(400);
  }, 150_000);

  it('keeps the reference /v1/evaluations experiment routes', async () => {
    const res = await t.post('/v1/evaluations/experiments', {
      tasks: ['echo-answer', 'skill-hurts'],
      agents: ['scripted-mini', 'nop'],
      models: ['any'],
      trials: 1,
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { run_id: string; status: string; results_count: number; skills_impacts_count: number };
    expect(body).toMatchObject({ status: 'completed', results_count: 8, skills_impacts_count: 2 });
    const full = await t.get(`/v1/evaluations/experiments/${body.run_id}`);
    expect(full.status).toBe(200);
    const ctrf = (await (await t.get(`/v1/evaluations/experiments/${body.run_id}/ctrf`)).json()) as { results: { tests: Array<{ name: string }> } };
    // Cell level: 2 tasks × 2 agents × 2 conditions.
    expect(ctrf.results.tests.length).toBe(8);
    const impact = (await (await t.get(`/v1/evaluations/experiments/${body.run_id}/skills-impact`)).json()) as Record<string, unknown>;
    expect(Object.keys(impact).sort()).toEqual(['nop', 'scripted-mini']);
    expect((await t.get('/v1/evaluations/experiments/sb-unknown')).status).toBe(404);
    expect((await t.post('/v1/evaluations/experiments', { tasks: [], agents: ['nop'] })).status).toBe(422);
  }, 150_000);
});
