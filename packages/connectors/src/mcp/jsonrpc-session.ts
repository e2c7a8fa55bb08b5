import type { FetchLike } from '../egress/guarded-fetch.js';
import { ConnectorHttpError } from '../errors/connector-http-error.js';
import { ConnectorTransportError } from '../errors/connector-transport-error.js';
import { McpProtocolError } from '../errors/mcp-protocol-error.js';
import { ConnectorError } from '../errors/connector-error.js';
import { parseToolEntries } from './content.js';
import type { McpPage, McpRequestOptions, McpSession } from './types.js';

/**
 * The reference's legacy bridge: JSON-RPC over plain HTTP POST (no `initialize`, no session header). Kept for
 * parity only; it is not real MCP. Unlike the reference, request ids increment.
 */
export class JsonRpcHttpSession implements McpSession {
  private nextId = 0;
  readonly sessionId = undefined;

  constructor(
    readonly url: string,
    private readonly fetchFn: FetchLike,
  ) {}

  /** One JSON-RPC request; returns `result` (or the whole body when it has none). */
  async request(method: string, params: Record<string, unknown>, signal: AbortSignal): Promise<Record<string, unknown>> {
    this.nextId += 1;
    let response: Response;
    try {
      response = await this.fetchFn(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: this.nextId, method, params }),
        signal,
      });
    } catch (error) {
      if (ConnectorError.isInstance(error) || (error as { name?: string }).name === 'AbortError') throw error;
      throw new ConnectorTransportError(`MCP bridge transport error for ${this.url}: ${(error as Error).message}`, { cause: error });
    }
    const text = await response.text();
    if (!response.ok) throw new ConnectorHttpError(response.status, `HTTP ${response.status} from MCP bridge ${this.url}`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new McpProtocolError(-32700, `MCP bridge returned invalid JSON for ${method}`, { cause: error });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new McpProtocolError(-32700, `MCP bridge returned non-object JSON for ${method}`);
    }
    const record = body as Record<string, unknown>;
    if (record['error'] !== undefined && record['error'] !== null) {
      const error = record['error'] as Record<string, unknown>;
      const message = typeof error['message'] === 'string' ? error['message'] : JSON.stringify(error);
      throw new McpProtocolError(typeof error['code'] === 'number' ? error['code'] : -32603, message);
    }
    const result = record['result'] ?? record;
    if (typeof result !== 'object' || result === null || Array.isArray(result)) {
      throw new McpProtocolError(-32700, `MCP bridge returned a non-object result for ${method}`);
    }
    return result as Record<string, unknown>;
  }

  async listTools(cursor: string | undefined, options: McpRequestOptions): Promise<McpPage<Record<string, unknown>>> {
    const result = await this.request('tools/list', cursor === undefined ? {} : { cursor }, options.signal);
    const next = result['nextCursor'];
    return { items: parseToolEntries(result['tools']), ...(typeof next === 'string' ? { nextCursor: next } : {}) };
  }

  async callTool(name: string, args: Record<string, unknown>, options: McpRequestOptions): Promise<{ content: unknown[]; isError: boolean; structuredContent?: unknown }> {
    const result = await this.request('tools/call', { name, arguments: args }, options.signal);
    const content = result['content'];
    return { content: Array.isArray(content) ? content : [typeof content === 'string' ? content : result], isError: result['isError'] === true };
  }

  async ping(options: McpRequestOptions): Promise<void> {
    await this.request('ping', {}, options.signal);
  }

  async listResources(cursor: string | undefined, options: McpRequestOptions): Promise<McpPage<Record<string, unknown>>> {
    const result = await this.request('resources/list', cursor === undefined ? {} : { cursor }, options.signal);
    return { items: Array.isArray(result['resources']) ? (result['resources'] as Array<Record<string, unknown>>) : [] };
  }

  async listPrompts(cursor: string | undefined, options: McpRequestOptions): Promise<McpPage<Record<string, unknown>>> {
    const result = await this.request('prompts/list', cursor === undefined ? {} : { cursor }, options.signal);
    return { items: Array.isArray(result['prompts']) ? (result['prompts'] as Array<Record<string, unknown>>) : [] };
  }

  onToolsChanged(): void {
    // The legacy bridge has no notifications.
  }

  async close(): Promise<void> {
    // Stateless HTTP: nothing to release.
  }
}
