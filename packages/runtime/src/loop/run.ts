import { systemClock, type Clock } from '@agent33/observability';
import { ModelError } from '../errors/model-error.js';
import { ContextOverflowError } from '../errors/context-overflow-error.js';
import { RuntimeOptionsError } from '../errors/runtime-options-error.js';
import { callProvider } from '../model/provider.js';
import { resolveRetryPolicy, withRetry } from '../model/retry.js';
import { addUsage, estimatedUsage, roughMessageTokens } from '../model/usage.js';
import type { Message, ModelRequest, ModelResponse, ToolCall, ToolSpec, Usage } from '../model/types.js';
import type { IdGenerator, SchemaValidator } from '../ports/index.js';
import type { ApprovalDecision, PolicyContext, Subject } from '../policy/types.js';
import { parseTextToolCalls } from '../tools/text-parser.js';
import { CfworkerSchemaValidator, formatValidationErrors } from '../tools/validate.js';
import type { PreparedToolCall, ToolDefinition, ToolSet } from '../tools/types.js';
import type { FitReport } from '../context/types.js';
import { CONFIRMATION_PROMPT, CONTINUE_NUDGE, classifyConfirmation, parseLoopOutput } from './completion.js';
import { executeCall, mapConcurrent, planBatches, type ExecuteContext } from './executor.js';
import { HookCaller, safeRecord } from './hooks.js';
import { isRepeating, stepSignature } from './loop-detect.js';
import { outcome, prepareCall } from './prepare.js';
import { RunState, assistantMessage, stepRecord } from './state.js';
import type { PendingToolStep, RunEvent, RunOptions, RunResult, RunSnapshot, SerializedRunState, StepRecord, TerminationReason, ToolCallOutcome } from './types.js';

/** Default subject when the host gives none (parity: the reference's default tool context scope). */
export const DEFAULT_SUBJECT: Subject = { id: 'anonymous', scopes: ['tools:execute'] };

const FAILING = new Set(['invalid_json', 'unknown_tool', 'invalid_args', 'error', 'timeout']);
const COUNTED = new Set(['ok', 'error', 'timeout', 'aborted', 'unknown_tool', 'invalid_args']);
const sharedValidator = new CfworkerSchemaValidator();

let fallbackCounter = 0;
/** Default id generator: prefix + time + counter + random suffix. */
export const defaultIds: IdGenerator = {
  next: (prefix) => `${prefix}_${Date.now().toString(36)}${(fallbackCounter++).toString(36)}${Math.random().toString(36).slice(2, 8)}`,
};

function positiveInt(name: string, v: number | undefined, allowZero = false): void {
  if (v === undefined) return;
  if (!Number.isInteger(v) || v < (allowZero ? 0 : 1)) throw new RuntimeOptionsError(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${String(v)}`);
}

/** Validates run options; throws `RuntimeOptionsError` naming the bad option. */
export function validateRunOptions(o: RunOptions): void {
  if (o === null || typeof o !== 'object') throw new RuntimeOptionsError('run options must be an object');
  if (typeof o.provider?.generate !== 'function') throw new RuntimeOptionsError('provider must implement ModelProvider.generate');
  if (typeof o.model !== 'string' || o.model === '') throw new RuntimeOptionsError('model must be a non-empty string');
  if (!Array.isArray(o.messages)) throw new RuntimeOptionsError('messages must be an array');
  for (const [i, m] of o.messages.entries()) {
    if (!['system', 'user', 'assistant', 'tool'].includes((m as Message | undefined)?.role ?? '')) throw new RuntimeOptionsError(`messages[${i}] has an invalid role`);
  }
  positiveInt('maxIterations', o.maxIterations);
  positiveInt('maxToolCallsPerStep', o.maxToolCallsPerStep);
  positiveInt('consecutiveErrorLimit', o.consecutiveErrorLimit);
  positiveInt('maxOutputRepairs', o.maxOutputRepairs, true);
  positiveInt('toolExecution.concurrency', o.toolExecution?.concurrency);
  if (o.loopDetection !== undefined && o.loopDetection !== false) positiveInt('loopDetection.threshold', o.loopDetection.threshold, true);
  if (o.completion !== undefined && !['first-text', 'confirm', 'stop-tool'].includes(o.completion.mode)) throw new RuntimeOptionsError('completion.mode is invalid');
  if (o.completion?.mode === 'stop-tool' && typeof o.completion.toolName !== 'string') throw new RuntimeOptionsError('completion.toolName is required for stop-tool');
  if (o.temperature !== undefined && !(o.temperature >= 0)) throw new RuntimeOptionsError('temperature must be ≥ 0');
  if (o.maxOutputTokens !== undefined) positiveInt('maxOutputTokens', o.maxOutputTokens);
}

// A constant abort reason: cleanup aborts happen once per run and need no DOMException.
const RUN_OVER = Symbol('run over');

class Termination {
  constructor(readonly status: TerminationReason, readonly detail?: string, readonly output?: Record<string, unknown>) {}
}

/** One run of the tool loop. */
export class LoopRunner {
  private readonly o: RunOptions;
  private readonly clock: Clock;
  private readonly hooks: HookCaller;
  private readonly validator: SchemaValidator;
  private readonly st: RunState;
  private readonly signal: AbortSignal;
  private readonly deadlineCtl = new AbortController();
  private readonly cleanup = new AbortController();
  private readonly deadlineAt: number | undefined;
  private readonly subject: Subject;
  private lastFit: FitReport | undefined;
  private readonly emitFn: (e: RunEvent) => void;

  /** True when someone listens to events: the model is then called through `stream` (when it has one) for deltas. */
  private readonly streaming: boolean;

  constructor(o: RunOptions, emit?: (e: RunEvent) => void, resumeFrom?: SerializedRunState, private readonly decisions: ApprovalDecision[] = []) {
    validateRunOptions(o);
    this.streaming = emit !== undefined;
    this.o = o;
    this.emitFn = emit ?? (() => undefined);
    this.clock = o.clock ?? systemClock;
    this.validator = sharedValidator;
    this.hooks = new HookCaller(o.hooks);
    this.subject = o.subject ?? DEFAULT_SUBJECT;
    const ids = o.ids ?? defaultIds;
    this.st = resumeFrom !== undefined
      ? RunState.from(resumeFrom)
      : new RunState(o.runId ?? ids.next('run'), o.model, structuredClone(o.messages), this.clock.now(), o.agentName);
    this.deadlineAt = o.deadline === undefined ? undefined : o.deadline instanceof Date ? o.deadline.getTime() : o.deadline;
    if (this.deadlineAt !== undefined) {
      const wait = this.deadlineAt - this.clock.now();
      this.clock.sleep(Math.max(0, wait), this.cleanup.signal).then(
        () => this.deadlineCtl.abort(new Error('deadline exceeded')),
        () => undefined,
      );
    }
    this.signal = AbortSignal.any([this.deadlineCtl.signal, ...(o.signal !== undefined ? [o.signal] : [])]);
  }

  get runId(): string {
    return this.st.runId;
  }

  private emit(e: RunEvent extends infer E ? (E extends unknown ? Omit<E, 'runId' | 'at'> : never) : never): void {
    try {
      this.emitFn({ ...e, runId: this.st.runId, at: this.clock.now() } as RunEvent);
    } catch {
      // A consumer that throws must not break the run.
    }
  }

  private snapshot(): RunSnapshot {
    const s: RunSnapshot = {
      runId: this.st.runId,
      model: this.st.lastModel,
      iteration: this.st.iteration,
      toolCallsMade: this.st.toolCallsMade,
      consecutiveErrors: this.st.consecutiveErrors,
      usage: this.st.usage,
      elapsedMs: this.clock.now() - this.st.startedAt,
      steps: this.st.steps,
      messages: this.st.messages,
    };
    if (this.st.agentName !== undefined) s.agentName = this.st.agentName;
    return s;
  }

  private abortReason(): Termination {
    const deadline = this.deadlineCtl.signal.aborted || (this.deadlineAt !== undefined && this.clock.now() >= this.deadlineAt);
    return deadline ? new Termination('deadline_exceeded', 'run deadline passed') : new Termination('aborted', 'run aborted by signal');
  }

  /** Runs to termination. Never throws for model or tool behaviour. */
  async run(): Promise<RunResult> {
    const resumed = this.st.pending !== undefined;
    if (!resumed) {
      this.emit({ type: 'run-start' });
      if (this.o.routing !== undefined) this.emit({ type: 'routing-decision', decision: this.o.routing });
      this.hooks.call('onRunStart', {
        runId: this.st.runId,
        model: this.o.model,
        ...(this.o.agentName !== undefined ? { agentName: this.o.agentName } : {}),
        ...(this.o.routing !== undefined ? { routing: this.o.routing } : {}),
      });
    }
    let end: Termination;
    try {
      end = await this.loop();
    } catch (error) {
      if (error instanceof Termination) end = error;
      else end = new Termination('model_error', `internal error: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.cleanup.abort(RUN_OVER);
    }
    return this.finish(end);
  }

  private async loop(): Promise<Termination> {
    if (this.st.pending !== undefined) {
      const t = await this.resumePending(this.st.pending);
      if (t !== undefined) return t;
    }
    const maxIterations = this.o.maxIterations ?? 20;
    for (;;) {
      if (this.signal.aborted || (this.deadlineAt !== undefined && this.clock.now() >= this.deadlineAt)) return this.abortReason();
      if (this.st.iteration >= maxIterations) {
        const tools = [...this.st.toolsUsed];
        const last = this.st.lastText.length > 500 ? `${this.st.lastText.slice(0, 500)}…` : this.st.lastText;
        return new Termination('max_iterations', `stopped after ${this.st.iteration} iterations; ${this.st.toolCallsMade} tool calls${tools.length > 0 ? ` (${tools.join(', ')})` : ''}; last text: ${JSON.stringify(last)}`);
      }
      const budget = this.o.budget?.beforeStep(this.snapshot());
      if (budget !== undefined && !budget.ok) return new Termination('budget_exceeded', budget.reason);
      const t = await this.step(maxIterations);
      if (t !== undefined) return t;
    }
  }

  private async step(maxIterations: number): Promise<Termination | undefined> {
    const overrides = this.o.prepareStep?.(this.snapshot()) ?? {};
    const model = overrides.model ?? this.o.model;
    const tools: ToolSet | undefined = overrides.tools ?? this.o.tools;
    this.st.iteration += 1;
    const index = this.st.iteration;
    const stepStarted = this.clock.now();
    this.emit({ type: 'step-start', index });
    this.hooks.call('onStepStart', { runId: this.st.runId, index });

    const specs: ToolSpec[] | undefined = tools !== undefined && tools.names.length > 0 ? tools.specs() : undefined;
    let toolChoice = overrides.toolChoice ?? this.o.toolChoice;
    if (this.o.finalStepToolChoice === 'none' && index === maxIterations && specs !== undefined) toolChoice = 'none';
    const maxOutputTokens = overrides.maxOutputTokens ?? this.o.maxOutputTokens;
    const temperature = overrides.temperature ?? this.o.temperature;

    const fitted = await this.fit(model, specs, maxOutputTokens, false);
    if (fitted instanceof Termination) return fitted;

    const makeRequest = (): ModelRequest => {
      // Messages are never mutated after they enter the transcript, so a shallow copy is a stable snapshot.
      const req: ModelRequest = { model, messages: [...this.st.messages] };
      if (specs !== undefined) req.tools = specs;
      if (toolChoice !== undefined) req.toolChoice = toolChoice;
      if (temperature !== undefined) req.temperature = temperature;
      if (maxOutputTokens !== undefined) req.maxOutputTokens = maxOutputTokens;
      if (specs !== undefined && this.o.toolExecution?.mode === 'sequential') req.parallelToolCalls = false;
      return req;
    };

    let request = makeRequest();
    let response: ModelResponse;
    let overflowRetried = false;
    for (;;) {
      try {
        response = await this.callModel(request, index);
        break;
      } catch (error) {
        if (this.signal.aborted) return this.abortReason();
        if (error instanceof ContextOverflowError || (ModelError.isModelError(error) && error.kind === 'context_overflow')) {
          if (this.o.context === undefined || overflowRetried) return new Termination('context_exhausted', error.message);
          overflowRetried = true;
          const again = await this.fit(model, specs, maxOutputTokens, true);
          if (again instanceof Termination) return again;
          request = makeRequest();
          continue;
        }
        const message = error instanceof Error ? error.message : String(error);
        if (ModelError.isModelError(error) && (error.kind === 'auth' || error.kind === 'invalid_request')) {
          return new Termination('model_error', message);
        }
        if (ModelError.isModelError(error) && error.kind === 'aborted') return this.abortReason();
        this.emit({ type: 'error', error: message, fatal: false });
        this.st.consecutiveErrors += 1;
        if (this.st.consecutiveErrors >= (this.o.consecutiveErrorLimit ?? 3)) {
          return new Termination('consecutive_errors', `${this.st.consecutiveErrors} consecutive errors; last: ${message}`);
        }
        return undefined;
      }
    }

    const requestInfo = {
      messageCount: request.messages.length,
      inputTokensEstimate: roughMessageTokens(request.messages, request.tools),
    };
    const usage: Usage = response.usage ?? estimatedUsage(requestInfo.inputTokensEstimate, response.text, response.toolCalls.map((c) => c.arguments));
    this.st.usage = addUsage(this.st.usage, usage);
    this.st.lastText = response.text;
    this.st.lastModel = response.model;
    if (usage.estimated !== true) this.o.context?.observe?.(request.messages, request.tools ?? [], usage.inputTokens);
    this.emit({ type: 'model-response', step: index, finishReason: response.finishReason, usage });
    const afterModel = this.o.budget?.afterModelCall(usage, this.snapshot());

    let calls: ToolCall[] = response.toolCalls;
    if (calls.length === 0 && this.o.textToolCalls === true) calls = parseTextToolCalls(response.text);

    if (afterModel !== undefined && !afterModel.ok) {
      this.recordStep(stepRecord(index, response, requestInfo, usage, this.clock.now() - stepStarted, this.lastFit));
      return new Termination('budget_exceeded', afterModel.reason);
    }

    if (calls.length === 0) return this.completeText(response, index, requestInfo, usage, stepStarted);
    return this.toolStep({ ...response, toolCalls: calls }, index, requestInfo, usage, stepStarted, tools);
  }

  private async fit(model: string, specs: ToolSpec[] | undefined, maxOutputTokens: number | undefined, force: boolean): Promise<Termination | undefined> {
    const ctx = this.o.context;
    if (ctx === undefined) return undefined;
    const caps = this.o.provider.capabilities?.(model);
    let result;
    try {
      result = await ctx.fit(this.st.messages, {
        tools: specs ?? [],
        model,
        signal: this.signal,
        ...(caps !== undefined ? { caps } : {}),
        ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}),
        ...(force ? { force } : {}),
      });
    } catch (error) {
      if (this.signal.aborted) return this.abortReason();
      // A failing context manager must not lose the run: send the transcript unchanged.
      this.emit({ type: 'error', error: `context management failed: ${error instanceof Error ? error.message : String(error)}`, fatal: false });
      return undefined;
    }
    this.lastFit = result.report;
    this.emit({ type: 'context-managed', report: result.report });
    this.hooks.call('onContextManaged', { runId: this.st.runId, report: result.report });
    if ('exhausted' in result) return new Termination('context_exhausted', `pinned content needs ${result.report.after} tokens; ${result.report.available} available`);
    this.st.messages = result.messages;
    return undefined;
  }

  private async callModel(request: ModelRequest, step: number): Promise<ModelResponse> {
    this.emit({ type: 'model-request', model: request.model });
    this.hooks.call('onModelRequest', { runId: this.st.runId, step, request });
    const policy = resolveRetryPolicy({ maxAttempts: 1, ...this.o.modelRetry });
    return withRetry(
      async (attempt) => {
        const started = this.clock.now();
        const signal = this.o.stepTimeoutMs !== undefined ? AbortSignal.any([this.signal, AbortSignal.timeout(this.o.stepTimeoutMs)]) : this.signal;
        try {
          const response = await callProvider(this.o.provider, request, { signal }, !this.streaming ? undefined : (e) => {
            if (e.type === 'text-delta') this.emit({ type: 'text-delta', delta: e.delta });
            else if (e.type === 'tool-call-delta') this.emit({ type: 'tool-call-delta', index: e.index, argumentsDelta: e.argumentsDelta, ...(e.id !== undefined ? { callId: e.id } : {}) });
          });
          this.hooks.call('onModelResult', { runId: this.st.runId, step, response, durationMs: this.clock.now() - started, attempt });
          return response;
        } catch (error) {
          const me = ModelError.isModelError(error)
            ? error
            : new ModelError(error instanceof Error ? error.message : String(error), { kind: signal.aborted ? 'aborted' : 'server', cause: error });
          this.hooks.call('onModelResult', { runId: this.st.runId, step, error: me, durationMs: this.clock.now() - started, attempt });
          throw me;
        }
      },
      { policy, clock: this.clock, signal: this.signal },
    );
  }

  private completeText(response: ModelResponse, index: number, requestInfo: StepRecord['request'], usage: Usage, started: number): Termination | undefined {
    const record = stepRecord(index, response, requestInfo, usage, this.clock.now() - started, this.lastFit);
    const text = response.text;
    const completion = this.o.completion ?? { mode: 'first-text' as const };
    const push = (...ms: Message[]): void => {
      this.st.messages.push(...ms);
    };
    const assistant = assistantMessage(response, []);
    if (completion.mode === 'confirm') {
      const prompt = completion.prompt ?? CONFIRMATION_PROMPT;
      if (!this.st.confirmationPending) {
        push(assistant, { role: 'user', content: prompt });
        this.st.confirmationPending = true;
        this.recordStep(record);
        return undefined;
      }
      const { verdict, remainder } = classifyConfirmation(text);
      this.emit({ type: 'confirmation', verdict });
      if (verdict === 'completed') {
        push(assistant);
        this.recordStep(record);
        return new Termination('completed', undefined, parseLoopOutput(remainder));
      }
      if (verdict === 'continue') {
        push(assistant, { role: 'user', content: CONTINUE_NUDGE });
        this.st.confirmationPending = false;
        this.recordStep(record);
        return undefined;
      }
      this.st.confirmations += 1;
      if (this.st.confirmations >= (completion.maxConfirmations ?? 2)) {
        push(assistant);
        this.recordStep(record);
        return new Termination('completed', 'unconfirmed', parseLoopOutput(text));
      }
      push(assistant, { role: 'user', content: prompt });
      this.recordStep(record);
      return undefined;
    }
    if (completion.mode === 'stop-tool') {
      if (!this.st.nudged) {
        this.st.nudged = true;
        push(assistant, { role: 'user', content: `Call the \`${completion.toolName}\` tool with your final answer.` });
        this.recordStep(record);
        return undefined;
      }
      push(assistant);
      this.recordStep(record);
      return new Termination('completed', 'no_final_tool', parseLoopOutput(text));
    }
    const output = parseLoopOutput(text);
    if (this.o.outputSchema !== undefined) {
      const verdict = this.validator.validate(this.o.outputSchema, output);
      if (!verdict.valid) {
        const detail = formatValidationErrors(verdict.errors);
        if (this.st.outputRepairs < (this.o.maxOutputRepairs ?? 1)) {
          this.st.outputRepairs += 1;
          push(assistant, { role: 'user', content: `Your answer does not match the required output schema: ${detail}. Reply again with a JSON object that satisfies it.` });
          this.recordStep(record);
          return undefined;
        }
        push(assistant);
        this.recordStep(record);
        return new Termination('invalid_output', detail, output);
      }
    }
    push(assistant);
    this.recordStep(record);
    return new Termination('completed', undefined, output);
  }

  private async toolStep(
    response: ModelResponse,
    index: number,
    requestInfo: StepRecord['request'],
    usage: Usage,
    started: number,
    tools: ToolSet | undefined,
  ): Promise<Termination | undefined> {
    const calls = response.toolCalls;
    this.st.confirmationPending = false;
    const ld = this.o.loopDetection ?? { threshold: 3 };
    let nudgeLoop = false;
    if (ld !== false && ld.threshold > 0) {
      const sig = stepSignature(calls, ld.signature ?? 'batch');
      this.st.loopWindow.push(sig);
      const windowSize = Math.max(ld.window ?? ld.threshold, ld.threshold);
      if (this.st.loopWindow.length > windowSize) this.st.loopWindow.splice(0, this.st.loopWindow.length - windowSize);
      if (isRepeating(this.st.loopWindow, ld.threshold)) {
        this.emit({ type: 'loop-detected', signature: sig });
        if ((ld.action ?? 'terminate') === 'terminate' || this.st.nudged) {
          this.recordStep(stepRecord(index, response, requestInfo, usage, this.clock.now() - started, this.lastFit));
          return new Termination('loop_detected', `the same tool calls repeated ${ld.threshold} times: ${sig}`);
        }
        this.st.nudged = true;
        this.st.loopWindow = [];
        nudgeLoop = true;
      }
    }

    const cap = this.o.maxToolCallsPerStep ?? 5;
    const pending: PendingToolStep = {
      stepIndex: index,
      response,
      assistant: assistantMessage(response),
      requestInfo,
      usage,
      startedAt: started,
      calls: calls.map((c) => ({ callId: c.id, tool: c.name })),
    };
    if (this.lastFit !== undefined) pending.context = this.lastFit;

    if (nudgeLoop) {
      calls.forEach((c, i) => {
        pending.calls[i]!.outcome = outcome(c, 'denied', `Error: repeated identical tool call not executed; change your approach or answer.`, { reason: 'loop detected' });
      });
      return this.finishToolStep(pending, tools, [{ role: 'user', content: 'You are repeating the same tool calls. Try a different approach or give your final answer.' }]);
    }

    const policyContext = this.policyContext();
    const ready: Array<{ i: number; prepared: PreparedToolCall; tool: ToolDefinition }> = [];
    for (const [i, call] of calls.entries()) {
      if (i >= cap) {
        pending.calls[i]!.outcome = outcome(call, 'skipped_cap', `Error: skipped: per-step limit of ${cap} tool calls reached; call it again in a later step if still needed`, { reason: 'per-step limit' });
        continue;
      }
      const prep = await prepareCall(call, i, {
        tools,
        validator: this.validator,
        repair: this.o.repairToolCall,
        messages: this.st.messages,
        signal: this.signal,
        defaults: this.o.toolParameterDefaults,
        policy: this.o.policy,
        policyContext,
        budget: this.o.budget,
        snapshot: () => this.snapshot(),
      });
      if (prep.kind === 'budget') {
        this.recordStep(stepRecord(index, response, requestInfo, usage, this.clock.now() - started, this.lastFit));
        return new Termination('budget_exceeded', `tool call ${prep.prepared.name} blocked: ${prep.reason}`);
      }
      if (prep.kind === 'done') pending.calls[i]!.outcome = prep.outcome;
      else if (prep.kind === 'ready') {
        pending.calls[i]!.prepared = prep.prepared;
        ready.push({ i, prepared: prep.prepared, tool: prep.tool });
      } else {
        const slot = pending.calls[i]!;
        slot.prepared = prep.prepared;
        slot.tool = prep.prepared.name;
        this.emit({ type: 'approval-required', callId: call.id, reason: prep.reason });
        if (this.o.approvals === undefined) {
          slot.approvalReason = prep.reason;
          continue;
        }
        let decision;
        try {
          decision = await this.o.approvals.request({ runId: this.st.runId, call: prep.prepared, reason: prep.reason, signal: this.signal });
        } catch (error) {
          decision = { callId: call.id, approved: false, note: `approval failed: ${error instanceof Error ? error.message : String(error)}` };
        }
        const applied = this.applyDecision(prep.prepared, prep.tool, decision);
        if ('outcome' in applied) slot.outcome = applied.outcome;
        else ready.push({ i, prepared: applied.prepared, tool: prep.tool });
      }
    }
    await this.executeReady(ready, pending);
    if (pending.calls.some((c) => c.outcome === undefined)) {
      this.st.pending = pending;
      return new Termination('awaiting_approval', `${pending.calls.filter((c) => c.outcome === undefined).length} tool call(s) await approval`);
    }
    return this.finishToolStep(pending, tools);
  }

  private applyDecision(prepared: PreparedToolCall, tool: ToolDefinition, decision: ApprovalDecision): { outcome: ToolCallOutcome } | { prepared: PreparedToolCall } {
    if (!decision.approved) {
      const note = decision.note !== undefined && decision.note !== '' ? `: ${decision.note}` : '';
      return { outcome: outcome({ id: prepared.callId, name: prepared.name }, 'rejected_by_user', `Error: Tool '${prepared.name}' call rejected by user${note}`, { reason: decision.note ?? 'rejected' }) };
    }
    if (decision.editedArgs === undefined) return { prepared };
    const verdict = this.validator.validate(tool.inputSchema, decision.editedArgs);
    if (!verdict.valid) {
      const detail = formatValidationErrors(verdict.errors);
      return { outcome: outcome({ id: prepared.callId, name: prepared.name }, 'invalid_args', `Error: Parameter validation failed: ${detail}`, { reason: detail }) };
    }
    return { prepared: { ...prepared, input: decision.editedArgs, arguments: JSON.stringify(decision.editedArgs) } };
  }

  private policyContext(): PolicyContext {
    const ctx: PolicyContext = { runId: this.st.runId, subject: this.subject, metadata: this.o.metadata ?? {} };
    if (this.o.agentName !== undefined) ctx.agentName = this.o.agentName;
    if (this.o.workingDir !== undefined) ctx.workingDir = this.o.workingDir;
    return ctx;
  }

  private async executeReady(ready: Array<{ i: number; prepared: PreparedToolCall; tool: ToolDefinition }>, pending: PendingToolStep): Promise<void> {
    if (ready.length === 0) return;
    const exec = this.o.toolExecution ?? {};
    const mode = exec.mode ?? 'auto';
    const concurrency = exec.concurrency ?? 4;
    const ctx: ExecuteContext = {
      runId: this.st.runId,
      agentName: this.o.agentName ?? '',
      subject: this.subject,
      metadata: this.o.metadata ?? {},
      runSignal: this.signal,
      clock: this.clock,
      defaultTimeoutMs: exec.defaultTimeoutMs ?? 120_000,
      abortGraceMs: exec.abortGraceMs ?? 1_000,
      onProgress: (callId, data) => this.emit({ type: 'tool-call-progress', callId, data }),
      ...(this.o.workingDir !== undefined ? { workingDir: this.o.workingDir } : {}),
      ...(this.o.boundary !== undefined ? { boundary: this.o.boundary } : {}),
      ...(this.o.leakageFilter !== undefined ? { leakageFilter: this.o.leakageFilter } : {}),
    };
    const policyContext = this.policyContext();
    const runOne = async (r: { i: number; prepared: PreparedToolCall; tool: ToolDefinition }): Promise<void> => {
      this.emit({ type: 'tool-call-start', callId: r.prepared.callId, tool: r.prepared.name });
      this.hooks.call('onToolCallStart', { runId: this.st.runId, call: r.prepared });
      const result = await executeCall(r.prepared, r.tool, ctx);
      pending.calls[r.i]!.outcome = result;
      try {
        this.o.policy?.audit?.(r.prepared, result, policyContext);
      } catch {
        // Audit failures never change the outcome.
      }
    };
    for (const batch of planBatches(ready.map((r) => r.prepared), mode)) {
      const items = batch.map((b) => ready[b]!);
      if (items.length === 1) await runOne(items[0]!);
      else await mapConcurrent(items, mode === 'parallel' ? (exec.concurrency ?? items.length) : concurrency, runOne);
    }
  }

  private async finishToolStep(pending: PendingToolStep, tools: ToolSet | undefined, extra: Message[] = []): Promise<Termination | undefined> {
    const outcomes = pending.calls.map((c) => c.outcome!);
    this.st.pending = undefined;
    for (const o of outcomes) {
      this.emit({ type: 'tool-call-end', outcome: o });
      this.hooks.call('onToolCallEnd', { runId: this.st.runId, outcome: o });
      safeRecord(this.o.learning?.record.bind(this.o.learning), { type: 'tool', runId: this.st.runId, outcome: o }, () => (this.hooks.errors += 1));
    }
    this.st.messages.push(
      pending.assistant,
      ...outcomes.map((o): Message => (o.kind === 'ok' ? { role: 'tool', toolCallId: o.callId, toolName: o.tool, content: o.content } : { role: 'tool', toolCallId: o.callId, toolName: o.tool, content: o.content, isError: true })),
      ...extra,
    );
    for (const o of outcomes) {
      if (COUNTED.has(o.kind)) {
        this.st.toolCallsMade += 1;
        this.st.toolsUsed.add(o.tool);
      }
    }
    if ((this.o.errorCounting ?? 'per-step') === 'per-call') {
      this.st.consecutiveErrors = outcomes.filter((o) => o.kind === 'invalid_json' || o.kind === 'error' || o.kind === 'timeout').length;
    } else {
      const considered = outcomes.filter((o) => o.kind !== 'skipped_cap');
      this.st.consecutiveErrors = considered.length > 0 && considered.every((o) => FAILING.has(o.kind)) ? this.st.consecutiveErrors + 1 : 0;
    }
    const record = stepRecord(pending.stepIndex, pending.response, pending.requestInfo, pending.usage, this.clock.now() - pending.startedAt, pending.context, outcomes);
    this.recordStep(record);
    if (this.signal.aborted) return this.abortReason();

    const completion = this.o.completion;
    if (completion?.mode === 'stop-tool') {
      const final = pending.calls.find((c) => c.outcome?.kind === 'ok' && c.tool === completion.toolName);
      if (final?.prepared !== undefined) return new Termination('completed', undefined, asRecord(final.prepared.input));
    }
    const conditions = this.o.stopWhen === undefined ? [] : Array.isArray(this.o.stopWhen) ? this.o.stopWhen : [this.o.stopWhen];
    for (const cond of conditions) {
      let hit = false;
      try {
        hit = await cond({ steps: this.st.steps, last: record });
      } catch {
        hit = false;
      }
      if (hit) {
        const handoff = pending.calls.find((c) => c.outcome?.kind === 'ok' && c.tool === 'handoff');
        if (handoff?.prepared !== undefined) return new Termination('handoff', 'handoff', asRecord(handoff.prepared.input));
        return new Termination('stop_condition', 'stop condition met', parseLoopOutput(this.st.lastText));
      }
    }
    if (this.st.consecutiveErrors >= (this.o.consecutiveErrorLimit ?? 3)) {
      return new Termination('consecutive_errors', `${this.st.consecutiveErrors} consecutive failing tool steps`);
    }
    void tools;
    return undefined;
  }

  private async resumePending(pending: PendingToolStep): Promise<Termination | undefined> {
    const tools = this.o.tools;
    const ready: Array<{ i: number; prepared: PreparedToolCall; tool: ToolDefinition }> = [];
    for (const [i, slot] of pending.calls.entries()) {
      if (slot.outcome !== undefined || slot.prepared === undefined) continue;
      const decision = this.decisions.find((d) => d.callId === slot.callId);
      if (decision === undefined) continue;
      const tool = tools?.get(slot.prepared.name);
      if (tool === undefined) {
        slot.outcome = outcome({ id: slot.callId, name: slot.prepared.name }, 'unknown_tool', `Error: Tool '${slot.prepared.name}' not found in registry`);
        continue;
      }
      const applied = this.applyDecision(slot.prepared, tool, decision);
      if ('outcome' in applied) slot.outcome = applied.outcome;
      else ready.push({ i, prepared: applied.prepared, tool });
    }
    await this.executeReady(ready, pending);
    if (pending.calls.some((c) => c.outcome === undefined)) {
      this.st.pending = pending;
      return new Termination('awaiting_approval', `${pending.calls.filter((c) => c.outcome === undefined).length} tool call(s) await approval`);
    }
    return this.finishToolStep(pending, tools);
  }

  private recordStep(step: StepRecord): void {
    this.st.steps.push(step);
    this.emit({ type: 'step-end', step });
    this.hooks.call('onStepEnd', { runId: this.st.runId, step });
    safeRecord(this.o.learning?.record.bind(this.o.learning), { type: 'step', runId: this.st.runId, step }, () => (this.hooks.errors += 1));
    const cp = this.o.checkpointer;
    if (cp !== undefined) {
      try {
        cp.save(this.st.runId, this.st.serialize()).catch(() => (this.hooks.errors += 1));
      } catch {
        this.hooks.errors += 1;
      }
    }
  }

  private finish(end: Termination): RunResult {
    const output = end.output ?? (this.st.lastText !== '' ? parseLoopOutput(this.st.lastText) : {});
    const result: RunResult = {
      runId: this.st.runId,
      status: end.status,
      output,
      text: this.st.lastText,
      messages: this.st.messages,
      steps: this.st.steps,
      usage: this.st.usage,
      iterations: this.st.iteration,
      toolCallsMade: this.st.toolCallsMade,
      toolsUsed: [...this.st.toolsUsed],
      model: this.st.lastModel,
      durationMs: this.clock.now() - this.st.startedAt,
    };
    if (end.detail !== undefined) result.detail = end.detail;
    if (end.status === 'awaiting_approval' || this.o.checkpointer !== undefined) result.state = this.st.serialize();
    this.hooks.call('onRunEnd', { runId: this.st.runId, result });
    safeRecord(
      this.o.learning?.record.bind(this.o.learning),
      {
        type: 'run',
        runId: this.st.runId,
        status: end.status,
        iterations: result.iterations,
        usage: result.usage,
        toolsUsed: result.toolsUsed,
        durationMs: result.durationMs,
        ...(this.o.agentName !== undefined ? { agent: this.o.agentName } : {}),
      },
      () => (this.hooks.errors += 1),
    );
    this.emit({ type: 'run-end', status: end.status, ...(end.detail !== undefined ? { detail: end.detail } : {}) });
    return result;
  }
}

function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : { result: v };
}

/** Runs the tool loop to termination. Throws only for invalid options. */
export async function runLoop(o: RunOptions): Promise<RunResult> {
  return new LoopRunner(o).run();
}

/** Resumes a run that ended `awaiting_approval`, applying the approval decisions. */
export async function resumeLoop(o: RunOptions, state: SerializedRunState, decisions: ApprovalDecision[], emit?: (e: RunEvent) => void): Promise<RunResult> {
  if (state?.version !== 1 || !Array.isArray(state.messages)) throw new RuntimeOptionsError('resume: state is not a serialized run state');
  if (!Array.isArray(decisions)) throw new RuntimeOptionsError('resume: decisions must be an array');
  return new LoopRunner({ ...o, runId: state.runId }, emit, state, decisions).run();
}
