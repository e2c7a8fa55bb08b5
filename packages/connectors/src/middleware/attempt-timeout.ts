import type { CallState } from '../call-state.js';
import type { ScheduledEntry } from '../deadline-scheduler.js';
import { ConnectorTimeoutError } from '../errors/connector-timeout-error.js';
import type { CallContext, Middleware } from '../model.js';

class AttemptTimer implements ScheduledEntry {
  heapIndex = -1;
  readonly controller = new AbortController();
  reject: ((error: unknown) => void) | undefined;
  constructor(
    readonly at: number,
    readonly state: CallState,
    readonly ms: number,
  ) {}
  expire(): void {
    const request = this.state.request;
    const error = new ConnectorTimeoutError('attempt', this.ms, { connector: request.connector, operation: request.operation, attempts: this.state.attempt });
    this.state.settleAttempt(this.state.attempt, false, 'failure', error);
    this.controller.abort(error);
    this.reject?.(error);
  }
  handleEvent(): void {
    this.controller.abort(this.state.callSignal().reason);
  }
}

/** A timeout per attempt (inside retry, so a timed-out attempt can be retried); counted as a breaker failure. */
export function attemptTimeoutMiddleware(ms: number): Middleware {
  return {
    name: 'attempt_timeout',
    handle<T>(ctx: CallContext, next: (ctx: CallContext) => Promise<T>): Promise<T> {
      const state = ctx as CallState;
      const timer = new AttemptTimer(state.shared.clock.now() + ms, state, ms);
      const callSignal = state.callSignal();
      return new Promise<T>((resolve, reject) => {
        timer.reject = reject;
        state.shared.scheduler.add(timer);
        callSignal.addEventListener('abort', timer);
        state.attemptSignal = timer.controller.signal;
        const done = (): void => {
          state.shared.scheduler.remove(timer);
          callSignal.removeEventListener('abort', timer);
          state.attemptSignal = undefined;
        };
        next(ctx).then(
          (value) => {
            done();
            resolve(value);
          },
          (error: unknown) => {
            done();
            reject(error);
          },
        );
      });
    },
  };
}
