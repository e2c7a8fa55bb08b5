import type { CallState } from '../call-state.js';
import type { CallContext, Middleware } from '../model.js';

/** Resolves the effective total timeout: request `timeoutMs`, then metadata `timeout_seconds`, then the default. */
export function effectiveTimeoutMs(ctx: CallContext, defaultMs: number | undefined): number | undefined {
  const request = ctx.request;
  let ms = request.timeoutMs;
  if (ms === undefined) {
    const seconds = request.metadata?.['timeout_seconds'];
    if (seconds !== undefined && seconds !== null) ms = Number(seconds) * 1000;
    else if (seconds === null) return undefined;
  }
  ms ??= defaultMs;
  return ms === undefined || !(ms > 0) ? undefined : ms;
}

/**
 * One total deadline for the whole call (around retry, as in the reference). The deadline sits in the boundary's
 * shared scheduler; the caller's signal gets a listener only for the duration of the call.
 */
export function deadlineMiddleware(defaultMs: number | undefined): Middleware {
  return {
    name: 'timeout',
    handle<T>(ctx: CallContext, next: (ctx: CallContext) => Promise<T>): Promise<T> {
      const state = ctx as CallState;
      const ms = effectiveTimeoutMs(ctx, defaultMs);
      if (ms !== undefined) {
        state.timeoutMs = ms;
        state.deadline = state.startedAt + ms;
      } else if (ctx.request.signal === undefined) {
        return next(ctx);
      }
      return state.race(next);
    },
  };
}
