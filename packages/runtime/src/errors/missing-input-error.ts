import { AgentRuntimeError } from './agent-runtime-error.js';

/** A required agent input is absent. The message keeps the reference wording "Missing required input: X". */
export class MissingInputError extends AgentRuntimeError {
  readonly code = 'RUNTIME_MISSING_INPUT' as const;
  readonly input: string;

  constructor(input: string) {
    super(`Missing required input: ${input}`);
    this.input = input;
  }
}
