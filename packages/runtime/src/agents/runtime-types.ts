import type { AgentTelemetry, Clock } from '@agent33/observability';
import type { ContextManagerLike, TokenCounter } from '../context/types.js';
import type { Message, ModelProvider, Usage } from '../model/types.js';
import type { AgentStrategy, ExecutionRouter, IdGenerator, LearningSink, MemoryRecall, RoutingDecision, RunCheckpointer, RuntimeHooks } from '../ports/index.js';
import type { ApprovalHandler, Subject, ToolPolicy } from '../policy/types.js';
import type { SkillMatch } from '../skills/types.js';
import type { ToolRegistry } from '../tools/registry.js';
import type { RunOptions, SerializedRunState, StepRecord, TerminationReason } from '../loop/types.js';
import type { AgentDefinition } from './definition.js';
import type { AgentRegistry } from './registry.js';
import type { SkillCatalog } from './skill-blocks.js';

/** Matches skills for a request (implemented by the skills module's `SkillMatcher`). */
export interface SkillMatcherLike {
  match(query: string, o?: { allow?: string[]; signal?: AbortSignal }): Promise<SkillMatch>;
}

/** Everything the runtime façade is composed from. */
export interface RuntimeDeps {
  models: ModelProvider;
  agents?: AgentRegistry;
  tools?: ToolRegistry;
  skills?: SkillCatalog;
  skillMatcher?: SkillMatcherLike;
  memory?: MemoryRecall;
  policy?: (d: AgentDefinition, s: Subject) => ToolPolicy;
  approvals?: ApprovalHandler;
  /** Default: observability's `createEffortRouter()` (disabled = shadow mode). */
  router?: ExecutionRouter;
  hooks?: RuntimeHooks[];
  learning?: LearningSink;
  /** `recordRoutingDecision` is awaited directly before the model call (fail-closed), never through hooks. */
  telemetry?: AgentTelemetry;
  checkpointer?: RunCheckpointer;
  /** The context manager for a run on `model`. Default: a `ContextManager` with the default policy and `counter`. */
  context?: (model: string) => ContextManagerLike;
  strategy?: AgentStrategy;
  /** Resolves `prompts.system` paths of definitions to text. */
  promptLoader?: (path: string) => string | Promise<string>;
  defaultModel?: string;
  /** Counter for skill-block budgeting (default: the heuristic counter). */
  counter?: TokenCounter;
  /** Token budget of the skill blocks in the system prompt; default 15% of the model's context window. */
  maxSkillTokens?: number;
  clock?: Clock;
  ids?: IdGenerator;
}

/** Options of `invoke`. */
export interface InvokeOptions {
  model?: string;
  temperature?: number;
  effort?: 'low' | 'medium' | 'high';
  tenantId?: string;
  domain?: string;
  subject?: Subject;
  signal?: AbortSignal;
  sessionId?: string;
}

/** Options of `invokeIterative` and `stream`. */
export interface IterativeOptions
  extends InvokeOptions,
    Partial<Pick<RunOptions, 'maxIterations' | 'maxToolCallsPerStep' | 'consecutiveErrorLimit' | 'completion' | 'loopDetection' | 'toolExecution' | 'stopWhen' | 'outputSchema' | 'deadline' | 'repairToolCall' | 'textToolCalls'>> {
  activeSkills?: string[];
  /** An explicit tool allowlist (names or globs) intersected with the agent's tool set. */
  tools?: string[];
}

/** Result of `invoke` (reference field names in camelCase). */
export interface AgentResult {
  output: Record<string, unknown>;
  rawResponse: string;
  tokensUsed: number;
  usage: Usage;
  model: string;
  routingDecision?: RoutingDecision;
}

/** Result of `invokeIterative`: the reference fields plus typed status, steps and transcript. */
export interface IterativeAgentResult extends AgentResult {
  iterations: number;
  toolCallsMade: number;
  toolsUsed: string[];
  terminationReason: string;
  status: TerminationReason;
  detail?: string;
  steps: StepRecord[];
  messages: Message[];
  state?: SerializedRunState;
}


/** A request after validation, routing, skill selection, recall and prompt building. */
export interface Prepared {
  def: AgentDefinition;
  model: string;
  maxTokens: number;
  decision?: RoutingDecision;
  messages: Message[];
  systemPrompt: string;
  activeSkills: string[];
  runId: string;
}


