import type { CallShared } from './call-state.js';
import { CallState } from './call-state.js';
import { ConnectorConfigError } from './errors/connector-config-error.js';
import type { ConnectorExecutor, ConnectorRequest, Handler, Middleware } from './model.js';
import type { CallContext } from './model.js';
import { systemClock, type Clock } from '@agent33/observability';
import type { FailureClassifier } from './breaker/types.js';
import { DeadlineScheduler } from './deadline-scheduler.js';

type Step = (ctx: CallContext) => Promise<unknown>;

/** Innermost step: one attempt of the handler, recorded once in the report and on the breaker permit. */
export type Terminal = (ctx: CallState) => Promise<unknown>;

/** A terminal that classifies outcomes for the breaker permit of the attempt. */
export function classifyingTerminal(classify: FailureClassifier, clock: Clock): Terminal {
  return async (ctx) => {
    ctx.beginAttempt();
    const attempt = ctx.attempt;
    const started = ctx.attemptStart;
    try {
      const value = await ctx.handler(ctx);
      ctx.settleAttempt(attempt, true, ctx.permit === undefined ? 'success' : classify({ result: value, durationMs: clock.now() - started }));
      return value;
    } catch (error) {
      ctx.settleAttempt(attempt, false, ctx.permit === undefined ? 'failure' : classify({ error, durationMs: clock.now() - started }), error);
      throw error;
    }
  };
}

/** The plain terminal: counts the attempt; every error is a failure, every value a success. */
export const plainTerminal: Terminal = async (ctx) => {
  ctx.beginAttempt();
  const attempt = ctx.attempt;
  try {
    const value = await ctx.handler(ctx);
    ctx.settleAttempt(attempt, true, 'success');
    return value;
  } catch (error) {
    ctx.settleAttempt(attempt, false, 'failure', error);
    throw error;
  }
};

/** Validates a request at the public entry point (cheap checks only). */
export function assertRequest(request: unknown, handler: unknown): asserts request is ConnectorRequest {
  if (typeof request !== 'object' || request === null) throw new ConnectorConfigError('request', 'expected an object');
  const { connector, operation } = request as Record<string, unknown>;
  if (typeof connector !== 'string' || connector === '') throw new ConnectorConfigError('request.connector', 'expected a non-empty string');
  if (typeof operation !== 'string' || operation === '') throw new ConnectorConfigError('request.operation', 'expected a non-empty string');
  if (typeof handler !== 'function') throw new ConnectorConfigError('handler', 'expected a function');
}

/** Folds middlewares once, first = outermost, around `terminal`. */
export function compose(middlewares: readonly Middleware[], terminal: Terminal): Step {
  let step: Step = terminal as Step;
  for (let index = middlewares.length - 1; index >= 0; index -= 1) {
    const middleware = middlewares[index] as Middleware;
    const next = step;
    step = (ctx) => middleware.handle(ctx, next);
  }
  return step;
}

/**
 * Builds an executor from a middleware list, composed once (not per call). An empty list calls the handler
 * directly. Middlewares see a {@link CallContext}; the handler receives the same context.
 */
export function createExecutor(middlewares: readonly Middleware[], shared?: CallShared, terminal: Terminal = plainTerminal): ConnectorExecutor {
  for (const [index, middleware] of middlewares.entries()) {
    if (typeof middleware?.handle !== 'function' || typeof middleware.name !== 'string') {
      throw new ConnectorConfigError(`middlewares[${index}]`, 'expected { name, handle(ctx, next) }');
    }
  }
  const state: CallShared = shared ?? { clock: systemClock, scheduler: new DeadlineScheduler(systemClock), orphaned: 0 };
  const chain = compose(middlewares, terminal);
  return {
    order: middlewares.map((middleware) => middleware.name),
    execute<T, P = unknown>(request: ConnectorRequest<P>, handler: Handler<T, P>): Promise<T> {
      assertRequest(request, handler);
      return chain(new CallState(request as ConnectorRequest, handler as Handler<unknown>, state) as CallContext) as Promise<T>;
    },
  };
}
