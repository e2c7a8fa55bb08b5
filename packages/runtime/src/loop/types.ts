import type { Clock } from '@agent33/observability';
import type {
  AssistantMessage,
  FinishReason,
  JSONSchema,
  Message,
  ModelProvider,
  ModelResponse,
  RetryPolicy,
  ToolChoice,
  Usage,
} from '../model/types.js';
import type { ToolCallRepairFn, PreparedToolCall, ToolSet } from '../tools/types.js';
import type { ApprovalHandler, RunBudget, Subject, ToolPolicy } from '../policy/types.js';
import type { ContextManagerLike, FitReport } from '../context/types.js';
import type { RoutingDecision } from '../routing/types.js';
import type { CallBoundary, IdGenerator, LearningSink, RunCheckpointer, RuntimeHooks } from '../ports/index.js';

/** Why a run ended. `legacyTerminationReason` maps these onto the reference's five strings. */
export type TerminationReason =
  | 'completed'
  | 'stop_condition'
  | 'handoff'
  | 'max_iterations'
  | 'consecutive_errors'
  | 'loop_detected'
  | 'budget_exceeded'
  | 'deadline_exceeded'
  | 'aborted'
  | 'context_exhausted'
  | 'awaiting_approval'
  | 'invalid_output'
  | 'model_error';

/** What happened to one tool call. */
export type ToolCallOutcomeKind =
  | 'ok'
  | 'invalid_json'
  | 'unknown_tool'
  | 'invalid_args'
  | 'denied'
  | 'needs_approval'
  | 'rejected_by_user'
  | 'budget_blocked'
  | 'skipped_cap'
  | 'error'
  | 'timeout'
  | 'aborted';

/** One tool call's outcome; `content` is exactly what the model sees in the tool message. */
export interface ToolCallOutcome {
  callId: string;
  tool: string;
  kind: ToolCallOutcomeKind;
  content: string;
  data?: unknown;
  durationMs: number;
  repaired?: boolean;
  truncated?: boolean;
  filtered?: boolean;
  reason?: string;
}

/** The record of one loop iteration. */
export interface StepRecord {
  index: number;
  model: string;
  request: { messageCount: number; inputTokensEstimate: number };
  response: ModelResponse;
  toolOutcomes: ToolCallOutcome[];
  usage: Usage;
  durationMs: number;
  context?: FitReport;
}

/** A read-only view of a run in progress, given to budgets, `prepareStep` and stop conditions. */
export interface RunSnapshot {
  runId: string;
  agentName?: string;
  model: string;
  /** Iterations started so far. */
  iteration: number;
  toolCallsMade: number;
  consecutiveErrors: number;
  usage: Usage;
  elapsedMs: number;
  steps: readonly StepRecord[];
  messages: readonly Message[];
}

/** Ends the run with `stop_condition` (or `handoff`) after a step when true. */
export type StopCondition = (s: { steps: readonly StepRecord[]; last: StepRecord }) => boolean | Promise<boolean>;

/** How a text-only answer ends the run. */
export type CompletionPolicy =
  | { mode: 'first-text' }
  | { mode: 'confirm'; prompt?: string; maxConfirmations?: number }
  | { mode: 'stop-tool'; toolName: string };

/** Options of one loop run. */
export interface RunOptions {
  provider: ModelProvider;
  model: string;
  messages: Message[];
  tools?: ToolSet;
  temperature?: number;
  maxOutputTokens?: number;
  toolChoice?: ToolChoice;
  maxIterations?: number;
  maxToolCallsPerStep?: number;
  consecutiveErrorLimit?: number;
  errorCounting?: 'per-step' | 'per-call';
  completion?: CompletionPolicy;
  stopWhen?: StopCondition | StopCondition[];
  loopDetection?:
    | false
    | { threshold: number; window?: number; action?: 'terminate' | 'nudge'; signature?: 'batch' | 'first-call' };
  toolExecution?: {
    mode?: 'auto' | 'parallel' | 'sequential';
    concurrency?: number;
    defaultTimeoutMs?: number;
    abortGraceMs?: number;
  };
  finalStepToolChoice?: 'none' | 'keep';
  outputSchema?: JSONSchema;
  maxOutputRepairs?: number;
  repairToolCall?: ToolCallRepairFn;
  textToolCalls?: boolean;
  prepareStep?: (
    s: RunSnapshot,
  ) => Partial<Pick<RunOptions, 'model' | 'tools' | 'toolChoice' | 'temperature' | 'maxOutputTokens'>> | void;
  context?: ContextManagerLike;
  policy?: ToolPolicy;
  approvals?: ApprovalHandler;
  budget?: RunBudget;
  modelRetry?: Partial<RetryPolicy>;
  stepTimeoutMs?: number;
  signal?: AbortSignal;
  deadline?: number | Date;
  hooks?: RuntimeHooks | RuntimeHooks[];
  learning?: LearningSink;
  checkpointer?: RunCheckpointer;
  /** Wraps every tool execution (model calls cross the provider's own boundary). */
  boundary?: CallBoundary;
  subject?: Subject;
  runId?: string;
  agentName?: string;
  clock?: Clock;
  ids?: IdGenerator;
  leakageFilter?: (toolOutput: string, tool: string) => boolean;
  /** Per-tool defaults merged into missing arguments before validation (from skills). */
  toolParameterDefaults?: Record<string, Record<string, unknown>>;
  workingDir?: string;
  metadata?: Record<string, unknown>;
  /** Routing decision applied to this run, reported in `run-start`. */
  routing?: RoutingDecision;
}

/** The result of a run: typed status, parsed output, transcript, steps and totals. */
export interface RunResult {
  runId: string;
  status: TerminationReason;
  detail?: string;
  output: Record<string, unknown>;
  text: string;
  messages: Message[];
  steps: StepRecord[];
  usage: Usage;
  iterations: number;
  toolCallsMade: number;
  toolsUsed: string[];
  model: string;
  durationMs: number;
  state?: SerializedRunState;
}

/** A tool step interrupted by calls awaiting approval. */
export interface PendingToolStep {
  stepIndex: number;
  response: ModelResponse;
  assistant: AssistantMessage;
  requestInfo: { messageCount: number; inputTokensEstimate: number };
  usage: Usage;
  startedAt: number;
  context?: FitReport;
  /** In call order: finished outcomes, or the prepared call and the reason it awaits approval. */
  calls: Array<{ callId: string; tool: string; outcome?: ToolCallOutcome; prepared?: PreparedToolCall; approvalReason?: string }>;
}

/** Everything needed to resume a run: plain JSON. */
export interface SerializedRunState {
  version: 1;
  runId: string;
  agentName?: string;
  model: string;
  messages: Message[];
  steps: StepRecord[];
  usage: Usage;
  iteration: number;
  toolCallsMade: number;
  toolsUsed: string[];
  consecutiveErrors: number;
  confirmations: number;
  outputRepairs: number;
  loopWindow: string[];
  nudged: boolean;
  startedAt: number;
  pending?: PendingToolStep;
}

/** A typed run event; every run emits exactly one `run-end`. */
export type RunEvent = { runId: string; at: number } & (
  | { type: 'run-start' }
  | { type: 'step-start'; index: number }
  | { type: 'context-managed'; report: FitReport }
  | { type: 'model-request'; model: string }
  | { type: 'text-delta'; delta: string }
  | { type: 'tool-call-delta'; callId?: string; index: number; argumentsDelta: string }
  | { type: 'model-response'; step: number; finishReason: FinishReason; usage: Usage }
  | { type: 'tool-call-start'; callId: string; tool: string }
  | { type: 'tool-call-progress'; callId: string; data: unknown }
  | { type: 'tool-call-end'; outcome: ToolCallOutcome }
  | { type: 'approval-required'; callId: string; reason: string }
  | { type: 'loop-detected'; signature: string }
  | { type: 'confirmation'; verdict: 'completed' | 'continue' | 'ambiguous' }
  | { type: 'routing-decision'; decision: RoutingDecision }
  | { type: 'error'; error: string; fatal: false }
  | { type: 'step-end'; step: StepRecord }
  | { type: 'run-end'; status: TerminationReason; detail?: string }
);

/** A run as an async stream of events plus its final result. */
export interface RunStream extends AsyncIterable<RunEvent> {
  readonly result: Promise<RunResult>;
  toSSE(): ReadableStream<Uint8Array>;
}
