import { BenchConfigError } from '../errors/bench-config-error.js';
import type { BenchRunResult } from '../scheduler/types.js';

/** Throws {@link BenchConfigError} unless `run` looks like a finished run (trials, config, provenance, aggregates). */
export function assertRunResult(run: unknown): asserts run is BenchRunResult {
  const r = run as Partial<BenchRunResult> | null | undefined;
  if (typeof r !== 'object' || r === null) throw new BenchConfigError('run', 'a run result is required');
  if (typeof r.runId !== 'string' || !Array.isArray(r.trials)) throw new BenchConfigError('run', 'a run result needs runId and trials');
  if (typeof r.aggregates !== 'object' || r.aggregates === null || !Array.isArray(r.aggregates.cells)) throw new BenchConfigError('run', `run ${r.runId} has no aggregates; aggregate(trials) first`);
  if (typeof r.config !== 'object' || r.config === null || typeof r.provenance !== 'object' || r.provenance === null) throw new BenchConfigError('run', `run ${r.runId} lacks its config or provenance`);
}
