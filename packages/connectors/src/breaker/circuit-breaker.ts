import type { Clock } from '@agent33/observability';
import { CircuitOpenError } from '../errors/circuit-open-error.js';
import { ConnectorConfigError } from '../errors/connector-config-error.js';
import { restoreStackLimit, shortenStackLimit } from '../errors/connector-error.js';
import type { Subscription } from '../model.js';
import type {
  BreakerOptions,
  BreakerPermit,
  BreakerSnapshot,
  CircuitBreaker,
  CircuitEvent,
  CircuitState,
  FailureClassifier,
} from './types.js';
import { subscribe } from '../listener-list.js';


function positive(name: string, value: number | undefined, fallback: number, min = 0): number {
  const resolved = value ?? fallback;
  if (typeof resolved !== 'number' || Number.isNaN(resolved) || resolved < min) {
    throw new ConnectorConfigError(`breaker.${name}`, `must be a number ≥ ${min}, got ${String(value)}`);
  }
  return resolved;
}

/** Default classification: every error is a failure, every value a success. */
export const countEveryError: FailureClassifier = (outcome) => (outcome.error === undefined ? 'success' : 'failure');

class Permit implements BreakerPermit {
  settled = false;
  constructor(
    private readonly breaker: ConsecutiveBreaker,
    readonly generation: number,
    readonly probe: boolean,
  ) {}
  success(durationMs?: number): void {
    if (this.settled) return;
    this.settled = true;
    this.breaker.settle(this, 'success', durationMs);
  }
  failure(_error?: unknown, durationMs?: number): void {
    if (this.settled) return;
    this.settled = true;
    this.breaker.settle(this, 'failure', durationMs);
  }
  ignore(): void {
    if (this.settled) return;
    this.settled = true;
    this.breaker.settle(this, 'ignore');
  }
}

/**
 * A circuit breaker: closed → open after `failureThreshold` failures, open → half-open lazily once the (progressive)
 * recovery time passed, half-open → closed after `halfOpenSuccesses` successes or back to open on a failure.
 *
 * Unlike the reference: half-open admits at most `halfOpenMaxConcurrent` probes, and permits carry the generation
 * they were issued in, so a straggler admitted before a transition cannot close an open circuit or extend it.
 */
export class ConsecutiveBreaker implements CircuitBreaker {
  private current: CircuitState = 'closed';
  private consecutiveFailures = 0;
  private halfOpenSuccesses = 0;
  private probesInFlight = 0;
  private openedAt: number | undefined;
  private totalTrips = 0;
  private lastTripAt: number | undefined;
  private generation = 0;
  private isolations = 0;
  private readonly listeners: Array<(event: CircuitEvent) => void> = [];
  private readonly window: Array<{ at: number; failed: boolean; slow: boolean }> = [];
  private readonly failureThreshold: number;
  private readonly recoveryMs: number;
  private readonly maxRecoveryMs: number;
  private readonly multiplier: number;
  private readonly successThreshold: number;
  private readonly probeCap: number;
  private readonly useGenerations: boolean;
  private readonly options: BreakerOptions;

  constructor(
    readonly key: string,
    options: BreakerOptions,
    private readonly clock: Clock,
  ) {
    this.options = options;
    this.failureThreshold = positive('failureThreshold', options.failureThreshold, 3, 1);
    this.recoveryMs = positive('recoveryMs', options.recoveryMs, 30_000);
    this.maxRecoveryMs = positive('maxRecoveryMs', options.maxRecoveryMs, 300_000);
    this.multiplier = positive('recoveryMultiplier', options.recoveryMultiplier, 2, 1);
    this.successThreshold = positive('halfOpenSuccesses', options.halfOpenSuccesses, 2, 1);
    this.probeCap = positive('halfOpenMaxConcurrent', options.halfOpenMaxConcurrent, 1, 1);
    this.useGenerations = options.generations ?? true;
  }

  get state(): CircuitState {
    return this.current;
  }

  /** Effective recovery after the current number of trips: base × multiplier^(trips − 1), capped. */
  effectiveRecoveryMs(): number {
    if (this.multiplier === 1) return this.recoveryMs;
    const grown = this.recoveryMs * this.multiplier ** Math.max(0, this.totalTrips - 1);
    return Math.min(grown, Math.max(this.maxRecoveryMs, this.recoveryMs));
  }

  acquire(request?: { connector: string; operation: string }): BreakerPermit {
    switch (this.current) {
      case 'closed':
      case 'disabled':
        return new Permit(this, this.generation, false);
      case 'isolated':
        throw this.rejection('isolated', 0, request);
      case 'open': {
        if (this.openedAt === undefined) throw this.rejection('open', 0, request);
        const remaining = this.openedAt + this.effectiveRecoveryMs() - this.clock.now();
        if (remaining > 0) throw this.rejection('open', remaining, request);
        this.transition('half_open');
        this.halfOpenSuccesses = 0;
        this.probesInFlight = 0;
        return this.probe(request);
      }
      case 'half_open':
        return this.probe(request);
    }
  }

  /** The refusal of a call that never ran: built only when thrown, with a short stack (see ConnectorError). */
  private rejection(reason: 'open' | 'half_open_saturated' | 'isolated', retryAfterMs: number, request: { connector: string; operation: string } | undefined): CircuitOpenError {
    const saved = shortenStackLimit();
    try {
      return new CircuitOpenError(reason, retryAfterMs, request === undefined ? { connector: this.key } : { connector: request.connector, operation: request.operation });
    } finally {
      restoreStackLimit(saved);
    }
  }

  private probe(request: { connector: string; operation: string } | undefined): BreakerPermit {
    if (this.probesInFlight >= this.probeCap) {
      throw this.rejection('half_open_saturated', 0, request);
    }
    this.probesInFlight += 1;
    return new Permit(this, this.generation, true);
  }

  async execute<T>(fn: () => Promise<T>, classify: FailureClassifier = countEveryError): Promise<T> {
    const permit = this.acquire();
    // The default classifier ignores durations: skip the clock reads (the most expensive part of a fast call).
    const window = this.options.window;
    const timed = classify !== countEveryError || (window !== undefined && window.kind !== 'consecutive' && window.slowCallMs !== undefined);
    const started = timed ? this.clock.now() : 0;
    try {
      const result = await fn();
      const durationMs = timed ? this.clock.now() - started : 0;
      this.apply(permit, classify({ result, durationMs }), durationMs);
      return result;
    } catch (error) {
      const durationMs = timed ? this.clock.now() - started : 0;
      this.apply(permit, classify({ error, durationMs }), durationMs);
      throw error;
    }
  }

  private apply(permit: BreakerPermit, outcome: 'failure' | 'success' | 'ignore', durationMs: number): void {
    if (outcome === 'failure') permit.failure(undefined, durationMs);
    else if (outcome === 'success') permit.success(durationMs);
    else permit.ignore();
  }

  /** @internal Called once per permit. */
  settle(permit: Permit, outcome: 'failure' | 'success' | 'ignore', durationMs?: number): void {
    const stale = this.useGenerations && permit.generation !== this.generation;
    if (permit.probe && !stale && this.current === 'half_open') this.probesInFlight = Math.max(0, this.probesInFlight - 1);
    if (outcome === 'ignore' || stale) return;
    if (this.current === 'disabled' || this.current === 'isolated') return;
    if (outcome === 'failure') this.onFailure(durationMs);
    else this.onSuccess(durationMs);
  }

  private onFailure(durationMs?: number): void {
    if (this.current === 'half_open' || this.current === 'open') {
      this.trip();
      return;
    }
    if (this.options.window !== undefined && this.options.window.kind !== 'consecutive') {
      this.pushWindow(true, durationMs);
      if (this.windowTrips()) this.trip();
      return;
    }
    this.consecutiveFailures += 1;
    if (this.consecutiveFailures >= this.failureThreshold) this.trip();
  }

  private onSuccess(durationMs?: number): void {
    if (this.current === 'half_open') {
      this.halfOpenSuccesses += 1;
      if (this.halfOpenSuccesses >= this.successThreshold) this.close();
      return;
    }
    // Only reachable for an open breaker when generations are off: the reference closes the circuit here.
    if (this.current === 'open') {
      this.close();
      return;
    }
    if (this.options.window !== undefined && this.options.window.kind !== 'consecutive') {
      this.pushWindow(false, durationMs);
      // A success can trip a rate window too, when slow calls dominate it.
      if (this.windowTrips()) this.trip();
      return;
    }
    this.consecutiveFailures = 0;
  }

  private pushWindow(failed: boolean, durationMs: number | undefined): void {
    const window = this.options.window;
    if (window === undefined || window.kind === 'consecutive') return;
    const now = this.clock.now();
    const slow = window.slowCallMs !== undefined && durationMs !== undefined && durationMs >= window.slowCallMs;
    this.window.push({ at: now, failed, slow });
    if (window.kind === 'count') {
      if (this.window.length > window.size) this.window.shift();
    } else {
      while (this.window.length > 0 && (this.window[0] as { at: number }).at <= now - window.durationMs) this.window.shift();
    }
  }

  private windowTrips(): boolean {
    const window = this.options.window;
    if (window === undefined || window.kind === 'consecutive') return false;
    const minCalls = window.minCalls ?? (window.kind === 'count' ? window.size : 1);
    if (this.window.length < minCalls) return false;
    let failures = 0;
    let slow = 0;
    for (const entry of this.window) {
      if (entry.failed) failures += 1;
      if (entry.slow) slow += 1;
    }
    if (failures / this.window.length >= window.failureRate) return true;
    return window.slowCallRate !== undefined && slow / this.window.length >= window.slowCallRate;
  }

  private trip(): void {
    this.totalTrips += 1;
    this.openedAt = this.clock.now();
    this.lastTripAt = this.openedAt;
    this.consecutiveFailures = 0;
    this.halfOpenSuccesses = 0;
    this.probesInFlight = 0;
    this.window.length = 0;
    this.transition('open');
  }

  private close(): void {
    this.consecutiveFailures = 0;
    this.halfOpenSuccesses = 0;
    this.probesInFlight = 0;
    this.openedAt = undefined;
    this.window.length = 0;
    this.transition('closed');
  }

  private transition(to: CircuitState): void {
    const from = this.current;
    // Every transition (even open → open on a re-trip) starts a new generation of permits.
    this.generation += 1;
    if (from === to) return;
    this.current = to;
    if (this.listeners.length === 0) return;
    const event: CircuitEvent = { key: this.key, from, to, at: this.clock.now(), totalTrips: this.totalTrips };
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A failing observer must never change the breaker's behaviour.
      }
    }
  }

  isolate(): Subscription {
    this.isolations += 1;
    if (this.current !== 'isolated') this.transition('isolated');
    let disposed = false;
    return {
      dispose: () => {
        if (disposed) return;
        disposed = true;
        this.isolations -= 1;
        if (this.isolations === 0 && this.current === 'isolated') this.close();
      },
    };
  }

  disable(): void {
    this.transition('disabled');
  }

  reset(): void {
    this.isolations = 0;
    this.totalTrips = 0;
    this.lastTripAt = undefined;
    this.close();
  }

  snapshot(): BreakerSnapshot {
    const effective = this.effectiveRecoveryMs();
    const remaining =
      this.current === 'open' && this.openedAt !== undefined ? Math.max(0, this.openedAt + effective - this.clock.now()) : 0;
    return {
      key: this.key,
      state: this.current,
      consecutiveFailures: this.consecutiveFailures,
      halfOpenSuccesses: this.halfOpenSuccesses,
      probesInFlight: this.probesInFlight,
      totalTrips: this.totalTrips,
      lastTripAt: this.lastTripAt,
      openedAt: this.openedAt,
      generation: this.generation,
      failureThreshold: this.failureThreshold,
      halfOpenSuccessThreshold: this.successThreshold,
      effectiveRecoveryMs: effective,
      cooldownRemainingMs: remaining,
    };
  }

  toJSON(): unknown {
    return {
      key: this.key,
      state: this.current,
      openedAt: this.openedAt,
      totalTrips: this.totalTrips,
      lastTripAt: this.lastTripAt,
      consecutiveFailures: this.consecutiveFailures,
    };
  }

  /** Restores state saved by {@link ConsecutiveBreaker.toJSON} (e.g. after a restart). */
  hydrate(saved: unknown): void {
    if (typeof saved !== 'object' || saved === null) throw new ConnectorConfigError('breaker.hydrate', 'expected an object from toJSON()');
    const data = saved as Record<string, unknown>;
    const state = data['state'];
    if (state === 'open' || state === 'closed') {
      this.current = state;
      this.openedAt = typeof data['openedAt'] === 'number' ? data['openedAt'] : undefined;
      this.totalTrips = typeof data['totalTrips'] === 'number' ? data['totalTrips'] : 0;
      this.lastTripAt = typeof data['lastTripAt'] === 'number' ? data['lastTripAt'] : undefined;
      this.consecutiveFailures = typeof data['consecutiveFailures'] === 'number' ? data['consecutiveFailures'] : 0;
      this.generation += 1;
    }
  }

  onStateChange(fn: (event: CircuitEvent) => void): Subscription {
    return subscribe(this.listeners, fn);
  }
}

