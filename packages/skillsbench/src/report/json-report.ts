import type { BenchRunResult } from '../scheduler/types.js';
import { assertRunResult } from './assert-run.js';

/** The versioned JSON run record (`skillsbench.run/v1`). */
export interface SkillsBenchJsonReport {
  schema: 'skillsbench.run/v1';
  run: BenchRunResult;
}

/** Wraps a run in the versioned JSON record; key order is fixed so equal runs serialise to equal bytes. */
export function toJsonReport(run: BenchRunResult): SkillsBenchJsonReport {
  assertRunResult(run);
  return { schema: 'skillsbench.run/v1', run };
}
