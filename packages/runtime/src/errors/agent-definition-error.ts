import { AgentRuntimeError } from './agent-runtime-error.js';

/** An agent definition failed validation; `errors` names every bad field by JSON path. */
export class AgentDefinitionError extends AgentRuntimeError {
  readonly code = 'RUNTIME_BAD_DEFINITION' as const;
  readonly errors: Array<{ path: string; message: string }>;

  constructor(message: string, errors: Array<{ path: string; message: string }>, options?: { cause?: unknown }) {
    super(message, options);
    this.errors = errors;
  }
}
