import { ConnectorError, type ConnectorErrorInit } from './connector-error.js';

/** The bulkhead had no free slot and no queue room (or the queue wait limit passed). Never charged to a breaker. */
export class BulkheadRejectedError extends ConnectorError {
  readonly code = 'CONNECTOR_BULKHEAD_REJECTED' as const;

  constructor(message: string, init: ConnectorErrorInit = {}) {
    super(message, { ...init, retryable: false });
  }
}
