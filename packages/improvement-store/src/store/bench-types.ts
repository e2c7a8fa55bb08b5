import type { BenchRunRecord, BenchRunSummary, BenchTrialRecord } from '@agent33/runtime/ports';

/** Benchmark runs, trials and baselines (the storage behind the runtime's `BenchResultStore` port). */
export interface BenchRepository {
  createRun(run: { runId: string; config: unknown; provenance: unknown; createdAt: number }): Promise<void>;
  /** Inserts a trial; returns false when (trialId, attempt) was already stored. */
  appendTrial(record: BenchTrialRecord): Promise<boolean>;
  trialIds(runId: string): Promise<Set<string>>;
  finishRun(runId: string, status: 'completed' | 'failed' | 'cancelled', finishedAt: number, aggregates?: unknown): Promise<void>;
  getRun(runId: string): Promise<BenchRunRecord | undefined>;
  listRuns(limit: number): Promise<BenchRunSummary[]>;
  setBaseline(name: string, runId: string): Promise<void>;
  getBaselineRunId(name: string): Promise<string | undefined>;
}
