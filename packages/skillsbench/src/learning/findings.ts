import type { LearningSignal, LearningSink } from '@agent33/runtime/ports';
import type { GateReport } from '../gate/compare-runs.js';
import type { BenchRunResult } from '../scheduler/types.js';

/** The `benchmark` variant of the runtime's learning signal. */
export type BenchmarkFinding = Extract<LearningSignal, { type: 'benchmark' }>;

/**
 * Turns a run (and optionally its gate verdict) into learning findings: one `regression` per regressed overall /
 * task / category entry of the gate, and `negative_skill_delta` for every skill condition whose mean delta is below 0
 * (scope overall, significant when its whole interval is below 0) and for every negative task.
 */
export function benchmarkFindings(run: BenchRunResult, gate?: { report: GateReport; baselineRunId: string }): BenchmarkFinding[] {
  const out: BenchmarkFinding[] = [];
  if (gate) {
    const base = { type: 'benchmark' as const, runId: run.runId, finding: 'regression' as const, baselineRunId: gate.baselineRunId };
    const r = gate.report;
    if (r.failures.some((f) => f.startsWith('overall pass rate dropped'))) out.push({ ...base, scope: 'overall', deltaPp: -r.overall.dropPp, significant: r.overall.significant });
    for (const t of r.tasks.filter((e) => e.regression)) out.push({ ...base, scope: 'task', taskId: t.key, deltaPp: -t.dropPp, significant: t.significant });
    for (const c of r.categories.filter((e) => e.regression)) out.push({ ...base, scope: 'category', category: c.key, deltaPp: -c.dropPp, significant: c.significant });
  }
  const cells = new Map(run.aggregates.cells.map((c) => [`${c.agentId}\0${c.condition}\0${c.taskId}`, c]));
  for (const [agentId, byCondition] of Object.entries(run.aggregates.skillDeltas)) {
    for (const [condition, delta] of Object.entries(byCondition)) {
      const base = { type: 'benchmark' as const, runId: run.runId, finding: 'negative_skill_delta' as const, agentId, condition };
      if (delta.delta.value < 0) out.push({ ...base, scope: 'overall', deltaPp: delta.delta.value * 100, significant: delta.delta.ci.hi < 0 });
      for (const taskId of delta.negativeTasks) {
        const withCell = cells.get(`${agentId}\0${condition}\0${taskId}`);
        const withoutCell = cells.get(`${agentId}\0${run.aggregates.baselineCondition}\0${taskId}`);
        const deltaPp = withCell && withoutCell ? (withCell.passRate - withoutCell.passRate) * 100 : 0;
        // Per task, a drop counts as significant only when the Wilson intervals do not overlap.
        const significant = withCell !== undefined && withoutCell !== undefined && withCell.wilson.hi < withoutCell.wilson.lo;
        out.push({ ...base, scope: 'task', taskId, ...(withCell ? { category: withCell.category } : {}), deltaPp, significant });
      }
    }
  }
  return out;
}

/** Sends every finding of {@link benchmarkFindings} to a learning sink; a failing sink does not stop the others. */
export async function emitBenchmarkFindings(sink: LearningSink, run: BenchRunResult, gate?: { report: GateReport; baselineRunId: string }): Promise<number> {
  const findings = benchmarkFindings(run, gate);
  let sent = 0;
  for (const finding of findings) {
    try {
      await sink.record(finding);
      sent += 1;
    } catch {
      // Learning is best effort: a benchmark result never fails because a sink is down.
    }
  }
  return sent;
}
