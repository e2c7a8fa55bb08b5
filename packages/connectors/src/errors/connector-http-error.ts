import { ConnectorError, type ConnectorErrorInit } from './connector-error.js';

/** An HTTP response with an error status (4xx / 5xx). */
export class ConnectorHttpError extends ConnectorError {
  readonly code = 'CONNECTOR_HTTP_ERROR' as const;
  /** The HTTP status code. */
  readonly status: number;
  /** Parsed `Retry-After` header, in milliseconds, when the server sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(status: number, message: string, init: ConnectorErrorInit & { retryAfterMs?: number } = {}) {
    super(message, { ...init, retryable: init.retryable ?? (status >= 500 || status === 408 || status === 429) });
    this.status = status;
    this.retryAfterMs = init.retryAfterMs;
  }
}
