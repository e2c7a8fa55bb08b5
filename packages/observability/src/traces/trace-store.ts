import type { FailureCategory } from './failure-taxonomy.js';
import type { FailureRecord, RecordFailureInput, StartTraceInput, TraceAction, TraceActionInput, TraceRecord, TraceStatus, TraceStep } from './trace-types.js';

/** A tenant id, or `'*'` for an operator that may read every tenant. */
export type TenantScope = string | '*';

/**
 * Where trace and failure records live. Every read is tenant-scoped. The in-memory store is bounded; a SQLite
 * implementation may live elsewhere (improvement-store).
 */
export interface TraceStore {
  start(input?: StartTraceInput): Promise<TraceRecord>;
  /** The trace, or undefined when it does not exist or belongs to another tenant. */
  get(traceId: string, tenant: TenantScope): Promise<TraceRecord | undefined>;
  /** Newest first (stable for equal start times), at most `limit` (default 100). */
  list(query: { tenant: TenantScope; status?: TraceStatus; taskId?: string; limit?: number }): Promise<TraceRecord[]>;
  /** Appends a step (duplicate ids allowed, as in the reference). */
  addStep(traceId: string, stepId: string): Promise<TraceStep>;
  /** Appends an action to the first step with `stepId`, creating the step when missing. */
  addAction(traceId: string, stepId: string, action: TraceActionInput): Promise<TraceAction>;
  /** Completes the trace (default `completed`), closing open steps; failure fields are overwritten only by non-empty values. */
  complete(traceId: string, status?: TraceStatus, failureCode?: string, failureMessage?: string): Promise<TraceRecord>;
  /** Records a failure; the trace's outcome gets the category code (and the subcode). A missing trace is tolerated. */
  recordFailure(traceId: string, failure: RecordFailureInput): Promise<FailureRecord>;
  /** Newest first, at most `limit` (default 100). */
  listFailures(query: { traceId?: string; category?: FailureCategory; tenant?: TenantScope; limit?: number }): Promise<FailureRecord[]>;
}
