import { BenchConfigError } from '../errors/bench-config-error.js';
import type { BenchTrialRecord } from '../records.js';
import { bootstrapMean } from './bootstrap.js';
import { taskMeanEstimate, wilsonInterval, type Estimate, type Interval } from './intervals.js';
import { pairedSkillDelta, type PairedCell, type SkillDelta } from './paired-delta.js';
import { passAtK, passHatK } from './pass-at-k.js';

/** Statistics of one (task, agent, condition) cell over its final attempts. */
export interface CellAggregate {
  taskId: string;
  category: string;
  agentId: string;
  condition: string;
  /** Score-eligible trials (passed + failed, plus errors under `errorPolicy: 'fail'`). */
  n: number;
  c: number;
  /** error + timeout + infra trials in the cell, whatever the policy. */
  errors: number;
  passRate: number;
  wilson: Interval;
  /** Only for ks ≤ n. */
  passAtK: Record<number, number>;
  passHatK: Record<number, number>;
  flaky: boolean;
}

/** The trial counts behind every rate, always reported together. */
export interface Denominators {
  /** Final attempts considered (quarantined and skipped trials excluded). */
  trials: number;
  eligible: number;
  errors: number;
  timeouts: number;
  infra: number;
  skipped: number;
  quarantined: number;
}

/** Everything computed from a run's trials. */
export interface RunAggregates {
  cells: CellAggregate[];
  /** agent → condition → Method D task mean. */
  byAgentCondition: Record<string, Record<string, Estimate>>;
  /** agent → condition → seeded cluster bootstrap of the task mean. */
  bootstrap: Record<string, Record<string, Estimate>>;
  /** agent → skill condition → paired delta against the baseline condition. */
  skillDeltas: Record<string, Record<string, SkillDelta>>;
  denominators: Denominators;
  errorPolicy: 'exclude' | 'fail';
  baselineCondition: string;
  ks: number[];
}

/** Options of {@link aggregate}. */
export interface AggregateOptions {
  ks?: number[];
  confidence?: number;
  errorPolicy?: 'exclude' | 'fail';
  baselineCondition?: string;
  /** Seed of the bootstrap intervals. Default 0. */
  seed?: number;
  /** Bootstrap resamples. Default 1000. */
  resamples?: number;
  /** Interval of the Method D scores: normal (1.96 at 95 %, as published; default) or Student's t. */
  ciMethod?: 'normal' | 't';
}

/** The last attempt of every trial id, in first-seen order. */
export function finalAttempts(trials: readonly BenchTrialRecord[]): BenchTrialRecord[] {
  const last = new Map<string, BenchTrialRecord>();
  for (const trial of trials) {
    const prior = last.get(trial.trialId);
    if (!prior || trial.attempt >= prior.attempt) last.set(trial.trialId, trial);
  }
  return [...last.values()];
}

const OUTCOMES = new Set<unknown>(['passed', 'failed', 'error', 'timeout', 'infra', 'skipped']);

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function sortedRecord<T>(entries: Iterable<[string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort((a, b) => cmp(a[0], b[0])));
}

/**
 * Aggregates trial records: cells with Wilson intervals and unbiased pass@k / pass^k, Method D and bootstrap
 * scores per agent and condition, paired skill deltas against the baseline condition (`none` by default), and the
 * denominators. Only each trial's last attempt counts; quarantined and skipped trials are left out. Under
 * `errorPolicy: 'exclude'` (default) error / timeout / infra trials are neither passes nor failures.
 */
export function aggregate(trials: readonly BenchTrialRecord[], opts: AggregateOptions = {}): RunAggregates {
  const ks = [...new Set(opts.ks ?? [1, 3, 5])].filter((k) => Number.isInteger(k) && k >= 1).sort((a, b) => a - b);
  const errorPolicy = opts.errorPolicy ?? 'exclude';
  const baselineCondition = opts.baselineCondition ?? 'none';
  const confidence = opts.confidence ?? 0.95;
  const denominators: Denominators = { trials: 0, eligible: 0, errors: 0, timeouts: 0, infra: 0, skipped: 0, quarantined: 0 };
  type Acc = { taskId: string; category: string; agentId: string; condition: string; n: number; c: number; errors: number; byIndex: Map<number, boolean> };
  const cells = new Map<string, Acc>();
  for (const trial of trials) {
    if (!OUTCOMES.has(trial?.outcome)) throw new BenchConfigError('trials', `trial ${String(trial?.trialId)} has an unknown outcome ${JSON.stringify(trial?.outcome)}`);
  }
  for (const trial of finalAttempts(trials)) {
    if (trial.quarantined) {
      denominators.quarantined += 1;
      continue;
    }
    if (trial.outcome === 'skipped') {
      denominators.skipped += 1;
      continue;
    }
    denominators.trials += 1;
    const key = `${trial.taskId}\0${trial.agentId}\0${trial.condition}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { taskId: trial.taskId, category: trial.category, agentId: trial.agentId, condition: trial.condition, n: 0, c: 0, errors: 0, byIndex: new Map() };
      cells.set(key, cell);
    }
    const isError = trial.outcome === 'error' || trial.outcome === 'timeout' || trial.outcome === 'infra';
    if (trial.outcome === 'error') denominators.errors += 1;
    if (trial.outcome === 'timeout') denominators.timeouts += 1;
    if (trial.outcome === 'infra') denominators.infra += 1;
    if (isError) cell.errors += 1;
    if (isError && errorPolicy === 'exclude') continue;
    denominators.eligible += 1;
    cell.n += 1;
    const passed = trial.outcome === 'passed';
    if (passed) cell.c += 1;
    cell.byIndex.set(trial.trialIndex, passed);
  }
  const accs = [...cells.values()].sort((a, b) => cmp(a.taskId, b.taskId) || cmp(a.agentId, b.agentId) || cmp(a.condition, b.condition));
  const out: CellAggregate[] = accs.map((acc) => {
    const atK: Record<number, number> = {};
    const hatK: Record<number, number> = {};
    for (const k of ks) {
      if (k <= acc.n) {
        atK[k] = passAtK(acc.n, acc.c, k);
        hatK[k] = passHatK(acc.n, acc.c, k);
      }
    }
    return {
      taskId: acc.taskId,
      category: acc.category,
      agentId: acc.agentId,
      condition: acc.condition,
      n: acc.n,
      c: acc.c,
      errors: acc.errors,
      passRate: acc.n > 0 ? acc.c / acc.n : 0,
      wilson: wilsonInterval(acc.c, acc.n, confidence),
      passAtK: atK,
      passHatK: hatK,
      flaky: acc.c > 0 && acc.c < acc.n,
    };
  });

  const agents = [...new Set(accs.map((a) => a.agentId))].sort(cmp);
  const byAgentCondition: Array<[string, Record<string, Estimate>]> = [];
  const bootstrap: Array<[string, Record<string, Estimate>]> = [];
  const skillDeltas: Array<[string, Record<string, SkillDelta>]> = [];
  for (const agentId of agents) {
    const mine = accs.filter((a) => a.agentId === agentId && a.n > 0);
    const conditions = [...new Set(mine.map((a) => a.condition))].sort(cmp);
    const scores: Array<[string, Estimate]> = [];
    const boots: Array<[string, Estimate]> = [];
    for (const condition of conditions) {
      const rates = mine.filter((a) => a.condition === condition).map((a) => a.c / a.n);
      scores.push([condition, taskMeanEstimate(rates, { confidence, method: opts.ciMethod ?? 'normal' })]);
      boots.push([condition, bootstrapMean(rates, { seed: opts.seed ?? 0, resamples: opts.resamples ?? 1000, confidence })]);
    }
    byAgentCondition.push([agentId, sortedRecord(scores)]);
    bootstrap.push([agentId, sortedRecord(boots)]);
    const baseline = new Map(mine.filter((a) => a.condition === baselineCondition).map((a) => [a.taskId, a]));
    const deltas: Array<[string, SkillDelta]> = [];
    if (baseline.size > 0) {
      for (const condition of conditions.filter((c) => c !== baselineCondition)) {
        const paired: PairedCell[] = [];
        for (const acc of mine.filter((a) => a.condition === condition)) {
          const base = baseline.get(acc.taskId);
          if (!base) continue;
          let b = 0;
          let c = 0;
          for (const [index, passed] of acc.byIndex) {
            const other = base.byIndex.get(index);
            if (other === undefined || other === passed) continue;
            if (passed) b += 1;
            else c += 1;
          }
          paired.push({ taskId: acc.taskId, nWith: acc.n, cWith: acc.c, nWithout: base.n, cWithout: base.c, discordant: { b, c } });
        }
        if (paired.length > 0) deltas.push([condition, pairedSkillDelta(paired, { confidence, bootstrap: { seed: opts.seed ?? 0, resamples: opts.resamples ?? 1000 } })]);
      }
    }
    skillDeltas.push([agentId, sortedRecord(deltas)]);
  }
  return {
    cells: out,
    byAgentCondition: sortedRecord(byAgentCondition),
    bootstrap: sortedRecord(bootstrap),
    skillDeltas: sortedRecord(skillDeltas),
    denominators,
    errorPolicy,
    baselineCondition,
    ks,
  };
}
