import { SpanStatusCode, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR, SPANS } from '../semconv.js';
import type { TraceAction, TraceRecord, TraceStep } from '../traces/trace-types.js';

/** Options of {@link traceRecorder.fromSpans}. */
export interface TraceRecorderOptions {
  /** Receives each record when its `invoke_agent` span ends. */
  onRecord?: (record: TraceRecord) => void;
  /** Records kept for `records()` (newest last). Default 1000. */
  maxRecords?: number;
  /** Child spans buffered per trace while waiting for their agent span. Default 1000 traces. */
  maxPendingTraces?: number;
}

/** A span processor that turns finished agent spans into trace records. */
export interface TraceRecorderProcessor extends SpanProcessor {
  /** The most recent records, oldest first. */
  records(): readonly TraceRecord[];
}

function toMs(time: readonly [number, number]): number {
  return time[0] * 1000 + time[1] / 1e6;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function traceIdFor(start: number, otelTraceId: string): string {
  const date = new Date(start);
  return `TRC-${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}-${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}-${otelTraceId.toUpperCase()}`;
}

function text(value: unknown): string {
  return value === undefined ? '' : String(value);
}

function buildRecord(agent: ReadableSpan, children: readonly ReadableSpan[]): TraceRecord {
  const start = toMs(agent.startTime);
  const end = toMs(agent.endTime);
  const { traceId, spanId } = agent.spanContext();
  const steps = new Map<string, TraceStep>();
  const ordered = [...children].sort((a, b) => toMs(a.startTime) - toMs(b.startTime));
  for (const span of ordered) {
    if (span.name.startsWith(`${SPANS.executeTool} `)) continue;
    steps.set(span.spanContext().spanId, { stepId: span.name, startedAt: new Date(toMs(span.startTime)).toISOString(), completedAt: new Date(toMs(span.endTime)).toISOString(), actions: [] });
  }
  for (const span of ordered) {
    if (!span.name.startsWith(`${SPANS.executeTool} `)) continue;
    const failed = span.status.code === SpanStatusCode.ERROR;
    const action: TraceAction = {
      actionId: span.spanContext().spanId,
      tool: text(span.attributes[ATTR.genAiToolName]) || span.name.slice(SPANS.executeTool.length + 1),
      input: '',
      output: '',
      exitCode: null,
      durationMs: Math.round(toMs(span.endTime) - toMs(span.startTime)),
      status: failed ? 'failure' : 'success',
    };
    // Tools called from a model step belong to it; tools called by the agent directly share one step.
    const parent = span.parentSpanContext?.spanId;
    let step = parent === undefined ? undefined : steps.get(parent);
    if (!step) {
      step = steps.get('tools') ?? { stepId: 'tools', startedAt: new Date(toMs(span.startTime)).toISOString(), completedAt: null, actions: [] };
      steps.set('tools', step);
    }
    step.actions.push(action);
    step.completedAt = new Date(Math.max(Date.parse(step.completedAt ?? '0'), toMs(span.endTime))).toISOString();
  }
  const failed = agent.status.code === SpanStatusCode.ERROR;
  const errorType = text(agent.attributes[ATTR.errorType]);
  return {
    traceId: traceIdFor(start, traceId),
    sessionId: text(agent.attributes[ATTR.genAiConversationId]),
    runId: spanId,
    taskId: '',
    tenantId: text(agent.attributes[ATTR.tenantId]),
    startedAt: new Date(start).toISOString(),
    completedAt: new Date(end).toISOString(),
    durationMs: Math.round(end - start),
    context: { agentId: text(agent.attributes[ATTR.genAiAgentName]), agentRole: '', model: text(agent.attributes[ATTR.genAiRequestModel]), branch: '', commit: '', workingDirectory: '' },
    input: { prompt: '', parameters: {}, filesRead: [], contextLoaded: [] },
    execution: [...steps.values()],
    output: { result: '', filesWritten: [], filesModified: [], artifactsCreated: [] },
    outcome: {
      status: failed ? 'failed' : 'completed',
      failureCode: failed ? errorType : '',
      failureMessage: failed ? (agent.status.message ?? '') : '',
      failureCategory: failed && /^F-[A-Z]{3}/.test(errorType) ? errorType.slice(0, 5) : '',
      failureSubcode: failed ? errorType : '',
    },
    evidence: { verificationLogRef: '', evidenceCaptureRef: '', sessionLogRef: '', reviewSignoffRef: '' },
    metadata: { tags: [], annotations: {}, parentTrace: '', childTraces: [] },
    otelTraceId: traceId,
    otelSpanId: spanId,
  };
}

/** Builds AGENT-33 trace records from OpenTelemetry spans. */
export const traceRecorder = {
  /**
   * A span processor: when an `invoke_agent` span ends, its trace's finished `chat` spans become steps and its
   * `execute_tool` spans become actions (content never copied). Add it to the host's tracer provider next to the
   * exporting processors.
   */
  fromSpans(options: TraceRecorderOptions = {}): TraceRecorderProcessor {
    const maxRecords = options.maxRecords ?? 1000;
    const maxPending = options.maxPendingTraces ?? 1000;
    const pending = new Map<string, ReadableSpan[]>();
    const records: TraceRecord[] = [];
    return {
      onStart(_span: Span, _parentContext: Context): void {
        // Records are built from finished spans only.
        return;
      },
      onEnd(span: ReadableSpan): void {
        const traceId = span.spanContext().traceId;
        if (span.name.startsWith(`${SPANS.invokeAgent} `)) {
          const children = (pending.get(traceId) ?? []).filter((child) => child.parentSpanContext !== undefined);
          pending.delete(traceId);
          const record = buildRecord(span, children);
          records.push(record);
          if (records.length > maxRecords) records.shift();
          options.onRecord?.(record);
          return;
        }
        let list = pending.get(traceId);
        if (!list) {
          list = [];
          pending.set(traceId, list);
          if (pending.size > maxPending) pending.delete(pending.keys().next().value as string);
        }
        list.push(span);
      },
      forceFlush: () => Promise.resolve(),
      shutdown: () => {
        pending.clear();
        return Promise.resolve();
      },
      records: () => [...records],
    };
  },
};
