import { context, trace, type Span } from '@opentelemetry/api';
import type { AgentTelemetry } from '@agent33/observability';
import type { RuntimeHooks } from '../ports/index.js';
import { classifyTermination } from '../loop/termination.js';

interface Deferred {
  resolve(): void;
  reject(error: unknown): void;
  span?: Span;
}

function deferred(): { d: Deferred; done: Promise<void> } {
  let d!: Deferred;
  const done = new Promise<void>((resolve, reject) => {
    d = { resolve, reject };
  });
  return { d, done };
}

/** An error carrying an explicit low-cardinality `errorType` for span status and duration metrics. */
class TypedFailure extends Error {
  constructor(readonly errorType: string, message: string) {
    super(message);
  }
}

/**
 * Runtime hooks recording GenAI telemetry through observability's `AgentTelemetry`: one `invoke_agent` span per
 * run with child `chat` spans (token usage recorded) and `execute_tool` spans; a failed run sets `error.type` to
 * its `classifyTermination` subcode. It only records: it never calls `recordRoutingDecision` (the runtime awaits
 * that itself, so fail-closed telemetry can stop a model call).
 */
export function telemetryHooks(t: AgentTelemetry, o: { provider?: string } = {}): RuntimeHooks {
  const runs = new Map<string, { run: Deferred; chat?: Deferred; tools: Map<string, Deferred>; agentName: string; provider: string }>();
  const provider = o.provider ?? 'agent33';
  const under = <T>(parent: Span | undefined, fn: () => T): T => (parent === undefined ? fn() : context.with(trace.setSpan(context.active(), parent), fn));
  const open = (start: (fn: (span: Span) => Promise<void>) => Promise<void>, parent: Span | undefined): Deferred => {
    const { d, done } = deferred();
    under(parent, () =>
      start(async (span) => {
        d.span = span;
        await done;
      }),
    ).catch(() => undefined);
    return d;
  };

  return {
    onRunStart(e) {
      const agentName = e.agentName ?? 'agent';
      const run = open((fn) => t.withInvokeAgentSpan({ agentName, provider, conversationId: e.runId }, fn), undefined);
      runs.set(e.runId, { run, tools: new Map(), agentName, provider });
    },
    onModelRequest(e) {
      const r = runs.get(e.runId);
      if (r === undefined) return;
      r.chat?.resolve();
      r.chat = open((fn) => t.withChatSpan({ operation: 'chat', provider: r.provider, requestModel: e.request.model }, fn), r.run.span);
    },
    onModelResult(e) {
      const r = runs.get(e.runId);
      if (r === undefined || r.chat === undefined) return;
      const chat = r.chat;
      if (e.response !== undefined) {
        chat.span?.setAttribute('gen_ai.response.model', e.response.model);
        chat.span?.setAttribute('gen_ai.response.finish_reasons', [e.response.finishReason]);
        if (e.response.usage !== undefined) {
          t.recordTokenUsage(e.response.usage, { operation: 'chat', provider: r.provider, requestModel: e.response.model, responseModel: e.response.model });
        }
        chat.resolve();
      } else {
        chat.reject(new TypedFailure(e.error?.code ?? 'RUNTIME_MODEL_ERROR', e.error?.message ?? 'model call failed'));
      }
      r.chat = undefined;
    },
    onToolCallStart(e) {
      const r = runs.get(e.runId);
      if (r === undefined) return;
      r.tools.set(e.call.callId, open((fn) => t.withToolSpan({ toolName: e.call.name, agentName: r.agentName, callId: e.call.callId }, fn), r.run.span));
    },
    onToolCallEnd(e) {
      const r = runs.get(e.runId);
      const tool = r?.tools.get(e.outcome.callId);
      if (r === undefined || tool === undefined) return;
      r.tools.delete(e.outcome.callId);
      if (e.outcome.kind === 'ok') tool.resolve();
      else tool.reject(new TypedFailure(`tool_${e.outcome.kind}`, e.outcome.content));
    },
    onRunEnd(e) {
      const r = runs.get(e.runId);
      if (r === undefined) return;
      runs.delete(e.runId);
      r.chat?.resolve();
      for (const tool of r.tools.values()) tool.resolve();
      r.run.span?.setAttribute('agent33.termination_reason', e.result.status);
      const failure = classifyTermination(e.result.status);
      if (failure === null) r.run.resolve();
      else r.run.reject(new TypedFailure(failure.subcode, e.result.detail ?? e.result.status));
    },
  };
}
