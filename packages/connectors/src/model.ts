import { ConnectorConfigError } from './errors/connector-config-error.js';

/** A connector id by convention `family:name` (`mcp:github`, `llm:openai`, `tool:web_fetch`). */
export type ConnectorId = `${string}:${string}`;

/** One outbound call as the boundary sees it. Immutable: results never travel back through it. */
export interface ConnectorRequest<P = unknown> {
  /** Connector id, `family:name` by convention. */
  readonly connector: ConnectorId | string;
  /** HTTP verb, `"VERB /path"`, or the JSON-RPC / MCP method. */
  readonly operation: string;
  /** Call payload; governance may read it, telemetry never records it. */
  readonly payload?: P;
  /** Hints: `timeout_seconds` (parity), `url`, `tool`, `annotations` (MCP tool hints for governance). */
  readonly metadata?: Readonly<Record<string, unknown>>;
  /** Total deadline for the call, across attempts; ≤ 0 disables. Overrides the boundary default. */
  readonly timeoutMs?: number;
  /** The caller's signal; aborting it releases the caller at once with `CONNECTOR_ABORTED`. */
  readonly signal?: AbortSignal;
  /** Whether the call may be retried safely; inferred from the operation when absent. */
  readonly idempotent?: boolean;
  /** Tenant, for tenant-scoped governance rules. */
  readonly tenantId?: string;
  /** Receives the call's report once the call ends (success or failure). */
  readonly onReport?: (report: CallReport) => void;
}

/** What happened during one logical call (replaces the reference's mutated `metadata.boundary_metrics`). */
export interface CallReport {
  /** Handler invocations. */
  attempts: number;
  /** Attempts that returned a value. */
  successes: number;
  /** Attempts that failed (including attempts cut off by a timeout or the caller's abort). */
  failures: number;
  /** Duration of the last attempt, milliseconds. */
  latencyMs: number;
  /** Duration of the whole call, milliseconds. */
  totalLatencyMs: number;
}

/** What a handler (and every middleware) sees of the call in progress. */
export interface CallContext<P = unknown> {
  readonly request: ConnectorRequest<P>;
  /** Aborts when the deadline passes, an attempt times out or the caller aborts. Created lazily. */
  readonly signal: AbortSignal;
  /** Absolute deadline on the boundary's clock (ms), undefined when the call has none. */
  readonly deadline: number | undefined;
  /** 1-based number of the current attempt (0 before the first). */
  readonly attempt: number;
  /** Milliseconds left before the deadline (`Infinity` without one). */
  remainingMs(): number;
  /** Free-form attributes middlewares and handlers share (span attributes, tool names). */
  readonly attributes: Map<string, unknown>;
  readonly report: Readonly<CallReport>;
}

/** The real outbound call: request in, awaitable result out. */
export type Handler<T, P = unknown> = (ctx: CallContext<P>) => Promise<T>;

/** One step of the pipeline. Short-circuit by throwing; `next` runs the rest of the chain. */
export interface Middleware {
  readonly name: string;
  handle<T>(ctx: CallContext, next: (ctx: CallContext) => Promise<T>): Promise<T>;
}

/** Runs requests through a fixed middleware chain. */
export interface ConnectorExecutor {
  execute<T, P = unknown>(request: ConnectorRequest<P>, handler: Handler<T, P>): Promise<T>;
  /** Middleware names, outermost first. */
  readonly order: readonly string[];
}

/** Returned by subscriptions; `dispose()` unsubscribes. */
export interface Subscription {
  dispose(): void;
}

/** The reference's per-call metrics shape (`metadata.boundary_metrics`). */
export interface BoundaryMetrics {
  calls: number;
  success: number;
  failure: number;
  latency_ms: number;
}

/** Converts a call report to the reference's `{calls, success, failure, latency_ms}` (latency rounded to 2 dp). */
export function toBoundaryMetrics(report: CallReport): BoundaryMetrics {
  if (typeof report !== 'object' || report === null) throw new ConnectorConfigError('report', 'expected a CallReport');
  return {
    calls: report.attempts,
    success: report.successes,
    failure: report.failures,
    latency_ms: Math.round(report.latencyMs * 100) / 100,
  };
}
