import type { JSONSchema } from '../model/types.js';

/** Agent roles (legacy `worker` → implementer and `validator` → qa are normalised before validation). */
export const AGENT_ROLES = ['orchestrator', 'director', 'implementer', 'qa', 'reviewer', 'researcher', 'documentation', 'security', 'architect', 'test-engineer'] as const;
/** Declared agent capabilities. */
export const AGENT_CAPABILITIES = ['file-read', 'file-write', 'code-execution', 'web-search', 'api-calls', 'orchestration', 'validation', 'code-analysis', 'research', 'refinement'] as const;

const param: JSONSchema = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    description: { type: 'string' },
    required: { type: 'boolean' },
    default: {},
    enum: { type: 'array' },
  },
  required: ['type'],
};

/** JSON Schema (draft 2020-12) of the reference agent-definition format (snake_case keys). */
export const AGENT_DEFINITION_SCHEMA: JSONSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['name', 'version', 'role'],
  properties: {
    name: { type: 'string', pattern: '^[a-z][a-z0-9-]*$', minLength: 2, maxLength: 64 },
    version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+$' },
    role: { enum: [...AGENT_ROLES] },
    description: { type: 'string', maxLength: 500 },
    capabilities: { type: 'array', items: { enum: [...AGENT_CAPABILITIES] }, uniqueItems: true },
    spec_capabilities: { type: 'array', items: { type: 'string', pattern: '^[PIVRX]-0[1-5]$' }, uniqueItems: true },
    inputs: { type: 'object', additionalProperties: param },
    outputs: { type: 'object', additionalProperties: param },
    dependencies: {
      type: 'array',
      items: {
        type: 'object',
        required: ['agent'],
        properties: { agent: { type: 'string' }, optional: { type: 'boolean' }, purpose: { type: 'string' } },
      },
    },
    prompts: {
      type: 'object',
      properties: { system: { type: 'string' }, user: { type: 'string' }, examples: { type: 'array', items: { type: 'string' } } },
    },
    constraints: {
      type: 'object',
      properties: {
        max_tokens: { type: 'integer', minimum: 100, maximum: 200000 },
        timeout_seconds: { type: 'integer', minimum: 10, maximum: 3600 },
        max_retries: { type: 'integer', minimum: 0, maximum: 10 },
        parallel_allowed: { type: 'boolean' },
      },
    },
    metadata: {
      type: 'object',
      properties: {
        author: { type: 'string' },
        created: { type: 'string' },
        updated: { type: 'string' },
        tags: { type: 'array', items: { type: 'string' } },
      },
    },
    agent_id: { anyOf: [{ type: 'string', pattern: '^AGT-\\d{3}$' }, { type: 'null' }] },
    governance: {
      type: 'object',
      properties: {
        scope: { type: 'string' },
        commands: { type: 'string' },
        network: { type: 'string' },
        approval_required: { type: 'array', items: { type: 'string' } },
        tool_policies: { type: 'object', additionalProperties: { enum: ['allow', 'deny', 'ask'] } },
      },
    },
    ownership: { type: 'object', properties: { owner: { type: 'string' }, escalation_target: { type: 'string' } } },
    status: { enum: ['active', 'deprecated', 'experimental'] },
    autonomy_level: { enum: ['read-only', 'supervised', 'full'] },
    skills: { type: 'array', items: { type: 'string' } },
  },
};
