import type { Context, MeterProvider, Span, TracerProvider } from '@opentelemetry/api';
import type { InProcessAggregator } from '../alerts/metric-source.js';
import type { Clock } from '../clock.js';
import type { RoutingDecision } from '../effort/types.js';
import type { CostEstimate } from '../pricing/price-entry.js';
import type { TokenUsage } from '../pricing/token-usage.js';
import type { DecisionEventExporter } from './decision-events.js';
import type { AttributeLimits } from './value-normalizer.js';

/** Which kind of content a capture decision is about. */
export type ContentKind = 'input' | 'output' | 'system' | 'tool';

/** Options of {@link createAgentTelemetry}. */
export interface ObservabilityOptions {
  /** false: every method returns after one flag check. Default true. */
  enabled?: boolean;
  /** Default: the global provider, re-resolved whenever it changes (the metrics API has no proxy provider). */
  meterProvider?: MeterProvider;
  /** Default: the global provider (the trace API proxies, so late registration works). */
  tracerProvider?: TracerProvider;
  /** Bounds on metric attribute values; model keys are strict (allowlist only). */
  attributeLimits?: Partial<AttributeLimits>;
  /** Prompt/response content on spans: off unless this is true or returns true for the kind. */
  captureContent?: boolean | ((kind: ContentKind) => boolean);
  /** Also set the legacy `gen_ai.system` next to `gen_ai.provider.name`. */
  emitLegacyGenAiSystem?: boolean;
  /** Decision event exporters (JSONL file, callback, …). */
  exporters?: readonly DecisionEventExporter[];
  /** true: `recordRoutingDecision` waits for the exporters and rejects with `TelemetryExportError` on failure. */
  failClosed?: boolean;
  /** In-process aggregator every recorded value is also written to (for the alert engine). */
  aggregator?: InProcessAggregator;
  /** Applied to captured content before it becomes a span attribute. Default: `redact()`. */
  redact?: (value: unknown) => unknown;
  /** Put `agent33.tenant.id` and `agent33.effort.domain` on spans (never on metrics). Default false. */
  spanTenantAttributes?: boolean;
  /** Timestamps of events and spans. Default `systemClock`. */
  clock?: Clock;
  /** Where fail-open export failures are reported, at most once per `logIntervalMs`. Default `console`. */
  logger?: { warn(message: string, details?: unknown): void };
  /** Default 60 000. */
  logIntervalMs?: number;
}

/** Common attributes of a GenAI model call. */
export interface GenAiCallMeta {
  operation: 'chat' | 'text_completion' | 'embeddings' | 'generate_content' | (string & {});
  provider: string;
  requestModel?: string;
  responseModel?: string;
  serverAddress?: string;
  serverPort?: number;
  /** Only the aggregator sees it (per-tenant cost budgets); never an OTel metric attribute. */
  tenantId?: string;
  /** Captured as `gen_ai.input.messages` when content capture allows. */
  inputMessages?: unknown;
  /** Captured as `gen_ai.system_instructions` when content capture allows. */
  systemInstructions?: unknown;
}

/** Attributes of an `invoke_agent` span. */
export interface InvokeAgentMeta {
  agentName: string;
  agentId?: string;
  agentVersion?: string;
  conversationId?: string;
  provider?: string;
  /** The run's inputs, captured as `gen_ai.input.messages` when content capture allows. */
  input?: unknown;
}

/** Attributes of an `execute_tool` span. */
export interface ToolSpanMeta {
  toolName: string;
  toolType?: string;
  agentName?: string;
  callId?: string;
  /** Captured as the tool call arguments when content capture allows (kind `tool`). */
  arguments?: unknown;
}

/** An invocation's end: success, or a low-cardinality error type (a taxonomy code such as `F-EXE-TL08`). */
export type InvocationOutcome = { ok: true } | { ok: false; errorType: string };

/** Records effort decisions, GenAI spans and metrics, and cost. */
export interface AgentTelemetry {
  /**
   * Records a routing decision (metrics, span attributes, decision event). Call it once per invocation, right
   * before the model call, and await it: with `failClosed`, it rejects with `TelemetryExportError` when an exporter
   * fails, and the caller must not call the model. Fail-open returns without waiting for exporters.
   */
  recordRoutingDecision(decision: RoutingDecision, ctx?: { span?: Span; agentName?: string }): void | Promise<void>;
  /** Records how the routed invocation ended (a second event and the outcomes counter), so failed calls count. */
  recordInvocationOutcome(decision: RoutingDecision, outcome: InvocationOutcome, ctx?: { span?: Span; agentName?: string }): void;
  /** `gen_ai.client.token.usage`, one point each for input and output. Negative or non-finite counts are skipped. */
  recordTokenUsage(usage: TokenUsage, meta: GenAiCallMeta): void;
  /** `gen_ai.client.operation.duration` in seconds (negative or non-finite values are skipped). */
  recordOperationDuration(seconds: number, meta: GenAiCallMeta & { errorType?: string }): void;
  /** `gen_ai.execute_tool.duration` in seconds. */
  recordToolDuration(seconds: number, meta: { toolName: string; agentName?: string; errorType?: string }): void;
  /** `agent33.gen_ai.cost`; an unknown price increments `agent33.pricing.unknown_model` instead. */
  recordCost(cost: CostEstimate, meta: GenAiCallMeta): void;
  /** Runs `fn` inside an `invoke_agent {agent}` span and records `gen_ai.invoke_agent.duration`. */
  withInvokeAgentSpan<T>(meta: InvokeAgentMeta, fn: (span: Span) => Promise<T>): Promise<T>;
  /** Runs `fn` inside a `{operation} {model}` client span and records `gen_ai.client.operation.duration`. */
  withChatSpan<T>(meta: GenAiCallMeta, fn: (span: Span) => Promise<T>): Promise<T>;
  /** Runs `fn` inside an `execute_tool {tool}` span and records `gen_ai.execute_tool.duration`. */
  withToolSpan<T>(meta: ToolSpanMeta, fn: (span: Span) => Promise<T>): Promise<T>;
  /** Runs `fn` inside an `invoke_workflow {workflow}` span and records `gen_ai.workflow.duration`. */
  withWorkflowSpan<T>(meta: { workflowName: string }, fn: (span: Span) => Promise<T>): Promise<T>;
  /** Sets a content attribute on `span` when content capture allows `kind` (redacted, JSON-encoded). */
  captureContent(span: Span, kind: ContentKind, value: unknown): void;
  /** Whether content of `kind` may be recorded. */
  shouldCaptureContent(kind: ContentKind): boolean;
  /** Adds values to an attribute allowlist (tier models, registered agents and tools). */
  allowAttributeValues(key: string, values: Iterable<string>): void;
  /** Writes the active (or given) trace context into `carrier` through the registered propagator. */
  injectTraceContext(carrier: Record<string, string>, ctx?: Context): void;
  /** Reads a trace context from `carrier` through the registered propagator. */
  extractTraceContext(carrier: Readonly<Record<string, string>>): Context;
  /** Waits for pending exports. */
  flush(): Promise<void>;
  /** Flushes and shuts the exporters down. */
  shutdown(): Promise<void>;
}
