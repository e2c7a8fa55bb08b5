import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { CURRENT_SPEC_VERSION, schema as ctrfSchema, validateStrict } from 'ctrf';
import { ManualClock } from '@agent33/observability';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CTRF_SPEC_VERSION,
  loadTasks,
  localDriver,
  miniFixtureAgent,
  miniFixturesDir,
  runBenchmark,
  toCtrf,
  toHtml,
  toJsonReport,
  toMarkdown,
  type BenchRunResult,
} from '../src/index.js';

const FIXED_PROVENANCE = { node: 'v20.0.0', platform: 'linux-x64', gitSha: null, harnessVersion: '0.1.0' };

async function fixedRun(): Promise<BenchRunResult> {
  const tasks = (await loadTasks(miniFixturesDir())).filter((t) => ['echo-answer', 'needs-skill', 'skill-hurts', 'flaky-seeded', 'verifier-broken', 'reward-json'].includes(t.id));
  return runBenchmark({
    tasks,
    agents: [miniFixtureAgent()],
    conditions: ['none', 'curated'],
    trials: 3,
    concurrency: 2,
    seed: 7,
    runId: 'golden-run',
    clock: new ManualClock(1_767_225_600_000),
    driver: localDriver(),
    provenance: FIXED_PROVENANCE,
  });
}

let run: BenchRunResult;
let again: BenchRunResult;

beforeAll(async () => {
  run = await fixedRun();
  again = await fixedRun();
}, 120_000);

function strictAjv(): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true });
  addFormats.default(ajv);
  return ajv;
}

describe('golden reports', () => {
  it('JSON, Markdown and HTML are byte-identical across two runs and match the snapshots', async () => {
    const json = JSON.stringify(toJsonReport(run), null, 2);
    expect(JSON.stringify(toJsonReport(again), null, 2)).toBe(json);
    expect(toMarkdown(again)).toBe(toMarkdown(run));
    expect(toHtml(again)).toBe(toHtml(run));
    await expect(json).toMatchFileSnapshot('./__snapshots__/golden-run.json');
    await expect(toMarkdown(run)).toMatchFileSnapshot('./__snapshots__/golden-run.md');
    await expect(toHtml(run)).toMatchFileSnapshot('./__snapshots__/golden-run.html');
  });

  it('the Markdown report shows both denominators', () => {
    const md = toMarkdown(run);
    const d = run.aggregates.denominators;
    expect(md).toContain('| trials | score-eligible | errors |');
    expect(md).toContain(`| ${d.trials} | ${d.eligible} | ${d.errors} |`);
    expect(d.errors).toBeGreaterThan(0);
  });

  it('errorPolicy: fail counts errors as failures, and both numbers reach the report', async () => {
    const tasks = (await loadTasks(miniFixturesDir())).filter((t) => t.id === 'verifier-broken' || t.id === 'echo-answer');
    const base = { tasks, agents: [miniFixtureAgent()], conditions: ['none'] as const, trials: 2, runId: 'policy', clock: new ManualClock(0), driver: localDriver(), provenance: FIXED_PROVENANCE };
    const excluded = await runBenchmark({ ...base, conditions: ['none'] });
    const failed = await runBenchmark({ ...base, conditions: ['none'], errorPolicy: 'fail' });
    const cellOf = (r: BenchRunResult) => r.aggregates.cells.find((c) => c.taskId === 'verifier-broken');
    expect(cellOf(excluded)).toMatchObject({ n: 0, c: 0, errors: 2 });
    expect(cellOf(failed)).toMatchObject({ n: 2, c: 0, errors: 2 });
    expect(excluded.aggregates.denominators).toMatchObject({ trials: 4, eligible: 2, errors: 2 });
    expect(failed.aggregates.denominators).toMatchObject({ trials: 4, eligible: 4, errors: 2 });
    expect(toMarkdown(excluded)).toContain('| 4 | 2 | 2 | 0 | 0 | 0 | 0 | exclude |');
    expect(toMarkdown(failed)).toContain('| 4 | 4 | 2 | 0 | 0 | 0 | 0 | fail |');
  });

  it('the HTML is self-contained with one SVG whose bars match the per-task pass rates', () => {
    const html = toHtml(run);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\s(src|href)\s*=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html.match(/<svg\b/g)?.length).toBe(1);
    const bars = [...html.matchAll(/<rect class="bar" x="[\d.]+" y="[\d.]+" width="14" height="([\d.]+)"[^>]*data-task="([^"]+)" data-condition="([^"]+)" data-rate="([\d.]+)"/g)];
    const tasks = new Set(run.aggregates.cells.map((c) => c.taskId));
    expect(bars.length).toBe(tasks.size * 2);
    for (const [, height, task, condition, rate] of bars) {
      const cell = run.aggregates.cells.find((c) => c.taskId === task && c.condition === condition);
      const expected = cell && cell.n > 0 ? cell.passRate : 0;
      expect(Number(rate)).toBeCloseTo(expected, 12);
      expect(Number(height)).toBeCloseTo(expected * 160, 1);
    }
    // With / without pairs sit side by side: none then curated for each task.
    const order = bars.map((b) => `${b[2]}:${b[3]}`);
    for (let i = 0; i < order.length; i += 2) {
      expect(order[i]?.endsWith(':none')).toBe(true);
      expect(order[i + 1]?.endsWith(':curated')).toBe(true);
    }
  });
});

describe('CTRF', () => {
  it('uses the spec version of the ctrf reference implementation', () => {
    expect(CTRF_SPEC_VERSION).toBe(CURRENT_SPEC_VERSION);
  });

  it.each(['trial', 'cell'] as const)('%s granularity validates against the CTRF schema in strict mode', (granularity) => {
    const report = toCtrf(run, { granularity });
    const validate = strictAjv().compile(ctrfSchema);
    const ok = validate(report);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(() => validateStrict(report)).not.toThrow();
    expect(report.reportFormat).toBe('CTRF');
    expect(report.specVersion).toBe('0.0.0');
    expect(report.results.tests.every((t) => Number.isInteger(t.duration))).toBe(true);
    expect(Number.isInteger(report.results.summary.start) && Number.isInteger(report.results.summary.stop)).toBe(true);
  });

  it('trial granularity: one test per final attempt, errors as other with the outcome kept', () => {
    const report = toCtrf(run);
    expect(report.results.summary.tests).toBe(6 * 2 * 3);
    const broken = report.results.tests.filter((t) => t.name.startsWith('verifier-broken'));
    expect(broken.every((t) => t.status === 'other' && t.rawStatus === 'error' && t.retries === 1)).toBe(true);
    expect(report.results.summary.other).toBe(broken.length);
    expect(toCtrf(again)).toEqual(report);
  });

  it('legacy: true reproduces the reference cell shape', () => {
    const legacy = toCtrf(run, { legacy: true, granularity: 'cell', cellPassThreshold: 0.6 });
    expect(legacy.reportFormat).toBeUndefined();
    expect(legacy.results.tool).toEqual({ name: 'agent33-eval', version: '1.0.0' });
    const plus = legacy.results.tests.find((t) => t.name === 'needs-skill [scripted-mini/default] +skills');
    const minus = legacy.results.tests.find((t) => t.name === 'needs-skill [scripted-mini/default] -skills');
    expect(plus?.status).toBe('passed');
    expect(minus?.status).toBe('failed');
    expect(plus?.extra).toMatchObject({ trials: 3, pass_rate: 1, variance: 0, skills_enabled: true, trial_results: [1, 1, 1], skillsbench: { mode: 'with_skills', std_dev: 0 } });
    expect(minus?.extra).toMatchObject({ trial_results: [0, 0, 0], skills_enabled: false, skillsbench: { mode: 'without_skills' } });
    expect(legacy.results.extra?.skillsbench).toMatchObject({ trials_per_combination: 3, skills_modes: [false, true], skills_impacts_count: 1 });
  });
});

describe('report input validation and gate sections', () => {
  it('every writer rejects something that is not a finished run', async () => {
    const { BenchConfigError } = await import('../src/index.js');
    for (const write of [toCtrf, toJsonReport, toMarkdown, toHtml] as Array<(r: unknown) => unknown>) {
      expect(() => write(null)).toThrow(BenchConfigError);
      expect(() => write({ runId: 'x', trials: [] })).toThrow(BenchConfigError);
    }
  });

  it('Markdown and HTML carry the gate verdict and the baseline run', async () => {
    const { compareRuns } = await import('../src/index.js');
    const gate = compareRuns(run, again);
    expect(gate.passed).toBe(true);
    const md = toMarkdown(run, { baseline: again, gate });
    expect(md).toContain('## Regression gate');
    expect(md).toContain('- baseline run: golden-run');
    expect(toHtml(run, { gate, title: 'Nightly <skills>' })).toContain('<h1>Nightly &lt;skills&gt;</h1>');
    expect(toHtml(run, { gate })).toContain('Regression gate: passed');
  });
});
