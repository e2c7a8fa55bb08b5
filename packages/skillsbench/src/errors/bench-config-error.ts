import { BenchError } from './bench-error.js';

/** A run option or statistics argument is out of range (trials outside 1..100, k > n, …); `option` names it. */
export class BenchConfigError extends BenchError {
  readonly code = 'BENCH_BAD_CONFIG' as const;

  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`${option}: ${message}`);
  }
}
