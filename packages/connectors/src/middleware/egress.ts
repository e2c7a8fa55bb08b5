import type { EgressPolicy } from '../egress/url-guard.js';
import { validateUrl } from '../egress/url-guard.js';
import type { EventHub } from '../events.js';
import { EgressBlockedError } from '../errors/egress-blocked-error.js';
import type { CallContext, Middleware } from '../model.js';

/** Checks a `metadata.url` hint against the egress policy before any work (no DNS here; see the guarded fetch). */
export function egressMiddleware(policy: (connector: string) => EgressPolicy, events: EventHub): Middleware {
  return {
    name: 'egress',
    handle<T>(ctx: CallContext, next: (ctx: CallContext) => Promise<T>): Promise<T> {
      const url = ctx.request.metadata?.['url'];
      if (typeof url !== 'string' && !(url instanceof URL)) return next(ctx);
      try {
        validateUrl(url, policy(ctx.request.connector));
      } catch (error) {
        if (error instanceof EgressBlockedError) {
          if (events.wants('egress.blocked')) {
            events.emit('egress.blocked', { connector: ctx.request.connector, operation: ctx.request.operation, url: error.url, rule: error.rule });
          }
          return Promise.reject(
            new EgressBlockedError(error.message, error.url, error.rule, { connector: ctx.request.connector, operation: ctx.request.operation, cause: error.cause }),
          );
        }
        return Promise.reject(error);
      }
      return next(ctx);
    },
  };
}
