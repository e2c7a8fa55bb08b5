import type { TaskDiagnostic } from '../task/types.js';
import { BenchError } from './bench-error.js';

/** A folder is not a task, or its `task.toml` cannot be parsed. Every problem found is listed in `diagnostics`. */
export class TaskInvalidError extends BenchError {
  readonly code = 'BENCH_TASK_INVALID' as const;

  constructor(
    readonly dir: string,
    readonly diagnostics: readonly TaskDiagnostic[],
    options?: { cause?: unknown },
  ) {
    super(`Invalid task at ${dir}: ${diagnostics.map((d) => d.message).join('; ') || 'unknown problem'}`, options);
  }
}
