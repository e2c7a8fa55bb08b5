/**
 * `@agent33/runtime`: agent definitions, `invoke` and the iterative tool loop, the model-provider abstraction,
 * tools and policy, and the ports sibling packages implement.
 */
export type * from './ports/index.js';

// ---------- errors ----------
export { AgentRuntimeError } from './errors/agent-runtime-error.js';
export { ModelError } from './errors/model-error.js';
export { ContextOverflowError } from './errors/context-overflow-error.js';
export { AgentDefinitionError } from './errors/agent-definition-error.js';
export { MissingInputError } from './errors/missing-input-error.js';
export { UnknownAgentError } from './errors/unknown-agent-error.js';
export { RuntimeOptionsError } from './errors/runtime-options-error.js';
export { AgentInvocationError } from './errors/agent-invocation-error.js';

// ---------- model ----------
export { OpenAICompatibleProvider } from './model/openai-compatible.js';
export type { OpenAICompatibleOptions } from './model/openai-compatible.js';
export { openai, ollama, vllm, lmstudio, llamacpp, openrouter } from './model/presets.js';
export { PROVIDER_CATALOG } from './model/catalog.js';
export type { ProviderInfo } from './model/catalog.js';
export { ModelRouter, autoRegister, DEFAULT_PREFIX_MAP } from './model/router.js';
export type { ModelRouteEvent } from './model/router.js';
export { DEFAULT_RETRY_POLICY, backoffDelay, withRetry } from './model/retry.js';
export { callProvider, assembleStream } from './model/provider.js';
export { parseSSE } from './model/sse.js';
export { addUsage, zeroUsage, totalTokens } from './model/usage.js';
export { pairingViolations } from './model/pairing.js';

// ---------- tools ----------
export { defineTool } from './tools/define.js';
export { ToolRegistry } from './tools/registry.js';
export { toolSet, StaticToolSet, globMatch } from './tools/toolset.js';
export { CfworkerSchemaValidator, formatValidationErrors } from './tools/validate.js';
export { repairJson } from './tools/repair.js';
export { truncateToolOutput, DEFAULT_MAX_TOOL_OUTPUT_CHARS } from './tools/truncate.js';
export { parseTextToolCalls } from './tools/text-parser.js';

// ---------- policy ----------
export { RuleToolPolicy, normalisePath } from './policy/rule-policy.js';
export type { RuleToolPolicyOptions } from './policy/rule-policy.js';
export { limits } from './policy/limits.js';

// ---------- loop ----------
export { runLoop, resumeLoop, DEFAULT_SUBJECT } from './loop/run.js';
export { streamLoop } from './loop/stream.js';
export { queuedLearningSink } from './loop/learning-queue.js';
export { InMemoryRunCheckpointer } from './loop/memory-checkpointer.js';
export type { QueuedLearningSink } from './loop/learning-queue.js';
export { stepCountIs, hasToolCall } from './loop/stop.js';
export { legacyTerminationReason, classifyTermination } from './loop/termination.js';
export { CONFIRMATION_PROMPT, parseLoopOutput, parseInvokeOutput, classifyConfirmation } from './loop/completion.js';

// ---------- agents ----------
export { parseAgentDefinition } from './agents/definition.js';
export type { AgentDefinition, AgentParameter, AgentRole, AgentCapability } from './agents/definition.js';
export { AGENT_DEFINITION_SCHEMA, AGENT_ROLES, AGENT_CAPABILITIES } from './agents/schema.js';
export { SPEC_CAPABILITIES } from './agents/spec-capabilities.js';
export { AgentRegistry } from './agents/registry.js';
export { buildSystemPrompt } from './agents/prompt.js';
export { renderSkillIndex, renderSkillInstructions } from './agents/skill-blocks.js';
export type { SkillCatalog } from './agents/skill-blocks.js';
export { AgentRuntime } from './agents/runtime.js';
export type { RuntimeDeps, InvokeOptions, IterativeOptions, AgentResult, IterativeAgentResult, SkillMatcherLike } from './agents/runtime.js';

// ---------- telemetry ----------
export { telemetryHooks } from './telemetry/hooks.js';

// context and skills
export { ContextManager } from './context/manager.js';
export type { ContextPolicy } from './context/manager.js';
export { FramedTokenCounter, HeuristicCounter, CharRatioCounter, DEFAULT_HEURISTIC_WEIGHTS, countTextHeuristic } from './context/counter.js';
export type { HeuristicWeights } from './context/counter.js';
export { CalibratedCounter } from './context/calibrate.js';
export { ExtractiveSummarizer, LlmSummarizer } from './context/summarizer.js';
export { MODEL_CONTEXT_LIMITS, DEFAULT_CONTEXT_WINDOW, lookupContextWindow, budgetForModel } from './context/limits.js';
export { SUMMARY_PREFIX, findContextViolations } from './context/units.js';
export { SkillDefinitionError } from './errors/skill-definition-error.js';
export { parseSkillDefinition } from './skills/definition.js';
export { SkillRegistry, resolveInside } from './skills/registry.js';
export type { SkillRegistryChange, SkillResourceReader } from './skills/registry.js';
export { Bm25Index, BM25_DEFAULT_PROFILE, BM25_PARITY_PROFILE } from './skills/bm25.js';
export type { Bm25Options, Bm25SearchOptions } from './skills/bm25.js';
export { tokenize, lightStem, PARITY_STOP_WORDS, DEFAULT_STOP_WORDS } from './skills/tokenize.js';
export type { TokenizeOptions } from './skills/tokenize.js';
export { SkillMatcher, matchSkillsForAgent, PARITY_MATCHER_OPTIONS } from './skills/matcher.js';
export type { SkillMatcherOptions } from './skills/matcher.js';
export { LlmSkillReranker, parseJsonArray, readJsonArray, parseStrictAudit } from './skills/rerank-llm.js';
export type { StrictAudit } from './skills/rerank-llm.js';
export type { SkillReranker } from './skills/types.js';
export {
  buildSkillBlocks,
  skillIndexBlock,
  skillInstructionsBlock,
  skillToolSelection,
  narrowToolsForSkills,
  skillToolParameterDefaults,
  skillApprovalRules,
  skillAutonomy,
  skillQuery,
} from './skills/inject.js';
export { readSkillResourceTool } from './skills/resource-tool.js';
