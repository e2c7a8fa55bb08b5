import { AgentRuntimeError } from './agent-runtime-error.js';

/** Options passed to a runtime entry point are invalid (for example `invokeIterative` without a tool registry). */
export class RuntimeOptionsError extends AgentRuntimeError {
  readonly code = 'RUNTIME_BAD_OPTIONS' as const;
}
