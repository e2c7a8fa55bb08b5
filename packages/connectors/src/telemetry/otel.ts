import { ATTR, METRICS, OPERATION_DURATION_BUCKETS, errorTypeOf } from '@agent33/observability';
import { SpanKind, SpanStatusCode, createNoopMeter, metrics, trace, type Attributes, type Counter, type Histogram, type Meter, type Span, type Tracer, type UpDownCounter } from '@opentelemetry/api';
import type { BreakerRegistry } from '../breaker/types.js';
import type { CallState } from '../call-state.js';
import type { CallContext, ConnectorRequest, Middleware } from '../model.js';

/** OpenTelemetry wiring; without a registered provider everything is a no-op. */
export interface TelemetryOptions {
  tracer?: Tracer;
  meter?: Meter;
  /** Payloads are never recorded; the option exists to make that explicit. */
  recordPayloads?: false;
}

const STATE_VALUE: Record<string, number> = { closed: 0, half_open: 1, open: 2, isolated: 3, disabled: 4 };

/** Spans and instruments of one boundary. */
export class ConnectorTelemetry {
  readonly tracer: Tracer;
  private readonly duration: Histogram;
  private readonly mcpDuration: Histogram;
  private readonly outcomes: Counter;
  private readonly inFlight: UpDownCounter;
  /** False when the meter is the API's no-op meter: metric attributes are then not even built. */
  private readonly metricsOn: boolean;

  constructor(options: TelemetryOptions, breakers: BreakerRegistry) {
    this.tracer = options.tracer ?? trace.getTracer('@agent33/connectors');
    const meter = options.meter ?? metrics.getMeter('@agent33/connectors');
    this.duration = meter.createHistogram(METRICS.connectorCallDuration, {
      unit: 's',
      description: 'Duration of logical connector calls',
      advice: { explicitBucketBoundaries: [...OPERATION_DURATION_BUCKETS] },
    });
    this.mcpDuration = meter.createHistogram(METRICS.mcpClientOperationDuration, {
      unit: 's',
      description: 'Duration of MCP client operations',
      advice: { explicitBucketBoundaries: [...OPERATION_DURATION_BUCKETS] },
    });
    this.outcomes = meter.createCounter(METRICS.connectorCallOutcomes, { description: 'Connector calls by outcome' });
    this.inFlight = meter.createUpDownCounter(METRICS.connectorInFlight, { description: 'Connector calls in flight' });
    // Without a registered MeterProvider the API hands out no-op instruments for good (it has no proxy meter).
    this.metricsOn = this.outcomes.constructor !== createNoopMeter().createCounter('probe').constructor;
    meter
      .createObservableGauge(METRICS.connectorBreakerState, { description: 'Breaker state: 0 closed, 1 half-open, 2 open, 3 isolated, 4 disabled' })
      .addCallback((result) => {
        for (const [key, breaker] of breakers.entries()) result.observe(STATE_VALUE[breaker.state] ?? 0, { [ATTR.connectorId]: key });
      });
  }

  /** Base attributes of a call: connector, operation and, for MCP, method and tool name. Never the payload. */
  attributes(request: ConnectorRequest): Attributes {
    const attributes: Attributes = { [ATTR.connectorId]: request.connector, [ATTR.connectorOperation]: request.operation };
    if (request.connector.startsWith('mcp:')) {
      attributes[ATTR.mcpMethodName] = request.operation;
      const tool = request.metadata?.['tool'];
      if (typeof tool === 'string') attributes[ATTR.genAiToolName] = tool;
      const session = request.metadata?.['sessionId'];
      if (typeof session === 'string') attributes[ATTR.mcpSessionId] = session;
    }
    return attributes;
  }

  /** Records a call that never started (governance denial, egress block) as one error span and one outcome. */
  rejected(request: ConnectorRequest, error: unknown): void {
    const attributes = this.attributes(request);
    const span = this.tracer.startSpan(`${request.operation} ${request.connector}`, { kind: SpanKind.CLIENT, attributes });
    const type = errorTypeOf(error);
    span.setAttribute(ATTR.errorType, type);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    span.end();
    this.outcomes.add(1, { ...attributes, [ATTR.connectorOutcome]: 'rejected', [ATTR.errorType]: type });
  }

  /** The call-level middleware: one client span per logical call plus duration, outcome and in-flight metrics. */
  middleware(): Middleware {
    return {
      name: 'telemetry',
      handle: <T>(ctx: CallContext, next: (ctx: CallContext) => Promise<T>): Promise<T> => {
        const state = ctx as CallState;
        const request = ctx.request;
        const span = this.tracer.startSpan(`${request.operation} ${request.connector}`, { kind: SpanKind.CLIENT });
        const recording = span.isRecording();
        // Attributes are built only when someone records them (a sampled span or a real meter).
        const attributes = recording || this.metricsOn ? this.attributes(request) : undefined;
        if (recording && attributes !== undefined) span.setAttributes(attributes);
        state.span = recording ? span : undefined;
        if (attributes !== undefined && this.metricsOn) this.inFlight.add(1, attributes);
        const started = state.startedAt;
        return next(ctx).then(
          (value) => {
            this.finish(span, state, attributes, started, undefined);
            return value;
          },
          (error: unknown) => {
            this.finish(span, state, attributes, started, error);
            throw error;
          },
        );
      },
    };
  }

  private finish(span: Span, state: CallState, attributes: Attributes | undefined, started: number, error: unknown): void {
    if (attributes === undefined) {
      span.end();
      return;
    }
    const seconds = (state.shared.clock.now() - started) / 1000;
    span.setAttribute(ATTR.connectorAttempt, state.report.attempts);
    if (this.metricsOn) this.inFlight.add(-1, attributes);
    const outcome = error === undefined ? 'success' : 'failure';
    const recorded: Attributes = { ...attributes, [ATTR.connectorOutcome]: outcome };
    if (error !== undefined) {
      const type = errorTypeOf(error);
      recorded[ATTR.errorType] = type;
      span.setAttribute(ATTR.errorType, type);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    }
    if (this.metricsOn) {
      this.duration.record(seconds, recorded);
      if (state.request.connector.startsWith('mcp:')) this.mcpDuration.record(seconds, recorded);
      this.outcomes.add(1, recorded);
    }
    span.end();
  }
}
