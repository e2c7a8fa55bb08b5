import { Agent33Error, hasMarker } from '@agent33/observability';

const BENCH_ERROR_MARKER = Symbol.for('agent33.skillsbench.error');

/**
 * Base class of every error thrown by `@agent33/skillsbench`; codes start with `BENCH_`.
 *
 * Membership is tested with {@link BenchError.isInstance}, which reads a `Symbol.for` marker so it holds across
 * duplicate copies of the package (ESM and CJS side by side).
 */
export abstract class BenchError extends Agent33Error {
  private readonly [BENCH_ERROR_MARKER] = true;

  /** True for any skillsbench error, from any copy of the package. */
  static override isInstance(error: unknown): error is BenchError {
    return hasMarker(error, BENCH_ERROR_MARKER);
  }
}
