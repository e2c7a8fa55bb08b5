import { ConnectorError, type ConnectorErrorInit } from './connector-error.js';

/** The transport failed before a response arrived (connection refused, reset, DNS failure, closed pipe). */
export class ConnectorTransportError extends ConnectorError {
  readonly code = 'CONNECTOR_TRANSPORT_ERROR' as const;

  constructor(message: string, init: ConnectorErrorInit = {}) {
    super(message, { ...init, retryable: init.retryable ?? true });
  }
}
