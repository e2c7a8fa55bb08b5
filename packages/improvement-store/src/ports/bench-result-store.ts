import { isAbsolute, relative, resolve } from 'node:path';
import { systemClock, type Clock } from '@agent33/observability';
import type { BenchResultStore, BenchTrialRecord } from '@agent33/runtime/ports';
import { StoreConfigError } from '../errors/store-config-error.js';
import { StoreValidationError } from '../errors/store-validation-error.js';
import type { ImprovementStore } from '../store/types.js';

/** Options of {@link benchResultStore}. */
export interface BenchResultStoreOptions {
  /** Root folder of trial artifacts; every artifact path must resolve inside it. */
  artifactsDir: string;
  clock?: Clock;
}

function assertContained(root: string, path: string, field: string): void {
  if (typeof path !== 'string' || path.length === 0) throw new StoreValidationError(field, 'must be a non-empty path');
  const full = resolve(root, path);
  const rel = relative(root, full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new StoreValidationError(field, `must stay inside the artifacts folder ${root}`);
}

/**
 * The runtime's `BenchResultStore` on the store's `sb_runs` / `sb_trials` / `sb_baselines` tables. `appendTrial`
 * is idempotent on (trialId, attempt); artifact paths are checked to stay inside `artifactsDir`.
 */
export function benchResultStore(store: ImprovementStore, o: BenchResultStoreOptions): BenchResultStore {
  if (typeof o?.artifactsDir !== 'string' || o.artifactsDir.length === 0) throw new StoreConfigError('artifactsDir', 'must be a non-empty string');
  const root = resolve(o.artifactsDir);
  const clock = o.clock ?? systemClock;
  return {
    createRun: (run) => store.bench.createRun({ ...run, createdAt: Math.round(clock.now()) }),
    async appendTrial(record: BenchTrialRecord) {
      (record?.artifacts ?? []).forEach((a, i) => assertContained(root, a.path, `artifacts[${i}].path`));
      await store.bench.appendTrial(record);
    },
    completedTrialIds: (runId) => store.bench.trialIds(runId),
    finishRun: (runId, status, aggregates) => store.bench.finishRun(runId, status, Math.round(clock.now()), aggregates),
    getRun: (runId) => store.bench.getRun(runId),
    listRuns: (opts) => store.bench.listRuns(opts?.limit ?? 50),
    setBaseline: (name, runId) => store.bench.setBaseline(name, runId),
    async getBaseline(name) {
      const runId = await store.bench.getBaselineRunId(name);
      return runId === undefined ? undefined : store.bench.getRun(runId);
    },
  };
}
