import { ConnectorError, type ConnectorErrorInit } from './connector-error.js';

/** The egress guard refused a URL, an address, a redirect or an oversized response. */
export class EgressBlockedError extends ConnectorError {
  readonly code = 'CONNECTOR_EGRESS_BLOCKED' as const;
  /** The URL (or address) that was refused. */
  readonly url: string;
  /** Which rule refused it: `scheme`, `host`, `private-address`, `allowlist`, `redirect`, `size`. */
  readonly rule: string;

  constructor(message: string, url: string, rule: string, init: ConnectorErrorInit = {}) {
    super(message, { ...init, retryable: false });
    this.url = url;
    this.rule = rule;
  }
}
