import { AgentDefinitionError } from '../errors/agent-definition-error.js';
import { CfworkerSchemaValidator } from '../tools/validate.js';
import type { AutonomyLevel } from '../policy/types.js';
import { AGENT_DEFINITION_SCHEMA, type AGENT_CAPABILITIES, type AGENT_ROLES } from './schema.js';

/** An agent role. */
export type AgentRole = (typeof AGENT_ROLES)[number];
/** A declared capability. */
export type AgentCapability = (typeof AGENT_CAPABILITIES)[number];

/** One declared input or output. */
export interface AgentParameter {
  type: string;
  description: string;
  required: boolean;
  default?: unknown;
  enum?: unknown[];
}

/** An agent definition (camelCase view of the reference JSON format). */
export interface AgentDefinition {
  name: string;
  version: string;
  role: AgentRole;
  description: string;
  capabilities: AgentCapability[];
  specCapabilities: string[];
  inputs: Record<string, AgentParameter>;
  outputs: Record<string, AgentParameter>;
  dependencies: Array<{ agent: string; optional: boolean; purpose: string }>;
  prompts: { system: string; user: string; examples: string[] };
  constraints: { maxTokens: number; timeoutSeconds: number; maxRetries: number; parallelAllowed: boolean };
  metadata: { author?: string; created?: string; updated?: string; tags: string[] };
  agentId?: string;
  governance: {
    scope: string;
    commands: string;
    network: string;
    approvalRequired: string[];
    toolPolicies: Record<string, 'allow' | 'deny' | 'ask'>;
  };
  ownership: { owner: string; escalationTarget: string };
  status: 'active' | 'deprecated' | 'experimental';
  autonomyLevel: AutonomyLevel;
  skills: string[];
}

const LEGACY_ROLES: Record<string, string> = { worker: 'implementer', validator: 'qa' };
const validator = new CfworkerSchemaValidator();

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v : d);

function params(v: unknown): Record<string, AgentParameter> {
  const out: Record<string, AgentParameter> = {};
  for (const [k, raw] of Object.entries(obj(v))) {
    const p = obj(raw);
    out[k] = { type: str(p['type'], 'string'), description: str(p['description']), required: p['required'] === true };
    if ('default' in p) out[k].default = p['default'];
    if (Array.isArray(p['enum'])) out[k].enum = p['enum'];
  }
  return out;
}

/**
 * Parses an agent definition in the reference JSON format: strips `$schema`, normalises legacy roles
 * (worker → implementer, validator → qa), validates against the schema and fills defaults. Throws
 * `AgentDefinitionError` (`RUNTIME_BAD_DEFINITION`) naming every bad field.
 */
export function parseAgentDefinition(json: unknown): AgentDefinition {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new AgentDefinitionError('agent definition must be a JSON object', [{ path: '(root)', message: 'not an object' }]);
  }
  const { $schema: _schema, ...raw } = json as Json;
  if (typeof raw['role'] === 'string' && LEGACY_ROLES[raw['role']] !== undefined) raw['role'] = LEGACY_ROLES[raw['role']];
  const verdict = validator.validate(AGENT_DEFINITION_SCHEMA, raw);
  if (!verdict.valid) {
    throw new AgentDefinitionError(
      `invalid agent definition${typeof raw['name'] === 'string' ? ` '${raw['name']}'` : ''}: ${verdict.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      verdict.errors,
    );
  }
  const c = obj(raw['constraints']);
  const g = obj(raw['governance']);
  const m = obj(raw['metadata']);
  const p = obj(raw['prompts']);
  const o = obj(raw['ownership']);
  const def: AgentDefinition = {
    name: raw['name'] as string,
    version: raw['version'] as string,
    role: raw['role'] as AgentRole,
    description: str(raw['description']),
    capabilities: (raw['capabilities'] as AgentCapability[] | undefined) ?? [],
    specCapabilities: (raw['spec_capabilities'] as string[] | undefined) ?? [],
    inputs: params(raw['inputs']),
    outputs: params(raw['outputs']),
    dependencies: ((raw['dependencies'] as Json[] | undefined) ?? []).map((d) => ({ agent: str(d['agent']), optional: d['optional'] === true, purpose: str(d['purpose']) })),
    prompts: { system: str(p['system']), user: str(p['user']), examples: (p['examples'] as string[] | undefined) ?? [] },
    constraints: {
      maxTokens: (c['max_tokens'] as number | undefined) ?? 4096,
      timeoutSeconds: (c['timeout_seconds'] as number | undefined) ?? 120,
      maxRetries: (c['max_retries'] as number | undefined) ?? 2,
      parallelAllowed: (c['parallel_allowed'] as boolean | undefined) ?? true,
    },
    metadata: {
      tags: (m['tags'] as string[] | undefined) ?? [],
      ...(typeof m['author'] === 'string' ? { author: m['author'] } : {}),
      ...(typeof m['created'] === 'string' ? { created: m['created'] } : {}),
      ...(typeof m['updated'] === 'string' ? { updated: m['updated'] } : {}),
    },
    governance: {
      scope: str(g['scope']),
      commands: str(g['commands']),
      network: str(g['network']),
      approvalRequired: (g['approval_required'] as string[] | undefined) ?? [],
      toolPolicies: (g['tool_policies'] as Record<string, 'allow' | 'deny' | 'ask'> | undefined) ?? {},
    },
    ownership: { owner: str(o['owner']), escalationTarget: str(o['escalation_target']) },
    status: (raw['status'] as AgentDefinition['status'] | undefined) ?? 'active',
    autonomyLevel: (raw['autonomy_level'] as AutonomyLevel | undefined) ?? 'supervised',
    skills: (raw['skills'] as string[] | undefined) ?? [],
  };
  if (typeof raw['agent_id'] === 'string') def.agentId = raw['agent_id'];
  return def;
}

/** Checks an already-parsed definition passed directly to the runtime (the fields the runtime relies on). */
export function assertAgentDefinition(d: unknown): asserts d is AgentDefinition {
  const x = d as Partial<AgentDefinition> | null;
  const errors: Array<{ path: string; message: string }> = [];
  if (x === null || typeof x !== 'object') errors.push({ path: '(root)', message: 'not an object' });
  else {
    if (typeof x.name !== 'string' || !/^[a-z][a-z0-9-]*$/.test(x.name)) errors.push({ path: 'name', message: 'must match ^[a-z][a-z0-9-]*$' });
    if (typeof x.constraints?.maxTokens !== 'number') errors.push({ path: 'constraints.maxTokens', message: 'must be a number' });
    if (typeof x.inputs !== 'object' || x.inputs === null) errors.push({ path: 'inputs', message: 'must be an object' });
    if (typeof x.outputs !== 'object' || x.outputs === null) errors.push({ path: 'outputs', message: 'must be an object' });
  }
  if (errors.length > 0) throw new AgentDefinitionError(`invalid agent definition: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors);
}
