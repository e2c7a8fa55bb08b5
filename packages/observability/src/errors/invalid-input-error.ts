import { hasMarker } from './agent33-error.js';
import { ObservabilityError } from './observability-error.js';

const INVALID_INPUT_ERROR_MARKER = Symbol.for('agent33.observability.invalid-input-error');

/**
 * A public entry point received input it cannot use (a NaN token count, a negative budget, a circular inputs
 * object). Nothing was recorded or changed; `field` names the offending argument.
 */
export class InvalidInputError extends ObservabilityError {
  readonly code = 'OBS_BAD_INPUT' as const;
  readonly field: string;
  private readonly [INVALID_INPUT_ERROR_MARKER] = true;

  constructor(field: string, message: string, options?: { cause?: unknown }) {
    super(`${field}: ${message}`, options);
    this.field = field;
  }

  /** True for any `InvalidInputError`, from any copy of the package. */
  static override isInstance(error: unknown): error is InvalidInputError {
    return hasMarker(error, INVALID_INPUT_ERROR_MARKER);
  }
}
