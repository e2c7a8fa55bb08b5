import { ConnectorError, type ConnectorErrorInit } from './connector-error.js';

/** The call's total deadline or one attempt's timeout expired. Message keeps the reference wording. */
export class ConnectorTimeoutError extends ConnectorError {
  readonly code = 'CONNECTOR_TIMEOUT' as const;
  /** `total` for the call deadline, `attempt` for a per-attempt timeout. */
  readonly scope: 'total' | 'attempt';
  /** The timeout that expired, in milliseconds. */
  readonly timeoutMs: number;

  constructor(scope: 'total' | 'attempt', timeoutMs: number, init: ConnectorErrorInit = {}) {
    super(
      `connector call timed out after ${(timeoutMs / 1000).toFixed(2)}s: ${init.connector ?? ''}/${init.operation ?? ''}`,
      { ...init, retryable: scope === 'attempt' },
    );
    this.scope = scope;
    this.timeoutMs = timeoutMs;
  }
}
