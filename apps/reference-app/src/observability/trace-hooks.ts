import { isFailureCategory, toolLoopTraceOutcome, type TraceStore } from '@agent33/observability';
import type { RuntimeHooks } from '@agent33/runtime';

/**
 * Runtime hooks that keep one trace record per agent run in the trace store: started with the agent and model,
 * one step per loop iteration with an action per tool call, completed with the run's outcome mapped through the
 * tool-loop failure taxonomy, and a failure record when it did not complete. Hooks only record; their errors never
 * touch the run.
 */
export function traceHooks(store: TraceStore): RuntimeHooks {
  const traces = new Map<string, { traceId: string; step: string }>();
  return {
    async onRunStart(e) {
      const trace = await store.start({
        // Runs do not carry the caller's tenant into hooks; they are recorded under the default tenant.
        tenantId: 'default',
        runId: e.runId,
        context: { agentId: e.agentName ?? '', model: e.model },
        metadata: { tags: ['agent-run'] },
      });
      traces.set(e.runId, { traceId: trace.traceId, step: 'step-0' });
    },
    async onStepStart(e) {
      const t = traces.get(e.runId);
      if (t === undefined) return;
      t.step = `step-${e.index}`;
      await store.addStep(t.traceId, t.step);
    },
    async onToolCallEnd(e) {
      const t = traces.get(e.runId);
      if (t === undefined) return;
      const o = e.outcome;
      await store.addAction(t.traceId, t.step, {
        actionId: o.callId,
        tool: o.tool,
        output: o.content.slice(0, 2000),
        durationMs: Math.round(o.durationMs),
        status: o.kind === 'ok' ? 'success' : o.kind === 'timeout' ? 'timeout' : o.kind === 'skipped_cap' ? 'skipped' : 'failure',
      });
    },
    async onRunEnd(e) {
      const t = traces.get(e.runId);
      if (t === undefined) return;
      traces.delete(e.runId);
      const outcome = toolLoopTraceOutcome(e.result.status);
      await store.complete(t.traceId, outcome.status, outcome.failureCode, outcome.failureMessage);
      if (outcome.status !== 'completed' && e.result.status !== 'awaiting_approval') {
        await store.recordFailure(t.traceId, {
          message: e.result.detail ?? outcome.failureMessage,
          ...(isFailureCategory(outcome.failureCategory) ? { category: outcome.failureCategory } : {}),
          subcode: outcome.failureSubcode,
          context: { run_id: e.runId, status: e.result.status, iterations: String(e.result.iterations) },
        });
      }
    },
  };
}
