import { BenchError } from './bench-error.js';

/**
 * A sandbox could not be prepared or driven (no Docker daemon, a failed image build, a workspace path escaping its
 * root). The scheduler records such trials as `infra`, never as agent failures.
 */
export class SandboxError extends BenchError {
  readonly code = 'BENCH_SANDBOX' as const;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
