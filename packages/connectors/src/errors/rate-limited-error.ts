import { ConnectorError, type ConnectorErrorInit } from './connector-error.js';

/** The rate limiter had no token and none would arrive before the deadline. */
export class RateLimitedError extends ConnectorError {
  readonly code = 'CONNECTOR_RATE_LIMITED' as const;

  constructor(message: string, init: ConnectorErrorInit = {}) {
    super(message, { ...init, retryable: false });
  }
}
