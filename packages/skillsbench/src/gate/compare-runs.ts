import { BenchConfigError } from '../errors/bench-config-error.js';
import type { BenchRunResult } from '../scheduler/types.js';
import { taskMeanEstimate, wilsonInterval, type Estimate } from '../stats/intervals.js';

/** Regression thresholds in percentage points; a regression is a drop that **exceeds** its threshold. */
export interface GateThresholds {
  /** [5] */
  overallDropPp?: number;
  /** [20] */
  taskDropPp?: number;
  /** [5] */
  categoryDropPp?: number;
  /** Fail when the current overall rate is below this (0..1). */
  minPassRate?: number;
  /** Fail when any skill delta of the current run is below this many pp. */
  minSkillDeltaPp?: number;
  /** Only drops that are statistically significant count [true]. */
  requireSignificance?: boolean;
}

/** One task or category compared across runs. */
export interface RegressionEntry {
  key: string;
  baseline: number | null;
  current: number | null;
  dropPp: number;
  thresholdPp: number;
  significant: boolean;
  regression: boolean;
  /** Present in the baseline, absent (no eligible trials) in the current run. */
  missing: boolean;
}

/** The verdict of {@link compareRuns}. */
export interface GateReport {
  passed: boolean;
  overall: { baseline: Estimate; current: Estimate; dropPp: number; significant: boolean };
  tasks: RegressionEntry[];
  categories: RegressionEntry[];
  /** Reasons the gate failed, one line each. */
  failures: string[];
  markdown: string;
}

interface Counts {
  n: number;
  c: number;
  category: string;
}

function perTask(run: BenchRunResult): Map<string, Counts> {
  const out = new Map<string, Counts>();
  for (const cell of run.aggregates.cells) {
    const prior = out.get(cell.taskId) ?? { n: 0, c: 0, category: cell.category };
    out.set(cell.taskId, { n: prior.n + cell.n, c: prior.c + cell.c, category: cell.category });
  }
  for (const [key, value] of out) if (value.n === 0) out.delete(key);
  return out;
}

function compareCounts(key: string, base: Counts, current: Counts | undefined, thresholdPp: number, requireSignificance: boolean): RegressionEntry {
  if (!current) return { key, baseline: base.c / base.n, current: null, dropPp: 0, thresholdPp, significant: false, regression: false, missing: true };
  const b = base.c / base.n;
  const c = current.c / current.n;
  const dropPp = (b - c) * 100;
  // Non-overlapping Wilson intervals: a conservative test that needs no normal approximation at 0 % or 100 %.
  const significant = wilsonInterval(current.c, current.n).hi < wilsonInterval(base.c, base.n).lo;
  return { key, baseline: b, current: c, dropPp, thresholdPp, significant, regression: dropPp > thresholdPp && (significant || !requireSignificance), missing: false };
}

function fmt(value: number | null): string {
  return value === null ? '–' : `${(value * 100).toFixed(1)}%`;
}

/**
 * Compares a run against a baseline run. Overall: Method D over per-task rates (all agents and conditions pooled per
 * task), significance from the paired per-task drop's interval lying above 0. Tasks and categories: drop in pp
 * against their thresholds, significance from non-overlapping Wilson intervals. A baseline task without eligible
 * trials in the current run is listed as missing, not counted as 0 %. With `requireSignificance` (default) noise
 * alone never fails the gate.
 */
export function compareRuns(current: BenchRunResult, baseline: BenchRunResult, thresholds: GateThresholds = {}): GateReport {
  if (!current?.aggregates || !baseline?.aggregates) throw new BenchConfigError('runs', 'compareRuns needs two finished runs with aggregates');
  const overallDropPp = thresholds.overallDropPp ?? 5;
  const taskDropPp = thresholds.taskDropPp ?? 20;
  const categoryDropPp = thresholds.categoryDropPp ?? 5;
  const requireSignificance = thresholds.requireSignificance ?? true;
  for (const [name, value] of [['overallDropPp', overallDropPp], ['taskDropPp', taskDropPp], ['categoryDropPp', categoryDropPp]] as const) {
    if (!Number.isFinite(value) || value < 0) throw new BenchConfigError(name, 'must be a non-negative number');
  }
  const baseTasks = perTask(baseline);
  const curTasks = perTask(current);
  const rates = (m: Map<string, Counts>): number[] => [...m.values()].map((v) => v.c / v.n);
  const overallBase = taskMeanEstimate(rates(baseTasks));
  const overallCur = taskMeanEstimate(rates(curTasks));
  const shared = [...baseTasks.keys()].filter((k) => curTasks.has(k));
  const drops = shared.map((k) => {
    const b = baseTasks.get(k) as Counts;
    const c = curTasks.get(k) as Counts;
    return b.c / b.n - c.c / c.n;
  });
  const dropEstimate = taskMeanEstimate(drops);
  const overallSignificant = shared.length > 1 && dropEstimate.ci.lo > 0;
  const dropPp = (overallBase.value - overallCur.value) * 100;

  const tasks = [...baseTasks.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([key, base]) => compareCounts(key, base, curTasks.get(key), taskDropPp, requireSignificance));
  const byCategory = (m: Map<string, Counts>): Map<string, Counts> => {
    const out = new Map<string, Counts>();
    for (const v of m.values()) {
      const prior = out.get(v.category) ?? { n: 0, c: 0, category: v.category };
      out.set(v.category, { n: prior.n + v.n, c: prior.c + v.c, category: v.category });
    }
    return out;
  };
  const curCats = byCategory(curTasks);
  const categories = [...byCategory(baseTasks).entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([key, base]) => compareCounts(key, base, curCats.get(key), categoryDropPp, requireSignificance));

  const failures: string[] = [];
  if (dropPp > overallDropPp && (overallSignificant || !requireSignificance)) failures.push(`overall pass rate dropped ${dropPp.toFixed(1)} pp (threshold ${overallDropPp})`);
  for (const t of tasks) if (t.regression) failures.push(`task ${t.key} dropped ${t.dropPp.toFixed(1)} pp (threshold ${taskDropPp})`);
  for (const c of categories) if (c.regression) failures.push(`category ${c.key} dropped ${c.dropPp.toFixed(1)} pp (threshold ${categoryDropPp})`);
  if (thresholds.minPassRate !== undefined && overallCur.value < thresholds.minPassRate) failures.push(`overall pass rate ${fmt(overallCur.value)} below the minimum ${fmt(thresholds.minPassRate)}`);
  if (thresholds.minSkillDeltaPp !== undefined) {
    for (const [agent, byCondition] of Object.entries(current.aggregates.skillDeltas)) {
      for (const [condition, delta] of Object.entries(byCondition)) {
        if (delta.delta.value * 100 < thresholds.minSkillDeltaPp) failures.push(`skill delta of ${agent}/${condition} is ${(delta.delta.value * 100).toFixed(1)} pp, below ${thresholds.minSkillDeltaPp}`);
      }
    }
  }
  const lines = [
    `Gate: **${failures.length === 0 ? 'passed' : 'FAILED'}** (current ${current.runId} vs baseline ${baseline.runId}; significance ${requireSignificance ? 'required' : 'not required'})`,
    '',
    `Overall: ${fmt(overallBase.value)} → ${fmt(overallCur.value)} (drop ${dropPp.toFixed(1)} pp, threshold ${overallDropPp}, significant: ${overallSignificant ? 'yes' : 'no'})`,
    '',
    '| scope | key | baseline | current | drop (pp) | threshold | significant | verdict |',
    '|---|---|---|---|---|---|---|---|',
    ...tasks.map((t) => `| task | ${t.key} | ${fmt(t.baseline)} | ${fmt(t.current)} | ${t.dropPp.toFixed(1)} | ${t.thresholdPp} | ${t.significant ? 'yes' : 'no'} | ${t.missing ? 'missing' : t.regression ? 'REGRESSION' : 'ok'} |`),
    ...categories.map((c) => `| category | ${c.key} | ${fmt(c.baseline)} | ${fmt(c.current)} | ${c.dropPp.toFixed(1)} | ${c.thresholdPp} | ${c.significant ? 'yes' : 'no'} | ${c.missing ? 'missing' : c.regression ? 'REGRESSION' : 'ok'} |`),
    ...(failures.length > 0 ? ['', ...failures.map((f) => `- ${f}`)] : []),
  ];
  return {
    passed: failures.length === 0,
    overall: { baseline: overallBase, current: overallCur, dropPp, significant: overallSignificant },
    tasks,
    categories,
    failures,
    markdown: lines.join('\n'),
  };
}
