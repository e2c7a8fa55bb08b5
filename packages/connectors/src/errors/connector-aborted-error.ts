import { ConnectorError, type ConnectorErrorInit } from './connector-error.js';

/** The caller's AbortSignal fired; the call was released at once and never retried. */
export class ConnectorAbortedError extends ConnectorError {
  readonly code = 'CONNECTOR_ABORTED' as const;

  constructor(init: ConnectorErrorInit = {}) {
    super(`connector call aborted by the caller: ${init.connector ?? ''}/${init.operation ?? ''}`, { ...init, retryable: false });
  }
}
