/**
 * The persisted record shapes of a benchmark run. They are the runtime's `BenchResultStore` port types
 * (`@agent33/runtime/ports`), re-exported under this package's names so hosts import one vocabulary.
 */
export type {
  BenchTrialOutcome,
  BenchTrialArtifact,
  BenchTrialRecord,
  BenchRunStatus,
  BenchRunRecord,
  BenchRunSummary,
  BenchResultStore,
} from '@agent33/runtime/ports';
