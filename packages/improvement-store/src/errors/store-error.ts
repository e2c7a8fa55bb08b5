import { Agent33Error, hasMarker } from '@agent33/observability';

const STORE_ERROR_MARKER = Symbol.for('agent33.store.error');

/**
 * Base of every error thrown by `@agent33/improvement-store`. Codes start with `STORE_`.
 *
 * Membership is tested with {@link StoreError.isInstance}, which reads a `Symbol.for` marker so it holds across
 * two loaded copies of the package (ESM and CJS side by side).
 */
export abstract class StoreError extends Agent33Error {
  private readonly [STORE_ERROR_MARKER] = true;

  /** True for any error of this package, from any loaded copy of it. */
  static override isInstance(error: unknown): error is StoreError {
    return hasMarker(error, STORE_ERROR_MARKER);
  }
}
