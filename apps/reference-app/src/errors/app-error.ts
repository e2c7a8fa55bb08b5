import { Agent33Error, hasMarker } from '@agent33/observability';

const APP_ERROR_MARKER = Symbol.for('agent33.app.error');

/** Base of every error the reference app throws itself; codes are `APP_*`. */
export abstract class AppError extends Agent33Error {
  private readonly [APP_ERROR_MARKER] = true;

  /** True for any reference-app error, from any copy of the app's modules. */
  static override isInstance(error: unknown): error is AppError {
    return hasMarker(error, APP_ERROR_MARKER);
  }
}
