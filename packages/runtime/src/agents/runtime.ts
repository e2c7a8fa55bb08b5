import { createEffortRouter, systemClock, type Clock } from '@agent33/observability';
import { RuntimeOptionsError } from '../errors/runtime-options-error.js';
import { UnknownAgentError } from '../errors/unknown-agent-error.js';
import { AgentInvocationError } from '../errors/agent-invocation-error.js';
import { ModelError } from '../errors/model-error.js';
import { ContextManager } from '../context/manager.js';
import type { ModelResponse } from '../model/types.js';
import { resolveRetryPolicy, withRetry } from '../model/retry.js';
import { addUsage, estimatedUsage, roughMessageTokens, totalTokens, zeroUsage } from '../model/usage.js';
import type { ExecutionRouter, IdGenerator } from '../ports/index.js';
import type { ApprovalDecision, Subject } from '../policy/types.js';
import { RuleToolPolicy } from '../policy/rule-policy.js';
import { parseInvokeOutput } from '../loop/completion.js';
import { EventQueue, eventsToSSE } from '../loop/events.js';
import { HookCaller, safeRecord } from '../loop/hooks.js';
import { queuedLearningSink } from '../loop/learning-queue.js';
import { DEFAULT_SUBJECT, LoopRunner, defaultIds } from '../loop/run.js';
import { classifyTermination, legacyTerminationReason } from '../loop/termination.js';
import type { RunEvent, RunOptions, RunResult, RunStream, SerializedRunState } from '../loop/types.js';
import { assertAgentDefinition, type AgentDefinition } from './definition.js';
import { prepareInvocation, toolSetFor, type InvocationHost } from './prepare.js';
import type { AgentResult, InvokeOptions, IterativeAgentResult, IterativeOptions, Prepared, RuntimeDeps } from './runtime-types.js';

export type { AgentResult, InvokeOptions, IterativeAgentResult, IterativeOptions, RuntimeDeps, SkillMatcherLike } from './runtime-types.js';

/** Observability's effort router with its defaults: disabled, i.e. shadow mode (decisions recorded, nothing changed). */
function defaultRouter(): ExecutionRouter {
  const r = createEffortRouter();
  if (!r.ok) throw new RuntimeOptionsError(`default effort router: ${r.error.map((e) => e.message).join('; ')}`);
  return r.value;
}

/**
 * The runtime façade: resolves agent definitions, validates inputs before any port is called, routes effort,
 * builds prompts (skills, memory), and runs `invoke` (single shot) or `invokeIterative` (the tool loop) with the
 * definition's constraints enforced (timeout → deadline, max retries, max tokens, parallel tools).
 */
export class AgentRuntime {
  private readonly d: RuntimeDeps;
  private readonly clock: Clock;
  private readonly ids: IdGenerator;
  private readonly router: ExecutionRouter;
  private readonly host: InvocationHost;

  constructor(deps: RuntimeDeps) {
    if (typeof deps?.models?.generate !== 'function') throw new RuntimeOptionsError('AgentRuntime: deps.models must be a ModelProvider');
    // Learning signals go through one bounded in-order queue per runtime: a slow sink never slows runs.
    this.d = deps.learning !== undefined ? { ...deps, learning: queuedLearningSink(deps.learning) } : deps;
    this.router = deps.router ?? defaultRouter();
    this.clock = deps.clock ?? systemClock;
    this.ids = deps.ids ?? defaultIds;
    this.host = {
      deps: this.d,
      router: this.router,
      ids: this.ids,
      resolveAgent: (agent) => this.resolveAgent(agent),
      hooks: () => this.hookCaller(),
    };
  }

  private resolveAgent(agent: string | AgentDefinition): AgentDefinition {
    if (typeof agent === 'string') {
      const def = this.d.agents?.get(agent);
      if (def === undefined) throw new UnknownAgentError(agent);
      return def;
    }
    assertAgentDefinition(agent);
    return agent;
  }

  private hookCaller(): HookCaller {
    return new HookCaller(this.d.hooks);
  }

  /** Awaited directly before the first model call: a fail-closed rejection stops the call before tokens are spent. */
  private async recordDecision(p: Prepared): Promise<void> {
    if (p.decision !== undefined && this.d.telemetry !== undefined) {
      await this.d.telemetry.recordRoutingDecision(p.decision, { agentName: p.def.name });
    }
  }

  private recordOutcome(p: Prepared, ok: boolean, errorType?: string): void {
    if (p.decision === undefined || this.d.telemetry === undefined) return;
    try {
      this.d.telemetry.recordInvocationOutcome(p.decision, ok ? { ok: true } : { ok: false, errorType: errorType ?? 'F-UNK-TL00' }, { agentName: p.def.name });
    } catch {
      // Outcome recording never changes the result.
    }
  }

  /** Single-shot invocation: one model call (retrying retryable errors up to `maxRetries`), parity output parsing. */
  async invoke(agent: string | AgentDefinition, inputs: Record<string, unknown>, o: InvokeOptions = {}): Promise<AgentResult> {
    const p = await prepareInvocation(this.host, agent, inputs, o, false);
    await this.recordDecision(p);
    const attempts = p.def.constraints.maxRetries + 1;
    const hooks = this.hookCaller();
    hooks.call('onRunStart', { runId: p.runId, agentName: p.def.name, model: p.model, ...(p.decision !== undefined ? { routing: p.decision } : {}) });
    const request = { model: p.model, messages: p.messages, maxOutputTokens: p.maxTokens, ...(o.temperature !== undefined ? { temperature: o.temperature } : {}) };
    const deadline = AbortSignal.any([AbortSignal.timeout(p.def.constraints.timeoutSeconds * 1000), ...(o.signal !== undefined ? [o.signal] : [])]);
    let response: ModelResponse;
    const started = this.clock.now();
    try {
      hooks.call('onModelRequest', { runId: p.runId, step: 1, request });
      response = await withRetry(
        async (attempt) => {
          const t0 = this.clock.now();
          try {
            const r = await this.d.models.generate(request, { signal: deadline });
            hooks.call('onModelResult', { runId: p.runId, step: 1, response: r, durationMs: this.clock.now() - t0, attempt });
            return r;
          } catch (error) {
            const me = ModelError.isModelError(error) ? error : new ModelError(error instanceof Error ? error.message : String(error), { kind: 'server', cause: error });
            hooks.call('onModelResult', { runId: p.runId, step: 1, error: me, durationMs: this.clock.now() - t0, attempt });
            throw me;
          }
        },
        { policy: resolveRetryPolicy({ maxAttempts: attempts, baseDelayMs: 250 }), clock: this.clock, signal: deadline },
      );
    } catch (error) {
      this.recordOutcome(p, false, 'F-EXE-TL08');
      const failed: RunResult = {
        runId: p.runId,
        status: 'model_error',
        detail: error instanceof Error ? error.message : String(error),
        output: {},
        text: '',
        messages: p.messages,
        steps: [],
        usage: zeroUsage(),
        iterations: 1,
        toolCallsMade: 0,
        toolsUsed: [],
        model: p.model,
        durationMs: this.clock.now() - started,
      };
      hooks.call('onRunEnd', { runId: p.runId, result: failed });
      safeRecord(this.d.learning?.record.bind(this.d.learning), { type: 'run', runId: p.runId, agent: p.def.name, status: 'model_error', iterations: 1, usage: failed.usage, toolsUsed: [], durationMs: failed.durationMs }, () => undefined);
      throw new AgentInvocationError(p.def.name, attempts, error);
    }
    const usage = response.usage ?? estimatedUsage(roughMessageTokens(p.messages), response.text);
    const output = parseInvokeOutput(response.text, Object.keys(p.def.outputs));
    this.recordOutcome(p, true);
    const result: AgentResult = { output, rawResponse: response.text, tokensUsed: totalTokens(usage), usage, model: response.model };
    if (p.decision !== undefined) result.routingDecision = p.decision;
    hooks.call('onRunEnd', {
      runId: p.runId,
      result: { runId: p.runId, status: 'completed', output, text: response.text, messages: [...p.messages, { role: 'assistant', content: response.text }], steps: [], usage, iterations: 1, toolCallsMade: 0, toolsUsed: [], model: response.model, durationMs: this.clock.now() - started },
    });
    safeRecord(this.d.learning?.record.bind(this.d.learning), { type: 'run', runId: p.runId, agent: p.def.name, status: 'completed', iterations: 1, usage, toolsUsed: [], durationMs: this.clock.now() - started }, () => undefined);
    return result;
  }


  private runOptions(p: Prepared, o: IterativeOptions): RunOptions {
    if (this.d.tools === undefined) throw new RuntimeOptionsError('invokeIterative requires a tool registry (deps.tools, the reference tool_registry)');
    const selected = toolSetFor(this.d, p.def, p.activeSkills);
    const { defaults, asks, autonomy } = selected;
    const tools = o.tools !== undefined ? selected.tools.narrow({ allow: o.tools }) : selected.tools;
    const subject = o.subject ?? DEFAULT_SUBJECT;
    const toolPolicies = { ...p.def.governance.toolPolicies };
    for (const pattern of asks) toolPolicies[pattern] ??= 'ask';
    const policy = this.d.policy?.(p.def, subject) ?? new RuleToolPolicy({ toolPolicies, autonomy, clock: this.clock });
    const hooks = this.d.hooks ?? [];
    const run: RunOptions = {
      provider: this.d.models,
      model: p.model,
      messages: p.messages,
      tools,
      maxOutputTokens: p.maxTokens,
      policy,
      subject,
      runId: p.runId,
      agentName: p.def.name,
      clock: this.clock,
      ids: this.ids,
      hooks,
      modelRetry: { maxAttempts: p.def.constraints.maxRetries + 1 },
      deadline: o.deadline ?? this.clock.now() + p.def.constraints.timeoutSeconds * 1000,
      toolParameterDefaults: defaults,
      toolExecution: { ...o.toolExecution, ...(p.def.constraints.parallelAllowed ? {} : { mode: 'sequential' as const }) },
    };
    const copy = <K extends keyof IterativeOptions & keyof RunOptions>(k: K): void => {
      if (o[k] !== undefined) (run as unknown as Record<string, unknown>)[k] = o[k];
    };
    (['maxIterations', 'maxToolCallsPerStep', 'consecutiveErrorLimit', 'completion', 'loopDetection', 'stopWhen', 'outputSchema', 'repairToolCall', 'textToolCalls', 'temperature', 'signal'] as const).forEach(copy);
    if (this.d.approvals !== undefined) run.approvals = this.d.approvals;
    if (this.d.learning !== undefined) run.learning = this.d.learning;
    if (this.d.checkpointer !== undefined) run.checkpointer = this.d.checkpointer;
    // Budgeting is on by default: every model call, the first included, goes through a turn-atomic fit.
    run.context = this.d.context?.(p.model) ?? new ContextManager(this.d.counter === undefined ? {} : { counter: this.d.counter });
    if (p.decision !== undefined) run.routing = p.decision;
    if (o.sessionId !== undefined) run.metadata = { sessionId: o.sessionId };
    return run;
  }

  private iterativeResult(p: Prepared, r: RunResult): IterativeAgentResult {
    const out: IterativeAgentResult = {
      output: r.output,
      rawResponse: r.text,
      tokensUsed: totalTokens(r.usage),
      usage: r.usage,
      model: r.model,
      iterations: r.iterations,
      toolCallsMade: r.toolCallsMade,
      toolsUsed: r.toolsUsed,
      terminationReason: legacyTerminationReason(r.status),
      status: r.status,
      steps: r.steps,
      messages: r.messages,
    };
    if (r.detail !== undefined) out.detail = r.detail;
    if (r.state !== undefined) out.state = r.state;
    if (p.decision !== undefined) out.routingDecision = p.decision;
    return out;
  }

  private async runIterative(p: Prepared, o: IterativeOptions, emit?: (e: RunEvent) => void): Promise<{ run: RunResult; result: IterativeAgentResult }> {
    const options = this.runOptions(p, o);
    await this.recordDecision(p);
    let result: RunResult;
    try {
      result = await this.runWithStrategy(p, options, emit);
    } catch (error) {
      this.recordOutcome(p, false, 'F-EXE-TL08');
      throw error;
    }
    const failure = classifyTermination(result.status);
    this.recordOutcome(p, failure === null, failure?.subcode);
    return { run: result, result: this.iterativeResult(p, result) };
  }

  private async runWithStrategy(p: Prepared, options: RunOptions, emit?: (e: RunEvent) => void): Promise<RunResult> {
    const strategy = this.d.strategy;
    if (strategy === undefined) return new LoopRunner(options, emit).run();
    const started = this.clock.now();
    const outcome = await strategy.run({
      runId: p.runId,
      agentName: p.def.name,
      input: JSON.parse(p.messages[1]!.content as string) as Record<string, unknown>,
      systemPrompt: p.systemPrompt,
      messages: p.messages,
      provider: options.provider,
      model: options.model,
      ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
      ...(options.maxOutputTokens !== undefined ? { maxOutputTokens: options.maxOutputTokens } : {}),
      ...(options.tools !== undefined ? { tools: options.tools } : {}),
      signal: options.signal ?? new AbortController().signal,
      runLoop: (overrides) => new LoopRunner({ ...options, ...overrides }, emit).run(),
    });
    if (outcome.degraded === true || outcome.status === 'degraded_phase_dispatch_failure') return new LoopRunner(options, emit).run();
    const text = typeof outcome.output === 'string' ? outcome.output : JSON.stringify(outcome.output);
    const output = typeof outcome.output === 'object' && outcome.output !== null && !Array.isArray(outcome.output) ? (outcome.output as Record<string, unknown>) : { response: outcome.output };
    return {
      runId: p.runId,
      status: outcome.status === 'completed' ? 'completed' : 'stop_condition',
      detail: `strategy: ${outcome.status}`,
      output,
      text,
      messages: p.messages,
      steps: [],
      usage: addUsage(zeroUsage(), outcome.usage ?? zeroUsage()),
      iterations: outcome.steps,
      toolCallsMade: outcome.toolCallsMade ?? 0,
      toolsUsed: outcome.toolsUsed ?? [],
      model: options.model,
      durationMs: this.clock.now() - started,
    };
  }

  /** The tool loop for an agent; returns the reference fields plus the typed status, steps and transcript. */
  async invokeIterative(agent: string | AgentDefinition, inputs: Record<string, unknown>, o: IterativeOptions = {}): Promise<IterativeAgentResult> {
    if (this.d.tools === undefined) throw new RuntimeOptionsError('invokeIterative requires a tool registry (deps.tools, the reference tool_registry)');
    const p = await prepareInvocation(this.host, agent, inputs, o, true);
    return (await this.runIterative(p, o)).result;
  }

  /** Like `invokeIterative`, as a stream of typed run events plus the result. */
  stream(agent: string | AgentDefinition, inputs: Record<string, unknown>, o: IterativeOptions = {}): RunStream {
    const queue = new EventQueue();
    const result = (async () => {
      if (this.d.tools === undefined) throw new RuntimeOptionsError('stream requires a tool registry (deps.tools)');
      const p = await prepareInvocation(this.host, agent, inputs, o, true);
      return (await this.runIterative(p, o, (e) => queue.push(e))).run;
    })().finally(() => queue.close());
    return {
      result,
      [Symbol.asyncIterator]: () => queue[Symbol.asyncIterator](),
      toSSE: () => eventsToSSE(queue),
    };
  }

  /** Resumes a run that ended `awaiting_approval` with the given decisions. */
  async resume(state: SerializedRunState, decisions: ApprovalDecision[], o: { signal?: AbortSignal; subject?: Subject } = {}): Promise<IterativeAgentResult> {
    if (state?.version !== 1) throw new RuntimeOptionsError('resume: not a serialized run state');
    if (state.agentName === undefined) throw new RuntimeOptionsError('resume: the state names no agent');
    const def = this.resolveAgent(state.agentName);
    const p: Prepared = { def, model: state.model, maxTokens: def.constraints.maxTokens, messages: state.messages, systemPrompt: '', activeSkills: def.skills, runId: state.runId };
    const options = this.runOptions(p, { ...o, ...(o.signal !== undefined ? { signal: o.signal } : {}) });
    const result = await new LoopRunner({ ...options, runId: state.runId }, undefined, state, decisions).run();
    return this.iterativeResult(p, result);
  }
}
