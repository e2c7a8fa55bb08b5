import { systemClock, type Clock } from '@agent33/observability';
import { ModelError } from '../errors/model-error.js';
import { ContextOverflowError } from '../errors/context-overflow-error.js';
import { RuntimeOptionsError } from '../errors/runtime-options-error.js';
import { callProvider } from '../model/provider.js';
import { resolveRetryPolicy, withRetry } from '../model/retry.js';
import { TranscriptEstimate, addUsage, estimatedUsage } from '../model/usage.js';
import type { Message, ModelRequest, ModelResponse, ToolCall, ToolSpec, Usage } from '../model/types.js';
import type { SchemaValidator } from '../ports/index.js';
import type { ApprovalDecision, Subject } from '../policy/types.js';
import { parseTextToolCalls } from '../tools/text-parser.js';
import type { ToolSet } from '../tools/types.js';
import type { FitReport } from '../context/types.js';
import { parseLoopOutput } from './completion.js';
import { HookCaller, safeRecord } from './hooks.js';
import { DEFAULT_SUBJECT, defaultIds, sharedValidator, validateRunOptions } from './options.js';
import { Termination, type EventInput, type RunHost } from './run-host.js';
import { RunState, stepRecord } from './state.js';
import { completeText } from './text-step.js';
import { resumePending, toolStep } from './tool-step.js';
import type { RunEvent, RunOptions, RunResult, RunSnapshot, SerializedRunState, StepRecord } from './types.js';

export { DEFAULT_SUBJECT, defaultIds, validateRunOptions } from './options.js';

// A constant abort reason: cleanup aborts happen once per run and need no DOMException.
const RUN_OVER = Symbol('run over');

/** True when both arrays hold the same message objects in the same order (a pointer comparison per message). */
function sameMessages(a: readonly Message[], b: readonly Message[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/** One run of the tool loop. */
export class LoopRunner implements RunHost {
  readonly o: RunOptions;
  readonly clock: Clock;
  readonly hooks: HookCaller;
  readonly validator: SchemaValidator;
  readonly st: RunState;
  readonly signal: AbortSignal;
  private readonly deadlineCtl = new AbortController();
  private readonly cleanup = new AbortController();
  private readonly deadlineAt: number | undefined;
  readonly subject: Subject;
  lastFit: FitReport | undefined;
  private readonly estimate = new TranscriptEstimate();
  private readonly emitFn: (e: RunEvent) => void;

  /** True when someone listens to events: the model is then called through `stream` (when it has one) for deltas. */
  private readonly streaming: boolean;

  constructor(o: RunOptions, emit?: (e: RunEvent) => void, resumeFrom?: SerializedRunState, readonly decisions: ApprovalDecision[] = []) {
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
      : // A shallow copy: the loop appends to its own array and never mutates message objects.
        new RunState(o.runId ?? ids.next('run'), o.model, [...o.messages], this.clock.now(), o.agentName);
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

  emit(e: EventInput): void {
    try {
      this.emitFn({ ...e, runId: this.st.runId, at: this.clock.now() } as RunEvent);
    } catch {
      // A consumer that throws must not break the run.
    }
  }

  snapshot(): RunSnapshot {
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

  abortReason(): Termination {
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
      const t = await resumePending(this, this.st.pending);
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
      // Messages are never mutated after they enter the transcript, so a shallow copy is a stable snapshot. It is
      // frozen so that whoever records the request (a test double, a replay log) can keep it without copying again.
      const req: ModelRequest = { model, messages: Object.freeze([...this.st.messages]) as Message[] };
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
      inputTokensEstimate: this.estimate.of(this.st.messages, request.tools),
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

    if (calls.length === 0) return completeText(this, response, index, requestInfo, usage, stepStarted);
    return toolStep(this, { ...response, toolCalls: calls }, index, requestInfo, usage, stepStarted, tools);
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
    // Keep the loop's own array when nothing changed, so incremental per-transcript work (the usage estimate) stays
    // O(new messages) instead of restarting on every step.
    if (!sameMessages(this.st.messages, result.messages)) this.st.messages = result.messages;
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








  recordStep(step: StepRecord): void {
    this.st.steps.push(step);
    this.emit({ type: 'step-end', step });
    this.hooks.call('onStepEnd', { runId: this.st.runId, step });
    safeRecord(this.o.learning?.record.bind(this.o.learning), { type: 'step', runId: this.st.runId, step }, () => (this.hooks.errors += 1));
    if (this.o.checkpointer !== undefined) this.checkpoint(this.st.serialize());
  }

  private checkpoint(state: SerializedRunState): void {
    try {
      this.o.checkpointer?.save(this.st.runId, state).catch(() => (this.hooks.errors += 1));
    } catch {
      this.hooks.errors += 1;
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
    // The final state is checkpointed too: a run paused for approval must be resumable from the checkpointer.
    if (this.o.checkpointer !== undefined && result.state !== undefined) this.checkpoint(result.state);
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
