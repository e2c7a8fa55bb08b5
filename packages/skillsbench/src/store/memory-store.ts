import { BenchStoreError } from '../errors/store-error.js';
import type { BenchResultStore, BenchRunRecord, BenchRunSummary, BenchTrialRecord } from '../records.js';

/** Keeps runs in memory (tests, one-shot CLI runs). Records are deep-copied in and out. */
export function memoryStore(): BenchResultStore {
  const runs = new Map<string, BenchRunRecord>();
  const keys = new Map<string, Set<string>>();
  const baselines = new Map<string, string>();
  const copy = <T>(value: T): T => structuredClone(value);
  const need = (runId: string): BenchRunRecord => {
    const run = runs.get(runId);
    if (!run) throw new BenchStoreError(`unknown run ${runId}`);
    return run;
  };
  return {
    async createRun({ runId, config, provenance }) {
      if (typeof runId !== 'string' || runId.length === 0) throw new BenchStoreError('runId must be a non-empty string');
      if (runs.has(runId)) throw new BenchStoreError(`run ${runId} already exists`);
      runs.set(runId, { runId, status: 'running', createdAt: Date.now(), config: copy(config), provenance: copy(provenance), trials: [] });
      keys.set(runId, new Set());
    },
    async appendTrial(record: BenchTrialRecord) {
      const run = need(record.runId);
      const key = `${record.trialId}#${record.attempt}`;
      const seen = keys.get(record.runId) as Set<string>;
      if (seen.has(key)) return;
      seen.add(key);
      run.trials.push(copy(record));
    },
    async completedTrialIds(runId) {
      return new Set(need(runId).trials.map((t) => t.trialId));
    },
    async finishRun(runId, status, aggregates) {
      const run = need(runId);
      run.status = status;
      run.finishedAt = Date.now();
      if (aggregates !== undefined) run.aggregates = copy(aggregates);
    },
    async getRun(runId) {
      const run = runs.get(runId);
      return run ? copy(run) : undefined;
    },
    async listRuns(opts = {}) {
      const limit = opts.limit ?? 50;
      const all: BenchRunSummary[] = [...runs.values()].map((r) => ({
        runId: r.runId,
        status: r.status,
        createdAt: r.createdAt,
        ...(r.finishedAt === undefined ? {} : { finishedAt: r.finishedAt }),
        trialCount: r.trials.length,
      }));
      return all.reverse().slice(0, limit);
    },
    async setBaseline(name, runId) {
      need(runId);
      baselines.set(name, runId);
    },
    async getBaseline(name) {
      const runId = baselines.get(name);
      return runId === undefined ? undefined : copy(runs.get(runId));
    },
  };
}
