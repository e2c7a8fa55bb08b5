import type { Clock } from '@agent33/observability';
import type { Tracer } from '@opentelemetry/api';
import type { AgentUnderTest } from '../agent/types.js';
import type { BenchResultStore, BenchRunRecord, BenchTrialRecord } from '../records.js';
import type { SandboxDriver } from '../sandbox/types.js';
import type { RunAggregates } from '../stats/aggregate.js';
import type { BenchTask, SkillCondition } from '../task/types.js';

/** Everything a run needs. Numeric options default with the values in brackets. */
export interface RunConfig {
  tasks: readonly BenchTask[];
  agents: readonly AgentUnderTest[];
  conditions: readonly SkillCondition[];
  /** Trials per (task, agent, condition) [5]; 1..100. */
  trials: number;
  /** Trials in flight at once [min(4, available parallelism)]. */
  concurrency?: number;
  /** Trials of one task in flight at once [= concurrency]. */
  perTaskConcurrency?: number;
  driver: SandboxDriver;
  /** Scales both timeouts [1]. */
  timeoutMultiplier?: number;
  /** Used when task.toml has no `[agent] timeout_sec` [600]. */
  defaultAgentTimeoutSec?: number;
  /** Used when task.toml has no `[verifier] timeout_sec` [300]. */
  defaultVerifierTimeoutSec?: number;
  /** Reward at or above which a trial passes [1.0]. */
  passThreshold?: number;
  /** How error / timeout / infra trials count in rates ['exclude']. */
  errorPolicy?: 'exclude' | 'fail';
  /** Extra attempts for infra and verifier errors only [1]. */
  maxRetries?: number;
  /** Seeds the schedule shuffle and the bootstrap [42]. */
  seed?: number;
  runId?: string;
  /** Skip trials the store already holds for `runId`. */
  resume?: boolean;
  store?: BenchResultStore;
  /** Stop launching trials once any limit is reached. `deadline` is epoch ms by the run's clock. */
  budget?: { maxCostUsd?: number; maxTokens?: number; deadline?: number };
  signal?: AbortSignal;
  tracer?: Tracer;
  clock?: Clock;
  /** pass@k / pass^k ks in the aggregates [1, 3, 5]. */
  ks?: number[];
  /** Baseline condition of the skill deltas ['none']. */
  baselineCondition?: string;
  /** Copy each attempt's verifier output and logs to `<artifactsDir>/<runId>/<taskId>/<trialId>-a<attempt>/`. */
  artifactsDir?: string;
  /** Quarantine trials of tasks with answer-leak findings (excluded from aggregates, listed in reports) [true]. */
  quarantineLeaks?: boolean;
  /** Overrides of the recorded provenance (fixed values make reports reproducible byte for byte). */
  provenance?: Partial<Provenance>;
  /** Recorded experiment variables, e.g. the runtime agent's skill injection mode. */
  variables?: Record<string, string | number | boolean>;
}

/** Resolved numeric settings of a run. */
export interface ResolvedSettings {
  trials: number;
  concurrency: number;
  perTaskConcurrency: number;
  timeoutMultiplier: number;
  /** Defaults applied when task.toml names no timeout, in seconds. */
  defaultAgentTimeoutSec: number;
  defaultVerifierTimeoutSec: number;
  passThreshold: number;
  errorPolicy: 'exclude' | 'fail';
  maxRetries: number;
  seed: number;
  ks: number[];
  baselineCondition: string;
}

/** The JSON-safe part of a {@link RunConfig}, stored with the run. */
export interface SerializableRunConfig extends ResolvedSettings {
  runId: string;
  tasks: Array<{ id: string; digest: string; category: string }>;
  agents: Array<{ id: string; model?: string; harness?: string }>;
  conditions: string[];
  driver: string;
  budget?: { maxCostUsd?: number; maxTokens?: number; deadline?: number };
  variables?: Record<string, string | number | boolean>;
}

/** Where and with what a run was made. */
export interface Provenance {
  harness: string;
  harnessVersion: string;
  node: string;
  platform: string;
  gitSha: string | null;
  /** sha256 over the sorted task digests. */
  datasetDigest: string;
}

/** A finished run: the stored record narrowed to this package's shapes. */
export interface BenchRunResult extends BenchRunRecord {
  config: SerializableRunConfig;
  provenance: Provenance;
  aggregates: RunAggregates;
  /** Why the run stopped early, when it did (budget, cancel). */
  stopReason?: string;
}

/** Progress events of a run, in order. */
export type BenchRunEvent =
  | { type: 'planned'; total: number; skipped: number }
  | { type: 'trial-start'; trialId: string; taskId: string; condition: string; attempt: number }
  | { type: 'trial-end'; record: BenchTrialRecord }
  | { type: 'done'; summary: RunAggregates };

/** A run in progress. */
export interface RunHandle {
  runId: string;
  events: AsyncIterable<BenchRunEvent>;
  result: Promise<BenchRunResult>;
  /** Stops launching trials and aborts those in flight; unfinished trials are not recorded, so resume reruns them. */
  cancel(reason?: string): void;
}
