import { ConnectorError, type ConnectorErrorInit } from './connector-error.js';

/** Any other failure of a connector call; the original error is the `cause`. */
export class ConnectorFailureError extends ConnectorError {
  readonly code = 'CONNECTOR_FAILURE' as const;

  constructor(message: string, init: ConnectorErrorInit = {}) {
    super(message, { ...init, retryable: init.retryable ?? true });
  }
}
