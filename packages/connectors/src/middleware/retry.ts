import type { Clock } from '@agent33/observability';
import type { CallState } from '../call-state.js';
import { ConnectorConfigError } from '../errors/connector-config-error.js';
import { ConnectorError } from '../errors/connector-error.js';
import type { EventHub } from '../events.js';
import type { CallContext, ConnectorRequest, Middleware } from '../model.js';

/** Retry tuning. */
export interface RetryOptions {
  /** Total attempts including the first (1 = no retry). */
  maxAttempts: number;
  /** Backoff between attempts. Default decorrelated jitter from 100 ms up to 10 s; `'none'` retries at once. */
  backoff?: 'none' | { initialMs?: number; maxMs?: number; jitter?: 'decorrelated' | 'full' | 'none' };
  /** Honour `Retry-After` (capped; default cap 30 s). Default true. */
  honorRetryAfter?: boolean | { maxMs: number };
  /** Retry operations not known to be idempotent (POST, `tools/call` without `idempotentHint`). Default false. */
  retryNonIdempotent?: boolean;
  /** Process-wide retry budget: retries ≤ ratio × calls + a reserve of `minPerSecond` (refilled per second). */
  budget?: { ratio: number; minPerSecond?: number };
  /** No attempt starts when less than this remains before the deadline. Default 0. */
  minAttemptMs?: number;
  /** Extra veto; only consulted for errors the defaults consider retryable. */
  shouldRetry?: (error: unknown, ctx: CallContext) => boolean;
  /** Random source in [0, 1) for jitter (inject a seeded one in tests). Default `Math.random`. */
  random?: () => number;
}

const IDEMPOTENT_OPERATIONS = new Set(['tools/list', 'ping', 'resources/read', 'resources/list', 'resources/templates/list', 'prompts/list', 'prompts/get', 'initialize']);
const IDEMPOTENT_VERBS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const NEVER_RETRIED = new Set([
  'CONNECTOR_GOVERNANCE_DENIED',
  'CONNECTOR_EGRESS_BLOCKED',
  'CONNECTOR_CIRCUIT_OPEN',
  'CONNECTOR_BULKHEAD_REJECTED',
  'CONNECTOR_RATE_LIMITED',
  'CONNECTOR_ABORTED',
  'CONNECTOR_UNKNOWN_POLICY_PACK',
  'CONNECTOR_BAD_CONFIG',
]);

/** Whether an operation is safe to repeat, from the request's flag, the MCP tool hint or the verb / method. */
export function isIdempotent(request: ConnectorRequest): boolean {
  if (request.idempotent !== undefined) return request.idempotent;
  const annotations = request.metadata?.['annotations'] as Record<string, unknown> | undefined;
  if (annotations?.['idempotentHint'] === true || annotations?.['readOnlyHint'] === true) return true;
  const operation = request.operation;
  if (IDEMPOTENT_OPERATIONS.has(operation)) return true;
  const space = operation.indexOf(' ');
  return IDEMPOTENT_VERBS.has((space < 0 ? operation : operation.slice(0, space)).toUpperCase());
}

/** A token bucket shared by every call of a boundary: each call deposits `ratio`, each retry spends one token. */
export class RetryBudget {
  private tokens: number;
  private last: number;
  constructor(
    private readonly ratio: number,
    private readonly minPerSecond: number,
    private readonly clock: Clock,
  ) {
    this.tokens = minPerSecond;
    this.last = clock.now();
  }
  deposit(): void {
    const now = this.clock.now();
    const refill = ((now - this.last) / 1000) * this.minPerSecond;
    this.last = now;
    this.tokens = Math.min(this.tokens + this.ratio + refill, this.minPerSecond + 100 * this.ratio);
  }
  withdraw(): boolean {
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Normalises `retry: number | RetryOptions`. */
export function normaliseRetry(retry: number | RetryOptions | undefined): RetryOptions | undefined {
  if (retry === undefined) return undefined;
  const options = typeof retry === 'number' ? { maxAttempts: retry } : retry;
  if (!Number.isFinite(options.maxAttempts)) throw new ConnectorConfigError('retry.maxAttempts', 'must be a finite number');
  return { ...options, maxAttempts: Math.max(1, Math.floor(options.maxAttempts)) };
}

/**
 * Retry inside the total deadline: never retries local rejections (governance, egress, circuit open, bulkhead,
 * rate limit, caller abort), non-idempotent operations unless opted in, or past the budget; sleeps are abort-aware.
 */
export function retryMiddleware(options: RetryOptions, clock: Clock, events: EventHub, compat = false): Middleware {
  const max = options.maxAttempts;
  const backoff = options.backoff ?? (compat ? 'none' : {});
  const initial = backoff === 'none' ? 0 : (backoff.initialMs ?? 100);
  const cap = backoff === 'none' ? 0 : (backoff.maxMs ?? 10_000);
  const jitter = backoff === 'none' ? 'none' : (backoff.jitter ?? 'decorrelated');
  const honor = options.honorRetryAfter ?? true;
  const retryAfterCap = typeof honor === 'object' ? honor.maxMs : 30_000;
  const random = options.random ?? Math.random;
  const minAttemptMs = options.minAttemptMs ?? 0;
  const budget = options.budget === undefined ? undefined : new RetryBudget(options.budget.ratio, options.budget.minPerSecond ?? 10, clock);
  const retryAll = compat || options.retryNonIdempotent === true;

  const retryable = (error: unknown, ctx: CallContext): boolean => {
    if (ConnectorError.isInstance(error)) {
      if (NEVER_RETRIED.has(error.code)) return false;
      if (!compat && !error.retryable) return false;
    }
    if (!retryAll && !isIdempotent(ctx.request)) return false;
    return options.shouldRetry === undefined || options.shouldRetry(error, ctx);
  };

  const delayFor = (attempt: number, previous: number, error: unknown): number => {
    let delay: number;
    if (jitter === 'decorrelated') delay = Math.min(cap, initial + random() * Math.max(0, previous * 3 - initial));
    else if (jitter === 'full') delay = random() * Math.min(cap, initial * 2 ** (attempt - 1));
    else delay = Math.min(cap, initial * 2 ** (attempt - 1));
    if (honor !== false) {
      const after = (error as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
      if (typeof after === 'number' && after > delay) delay = Math.min(after, retryAfterCap);
    }
    return delay;
  };

  return {
    name: 'retry',
    async handle<T>(ctx: CallContext, next: (ctx: CallContext) => Promise<T>): Promise<T> {
      if (max <= 1) return next(ctx);
      const state = ctx as CallState;
      budget?.deposit();
      let previous = initial;
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await next(ctx);
        } catch (error) {
          if (state.released !== undefined || attempt >= max || !retryable(error, ctx)) throw error;
          const delay = delayFor(attempt, previous, error);
          previous = Math.max(delay, initial);
          if (ctx.deadline !== undefined && ctx.remainingMs() - delay < Math.max(minAttemptMs, 0.001)) throw error;
          if (budget !== undefined && !budget.withdraw()) throw error;
          if (events.wants('retry')) {
            events.emit('retry', { connector: ctx.request.connector, operation: ctx.request.operation, attempt, delayMs: delay, error });
          }
          (state.span as { addEvent?: (name: string, attributes: Record<string, number>) => void } | undefined)?.addEvent?.('retry', {
            'agent33.connector.attempt': attempt + 1,
            'agent33.connector.retry.delay_ms': delay,
          });
          if (delay > 0) await clock.sleep(delay, state.callSignal());
        }
      }
    },
  };
}
