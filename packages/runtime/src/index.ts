/**
 * `@agent33/runtime`: agent definitions, `invoke` and the iterative tool loop, the model-provider abstraction,
 * tools and policy, and the ports sibling packages implement.
 */
export type * from './ports/index.js';

export { AgentRuntimeError } from './errors/agent-runtime-error.js';
export { ModelError } from './errors/model-error.js';
export { ContextOverflowError } from './errors/context-overflow-error.js';
export { AgentDefinitionError } from './errors/agent-definition-error.js';
export { MissingInputError } from './errors/missing-input-error.js';
export { UnknownAgentError } from './errors/unknown-agent-error.js';
export { RuntimeOptionsError } from './errors/runtime-options-error.js';
