import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CONNECTORS_VERSION } from '../version.js';
import type { McpPage, McpRequestOptions, McpSession } from './types.js';

/** An {@link McpSession} over the SDK's `Client` and any SDK transport (stdio, Streamable HTTP, SSE, in-memory). */
export class SdkSession implements McpSession {
  private readonly toolsChanged: Array<() => void> = [];

  private constructor(
    private readonly client: Client,
    private readonly transport: Transport,
  ) {}

  /** Connects (runs `initialize`) and returns the session. */
  static async connect(transport: Transport, options: { signal: AbortSignal; timeoutMs: number }): Promise<SdkSession> {
    const holder: { session?: SdkSession } = {};
    const client = new Client(
      { name: '@agent33/connectors', version: CONNECTORS_VERSION },
      {
        capabilities: {},
        listChanged: {
          tools: {
            autoRefresh: false,
            onChanged: () => {
              for (const fn of holder.session?.toolsChanged ?? []) fn();
            },
          },
        },
      },
    );
    try {
      await client.connect(transport, { signal: options.signal, timeout: options.timeoutMs });
    } catch (error) {
      await transport.close().catch(() => undefined);
      throw error;
    }
    holder.session = new SdkSession(client, transport);
    return holder.session;
  }

  get sessionId(): string | undefined {
    return this.transport.sessionId;
  }

  async listTools(cursor: string | undefined, options: McpRequestOptions): Promise<McpPage<Record<string, unknown>>> {
    const result = await this.client.listTools(cursor === undefined ? {} : { cursor }, options);
    return { items: result.tools as Array<Record<string, unknown>>, ...(result.nextCursor === undefined ? {} : { nextCursor: result.nextCursor }) };
  }

  async callTool(name: string, args: Record<string, unknown>, options: McpRequestOptions): Promise<{ content: unknown[]; isError: boolean; structuredContent?: unknown }> {
    const result = await this.client.callTool({ name, arguments: args }, undefined, options);
    const content = Array.isArray(result.content) ? (result.content as unknown[]) : 'toolResult' in result ? [result.toolResult] : [];
    return {
      content,
      isError: result.isError === true,
      ...(result.structuredContent === undefined ? {} : { structuredContent: result.structuredContent }),
    };
  }

  async ping(options: McpRequestOptions): Promise<void> {
    await this.client.ping(options);
  }

  async listResources(cursor: string | undefined, options: McpRequestOptions): Promise<McpPage<Record<string, unknown>>> {
    const result = await this.client.listResources(cursor === undefined ? {} : { cursor }, options);
    return { items: result.resources as Array<Record<string, unknown>>, ...(result.nextCursor === undefined ? {} : { nextCursor: result.nextCursor }) };
  }

  async listPrompts(cursor: string | undefined, options: McpRequestOptions): Promise<McpPage<Record<string, unknown>>> {
    const result = await this.client.listPrompts(cursor === undefined ? {} : { cursor }, options);
    return { items: result.prompts as Array<Record<string, unknown>>, ...(result.nextCursor === undefined ? {} : { nextCursor: result.nextCursor }) };
  }

  onToolsChanged(fn: () => void): void {
    this.toolsChanged.push(fn);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
