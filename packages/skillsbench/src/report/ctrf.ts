import { createHash } from 'node:crypto';
import { assertRunResult } from './assert-run.js';
import type { BenchTrialRecord } from '../records.js';
import type { BenchRunResult } from '../scheduler/types.js';
import type { TrialTests } from '../grader/test-results.js';
import type { CtrfTestLite } from '../sandbox/types.js';
import { finalAttempts } from '../stats/aggregate.js';
import { HARNESS_VERSION } from '../version.js';

/** A CTRF test as this package writes it (a subset of the schema's fields). */
export interface CtrfTest {
  name: string;
  status: 'passed' | 'failed' | 'skipped' | 'pending' | 'other';
  duration: number;
  start?: number;
  stop?: number;
  suite?: string[];
  message?: string;
  rawStatus?: string;
  tags?: string[];
  retries?: number;
  flaky?: boolean;
  steps?: Array<{ name: string; status: CtrfTest['status']; extra?: Record<string, unknown> }>;
  extra?: Record<string, unknown>;
}

/** A CTRF document; `reportFormat` and `specVersion` are absent only in the legacy shape. */
export interface CtrfReport {
  reportFormat?: 'CTRF';
  specVersion?: string;
  reportId?: string;
  timestamp?: string;
  generatedBy?: string;
  results: {
    tool: { name: string; version?: string; extra?: Record<string, unknown> };
    summary: { tests: number; passed: number; failed: number; skipped: number; pending: number; other: number; start: number; stop: number; duration?: number; flaky?: number; extra?: Record<string, unknown> };
    tests: CtrfTest[];
    environment?: Record<string, unknown>;
    extra?: Record<string, unknown>;
  };
  extra?: Record<string, unknown>;
}

/** Options of {@link toCtrf}. */
export interface CtrfOptions {
  /** One test per trial (default) or per (task, agent, condition) cell. */
  granularity?: 'trial' | 'cell';
  /** A cell passes when its pass rate reaches this [0.6, the reference's value]. */
  cellPassThreshold?: number;
  /** The CTRF spec version written at the root ["0.0.0", the ctrf package's current version]. */
  specVersion?: string;
  /** The reference's cell-level shape: no root fields, tool `agent33-eval` 1.0.0, legacy names and extras. */
  legacy?: boolean;
  toolName?: string;
}

/** The current CTRF spec version, as the `ctrf` reference implementation names it. */
export const CTRF_SPEC_VERSION = '0.0.0';

/** A UUID-shaped id derived from text, so a report of the same run always has the same id. */
function stableUuid(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  const variant = ((Number.parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function casesOf(trial: BenchTrialRecord): CtrfTestLite[] {
  return (trial.tests as TrialTests | undefined)?.cases ?? [];
}

function ctrfStatus(outcome: BenchTrialRecord['outcome']): CtrfTest['status'] {
  return outcome === 'passed' ? 'passed' : outcome === 'failed' ? 'failed' : outcome === 'skipped' ? 'skipped' : 'other';
}

function summarise(tests: readonly CtrfTest[], start: number, stop: number): CtrfReport['results']['summary'] {
  const count = (status: CtrfTest['status']): number => tests.filter((t) => t.status === status).length;
  return { tests: tests.length, passed: count('passed'), failed: count('failed'), skipped: count('skipped'), pending: count('pending'), other: count('other'), start, stop };
}

function cellsOf(run: BenchRunResult): Map<string, BenchTrialRecord[]> {
  const cells = new Map<string, BenchTrialRecord[]>();
  for (const trial of finalAttempts(run.trials)) {
    if (trial.outcome === 'skipped') continue;
    const key = `${trial.taskId}\0${trial.agentId}\0${trial.condition}`;
    cells.set(key, [...(cells.get(key) ?? []), trial]);
  }
  return new Map([...cells.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

function legacyReport(run: BenchRunResult, threshold: number, start: number, stop: number): CtrfReport {
  const tests: CtrfTest[] = [];
  for (const trials of cellsOf(run).values()) {
    const first = trials[0] as BenchTrialRecord;
    const scores = [...trials].sort((a, b) => a.trialIndex - b.trialIndex).map((t) => (t.outcome === 'passed' ? 1 : 0));
    const passRate = scores.length === 0 ? 0 : scores.reduce<number>((a, b) => a + b, 0) / scores.length;
    const variance = passRate * (1 - passRate);
    const skillsEnabled = first.condition !== 'none';
    const model = first.model ?? 'default';
    const duration = trials.reduce((s, t) => s + Math.max(0, Math.round(t.finishedAt - t.startedAt)), 0);
    tests.push({
      name: `${first.taskId} [${first.agentId}/${model}] ${skillsEnabled ? '+skills' : '-skills'}`,
      status: passRate >= threshold ? 'passed' : 'failed',
      duration,
      extra: {
        trials: scores.length,
        pass_rate: passRate,
        variance,
        skills_enabled: skillsEnabled,
        agent: first.agentId,
        model,
        tokens_used: trials.reduce((s, t) => s + (t.usage.totalTokens ?? t.usage.inputTokens + t.usage.outputTokens), 0),
        trial_results: scores,
        skillsbench: { mode: skillsEnabled ? 'with_skills' : 'without_skills', std_dev: Math.sqrt(variance) },
      },
    });
  }
  const conditions = run.config.conditions;
  return {
    results: {
      tool: { name: 'agent33-eval', version: '1.0.0' },
      summary: summarise(tests, start, stop),
      tests,
      extra: {
        skillsbench: {
          trials_per_combination: run.config.trials,
          skills_modes: [...new Set(conditions.map((c) => c !== 'none'))],
          timeout_per_trial_seconds: run.config.defaultAgentTimeoutSec ?? null,
          parallel_trials: run.config.concurrency,
          skills_impacts_count: Object.values(run.aggregates.skillDeltas).reduce((s, byCondition) => s + Object.keys(byCondition).length, 0),
        },
      },
    },
  };
}

/**
 * Writes a run as CTRF. By default one test per trial (its last attempt), schema-valid against the current CTRF
 * schema: `reportFormat`, `specVersion`, a `reportId` derived from the run id, integer millisecond durations, error
 * / timeout / infra trials as `other` with the outcome in `rawStatus`, suites `[category, task]`. `granularity:
 * 'cell'` writes one test per cell (pass when the pass rate reaches `cellPassThreshold`); `legacy: true` writes the
 * reference's cell shape.
 */
export function toCtrf(run: BenchRunResult, opts: CtrfOptions = {}): CtrfReport {
  assertRunResult(run);
  const threshold = opts.cellPassThreshold ?? 0.6;
  const start = Math.round(run.createdAt);
  const stop = Math.max(start, Math.round(run.finishedAt ?? run.createdAt));
  if (opts.legacy) return legacyReport(run, threshold, start, stop);
  const tests: CtrfTest[] = [];
  if ((opts.granularity ?? 'trial') === 'trial') {
    const attempts = new Map<string, number>();
    for (const t of run.trials) attempts.set(t.trialId, Math.max(attempts.get(t.trialId) ?? 0, t.attempt));
    for (const t of finalAttempts(run.trials)) {
      const retries = (attempts.get(t.trialId) ?? 1) - 1;
      tests.push({
        name: `${t.taskId} [${t.condition}] [${t.agentId}${t.model ? `/${t.model}` : ''}] #${t.trialIndex}`,
        status: ctrfStatus(t.outcome),
        duration: Math.max(0, Math.round(t.finishedAt - t.startedAt)),
        start: Math.round(t.startedAt),
        stop: Math.round(t.finishedAt),
        suite: [t.category, t.taskId],
        rawStatus: t.outcome,
        ...(t.errorMessage === undefined ? {} : { message: t.errorMessage }),
        tags: [t.condition, t.agentId],
        ...(retries > 0 ? { retries } : {}),
        // The verifier's own tests (pytest via CTRF or JUnit) become the steps of the trial's test.
        ...(casesOf(t).length > 0 ? { steps: casesOf(t).map((c) => ({ name: c.name, status: c.status, extra: { durationMs: c.durationMs, ...(c.message === undefined ? {} : { message: c.message }) } })) } : {}),
        extra: {
          trialId: t.trialId,
          seed: t.seed,
          reward: t.reward,
          condition: t.condition,
          agent: t.agentId,
          ...(t.model === undefined ? {} : { model: t.model }),
          errorKind: t.errorKind ?? null,
          quarantined: t.quarantined ?? false,
          tokens: t.usage.totalTokens ?? t.usage.inputTokens + t.usage.outputTokens,
          costUsd: t.usage.costUsd,
          skillsInvoked: [...t.skillsInvoked],
          ...(t.tests ? { tests: { total: t.tests.total, passed: t.tests.passed, failed: t.tests.failed, skipped: t.tests.skipped } } : {}),
        },
      });
    }
  } else {
    const byCell = new Map(run.aggregates.cells.map((c) => [`${c.taskId}\0${c.agentId}\0${c.condition}`, c]));
    for (const [key, trials] of cellsOf(run)) {
      const cell = byCell.get(key);
      const first = trials[0] as BenchTrialRecord;
      const passRate = cell?.passRate ?? 0;
      tests.push({
        name: `${first.taskId} [${first.condition}] [${first.agentId}${first.model ? `/${first.model}` : ''}]`,
        status: cell && cell.n > 0 ? (passRate >= threshold ? 'passed' : 'failed') : 'other',
        duration: trials.reduce((s, t) => s + Math.max(0, Math.round(t.finishedAt - t.startedAt)), 0),
        suite: [first.category, first.taskId],
        tags: [first.condition, first.agentId],
        ...(cell?.flaky ? { flaky: true } : {}),
        extra: { n: cell?.n ?? 0, c: cell?.c ?? 0, errors: cell?.errors ?? 0, passRate, wilson: cell?.wilson ?? null, passAtK: cell?.passAtK ?? {}, passHatK: cell?.passHatK ?? {} },
      });
    }
  }
  return {
    reportFormat: 'CTRF',
    specVersion: opts.specVersion ?? CTRF_SPEC_VERSION,
    reportId: stableUuid(`${run.runId}|${opts.granularity ?? 'trial'}`),
    timestamp: new Date(stop).toISOString(),
    generatedBy: `@agent33/skillsbench@${HARNESS_VERSION}`,
    results: {
      tool: { name: opts.toolName ?? 'agent33-skillsbench', version: HARNESS_VERSION },
      summary: { ...summarise(tests, start, stop), duration: stop - start },
      tests,
      environment: { reportName: run.runId, appName: '@agent33/skillsbench', appVersion: HARNESS_VERSION, ...(run.provenance.gitSha ? { commit: run.provenance.gitSha } : {}) },
      extra: {
        skillsbench: {
          runId: run.runId,
          status: run.status,
          granularity: opts.granularity ?? 'trial',
          conditions: run.config.conditions,
          trials: run.config.trials,
          denominators: run.aggregates.denominators,
          datasetDigest: run.provenance.datasetDigest,
        },
      },
    },
  };
}

/** The reference's run summary over cells (`generate_summary`); an empty run gives zeros. */
export interface LegacyCtrfSummary {
  total_combinations: number;
  avg_pass_rate: number;
  avg_variance: number;
  consistency: number;
  skills_impacts_count: number;
}

/**
 * The reference's summary: mean cell pass rate (4 dp), mean population variance p(1 − p), consistency = 1 − mean
 * variance, and the number of skill deltas.
 */
export function legacyCtrfSummary(run: BenchRunResult): LegacyCtrfSummary {
  const cells = run.aggregates.cells.filter((c) => c.n > 0);
  const impacts = Object.values(run.aggregates.skillDeltas).reduce((s, byCondition) => s + Object.keys(byCondition).length, 0);
  if (cells.length === 0) return { total_combinations: 0, avg_pass_rate: 0, avg_variance: 0, consistency: 1, skills_impacts_count: impacts };
  const avgPass = cells.reduce((s, c) => s + c.passRate, 0) / cells.length;
  const avgVariance = cells.reduce((s, c) => s + c.passRate * (1 - c.passRate), 0) / cells.length;
  return { total_combinations: cells.length, avg_pass_rate: Math.round(avgPass * 1e4) / 1e4, avg_variance: avgVariance, consistency: 1 - avgVariance, skills_impacts_count: impacts };
}
