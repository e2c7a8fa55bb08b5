import { ConnectorConfigError } from '../errors/connector-config-error.js';
import { UnknownPolicyPackError } from '../errors/unknown-policy-pack-error.js';
import type { GovernanceRule, PolicyPack } from './types.js';

const WEB_CONNECTORS = ['tool:web_fetch', 'workflow:http_request', 'search:searxng', 'tool:reader'] as const;

/** The built-in packs: the reference's three with identical contents, plus this package's additions. */
export const POLICY_PACKS: Readonly<Record<string, PolicyPack>> = Object.freeze({
  default: Object.freeze({ name: 'default', description: 'Nothing denied.', blockedConnectors: [], blockedOperations: [] }),
  'strict-web': Object.freeze({
    name: 'strict-web',
    description: 'No user-driven web egress; LLM calls unaffected.',
    blockedConnectors: [...WEB_CONNECTORS],
    blockedOperations: [],
  }),
  'mcp-readonly': Object.freeze({
    name: 'mcp-readonly',
    description: 'MCP discovery allowed, all tool execution denied (even read-only tools).',
    blockedConnectors: [],
    blockedOperations: ['tools/call'],
  }),
  'mcp-readonly-annotated': Object.freeze({
    name: 'mcp-readonly-annotated',
    description: 'MCP tool execution allowed only for tools annotated readOnlyHint: true.',
    blockedConnectors: [],
    blockedOperations: [],
    rules: [
      { effect: 'allow' as const, connector: 'mcp:*', operation: 'tools/call', annotations: { readOnlyHint: true } },
      { effect: 'deny' as const, connector: 'mcp:*', operation: 'tools/call', reason: 'operation blocked by policy: tools/call (tool not annotated readOnlyHint)' },
    ] satisfies GovernanceRule[],
  }),
  'no-cloud-llm': Object.freeze({
    name: 'no-cloud-llm',
    description: 'No hosted LLM, embedding or multimodal calls; local models allowed.',
    blockedConnectors: ['llm:openai', 'memory:jina_embeddings', 'multimodal:*'],
    blockedOperations: [],
  }),
  'no-messaging': Object.freeze({
    name: 'no-messaging',
    description: 'No messaging adapters (Slack, e-mail, webhooks, …).',
    blockedConnectors: ['messaging:*'],
    blockedOperations: [],
  }),
  offline: Object.freeze({
    name: 'offline',
    description: 'Deny everything not explicitly allowed by another rule.',
    blockedConnectors: [],
    blockedOperations: [],
    rules: [],
    defaultEffect: 'deny' as const,
  }),
});

/**
 * Looks a pack up by name. Empty or undefined → `default`. An unknown name throws {@link UnknownPolicyPackError}
 * unless `onUnknown: 'fallback'` (the reference's behaviour), which returns `default` and reports through `onFallback`.
 */
export function getPolicyPack(
  name: string | undefined,
  options: { onUnknown?: 'throw' | 'fallback'; onFallback?: (pack: string) => void } = {},
): PolicyPack {
  if (name !== undefined && typeof name !== 'string') throw new ConnectorConfigError('policyPack', 'expected a pack name');
  const trimmed = (name ?? '').trim();
  if (trimmed === '') return POLICY_PACKS['default'] as PolicyPack;
  const pack = Object.hasOwn(POLICY_PACKS, trimmed) ? POLICY_PACKS[trimmed] : undefined;
  if (pack !== undefined) return pack;
  if (options.onUnknown === 'fallback') {
    options.onFallback?.(trimmed);
    return POLICY_PACKS['default'] as PolicyPack;
  }
  throw new UnknownPolicyPackError(trimmed, Object.keys(POLICY_PACKS));
}

/** Parses the reference's CSV settings: trimmed, empties dropped. */
export function parseCsv(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
