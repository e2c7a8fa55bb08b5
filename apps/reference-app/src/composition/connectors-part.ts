import { asRuntimeBoundary, createBoundary, optionsFromEnv, webFetchTool, type ConnectorBoundary } from '@agent33/connectors';
import { createMcpRegistry, mcpTools, type McpServerRegistry } from '@agent33/connectors/mcp';
import type { Clock } from '@agent33/observability';
import type { CallBoundary, ToolDefinition, ToolRegistry } from '@agent33/runtime';
import type { AppConfig } from '../config/index.js';
import { ConfigError } from '../errors/index.js';
import type { ComponentBoard } from './components.js';
import type { Logger } from './logger.js';

/** The composed outbound-call boundary and MCP registry. */
export interface ConnectorsPart {
  boundary: ConnectorBoundary;
  runtimeBoundary: CallBoundary;
  mcp: McpServerRegistry;
  /** Registers `web_fetch` when a domain allowlist is configured (deny-by-default egress otherwise). */
  registerWebTools(tools: ToolRegistry): void;
  /** Connects the configured MCP servers and registers their tools; failures are warnings, never fatal. */
  registerTools(tools: ToolRegistry): Promise<void>;
  close(): Promise<void>;
}

function hostPort(url: string): string {
  const u = new URL(url);
  return u.port === '' ? u.hostname : `${u.hostname}:${u.port}`;
}

/**
 * One boundary for every outbound call (model providers, tools, MCP), built from `CONNECTOR_*` variables with the
 * configured policy pack and the app's loopback exception for the local model server; the MCP registry over it.
 */
export function composeConnectors(
  config: AppConfig,
  env: Record<string, string | undefined>,
  board: ComponentBoard,
  logger: Logger,
  clock: Clock,
): ConnectorsPart {
  let boundary: ConnectorBoundary;
  try {
    boundary = createBoundary({
      ...optionsFromEnv(env),
      // The app always routes through the boundary; CONNECTOR_BOUNDARY_ENABLED only matters to bare library users.
      enabled: true,
      policyPack: config.connectors.policyPack,
      egressByConnector: {
        'llm:ollama': { allowPrivateHosts: [hostPort(config.model.baseUrl)] },
        // The app's own API, called by `agent33 start` and the CLI's remote commands.
        'app:self': { allowPrivateHosts: [`${config.server.host}`, '127.0.0.1', 'localhost', '[::1]'] },
      },
      clock,
      onEvent: (e) => {
        if (e.type === 'governance.unknown_pack') logger.warn(`unknown policy pack: ${JSON.stringify(e)}`);
      },
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'CONNECTOR_UNKNOWN_POLICY_PACK' || code === 'CONNECTOR_BAD_CONFIG') {
      throw new ConfigError([{ key: 'connectors.policyPack', source: 'configuration', message: (error as Error).message }], { cause: error });
    }
    throw error;
  }
  const mcp = createMcpRegistry(boundary);
  for (const s of config.connectors.mcpServers) {
    try {
      mcp.register({
        name: s.name,
        transport: { kind: 'stdio', command: s.command, args: s.args, env: s.env, ...(s.cwd === undefined ? {} : { cwd: s.cwd }) },
      });
    } catch (error) {
      throw new ConfigError(
        [{ key: `connectors.mcpServers.${s.name}`, source: 'configuration', message: (error as Error).message }],
        { cause: error },
      );
    }
  }
  const d = boundary.describe();
  board.set({
    name: 'connectors',
    state: 'ready',
    detail: `boundary ${d.preset}, packs ${d.packs.join(', ')}, ${config.connectors.mcpServers.length} MCP servers`,
    required: false,
  });
  return {
    boundary,
    runtimeBoundary: asRuntimeBoundary(boundary),
    mcp,
    registerWebTools(tools) {
      const allow = config.connectors.webAllowlist;
      if (allow.length === 0) return;
      tools.register(webFetchTool(boundary, { domainAllowlist: allow }) as unknown as ToolDefinition, { tags: ['connectors'] });
      board.set({ name: 'web', state: 'ready', detail: `web_fetch for ${allow.join(', ')}`, required: false });
    },
    async registerTools(tools) {
      for (const s of mcp.list()) {
        try {
          const defs = await mcpTools(mcp, { server: s.name });
          for (const def of defs) tools.register(def, { tags: [`mcp:${s.name}`] });
          board.set({ name: `mcp:${s.name}`, state: 'ready', detail: `${defs.length} tools`, required: false });
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          logger.warn(`MCP server ${s.name} unavailable: ${reason}`);
          board.set({ name: `mcp:${s.name}`, state: 'unavailable', detail: reason, required: false });
        }
      }
    },
    async close() {
      await mcp.close();
      await boundary.close();
    },
  };
}
