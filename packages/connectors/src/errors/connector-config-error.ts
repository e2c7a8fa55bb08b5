import { ConnectorError, type ConnectorErrorInit } from './connector-error.js';

/** Invalid options or input given to a public entry point (names the offending field). */
export class ConnectorConfigError extends ConnectorError {
  readonly code = 'CONNECTOR_BAD_CONFIG' as const;
  /** The field that was invalid, e.g. `transport.command`. */
  readonly field: string;

  constructor(field: string, message: string, init: ConnectorErrorInit = {}) {
    super(`${field}: ${message}`, { ...init, retryable: false });
    this.field = field;
  }
}
