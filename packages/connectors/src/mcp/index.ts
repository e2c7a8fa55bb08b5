export type {
  McpTransportConfig,
  McpServerConfig,
  McpCallOptions,
  McpToolSpec,
  McpToolResult,
  McpServerStatus,
  McpRequestOptions,
  McpPage,
  McpSession,
  McpConnectContext,
  McpTransportFactory,
} from './types.js';
export type { McpServerRegistry, McpRegistryOptions } from './registry.js';
export { createMcpRegistry } from './registry.js';
export type { McpConnectorPool } from './pool.js';
export { reconnectDelayMs } from './pool.js';
export { flattenToolContent, parseToolEntries } from './content.js';
export { mcpTools, mcpToolDefinition, checkArguments } from './tools.js';
export { defaultTransportFactory } from './transport-factory.js';
export { SdkSession } from './sdk-session.js';
export { JsonRpcHttpSession } from './jsonrpc-session.js';
export type { StdioTransportOptions } from './stdio-transport.js';
export { ProcessGroupStdioTransport } from './stdio-transport.js';
export { validateServerConfig, fromReferenceServer } from './validate.js';
export { mapMcpError, isSessionExpired } from './errors.js';
