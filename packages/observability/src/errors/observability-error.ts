import { Agent33Error, hasMarker } from './agent33-error.js';

const OBSERVABILITY_ERROR_MARKER = Symbol.for('agent33.observability.error');

/** Base of every error thrown by `@agent33/observability`; codes start with `OBS_`. */
export abstract class ObservabilityError extends Agent33Error {
  private readonly [OBSERVABILITY_ERROR_MARKER] = true;

  /** True for any observability error, from any copy of the package. */
  static override isInstance(error: unknown): error is ObservabilityError {
    return hasMarker(error, OBSERVABILITY_ERROR_MARKER);
  }
}
