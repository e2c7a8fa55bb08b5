import { existsSync } from 'node:fs';
import {
  createAgentTelemetry,
  createEffortRouter,
  effortRouterConfigFromEnv,
  jsonlFileExporter,
  type AgentTelemetry,
  type Clock,
  type DecisionEventExporter,
  type ObservabilityOptions,
} from '@agent33/observability';
import {
  AgentRegistry,
  AgentRuntime,
  ContextManager,
  LlmSummarizer,
  ModelError,
  LlmSkillReranker,
  ModelRouter,
  SkillMatcher,
  SkillRegistry,
  ToolRegistry,
  autoRegister,
  budgetForModel,
  legacyTerminationReason,
  ollama,
  telemetryHooks,
  totalTokens,
  type CallBoundary,
  type LearningSink,
  type MemoryRecall,
  type ModelProvider,
  type RunCheckpointer,
  type IterativeAgentResult,
  type RunResult,
  type SerializedRunState,
  type RuntimeHooks,
} from '@agent33/runtime';
import { loadSkillsFromDirectory } from '@agent33/runtime/skills/fs';
import type { AppConfig } from '../config/index.js';
import { ConfigError } from '../errors/index.js';
import { HttpProblem } from '../http/problem.js';
import type { AgentsPort, IterativeResultView } from '../http/routes/agents.js';
import type { ComponentBoard } from './components.js';
import { DEMO_MODEL, createDemoModel } from './demo-model.js';
import type { Logger } from './logger.js';
import { ModelHealth } from './model-health.js';

/** What the runtime part needs from the rest of the composition (every port optional). */
export interface RuntimePartDeps {
  config: AppConfig;
  agentsDir: string;
  /** Skill folders (`<name>/SKILL.md`); skipped when the folder does not exist. */
  skillsDir: string;
  env: Record<string, string | undefined>;
  board: ComponentBoard;
  logger: Logger;
  clock: Clock;
  boundary?: CallBoundary;
  learning?: LearningSink;
  memory?: MemoryRecall;
  checkpointer?: RunCheckpointer;
  aggregator?: ObservabilityOptions['aggregator'];
  /** Extra runtime hooks (they only record). */
  hooks?: RuntimeHooks[];
}

/** The composed runtime and what the HTTP routes and CLI use of it. */
export interface RuntimePart {
  runtime: AgentRuntime;
  /** Flushes and closes the decision-event exporters. */
  close(): Promise<void>;
  agents: AgentRegistry;
  tools: ToolRegistry;
  telemetry: AgentTelemetry;
  models: ModelProvider;
  defaultModel: string;
  health: ModelHealth;
  port: AgentsPort;
}

function pendingOf(state: SerializedRunState | undefined): Pick<IterativeResultView, 'runId' | 'pendingApprovals'> {
  if (state?.pending === undefined) return {};
  return {
    runId: state.runId,
    pendingApprovals: state.pending.calls
      .filter((c) => c.outcome === undefined)
      .map((c) => ({ callId: c.callId, tool: c.tool, reason: c.approvalReason ?? 'approval required' })),
  };
}

function resultToView(r: IterativeAgentResult): IterativeResultView {
  return { ...r, ...pendingOf(r.state) };
}

function runToView(run: RunResult): IterativeResultView {
  return {
    ...pendingOf(run.state),
    output: run.output,
    rawResponse: run.text,
    tokensUsed: totalTokens(run.usage),
    usage: run.usage,
    model: run.model,
    iterations: run.iterations,
    toolCallsMade: run.toolCallsMade,
    toolsUsed: run.toolsUsed,
    terminationReason: legacyTerminationReason(run.status),
    status: run.status,
    ...(run.detail === undefined ? {} : { detail: run.detail }),
  };
}

/**
 * Builds the model router (the local OpenAI-compatible server by default, hosted providers whose keys are set, or
 * the scripted demo model), the agent registry from the agents directory, the effort router and telemetry, and the
 * `AgentRuntime` over the store's ports. A model server that is down is a warning and 503s, never a crash.
 */
export async function composeRuntime(d: RuntimePartDeps): Promise<RuntimePart> {
  const { config, board, logger } = d;
  const exporters: DecisionEventExporter[] = config.telemetry.decisionLog === undefined ? [] : [jsonlFileExporter(config.telemetry.decisionLog)];
  const telemetry = createAgentTelemetry({
    clock: d.clock,
    exporters,
    failClosed: config.telemetry.failClosed,
    logger: { warn: (m) => logger.warn(m) },
    ...(d.aggregator === undefined ? {} : { aggregator: d.aggregator }),
  });
  const routerConfig = effortRouterConfigFromEnv(d.env);
  if (!routerConfig.ok) {
    throw new ConfigError(routerConfig.error.map((e) => ({ key: 'effort', source: 'env AGENT33_EFFORT_* / EFFORT_*', message: e.message })));
  }
  const router = createEffortRouter(routerConfig.value);
  if (!router.ok) {
    throw new ConfigError(router.error.map((e) => ({ key: 'effort', source: 'environment', message: e.message })));
  }

  let models: ModelProvider;
  let defaultModel: string;
  let probeTarget: ModelProvider | undefined;
  if (config.model.demo) {
    models = createDemoModel();
    defaultModel = DEMO_MODEL;
    board.set({ name: 'model', state: 'degraded', detail: 'scripted demo model (--demo): answers are canned, no LLM is called', required: false });
  } else {
    const local = ollama({
      baseURL: config.model.baseUrl,
      timeoutMs: config.model.timeoutMs,
      ...(config.model.apiKey === undefined ? {} : { apiKey: config.model.apiKey }),
      ...(d.boundary === undefined ? {} : { boundary: d.boundary }),
    });
    const modelRouter = new ModelRouter({ providers: { ollama: local }, defaultProvider: 'ollama' });
    const hosted = autoRegister(modelRouter, d.env);
    if (hosted.length > 0) logger.info(`hosted model providers from the environment: ${hosted.join(', ')}`);
    models = modelRouter;
    probeTarget = local;
    defaultModel = config.model.name;
  }
  const health = new ModelHealth(probeTarget, config.model.baseUrl, board, logger, () => d.clock.now());

  const agents = new AgentRegistry();
  const loaded = await agents.discover(d.agentsDir);
  for (const e of agents.errors) logger.warn(`agent definition ${e.path} skipped: ${e.error}`);
  board.set({
    name: 'agents',
    state: loaded > 0 ? 'ready' : 'degraded',
    detail: `${loaded} definitions from ${d.agentsDir}`,
    required: false,
  });
  telemetry.allowAttributeValues('gen_ai.agent.name', agents.list().map((a) => a.name));

  let skills: SkillRegistry | undefined;
  let skillMatcher: SkillMatcher | undefined;
  if (existsSync(d.skillsDir)) {
    const loaded = await loadSkillsFromDirectory(d.skillsDir);
    for (const e of loaded.errors) logger.warn(`skill ${e.path} skipped: ${e.error}`);
    skills = new SkillRegistry({ skills: loaded.skills });
    // Stage-2/4 reranking asks the default model; with few candidates the matcher skips it (no model call).
    skillMatcher = new SkillMatcher({ registry: skills, reranker: new LlmSkillReranker(models, defaultModel) });
    board.set({ name: 'skills', state: 'ready', detail: `${loaded.skills.length} skills from ${d.skillsDir}`, required: false });
  }

  const tools = new ToolRegistry();
  const runtime = new AgentRuntime({
    models,
    agents,
    tools,
    router: router.value,
    telemetry,
    hooks: [telemetryHooks(telemetry, { provider: config.model.demo ? 'scripted' : 'ollama' }), ...(d.hooks ?? [])],
    defaultModel,
    clock: d.clock,
    // Parity with the reference route: every iterative run gets a context manager sized for its model, compacting
    // old turns with the same model when the window fills.
    context: (model: string) =>
      new ContextManager({ contextWindow: budgetForModel(model).maxContextTokens, summarizer: new LlmSummarizer(models, model) }),
    ...(skills === undefined ? {} : { skills }),
    ...(skillMatcher === undefined ? {} : { skillMatcher }),
    ...(d.learning === undefined ? {} : { learning: d.learning }),
    ...(d.memory === undefined ? {} : { memory: d.memory }),
    ...(d.checkpointer === undefined ? {} : { checkpointer: d.checkpointer }),
  });

  const watch = async <T>(p: Promise<T>): Promise<T> => {
    try {
      return await p;
    } catch (error) {
      if (ModelError.isModelError(error) && error.kind === 'network') health.markDown(`model server ${config.model.baseUrl} is not reachable: ${error.message}`);
      throw error;
    }
  };

  const port: AgentsPort = {
    list: () => agents.list(),
    get: (name) => agents.get(name),
    unavailable: () => health.unavailable(),
    invoke: (name, inputs, o) => watch(runtime.invoke(name, inputs, o)),
    invokeIterative: async (name, inputs, o) => resultToView(await watch(runtime.invokeIterative(name, inputs, o))),
    resume: async (runId, decisions, subject) => {
      const state = await d.checkpointer?.load(runId);
      if (state === undefined) return undefined;
      if (state.pending === undefined) {
        throw new HttpProblem(409, 'APP_RUN_NOT_PAUSED', `Run ${runId} is not waiting for approval`);
      }
      const result = await watch(runtime.resume(state, decisions, { subject }));
      return { agent: state.agentName ?? 'unknown', result: resultToView(result) };
    },
    stream: (name, inputs, o) => {
      const s = runtime.stream(name, inputs, o);
      return { events: s, result: watch(s.result).then(runToView) };
    },
  };
  const close = async (): Promise<void> => {
    for (const e of exporters) {
      await e.flush?.();
      await e.shutdown?.();
    }
  };
  return { runtime, agents, tools, telemetry, models, defaultModel, health, port, close };
}
