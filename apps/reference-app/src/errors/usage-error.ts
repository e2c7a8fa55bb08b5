import { AppError } from './app-error.js';

/** A CLI invocation the app cannot run: unknown command, missing argument, malformed flag. */
export class UsageError extends AppError {
  readonly code = 'APP_USAGE' as const;
}
