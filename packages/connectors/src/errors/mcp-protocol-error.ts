import { ConnectorError, type ConnectorErrorInit } from './connector-error.js';

/** A JSON-RPC / MCP error response, or a response that breaks the protocol (invalid JSON, non-object body). */
export class McpProtocolError extends ConnectorError {
  readonly code = 'CONNECTOR_PROTOCOL_ERROR' as const;
  /** The JSON-RPC error code (−32700 for unparseable bodies). */
  readonly rpcCode: number;

  constructor(rpcCode: number, message: string, init: ConnectorErrorInit = {}) {
    // Internal errors (−32603) and the SDK's connection-closed / request-timeout codes may succeed on a retry.
    super(message, { ...init, retryable: init.retryable ?? (rpcCode === -32603 || rpcCode === -32000 || rpcCode === -32001) });
    this.rpcCode = rpcCode;
  }
}
