import { ModelError } from './model-error.js';

/**
 * The provider rejected the request because the prompt exceeds the model's context window. The loop reacts with
 * one forced compaction and a retry within the same iteration.
 */
export class ContextOverflowError extends ModelError {
  override readonly code = 'RUNTIME_CONTEXT_OVERFLOW' as const;

  constructor(message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, { kind: 'context_overflow', retryable: false, ...options });
  }
}
