import { Agent33Error, hasMarker } from '@agent33/observability';

const RUNTIME_ERROR_MARKER = Symbol.for('agent33.runtime.error');

/**
 * Base of every error thrown by `@agent33/runtime`; codes start with `RUNTIME_`.
 *
 * Only programmer errors and unusable inputs throw (bad options, missing required inputs, unknown agents, invalid
 * definitions). Model and tool misbehaviour during a run becomes data: per-call outcomes and a termination reason.
 */
export abstract class AgentRuntimeError extends Agent33Error {
  private readonly [RUNTIME_ERROR_MARKER] = true;

  /** True for any runtime error, from any copy of the package. */
  static override isInstance(error: unknown): error is AgentRuntimeError {
    return hasMarker(error, RUNTIME_ERROR_MARKER);
  }
}
