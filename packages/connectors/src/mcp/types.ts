import type { FetchLike } from '../egress/guarded-fetch.js';

/** How to reach an MCP server. */
export type McpTransportConfig =
  | { kind: 'stdio'; command: string; args?: readonly string[]; env?: Record<string, string>; cwd?: string }
  | { kind: 'streamable-http'; url: string; headers?: Record<string, string>; sseFallback?: boolean }
  | { kind: 'jsonrpc-http'; url: string };

/** One registered MCP server. */
export interface McpServerConfig {
  /** Unique name; the governance connector id is `mcp:{name}`. */
  name: string;
  transport: McpTransportConfig;
  /** Default per-request timeout. Default: the boundary's. */
  timeoutMs?: number;
  /** Timeout of `initialize`. Default 30 000 ms. */
  connectTimeoutMs?: number;
  /** Close the connection after this long without requests. */
  idleTimeoutMs?: number;
  /** Policy pack for this server's calls (validated at registration). */
  policyPack?: string;
}

/** Options of one MCP request. */
export interface McpCallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Reset the request timeout whenever the server reports progress. Default true. */
  resetTimeoutOnProgress?: boolean;
  /** Hard cap when progress keeps resetting the timeout; becomes the boundary deadline. */
  maxTotalTimeoutMs?: number;
  onProgress?: (progress: { progress: number; total?: number; message?: string }) => void;
}

/** A tool as discovered from a server. */
export interface McpToolSpec {
  server: string;
  name: string;
  /** `{server}__{name}`: unique across servers. */
  qualifiedName: string;
  description: string;
  inputSchema: object;
  outputSchema?: object;
  annotations?: Record<string, unknown>;
}

/** A tool call's outcome; `isError` results are failed results, not exceptions. */
export interface McpToolResult {
  ok: boolean;
  text: string;
  content: readonly unknown[];
  structured?: unknown;
  isError: boolean;
}

/** Connection state of one server in the pool. */
export interface McpServerStatus {
  name: string;
  state: 'idle' | 'connecting' | 'connected' | 'failed' | 'closed';
  toolCount?: number;
  lastError?: string;
  reconnectAttempts: number;
  sessionId?: string;
}

/** Options the pool passes to every session request (derived from the call's deadline). */
export interface McpRequestOptions {
  signal: AbortSignal;
  timeout: number;
  resetTimeoutOnProgress?: boolean;
  maxTotalTimeout?: number;
  onprogress?: (progress: { progress: number; total?: number; message?: string }) => void;
}

/** A page of a list result. */
export interface McpPage<T> {
  items: T[];
  nextCursor?: string;
}

/** One live connection, whatever the transport: the small seam that keeps the SDK swappable. */
export interface McpSession {
  readonly sessionId: string | undefined;
  listTools(cursor: string | undefined, options: McpRequestOptions): Promise<McpPage<Record<string, unknown>>>;
  callTool(name: string, args: Record<string, unknown>, options: McpRequestOptions): Promise<{ content: unknown[]; isError: boolean; structuredContent?: unknown }>;
  ping(options: McpRequestOptions): Promise<void>;
  listResources(cursor: string | undefined, options: McpRequestOptions): Promise<McpPage<Record<string, unknown>>>;
  listPrompts(cursor: string | undefined, options: McpRequestOptions): Promise<McpPage<Record<string, unknown>>>;
  /** Registers a callback for `notifications/tools/list_changed`. */
  onToolsChanged(fn: () => void): void;
  close(): Promise<void>;
}

/** What a transport factory receives to open a session. */
export interface McpConnectContext {
  signal: AbortSignal;
  timeoutMs: number;
  /** Egress-guarded fetch for HTTP transports. */
  fetch: FetchLike;
}

/** Opens sessions; swap it to use another SDK major or in-memory fixtures. */
export interface McpTransportFactory {
  connect(config: McpServerConfig, context: McpConnectContext): Promise<McpSession>;
}
