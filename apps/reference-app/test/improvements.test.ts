import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, READER_TOKEN, startTestServer, type TestServer } from './support.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

const P = '/v1/improvements';

describe('improvements routes', () => {
  it('records a signal (type alias accepted), scores it and lists it', async () => {
    const res = await t.post(`${P}/learning/signals`, {
      type: 'bug',
      severity: 'high',
      summary: 'Tool loop stalls when the MCP server restarts',
      details: 'Observed twice in staging; the breaker did not open.',
      source: 'ops',
      context: { env: 'staging' },
    });
    expect(res.status).toBe(200);
    const signal = (await res.json()) as Record<string, unknown>;
    expect(signal).toMatchObject({ signal_type: 'bug', severity: 'high', tenant_id: 'default' });
    expect(typeof signal['quality_score']).toBe('number');
    const list = (await (await t.get(`${P}/learning/signals?severity=high`)).json()) as Array<{ signal_id: string }>;
    expect(list.map((s) => s.signal_id)).toContain(signal['signal_id']);
    const one = await t.get(`${P}/learning/signals/${String(signal['signal_id'])}`);
    expect(one.status).toBe(200);
    expect((await t.get(`${P}/learning/signals/LS-missing`)).status).toBe(404);
  });

  it('validates signals with clear 4xx', async () => {
    const noType = await t.post(`${P}/learning/signals`, { severity: 'low', summary: 'x' });
    expect(noType.status).toBe(422);
    expect(JSON.stringify(await noType.json())).toContain('signal_type is required');
    const badEnum = await t.post(`${P}/learning/signals`, { signal_type: 'nope', severity: 'low', summary: 'x' });
    expect(badEnum.status).toBe(422);
    const nonString = await t.post(`${P}/learning/signals`, { signal_type: 'bug', severity: 'low', summary: 'x', context: { n: 1 } });
    expect(nonString.status).toBe(422);
    const badQuery = await t.get(`${P}/learning/signals?severity=extreme`);
    expect(badQuery.status).toBe(422);
    expect((await t.post(`${P}/learning/signals`, { signal_type: 'bug', severity: 'low', summary: 'x' }, READER_TOKEN)).status).toBe(403);
  });

  it('ingests a batch and summarises it', async () => {
    const signals = Array.from({ length: 5 }, (_, i) => ({ signal_type: 'performance', severity: 'medium', summary: `slow step ${i}` }));
    const res = await t.post(`${P}/learning/signals/batch`, { signals });
    expect(res.status).toBe(200);
    const batch = (await res.json()) as { inserted: number; merged: number; signal_ids: string[] };
    expect(batch.inserted + batch.merged).toBe(5);
    const summary = (await (await t.get(`${P}/learning/summary?window_days=7`)).json()) as {
      summary: { total_signals: number; counts_by_type: Record<string, number> };
      generated_intakes: unknown[];
    };
    expect(summary.summary.counts_by_type['performance']).toBe(5);
    expect(summary.generated_intakes).toEqual([]);
  });

  it('generates intakes from high-severity signals and moves one through the state machine', async () => {
    const gen = await t.post(`${P}/learning/intakes/generate`, { min_severity: 'high', min_quality: 0 });
    expect(gen.status).toBe(200);
    const generated = ((await gen.json()) as { generated_intakes: Array<{ intake_id: string }> }).generated_intakes;
    expect(generated.length).toBeGreaterThanOrEqual(1);
    const again = (await (await t.post(`${P}/learning/intakes/generate`, { min_severity: 'high', min_quality: 0 })).json()) as {
      generated_intakes: unknown[];
    };
    expect(again.generated_intakes).toEqual([]);

    const submitted = (await (await t.post(`${P}/intakes`, { title: 'Evaluate breaker defaults', priority_score: 7 })).json()) as {
      intake_id: string;
      disposition: { status: string };
    };
    expect(submitted.disposition.status).toBe('submitted');
    const id = submitted.intake_id;
    const triaged = await t.post(`${P}/intakes/${id}/transition`, { new_status: 'triaged', decision_by: 'ops' });
    expect(triaged.status).toBe(200);
    const illegal = await t.post(`${P}/intakes/${id}/transition`, { new_status: 'tracked' });
    expect(illegal.status).toBe(400);
    expect((await t.post(`${P}/intakes/RI-missing/transition`, { new_status: 'triaged' })).status).toBe(404);
    const listed = (await (await t.get(`${P}/intakes?status=triaged`)).json()) as Array<{ intake_id: string }>;
    expect(listed.map((i) => i.intake_id)).toContain(id);
  });

  it('records lessons and completes and verifies their actions', async () => {
    const res = await t.post(`${P}/lessons`, {
      phase: 'release',
      event_type: 'failure',
      what_happened: 'A migration ran twice',
      actions: [{ description: 'Add a checksum check' }],
    });
    expect(res.status).toBe(200);
    const lesson = (await res.json()) as { lesson_id: string };
    const done = await t.post(`${P}/lessons/${lesson.lesson_id}/complete-action`, { action_index: 0 });
    expect(done.status).toBe(200);
    expect(((await done.json()) as { actions: Array<{ status: string }> }).actions[0]?.status).toBe('completed');
    const outOfRange = await t.post(`${P}/lessons/${lesson.lesson_id}/complete-action`, { action_index: 5 });
    expect(outOfRange.status).toBeGreaterThanOrEqual(400);
    expect(outOfRange.status).toBeLessThan(500);
    const verified = await t.post(`${P}/lessons/${lesson.lesson_id}/verify`, { evidence: 'CI run 42' });
    expect(verified.status).toBe(200);
    const list = (await (await t.get(`${P}/lessons?event_type=failure`)).json()) as unknown[];
    expect(list.length).toBe(1);
  });

  it('binds non-admin tokens to their tenant; admins read across tenants', async () => {
    const forbidden = await t.get(`${P}/learning/signals?tenant_id=other`);
    expect(forbidden.status).toBe(403);
    const adminWrite = await t.post(`${P}/learning/signals`, { signal_type: 'process', severity: 'low', summary: 'tenant b', tenant_id: 'b' }, ADMIN_TOKEN);
    expect(adminWrite.status).toBe(200);
    const all = (await (await t.get(`${P}/learning/signals?limit=1000`, ADMIN_TOKEN)).json()) as Array<{ tenant_id: string }>;
    expect(new Set(all.map((s) => s.tenant_id))).toEqual(new Set(['default', 'b']));
    const mine = (await (await t.get(`${P}/learning/signals?limit=1000`)).json()) as Array<{ tenant_id: string }>;
    expect(mine.every((s) => s.tenant_id === 'default')).toBe(true);
  });
});

describe('learning disabled', () => {
  it('hides the learning routes with 404 "Not found" (parity)', async () => {
    const off = await startTestServer({ AGENT33_LEARNING_ENABLED: 'false' });
    try {
      const res = await off.post(`${P}/learning/signals`, { signal_type: 'bug', severity: 'low', summary: 'x' });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { detail: string }).detail).toBe('Not found');
      expect((await off.get(`${P}/learning/summary`)).status).toBe(404);
      expect((await off.get(`${P}/intakes`)).status).toBe(200);
    } finally {
      await off.stop();
    }
  });
});

describe('process routes: checklists, metrics, refreshes', () => {
  it('creates and completes a checklist, captures metrics and a trend, completes a refresh', async () => {
    const t = await startTestServer();
    try {
      const created = (await (await t.post(`${P}/checklists`, { period: 'per_release', reference: 'v1.2' })).json()) as {
        checklist_id: string;
        items: Array<{ check_id: string }>;
      };
      expect(created.items.map((i) => i.check_id)).toEqual(['CI-01', 'CI-02', 'CI-03', 'CI-04', 'CI-05']);
      const done = await t.post(`${P}/checklists/${created.checklist_id}/complete`, { check_id: 'CI-01', notes: 'held' });
      expect(done.status).toBe(200);
      const evaluation = (await (await t.get(`${P}/checklists/${created.checklist_id}/evaluate`)).json()) as { complete: boolean; incomplete: string[] };
      expect(evaluation.complete).toBe(false);
      expect(evaluation.incomplete).toHaveLength(4);
      expect((await t.post(`${P}/checklists/${created.checklist_id}/complete`, { check_id: 'CI-99' })).status).toBe(404);
      expect((await t.post(`${P}/checklists`, { period: 'weekly' })).status).toBe(422);

      expect(await (await t.get(`${P}/metrics`)).json()).toEqual({ snapshot: null });
      expect((await t.post(`${P}/metrics/default-snapshot`, { period: '2026-Q3' })).status).toBe(200);
      expect((await t.post(`${P}/metrics/snapshot`, { period: '2026-Q4', metrics: [{ metric_id: 'IM-03', current: 90 }] })).status).toBe(200);
      const history = (await (await t.get(`${P}/metrics/history`)).json()) as Array<{ period: string }>;
      expect(history.map((h) => h.period)).toEqual(['2026-Q4', '2026-Q3']);
      const trend = (await (await t.get(`${P}/metrics/trend/IM-03`)).json()) as { metric_id: string; trend: string; values: number[] };
      expect(trend.metric_id).toBe('IM-03');
      expect(trend.values.length).toBe(2);

      const refresh = (await (await t.post(`${P}/refreshes`, { scope: 'minor', participants: ['ops'] })).json()) as { refresh_id: string };
      const completed = (await (await t.post(`${P}/refreshes/${refresh.refresh_id}/complete`, { outcome: 'reprioritised' })).json()) as {
        completed_at: string | null;
      };
      expect(completed.completed_at).not.toBeNull();
      expect((await t.get(`${P}/refreshes/RMR-missing`)).status).toBe(404);
    } finally {
      await t.stop();
    }
  });
});
