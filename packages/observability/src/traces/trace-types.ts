import type { FailureCategory, FailureSeverity } from './failure-taxonomy.js';

/** Status of a trace. */
export type TraceStatus = 'completed' | 'failed' | 'timeout' | 'cancelled' | 'escalated' | 'running';

/** Status of one action. */
export type ActionStatus = 'success' | 'failure' | 'timeout' | 'skipped';

/** Every trace status. */
export const TRACE_STATUSES: readonly TraceStatus[] = ['completed', 'failed', 'timeout', 'cancelled', 'escalated', 'running'];

/** One tool action inside a step. */
export interface TraceAction {
  actionId: string;
  tool: string;
  input: string;
  output: string;
  exitCode: number | null;
  durationMs: number;
  status: ActionStatus;
}

/** One step of a trace (Session → Run → Task → Step → Action). */
export interface TraceStep {
  stepId: string;
  startedAt: string;
  completedAt: string | null;
  actions: TraceAction[];
}

/** How a trace ended. `failureCode` keeps the reference meaning (category code); `failureSubcode` is the detail. */
export interface TraceOutcome {
  status: TraceStatus;
  failureCode: string;
  failureMessage: string;
  failureCategory: string;
  failureSubcode: string;
}

/** One agent run's trace record. */
export interface TraceRecord {
  traceId: string;
  sessionId: string;
  runId: string;
  taskId: string;
  tenantId: string;
  startedAt: string;
  completedAt: string | null;
  durationMs: number;
  context: { agentId: string; agentRole: string; model: string; branch: string; commit: string; workingDirectory: string };
  input: { prompt: string; parameters: Record<string, unknown>; filesRead: string[]; contextLoaded: string[] };
  execution: TraceStep[];
  output: { result: string; filesWritten: string[]; filesModified: string[]; artifactsCreated: string[] };
  outcome: TraceOutcome;
  evidence: { verificationLogRef: string; evidenceCaptureRef: string; sessionLogRef: string; reviewSignoffRef: string };
  metadata: { tags: string[]; annotations: Record<string, string>; parentTrace: string; childTraces: string[] };
  otelTraceId?: string;
  otelSpanId?: string;
}

/** Resolution bookkeeping of a failure. */
export interface FailureResolution {
  retryable: boolean;
  retryCount: number;
  escalationRequired: boolean;
  escalationTarget: string;
  resolutionStatus: 'pending' | 'resolved' | 'wontfix';
  resolutionNotes: string;
}

/** One classified failure. */
export interface FailureRecord {
  failureId: string;
  traceId: string;
  tenantId: string;
  occurredAt: string;
  classification: { code: string; subcode: string; category: FailureCategory; severity: FailureSeverity };
  message: string;
  stackTrace: string;
  context: Record<string, string>;
  resolution: FailureResolution;
  artifactRefs: string[];
}

/** What `TraceStore.start` needs; everything is optional. */
export interface StartTraceInput {
  tenantId?: string;
  sessionId?: string;
  runId?: string;
  taskId?: string;
  context?: Partial<TraceRecord['context']>;
  input?: Partial<TraceRecord['input']>;
  metadata?: Partial<TraceRecord['metadata']>;
  /** When an OTel span is active: correlates the record and becomes the id's random part. */
  otelTraceId?: string;
  otelSpanId?: string;
}

/** An action to append. */
export interface TraceActionInput {
  actionId?: string;
  tool: string;
  input?: string;
  output?: string;
  exitCode?: number | null;
  durationMs?: number;
  status?: ActionStatus;
}

/** A failure to record against a trace. */
export interface RecordFailureInput {
  message: string;
  category?: FailureCategory;
  severity?: FailureSeverity;
  subcode?: string;
  stackTrace?: string;
  context?: Record<string, string>;
  artifactRefs?: string[];
}
