import { ConnectorError, type ConnectorErrorInit } from './connector-error.js';

/** A policy pack name that does not exist: a typo must never silently remove protection. */
export class UnknownPolicyPackError extends ConnectorError {
  readonly code = 'CONNECTOR_UNKNOWN_POLICY_PACK' as const;
  /** The name that was asked for. */
  readonly pack: string;

  constructor(pack: string, known: readonly string[], init: ConnectorErrorInit = {}) {
    super(`unknown connector policy pack "${pack}" (known: ${known.join(', ')})`, { ...init, retryable: false });
    this.pack = pack;
  }
}
