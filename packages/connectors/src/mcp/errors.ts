import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { ConnectorError } from '../errors/connector-error.js';
import { ConnectorFailureError } from '../errors/connector-failure-error.js';
import { ConnectorHttpError } from '../errors/connector-http-error.js';
import { ConnectorTimeoutError } from '../errors/connector-timeout-error.js';
import { ConnectorTransportError } from '../errors/connector-transport-error.js';
import { McpProtocolError } from '../errors/mcp-protocol-error.js';

/** True for the Streamable HTTP "session not found" answer (404 while a session id was in use). */
export function isSessionExpired(error: unknown, sessionId: string | undefined): boolean {
  if (sessionId === undefined || typeof error !== 'object' || error === null) return false;
  const record = error as { code?: unknown; message?: unknown };
  return record.code === 404 && typeof record.message === 'string' && record.message.startsWith('Streamable HTTP error');
}

/** Maps SDK and transport errors to typed connector errors (original kept as `cause`); abort errors pass through. */
export function mapMcpError(error: unknown, connector: string, operation: string, timeoutMs: number): unknown {
  const init = { connector, operation, cause: error };
  if (ConnectorError.isInstance(error)) return error;
  if (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError') return error;
  if (error instanceof McpError) {
    if (error.code === ErrorCode.RequestTimeout) return new ConnectorTimeoutError('attempt', timeoutMs, init);
    if (error.code === ErrorCode.ConnectionClosed) return new ConnectorTransportError(`MCP connection closed: ${error.message}`, init);
    return new McpProtocolError(error.code, error.message, init);
  }
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === 'number' && message.startsWith('Streamable HTTP error')) return new ConnectorHttpError(code, message, init);
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return new ConnectorTransportError(message, init);
  if (error instanceof TypeError && message === 'fetch failed') return new ConnectorTransportError(message, init);
  return new ConnectorFailureError(message, init);
}
