import { z } from 'zod';
import type { ConnectorBoundary } from '../boundary.js';
import { validateUrl } from '../egress/url-guard.js';
import { ConnectorConfigError } from '../errors/connector-config-error.js';
import { getPolicyPack } from '../governance/packs.js';
import type { McpServerConfig } from './types.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const timeout = z.number().positive().finite().optional();
const base = { name: z.string(), timeoutMs: timeout, connectTimeoutMs: timeout, idleTimeoutMs: timeout, policyPack: z.string().optional() };
const schema = z.object({
  ...base,
  transport: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('stdio'), command: z.string().min(1), args: z.array(z.string()).optional(), env: z.record(z.string(), z.string()).optional(), cwd: z.string().optional() }),
    z.object({ kind: z.literal('streamable-http'), url: z.string().min(1), headers: z.record(z.string(), z.string()).optional(), sseFallback: z.boolean().optional() }),
    z.object({ kind: z.literal('jsonrpc-http'), url: z.string().min(1) }),
  ]),
});

const KINDS = ['stdio', 'streamable-http', 'jsonrpc-http'];

/**
 * Validates a server registration: known transport kind, `command` for stdio, `url` (passing the URL guard with
 * the server's egress policy) for HTTP kinds, a valid name and a known policy pack. Throws typed errors.
 */
export function validateServerConfig(config: unknown, boundary: ConnectorBoundary): McpServerConfig {
  if (typeof config !== 'object' || config === null) throw new ConnectorConfigError('server', 'expected an object');
  const raw = config as Record<string, unknown>;
  const transport = raw['transport'] as Record<string, unknown> | undefined;
  if (typeof transport !== 'object' || transport === null) throw new ConnectorConfigError('transport', 'required');
  if (!KINDS.includes(String(transport['kind']))) {
    throw new ConnectorConfigError('transport.kind', `unknown transport kind "${String(transport['kind'])}" (known: ${KINDS.join(', ')})`);
  }
  if (transport['kind'] === 'stdio' && (typeof transport['command'] !== 'string' || transport['command'] === '')) {
    throw new ConnectorConfigError('transport.command', 'a stdio server requires a command');
  }
  if (transport['kind'] !== 'stdio' && (typeof transport['url'] !== 'string' || transport['url'] === '')) {
    throw new ConnectorConfigError('transport.url', `a ${String(transport['kind'])} server requires a url`);
  }
  const parsed = schema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConnectorConfigError(issue?.path.join('.') || 'server', issue?.message ?? 'invalid server config');
  }
  const server = parsed.data as McpServerConfig;
  if (!NAME.test(server.name)) throw new ConnectorConfigError('name', `"${server.name}" must match ${NAME.source}`);
  if (server.policyPack !== undefined) getPolicyPack(server.policyPack);
  if (server.transport.kind !== 'stdio') {
    const url = server.transport.url.replace(/\/+$/, '');
    validateUrl(url, boundary.egressFor(`mcp:${server.name}`));
    return { ...server, transport: { ...server.transport, url } };
  }
  return server;
}

/**
 * Converts a reference-style registration (`transport: 'stdio' | 'sse'`, `command`, `args`, `url`,
 * `timeout_seconds`) to an {@link McpServerConfig}; `sse` maps to Streamable HTTP with SSE fallback.
 */
export function fromReferenceServer(entry: { name: string; transport: string; command?: string; args?: string[]; env?: Record<string, string>; url?: string; timeout_seconds?: number }): McpServerConfig {
  if (entry.transport !== 'stdio' && entry.transport !== 'sse') {
    throw new ConnectorConfigError('transport', `unknown transport "${entry.transport}" (expected stdio or sse)`);
  }
  if (entry.transport === 'stdio' && !entry.command) throw new ConnectorConfigError('command', 'a stdio server requires a command');
  if (entry.transport === 'sse' && !entry.url) throw new ConnectorConfigError('url', 'an sse server requires a url');
  const timeoutMs = entry.timeout_seconds === undefined ? undefined : entry.timeout_seconds * 1000;
  return {
    name: entry.name,
    transport:
      entry.transport === 'stdio'
        ? { kind: 'stdio', command: entry.command as string, ...(entry.args ? { args: entry.args } : {}), ...(entry.env ? { env: entry.env } : {}) }
        : { kind: 'streamable-http', url: entry.url as string, sseFallback: true },
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  };
}
