import { ConnectorError, type ConnectorErrorInit } from './connector-error.js';

/** The circuit breaker rejected the call without running it. Message: "Circuit is open". */
export class CircuitOpenError extends ConnectorError {
  readonly code = 'CONNECTOR_CIRCUIT_OPEN' as const;
  /** Why: open, half-open with every probe slot taken, or administratively isolated. */
  readonly reason: 'open' | 'half_open_saturated' | 'isolated';
  /** Milliseconds until the breaker admits a probe (0 when unknown or now). */
  readonly retryAfterMs: number;

  constructor(reason: 'open' | 'half_open_saturated' | 'isolated', retryAfterMs: number, init: ConnectorErrorInit = {}) {
    super('Circuit is open', { ...init, retryable: false });
    this.reason = reason;
    this.retryAfterMs = retryAfterMs;
  }
}
