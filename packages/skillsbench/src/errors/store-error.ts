import { BenchError } from './bench-error.js';

/** A result store was asked for something it cannot do: an unknown run, a malformed file, a bad run id. */
export class BenchStoreError extends BenchError {
  readonly code = 'BENCH_STORE' as const;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
