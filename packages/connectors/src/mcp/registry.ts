import type { ConnectorBoundary } from '../boundary.js';
import { ConnectorConfigError } from '../errors/connector-config-error.js';
import { Pool, type McpConnectorPool } from './pool.js';
import { defaultTransportFactory } from './transport-factory.js';
import type { McpServerConfig, McpTransportFactory } from './types.js';
import { validateServerConfig } from './validate.js';

/** The reference's verbs over a connection pool. */
export interface McpServerRegistry {
  /** Validates and registers a server; throws `ConnectorConfigError`, `UnknownPolicyPackError` or `EgressBlockedError`. */
  register(config: McpServerConfig): McpServerConfig;
  list(): readonly McpServerConfig[];
  get(name: string): McpServerConfig | undefined;
  /** Closes the server's pooled connection, then forgets it. Resolves true when it was registered. */
  unregister(name: string): Promise<boolean>;
  readonly pool: McpConnectorPool;
  /** Closes every connection. */
  close(): Promise<void>;
}

/** Options of {@link createMcpRegistry}. */
export interface McpRegistryOptions {
  servers?: readonly McpServerConfig[];
  /** Opens sessions; replace it for another SDK major or for in-memory fixtures. */
  transportFactory?: McpTransportFactory;
}

/** Creates an MCP server registry whose pool sends every request through `boundary`. */
export function createMcpRegistry(boundary: ConnectorBoundary, options: McpRegistryOptions = {}): McpServerRegistry {
  if (typeof boundary?.execute !== 'function' || typeof boundary.egressFor !== 'function') {
    throw new ConnectorConfigError('boundary', 'expected a ConnectorBoundary from createBoundary()');
  }
  const servers = new Map<string, McpServerConfig>();
  const pool = new Pool(boundary, options.transportFactory ?? defaultTransportFactory, (name) => servers.get(name), () => [...servers.keys()]);
  const registry: McpServerRegistry = {
    pool,
    register(config) {
      const validated = validateServerConfig(config, boundary);
      if (servers.has(validated.name)) throw new ConnectorConfigError('name', `MCP server "${validated.name}" is already registered`);
      servers.set(validated.name, validated);
      return validated;
    },
    list: () => [...servers.values()],
    get: (name) => servers.get(name),
    async unregister(name) {
      if (!servers.has(name)) return false;
      await pool.closeServer(name);
      servers.delete(name);
      return true;
    },
    close: () => pool.close(),
  };
  for (const server of options.servers ?? []) registry.register(server);
  return registry;
}
