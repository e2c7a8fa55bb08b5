/**
 * `@agent33/runtime/ports`: the interfaces sibling packages implement (types only, no runtime code).
 *
 * - connectors: {@link CallBoundary} and tool sources ({@link ToolDefinition}, {@link ToolSource});
 * - improvement-store: {@link LearningSink}, {@link MemoryRecall}, {@link RunCheckpointer}, {@link BenchResultStore};
 * - skillsbench: the benchmark record types and {@link BenchResultStore};
 * - observability: {@link ExecutionRouter} (structurally, through its effort router);
 * - hosts: {@link RuntimeHooks}, {@link SchemaValidator}, {@link EmbeddingRetriever}, {@link IdGenerator}, `Clock`.
 */
import type { TokenUsage } from '@agent33/observability';
import type { JSONSchema, Message, ModelProvider, ModelRequest, ModelResponse, Usage } from '../model/types.js';
import type { ModelError } from '../errors/model-error.js';
import type { PreparedToolCall, ToolSet } from '../tools/types.js';
import type { FitReport } from '../context/types.js';
import type { SkillMatch } from '../skills/types.js';
import type { RoutingDecision } from '../routing/types.js';
import type {
  RunOptions,
  RunResult,
  SerializedRunState,
  StepRecord,
  TerminationReason,
  ToolCallOutcome,
} from '../loop/types.js';

export type { Clock, TokenUsage } from '@agent33/observability';
export type {
  AssistantMessage,
  CallOptions,
  ContentPart,
  FinishReason,
  JSONSchema,
  Message,
  ModelCapabilities,
  ModelProvider,
  ModelRequest,
  ModelResponse,
  ModelStreamEvent,
  RetryPolicy,
  Role,
  SystemMessage,
  ToolCall,
  ToolChoice,
  ToolMessage,
  ToolSpec,
  Usage,
  UserMessage,
} from '../model/types.js';
export type { ModelError, ModelErrorKind } from '../errors/model-error.js';
export type {
  PreparedToolCall,
  ToolAnnotations,
  ToolCallRepairFn,
  ToolDefinition,
  ToolExecutionContext,
  ToolMeta,
  ToolReturn,
  ToolSet,
  ToolSource,
} from '../tools/types.js';
export type {
  ApprovalDecision,
  ApprovalHandler,
  AutonomyLevel,
  BudgetVerdict,
  PolicyContext,
  PolicyDecision,
  RunBudget,
  Subject,
  ToolPolicy,
} from '../policy/types.js';
export type {
  CompletionPolicy,
  PendingToolStep,
  RunEvent,
  RunOptions,
  RunResult,
  RunSnapshot,
  RunStream,
  SerializedRunState,
  StepRecord,
  StopCondition,
  TerminationReason,
  ToolCallOutcome,
  ToolCallOutcomeKind,
} from '../loop/types.js';
export type {
  ContextFitOptions,
  ContextFitResult,
  ContextManagerLike,
  FitReport,
  Summarizer,
  TokenCounter,
} from '../context/types.js';
export type { SkillDefinition, SkillMatch } from '../skills/types.js';
export type { EffortLevel, ExecutionRouter, RouteRequest, RoutingDecision } from '../routing/types.js';

/** Lifecycle hooks. They only record: errors are swallowed and counted, and hanging hooks are timed out. */
export interface RuntimeHooks {
  onRunStart?(e: { runId: string; agentName?: string; model: string; routing?: RoutingDecision }): void | Promise<void>;
  onStepStart?(e: { runId: string; index: number }): void | Promise<void>;
  onModelRequest?(e: { runId: string; step: number; request: ModelRequest }): void | Promise<void>;
  onModelResult?(e: {
    runId: string;
    step: number;
    response?: ModelResponse;
    error?: ModelError;
    durationMs: number;
    attempt: number;
  }): void | Promise<void>;
  onToolCallStart?(e: { runId: string; call: PreparedToolCall }): void | Promise<void>;
  onToolCallEnd?(e: { runId: string; outcome: ToolCallOutcome }): void | Promise<void>;
  onContextManaged?(e: { runId: string; report: FitReport }): void | Promise<void>;
  onRoutingDecision?(d: RoutingDecision): void | Promise<void>;
  onSkillMatch?(e: { runId: string; match: SkillMatch }): void | Promise<void>;
  onStepEnd?(e: { runId: string; step: StepRecord }): void | Promise<void>;
  onRunEnd?(e: { runId: string; result: RunResult }): void | Promise<void>;
}

/** What a boundary call is about: model calls use kind `model`, operation `chat`; tool calls kind `tool`. */
export interface BoundaryRequest {
  kind: 'model' | 'tool';
  target: string;
  operation: string;
  metadata?: Record<string, unknown>;
}

/** Wraps every provider HTTP attempt and optionally every tool execution (timeouts, breakers, retry budgets). */
export interface CallBoundary {
  execute<T>(req: BoundaryRequest, fn: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/** A learning signal emitted by a run (or a benchmark finding from skillsbench). */
export type LearningSignal =
  | {
      type: 'run';
      runId: string;
      agent?: string;
      status: TerminationReason;
      iterations: number;
      usage: Usage;
      toolsUsed: string[];
      durationMs: number;
    }
  | { type: 'step'; runId: string; step: StepRecord }
  | { type: 'tool'; runId: string; outcome: ToolCallOutcome }
  | { type: 'skill-match'; runId: string; query: string; match: SkillMatch }
  | { type: 'routing'; runId: string; decision: RoutingDecision }
  | { type: 'feedback'; runId: string; score: number; note?: string }
  | {
      type: 'benchmark';
      runId: string;
      finding: 'regression' | 'negative_skill_delta';
      baselineRunId?: string;
      scope: 'overall' | 'task' | 'category';
      taskId?: string;
      category?: string;
      agentId?: string;
      condition?: string;
      deltaPp: number;
      significant: boolean;
    };

/** Receives learning signals; failures and slowness never change a run's outcome. */
export interface LearningSink {
  record(s: LearningSignal): void | Promise<void>;
}

/** One recalled memory item. */
export interface MemoryItem {
  id?: string;
  content: string;
  score?: number;
}

/** Memory recall used while building the system prompt. */
export interface MemoryRecall {
  search(q: string, o: { topK: number; level?: string; signal?: AbortSignal }): Promise<MemoryItem[]>;
}

/** Persists run state at step ends and for resumption. */
export interface RunCheckpointer {
  save(runId: string, s: SerializedRunState): Promise<void>;
  load(runId: string): Promise<SerializedRunState | undefined>;
}

/** Dense retrieval fused with BM25 in skill matching. */
export interface EmbeddingRetriever {
  search(q: string, o: { topK: number; signal?: AbortSignal }): Promise<Array<{ id: string; score: number }>>;
}

/** What a reasoning strategy gets: the prepared run and a way to run the plain loop. */
export interface StrategyContext {
  runId: string;
  agentName: string;
  input: Readonly<Record<string, unknown>>;
  systemPrompt: string;
  messages: readonly Message[];
  provider: ModelProvider;
  model: string;
  temperature?: number;
  maxOutputTokens?: number;
  tools?: ToolSet;
  signal: AbortSignal;
  runLoop(overrides?: Partial<RunOptions>): Promise<RunResult>;
}

/** A reasoning strategy wrapping the loop; `degraded: true` falls back to the plain loop. */
export interface AgentStrategy {
  run(ctx: StrategyContext): Promise<{
    status: string;
    output: unknown;
    steps: number;
    usage?: Usage;
    toolCallsMade?: number;
    toolsUsed?: string[];
    degraded?: boolean;
  }>;
}

/** Validates a value against a JSON Schema, reporting every error as `path: message`. */
export interface SchemaValidator {
  validate(
    schema: JSONSchema,
    value: unknown,
  ): { valid: true } | { valid: false; errors: Array<{ path: string; message: string }> };
}

/** Produces unique ids with a readable prefix (`run`, `call`, …). */
export interface IdGenerator {
  next(prefix: string): string;
}

// ---------- benchmark persistence ----------

/** Outcome of one benchmark trial. */
export type BenchTrialOutcome = 'passed' | 'failed' | 'error' | 'timeout' | 'infra' | 'skipped';

/** A file produced by a trial. */
export interface BenchTrialArtifact {
  name: string;
  kind: 'agent-log' | 'verifier-stdout' | 'verifier-stderr' | 'ctrf' | 'junit' | 'transcript' | (string & {});
  path: string;
  contentType: string;
  bytes: number;
}

/** One benchmark trial (plain JSON). */
export interface BenchTrialRecord {
  runId: string;
  trialId: string;
  attempt: number;
  taskId: string;
  taskDigest: string;
  category: string;
  difficulty?: string;
  agentId: string;
  model?: string;
  condition: string;
  trialIndex: number;
  seed: number;
  outcome: BenchTrialOutcome;
  scoreEligible: boolean;
  reward: number | null;
  errorKind?: string;
  errorMessage?: string;
  startedAt: number;
  finishedAt: number;
  agentMs: number;
  verifierMs: number;
  usage: TokenUsage & { costUsd: number };
  toolCalls: number;
  iterations: number;
  skillsInvoked: readonly string[];
  tests?: { total: number; passed: number; failed: number; skipped: number };
  artifacts: readonly BenchTrialArtifact[];
  quarantined?: boolean;
}

/** Lifecycle status of a benchmark run. */
export type BenchRunStatus = 'running' | 'completed' | 'failed' | 'cancelled';

/** One benchmark run with its trials. `config`, `provenance` and `aggregates` are skillsbench-defined JSON. */
export interface BenchRunRecord {
  runId: string;
  status: BenchRunStatus;
  createdAt: number;
  finishedAt?: number;
  config: unknown;
  provenance: unknown;
  trials: BenchTrialRecord[];
  aggregates?: unknown;
}

/** A benchmark run without its trials, for listings. */
export interface BenchRunSummary {
  runId: string;
  status: BenchRunStatus;
  createdAt: number;
  finishedAt?: number;
  trialCount: number;
}

/** Persists benchmark runs and trials. */
export interface BenchResultStore {
  createRun(run: { runId: string; config: unknown; provenance: unknown }): Promise<void>;
  /** Idempotent on (trialId, attempt). */
  appendTrial(record: BenchTrialRecord): Promise<void>;
  completedTrialIds(runId: string): Promise<Set<string>>;
  finishRun(runId: string, status: 'completed' | 'failed' | 'cancelled', aggregates?: unknown): Promise<void>;
  getRun(runId: string): Promise<BenchRunRecord | undefined>;
  listRuns(opts?: { limit?: number }): Promise<BenchRunSummary[]>;
  setBaseline(name: string, runId: string): Promise<void>;
  getBaseline(name: string): Promise<BenchRunRecord | undefined>;
}
