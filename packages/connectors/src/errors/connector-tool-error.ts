import { ConnectorError, type ConnectorErrorInit } from './connector-error.js';

/** A tool ran and reported failure (an MCP `isError` result, or arguments rejected by its input schema). */
export class ConnectorToolError extends ConnectorError {
  readonly code = 'CONNECTOR_TOOL_ERROR' as const;

  constructor(message: string, init: ConnectorErrorInit = {}) {
    super(message, { ...init, retryable: false });
  }
}
