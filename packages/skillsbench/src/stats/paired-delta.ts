import { bootstrapMean } from './bootstrap.js';
import { mcnemarExact, normalizedGain, signTest } from './hypothesis-tests.js';
import { taskMeanEstimate, type Estimate } from './intervals.js';
import { BenchConfigError } from '../errors/bench-config-error.js';

/** One task's counts under a skill condition and the baseline; `discordant` adds trial-level pairs for McNemar. */
export interface PairedCell {
  taskId: string;
  nWith: number;
  cWith: number;
  nWithout: number;
  cWithout: number;
  /** Trial pairs (same trial index) where only the with-skills trial passed (b) or only the baseline passed (c). */
  discordant?: { b: number; c: number };
}

/** The paired effect of a skill condition against the baseline over tasks. */
export interface SkillDelta {
  pWith: Estimate;
  pWithout: Estimate;
  /** Mean per-task Δ with its Method D interval. */
  delta: Estimate;
  /** Cluster-bootstrap interval of Δ, when a seed was given. */
  deltaBootstrap?: Estimate;
  normalizedGain: number | null;
  signTest: { positives: number; negatives: number; ties: number; pValue: number };
  /** Exact McNemar over discordant trial pairs, summed over tasks. */
  mcnemar: { b: number; c: number; pValue: number };
  /** Tasks where the skill condition did worse than the baseline, sorted. */
  negativeTasks: string[];
  /** Δ − CI half-width > 0, i.e. the interval of Δ lies above 0. */
  significant: boolean;
}

/**
 * The paired skill delta over tasks that have trials in both conditions: per-task rates, their Method D means,
 * Δ with its interval (and a seeded bootstrap one), normalised gain, sign test, McNemar and the negative tasks.
 */
export function pairedSkillDelta(cells: readonly PairedCell[], opts: { confidence?: number; bootstrap?: { seed: number; resamples?: number } } = {}): SkillDelta {
  if (!Array.isArray(cells)) throw new BenchConfigError('cells', 'must be an array');
  const usable = cells.filter((cell) => {
    for (const key of ['nWith', 'cWith', 'nWithout', 'cWithout'] as const) {
      if (!Number.isInteger(cell[key]) || cell[key] < 0) throw new BenchConfigError(key, `must be an integer ≥ 0 (task ${cell.taskId})`);
    }
    if (cell.cWith > cell.nWith || cell.cWithout > cell.nWithout) throw new BenchConfigError('c', `passes exceed trials (task ${cell.taskId})`);
    return cell.nWith > 0 && cell.nWithout > 0;
  });
  const confidence = opts.confidence ?? 0.95;
  const withRates = usable.map((cell) => cell.cWith / cell.nWith);
  const withoutRates = usable.map((cell) => cell.cWithout / cell.nWithout);
  const deltas = usable.map((_, i) => (withRates[i] ?? 0) - (withoutRates[i] ?? 0));
  const pWith = taskMeanEstimate(withRates, { confidence });
  const pWithout = taskMeanEstimate(withoutRates, { confidence });
  const delta = taskMeanEstimate(deltas, { confidence });
  const b = usable.reduce((sum, cell) => sum + (cell.discordant?.b ?? 0), 0);
  const c = usable.reduce((sum, cell) => sum + (cell.discordant?.c ?? 0), 0);
  return {
    pWith,
    pWithout,
    delta,
    ...(opts.bootstrap ? { deltaBootstrap: bootstrapMean(deltas, { ...opts.bootstrap, confidence }) } : {}),
    normalizedGain: usable.length === 0 ? null : normalizedGain(pWith.value, pWithout.value),
    signTest: signTest(deltas),
    mcnemar: { b, c, pValue: mcnemarExact(b, c) },
    negativeTasks: usable.filter((_, i) => (deltas[i] ?? 0) < 0).map((cell) => cell.taskId).sort(),
    significant: usable.length > 1 && delta.ci.lo > 0,
  };
}
