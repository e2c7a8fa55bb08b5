import type { BreakerOptions, BreakerRegistry } from '../breaker/types.js';
import type { CallState } from '../call-state.js';
import type { EventHub } from '../events.js';
import type { CallContext, Middleware } from '../model.js';

/** Breaker per attempt: a permit from the shared registry; the terminal settles it with the classified outcome. */
export function breakerMiddleware(registry: BreakerRegistry, options: BreakerOptions | undefined, events: EventHub): Middleware {
  return {
    name: 'circuit_breaker',
    handle<T>(ctx: CallContext, next: (ctx: CallContext) => Promise<T>): Promise<T> {
      const state = ctx as CallState;
      const request = ctx.request;
      const breaker = registry.getOrCreate(registry.keyOf(request), options);
      try {
        state.permit = breaker.acquire(request);
      } catch (error) {
        if (events.wants('breaker.rejected')) {
          events.emit('breaker.rejected', { connector: request.connector, operation: request.operation, reason: (error as { reason?: string }).reason ?? 'open' });
        }
        return Promise.reject(error);
      }
      return next(ctx).then(undefined, (error: unknown) => {
        // A step between here and the handler failed before settling: release the permit without an outcome.
        if (state.permit !== undefined && state.attemptSettled) {
          state.permit.ignore();
          state.permit = undefined;
        }
        throw error;
      });
    },
  };
}
