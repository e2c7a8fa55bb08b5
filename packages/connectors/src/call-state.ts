import type { Clock } from '@agent33/observability';
import type { BreakerPermit } from './breaker/types.js';
import type { DeadlineScheduler, ScheduledEntry } from './deadline-scheduler.js';
import { ConnectorAbortedError } from './errors/connector-aborted-error.js';
import { ConnectorTimeoutError } from './errors/connector-timeout-error.js';
import type { CallContext, CallReport, ConnectorRequest, Handler } from './model.js';

/** What every call of one boundary shares (clock, scheduler, counters). */
export interface CallShared {
  readonly clock: Clock;
  readonly scheduler: DeadlineScheduler;
  /** Calls released at their deadline or abort while the handler was still running. */
  orphaned: number;
}

// One never-aborting signal for calls that have neither a deadline nor a caller signal.
const NEVER = new AbortController().signal;

/**
 * The per-call state behind {@link CallContext}. It doubles as the scheduler entry and as the abort listener
 * (`handleEvent`), so a call allocates no closures for its deadline or the caller's signal, and creates its
 * AbortController only if someone reads `signal`.
 */
export class CallState<P = unknown> implements CallContext<P>, ScheduledEntry {
  attempt = 0;
  deadline: number | undefined;
  readonly report: CallReport = { attempts: 0, successes: 0, failures: 0, latencyMs: 0, totalLatencyMs: 0 };
  /** Scheduler entry fields. */
  at = 0;
  heapIndex = -1;
  /** Milliseconds of the total deadline (for the error message). */
  timeoutMs = 0;
  /** Set once the call was released early (deadline or abort); later outcomes are ignored. */
  released: ConnectorTimeoutError | ConnectorAbortedError | undefined;
  /** The breaker permit of the attempt in flight. */
  permit: BreakerPermit | undefined;
  /** Whether the current attempt's outcome was recorded. */
  attemptSettled = true;
  attemptStart = 0;
  /** When the last attempt was recorded (reused as the call's end time, saving a clock read). */
  settledAt = 0;
  /** Set by steps that wait before the first attempt (bulkhead queue, rate limiter), so its start is read afresh. */
  waited = false;
  /** Signal for the current attempt when an attempt timeout is active. */
  attemptSignal: AbortSignal | undefined;
  /** The call's OTel span when telemetry is on (retries add events to it). */
  span: unknown;
  readonly startedAt: number;
  private controller: AbortController | undefined;
  private attrs: Map<string, unknown> | undefined;
  private raceReject: ((error: unknown) => void) | undefined;

  constructor(
    readonly request: ConnectorRequest<P>,
    readonly handler: Handler<unknown, P>,
    readonly shared: CallShared,
  ) {
    this.startedAt = shared.clock.now();
  }

  get attributes(): Map<string, unknown> {
    return (this.attrs ??= new Map());
  }

  get signal(): AbortSignal {
    if (this.attemptSignal !== undefined) return this.attemptSignal;
    return this.callSignal();
  }

  /** The signal of the whole call (not of one attempt). */
  callSignal(): AbortSignal {
    if (this.controller !== undefined) return this.controller.signal;
    if (this.deadline === undefined && this.released === undefined) return this.request.signal ?? NEVER;
    this.controller = new AbortController();
    if (this.released !== undefined) this.controller.abort(this.released);
    else if (this.request.signal?.aborted) this.controller.abort(this.request.signal.reason);
    return this.controller.signal;
  }

  remainingMs(): number {
    return this.deadline === undefined ? Number.POSITIVE_INFINITY : this.deadline - this.shared.clock.now();
  }

  /** Starts an attempt: counted in the report, timed for its latency. */
  beginAttempt(): void {
    this.attempt += 1;
    this.report.attempts += 1;
    this.attemptSettled = false;
    // Clock reads dominate a fast call: the first attempt of a call that never waited starts when the call did.
    this.attemptStart = this.attempt === 1 && !this.waited ? this.startedAt : this.shared.clock.now();
  }

  /** Records the current attempt once: report counters plus the breaker permit. */
  settleAttempt(attempt: number, succeeded: boolean, breakerOutcome: 'failure' | 'success' | 'ignore', error?: unknown): void {
    // A late outcome of an attempt that was already cut off (and maybe followed by another) is ignored.
    if (this.attemptSettled || attempt !== this.attempt) return;
    this.attemptSettled = true;
    this.settledAt = this.shared.clock.now();
    this.report.latencyMs = this.settledAt - this.attemptStart;
    if (succeeded) this.report.successes += 1;
    else this.report.failures += 1;
    const permit = this.permit;
    if (permit !== undefined) {
      this.permit = undefined;
      if (breakerOutcome === 'failure') permit.failure(error, this.report.latencyMs);
      else if (breakerOutcome === 'success') permit.success(this.report.latencyMs);
      else permit.ignore();
    }
  }

  /**
   * Runs the rest of the chain, releasing the caller at the deadline or on the caller's abort even when the
   * handler ignores its signal (aggressive completion; the handler keeps running and is counted as orphaned).
   */
  race<T>(next: (ctx: CallContext) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.raceReject = reject;
      const callerSignal = this.request.signal;
      if (callerSignal !== undefined) {
        if (callerSignal.aborted) {
          this.handleEvent();
          return;
        }
        callerSignal.addEventListener('abort', this);
      }
      if (this.deadline !== undefined) {
        this.at = this.deadline;
        this.shared.scheduler.add(this);
      }
      next(this as CallContext).then(
        (value) => {
          this.cleanup();
          resolve(value);
        },
        (error: unknown) => {
          this.cleanup();
          reject(this.released ?? error);
        },
      );
    });
  }

  private cleanup(): void {
    if (this.heapIndex >= 0) this.shared.scheduler.remove(this);
    this.request.signal?.removeEventListener('abort', this);
  }

  /** Deadline expiry (scheduler callback). */
  expire(): void {
    if (this.released !== undefined) return;
    const error = new ConnectorTimeoutError('total', this.timeoutMs, {
      connector: this.request.connector,
      operation: this.request.operation,
      attempts: this.report.attempts,
    });
    this.release(error, 'failure');
  }

  /** Caller abort (EventListener protocol, so no closure per call). */
  handleEvent(): void {
    if (this.released !== undefined) return;
    const error = new ConnectorAbortedError({
      connector: this.request.connector,
      operation: this.request.operation,
      attempts: this.report.attempts,
      cause: this.request.signal?.reason,
    });
    this.release(error, 'ignore');
  }

  private release(error: ConnectorTimeoutError | ConnectorAbortedError, breakerOutcome: 'failure' | 'ignore'): void {
    this.released = error;
    if (!this.attemptSettled) {
      this.shared.orphaned += 1;
      this.settleAttempt(this.attempt, false, breakerOutcome, error);
    }
    this.permit?.ignore();
    this.permit = undefined;
    this.cleanup();
    this.controller?.abort(error);
    this.raceReject?.(error);
  }
}
