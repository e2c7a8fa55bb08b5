import { systemClock, type Clock } from '@agent33/observability';
import { createBreakerRegistry } from './breaker/breaker-registry.js';
import type { BreakerOptions, BreakerRegistry, FailureClassifier } from './breaker/types.js';
import type { CallShared } from './call-state.js';
import { CallState } from './call-state.js';
import { DeadlineScheduler } from './deadline-scheduler.js';
import { createGuardedFetch } from './egress/guarded-fetch.js';
import type { EgressPolicy } from './egress/url-guard.js';
import { ConnectorConfigError } from './errors/connector-config-error.js';
import { ConnectorError } from './errors/connector-error.js';
import { ConnectorHttpError } from './errors/connector-http-error.js';
import { ConnectorTransportError } from './errors/connector-transport-error.js';
import { EventHub, type BoundaryEvent, type BoundaryEventMap } from './events.js';
import { assertRequest, classifyingTerminal, compose, plainTerminal } from './executor.js';
import { resolveGovernance, type PolicyPackInput } from './governance/resolve.js';
import type { GovernancePolicy } from './governance/types.js';
import { attemptTimeoutMiddleware } from './middleware/attempt-timeout.js';
import { breakerMiddleware } from './middleware/breaker.js';
import { bulkheadMiddleware, type BulkheadOptions } from './middleware/bulkhead.js';
import { deadlineMiddleware } from './middleware/deadline.js';
import { egressMiddleware } from './middleware/egress.js';
import { applyDecision, governanceMiddleware, type PolicyHolder } from './middleware/governance.js';
import { attemptMetricsMiddleware } from './middleware/metrics.js';
import { rateLimitMiddleware, type RateLimitOptions } from './middleware/rate-limit.js';
import { normaliseRetry, retryMiddleware, type RetryOptions } from './middleware/retry.js';
import type { CallContext, ConnectorExecutor, ConnectorId, ConnectorRequest, Handler, Middleware, Subscription } from './model.js';
import { presetValues, type BoundaryPreset } from './presets.js';
import { MetricsCollector, type ConnectorMetricsCollector } from './telemetry/collector.js';
import { ConnectorTelemetry, type TelemetryOptions } from './telemetry/otel.js';

/** Everything a boundary can be configured with; every field is optional. */
export interface BoundaryOptions {
  /** Master switch. `false` gives a passthrough boundary with the same API. Default true. */
  enabled?: boolean;
  preset?: BoundaryPreset;
  policyPack?: PolicyPackInput;
  onUnknownPack?: 'throw' | 'fallback';
  blockedConnectors?: Iterable<string>;
  blockedOperations?: Iterable<string>;
  /** An extra policy evaluated after the packs. */
  governance?: GovernancePolicy;
  /** Default total deadline per call; ≤ 0 disables. Default 30 000 ms. */
  timeoutMs?: number;
  attemptTimeoutMs?: number;
  retry?: number | RetryOptions;
  breaker?: false | BreakerOptions;
  breakers?: BreakerRegistry;
  bulkhead?: false | BulkheadOptions;
  rateLimit?: false | RateLimitOptions;
  egress?: EgressPolicy;
  /** Egress policy per connector id, merged over `egress` (e.g. `llm:ollama` → `allowPrivateHosts`). */
  egressByConnector?: Readonly<Record<string, EgressPolicy>>;
  classify?: FailureClassifier;
  /** `false` turns spans and instruments off. Default: the global OTel API (no-op without a provider). */
  telemetry?: false | TelemetryOptions;
  /** Middleware names, outermost first (a subset of the logical order, or a custom order). */
  order?: readonly string[];
  clock?: Clock;
  /** Receives every event, including those emitted while the boundary is built (e.g. `governance.unknown_pack`). */
  onEvent?: (event: BoundaryEvent) => void;
  /** Connectors the in-memory collector keeps. Default 1000. */
  maxTrackedConnectors?: number;
}

/** `describe()`: what is configured and what runs, as JSON. */
export interface BoundaryDescription {
  enabled: boolean;
  preset: BoundaryPreset;
  policyVersion: number;
  packs: readonly string[];
  blockedConnectors: readonly string[];
  blockedOperations: readonly string[];
  logicalOrder: readonly string[];
  activeOrder: readonly string[];
  timeoutMs: number | undefined;
  attemptTimeoutMs: number | undefined;
  retry: RetryOptions | undefined;
  breaker: BreakerOptions | false;
  bulkhead: BulkheadOptions | false;
  rateLimit: RateLimitOptions | false;
}

/** Options of `boundary.fetch` beyond `RequestInit`. */
export interface BoundaryFetchInit extends RequestInit {
  /** Operation name; default the upper-cased method. */
  operation?: string;
  /** Total deadline for this call. */
  timeoutMs?: number;
  /** Throw `ConnectorHttpError` for 4xx/5xx responses. Default true. */
  throwOnHttpError?: boolean;
  /** Policy pack for this call site (validated; unknown names throw unless the preset falls back). */
  policyPack?: string;
}

/** The boundary: an executor plus governance, egress, breakers, metrics and events. */
export interface ConnectorBoundary extends ConnectorExecutor {
  readonly isEnabled: boolean;
  /** An executor for one call site with option overrides (shares breakers, metrics, events and scheduler). */
  forConnector(id: ConnectorId | string, overrides?: Partial<BoundaryOptions>): ConnectorExecutor;
  /** Synchronous governance only (no timeout, breaker or metrics); throws `GovernanceDeniedError`. */
  enforceGovernance(request: ConnectorRequest): void;
  /** fetch through the boundary and the egress guard. */
  fetch(connector: ConnectorId | string, input: string | URL | Request, init?: BoundaryFetchInit): Promise<Response>;
  /** Replaces the governance in force atomically for the next call; returns the new version. */
  setPolicy(update: { policyPack?: PolicyPackInput; governance?: GovernancePolicy; blockedConnectors?: Iterable<string>; blockedOperations?: Iterable<string> }): number;
  readonly breakers: BreakerRegistry;
  readonly metrics: ConnectorMetricsCollector;
  /** Calls released at a deadline or abort while their handler kept running. */
  readonly orphaned: number;
  on<K extends keyof BoundaryEventMap>(event: K, fn: (event: BoundaryEventMap[K]) => void): Subscription;
  describe(): BoundaryDescription;
  /** Egress policy in force for a connector. */
  egressFor(connector: string): EgressPolicy;
  /**
   * Follows a body streamed after the call returned (the call itself counted as a success at headers): its
   * completion or failure is recorded in the metrics collector, as a `stream.end` event and as a span.
   */
  trackStream<T>(connector: string, operation: string, stream: ReadableStream<T>): ReadableStream<T>;
  close(): Promise<void>;
}

interface SharedParts {
  shared: CallShared;
  events: EventHub;
  breakers: BreakerRegistry;
  collector: MetricsCollector;
  holder: PolicyHolder;
  resolved: { packs: readonly string[]; blockedConnectors: readonly string[]; blockedOperations: readonly string[] };
  telemetry: ConnectorTelemetry | undefined;
  clock: Clock;
}

function checkOptions(options: BoundaryOptions): void {
  if (typeof options !== 'object' || options === null) throw new ConnectorConfigError('options', 'expected an object');
  if (options.preset !== undefined && !['default', 'compat', 'agent33-head'].includes(options.preset)) {
    throw new ConnectorConfigError('preset', `unknown preset "${String(options.preset)}"`);
  }
  for (const field of ['timeoutMs', 'attemptTimeoutMs'] as const) {
    const value = options[field];
    if (value !== undefined && (typeof value !== 'number' || Number.isNaN(value))) throw new ConnectorConfigError(field, 'must be a number');
  }
  if (options.onUnknownPack !== undefined && options.onUnknownPack !== 'throw' && options.onUnknownPack !== 'fallback') {
    throw new ConnectorConfigError('onUnknownPack', "must be 'throw' or 'fallback'");
  }
}

function buildChain(options: BoundaryOptions, parts: SharedParts, egressFor: (connector: string) => EgressPolicy): { middlewares: Middleware[]; logical: readonly string[] } {
  const preset = presetValues(options.preset ?? 'default');
  const logical = options.order ?? preset.order;
  const retry = normaliseRetry(options.retry);
  const breakerOn = options.breaker === undefined ? preset.breakerOn : options.breaker !== false;
  const breakerOptions = { ...preset.breaker, ...(options.breaker === false ? {} : options.breaker) };
  const telemetry = parts.telemetry;
  const factories: Record<string, () => Middleware | undefined> = {
    governance: () =>
      governanceMiddleware(parts.holder, parts.events, telemetry === undefined ? undefined : (error, request) => telemetry.rejected(request, error)),
    egress: () => egressMiddleware(egressFor, parts.events),
    telemetry: () => telemetry?.middleware(),
    timeout: () => deadlineMiddleware(options.timeoutMs ?? 30_000),
    retry: () => (retry !== undefined && retry.maxAttempts > 1 ? retryMiddleware(retry, parts.clock, parts.events, preset.compatRetry) : undefined),
    rate_limit: () => (options.rateLimit ? rateLimitMiddleware(options.rateLimit, parts.clock) : undefined),
    bulkhead: () => (options.bulkhead ? bulkheadMiddleware(options.bulkhead, parts.events) : undefined),
    circuit_breaker: () => (breakerOn ? breakerMiddleware(parts.breakers, breakerOptions, parts.events) : undefined),
    attempt_timeout: () => (options.attemptTimeoutMs !== undefined && options.attemptTimeoutMs > 0 ? attemptTimeoutMiddleware(options.attemptTimeoutMs) : undefined),
    metrics: () => attemptMetricsMiddleware(parts.events),
  };
  const middlewares: Middleware[] = [];
  for (const name of logical) {
    const factory = factories[name];
    if (factory === undefined) throw new ConnectorConfigError('order', `unknown middleware "${name}" (known: ${Object.keys(factories).join(', ')})`);
    const middleware = factory();
    if (middleware !== undefined) middlewares.push(middleware);
  }
  return { middlewares, logical };
}

function parseRetryAfter(value: string | null, clock: Clock): number | undefined {
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - clock.now());
}

class Boundary implements ConnectorBoundary {
  readonly order: readonly string[];
  readonly isEnabled: boolean;
  private readonly chain: (ctx: CallContext) => Promise<unknown>;
  private readonly logical: readonly string[];
  private readonly guardedFetches = new Map<string, ReturnType<typeof createGuardedFetch>>();
  private readonly breakerSubscription: Subscription;

  constructor(
    private readonly options: BoundaryOptions,
    private readonly parts: SharedParts,
    private readonly ownsShared: boolean,
  ) {
    this.isEnabled = options.enabled ?? true;
    if (this.isEnabled) {
      const { middlewares, logical } = buildChain(options, parts, (connector) => this.egressFor(connector));
      const preset = presetValues(options.preset ?? 'default');
      this.chain = compose(middlewares, classifyingTerminal(options.classify ?? preset.classify, parts.clock));
      this.order = middlewares.map((middleware) => middleware.name);
      this.logical = logical;
    } else {
      this.chain = plainTerminal as (ctx: CallContext) => Promise<unknown>;
      this.order = [];
      this.logical = [];
    }
    this.breakerSubscription = ownsShared
      ? parts.breakers.onStateChange((event) => {
          parts.collector.recordCircuitEvent(event);
          parts.events.emit('breaker.transition', event);
        })
      : { dispose: () => undefined };
  }

  get breakers(): BreakerRegistry {
    return this.parts.breakers;
  }

  get metrics(): ConnectorMetricsCollector {
    return this.parts.collector;
  }

  get orphaned(): number {
    return this.parts.shared.orphaned;
  }

  execute<T, P = unknown>(request: ConnectorRequest<P>, handler: Handler<T, P>): Promise<T> {
    assertRequest(request, handler);
    const state = new CallState(request as ConnectorRequest, handler as Handler<unknown>, this.parts.shared);
    const promise = this.chain(state as CallContext);
    // A disabled boundary with nobody asking for reports is a plain passthrough.
    if (!this.isEnabled && request.onReport === undefined && !this.parts.events.wants('call.end')) return promise as Promise<T>;
    return promise.then(
      (value) => {
        this.finish(state, true, undefined);
        return value as T;
      },
      (error: unknown) => {
        this.finish(state, false, error);
        throw error;
      },
    );
  }

  private finish(state: CallState, ok: boolean, error: unknown): void {
    const report = state.report;
    // The last attempt's settle time is the end of the call unless the call was released early (or never attempted).
    const end = state.released === undefined && state.report.attempts > 0 && state.attemptSettled ? state.settledAt : this.parts.clock.now();
    report.totalLatencyMs = end - state.startedAt;
    if (!ok && ConnectorError.isInstance(error) && error.attempts === 0) error.attempts = report.attempts;
    if (this.isEnabled) this.parts.collector.record(state.request.connector, ok, report.totalLatencyMs);
    const onReport = state.request.onReport;
    if (onReport !== undefined) {
      try {
        onReport(report);
      } catch {
        // a report observer never changes the call's outcome
      }
    }
    if (this.parts.events.wants('call.end')) {
      this.parts.events.emit('call.end', { connector: state.request.connector, operation: state.request.operation, report, ...(ok ? {} : { error }) });
    }
  }

  forConnector(id: ConnectorId | string, overrides: Partial<BoundaryOptions> = {}): ConnectorExecutor {
    if (typeof id !== 'string' || id === '') throw new ConnectorConfigError('connector', 'expected a non-empty connector id');
    checkOptions(overrides);
    const merged: BoundaryOptions = { ...this.options, ...overrides };
    let parts = this.parts;
    if (overrides.policyPack !== undefined || overrides.blockedConnectors !== undefined || overrides.blockedOperations !== undefined || overrides.governance !== undefined) {
      const resolved = resolveGovernance({
        policyPack: merged.policyPack,
        blockedConnectors: merged.blockedConnectors,
        blockedOperations: merged.blockedOperations,
        governance: merged.governance,
        onUnknownPack: merged.onUnknownPack ?? presetValues(merged.preset ?? 'default').onUnknownPack,
        onFallback: (pack) => this.parts.events.emit('governance.unknown_pack', { pack }),
      });
      parts = { ...this.parts, holder: { policy: resolved.policy, version: 1 }, resolved };
    }
    if (overrides.egress !== undefined) {
      merged.egressByConnector = { ...this.options.egressByConnector, [id]: { ...this.options.egressByConnector?.[id], ...overrides.egress } };
    }
    const executor = new Boundary(merged, parts, false);
    return { order: executor.order, execute: (request, handler) => executor.execute(request, handler) };
  }

  enforceGovernance(request: ConnectorRequest): void {
    if (!this.isEnabled) return;
    assertRequest(request, () => undefined);
    const decision = this.parts.holder.policy.evaluate(request);
    if (decision instanceof Promise) throw new ConnectorConfigError('governance', 'enforceGovernance needs a synchronous policy');
    applyDecision(decision, request, this.parts.holder, this.parts.events, (error) => this.parts.telemetry?.rejected(request, error));
  }

  egressFor(connector: string): EgressPolicy {
    const base = this.options.egress ?? {};
    const specific = this.options.egressByConnector?.[connector];
    return specific === undefined ? base : { ...base, ...specific };
  }

  async fetch(connector: ConnectorId | string, input: string | URL | Request, init: BoundaryFetchInit = {}): Promise<Response> {
    const { operation: explicit, timeoutMs, throwOnHttpError, policyPack, ...requestInit } = init;
    const executor: ConnectorExecutor = policyPack === undefined ? this : this.packExecutor(connector, policyPack);
    const method = (requestInit.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const operation = explicit ?? method;
    const url = input instanceof Request ? input.url : input instanceof URL ? input.href : String(input);
    let guarded = this.guardedFetches.get(connector);
    if (guarded === undefined) {
      guarded = createGuardedFetch(this.egressFor(connector));
      if (this.guardedFetches.size < 1000) this.guardedFetches.set(connector, guarded);
    }
    const fetchOnce = guarded;
    return executor.execute(
      {
        connector,
        operation,
        metadata: { url },
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        ...(requestInit.signal ? { signal: requestInit.signal } : {}),
      },
      async (ctx) => {
        let response: Response;
        try {
          response = await fetchOnce(input, { ...requestInit, signal: ctx.signal });
        } catch (error) {
          if (ConnectorError.isInstance(error)) throw error;
          if ((error as { name?: string }).name === 'AbortError' || (error as { name?: string }).name === 'TimeoutError') throw error;
          throw new ConnectorTransportError(`transport error for ${url}: ${(error as Error).message ?? String(error)}`, { connector, operation, cause: error });
        }
        if ((throwOnHttpError ?? true) && response.status >= 400) {
          void response.body?.cancel();
          const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.parts.clock);
          throw new ConnectorHttpError(response.status, `HTTP ${response.status} ${response.statusText} for ${method} ${url}`, {
            connector,
            operation,
            ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
          });
        }
        return response;
      },
    );
  }

  trackStream<T>(connector: string, operation: string, stream: ReadableStream<T>): ReadableStream<T> {
    if (!(stream instanceof ReadableStream)) throw new ConnectorConfigError('stream', 'expected a ReadableStream');
    const started = this.parts.clock.now();
    const reader = stream.getReader();
    let chunks = 0;
    let done = false;
    const end = (ok: boolean, error?: unknown): void => {
      if (done) return;
      done = true;
      const durationMs = this.parts.clock.now() - started;
      this.parts.collector.record(connector, ok, durationMs);
      if (!ok) this.parts.telemetry?.rejected({ connector, operation: `${operation} stream` }, error);
      if (this.parts.events.wants('stream.end')) {
        this.parts.events.emit('stream.end', { connector, operation, ok, chunks, durationMs, ...(error === undefined ? {} : { error }) });
      }
    };
    return new ReadableStream<T>({
      async pull(controller) {
        try {
          const { done: finished, value } = await reader.read();
          if (finished) {
            end(true);
            controller.close();
            return;
          }
          chunks += 1;
          controller.enqueue(value);
        } catch (error) {
          end(false, error);
          controller.error(error);
        }
      },
      cancel(reason) {
        end(true);
        return reader.cancel(reason);
      },
    });
  }

  private readonly packExecutors = new Map<string, ConnectorExecutor>();

  private packExecutor(connector: string, pack: string): ConnectorExecutor {
    const key = `${connector}\u0000${pack}`;
    let executor = this.packExecutors.get(key);
    if (executor === undefined) {
      executor = this.forConnector(connector, { policyPack: pack });
      if (this.packExecutors.size < 1000) this.packExecutors.set(key, executor);
    }
    return executor;
  }

  setPolicy(update: { policyPack?: PolicyPackInput; governance?: GovernancePolicy; blockedConnectors?: Iterable<string>; blockedOperations?: Iterable<string> }): number {
    if (typeof update !== 'object' || update === null) throw new ConnectorConfigError('update', 'expected an object');
    const resolved = resolveGovernance({
      policyPack: update.policyPack ?? this.options.policyPack,
      blockedConnectors: update.blockedConnectors ?? this.options.blockedConnectors,
      blockedOperations: update.blockedOperations ?? this.options.blockedOperations,
      governance: update.governance ?? this.options.governance,
      onUnknownPack: this.options.onUnknownPack ?? presetValues(this.options.preset ?? 'default').onUnknownPack,
      onFallback: (pack) => this.parts.events.emit('governance.unknown_pack', { pack }),
    });
    // One assignment of a fresh policy object, then the version: a call sees the old or the new policy, never a mix.
    this.parts.holder.policy = resolved.policy;
    this.parts.holder.version += 1;
    this.parts.resolved = resolved;
    return this.parts.holder.version;
  }

  on<K extends keyof BoundaryEventMap>(event: K, fn: (event: BoundaryEventMap[K]) => void): Subscription {
    return this.parts.events.on(event, fn);
  }

  describe(): BoundaryDescription {
    const preset = this.options.preset ?? 'default';
    const values = presetValues(preset);
    const retry = normaliseRetry(this.options.retry);
    const breakerOn = this.options.breaker === undefined ? values.breakerOn : this.options.breaker !== false;
    return {
      enabled: this.isEnabled,
      preset,
      policyVersion: this.parts.holder.version,
      packs: this.parts.resolved.packs,
      blockedConnectors: this.parts.resolved.blockedConnectors,
      blockedOperations: this.parts.resolved.blockedOperations,
      logicalOrder: this.logical.length > 0 ? this.logical : (this.options.order ?? values.order),
      activeOrder: this.order,
      timeoutMs: this.options.timeoutMs ?? 30_000,
      attemptTimeoutMs: this.options.attemptTimeoutMs,
      retry,
      breaker: breakerOn ? { ...values.breaker, ...(this.options.breaker || {}) } : false,
      bulkhead: this.options.bulkhead ?? false,
      rateLimit: this.options.rateLimit ?? false,
    };
  }

  async close(): Promise<void> {
    if (!this.ownsShared) return;
    this.breakerSubscription.dispose();
    this.parts.shared.scheduler.close();
  }
}

const TIME_ORIGIN = performance.timeOrigin;

/**
 * The system clock with its time origin read once: `performance.timeOrigin` is a validating getter, and a call
 * reads the clock three or four times, so this halves the cost of the clock on the hot path. Same values.
 */
const FAST_SYSTEM_CLOCK: Clock = { now: () => TIME_ORIGIN + performance.now(), sleep: (ms, signal) => systemClock.sleep(ms, signal) };

/**
 * Creates a connector boundary. Validates the options (unknown packs throw `UnknownPolicyPackError` unless the
 * preset or `onUnknownPack: 'fallback'` keeps the reference's fallback to `default`).
 */
export function createBoundary(options: BoundaryOptions = {}): ConnectorBoundary {
  checkOptions(options);
  const clock = options.clock === undefined || options.clock === systemClock ? FAST_SYSTEM_CLOCK : options.clock;
  const events = new EventHub(options.onEvent);
  const preset = presetValues(options.preset ?? 'default');
  const resolved = resolveGovernance({
    policyPack: options.policyPack,
    blockedConnectors: options.blockedConnectors,
    blockedOperations: options.blockedOperations,
    governance: options.governance,
    onUnknownPack: options.onUnknownPack ?? preset.onUnknownPack,
    onFallback: (pack) => events.emit('governance.unknown_pack', { pack }),
  });
  const breakers = options.breakers ?? createBreakerRegistry({ clock, defaults: preset.breaker });
  const parts: SharedParts = {
    shared: { clock, scheduler: new DeadlineScheduler(clock), orphaned: 0 },
    events,
    breakers,
    collector: new MetricsCollector(options.maxTrackedConnectors ?? 1000),
    holder: { policy: resolved.policy, version: 1 },
    resolved,
    telemetry: options.telemetry === false || options.enabled === false ? undefined : new ConnectorTelemetry(options.telemetry ?? {}, breakers),
    clock,
  };
  return new Boundary(options, parts, true);
}
