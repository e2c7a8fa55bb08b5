import { systemClock, type Clock } from '@agent33/observability';
import { ModelError } from '../errors/model-error.js';
import type { TokenCounter } from '../context/types.js';
import { assembleStream, responseToEvents } from '../model/provider.js';
import { pairingViolations } from '../model/pairing.js';
import { HeuristicCounter } from '../context/counter.js';
import type {
  CallOptions,
  FinishReason,
  ModelCapabilities,
  ModelProvider,
  ModelRequest,
  ModelResponse,
  ModelStreamEvent,
  ToolCall,
  Usage,
} from '../model/types.js';

/** One scripted model reply. */
export type ScriptStep =
  | { text: string; usage?: Partial<Usage>; finishReason?: FinishReason; model?: string }
  | {
      toolCalls: Array<{ name: string; args: unknown; id?: string }>;
      text?: string;
      usage?: Partial<Usage>;
      model?: string;
    }
  | { error: ModelError | Error }
  | { delayMs: number; then: ScriptStep }
  | { stream: ModelStreamEvent[] };

/** Options of {@link ScriptedModel}. */
export interface ScriptedModelOptions {
  id?: string;
  /** What happens when the script runs out: throw (default) or repeat the last step. */
  onExhausted?: 'throw' | 'repeat-last';
  /** Clock for `delayMs` steps (a `ManualClock` makes delays deterministic). */
  clock?: Clock;
  /** Counter for usage when a step gives none (default: the heuristic counter). */
  counter?: TokenCounter;
  capabilities?: ModelCapabilities;
  /** Check every request for tool-call pairing and reject violations (default true): every call id answered once. */
  checkPairing?: boolean;
}

/**
 * A deterministic model for tests: replies follow a script (an array, or a function of the request and call
 * index), every request is recorded, tool-call ids are `call_1`, `call_2`, … in order, delays honour
 * `AbortSignal` on an injectable clock, and each request is checked for tool-call pairing.
 */
export class ScriptedModel implements ModelProvider {
  readonly id: string;
  readonly calls: Array<{ request: ModelRequest; options: CallOptions }> = [];
  /** Pairing problems found in requests (each also rejects its request). */
  readonly violations: string[] = [];
  private readonly script: ScriptStep[] | ((req: ModelRequest, callIndex: number) => ScriptStep);
  private readonly o: ScriptedModelOptions;
  private readonly clock: Clock;
  private nextCallId = 1;

  constructor(script: ScriptStep[] | ((req: ModelRequest, callIndex: number) => ScriptStep), o: ScriptedModelOptions = {}) {
    if (!Array.isArray(script) && typeof script !== 'function') {
      throw new TypeError('ScriptedModel: script must be an array of steps or a function');
    }
    this.script = script;
    this.o = o;
    this.id = o.id ?? 'scripted';
    this.clock = o.clock ?? systemClock;
  }

  capabilities(_model: string): ModelCapabilities | undefined {
    return this.o.capabilities;
  }

  /** Throws unless request `index` satisfies `predicate`. */
  expectRequest(index: number, predicate: (r: ModelRequest) => boolean): void {
    const call = this.calls[index];
    if (call === undefined) throw new Error(`ScriptedModel: no request #${index} (only ${this.calls.length} made)`);
    if (!predicate(call.request)) throw new Error(`ScriptedModel: request #${index} does not match the expectation`);
  }

  async generate(req: ModelRequest, opts: CallOptions = {}): Promise<ModelResponse> {
    const step = this.begin(req, opts);
    return this.run(step, req, opts);
  }

  async *stream(req: ModelRequest, opts: CallOptions = {}): AsyncIterable<ModelStreamEvent> {
    let step = this.begin(req, opts);
    while ('delayMs' in step) {
      await this.sleep(step.delayMs, opts.signal);
      step = step.then;
    }
    if ('stream' in step) {
      for (const e of step.stream) {
        if (opts.signal?.aborted === true) throw abortError(opts.signal);
        yield e;
      }
      return;
    }
    yield* responseToEvents(await this.run(step, req, opts));
  }

  private begin(req: ModelRequest, opts: CallOptions): ScriptStep {
    const index = this.calls.length;
    // The loop never mutates messages it has sent, so a shallow copy records the request as it was; a frozen array
    // (the loop freezes its requests) cannot change, so it is recorded as is and long transcripts cost no copy.
    this.calls.push({ request: { ...req, messages: Object.isFrozen(req.messages) ? req.messages : [...req.messages] }, options: { ...opts } });
    const problems = (this.o.checkPairing ?? true) ? pairingViolations(req.messages) : [];
    if (problems.length > 0) {
      this.violations.push(...problems.map((p) => `request #${index}: ${p}`));
      throw new Error(`ScriptedModel: request #${index} breaks tool-call pairing: ${problems.join('; ')}`);
    }
    if (typeof this.script === 'function') return this.script(req, index);
    const step = this.script[index];
    if (step !== undefined) return step;
    const last = this.script[this.script.length - 1];
    if (this.o.onExhausted === 'repeat-last' && last !== undefined) return last;
    throw new Error(`ScriptedModel: script exhausted after ${this.script.length} steps (request #${index})`);
  }

  private async run(step: ScriptStep, req: ModelRequest, opts: CallOptions): Promise<ModelResponse> {
    if (opts.signal?.aborted === true) throw abortError(opts.signal);
    if ('delayMs' in step) {
      await this.sleep(step.delayMs, opts.signal);
      return this.run(step.then, req, opts);
    }
    if ('error' in step) throw step.error;
    if ('stream' in step) return assembleStream(toAsync(step.stream), req.model);
    const toolCalls: ToolCall[] =
      'toolCalls' in step
        ? step.toolCalls.map((c) => ({
            id: c.id ?? `call_${this.nextCallId++}`,
            name: c.name,
            arguments: typeof c.args === 'string' ? c.args : JSON.stringify(c.args ?? {}),
          }))
        : [];
    const text = step.text ?? '';
    const finishReason: FinishReason = 'finishReason' in step && step.finishReason !== undefined
      ? step.finishReason
      : toolCalls.length > 0 ? 'tool_calls' : 'stop';
    return { text, toolCalls, finishReason, model: step.model ?? req.model, usage: this.usage(req, text, toolCalls, step.usage) };
  }

  private usage(req: ModelRequest, text: string, calls: ToolCall[], fixed: Partial<Usage> | undefined): Usage {
    if (fixed?.inputTokens !== undefined && fixed.outputTokens !== undefined) {
      const u: Usage = { cacheReadInputTokens: 0, reasoningOutputTokens: 0, ...fixed, inputTokens: fixed.inputTokens, outputTokens: fixed.outputTokens };
      u.totalTokens = fixed.totalTokens ?? u.inputTokens + u.outputTokens;
      return u;
    }
    const c = this.o.counter ?? defaultCounter();
    const input = c.countMessages(req.messages) + c.countTools(req.tools ?? []);
    const output = c.countText(text) + calls.reduce((n, k) => n + c.countText(k.name + k.arguments) + 3, 0);
    // Scripted usage is deterministic, not a provider omission: it is not flagged as estimated unless asked.
    const merged: Usage = { inputTokens: input, outputTokens: output, cacheReadInputTokens: 0, reasoningOutputTokens: 0, ...fixed };
    delete merged.estimated;
    if (fixed?.estimated === true) merged.estimated = true;
    merged.totalTokens = fixed?.totalTokens ?? merged.inputTokens + merged.outputTokens;
    return merged;
  }

  private async sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
    try {
      await this.clock.sleep(ms, signal);
    } catch (reason) {
      throw new ModelError('model call aborted', { kind: 'aborted', cause: reason });
    }
  }
}

let shared: HeuristicCounter | undefined;
function defaultCounter(): HeuristicCounter {
  shared ??= new HeuristicCounter();
  return shared;
}

function abortError(signal: AbortSignal): ModelError {
  return new ModelError('model call aborted', { kind: 'aborted', cause: signal.reason });
}

async function* toAsync<T>(items: readonly T[]): AsyncIterable<T> {
  yield* items;
}

/** A text reply. */
export const text = (t: string, usage?: Partial<Usage>): ScriptStep => (usage !== undefined ? { text: t, usage } : { text: t });
/** A reply with one tool call; `args` may be a raw string to simulate malformed JSON. */
export const toolCall = (name: string, args: unknown, id?: string): ScriptStep => ({
  toolCalls: [id !== undefined ? { name, args, id } : { name, args }],
});
/** A reply with several tool calls. */
export const toolCalls = (...calls: Array<[name: string, args: unknown]>): ScriptStep => ({
  toolCalls: calls.map(([name, args]) => ({ name, args })),
});
/** A failing call. */
export const fail = (e: Error): ScriptStep => ({ error: e });
