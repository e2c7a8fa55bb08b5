import { join } from 'node:path';
import { createTestTelemetry } from '@agent33/observability/otel-sdk';
import type { LearningSignal } from '@agent33/runtime/ports';
import { describe, expect, it } from 'vitest';
import {
  benchmarkFindings,
  compareRuns,
  emitBenchmarkFindings,
  localDriver,
  miniFixtureAgent,
  nopAgent,
  runBenchmark,
  scriptedAgent,
} from '../src/index.js';
import { miniTask } from './helpers.js';

describe('telemetry', () => {
  it('each attempt is a skillsbench.trial span with task, condition, agent, seed, outcome and reward', async () => {
    const telemetry = createTestTelemetry();
    const run = await runBenchmark({ tasks: [await miniTask('echo-answer'), await miniTask('verifier-broken')], agents: [nopAgent], conditions: ['none'], trials: 1, driver: localDriver(), tracer: telemetry.tracer('skillsbench-test') });
    const spans = telemetry.spansNamed('skillsbench.trial');
    expect(spans).toHaveLength(run.trials.length);
    const echo = spans.find((s) => s.attributes['skillsbench.task'] === 'echo-answer');
    expect(echo?.attributes).toMatchObject({ 'skillsbench.condition': 'none', 'skillsbench.agent': 'nop', 'skillsbench.outcome': 'failed', 'skillsbench.reward': 0 });
    expect(echo?.attributes['skillsbench.seed']).toBe(run.trials.find((t) => t.taskId === 'echo-answer')?.seed);
    const broken = spans.filter((s) => s.attributes['skillsbench.task'] === 'verifier-broken');
    expect(broken).toHaveLength(2);
    expect(broken.every((s) => s.status.code === 2)).toBe(true);
  });
});

describe('custom skill conditions', () => {
  it('a custom skills dir is granted like curated skills and keyed by its name', async () => {
    const task = await miniTask('needs-skill');
    const run = await runBenchmark({ tasks: [task], agents: [miniFixtureAgent()], conditions: ['none', { custom: 'team-skills', skillsDir: join(task.dir, 'environment', 'skills') }], trials: 1, driver: localDriver() });
    expect(run.aggregates.cells.map((c) => [c.condition, c.passRate])).toEqual([['none', 0], ['team-skills', 1]]);
    expect(run.aggregates.skillDeltas['scripted-mini']?.['team-skills']?.delta.value).toBe(1);
  });
});

describe('learning findings', () => {
  it('negative skill deltas and gate regressions become benchmark signals', async () => {
    const tasks = [await miniTask('skill-hurts'), await miniTask('echo-answer')];
    const good = await runBenchmark({ tasks, agents: [miniFixtureAgent()], conditions: ['none', 'curated'], trials: 3, driver: localDriver(), runId: 'good' });
    const findings = benchmarkFindings(good);
    expect(findings).toContainEqual({ type: 'benchmark', runId: 'good', finding: 'negative_skill_delta', agentId: 'scripted-mini', condition: 'curated', scope: 'task', taskId: 'skill-hurts', category: 'data-processing', deltaPp: -100, significant: false });
    expect(findings.find((f) => f.scope === 'overall')).toMatchObject({ finding: 'negative_skill_delta', deltaPp: -50, significant: false });

    const broken = scriptedAgent(() => undefined, 'scripted-mini');
    const bad = await runBenchmark({ tasks, agents: [broken], conditions: ['none', 'curated'], trials: 3, driver: localDriver(), runId: 'bad' });
    const gate = compareRuns(bad, good, { requireSignificance: false });
    const signals: LearningSignal[] = [];
    const sent = await emitBenchmarkFindings({ record: (s) => void signals.push(s) }, bad, { report: gate, baselineRunId: 'good' });
    expect(sent).toBe(signals.length);
    expect(signals).toContainEqual(expect.objectContaining({ finding: 'regression', scope: 'task', taskId: 'echo-answer', deltaPp: -100, baselineRunId: 'good' }));
    expect(signals.some((s) => s.type === 'benchmark' && s.scope === 'overall' && s.finding === 'regression')).toBe(true);
    const failing = await emitBenchmarkFindings({ record: () => { throw new Error('sink down'); } }, bad, { report: gate, baselineRunId: 'good' });
    expect(failing).toBe(0);
  });
});
