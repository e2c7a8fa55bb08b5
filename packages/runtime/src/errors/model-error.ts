import { AgentRuntimeError } from './agent-runtime-error.js';

/** Why a model call failed; drives retry decisions and the loop's reaction. */
export type ModelErrorKind =
  | 'network'
  | 'rate_limit'
  | 'server'
  | 'auth'
  | 'invalid_request'
  | 'context_overflow'
  | 'aborted'
  | 'timeout'
  | 'invalid_response';

/**
 * A failed model call. `retryable` is true only for classes worth another attempt (network errors, 408/409/429 and
 * 5xx); auth and invalid-request errors fail fast.
 */
export class ModelError extends AgentRuntimeError {
  readonly code: 'RUNTIME_MODEL_ERROR' | 'RUNTIME_CONTEXT_OVERFLOW' = 'RUNTIME_MODEL_ERROR';
  readonly retryable: boolean;
  readonly status?: number;
  readonly kind: ModelErrorKind;
  /** Milliseconds the server asked us to wait (`Retry-After`), when it said. */
  readonly retryAfterMs?: number;

  constructor(
    message: string,
    options: { kind: ModelErrorKind; retryable?: boolean; status?: number; retryAfterMs?: number; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.kind = options.kind;
    this.retryable = options.retryable ?? false;
    if (options.status !== undefined) this.status = options.status;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }

  /** True for any `ModelError` (including `ContextOverflowError`) from any copy of the package. */
  static isModelError(error: unknown): error is ModelError {
    return AgentRuntimeError.isInstance(error) && typeof (error as { kind?: unknown }).kind === 'string' &&
      typeof (error as { retryable?: unknown }).retryable === 'boolean';
  }
}
