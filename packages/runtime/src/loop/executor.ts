import type { Clock } from '@agent33/observability';
import type { CallBoundary } from '../ports/index.js';
import type { Subject } from '../policy/types.js';
import { DEFAULT_MAX_TOOL_OUTPUT_CHARS, truncateToolOutput } from '../tools/truncate.js';
import type { PreparedToolCall, ToolDefinition } from '../tools/types.js';
import type { ToolCallOutcome } from './types.js';

/** Run-level context for tool execution. */
export interface ExecuteContext {
  runId: string;
  agentName: string;
  subject: Subject;
  workingDir?: string;
  metadata: Readonly<Record<string, unknown>>;
  runSignal: AbortSignal;
  clock: Clock;
  defaultTimeoutMs: number;
  abortGraceMs: number;
  boundary?: CallBoundary;
  leakageFilter?: (toolOutput: string, tool: string) => boolean;
  onProgress: (callId: string, data: unknown) => void;
}

class ToolTimeout extends Error {}

// Aborting with a constant reason avoids building a DOMException (and its stack) for every finished call.
const DONE = Symbol('tool call settled');

function isEnvelope(v: unknown): v is { content: string; data?: unknown; isError?: boolean } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return typeof (v as { content?: unknown }).content === 'string' && keys.every((k) => k === 'content' || k === 'data' || k === 'isError');
}

function stringify(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/**
 * Executes one prepared call under its own signal (run signal + tool timeout on the injected clock), inside the
 * boundary when one is configured. Throws become `error`, the timeout becomes `timeout`, a run abort becomes
 * `aborted (may have completed)` after a short grace period. Output is truncated and leakage-filtered.
 */
export async function executeCall(call: PreparedToolCall, tool: ToolDefinition, ctx: ExecuteContext): Promise<ToolCallOutcome> {
  const started = ctx.clock.now();
  const base = { callId: call.callId, tool: call.name, ...(call.repaired ? { repaired: true } : {}) };
  if (ctx.runSignal.aborted) {
    return { ...base, kind: 'aborted', content: `Error: Tool '${call.name}' aborted before it started`, durationMs: 0 };
  }
  const timeoutMs = tool.timeoutMs ?? ctx.defaultTimeoutMs;
  const timer = new AbortController();
  const timeout = new AbortController();
  ctx.clock.sleep(timeoutMs, timer.signal).then(
    () => timeout.abort(new ToolTimeout(`timed out after ${timeoutMs} ms`)),
    () => undefined,
  );
  // The call's signal follows the run signal and the timeout. One controller with a listener on the run signal
  // (removed when the call settles) does what `AbortSignal.any` does without its weak references, which cost the
  // collector more than the rest of a fast tool call.
  const callCtl = new AbortController();
  const signal = callCtl.signal;
  const onRunAbort = (): void => callCtl.abort(ctx.runSignal.reason);
  ctx.runSignal.addEventListener('abort', onRunAbort, { once: true });
  timeout.signal.addEventListener('abort', () => callCtl.abort(timeout.signal.reason), { once: true });
  const run = (s: AbortSignal): Promise<unknown> =>
    tool.execute(call.input, {
      signal: s,
      callId: call.callId,
      runId: ctx.runId,
      agentName: ctx.agentName,
      subject: ctx.subject,
      ...(ctx.workingDir !== undefined ? { workingDir: ctx.workingDir } : {}),
      metadata: ctx.metadata,
      emitProgress: (data) => ctx.onProgress(call.callId, data),
    });
  const execution = Promise.resolve().then(() =>
    ctx.boundary !== undefined
      ? ctx.boundary.execute({ kind: 'tool', target: call.name, operation: 'execute' }, (s) => run(AbortSignal.any([signal, s])), signal)
      : run(signal),
  );
  const aborted = new Promise<'aborted'>((resolve) => {
    if (signal.aborted) resolve('aborted');
    signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  try {
    const settled = await Promise.race([execution.then((value) => ({ value })), aborted]);
    if (settled === 'aborted') {
      if (timeout.signal.aborted && !ctx.runSignal.aborted) {
        execution.catch(() => undefined);
        return { ...base, kind: 'timeout', content: `Error: Tool '${call.name}' timed out after ${timeoutMs} ms`, durationMs: ctx.clock.now() - started };
      }
      // Give a started call a short grace period to finish cleanly before reporting it.
      await Promise.race([execution.catch(() => undefined), ctx.clock.sleep(ctx.abortGraceMs).catch(() => undefined)]);
      return { ...base, kind: 'aborted', content: `Error: Tool '${call.name}' aborted (may have completed)`, durationMs: ctx.clock.now() - started };
    }
    const value = settled.value;
    const envelope = isEnvelope(value) ? value : undefined;
    const raw = envelope !== undefined ? envelope.content : stringify(value);
    const isError = envelope?.isError === true;
    const { text, truncated } = truncateToolOutput(raw, tool.maxOutputChars ?? DEFAULT_MAX_TOOL_OUTPUT_CHARS);
    const filtered = !isError && ctx.leakageFilter !== undefined && safeFilter(ctx.leakageFilter, raw, call.name);
    const out: ToolCallOutcome = {
      ...base,
      kind: isError ? 'error' : 'ok',
      content: filtered ? '[filtered: potential answer leakage]' : isError ? `Error: ${text}` : text,
      durationMs: ctx.clock.now() - started,
    };
    if (envelope !== undefined ? envelope.data !== undefined : value !== undefined) out.data = envelope !== undefined ? envelope.data : value;
    if (truncated) out.truncated = true;
    if (filtered) out.filtered = true;
    return out;
  } catch (error) {
    if (timeout.signal.aborted && !ctx.runSignal.aborted) {
      return { ...base, kind: 'timeout', content: `Error: Tool '${call.name}' timed out after ${timeoutMs} ms`, durationMs: ctx.clock.now() - started };
    }
    if (ctx.runSignal.aborted) {
      return { ...base, kind: 'aborted', content: `Error: Tool '${call.name}' aborted (may have completed)`, durationMs: ctx.clock.now() - started };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { ...base, kind: 'error', content: `Error: Tool '${call.name}' raised: ${message}`, reason: message, durationMs: ctx.clock.now() - started };
  } finally {
    timer.abort(DONE);
    ctx.runSignal.removeEventListener('abort', onRunAbort);
  }
}

function safeFilter(filter: (o: string, t: string) => boolean, output: string, tool: string): boolean {
  try {
    return filter(output, tool);
  } catch {
    return false;
  }
}

/**
 * Groups call indices into execution batches. `sequential`: one call each; `parallel`: everything together;
 * `auto`: maximal consecutive runs of read-only or idempotent calls run together, every other call alone.
 */
export function planBatches(calls: ReadonlyArray<{ annotations: PreparedToolCall['annotations'] }>, mode: 'auto' | 'parallel' | 'sequential'): number[][] {
  if (mode === 'parallel') return calls.length === 0 ? [] : [calls.map((_, i) => i)];
  const batches: number[][] = [];
  let run: number[] = [];
  calls.forEach((c, i) => {
    const safe = mode === 'auto' && c.annotations.destructive !== true && (c.annotations.readOnly === true || c.annotations.idempotent === true);
    if (safe) run.push(i);
    else {
      if (run.length > 0) batches.push(run);
      run = [];
      batches.push([i]);
    }
  });
  if (run.length > 0) batches.push(run);
  return batches;
}

/** Runs `fn` over items with at most `concurrency` in flight, keeping results in input order. */
export async function mapConcurrent<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (next < items.length) {
      const i = next;
      next += 1;
      results[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
  return results;
}
