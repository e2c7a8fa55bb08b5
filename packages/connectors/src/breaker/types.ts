import type { ConnectorRequest, Subscription } from '../model.js';

/** Breaker states; `isolated` is administratively forced open, `disabled` only records. */
export type CircuitState = 'closed' | 'open' | 'half_open' | 'isolated' | 'disabled';

/** Decides how an outcome counts for a breaker. */
export type FailureClassifier = (outcome: { error?: unknown; result?: unknown; durationMs: number }) => 'failure' | 'success' | 'ignore';

/** Breaker tuning; defaults come from the boundary preset. */
export interface BreakerOptions {
  /** Consecutive failures that open the circuit. Default 3. */
  failureThreshold?: number;
  /** First open → half-open wait. Default 30 000 ms. */
  recoveryMs?: number;
  /** Cap of the progressive recovery. Default 300 000 ms. */
  maxRecoveryMs?: number;
  /** Recovery multiplier per trip (1 = fixed). Default 2 (`compat`: 1). */
  recoveryMultiplier?: number;
  /** Half-open successes needed to close. Default 2 (`compat`: 1). */
  halfOpenSuccesses?: number;
  /** Concurrent half-open probes. Default 1 (`compat`: unlimited). */
  halfOpenMaxConcurrent?: number;
  /** Ignore outcomes of calls admitted before the last transition. Default true (`compat`: false). */
  generations?: boolean;
  /**
   * Failure window. Default consecutive. Rate windows trip when at least `minCalls` outcomes are in the window and
   * the failure rate, or the rate of calls slower than `slowCallMs`, reaches its threshold.
   */
  window?:
    | { kind: 'consecutive' }
    | { kind: 'count'; size: number; failureRate: number; minCalls?: number; slowCallMs?: number; slowCallRate?: number }
    | { kind: 'time'; durationMs: number; failureRate: number; minCalls?: number; slowCallMs?: number; slowCallRate?: number };
}

/** A ticket for one admitted call; exactly one of its methods takes effect. */
export interface BreakerPermit {
  readonly generation: number;
  /** Records a success; `durationMs` feeds slow-call detection of rate windows. */
  success(durationMs?: number): void;
  failure(error?: unknown, durationMs?: number): void;
  ignore(): void;
}

/** A state transition. */
export interface CircuitEvent {
  key: string;
  from: CircuitState;
  to: CircuitState;
  at: number;
  totalTrips: number;
}

/** A point-in-time view of a breaker. */
export interface BreakerSnapshot {
  key: string;
  state: CircuitState;
  consecutiveFailures: number;
  halfOpenSuccesses: number;
  probesInFlight: number;
  totalTrips: number;
  lastTripAt: number | undefined;
  openedAt: number | undefined;
  generation: number;
  failureThreshold: number;
  halfOpenSuccessThreshold: number;
  effectiveRecoveryMs: number;
  cooldownRemainingMs: number;
}

/** A circuit breaker keyed by connector (or any key the registry derives). */
export interface CircuitBreaker {
  readonly key: string;
  readonly state: CircuitState;
  /** Admits a call or throws `CircuitOpenError` (naming the request's connector and operation when given). */
  acquire(request?: { connector: string; operation: string }): BreakerPermit;
  /** Runs `fn` under a permit, classifying its outcome. */
  execute<T>(fn: () => Promise<T>, classify?: FailureClassifier): Promise<T>;
  /** Forces the breaker open until every returned subscription is disposed. */
  isolate(): Subscription;
  /** Records only; every call is admitted. `reset()` re-enables. */
  disable(): void;
  /** Back to closed with cleared counters (isolation and disabling lifted). */
  reset(): void;
  snapshot(): BreakerSnapshot;
  toJSON(): unknown;
  onStateChange(fn: (event: CircuitEvent) => void): Subscription;
}

/** Shared, bounded breakers keyed per connector. */
export interface BreakerRegistry {
  getOrCreate(key: string, options?: BreakerOptions): CircuitBreaker;
  get(key: string): CircuitBreaker | undefined;
  entries(): IterableIterator<[string, CircuitBreaker]>;
  /** The key a request maps to. */
  keyOf(request: ConnectorRequest): string;
  readonly size: number;
  /** Subscribes to every breaker's transitions. */
  onStateChange(fn: (event: CircuitEvent) => void): Subscription;
}
