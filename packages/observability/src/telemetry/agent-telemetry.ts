import {
  SpanKind,
  SpanStatusCode,
  metrics,
  trace,
  type Attributes,
  type Context,
  type MeterProvider,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import type { InProcessAggregator } from '../alerts/metric-source.js';
import { systemClock, type Clock } from '../clock.js';
import { toRoutingMetadataV1 } from '../effort/routing-metadata.js';
import type { RoutingDecision } from '../effort/types.js';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { TelemetryExportError } from '../errors/telemetry-export-error.js';
import { legacyPricing } from '../pricing/legacy-pricing.js';
import type { CostEstimate } from '../pricing/price-entry.js';
import { createPricingTable } from '../pricing/pricing-table.js';
import type { TokenUsage } from '../pricing/token-usage.js';
import { redact } from '../redaction/redact.js';
import { ATTR, GEN_AI_OPERATIONS, METRICS, OTHER_VALUE, SPANS } from '../semconv.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';
import type { DecisionEvent, DecisionEventExporter } from './decision-events.js';
import { boundedErrorType, errorTypeOf } from './error-type.js';
import { decisionSpanAttributes } from './decision-attributes.js';
import { validateOptions } from './options-validation.js';
import { extractTraceContext, injectTraceContext } from './propagation.js';
import { createInstruments, type Instruments } from './instruments.js';
import type { AgentTelemetry, ContentKind, GenAiCallMeta, InvocationOutcome, InvokeAgentMeta, ObservabilityOptions, ToolSpanMeta } from './types.js';
import { ValueNormalizer } from './value-normalizer.js';

const CONTENT_ATTRIBUTE: Record<ContentKind, string> = {
  input: ATTR.genAiInputMessages,
  output: ATTR.genAiOutputMessages,
  system: ATTR.genAiSystemInstructions,
  tool: ATTR.genAiToolDefinitions,
};

// Model-name keys accept only allowlisted values: requested models are free text.
const STRICT_KEYS = [ATTR.genAiRequestModel, ATTR.genAiResponseModel];

function level(value: string): string {
  return value === 'low' || value === 'medium' || value === 'high' ? value : OTHER_VALUE;
}

function source(value: string): string {
  return value === 'request' || value === 'policy' || value === 'heuristic' || value === 'default' ? value : OTHER_VALUE;
}

function validCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

class Telemetry implements AgentTelemetry {
  private readonly enabled: boolean;
  private readonly injectedMeterProvider: MeterProvider | undefined;
  private currentProvider: MeterProvider | undefined;
  private inst!: Instruments;
  private readonly tracerInstance: Tracer;
  private readonly normalizer: ValueNormalizer;
  private readonly exporters: readonly DecisionEventExporter[];
  private readonly failClosed: boolean;
  private readonly aggregator: InProcessAggregator | undefined;
  private readonly capture: (kind: ContentKind) => boolean;
  private readonly redactContent: (value: unknown) => unknown;
  private readonly legacySystem: boolean;
  private readonly spanTenant: boolean;
  private readonly clock: Clock;
  private readonly logger: { warn(message: string, details?: unknown): void };
  private readonly logIntervalMs: number;
  private lastLogAt = Number.NEGATIVE_INFINITY;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly decidedSpans = new WeakSet<Span>();

  constructor(options: ObservabilityOptions) {
    this.enabled = options.enabled ?? true;
    this.injectedMeterProvider = options.meterProvider;
    if (this.injectedMeterProvider) this.bindMeter(this.injectedMeterProvider);
    this.tracerInstance = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(PACKAGE_NAME, PACKAGE_VERSION);
    this.normalizer = new ValueNormalizer(options.attributeLimits ?? {}, STRICT_KEYS);
    // Models with a known price are allowed by default; hosts add tier models with allowAttributeValues().
    if (options.attributeLimits?.allow?.[ATTR.genAiRequestModel] === undefined) {
      const known = [...legacyPricing.map((entry) => entry.model), ...createPricingTable().modelNames()];
      this.normalizer.allow(ATTR.genAiRequestModel, known);
      this.normalizer.allow(ATTR.genAiResponseModel, known);
    }
    this.exporters = options.exporters ?? [];
    this.failClosed = options.failClosed ?? false;
    this.aggregator = options.aggregator;
    const capture = options.captureContent ?? false;
    this.capture = typeof capture === 'function' ? capture : () => capture;
    this.redactContent = options.redact ?? ((value) => redact(value));
    this.legacySystem = options.emitLegacyGenAiSystem ?? false;
    this.spanTenant = options.spanTenantAttributes ?? false;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? console;
    this.logIntervalMs = options.logIntervalMs ?? 60_000;
  }

  private bindMeter(provider: MeterProvider): void {
    this.currentProvider = provider;
    this.inst = createInstruments(provider.getMeter(PACKAGE_NAME, PACKAGE_VERSION));
  }

  /** The instruments of the current provider: a meter taken before the SDK registered would stay no-op forever. */
  private instruments(): Instruments {
    if (this.injectedMeterProvider === undefined) {
      const provider = metrics.getMeterProvider();
      if (provider !== this.currentProvider) this.bindMeter(provider);
    }
    return this.inst;
  }

  private activeSpan(span: Span | undefined): Span | undefined {
    return span ?? trace.getActiveSpan();
  }

  // ---- decisions ----

  recordRoutingDecision(decision: RoutingDecision, ctx?: { span?: Span; agentName?: string }): void | Promise<void> {
    if (!this.enabled) return;
    if (decision === null || typeof decision !== 'object') throw new InvalidInputError('decision', 'must be a RoutingDecision');
    const inst = this.instruments();
    const effort = level(decision.effort);
    const from = source(decision.source);
    const enabled = decision.routingEnabled === true;
    // Fresh object literals with literal keys (the ATTR names) on every call: V8 builds them from a boilerplate and
    // elides them on the no-op path, whereas computed keys or cached attribute maps cost several times more.
    inst.decisions.add(1, { 'agent33.effort.level': effort, 'agent33.effort.source': from, 'agent33.effort.routing_enabled': enabled });
    const budget = decision.estimatedTokenBudget;
    const validBudget = validCount(budget);
    if (validBudget) inst.tokenBudget.record(budget, { 'agent33.effort.level': effort, 'agent33.effort.source': from });
    const cost = decision.cost;
    const knownCost = cost !== null && cost !== undefined && cost.status !== 'unknown' && validCount(cost.usd);
    if (knownCost) inst.estimatedCost.record(cost.usd, { 'agent33.effort.level': effort, 'agent33.effort.source': from });
    if (this.aggregator !== undefined) {
      this.aggregator.record(METRICS.effortDecisions, 1, { 'agent33.effort.level': effort, 'agent33.effort.source': from, 'agent33.effort.routing_enabled': enabled });
      if (validBudget) this.aggregator.record(METRICS.effortTokenBudget, budget, { 'agent33.effort.level': effort, 'agent33.effort.source': from });
      if (knownCost) this.aggregator.record(METRICS.effortEstimatedCost, cost.usd, { 'agent33.effort.level': effort, 'agent33.effort.source': from });
    }
    const span = ctx?.span ?? trace.getActiveSpan();
    if (span !== undefined && span.isRecording()) {
      const attributes = decisionSpanAttributes(decision, this.spanTenant);
      // A second decision on the same span is a re-route: keep the history as events, the latest as attributes.
      if (this.decidedSpans.has(span)) span.addEvent(SPANS.effortDecisionEvent, attributes);
      else this.decidedSpans.add(span);
      span.setAttributes(attributes);
    }
    if (this.exporters.length === 0) return;
    const event = this.decisionEvent(decision, span, ctx?.agentName);
    if (this.failClosed) return this.exportAll(event, true);
    this.track(this.exportAll(event, false));
  }

  recordInvocationOutcome(decision: RoutingDecision, outcome: InvocationOutcome, ctx?: { span?: Span; agentName?: string }): void {
    if (!this.enabled) return;
    if (decision === null || typeof decision !== 'object') throw new InvalidInputError('decision', 'must be a RoutingDecision');
    if (outcome === null || typeof outcome !== 'object') throw new InvalidInputError('outcome', 'must be { ok: true } or { ok: false, errorType }');
    const errorType = outcome.ok ? undefined : (boundedErrorType(outcome.errorType) ?? OTHER_VALUE);
    const label = errorType === undefined ? 'ok' : (this.normalizer.normalize(ATTR.errorType, errorType) ?? OTHER_VALUE);
    const attributes = { [ATTR.effortLevel]: level(decision.effort), [ATTR.effortSource]: source(decision.source), [ATTR.effortOutcome]: label };
    this.instruments().outcomes.add(1, attributes);
    this.aggregator?.record(METRICS.effortOutcomes, 1, attributes);
    const span = this.activeSpan(ctx?.span);
    if (errorType !== undefined && span !== undefined && span.isRecording()) {
      span.setAttribute(ATTR.errorType, errorType);
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorType });
    }
    if (this.exporters.length === 0) return;
    const event = this.decisionEvent(decision, span, ctx?.agentName);
    event.outcome = errorType ?? 'ok';
    // The model already ran: an outcome export never fails the invocation.
    this.track(this.exportAll(event, false));
  }

  private decisionEvent(decision: RoutingDecision, span: Span | undefined, agent: string | undefined): DecisionEvent {
    const event: DecisionEvent = {
      schema: 'agent33.effort.decision/1',
      timestamp: new Date(this.clock.now()).toISOString(),
      routing: toRoutingMetadataV1(decision),
    };
    const spanContext = span?.spanContext();
    if (spanContext && trace.isSpanContextValid(spanContext)) {
      event.trace_id = spanContext.traceId;
      event.span_id = spanContext.spanId;
    }
    if (agent !== undefined) event.agent = agent;
    return event;
  }

  private async exportAll(event: DecisionEvent, rethrow: boolean): Promise<void> {
    for (const exporter of this.exporters) {
      const name = exporter.name ?? 'exporter';
      try {
        await exporter.export(event);
      } catch (cause) {
        this.instruments().exportFailures.add(1, { [ATTR.exporter]: this.normalizer.normalize(ATTR.exporter, name) ?? OTHER_VALUE });
        this.aggregator?.record(METRICS.telemetryExportFailures, 1, { [ATTR.exporter]: name });
        if (rethrow) throw new TelemetryExportError('Effort telemetry export failed', { exporter: name, cause });
        this.logFailure(name, cause);
      }
    }
  }

  private logFailure(exporter: string, cause: unknown): void {
    const now = this.clock.now();
    if (now - this.lastLogAt < this.logIntervalMs) return;
    this.lastLogAt = now;
    this.logger.warn(`agent33: effort telemetry export failed (exporter ${exporter}); further failures are counted in ${METRICS.telemetryExportFailures}`, cause);
  }

  private track(promise: Promise<unknown>): void {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
  }

  // ---- GenAI metrics ----

  private callAttributes(meta: GenAiCallMeta): Attributes {
    const attributes: Attributes = {
      [ATTR.genAiOperationName]: this.normalizer.normalize(ATTR.genAiOperationName, meta.operation) ?? OTHER_VALUE,
      [ATTR.genAiProviderName]: this.normalizer.normalize(ATTR.genAiProviderName, meta.provider) ?? OTHER_VALUE,
    };
    if (meta.requestModel !== undefined) attributes[ATTR.genAiRequestModel] = this.normalizer.normalize(ATTR.genAiRequestModel, meta.requestModel);
    if (meta.responseModel !== undefined) attributes[ATTR.genAiResponseModel] = this.normalizer.normalize(ATTR.genAiResponseModel, meta.responseModel);
    if (this.legacySystem) attributes[ATTR.genAiSystem] = attributes[ATTR.genAiProviderName];
    return attributes;
  }

  recordTokenUsage(usage: TokenUsage, meta: GenAiCallMeta): void {
    if (!this.enabled) return;
    if (usage === null || typeof usage !== 'object') throw new InvalidInputError('usage', 'must be a TokenUsage');
    const histogram = this.instruments().tokenUsage;
    const attributes = this.callAttributes(meta);
    if (validCount(usage.inputTokens)) histogram.record(usage.inputTokens, { ...attributes, [ATTR.genAiTokenType]: 'input' });
    if (validCount(usage.outputTokens)) histogram.record(usage.outputTokens, { ...attributes, [ATTR.genAiTokenType]: 'output' });
  }

  recordOperationDuration(seconds: number, meta: GenAiCallMeta & { errorType?: string }): void {
    if (!this.enabled || !validCount(seconds)) return;
    const attributes = this.callAttributes(meta);
    const errorType = boundedErrorType(meta.errorType);
    if (errorType !== undefined) attributes[ATTR.errorType] = this.normalizer.normalize(ATTR.errorType, errorType);
    this.instruments().operationDuration.record(seconds, attributes);
  }

  recordToolDuration(seconds: number, meta: { toolName: string; agentName?: string; errorType?: string }): void {
    if (!this.enabled || !validCount(seconds)) return;
    const attributes: Attributes = { [ATTR.genAiToolName]: this.normalizer.normalize(ATTR.genAiToolName, meta.toolName) };
    if (meta.agentName !== undefined) attributes[ATTR.genAiAgentName] = this.normalizer.normalize(ATTR.genAiAgentName, meta.agentName);
    const errorType = boundedErrorType(meta.errorType);
    if (errorType !== undefined) attributes[ATTR.errorType] = this.normalizer.normalize(ATTR.errorType, errorType);
    this.instruments().executeToolDuration.record(seconds, attributes);
  }

  recordCost(cost: CostEstimate, meta: GenAiCallMeta): void {
    if (!this.enabled) return;
    if (cost === null || typeof cost !== 'object') throw new InvalidInputError('cost', 'must be a CostEstimate');
    const attributes: Attributes = {
      [ATTR.genAiProviderName]: this.normalizer.normalize(ATTR.genAiProviderName, meta.provider) ?? OTHER_VALUE,
      [ATTR.genAiRequestModel]: this.normalizer.normalize(ATTR.genAiRequestModel, meta.requestModel ?? OTHER_VALUE),
    };
    if (cost.status === 'unknown') {
      this.instruments().unknownModel.add(1, attributes);
      return;
    }
    if (!validCount(cost.usd)) return;
    attributes[ATTR.costStatus] = cost.status;
    this.instruments().genAiCost.add(cost.usd, attributes);
    if (this.aggregator) {
      const tee: Record<string, string> = { [ATTR.genAiRequestModel]: String(attributes[ATTR.genAiRequestModel]), [ATTR.costStatus]: cost.status };
      if (meta.tenantId !== undefined) tee[ATTR.tenantId] = meta.tenantId;
      this.aggregator.record(METRICS.genAiCost, cost.usd, tee);
    }
  }

  // ---- spans ----

  private async runSpan<T>(
    name: string,
    kind: SpanKind,
    attributes: Attributes,
    fn: (span: Span) => Promise<T>,
    onEnd: (seconds: number, errorType: string | undefined) => void,
    beforeRun?: (span: Span) => void,
  ): Promise<T> {
    const start = this.clock.now();
    return this.tracerInstance.startActiveSpan(name, { kind, attributes, startTime: start }, async (span) => {
      let errorType: string | undefined;
      try {
        if (beforeRun && span.isRecording()) beforeRun(span);
        return await fn(span);
      } catch (error) {
        errorType = errorTypeOf(error);
        if (span.isRecording()) {
          span.setAttribute(ATTR.errorType, errorType);
          span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
        }
        throw error;
      } finally {
        const end = this.clock.now();
        span.end(end);
        // The duration metric equals the span's duration: both come from the same two clock readings.
        if (this.enabled) onEnd(Math.max(0, (end - start) / 1000), errorType);
      }
    });
  }

  withInvokeAgentSpan<T>(meta: InvokeAgentMeta, fn: (span: Span) => Promise<T>): Promise<T> {
    if (typeof meta?.agentName !== 'string') return Promise.reject(new InvalidInputError('agentName', 'must be a string'));
    const attributes: Attributes = { [ATTR.genAiOperationName]: GEN_AI_OPERATIONS.invokeAgent, [ATTR.genAiAgentName]: meta.agentName };
    if (meta.agentId !== undefined) attributes[ATTR.genAiAgentId] = meta.agentId;
    if (meta.agentVersion !== undefined) attributes[ATTR.genAiAgentVersion] = meta.agentVersion;
    if (meta.conversationId !== undefined) attributes[ATTR.genAiConversationId] = meta.conversationId;
    if (meta.provider !== undefined) attributes[ATTR.genAiProviderName] = meta.provider;
    return this.runSpan(
      `${SPANS.invokeAgent} ${meta.agentName}`,
      SpanKind.INTERNAL,
      attributes,
      fn,
      (seconds, errorType) => {
        const metricAttributes: Attributes = { [ATTR.genAiAgentName]: this.normalizer.normalize(ATTR.genAiAgentName, meta.agentName) };
        if (errorType !== undefined) metricAttributes[ATTR.errorType] = this.normalizer.normalize(ATTR.errorType, errorType);
        this.instruments().invokeAgentDuration.record(seconds, metricAttributes);
      },
      meta.input === undefined ? undefined : (span) => this.captureContent(span, 'input', meta.input),
    );
  }

  withChatSpan<T>(meta: GenAiCallMeta, fn: (span: Span) => Promise<T>): Promise<T> {
    if (typeof meta?.operation !== 'string' || typeof meta.provider !== 'string') return Promise.reject(new InvalidInputError('meta', 'operation and provider must be strings'));
    const attributes: Attributes = { [ATTR.genAiOperationName]: meta.operation, [ATTR.genAiProviderName]: meta.provider };
    if (this.legacySystem) attributes[ATTR.genAiSystem] = meta.provider;
    if (meta.requestModel !== undefined) attributes[ATTR.genAiRequestModel] = meta.requestModel;
    if (meta.serverAddress !== undefined) attributes[ATTR.serverAddress] = meta.serverAddress;
    if (meta.serverPort !== undefined) attributes[ATTR.serverPort] = meta.serverPort;
    const name = meta.requestModel === undefined ? meta.operation : `${meta.operation} ${meta.requestModel}`;
    return this.runSpan(
      name,
      SpanKind.CLIENT,
      attributes,
      fn,
      (seconds, errorType) => this.recordOperationDuration(seconds, errorType === undefined ? meta : { ...meta, errorType }),
      (span) => {
        if (meta.inputMessages !== undefined) this.captureContent(span, 'input', meta.inputMessages);
        if (meta.systemInstructions !== undefined) this.captureContent(span, 'system', meta.systemInstructions);
      },
    );
  }

  withToolSpan<T>(meta: ToolSpanMeta, fn: (span: Span) => Promise<T>): Promise<T> {
    if (typeof meta?.toolName !== 'string') return Promise.reject(new InvalidInputError('toolName', 'must be a string'));
    const attributes: Attributes = { [ATTR.genAiOperationName]: GEN_AI_OPERATIONS.executeTool, [ATTR.genAiToolName]: meta.toolName };
    if (meta.toolType !== undefined) attributes[ATTR.genAiToolType] = meta.toolType;
    if (meta.agentName !== undefined) attributes[ATTR.genAiAgentName] = meta.agentName;
    if (meta.callId !== undefined) attributes[ATTR.genAiToolCallId] = meta.callId;
    return this.runSpan(
      `${SPANS.executeTool} ${meta.toolName}`,
      SpanKind.INTERNAL,
      attributes,
      fn,
      (seconds, errorType) => this.recordToolDuration(seconds, errorType === undefined ? meta : { ...meta, errorType }),
      meta.arguments === undefined
        ? undefined
        : (span) => {
            if (this.shouldCaptureContent('tool')) span.setAttribute(ATTR.genAiToolCallArguments, JSON.stringify(this.redactContent(meta.arguments)) ?? 'null');
          },
    );
  }

  withWorkflowSpan<T>(meta: { workflowName: string }, fn: (span: Span) => Promise<T>): Promise<T> {
    if (typeof meta?.workflowName !== 'string') return Promise.reject(new InvalidInputError('workflowName', 'must be a string'));
    return this.runSpan(
      `${SPANS.invokeWorkflow} ${meta.workflowName}`,
      SpanKind.INTERNAL,
      { [ATTR.genAiOperationName]: 'invoke_workflow', [ATTR.genAiWorkflowName]: meta.workflowName },
      fn,
      (seconds, errorType) => {
        const attributes: Attributes = { [ATTR.genAiWorkflowName]: this.normalizer.normalize(ATTR.genAiWorkflowName, meta.workflowName) };
        if (errorType !== undefined) attributes[ATTR.errorType] = this.normalizer.normalize(ATTR.errorType, errorType);
        this.instruments().workflowDuration.record(seconds, attributes);
      },
    );
  }

  shouldCaptureContent(kind: ContentKind): boolean {
    return this.capture(kind);
  }

  captureContent(span: Span, kind: ContentKind, value: unknown): void {
    if (!this.capture(kind) || !span.isRecording()) return;
    let text: string;
    try {
      text = typeof value === 'string' ? (this.redactContent(value) as string) : (JSON.stringify(this.redactContent(value)) ?? 'null');
    } catch {
      // Content that cannot be serialised is not worth failing a call over.
      return;
    }
    span.setAttribute(CONTENT_ATTRIBUTE[kind], text);
  }

  allowAttributeValues(key: string, values: Iterable<string>): void {
    this.normalizer.allow(key, values);
  }

  // ---- propagation and lifecycle ----

  injectTraceContext(carrier: Record<string, string>, ctx?: Context): void {
    injectTraceContext(carrier, ctx);
  }

  extractTraceContext(carrier: Readonly<Record<string, string>>): Context {
    return extractTraceContext(carrier);
  }

  async flush(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    await Promise.allSettled(this.exporters.map((exporter) => exporter.flush?.()));
    await Promise.allSettled([...this.pending]);
  }

  async shutdown(): Promise<void> {
    await this.flush();
    await Promise.allSettled(this.exporters.map((exporter) => exporter.shutdown?.()));
  }
}

/**
 * Creates the agent telemetry facade over `@opentelemetry/api`. Without an SDK every call is a cheap no-op; an SDK
 * registered later is picked up on the next record. Metric attributes stay bounded (no tenant, domain, policy key
 * or free-text model names: models outside the allowlist become `_OTHER`); prompt and response content is recorded
 * only when `captureContent` allows it, after redaction. Throws {@link ConfigError} for malformed options.
 */
export function createAgentTelemetry(options: ObservabilityOptions = {}): AgentTelemetry {
  validateOptions(options);
  return new Telemetry(options);
}
