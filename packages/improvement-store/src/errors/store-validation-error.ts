import { StoreError } from './store-error.js';

/** An argument of a store call is invalid; nothing was written. */
export class StoreValidationError extends StoreError {
  readonly code = 'STORE_INVALID_INPUT' as const;
  /** Path of the offending field, e.g. `summary` or `context.key`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(`Invalid ${field}: ${message}`);
    this.field = field;
  }
}
