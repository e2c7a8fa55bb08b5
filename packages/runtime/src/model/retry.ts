import type { Clock } from '@agent33/observability';
import { ModelError } from '../errors/model-error.js';
import type { RetryPolicy } from './types.js';

/** Default model-call retry policy: 3 attempts, 500 ms base, 8 s cap, jitter on. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 8_000, jitter: true };

/** Merges a partial policy over the defaults, validating the numbers. */
export function resolveRetryPolicy(p: Partial<RetryPolicy> | undefined): RetryPolicy {
  const r = { ...DEFAULT_RETRY_POLICY, ...p };
  if (!Number.isInteger(r.maxAttempts) || r.maxAttempts < 1) r.maxAttempts = 1;
  r.baseDelayMs = Math.max(0, r.baseDelayMs);
  r.maxDelayMs = Math.max(r.baseDelayMs, r.maxDelayMs);
  return r;
}

/**
 * Delay before attempt `attempt + 1` (attempt is 1-based): exponential from `baseDelayMs`, capped, with "equal
 * jitter" (half fixed, half random) so synchronized clients spread out; a server's `Retry-After` wins when longer.
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number, retryAfterMs?: number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const delay = policy.jitter ? exp / 2 + (random() * exp) / 2 : exp;
  return retryAfterMs !== undefined ? Math.max(delay, Math.min(retryAfterMs, 60_000)) : delay;
}

/** True when an error is worth another attempt. */
export function isRetryable(error: unknown): boolean {
  return ModelError.isModelError(error) ? error.retryable : false;
}

/**
 * Runs `fn` with retries on retryable errors; the wait between attempts honours `signal` (an abort rejects at once,
 * without waiting out the delay). `onAttempt` observes every failure.
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  o: {
    policy: RetryPolicy;
    clock: Clock;
    random?: () => number;
    signal?: AbortSignal;
    onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  },
): Promise<T> {
  const random = o.random ?? Math.random;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= o.policy.maxAttempts || !isRetryable(error) || o.signal?.aborted === true) throw error;
      const retryAfter = ModelError.isModelError(error) ? error.retryAfterMs : undefined;
      const delay = backoffDelay(o.policy, attempt, random, retryAfter);
      o.onRetry?.(error, attempt, delay);
      try {
        await o.clock.sleep(delay, o.signal);
      } catch (abortReason) {
        throw new ModelError('model call aborted during retry backoff', { kind: 'aborted', cause: abortReason });
      }
    }
  }
}
