import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { JsonRpcHttpSession } from './jsonrpc-session.js';
import { SdkSession } from './sdk-session.js';
import { ProcessGroupStdioTransport } from './stdio-transport.js';
import type { McpConnectContext, McpServerConfig, McpSession, McpTransportFactory } from './types.js';

/** The default factory: stdio (own process group), Streamable HTTP with optional SSE fallback, legacy JSON-RPC. */
export const defaultTransportFactory: McpTransportFactory = {
  async connect(config: McpServerConfig, context: McpConnectContext): Promise<McpSession> {
    const transport = config.transport;
    switch (transport.kind) {
      case 'stdio':
        return SdkSession.connect(
          new ProcessGroupStdioTransport({
            command: transport.command,
            ...(transport.args === undefined ? {} : { args: transport.args }),
            ...(transport.env === undefined ? {} : { env: transport.env }),
            ...(transport.cwd === undefined ? {} : { cwd: transport.cwd }),
          }),
          context,
        );
      case 'streamable-http': {
        const url = new URL(transport.url);
        const requestInit = transport.headers === undefined ? {} : { requestInit: { headers: transport.headers } };
        try {
          return await SdkSession.connect(new StreamableHTTPClientTransport(url, { fetch: context.fetch, ...requestInit }), context);
        } catch (error) {
          const status = (error as { code?: unknown }).code;
          if (transport.sseFallback !== true || !(typeof status === 'number' && status >= 400 && status < 500)) throw error;
          return SdkSession.connect(new SSEClientTransport(url, { fetch: context.fetch, ...requestInit }), context);
        }
      }
      case 'jsonrpc-http':
        return new JsonRpcHttpSession(transport.url.replace(/\/+$/, ''), context.fetch);
    }
  },
};
