import { AppError } from './app-error.js';

/** A dependency a request needs is not available (model server down, component not configured): HTTP 503. */
export class ServiceUnavailableError extends AppError {
  readonly code = 'APP_UNAVAILABLE' as const;
}
