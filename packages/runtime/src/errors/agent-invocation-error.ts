import { AgentRuntimeError } from './agent-runtime-error.js';

/** A single-shot `invoke` failed on every allowed attempt (message keeps the reference wording). */
export class AgentInvocationError extends AgentRuntimeError {
  readonly code = 'RUNTIME_INVOCATION_FAILED' as const;
  readonly agent: string;
  readonly attempts: number;

  constructor(agent: string, attempts: number, cause: unknown) {
    super(`Agent '${agent}' failed after ${attempts} attempts: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.agent = agent;
    this.attempts = attempts;
  }
}
