import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePrometheus, sumOf } from './prometheus.js';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './support.js';

let t: TestServer;
const decisionLog = join(mkdtempSync(join(tmpdir(), 'a33-decisions-')), 'decisions.jsonl');
beforeAll(async () => {
  t = await startTestServer({
    OBSERVABILITY_EFFORT_ALERT_HIGH_EFFORT_COUNT_THRESHOLD: '1',
    AGENT33_ALERT_INTERVAL_MS: '3600000',
    AGENT33_DECISION_LOG: decisionLog,
  });
});
afterAll(async () => {
  await t.stop();
  // Decision events (the reference's routing metadata, one JSON line each) are flushed at shutdown at the latest.
  const events = readFileSync(decisionLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { schema: string; routing: { effort_level?: string } });
  expect(events.length).toBeGreaterThanOrEqual(2);
  expect(events.every((e) => e.schema === 'agent33.effort.decision/1')).toBe(true);
});

describe('alerts firing from real metrics', () => {
  it('fires high_effort_routing_volume after high-effort invocations and reports it everywhere', async () => {
    const before = (await (await t.get('/v1/observability/alerts')).json()) as { rules: Array<{ name: string }>; instances: unknown[] };
    expect(before.rules.map((r) => r.name)).toContain('high_effort_routing_volume');
    expect(before.instances).toEqual([]);

    for (let i = 0; i < 2; i++) {
      const res = await t.post('/v1/agents/assistant/invoke', { inputs: { question: `q${i}` }, effort: 'high' });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { routing: { effort: string } }).routing.effort).toBe('high');
    }
    const evaluated = await t.post('/v1/observability/alerts/evaluate', {}, ADMIN_TOKEN);
    expect(evaluated.status).toBe(200);
    const { events } = (await evaluated.json()) as { events: Array<{ type: string; instance: { rule: string; value: number } }> };
    const firing = events.find((e) => e.instance.rule === 'high_effort_routing_volume');
    expect(firing?.type).toBe('firing');
    expect(firing?.instance.value).toBe(2);

    const after = (await (await t.get('/v1/observability/alerts')).json()) as {
      instances: Array<{ rule: string; state: string }>;
      snapshot: Array<{ rule_name: string }>;
      transitions: Array<{ type: string }>;
    };
    expect(after.instances.find((i) => i.rule === 'high_effort_routing_volume')?.state).toBe('firing');
    expect(after.transitions[0]?.type).toBe('firing');
    expect(t.logs.some((l) => l.includes('alert high_effort_routing_volume firing'))).toBe(true);

    const summary = (await (await t.get('/v1/observability/effort/summary')).json()) as { total: number; by_effort: Record<string, number> };
    expect(summary.by_effort['high']).toBe(2);

    const { samples } = parsePrometheus(await (await t.get('/metrics', null)).text());
    expect(sumOf(samples, 'agent33_alerts_firing')).toBe(1);
    expect(sumOf(samples, 'agent33_alerts_transitions_total', { agent33_alert_transition: 'firing' })).toBe(1);
    expect(sumOf(samples, 'agent33_effort_decisions_total', { agent33_effort_level: 'high' })).toBe(2);
  });
});
