import type { Clock } from '@agent33/observability';
import type { CallState } from '../call-state.js';
import { ConnectorConfigError } from '../errors/connector-config-error.js';
import { RateLimitedError } from '../errors/rate-limited-error.js';
import type { CallContext, Middleware } from '../model.js';

/** Token bucket per connector. */
export interface RateLimitOptions {
  tokensPerSecond: number;
  /** Bucket size. Default `tokensPerSecond`. */
  burst?: number;
}

/** Waits for a token within the deadline (without holding a bulkhead slot) or rejects with `CONNECTOR_RATE_LIMITED`. */
export function rateLimitMiddleware(options: RateLimitOptions, clock: Clock): Middleware {
  if (!(options.tokensPerSecond > 0)) throw new ConnectorConfigError('rateLimit.tokensPerSecond', 'must be > 0');
  const burst = options.burst ?? options.tokensPerSecond;
  const buckets = new Map<string, { tokens: number; last: number }>();
  return {
    name: 'rate_limit',
    async handle<T>(ctx: CallContext, next: (ctx: CallContext) => Promise<T>): Promise<T> {
      const key = ctx.request.connector;
      const now = clock.now();
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        if (buckets.size >= 10_000) buckets.clear();
        buckets.set(key, (bucket = { tokens: burst, last: now }));
      }
      bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.last) / 1000) * options.tokensPerSecond);
      bucket.last = now;
      bucket.tokens -= 1;
      if (bucket.tokens < 0) {
        const waitMs = (-bucket.tokens / options.tokensPerSecond) * 1000;
        if (waitMs > ctx.remainingMs()) {
          bucket.tokens += 1;
          throw new RateLimitedError(`rate limit reached for ${key}; next token in ${Math.ceil(waitMs)} ms`, { connector: key, operation: ctx.request.operation });
        }
        (ctx as CallState).waited = true;
        await clock.sleep(waitMs, (ctx as CallState).callSignal());
      }
      return next(ctx);
    },
  };
}
