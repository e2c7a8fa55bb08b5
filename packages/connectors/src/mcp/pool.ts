import type { ConnectorBoundary } from '../boundary.js';
import { createGuardedFetch } from '../egress/guarded-fetch.js';
import { ConnectorConfigError } from '../errors/connector-config-error.js';
import { ConnectorError } from '../errors/connector-error.js';
import { ConnectorTransportError } from '../errors/connector-transport-error.js';
import type { CallContext, ConnectorExecutor } from '../model.js';
import { flattenToolContent, parseToolEntries } from './content.js';
import { isSessionExpired, mapMcpError } from './errors.js';
import type { McpCallOptions, McpPage, McpRequestOptions, McpServerConfig, McpServerStatus, McpSession, McpToolResult, McpToolSpec, McpTransportFactory } from './types.js';

/** Connections for the registered servers; every request crosses the boundary as `mcp:{server}`. */
export interface McpConnectorPool {
  listTools(server?: string, options?: { signal?: AbortSignal; refresh?: boolean }): Promise<McpToolSpec[]>;
  callTool(server: string, tool: string, args: Record<string, unknown>, options?: McpCallOptions): Promise<McpToolResult>;
  ping(server: string, options?: { signal?: AbortSignal }): Promise<boolean>;
  listResources(server: string, options?: { signal?: AbortSignal }): Promise<Array<Record<string, unknown>>>;
  listPrompts(server: string, options?: { signal?: AbortSignal }): Promise<Array<Record<string, unknown>>>;
  status(): readonly McpServerStatus[];
  /** Closes one server's connection (the next request reconnects). */
  closeServer(name: string): Promise<void>;
  close(): Promise<void>;
}

interface Connection {
  state: McpServerStatus['state'];
  session?: McpSession;
  connecting?: Promise<McpSession>;
  tools?: McpToolSpec[];
  lastError?: string;
  reconnectAttempts: number;
  nextAttemptAt: number;
  idleTimer?: ReturnType<typeof setTimeout>;
}

const noProgress = (): void => undefined;
const MAX_TIMER_MS = 2_147_483_647;

/** Reconnect delay after `attempts` failed connects: 250 ms doubling, capped at 30 s. */
export function reconnectDelayMs(attempts: number): number {
  return Math.min(30_000, 250 * 2 ** Math.max(0, attempts - 1));
}

export class Pool implements McpConnectorPool {
  private readonly connections = new Map<string, Connection>();
  private readonly executors = new Map<string, ConnectorExecutor>();
  private closed = false;

  constructor(
    private readonly boundary: ConnectorBoundary,
    private readonly factory: McpTransportFactory,
    private readonly configOf: (name: string) => McpServerConfig | undefined,
    private readonly names: () => readonly string[],
  ) {}

  private config(name: string): McpServerConfig {
    if (typeof name !== 'string') throw new ConnectorConfigError('server', 'expected a server name');
    const config = this.configOf(name);
    if (config === undefined) throw new ConnectorConfigError('server', `no MCP server registered as "${name}"`);
    return config;
  }

  private executor(config: McpServerConfig): ConnectorExecutor {
    if (config.policyPack === undefined) return this.boundary;
    let executor = this.executors.get(config.name);
    if (executor === undefined) {
      executor = this.boundary.forConnector(`mcp:${config.name}`, { policyPack: config.policyPack });
      this.executors.set(config.name, executor);
    }
    return executor;
  }

  private connection(name: string): Connection {
    let connection = this.connections.get(name);
    if (connection === undefined) {
      connection = { state: 'idle', reconnectAttempts: 0, nextAttemptAt: 0 };
      this.connections.set(name, connection);
    }
    return connection;
  }

  /** Single-flight connect through the boundary as operation `initialize`, with reconnect backoff after failures. */
  private session(config: McpServerConfig, signal?: AbortSignal): Promise<McpSession> {
    if (this.closed) return Promise.reject(new ConnectorTransportError('MCP pool is closed', { connector: `mcp:${config.name}`, operation: 'initialize', retryable: false }));
    const connection = this.connection(config.name);
    if (connection.session !== undefined) return Promise.resolve(connection.session);
    if (connection.connecting !== undefined) return connection.connecting;
    const now = Date.now();
    if (now < connection.nextAttemptAt) {
      return Promise.reject(
        new ConnectorTransportError(`MCP server ${config.name} is backing off after ${connection.reconnectAttempts} failed connects: ${connection.lastError ?? ''}`, {
          connector: `mcp:${config.name}`,
          operation: 'initialize',
          retryable: false,
        }),
      );
    }
    connection.state = 'connecting';
    const connector = `mcp:${config.name}`;
    const timeoutMs = config.connectTimeoutMs ?? 30_000;
    const fetch = createGuardedFetch(this.boundary.egressFor(connector));
    const connecting = this.executor(config)
      .execute({ connector, operation: 'initialize', timeoutMs, idempotent: true, ...(signal === undefined ? {} : {}) }, async (ctx) => {
        try {
          return await this.factory.connect(config, { signal: ctx.signal, timeoutMs, fetch });
        } catch (error) {
          throw mapMcpError(error, connector, 'initialize', timeoutMs);
        }
      })
      .then(
        (session) => {
          connection.connecting = undefined;
          if (this.closed || this.configOf(config.name) === undefined) {
            void session.close();
            throw new ConnectorTransportError('MCP pool closed while connecting', { connector, operation: 'initialize', retryable: false });
          }
          connection.session = session;
          connection.state = 'connected';
          connection.reconnectAttempts = 0;
          connection.nextAttemptAt = 0;
          session.onToolsChanged(() => {
            connection.tools = undefined;
          });
          return session;
        },
        (error: unknown) => {
          connection.connecting = undefined;
          connection.state = 'failed';
          connection.lastError = error instanceof Error ? error.message : String(error);
          connection.reconnectAttempts += 1;
          connection.nextAttemptAt = Date.now() + reconnectDelayMs(connection.reconnectAttempts);
          throw error;
        },
      );
    connection.connecting = connecting;
    return connecting;
  }

  private async drop(name: string): Promise<void> {
    const connection = this.connections.get(name);
    const session = connection?.session;
    if (connection === undefined) return;
    connection.session = undefined;
    connection.tools = undefined;
    connection.state = 'idle';
    if (connection.idleTimer !== undefined) clearTimeout(connection.idleTimer);
    await session?.close().catch(() => undefined);
  }

  /** One MCP request through the boundary, with deadline-derived SDK timeouts and session-expiry recovery. */
  private async request<T>(
    config: McpServerConfig,
    operation: string,
    metadata: Record<string, unknown>,
    options: McpCallOptions,
    run: (session: McpSession, requestOptions: McpRequestOptions) => Promise<T>,
  ): Promise<T> {
    const connector = `mcp:${config.name}`;
    const session = await this.session(config, options.signal);
    const reset = options.resetTimeoutOnProgress ?? true;
    const perRequest = options.timeoutMs ?? config.timeoutMs;
    const progressCapped = reset && options.maxTotalTimeoutMs !== undefined;
    const deadlineMs = progressCapped ? options.maxTotalTimeoutMs : perRequest;
    const connection = this.connection(config.name);
    const value = await this.executor(config).execute(
      {
        connector,
        operation,
        metadata: { ...metadata, ...(session.sessionId === undefined ? {} : { sessionId: session.sessionId }) },
        ...(deadlineMs === undefined ? {} : { timeoutMs: deadlineMs }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      },
      async (ctx: CallContext) => {
        const remaining = ctx.remainingMs();
        const timeout = Math.min(MAX_TIMER_MS, progressCapped && perRequest !== undefined ? perRequest : Number.isFinite(remaining) ? Math.max(1, remaining) : (perRequest ?? 60_000));
        // Progress matters when it can extend the request (a per-request timeout under a longer total cap) or when the
        // caller listens; the SDK only sends a progress token when a callback exists, hence the no-op one. Otherwise
        // the SDK timeout already equals the remaining deadline and progress could not extend anything.
        const wantsProgress = options.onProgress !== undefined || (progressCapped && perRequest !== undefined);
        const requestOptions: McpRequestOptions = {
          signal: ctx.signal,
          timeout,
          ...(wantsProgress ? { resetTimeoutOnProgress: reset, onprogress: options.onProgress ?? noProgress } : {}),
          ...(options.maxTotalTimeoutMs === undefined ? {} : { maxTotalTimeout: options.maxTotalTimeoutMs }),
        };
        let current = connection.session ?? session;
        try {
          return await run(current, requestOptions);
        } catch (error) {
          if (isSessionExpired(error, current.sessionId)) {
            // The server forgot the session: clear it, initialize again and retry this request once.
            await this.drop(config.name);
            current = await this.factory.connect(config, { signal: ctx.signal, timeoutMs: config.connectTimeoutMs ?? 30_000, fetch: createGuardedFetch(this.boundary.egressFor(connector)) });
            connection.session = current;
            connection.state = 'connected';
            try {
              return await run(current, requestOptions);
            } catch (retryError) {
              throw mapMcpError(retryError, connector, operation, timeout);
            }
          }
          const mapped = mapMcpError(error, connector, operation, timeout);
          if (ConnectorError.isInstance(mapped) && mapped.code === 'CONNECTOR_TRANSPORT_ERROR') void this.drop(config.name);
          throw mapped;
        }
      },
    );
    this.touch(config, connection);
    return value;
  }

  private touch(config: McpServerConfig, connection: Connection): void {
    if (config.idleTimeoutMs === undefined) return;
    if (connection.idleTimer !== undefined) clearTimeout(connection.idleTimer);
    connection.idleTimer = setTimeout(() => void this.drop(config.name), config.idleTimeoutMs);
    connection.idleTimer.unref();
  }

  private async paginate(config: McpServerConfig, operation: string, signal: AbortSignal | undefined, page: (session: McpSession, cursor: string | undefined, o: McpRequestOptions) => Promise<McpPage<Record<string, unknown>>>): Promise<Array<Record<string, unknown>>> {
    const items: Array<Record<string, unknown>> = [];
    let cursor: string | undefined;
    const seen = new Set<string>();
    for (let pageIndex = 0; pageIndex < 1000; pageIndex += 1) {
      const result = await this.request(config, operation, {}, signal === undefined ? {} : { signal }, (session, o) => page(session, cursor, o));
      items.push(...result.items);
      if (result.nextCursor === undefined || seen.has(result.nextCursor)) break;
      seen.add(result.nextCursor);
      cursor = result.nextCursor;
    }
    return items;
  }

  async listTools(server?: string, options: { signal?: AbortSignal; refresh?: boolean } = {}): Promise<McpToolSpec[]> {
    if (server === undefined) {
      const all: McpToolSpec[] = [];
      for (const name of this.names()) {
        try {
          all.push(...(await this.listTools(name, options)));
        } catch (error) {
          // One failing server never hides the others; its status keeps the error.
          this.connection(name).lastError = error instanceof Error ? error.message : String(error);
        }
      }
      return all;
    }
    const config = this.config(server);
    const connection = this.connection(server);
    if (connection.tools !== undefined && options.refresh !== true) return connection.tools;
    const entries = parseToolEntries(await this.paginate(config, 'tools/list', options.signal, (session, cursor, o) => session.listTools(cursor, o)));
    const tools = entries
      .filter((entry) => entry.name !== '')
      .map((entry): McpToolSpec => ({
        server,
        name: entry.name,
        qualifiedName: `${server}__${entry.name}`,
        description: entry.description,
        inputSchema: entry.inputSchema,
        ...(typeof entry['outputSchema'] === 'object' && entry['outputSchema'] !== null ? { outputSchema: entry['outputSchema'] as object } : {}),
        ...(typeof entry['annotations'] === 'object' && entry['annotations'] !== null ? { annotations: entry['annotations'] as Record<string, unknown> } : {}),
      }));
    connection.tools = tools;
    return tools;
  }

  async callTool(server: string, tool: string, args: Record<string, unknown>, options: McpCallOptions = {}): Promise<McpToolResult> {
    const config = this.config(server);
    if (typeof tool !== 'string' || tool === '') throw new ConnectorConfigError('tool', 'expected a tool name');
    if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new ConnectorConfigError('arguments', 'expected an object');
    const known = this.connections.get(server)?.tools?.find((spec) => spec.name === tool);
    const metadata: Record<string, unknown> = { tool, ...(known?.annotations === undefined ? {} : { annotations: known.annotations }) };
    const result = await this.request(config, 'tools/call', metadata, options, (session, o) => session.callTool(tool, args, o));
    return {
      ok: !result.isError,
      text: flattenToolContent(result.content),
      content: result.content,
      isError: result.isError,
      ...(result.structuredContent === undefined ? {} : { structured: result.structuredContent }),
    };
  }

  async ping(server: string, options: { signal?: AbortSignal } = {}): Promise<boolean> {
    const config = this.config(server);
    try {
      await this.request(config, 'ping', {}, options, (session, o) => session.ping(o));
      return true;
    } catch {
      return false;
    }
  }

  listResources(server: string, options: { signal?: AbortSignal } = {}): Promise<Array<Record<string, unknown>>> {
    return this.paginate(this.config(server), 'resources/list', options.signal, (session, cursor, o) => session.listResources(cursor, o));
  }

  listPrompts(server: string, options: { signal?: AbortSignal } = {}): Promise<Array<Record<string, unknown>>> {
    return this.paginate(this.config(server), 'prompts/list', options.signal, (session, cursor, o) => session.listPrompts(cursor, o));
  }

  status(): readonly McpServerStatus[] {
    return this.names().map((name) => {
      const connection = this.connections.get(name);
      return {
        name,
        state: connection?.state ?? 'idle',
        reconnectAttempts: connection?.reconnectAttempts ?? 0,
        ...(connection?.tools === undefined ? {} : { toolCount: connection.tools.length }),
        ...(connection?.lastError === undefined ? {} : { lastError: connection.lastError }),
        ...(connection?.session?.sessionId === undefined ? {} : { sessionId: connection.session.sessionId }),
      };
    });
  }

  async closeServer(name: string): Promise<void> {
    const connection = this.connections.get(name);
    if (connection === undefined) return;
    const pending = connection.connecting;
    await this.drop(name);
    if (pending !== undefined) await pending.then((session) => session.close(), () => undefined).catch(() => undefined);
    connection.state = 'closed';
    this.connections.delete(name);
    this.executors.delete(name);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.connections.keys()].map((name) => this.closeServer(name)));
  }
}
