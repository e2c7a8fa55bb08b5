import type { CallState } from '../call-state.js';
import type { EventHub } from '../events.js';
import type { CallContext, Middleware } from '../model.js';

/**
 * Per-attempt telemetry (the reference's innermost metrics step). The attempt counts themselves live in the call
 * report, kept by the terminal step; this step publishes each attempt as an `attempt` event and a span event.
 */
export function attemptMetricsMiddleware(events: EventHub): Middleware {
  const publish = (state: CallState, ok: boolean, error?: unknown): void => {
    const request = state.request;
    if (events.wants('attempt')) {
      events.emit('attempt', { connector: request.connector, operation: request.operation, attempt: state.attempt, ok, latencyMs: state.report.latencyMs, ...(error === undefined ? {} : { error }) });
    }
    (state.span as { addEvent?: (name: string, attributes: Record<string, number | boolean>) => void } | undefined)?.addEvent?.('attempt', {
      'agent33.connector.attempt': state.attempt,
      ok,
    });
  };
  return {
    name: 'metrics',
    handle<T>(ctx: CallContext, next: (ctx: CallContext) => Promise<T>): Promise<T> {
      const state = ctx as CallState;
      if (state.span === undefined && !events.wants('attempt')) return next(ctx);
      return next(ctx).then(
        (value) => {
          publish(state, true);
          return value;
        },
        (error: unknown) => {
          publish(state, false, error);
          throw error;
        },
      );
    },
  };
}
