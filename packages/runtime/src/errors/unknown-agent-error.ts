import { AgentRuntimeError } from './agent-runtime-error.js';

/** No agent definition is registered under the requested name. */
export class UnknownAgentError extends AgentRuntimeError {
  readonly code = 'RUNTIME_UNKNOWN_AGENT' as const;
  readonly agent: string;

  constructor(agent: string) {
    super(`Unknown agent: ${agent}`);
    this.agent = agent;
  }
}
