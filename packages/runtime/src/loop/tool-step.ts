import type { ModelResponse, Usage, Message } from '../model/types.js';
import type { ApprovalDecision, PolicyContext } from '../policy/types.js';
import { formatValidationErrors } from '../tools/validate.js';
import type { PreparedToolCall, ToolDefinition, ToolSet } from '../tools/types.js';
import { parseLoopOutput } from './completion.js';
import { executeCall, mapConcurrent, planBatches, type ExecuteContext } from './executor.js';
import { safeRecord } from './hooks.js';
import { isRepeating, stepSignature } from './loop-detect.js';
import { outcome, prepareCall } from './prepare.js';
import { Termination, type RunHost } from './run-host.js';
import { assistantMessage, stepRecord } from './state.js';
import type { PendingToolStep, StepRecord, ToolCallOutcome } from './types.js';

// Kinds that make a step "all failed" (per-step counting) and kinds that count as attempted calls (parity).
const FAILING = new Set(['invalid_json', 'unknown_tool', 'invalid_args', 'error', 'timeout']);
const COUNTED = new Set(['ok', 'error', 'timeout', 'aborted', 'unknown_tool', 'invalid_args']);

function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : { result: v };
}

/**
 * A step whose response requested tool calls: loop detection, the per-step cap (extra calls answered as
 * `skipped_cap`), preparation of every call before any runs, approvals, execution by mode, then the transcript,
 * counters, stop conditions and error accounting.
 */
export async function toolStep(
  h: RunHost,
  response: ModelResponse,
  index: number,
  requestInfo: StepRecord['request'],
  usage: Usage,
  started: number,
  tools: ToolSet | undefined,
): Promise<Termination | undefined> {
  const calls = response.toolCalls;
  h.st.confirmationPending = false;
  const ld = h.o.loopDetection ?? { threshold: 3 };
  let nudgeLoop = false;
  if (ld !== false && ld.threshold > 0) {
    const sig = stepSignature(calls, ld.signature ?? 'batch');
    h.st.loopWindow.push(sig);
    const windowSize = Math.max(ld.window ?? ld.threshold, ld.threshold);
    if (h.st.loopWindow.length > windowSize) h.st.loopWindow.splice(0, h.st.loopWindow.length - windowSize);
    if (isRepeating(h.st.loopWindow, ld.threshold)) {
      h.emit({ type: 'loop-detected', signature: sig });
      if ((ld.action ?? 'terminate') === 'terminate' || h.st.nudged) {
        h.recordStep(stepRecord(index, response, requestInfo, usage, h.clock.now() - started, h.lastFit));
        return new Termination('loop_detected', `the same tool calls repeated ${ld.threshold} times: ${sig}`);
      }
      h.st.nudged = true;
      h.st.loopWindow = [];
      nudgeLoop = true;
    }
  }

  const cap = h.o.maxToolCallsPerStep ?? 5;
  const pending: PendingToolStep = {
    stepIndex: index,
    response,
    assistant: assistantMessage(response),
    requestInfo,
    usage,
    startedAt: started,
    calls: calls.map((c) => ({ callId: c.id, tool: c.name })),
  };
  if (h.lastFit !== undefined) pending.context = h.lastFit;

  if (nudgeLoop) {
    calls.forEach((c, i) => {
      pending.calls[i]!.outcome = outcome(c, 'denied', `Error: repeated identical tool call not executed; change your approach or answer.`, { reason: 'loop detected' });
    });
    return finishToolStep(h, pending, [{ role: 'user', content: 'You are repeating the same tool calls. Try a different approach or give your final answer.' }]);
  }

  const policyCtx = policyContextOf(h);
  const ready: Array<{ i: number; prepared: PreparedToolCall; tool: ToolDefinition }> = [];
  for (const [i, call] of calls.entries()) {
    if (i >= cap) {
      pending.calls[i]!.outcome = outcome(call, 'skipped_cap', `Error: skipped: per-step limit of ${cap} tool calls reached; call it again in a later step if still needed`, { reason: 'per-step limit' });
      continue;
    }
    const prep = await prepareCall(call, i, {
      tools,
      validator: h.validator,
      repair: h.o.repairToolCall,
      messages: h.st.messages,
      signal: h.signal,
      defaults: h.o.toolParameterDefaults,
      policy: h.o.policy,
      policyContext: policyCtx,
      budget: h.o.budget,
      snapshot: () => h.snapshot(),
    });
    if (prep.kind === 'budget') {
      h.recordStep(stepRecord(index, response, requestInfo, usage, h.clock.now() - started, h.lastFit));
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
      h.emit({ type: 'approval-required', callId: call.id, reason: prep.reason });
      if (h.o.approvals === undefined) {
        slot.approvalReason = prep.reason;
        continue;
      }
      let decision;
      try {
        decision = await h.o.approvals.request({ runId: h.st.runId, call: prep.prepared, reason: prep.reason, signal: h.signal });
      } catch (error) {
        decision = { callId: call.id, approved: false, note: `approval failed: ${error instanceof Error ? error.message : String(error)}` };
      }
      const applied = applyDecision(h, prep.prepared, prep.tool, decision);
      if ('outcome' in applied) slot.outcome = applied.outcome;
      else ready.push({ i, prepared: applied.prepared, tool: prep.tool });
    }
  }
  await executeReady(h, ready, pending);
  if (pending.calls.some((c) => c.outcome === undefined)) {
    h.st.pending = pending;
    return new Termination('awaiting_approval', `${pending.calls.filter((c) => c.outcome === undefined).length} tool call(s) await approval`);
  }
  return finishToolStep(h, pending);
}

// An approval decision turns an asked call into a ready call (edited arguments re-validated) or a rejection.
function applyDecision(h: RunHost, prepared: PreparedToolCall, tool: ToolDefinition, decision: ApprovalDecision): { outcome: ToolCallOutcome } | { prepared: PreparedToolCall } {
  if (!decision.approved) {
    const note = decision.note !== undefined && decision.note !== '' ? `: ${decision.note}` : '';
    return { outcome: outcome({ id: prepared.callId, name: prepared.name }, 'rejected_by_user', `Error: Tool '${prepared.name}' call rejected by user${note}`, { reason: decision.note ?? 'rejected' }) };
  }
  if (decision.editedArgs === undefined) return { prepared };
  const verdict = h.validator.validate(tool.inputSchema, decision.editedArgs);
  if (!verdict.valid) {
    const detail = formatValidationErrors(verdict.errors);
    return { outcome: outcome({ id: prepared.callId, name: prepared.name }, 'invalid_args', `Error: Parameter validation failed: ${detail}`, { reason: detail }) };
  }
  return { prepared: { ...prepared, input: decision.editedArgs, arguments: JSON.stringify(decision.editedArgs) } };
}

// The policy view of the run.
function policyContextOf(h: RunHost): PolicyContext {
  const ctx: PolicyContext = { runId: h.st.runId, subject: h.subject, metadata: h.o.metadata ?? {} };
  if (h.o.agentName !== undefined) ctx.agentName = h.o.agentName;
  if (h.o.workingDir !== undefined) ctx.workingDir = h.o.workingDir;
  return ctx;
}

// Runs the ready calls in batches by execution mode; outcomes land in the pending step by call index.
async function executeReady(h: RunHost, ready: Array<{ i: number; prepared: PreparedToolCall; tool: ToolDefinition }>, pending: PendingToolStep): Promise<void> {
  if (ready.length === 0) return;
  const exec = h.o.toolExecution ?? {};
  const mode = exec.mode ?? 'auto';
  const concurrency = exec.concurrency ?? 4;
  const ctx: ExecuteContext = {
    runId: h.st.runId,
    agentName: h.o.agentName ?? '',
    subject: h.subject,
    metadata: h.o.metadata ?? {},
    runSignal: h.signal,
    clock: h.clock,
    defaultTimeoutMs: exec.defaultTimeoutMs ?? 120_000,
    abortGraceMs: exec.abortGraceMs ?? 1_000,
    onProgress: (callId, data) => h.emit({ type: 'tool-call-progress', callId, data }),
    ...(h.o.workingDir !== undefined ? { workingDir: h.o.workingDir } : {}),
    ...(h.o.boundary !== undefined ? { boundary: h.o.boundary } : {}),
    ...(h.o.leakageFilter !== undefined ? { leakageFilter: h.o.leakageFilter } : {}),
  };
  const policyCtx = policyContextOf(h);
  const runOne = async (r: { i: number; prepared: PreparedToolCall; tool: ToolDefinition }): Promise<void> => {
    h.emit({ type: 'tool-call-start', callId: r.prepared.callId, tool: r.prepared.name });
    h.hooks.call('onToolCallStart', { runId: h.st.runId, call: r.prepared });
    const result = await executeCall(r.prepared, r.tool, ctx);
    pending.calls[r.i]!.outcome = result;
    try {
      h.o.policy?.audit?.(r.prepared, result, policyCtx);
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

// Appends the assistant message and one tool message per call, updates counters, then checks stop conditions.
async function finishToolStep(h: RunHost, pending: PendingToolStep, extra: Message[] = []): Promise<Termination | undefined> {
  const outcomes = pending.calls.map((c) => c.outcome!);
  h.st.pending = undefined;
  for (const o of outcomes) {
    h.emit({ type: 'tool-call-end', outcome: o });
    h.hooks.call('onToolCallEnd', { runId: h.st.runId, outcome: o });
    safeRecord(h.o.learning?.record.bind(h.o.learning), { type: 'tool', runId: h.st.runId, outcome: o }, () => (h.hooks.errors += 1));
  }
  h.st.messages.push(
    pending.assistant,
    ...outcomes.map((o): Message => (o.kind === 'ok' ? { role: 'tool', toolCallId: o.callId, toolName: o.tool, content: o.content } : { role: 'tool', toolCallId: o.callId, toolName: o.tool, content: o.content, isError: true })),
    ...extra,
  );
  for (const o of outcomes) {
    if (COUNTED.has(o.kind)) {
      h.st.toolCallsMade += 1;
      h.st.toolsUsed.add(o.tool);
    }
  }
  if ((h.o.errorCounting ?? 'per-step') === 'per-call') {
    h.st.consecutiveErrors = outcomes.filter((o) => o.kind === 'invalid_json' || o.kind === 'error' || o.kind === 'timeout').length;
  } else {
    const considered = outcomes.filter((o) => o.kind !== 'skipped_cap');
    h.st.consecutiveErrors = considered.length > 0 && considered.every((o) => FAILING.has(o.kind)) ? h.st.consecutiveErrors + 1 : 0;
  }
  const record = stepRecord(pending.stepIndex, pending.response, pending.requestInfo, pending.usage, h.clock.now() - pending.startedAt, pending.context, outcomes);
  h.recordStep(record);
  if (h.signal.aborted) return h.abortReason();

  const completion = h.o.completion;
  if (completion?.mode === 'stop-tool') {
    const final = pending.calls.find((c) => c.outcome?.kind === 'ok' && c.tool === completion.toolName);
    if (final?.prepared !== undefined) return new Termination('completed', undefined, asRecord(final.prepared.input));
  }
  const conditions = h.o.stopWhen === undefined ? [] : Array.isArray(h.o.stopWhen) ? h.o.stopWhen : [h.o.stopWhen];
  for (const cond of conditions) {
    let hit = false;
    try {
      hit = await cond({ steps: h.st.steps, last: record });
    } catch {
      hit = false;
    }
    if (hit) {
      const handoff = pending.calls.find((c) => c.outcome?.kind === 'ok' && c.tool === 'handoff');
      if (handoff?.prepared !== undefined) return new Termination('handoff', 'handoff', asRecord(handoff.prepared.input));
      return new Termination('stop_condition', 'stop condition met', parseLoopOutput(h.st.lastText));
    }
  }
  if (h.st.consecutiveErrors >= (h.o.consecutiveErrorLimit ?? 3)) {
    return new Termination('consecutive_errors', `${h.st.consecutiveErrors} consecutive failing tool steps`);
  }
  return undefined;
}

/** Continues a step that paused `awaiting_approval`, applying the decisions given to `resume`. */
export async function resumePending(h: RunHost, pending: PendingToolStep): Promise<Termination | undefined> {
  const tools = h.o.tools;
  const ready: Array<{ i: number; prepared: PreparedToolCall; tool: ToolDefinition }> = [];
  for (const [i, slot] of pending.calls.entries()) {
    if (slot.outcome !== undefined || slot.prepared === undefined) continue;
    const decision = h.decisions.find((d) => d.callId === slot.callId);
    if (decision === undefined) continue;
    const tool = tools?.get(slot.prepared.name);
    if (tool === undefined) {
      slot.outcome = outcome({ id: slot.callId, name: slot.prepared.name }, 'unknown_tool', `Error: Tool '${slot.prepared.name}' not found in registry`);
      continue;
    }
    const applied = applyDecision(h, slot.prepared, tool, decision);
    if ('outcome' in applied) slot.outcome = applied.outcome;
    else ready.push({ i, prepared: applied.prepared, tool });
  }
  await executeReady(h, ready, pending);
  if (pending.calls.some((c) => c.outcome === undefined)) {
    h.st.pending = pending;
    return new Termination('awaiting_approval', `${pending.calls.filter((c) => c.outcome === undefined).length} tool call(s) await approval`);
  }
  return finishToolStep(h, pending);
}
