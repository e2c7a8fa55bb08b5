import type { Clock } from '@agent33/observability';
import type { FitReport } from '../context/types.js';
import type { SchemaValidator } from '../ports/index.js';
import type { ApprovalDecision, Subject } from '../policy/types.js';
import type { HookCaller } from './hooks.js';
import type { RunState } from './state.js';
import type { RunEvent, RunOptions, RunSnapshot, StepRecord, TerminationReason } from './types.js';

/** How a run ends: thrown or returned by step handlers, turned into the result by the runner. */
export class Termination {
  constructor(readonly status: TerminationReason, readonly detail?: string, readonly output?: Record<string, unknown>) {}
}

/** A run event without the fields the runner stamps on (`runId`, `at`). */
export type EventInput = RunEvent extends infer E ? (E extends unknown ? Omit<E, 'runId' | 'at'> : never) : never;

/** What the step handlers (text completion, tool steps) see of the running loop. */
export interface RunHost {
  readonly o: RunOptions;
  readonly st: RunState;
  readonly clock: Clock;
  readonly hooks: HookCaller;
  readonly validator: SchemaValidator;
  readonly signal: AbortSignal;
  readonly subject: Subject;
  readonly decisions: readonly ApprovalDecision[];
  readonly lastFit: FitReport | undefined;
  emit(e: EventInput): void;
  snapshot(): RunSnapshot;
  abortReason(): Termination;
  recordStep(step: StepRecord): void;
}
