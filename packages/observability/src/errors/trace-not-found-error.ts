import { hasMarker } from './agent33-error.js';
import { ObservabilityError } from './observability-error.js';

const TRACE_NOT_FOUND_ERROR_MARKER = Symbol.for('agent33.observability.trace-not-found-error');

/** A trace store write named a trace that does not exist (or is not visible to the caller's tenant). */
export class TraceNotFoundError extends ObservabilityError {
  readonly code = 'OBS_TRACE_NOT_FOUND' as const;
  readonly traceId: string;
  private readonly [TRACE_NOT_FOUND_ERROR_MARKER] = true;

  constructor(traceId: string) {
    super(`Trace ${traceId} not found`);
    this.traceId = traceId;
  }

  /** True for any `TraceNotFoundError`, from any copy of the package. */
  static override isInstance(error: unknown): error is TraceNotFoundError {
    return hasMarker(error, TRACE_NOT_FOUND_ERROR_MARKER);
  }
}
