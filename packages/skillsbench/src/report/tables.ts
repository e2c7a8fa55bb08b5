import type { BenchRunResult } from '../scheduler/types.js';
import type { CellAggregate } from '../stats/aggregate.js';
import type { Estimate } from '../stats/intervals.js';

/** A percentage with one decimal. */
export function pct(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** "72.0% [42.7, 101.3]" style estimate text. */
export function estimateText(estimate: Estimate): string {
  return `${pct(estimate.value)} [${(estimate.ci.lo * 100).toFixed(1)}, ${(estimate.ci.hi * 100).toFixed(1)}]`;
}

/** Signed percentage points. */
export function pp(value: number): string {
  const v = value * 100;
  return `${v >= 0 ? '+' : ''}${v.toFixed(1)} pp`;
}

/** A plain table model the Markdown and HTML writers both render. */
export interface Table {
  title: string;
  head: string[];
  rows: string[][];
}

/** Conditions in a display order: the baseline first, then the rest sorted. */
export function conditionsOf(run: BenchRunResult): string[] {
  const base = run.aggregates.baselineCondition;
  const all = [...new Set([...run.config.conditions, ...run.aggregates.cells.map((c) => c.condition)])];
  return [...all.filter((c) => c === base), ...all.filter((c) => c !== base).sort()];
}

/** Per agent: task → condition → cell. */
export function cellIndex(run: BenchRunResult): Map<string, Map<string, Map<string, CellAggregate>>> {
  const out = new Map<string, Map<string, Map<string, CellAggregate>>>();
  for (const cell of run.aggregates.cells) {
    const byTask = out.get(cell.agentId) ?? new Map<string, Map<string, CellAggregate>>();
    const byCondition = byTask.get(cell.taskId) ?? new Map<string, CellAggregate>();
    byCondition.set(cell.condition, cell);
    byTask.set(cell.taskId, byCondition);
    out.set(cell.agentId, byTask);
  }
  return out;
}

/** The report tables shared by Markdown and HTML. */
export function reportTables(run: BenchRunResult): Table[] {
  const a = run.aggregates;
  const d = a.denominators;
  const tables: Table[] = [];
  tables.push({
    title: 'Denominators',
    head: ['trials', 'score-eligible', 'errors', 'timeouts', 'infra', 'skipped', 'quarantined', 'error policy'],
    rows: [[d.trials, d.eligible, d.errors, d.timeouts, d.infra, d.skipped, d.quarantined, a.errorPolicy].map(String)],
  });
  const scoreRows: string[][] = [];
  for (const [agent, byCondition] of Object.entries(a.byAgentCondition)) {
    for (const [condition, estimate] of Object.entries(byCondition)) {
      const boot = a.bootstrap[agent]?.[condition];
      scoreRows.push([agent, condition, String(estimate.n), estimateText(estimate), boot ? estimateText(boot) : '–']);
    }
  }
  tables.push({ title: 'Scores (mean of per-task pass rates, 95% CI)', head: ['agent', 'condition', 'tasks', 'Method D', 'bootstrap'], rows: scoreRows });
  const deltaRows: string[][] = [];
  for (const [agent, byCondition] of Object.entries(a.skillDeltas)) {
    for (const [condition, delta] of Object.entries(byCondition)) {
      deltaRows.push([
        agent,
        `${condition} vs ${a.baselineCondition}`,
        pct(delta.pWith.value),
        pct(delta.pWithout.value),
        `${pp(delta.delta.value)} [${(delta.delta.ci.lo * 100).toFixed(1)}, ${(delta.delta.ci.hi * 100).toFixed(1)}]`,
        delta.normalizedGain === null ? '–' : delta.normalizedGain.toFixed(3),
        `${delta.signTest.positives}+/${delta.signTest.negatives}−/${delta.signTest.ties}= p=${delta.signTest.pValue.toPrecision(4)}`,
        `b=${delta.mcnemar.b} c=${delta.mcnemar.c} p=${delta.mcnemar.pValue.toPrecision(4)}`,
        delta.significant ? 'yes' : 'no',
        delta.negativeTasks.join(', ') || '–',
      ]);
    }
  }
  tables.push({ title: 'Skill deltas (paired over tasks)', head: ['agent', 'comparison', 'with', 'without', 'Δ [95% CI]', 'gain g', 'sign test', 'McNemar', 'significant', 'negative tasks'], rows: deltaRows });
  const conditions = conditionsOf(run);
  const taskRows: string[][] = [];
  for (const [agent, byTask] of cellIndex(run)) {
    for (const [task, byCondition] of [...byTask.entries()].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
      taskRows.push([
        agent,
        task,
        ...conditions.map((condition) => {
          const cell = byCondition.get(condition);
          if (!cell) return '–';
          const errs = cell.errors > 0 ? ` (${cell.errors} err)` : '';
          return cell.n === 0 ? `n/a${errs}` : `${cell.c}/${cell.n} ${pct(cell.passRate)}${errs}`;
        }),
      ]);
    }
  }
  tables.push({ title: 'Per-task pass rates', head: ['agent', 'task', ...conditions], rows: taskRows });
  const quarantined = [...new Set(run.trials.filter((t) => t.quarantined).map((t) => t.taskId))].sort();
  if (quarantined.length > 0) tables.push({ title: 'Quarantined tasks (excluded from aggregates)', head: ['task'], rows: quarantined.map((t) => [t]) });
  return tables;
}
